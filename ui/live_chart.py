"""A plotly figure that stays in the browser and is updated by differences.

`st.plotly_chart` resends and redraws the whole figure on every run: on the playground that is the
surface image, the click lattice, the scrubber and 60 animation frames for every run, ~130 KB and a
full plotly.js redraw per slider move. `live_chart` sends the whole figure once per session (a
"base"); later runs send only what differs from that base — typically the one run whose settings
changed — and the page applies the patch and calls `Plotly.react`, which redraws only the traces whose
data changed. A patch larger than half the figure sends a new base instead. Patches are always taken
against a base, never against the previous run, so a run the browser never drew (a quick second move)
does not matter; a page that lacks the base (it was reloaded into the same session) asks for it.

Patch nodes (see static/live_chart.js): {"=": value} replaces a value; {"d": {key: node}, "x": [removed
keys]} patches a dict; {"l": length, "i": {index: node}} patches a list of dicts (traces, frames,
annotations). Containers are patched down to `MAX_DEPTH` levels; below that, and for arrays of
numbers or of arrays, a changed value is replaced whole.

plotly.js and the drawing code (static/live_chart.js) are served from the app's static folder
(plotly.min.js is a copy of the plotly package's bundle made on import), and the component draws in
the page itself, not in an iframe.
"""
from __future__ import annotations

import hashlib
import math
import os
import shutil
from pathlib import Path

import orjson
import plotly
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
MAX_DEPTH = 5
REBASE_FRACTION = 0.5
MAX_RECORDS = 16                 # charts per session whose base is kept (least recently drawn dropped)
_RECORDS = "_live_charts"        # session state: chart key -> {"id", "base", "size", "fig"}


def _ensure_plotly_bundle() -> None:
    """static/plotly.min.js: the plotly.js build of the installed plotly package (written atomically,
    so replicas starting together never serve half a file)."""
    src = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    dst = STATIC / "plotly.min.js"
    if dst.exists() and dst.stat().st_size == src.stat().st_size:
        return
    STATIC.mkdir(exist_ok=True)
    tmp = dst.with_name(f".plotly.min.js.{os.getpid()}")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


_ensure_plotly_bundle()
# The component's own script is a few lines that load static/live_chart.js once per page (its
# version in the URL, so a browser never keeps an old copy): inline script is resent with every
# chart on every run.
_VERSION = hashlib.sha1((STATIC / "live_chart.js").read_bytes()).hexdigest()[:12]
_LOADER = """
const own = document.querySelector('script[src*="static/js/"]');
const root = own ? own.src.replace(/static\\/js\\/.*$/, "") : new URL("./", window.location.href).href;
export default function (args) {
  import(root + "app/static/live_chart.js?v=%s").then(m => m.default(args));
}
""" % _VERSION
_component = st.components.v2.component("optviz_live_chart", js=_LOADER, html="", isolate_styles=False)


# What st.plotly_chart's theme gives a figure that does not set it (light theme): the figures were
# laid out for these sizes (a 12 px legend, a 16 px title, a light hover box).
THEME = {
    "legend": {"font": {"size": 12, "color": "#262730"}},
    "title": {"font": {"family": '"Source Sans", sans-serif', "size": 16, "color": "#2F2D2B"}},
    "hoverlabel": {"bgcolor": "#FFFFFF", "bordercolor": "rgba(47, 45, 43, 0.2)",
                   "font": {"family": '"Source Sans", sans-serif', "size": 12, "color": "#808495"}},
    "margin": {"pad": 8},
}


def _under(defaults: dict, given: dict) -> dict:
    """`given` with `defaults` filled in where it says nothing (nested dicts merged)."""
    out = dict(given)
    for k, v in defaults.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _under(v, out[k])
        elif k not in out:
            out[k] = v
    return out


_JSON = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def _dumps(value) -> bytes:
    """Compact JSON as the browser reads it: numpy arrays and scalars as numbers, NaN and ±inf as null
    (plotly.js draws a gap there, as plotly's own JSON encoder writes them)."""
    return orjson.dumps(value, option=_JSON)


def canonical(fig: dict) -> dict:
    """The figure as the browser will hold it: plain JSON (numpy arrays become lists), the app's
    chart theme under its layout."""
    fig = orjson.loads(_dumps(fig))
    fig["layout"] = _under(THEME, fig.get("layout") or {})
    return fig


def diff(old, new, depth: int = 0):
    """A patch turning `old` into `new`, or None when they are equal (see the module's docstring)."""
    if old == new:
        return None
    if depth < MAX_DEPTH and isinstance(old, dict) and isinstance(new, dict):
        changed = {}
        for k, v in new.items():
            sub = diff(old[k], v, depth + 1) if k in old else {"=": v}
            if sub is not None:
                changed[k] = sub
        removed = [k for k in old if k not in new]
        return {"d": changed, "x": removed} if removed else {"d": changed}
    if (depth < MAX_DEPTH and isinstance(old, list) and isinstance(new, list) and new
            and isinstance(new[0], dict)):
        items = {}
        for i, v in enumerate(new):
            sub = diff(old[i], v, depth + 1) if i < len(old) else {"=": v}
            if sub is not None:
                items[str(i)] = sub
        return {"l": len(new), "i": items}
    return {"=": new}


def apply(value, node):
    """`node` applied to `value` (the browser's rule, for tests and for the figure tests read)."""
    if "=" in node:
        return node["="]
    if "d" in node:
        out = dict(value)
        for k in node.get("x", ()):
            out.pop(k, None)
        for k, sub in node["d"].items():
            out[k] = apply(out.get(k), sub)
        return out
    out = list(value or [])[:node["l"]]
    out += [None] * (node["l"] - len(out))
    for i, sub in node["i"].items():
        out[int(i)] = apply(out[int(i)], sub)
    return out


def message(key: str, fig: dict) -> dict:
    """What this run sends for chart `key`: the whole figure (a new base) or a patch against the base
    the page holds. Records the figure as this session's current one for `key`."""
    records = st.session_state.setdefault(_RECORDS, {})
    rec = records.get(key)
    asked = st.session_state.get(key) or {}
    if rec is not None and asked.get("resync") is not None:
        rec = None                                   # the page lacks that base: send it whole
    if rec is not None:
        patch = diff(rec["base"], fig)
        if patch is None:
            patch = {"d": {}}
        if len(_dumps(patch)) <= REBASE_FRACTION * rec["size"]:
            rec["fig"] = fig
            records[key] = records.pop(key)          # most recently drawn last
            return {"base": rec["id"], "patch": patch}
    new_id = (records.pop(key)["id"] + 1) if key in records else 1
    while len(records) >= MAX_RECORDS:
        records.pop(next(iter(records)))
    records[key] = {"id": new_id, "base": fig, "fig": fig,
                    "size": len(_dumps(fig))}
    return {"full": fig, "id": new_id}


def current(key: str) -> dict | None:
    """The figure chart `key` shows in this session (for tests and exports)."""
    rec = st.session_state.get(_RECORDS, {}).get(key)
    return rec["fig"] if rec else None


def clicked(key: str) -> dict | None:
    """The point ({"x", "y", "curve"}) of a click on chart `key` in the run it caused, else None
    (also for anything that is not a pair of finite numbers of a sensible size)."""
    value = st.session_state.get(key) or {}
    point = value.get("click") if isinstance(value, dict) else None
    if not isinstance(point, dict):
        return None
    x, y = point.get("x"), point.get("y")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and abs(v) <= 1e6
           for v in (x, y)):
        return point
    return None


def _noop():
    pass


def live_chart(fig: dict, key: str, config: dict | None = None, on_click: bool = False):
    """Draw `fig` (a plotly figure dict) under `key`, sending only what changed since the page's base."""
    data = message(key, canonical(fig))
    data.update(key=key, config=config or {}, click=on_click)
    # one JSON string: Streamlit passes it through as is (a dict would be searched for data frames)
    return _component(data=_dumps(data).decode(), key=key, height="content", on_click_change=_noop,
                      on_resync_change=_noop)
