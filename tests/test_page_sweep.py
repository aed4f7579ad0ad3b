"""Every page survives a random walk over its own widgets (Streamlit AppTest).

For each page of ui.pages.PAGES whose file exists, a seeded walk picks one of the page's widgets at a
time and gives it an allowed value a user could enter: a slider's ends or a point between, any option
of a select box / radio / segmented control, a number input's bounds or a far-off number, a text box's
sensible or hostile text. After every rerun there must be no exception; after the walk the page
still shows its title and at least one chart, or an error message explaining the invalid setting.
The walk adapts to whatever widgets a page has, so pages added later are swept too.
"""
from __future__ import annotations

import random
import time
import zlib
from pathlib import Path

import pytest
from streamlit.proto.Slider_pb2 import Slider as SliderProto

from optviz.i18n import t
from tests.apptest import open_page, n_charts
from ui.pages import PAGES

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
STEPS = 8                 # widget changes per page
PAGE_BUDGET = 25.0        # at most this many seconds per page (loading + walking) …
FILE_BUDGET = 150.0       # … and this many for all pages together: a slow page gets fewer steps
EXISTING = [p for p in PAGES if (ROOT / p.file).exists()]
_spent = {"seconds": 0.0, "pages": 0}

SENSIBLE_TEXT = ["x**2 + y**2", "sin(x)*cos(y) + 0.1*(x**2 + y**2)", "(1 - x)^2 + 100*(y - x^2)^2",
                 "100, 200", "50", "0.5", ""]
HOSTILE_TEXT = ["__import__('os').system('x')", "x[0]", "x.real", "lambda: 0", "[i for i in ()]",
                "open('/etc/passwd').read()", "9**9**9**9", "10**1000", "1e309", "(" * 60 + "x" + ")" * 60,
                "x" + "+x" * 150, "'; DROP TABLE runs; --", "{{7*7}}", "<script>alert(1)</script>",
                "\x00", "🙂", "-1, -5, abc", "nan", "inf", " ", "x +", "sin()", "sin(x, y)", "1/0"]


class Label(str):
    """A formatted option label handed to AppTest as the widget's value.

    AppTest accepts a select box's / radio's / segmented control's displayed label in place of the
    option and sends it on as the browser would, but only when the page's `format_func` refuses the
    label; this string refuses every operation a format_func might try, so the label is always used.
    """

    def _refuse(self, *args, **kwargs):
        raise TypeError("a displayed label, not an option value")

    __hash__ = __add__ = __radd__ = __mod__ = __format__ = __str__ = __getitem__ = __iter__ = _refuse
    __contains__ = lower = upper = title = startswith = split = replace = strip = _refuse


def _invert(widget, label: str):
    """An option value that `widget.format_func` displays as `label` (numbers or the text itself)."""
    candidates = [label]
    try:
        number = float(label)
        candidates += [number, int(number)] if number.is_integer() else [number]
    except (ValueError, OverflowError):
        pass
    for c in candidates:
        try:
            if widget.format_func(c) == label:
                return c
        except Exception:  # noqa: BLE001  (a format_func that does not take this candidate)
            continue
    return None


def _slider_value(w, rng):
    lo, hi, step = w.min, w.max, w.step or 1
    if w.proto.data_type == SliderProto.INT:
        lo, hi, step = int(lo), int(hi), int(step)
    n = int(round((hi - lo) / step)) if hi > lo else 0
    k = rng.choice([0, n, rng.randint(0, n)])
    v = lo + k * step
    if isinstance(lo, int) and isinstance(step, int):
        v = int(v)
    else:
        v = min(max(round(float(v), 10), float(lo)), float(hi))
    if isinstance(w.value, (tuple, list)):
        other = lo + rng.randint(0, n) * step
        return sorted([v, type(v)(other)])
    return v


def _number_value(w, rng):
    whole = isinstance(w.value, int) and isinstance(w.step, int)
    cur = w.value if w.value is not None else 0
    pool = [cur + w.step, cur - w.step, 0, 1, -1]
    if w.min is not None:
        pool.append(w.min)
    if w.max is not None:
        pool.append(w.max)
    if w.min is not None and w.max is not None:
        pool.append(rng.uniform(w.min, w.max))
    pool += [1e6, -1e6, 1e12, -1e12, 1e-9]      # far-off numbers where the box allows them
    pool = [v for v in pool if (w.min is None or v >= w.min) and (w.max is None or v <= w.max)]
    v = rng.choice(pool)
    return int(round(v)) if whole else float(v)


def _text_value(w, rng):
    pool = HOSTILE_TEXT if rng.random() < 0.5 else SENSIBLE_TEXT
    v = rng.choice(pool)
    if w.max_chars and len(v) > w.max_chars:
        v = v[:w.max_chars]
    return v


def _actions(at):
    """[(description, apply)] for every enabled widget the page drew with a settings key."""
    out = []

    def keyed(ws):
        return [w for w in ws if w.key and w.key.startswith("w:") and w.key != "w:lang"
                and not getattr(w.proto, "disabled", False)]

    for w in keyed(at.slider):
        out.append((w.key, lambda w=w, rng=None: w.set_value(_slider_value(w, rng))))
    for w in keyed(at.select_slider):
        def pick(w=w, rng=None):
            label = rng.choice(w.options)
            value = _invert(w, label)
            return None if value is None else w.set_value(value)
        out.append((w.key, pick))
    for kind in ("selectbox", "radio"):
        for w in keyed(getattr(at, kind)):
            out.append((w.key, lambda w=w, rng=None: w.set_value(Label(rng.choice(w.options))) if w.options else None))
    for w in keyed(at.get("button_group")):      # st.segmented_control, st.pills
        def press(w=w, rng=None):
            if not w.options:
                return None
            label = Label(rng.choice(w.options))
            single = w._is_single_select
            return w.set_value(label if single else [label])
        out.append((w.key, press))
    for w in keyed(at.multiselect):
        def choose(w=w, rng=None):
            most = min(len(w.options), w.proto.max_selections or len(w.options))
            return w.set_value([Label(o) for o in rng.sample(w.options, rng.randint(0, most))])
        out.append((w.key, choose))
    for w in keyed(at.number_input):
        out.append((w.key, lambda w=w, rng=None: w.set_value(_number_value(w, rng))))
    for kind in ("toggle", "checkbox"):
        for w in keyed(getattr(at, kind)):
            out.append((w.key, lambda w=w, rng=None: w.set_value(not w.value)))
    for kind in ("text_input", "text_area"):
        for w in keyed(getattr(at, kind)):      # typed text is where bad input comes from: try it more often
            out += [(w.key, lambda w=w, rng=None: w.input(_text_value(w, rng)))] * 3
    return out


def _describe(w):
    v = getattr(w, "_value", None)
    if isinstance(v, list):
        return "[" + ", ".join(_describe_value(x) for x in v) + "]"
    return _describe_value(v)


def _describe_value(v):
    return str.__repr__(v) if isinstance(v, Label) else repr(v)


def _title(p, L):
    return t("app_title", L) if p.url == "home" else t(p.title_key, L)


@pytest.mark.parametrize("page", EXISTING, ids=[p.url for p in EXISTING])
def test_random_walk_over_the_page_widgets(page):
    rng = random.Random(zlib.crc32(page.url.encode()))
    share = (FILE_BUDGET - _spent["seconds"]) / max(1, len(EXISTING) - _spent["pages"])
    started = time.monotonic()
    deadline = started + min(PAGE_BUDGET, max(share, 5.0))
    at = open_page(page.file)
    L = "en"
    walk = []
    for _ in range(STEPS):
        if time.monotonic() > deadline:
            break
        actions = _actions(at)
        if not actions:
            break
        key, apply = rng.choice(actions)
        widget = apply(rng=rng)
        if widget is None:
            continue
        walk.append(f"{key} = {_describe(widget)}")
        t0 = time.monotonic()
        at.run()
        walk[-1] += f" ({time.monotonic() - t0:.1f}s)"
        assert not at.exception, f"walk {walk}: " + "\n".join(e.message + "\n" + "\n".join(e.stack_trace)
                                                              for e in at.exception)
    _spent["seconds"] += time.monotonic() - started
    _spent["pages"] += 1
    titles = [x.value for x in at.title]
    assert any(_title(page, L) in x for x in titles), f"walk {walk}: title missing, titles {titles}"
    errors = at.error
    assert n_charts(at) or len(errors), f"walk {walk}: neither a chart nor an error message"
    for e in errors:
        assert e.value.strip(), f"walk {walk}: empty error message"
