"""Streamlit AppTest for the page tests: open a page of app.py with a query string, read its charts,
drive its sliders."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def ok(at, what=""):
    """The last run raised nothing (`what` names the change that ran)."""
    assert not at.exception, (what, [e.message for e in at.exception])


def set_query(at, query: dict | None):
    for k, v in (query or {}).items():
        at.query_params[k] = v


def open_page(page=None, lang=None, *, timeout=60, direct=False, after_home=None, **query) -> AppTest:
    """A new app session on `page` (a views/ file; None: the home page) with `lang` and `query` in the URL.

    By default the home page runs first and the app then switches to `page`, as a visitor clicking
    through does; `after_home` is put in the URL between the two. `direct=True` opens `page` at once,
    as a shared link does. Every run must end without an exception.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    set_query(at, {"lang": lang} if lang else None)
    set_query(at, query)
    if page is None or not direct:
        at.run()                        # the home page owns the URL until we switch
        ok(at)
    set_query(at, after_home)
    if page is not None:
        at.switch_page(page)
        at.run()
        ok(at)
    return at


def open_code(at, *keys: str) -> AppTest:
    """Open the page's PyTorch-code panels (`ui.display.torch_code` keys; default "code"), as a click on
    each expander does: their code is built only while they are open. The panels stay open on later runs."""
    for key in keys or ("code",):
        at.session_state["torch_code-" + key] = True
    at.run()
    ok(at, "open the code panel")
    return at


def _chart_elements(at) -> list:
    """Every st.plotly_chart and live chart (ui/live_chart.py) element, in page order."""
    found = []

    def walk(node):
        if getattr(node, "type", None) in ("plotly_chart", "bidi_component"):
            found.append(node)
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)
    walk(at._tree)
    return found


def figure_of(at, element) -> dict:
    """The figure an element draws. A live chart's run sends the whole figure or a patch against the
    base this session holds; the patch is applied here by the browser's rule and must give the figure
    the page built (the session's record of it)."""
    if element.type == "plotly_chart":
        return json.loads(element.proto.spec)
    from ui.live_chart import apply
    data = sent(element)
    rec = at.session_state["_live_charts"][data["key"]]
    fig = data["full"] if "full" in data else apply(rec["base"], data["patch"])
    assert fig == rec["fig"], "a live chart's patch does not rebuild its figure"
    return fig


def sent(element) -> dict:
    """What a live chart's run sent the page: {"key", "full", "id"} or {"key", "patch", "base"}, …"""
    data = json.loads(element.proto.json)
    return json.loads(data) if isinstance(data, str) else data


def specs(at) -> list[dict]:
    """Every chart's figure, in page order."""
    return [figure_of(at, c) for c in _chart_elements(at)]


def charts(at) -> dict[str, dict]:
    """Figures by the chart's key (the part after the last '-' of the element id)."""
    return {c.proto.id.rsplit("-", 1)[-1]: figure_of(at, c) for c in _chart_elements(at)}


def n_charts(at) -> int:
    """How many charts (plotly or live) the page drew."""
    return len(_chart_elements(at))


def option_number(label) -> float:
    """The number a select-slider option shows ("×10" → 10.0)."""
    return float(str(label).replace("×", ""))


def slider_ends(at, keys):
    """Set each slider / select-slider of `keys` to both its ends in turn, running the page after
    each; yields (key, value) after every run, and puts the widget back to its value after its ends."""
    for key in keys:
        w = at.slider(key=key) if any(s.key == key for s in at.slider) else at.select_slider(key=key)
        original = w.value
        ends = (w.min, w.max) if w.type == "slider" else (option_number(w.options[0]), option_number(w.options[-1]))
        for v in ends:
            w.set_value(v).run()
            yield key, v
            w = at.slider(key=key) if w.type == "slider" else at.select_slider(key=key)
        w.set_value(original).run()


def drive_sliders(at, skip_gone=False):
    """Every slider and select-slider to both ends, one at a time; no run may raise.
    `skip_gone`: pass over a widget an earlier change removed."""
    for kind in ("slider", "select_slider"):
        for key in [w.key for w in at.get(kind)]:
            found = [x for x in at.get(kind) if x.key == key]
            if not found and skip_gone:
                continue
            w = found[0]
            ends = (w.min, w.max) if kind == "slider" else (float(w.options[0]), float(w.options[-1]))
            for v in ends:
                getattr(at, kind)(key=key).set_value(v).run()
                assert not at.exception, (key, v)
