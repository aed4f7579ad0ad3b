"""Shared links: every value from the URL is checked against the widget it feeds (ui.state.decide),
and every page survives hostile links.

The pages' settings are discovered, never listed: each page runs once with defaults and records
the widget spec of every key that went through `setting(...)` (st.session_state[PAGE_SPECS]).
"""
from __future__ import annotations

import math

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, n_charts
from ui import state
from ui.pages import PAGES
from ui.state import PAGE_KEYS, PAGE_SPECS, STORE, Spec, decide, valid, widget_spec

HOSTILE = [
    "nan", "NaN", "inf", "-inf", "Infinity", "-1", "0", "-0", "1e308", "-1e308", "1e999", "1e-320",
    "99999999999999999999999", "2.5", "0x10", "1_000", " 7 ", "", " ", "abc", "1,2,3", "１２", "٣", "²",
    "None", "null", "true", "../../etc/passwd", "<script>alert(1)</script>",
    "**b** [x](javascript:alert(1)) ![i](http://x/y.png)", "`code`", "%00", "\x00", "a\nb", "x" * 5000,
    "é" * 300, "adam,adam,adam", "🙂", "$\\frac{1}{0}$",
]


def _link(page, query: dict) -> AppTest:
    """A new session opening `page` straight from a link carrying `query`."""
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in query.items():
        at.query_params[k] = v
    if page.url != "home":
        at.switch_page(page.file)
    at.run()
    return at


# ------------------------------------------------------------------ the decision, unit by unit

def test_slider_spec_is_read_from_the_call():
    s = widget_spec(st.slider, 500, ("steps", 10, 3000), {"step": 10})
    assert (s.kind, s.low, s.high, s.step, s.integer, s.default) == ("number", 10, 3000, 10, True, 500)
    f = widget_spec(st.slider, 0.3, ("noise",), {"min_value": 0.0, "max_value": 0.5, "step": 0.01})
    assert (f.low, f.high, f.step, f.integer) == (0.0, 0.5, 0.01, False)
    d = widget_spec(st.slider, 3, ("k",))                       # Streamlit's own range for an int slider
    assert (d.low, d.high, d.step) == (0, 100, 1)


def test_number_input_spec_keeps_typed_digits():
    s = widget_spec(st.number_input, -1.5, ("x",), {"step": 0.1, "format": "%.3f"})
    assert (s.low, s.high, s.step, s.integer) == (None, None, None, False)
    assert decide("0.123", s) == (0.123, None)                    # not snapped to the arrows' step
    i = widget_spec(st.number_input, 0, ("seed",), {"min_value": 0, "max_value": 10_000, "step": 1})
    assert i.integer and (i.low, i.high) == (0, 10_000)


def test_default_out_of_the_widgets_range_is_moved_into_it():
    assert widget_spec(st.slider, 10 ** 300, ("layers", 1, 3)).default == 3
    assert widget_spec(st.selectbox, "../x", ("d",), options=["moons", "iris"]).default == "moons"


@pytest.mark.parametrize("raw, value, reason", [
    ("700", 700, None), ("704", 700, None), ("706", 710, None), (" 710 ", 710, None), ("2.5e2", 250, None),
    ("5", 10, "out_of_range"), ("-1", 10, "out_of_range"), ("1e308", 3000, "out_of_range"),
    ("99999999999999999999999", 3000, "out_of_range"),
    ("nan", 500, "not_number"), ("inf", 500, "not_number"), ("1e999", 500, "not_number"),
    ("", 500, "not_number"), ("abc", 500, "not_number"), ("1,2,3", 500, "not_number"),
    ("１２", 500, "not_number"), ("٣", 500, "not_number"), ("0x10", 500, "not_number"),
    ("1_000", 500, "not_number"), ("x" * 5000, 500, "too_long"),
])
def test_int_slider_values(raw, value, reason):
    s = widget_spec(st.slider, 500, ("steps", 10, 3000), {"step": 10})
    v, r = decide(raw, s)
    assert (v, r) == (value, reason) and type(v) is int


def test_float_slider_snaps_to_its_grid_and_stays_in_range():
    s = widget_spec(st.slider, 0.5, ("wd", 0.0, 1.0), {"step": 0.03})   # 1.0 is off the grid 0, .03, …
    assert decide("0.07", s) == (0.06, None)
    v, r = decide("0.995", s)
    assert r is None and v <= 1.0 and abs(v - 0.99) < 1e-12
    assert decide("-0", s) == (0.0, None)
    assert decide("1e-320", s) == (0.0, None)


def test_unbounded_numbers_stay_finite_and_whole_numbers_stay_exact_in_a_browser():
    f = widget_spec(st.number_input, 0.0, ("x",))
    assert decide("1e308", f) == (1e308, None)
    assert decide("-inf", f) == (0.0, "not_number")
    i = widget_spec(None, 1, ())                                  # initial() without its widget
    assert decide("1e308", i) == (2 ** 53 - 1, "out_of_range")


def test_names_are_checked_against_the_registry():
    names = ["sgd", "adam", "adamw"]
    s = widget_spec(st.selectbox, "adam", ("optimizer",), options=names)
    assert decide("adamw", s) == ("adamw", None)
    for raw in ("None", "../../etc/passwd", "1,2,3", "ADAM", "adam ", "<script>"):
        assert decide(raw, s) == ("adam", "not_choice"), raw


def test_numeric_options_snap_to_the_nearest_and_clamp_at_the_ends():
    s = widget_spec(st.select_slider, 1e-3, ("lr",), options=[1e-4, 1e-3, 1e-2, 1e-1])
    assert decide("0.001", s) == (1e-3, None)
    assert decide("0.003", s) == (1e-3, None)                      # nearest on a log scale:
    assert decide("0.004", s) == (1e-2, None)                      # 0.004 > √(0.001 · 0.01)
    assert decide("0", s) == (1e-4, "out_of_range")
    assert decide("-1", s) == (1e-4, "out_of_range")
    assert decide("1e308", s) == (1e-1, "out_of_range")
    assert decide("nan", s) == (1e-3, "not_number") and decide("abc", s) == (1e-3, "not_number")
    idx = widget_spec(st.selectbox, 0, ("start",), options=[0, 1, 2])
    assert decide("7", idx) == (2, "out_of_range") and decide("1", idx) == (1, None)


def test_mixed_options_match_exactly():
    s = widget_spec(st.multiselect, [1, 8, "N"], ("B",), options=[1, 8, 64, "N"])
    assert decide("64,N", s) == ([64, "N"], None)
    assert decide("", s) == ([], None)                             # what an emptied multiselect writes
    assert decide("8,8,8", s) == ([8], None)
    assert decide("8,zz,1.0", s) == ([8], "not_choice")            # the known items are kept
    assert decide("zz", s) == ([1, 8, "N"], "not_choice")
    capped = widget_spec(st.multiselect, [], ("B",), {"max_selections": 2}, options=[1, 8, 64, "N"])
    assert decide("1,8,64", capped) == ([1, 8], None)


def test_switches():
    s = widget_spec(st.toggle, True, ("log",))
    assert [decide(r, s) for r in ("0", "1", "true", "False", "off")] == \
        [(False, None), (True, None), (True, None), (False, None), (False, None)]
    assert decide("2", s) == (True, "not_switch") and decide("", s) == (True, "not_switch")


def test_segmented_control_may_be_empty():
    s = widget_spec(st.segmented_control, "2d", ("view",), options=["2d", "3d"])
    assert decide("None", s) == (None, None) and valid(None, s)
    assert decide("4d", s) == ("2d", "not_choice")


def test_text():
    s = widget_spec(st.text_input, "x**2", ("formula",), {"max_chars": 30})
    assert decide("sin(x) + y", s) == ("sin(x) + y", None)
    assert decide("a" * 31, s) == ("x**2", "too_long")
    for raw in ("\x00", "a\nb", "x\x1b[2J"):
        assert decide(raw, s) == ("x**2", "bad_text")
    assert decide("<script>alert(1)</script>", s)[1] is None        # text is text: shown, never run


def test_every_hostile_value_gives_a_value_the_widget_accepts():
    specs = [
        widget_spec(st.slider, 500, ("a", 10, 3000), {"step": 10}),
        widget_spec(st.slider, 0.2, ("b", 0.0, 0.5), {"step": 0.01}),
        widget_spec(st.slider, -16, ("c", -24, 0)),
        widget_spec(st.number_input, 0, ("d",), {"min_value": 0, "max_value": 10_000, "step": 1}),
        widget_spec(st.number_input, 1.5, ("e",), {"step": 0.1}),
        widget_spec(st.select_slider, 0.9, ("f",), options=[0.0, 0.5, 0.9, 0.99]),
        widget_spec(st.select_slider, 32, ("g",), options=[2, 4, 8, 16, 32]),
        widget_spec(st.selectbox, "a", ("h",), options=["a", "b"]),
        widget_spec(st.radio, "x", ("i",), options=["x", "y"]),
        widget_spec(st.multiselect, ["a"], ("j",), options=["a", "b", "c"]),
        widget_spec(st.toggle, False, ("k",)),
        widget_spec(st.text_input, "1, 2", ("l",)),
        widget_spec(None, 3, ()), widget_spec(None, 0.5, ()), widget_spec(None, "en", (), options=["en", "ko"]),
    ]
    for s in specs:
        for raw in HOSTILE:
            v, reason = decide(raw, s)
            assert valid(v, s), (s, raw, v)
            if reason not in (None, "out_of_range"):
                assert v == s.default, (s, raw, v, reason)


def test_values_quoted_in_the_notice_cannot_become_markup():
    q = state._quoted("`](javascript:x)` \n\x00" + "y" * 100)
    assert "`" not in q and "\n" not in q and "\x00" not in q and len(q) <= state.MAX_SHOWN + 1


# ------------------------------------------------------------------ the pages, discovered

@pytest.fixture(scope="module")
def pages():
    """Every page opened once with defaults: its setting specs, defaults and number of charts."""
    found = {}
    for p in PAGES:
        at = _link(p, {})
        assert not at.exception, (p.url, [e.message for e in at.exception])
        found[p.url] = dict(page=p, specs=dict(at.session_state[PAGE_SPECS]),
                            charts=n_charts(at))
    return found


def test_settings_are_discovered_on_every_page(pages):
    assert set(pages) == {p.url for p in PAGES}
    for url, info in pages.items():
        assert "lang" in info["specs"]
        if url != "home":
            assert len(info["specs"]) > 3 and info["charts"] > 0, url
        for key, spec in info["specs"].items():
            assert isinstance(spec, Spec) and valid(spec.default, spec), (url, key, spec)


def test_every_hostile_value_fits_every_setting_of_every_page(pages):
    n = 0
    for url, info in pages.items():
        for key, spec in info["specs"].items():
            for raw in HOSTILE:
                v, reason = decide(raw, spec)
                assert valid(v, spec), (url, key, raw, v)
                if spec.kind == "number":
                    assert math.isfinite(v)
                    assert (spec.low is None or v >= spec.low) and (spec.high is None or v <= spec.high)
                n += 1
    assert n >= len(HOSTILE) * len(PAGES)


def _widgets_in_bounds(at, what):
    for w in at.slider:
        for v in (w.value if isinstance(w.value, (list, tuple)) else [w.value]):
            assert w.min <= v <= w.max, (what, w.key, v, w.min, w.max)
    for w in at.number_input:
        assert w.value is None or math.isfinite(w.value), (what, w.key, w.value)
        assert (w.min is None or w.value >= w.min) and (w.max is None or w.value <= w.max), (what, w.key, w.value)
    for w in at.select_slider:
        assert all(0 <= i < len(w.options) for i in w.proto.value), (what, w.key)
    for kind in ("selectbox", "radio"):
        for w in at.get(kind):
            assert w.index is None or 0 <= w.index < len(w.options), (what, w.key)
    for w in at.multiselect:
        assert all(0 <= i < len(w.options) for i in w.indices), (what, w.key)
    for w in at.text_input:
        assert not w.proto.max_chars or len(w.value) <= w.proto.max_chars, (what, w.key)


def _check(at, info, query, what):
    """No exception; charts drawn (or the page says why not, in an error or info box); every widget
    in its bounds; every setting valid for its widget; the address bar holds what is shown."""
    assert not at.exception, (what, [(e.message[:200], e.stack_trace[-3:]) for e in at.exception])
    said = list(at.error) + list(at.info)
    assert n_charts(at) or said, (what, "no chart and no message")
    _widgets_in_bounds(at, what)
    specs, store = at.session_state[PAGE_SPECS], at.session_state[STORE]
    for key, spec in specs.items():
        assert valid(store[key], spec), (what, key, store[key], spec)
    page_keys = at.session_state[PAGE_KEYS]
    for key, text in dict(at.query_params).items():
        if key in page_keys:
            assert text == state._encode(store[key]), (what, key, text, store[key])
        else:   # a page that stopped at a message before drawing this setting keeps the link's text
            assert said and query.get(key) == text and key not in store, (what, key, text)


def _notice(at) -> str:
    return "\n".join(w.value for w in at.warning)


@pytest.mark.parametrize("url", [p.url for p in PAGES])
def test_each_setting_alone_with_a_hostile_value(pages, url):
    """Every setting of the page, one at a time, with a hostile value (rotating through the list):
    the other settings keep their values, and the notice names the value iff it was not used."""
    info = pages[url]
    offset = [p.url for p in PAGES].index(url)
    for i, (key, spec) in enumerate(info["specs"].items()):
        raw = HOSTILE[(i + offset) % len(HOSTILE)]
        at = _link(info["page"], {key: raw})
        what = (url, key, raw[:30])
        _check(at, info, {key: raw}, what)
        value, reason = decide(raw, spec)
        if at.session_state[PAGE_SPECS].get(key) == spec:
            assert at.session_state[STORE][key] == value, (what, at.session_state[STORE][key], value)
            assert (f"`{key}=" in _notice(at)) == (reason is not None), (what, reason, _notice(at))
            if reason not in (None, "out_of_range"):   # nothing of the link applied: the default page
                assert n_charts(at) == info["charts"], what


def test_a_bad_value_does_not_lose_the_rest_of_the_link():
    page = next(p for p in PAGES if p.url == "playground")
    at = _link(page, {"pgsteps": "1e308", "pg0n": "../../etc/passwd", "pgnoise": "0.1", "pglog": "0",
                      "lang": "ko", "unknown_key": "1", "pgseed": "abc"})
    assert not at.exception
    assert at.slider(key="w:pgsteps").value == 3000                       # clamped into range
    assert at.selectbox(key="w:pg0n").value == "sgd"                      # the default optimizer
    assert at.toggle(key="w:pglog").value is False                        # the good values apply
    assert at.session_state[STORE]["lang"] == "ko"
    notice = _notice(at)
    assert "`pgsteps=1e308`" in notice and "`pg0n=../../etc/passwd`" in notice and "`pgseed=abc`" in notice
    assert "pglog" not in notice and "unknown_key" not in notice
    assert "선택지에 없음" in notice                                       # in the page's language
    url = dict(at.query_params)
    assert url["pgsteps"] == "3000" and url["pglog"] == "0" and url["lang"] == "ko"
    assert "pg0n" not in url and "pgseed" not in url and "unknown_key" not in url
    # the notice stays while the reader looks, and goes once they change something
    at.run()
    assert "`pgsteps=1e308`" in _notice(at)
    at.slider(key="w:pgsteps").set_value(100).run()
    assert not at.exception and not at.warning


def test_the_link_is_read_only_so_far():
    page = next(p for p in PAGES if p.url == "lr_lab")
    many = {f"junk{i}": "1" for i in range(state.MAX_KEYS)}
    at = _link(page, {**many, "lrlsteps": "300"})
    assert not at.exception and at.slider(key="w:lrlsteps").value == 200       # past the first MAX_KEYS
    assert "`lrlsteps=300`" in _notice(at)
    assert not any(k.startswith("junk") for k in at.query_params)
    big = {"lrllog": "0", "lrlfac": "3" * (state.MAX_VALUE_CHARS + 1), "pad": "x" * state.MAX_QUERY_CHARS,
           "lrlsteps": "300"}
    at = _link(page, big)
    assert not at.exception
    assert at.toggle(key="w:lrllog").value is False                            # before the cap: read
    assert at.select_slider(key="w:lrlfac").value == 10.0                      # a value too long: ignored
    assert at.slider(key="w:lrlsteps").value == 200                            # after the cap: not read
    assert "`lrlsteps=300`" in _notice(at) and "`lrlfac=" in _notice(at)


def test_language_from_a_link_is_checked():
    page = next(p for p in PAGES if p.url == "home")
    for raw in ("xx", "../ko", "", "ko,en"):
        at = _link(page, {"lang": raw})
        assert not at.exception and at.session_state[STORE]["lang"] == "en", raw
        assert "`lang=" in _notice(at)


@pytest.mark.slow
@pytest.mark.parametrize("url", [p.url for p in PAGES])
def test_all_settings_hostile_at_once(pages, url):
    """Every setting of the page set to the same hostile value, for every value of the list. A value
    that `decide` turns into the same settings as an earlier one gives the same page (only the
    quoted text in the notice differs, which the one-at-a-time test covers): it is run once."""
    info = pages[url]
    seen = set()
    for raw in HOSTILE:
        settings = tuple(repr(decide(raw, spec)) for spec in info["specs"].values())
        if settings in seen:
            continue
        seen.add(settings)
        query = {key: raw for key in info["specs"]}
        _check(_link(info["page"], query), info, query, (url, raw[:30]))
    assert len(seen) > 1


@pytest.mark.browser
def test_hostile_link_in_a_real_browser(server, page, console_errors):
    """The notice in the browser, markup from the link shown as text, the address bar rewritten."""
    from tests.conftest import query, slider_thumb, wait_idle
    page.goto(f"{server.url}/playground?pgsteps=1e308&pgk=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
              f"&pg0n=..%2F..%2Fetc%2Fpasswd&pglog=0&zz=%00&lang=ko")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
    wait_idle(page, 120_000)
    notice = page.locator("[data-testid=stAlert]").first.inner_text()
    assert "pgsteps=1e308" in notice and "pg0n=../../etc/passwd" in notice and "<img src=x" in notice
    assert page.locator("[data-testid=stAlert] img").count() == 0              # text, not markup
    assert page.locator("[data-testid=stException]").count() == 0
    assert slider_thumb(page, "pgsteps").get_attribute("aria-valuetext") == "3000"
    assert query(page) == {"pgsteps": "3000", "pglog": "0", "lang": "ko"}
    assert not console_errors, console_errors


def test_notice_names_the_range_of_an_unbounded_whole_number(monkeypatch):
    monkeypatch.setattr(state, "_show_notices", lambda: None)
    s = widget_spec(st.number_input, 0, ("seed",), {"step": 1})
    value, reason = decide("1e308", s)
    assert (value, reason) == (2 ** 53 - 1, "out_of_range")
    st.session_state.pop(state.NOTICES, None)
    state._note("seed", "Seed", "1e308", reason, value, s)
    assert state.notice_lines("en") == [
        f"**Seed** `seed=1e308`: outside the range {-(2 ** 53 - 1)} … {2 ** 53 - 1} — showing `{2 ** 53 - 1}`"]
