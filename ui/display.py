"""Small display helpers shared by pages."""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from optviz.i18n import t
from optviz.i18n.code_comments import localize_code


def torch_code(lines: list[str], lang: str, key: str = "code"):
    """The PyTorch code for the current settings, ready to copy, in an expander.

    The code block (and the browser's syntax highlighter) is built only while the expander is open:
    opening it reruns the script (or the fragment it sits in). `key` tells apart the panels of a page.
    """
    panel = lazy_expander("🐍 " + t("pytorch_code", lang), "torch_code-" + key)
    if panel is not None:
        with panel:
            st.code(localize_code("\n".join(["import torch", ""] + lines), lang), language="python")


def lazy_expander(label: str, key: str, container=st):
    """An expander whose body the page builds only while it is open: the expander when open, else None.

    A collapsed st.expander still sends and renders its body (formulas, highlighted code) on every run;
    this one stays empty until clicked, and opening it reruns the script (or the fragment it sits in).
    """
    panel = container.expander(label, key=key, on_change="rerun")
    return panel if panel.open else None


def invalid(msg: str, lang: str):
    st.error(t("invalid_setting", lang, msg=msg), icon="⚠️")


class _Prebuilt(go.Figure):
    """A figure dict passed through st.plotly_chart without plotly's slow re-validation.

    optviz's figure builders emit plain plotly JSON dicts; validating their animation frames
    again would cost more than computing the trajectories.
    """

    def __init__(self, spec: dict):  # noqa: super().__init__ deliberately skipped
        self._spec = spec

    def to_dict(self):
        return self._spec


def _title_objects(node):
    """plotly.js 3 reads only `title: {text: …}`; plain-string titles in a dict spec are converted."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "title" and isinstance(v, str):
                node[k] = {"text": v}
            else:
                _title_objects(v)
    elif isinstance(node, list):
        for v in node:
            _title_objects(v)


_TABLE_CSS = """<style>
[data-testid=stTable] table {width: 100%; table-layout: auto;}
[data-testid=stTable] th, [data-testid=stTable] td {white-space: normal; overflow-wrap: anywhere; word-break: normal;}
</style>"""


def table(rows, **kw):
    """A light static table of `rows` (dicts with the same keys, or a DataFrame): no canvas grid to
    load, every column visible (cells wrap instead of overflowing the container)."""
    st.html(_TABLE_CSS)
    return st.table(rows, hide_index=True, **kw)


def chart(fig, key=None, live=True, on_click=False, **kw):
    """A plotly figure with the app's defaults (full width, PNG export and full screen in the mode bar).

    A figure dict with a key is a live chart (`ui.live_chart`): it stays in the page and later runs
    send only what changed; `on_click=True` reports clicks (`ui.live_chart.clicked(key)`). Anything
    else (a go.Figure, no key, `live=False`) goes through st.plotly_chart."""
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2},
              "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
    if isinstance(fig, dict):
        _title_objects(fig.get("layout", {}))
        for trace in fig.get("data", []):
            _title_objects(trace.get("colorbar", {}))
        if live and key is not None and not kw:
            from ui.live_chart import live_chart
            return live_chart(fig, key, config, on_click=on_click)
        fig = _Prebuilt(fig)
    return st.plotly_chart(fig, width="stretch", key=key, config=config, **kw)
