"""Settings that survive page changes and are encoded in the URL query string.

Every widget value goes through `setting(...)`: its value lives in a plain session dict (which
Streamlit never garbage-collects, unlike widget keys), is seeded from the URL on first sight,
and is written back to the URL on every run, so the address bar always reproduces the view.

A link is untrusted text. `decide` is the one place that turns a URL value into a setting: it
checks the text against the widget it will feed (`widget_spec` reads type, range, step, options,
length from the widget call itself) and returns a value that widget accepts, or the default. A
value that cannot be used is reported in one notice at the top of the page; the rest of the link
still applies, and the address bar is rewritten to what the page shows.
"""
from __future__ import annotations

import inspect
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

STORE = "_settings"
PAGE_KEYS = "_page_keys"      # key -> default of every setting the current page drew
PAGE_SPECS = "_page_specs"    # key -> Spec of every setting the current page drew
PENDING = "_link_pending"     # key -> URL text read before its widget was known (checked again then)
NOTICES = "_link_notices"     # {"items": {key: notice}, "page": keys of the page that showed them}
SLOT = "_link_slot"           # placeholder at the top of the page for the notice

MAX_KEYS = 200                # settings read from one link (the biggest page has far fewer)
MAX_QUERY_CHARS = 8000        # characters of a link's query read; settings past it are ignored
MAX_VALUE_CHARS = 1000        # one value longer than this is ignored
MAX_SAFE_INT = 2 ** 53 - 1    # the largest whole number a browser's number widget holds exactly
MAX_SHOWN = 40                # characters of an ignored value quoted in the notice

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_TRUE, _FALSE = ("1", "true", "on", "yes"), ("0", "false", "off", "no")
_SLIDER_DEFAULTS = {True: (0, 100, 1), False: (0.0, 1.0, 0.01)}   # Streamlit's, for int / float sliders


# ---------------------------------------------------------------- what a widget accepts

@dataclass(frozen=True)
class Spec:
    """The values one widget accepts, read from its call."""
    kind: str                     # "number" | "bool" | "choice" | "choices" | "text" | "other"
    default: Any
    low: float | None = None      # numbers: inclusive range (None: unbounded)
    high: float | None = None
    step: float | None = None     # numbers: grid from `low` the value is snapped to (sliders)
    integer: bool = False
    options: tuple = ()           # choice / choices
    max_items: int | None = None  # choices: multiselect's max_selections
    max_chars: int | None = None  # text
    nullable: bool = False        # choice: the widget can be emptied (segmented control, pills)
    widget: str = ""              # the widget's name, for messages and tests


def _is_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


_SIGNATURES: dict = {}


def _signature(widget) -> inspect.Signature:
    fn = getattr(widget, "__func__", None)
    if fn is None:
        return inspect.signature(widget)
    if fn not in _SIGNATURES:
        _SIGNATURES[fn] = inspect.signature(widget)   # a bound method's: without `self`
    return _SIGNATURES[fn]


def widget_spec(widget, default, args=(), kwargs=None, options=None) -> Spec:
    """What `widget(*args, options=options, **kwargs)` accepts as its value; the default made valid."""
    kwargs = dict(kwargs or {})
    name = getattr(widget, "__name__", "") if widget is not None else ""
    bound = kwargs
    if widget is not None:
        try:
            bound = _signature(widget).bind_partial(*args, **kwargs).arguments
        except (TypeError, ValueError):
            pass
    get = bound.get
    if options is not None:
        opts = tuple(options)
        if isinstance(default, (list, tuple)) or name == "multiselect":
            spec = Spec("choices", default, options=opts, max_items=get("max_selections"), widget=name)
        else:
            spec = Spec("choice", default, options=opts, nullable=name in ("segmented_control", "pills"),
                        widget=name)
    elif name in ("toggle", "checkbox") or isinstance(default, bool):
        spec = Spec("bool", default, widget=name)
    elif name in ("slider", "number_input") or _is_number(default):
        low, high, step = get("min_value"), get("max_value"), get("step")
        integer = all(isinstance(v, numbers.Integral) and not isinstance(v, bool)
                      for v in (default, low, high, step) if v is not None)
        if name == "slider":
            d_low, d_high, d_step = _SLIDER_DEFAULTS[integer]
            low = d_low if low is None else low
            high = d_high if high is None else high
            step = d_step if step is None else step
        elif name == "number_input":
            step = None            # typed numbers keep their digits; only whole-number inputs round
        spec = Spec("number", default, low=low, high=high, step=step or None, integer=integer, widget=name)
    elif name in ("text_input", "text_area") or isinstance(default, str):
        spec = Spec("text", default, max_chars=get("max_chars"), widget=name)
    else:
        spec = Spec("other", default, widget=name)
    return replace(spec, default=coerce(default, spec, fallback=False))


def _fit(value, spec: Spec):
    """(True, the nearest value the widget accepts) or (False, None) when `value` cannot be fitted."""
    kind = spec.kind
    if kind == "number":
        if not _is_number(value) or not math.isfinite(float(value)):
            return False, None
        v = float(value) if not isinstance(value, numbers.Integral) else value
        lo, hi = spec.low, spec.high
        if spec.integer:
            lo = -MAX_SAFE_INT if lo is None else max(lo, -MAX_SAFE_INT)
            hi = MAX_SAFE_INT if hi is None else min(hi, MAX_SAFE_INT)
        if lo is not None and v < lo:
            v = lo
        if hi is not None and v > hi:
            v = hi
        return True, int(round(v)) if spec.integer else float(v)
    if kind == "bool":
        return (True, value) if isinstance(value, bool) else (False, None)
    if kind == "choice":
        if value is None and spec.nullable:
            return True, None
        for o in spec.options:
            if o == value and type(o) is type(value):
                return True, o
        for o in spec.options:             # 2 for 2.0: same option, other type
            if o == value and _is_number(o) == _is_number(value):
                return True, o
        return False, None
    if kind == "choices":
        if not isinstance(value, (list, tuple)):
            return False, None
        out = []
        for v in value:
            ok, o = _fit(v, replace(spec, kind="choice", nullable=False))
            if ok and o not in out:
                out.append(o)
        return True, out[:spec.max_items] if spec.max_items else out
    if kind == "text":
        if not isinstance(value, str):
            return False, None
        return True, value[:spec.max_chars] if spec.max_chars else value
    return True, value


def coerce(value, spec: Spec, fallback: bool = True):
    """`value` made acceptable to the widget without a word: the nearest allowed value, else the
    spec's default, else the widget's first value."""
    ok, v = _fit(value, spec)
    if ok:
        return v
    if fallback:
        ok, v = _fit(spec.default, spec)
        if ok:
            return v
    if spec.kind == "number":
        return _fit(0, spec)[1]              # 0, moved into range
    return {"bool": False, "choice": spec.options[0] if spec.options else None,
            "choices": [], "text": ""}.get(spec.kind, value)


def valid(value, spec: Spec) -> bool:
    """The widget takes `value` as it is (right type, in range, one of the options)."""
    ok, v = _fit(value, spec)
    if not ok:
        return False
    if spec.kind == "number":
        return type(v) is type(value) and v == value
    return v == value


# ---------------------------------------------------------------- what a URL value becomes

def _number(raw: str) -> float | None:
    """A finite number written with ASCII digits, else None ("nan", "inf", "１２", "1,2" are not)."""
    s = raw.strip()
    if not _NUMBER.fullmatch(s):
        return None
    v = float(s)
    return v if math.isfinite(v) else None


def _nearest(options, v: float):
    nums = [o for o in options if _is_number(o)]
    if all(o > 0 for o in nums) and v > 0:
        return min(nums, key=lambda o: abs(math.log(o) - math.log(v)))
    return min(nums, key=lambda o: abs(o - v))


def decide(raw, spec: Spec):
    """What the URL text `raw` becomes for the widget of `spec`: (value, reason).

    `reason` is None when the link's value is used (numbers snapped to the slider's step or the
    nearest option), "out_of_range" when it was clamped into range, else why it was ignored (and
    the value is the default): "too_long", "not_number", "not_choice", "not_switch", "bad_text",
    "unsupported". The value is always one the widget accepts.
    """
    default = coerce(spec.default, spec)
    if not isinstance(raw, str):
        return default, "unsupported"
    if len(raw) > MAX_VALUE_CHARS:
        return default, "too_long"
    kind = spec.kind
    if kind == "number":
        v = _number(raw)
        if v is None:
            return default, "not_number"
        reason = None
        lo, hi = spec.low, spec.high
        if spec.integer:
            lo = -MAX_SAFE_INT if lo is None else lo
            hi = MAX_SAFE_INT if hi is None else hi
        if lo is not None and v < lo:
            v, reason = lo, "out_of_range"
        elif hi is not None and v > hi:
            v, reason = hi, "out_of_range"
        elif spec.step and lo is not None:
            v = lo + round((v - lo) / spec.step) * spec.step
            if hi is not None and v > hi:
                v -= spec.step
            v = float(f"{v:.12g}")
        return coerce(v, spec), reason
    if kind == "bool":
        s = raw.strip().lower()
        if s in _TRUE or s in _FALSE:
            return s in _TRUE, None
        return default, "not_switch"
    if kind == "choice":
        strs = [_encode(o) for o in spec.options]
        if raw in strs:
            return spec.options[strs.index(raw)], None
        if spec.nullable and raw == _encode(None):
            return None, None
        nums = [o for o in spec.options if _is_number(o)]
        v = _number(raw)
        if nums and len(nums) == len(spec.options) and v is not None:
            if v < min(nums):
                return min(nums), "out_of_range"
            if v > max(nums):
                return max(nums), "out_of_range"
            return _nearest(nums, v), None
        return default, "not_number" if len(nums) == len(spec.options) else "not_choice"
    if kind == "choices":
        if raw == "":
            return [], None
        strs = [_encode(o) for o in spec.options]
        wanted = raw.split(",")
        out = []
        for w in wanted:
            if w in strs and spec.options[strs.index(w)] not in out:
                out.append(spec.options[strs.index(w)])
        if spec.max_items:
            out = out[:spec.max_items]
        if not out:
            return default, "not_choice"
        return out, None if all(w in strs for w in wanted) else "not_choice"
    if kind == "text":
        if any(unicodedata.category(c) in ("Cc", "Cs") for c in raw):
            return default, "bad_text"
        if spec.max_chars and len(raw) > spec.max_chars:
            return default, "too_long"
        return raw, None
    return default, "unsupported"


def _encode(v) -> str:
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, (list, tuple)):
        return ",".join(_encode(x) for x in v)
    return str(v)


# ---------------------------------------------------------------- the link and its notice

def _state():
    return st.session_state


def _store() -> dict:
    return st.session_state.setdefault(STORE, {})


def _url_value(key: str, label=None) -> str | None:
    """The URL's text for `key`, if the key is among the first MAX_KEYS settings and within the
    first MAX_QUERY_CHARS characters of the query (a longer link is read only that far)."""
    qp = st.query_params
    if key not in qp:
        return None
    size = 0
    for k in islice(qp, MAX_KEYS):
        v = qp.get(k) or ""
        size += len(k) + len(v) + 2
        if size > MAX_QUERY_CHARS:
            break
        if k == key:
            return v
    _note(key, label, qp.get(key) or "", "query_too_long", None, None)
    return None


def _note(key, label, raw, reason, value, spec):
    notices = _state().setdefault(NOTICES, {"items": {}, "page": None})
    notices["items"][key] = {"label": label, "raw": raw, "reason": reason, "value": value, "spec": spec}
    _show_notices()


def notice_lines(lang: str) -> list[str]:
    """The current notice, one markdown line per value of the link that was not used as it was."""
    from optviz.i18n import t
    items = _state().get(NOTICES, {}).get("items", {})
    lines = []
    for key, n in items.items():
        spec, reason = n["spec"], n["reason"]
        if reason == "out_of_range":
            if spec.kind == "number":
                whole = MAX_SAFE_INT if spec.integer else math.inf
                lo = -whole if spec.low is None else spec.low
                hi = whole if spec.high is None else spec.high
            else:
                lo, hi = (f(o for o in spec.options if _is_number(o)) for f in (min, max))
            why = t("link_out_of_range", lang, low=_shown(lo), high=_shown(hi))
        else:
            why = t("link_" + reason, lang)
        what = f"**{_plain(n['label'])}** " if n["label"] else ""
        line = f"{what}`{key}={_quoted(n['raw'])}`: {why}"
        if reason != "query_too_long":
            v = n["value"]
            shown = t("link_on" if v else "link_off", lang) if isinstance(v, bool) else f"`{_quoted(_encode(v))}`"
            line += " " + t("link_using", lang, value=shown)
        lines.append(line)
    return lines


def _quoted(raw: str) -> str:
    """A value from the link, safe inside a markdown code span: no backticks, no control characters,
    at most MAX_SHOWN characters."""
    s = "".join(c if unicodedata.category(c)[0] != "C" and c != "`" else "�" for c in str(raw))
    return s if len(s) <= MAX_SHOWN else s[:MAX_SHOWN] + "…"


def _plain(label) -> str:
    return str(label).replace("\n", " ")


def _shown(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _show_notices():
    """(Re)draw the notice in the placeholder `begin_page` put at the top of the page."""
    slot = _state().get(SLOT)
    if slot is None:
        return
    items = _state().get(NOTICES, {}).get("items")
    try:
        if items:
            from optviz.i18n import t
            L = lang()
            slot.warning(t("link_notice", L) + "\n\n" + "\n".join("- " + s for s in notice_lines(L)),
                         icon="🔗")
        else:
            slot.empty()
    except StreamlitAPIException:   # drawn from a fragment rerun: the page shows it next run
        pass


def _forget_notices():
    notices = _state().get(NOTICES)
    if notices and notices["items"]:
        notices["items"].clear()
        _show_notices()


# ---------------------------------------------------------------- the public API

def lang() -> str:
    """The interface language ("en" or "ko"): remembered, else from the URL, else English."""
    value = initial("lang", "en", ["en", "ko"])
    return value if value in ("en", "ko") else "en"


def begin_page():
    """Call once per run before the page draws: resets the settings owned by this page and puts
    the placeholder for the link's notice at the top."""
    st.session_state[PAGE_KEYS] = {}
    st.session_state[PAGE_SPECS] = {}
    st.session_state[SLOT] = st.empty()
    _show_notices()


def initial(key: str, default, options=None):
    """The value a setting starts from: remembered, else from the URL, else the default.

    Without its widget only the default's type and `options` can be checked; the widget's
    `setting(...)` checks the link's text again against its range."""
    store = _store()
    if key not in store:
        spec = widget_spec(None, default, options=options)
        raw = _url_value(key)
        if raw is None:
            store[key] = spec.default
        else:
            store[key] = decide(raw, spec)[0]
            _state().setdefault(PENDING, {})[key] = raw
    return store[key]


def _from_link(key: str, spec: Spec, label) -> Any:
    store = _store()
    pending = _state().setdefault(PENDING, {})
    if key in store and key not in pending:
        return store[key]
    raw = pending.pop(key) if key in pending else _url_value(key, label)
    if raw is None:
        value = spec.default
    else:
        value, reason = decide(raw, spec)
        if reason:
            _note(key, label, raw, reason, value, spec)
    store[key] = value
    return value


def setting(widget, key: str, default, *args, options=None, draw=True, **kwargs):
    """Draw `widget(*args, key=…, **kwargs)` whose value persists across pages and in the URL.

    A value from the link is checked against this very widget call first (see `decide`).
    `draw=False` (a widget in a closed panel): the same value, link check and URL, without the widget."""
    spec = widget_spec(widget, default, args, kwargs, options)
    label = args[0] if args else kwargs.get("label")
    value = _from_link(key, spec, label)
    if not draw:
        out = value if valid(value, spec) else coerce(value, spec)
        _store()[key] = out
        st.session_state.setdefault(PAGE_KEYS, {})[key] = spec.default
        st.session_state.setdefault(PAGE_SPECS, {})[key] = spec
        _write_url(key, out, spec.default)
        return out
    wkey = "w:" + key
    if options is not None:
        kwargs["options"] = options
    state = st.session_state
    if wkey not in state or not valid(state[wkey], spec):
        state[wkey] = coerce(value, spec)
    before = _store().get(key, value)
    out = widget(*args, key=wkey, **kwargs)
    if out != before:                     # the reader changed the view: the link's notice is done
        _forget_notices()
    _store()[key] = out
    state.setdefault(PAGE_KEYS, {})[key] = spec.default
    state.setdefault(PAGE_SPECS, {})[key] = spec
    _write_url(key, out, spec.default)
    return out


def _write_url(key, value, default):
    """This setting's part of the address bar (so a fragment rerun keeps the link up to date too)."""
    enc = _encode(value)
    qp = st.query_params
    if enc != _encode(default):
        if qp.get(key) != enc:
            qp[key] = enc
    elif key in qp:
        del qp[key]


def put(key: str, value):
    """Set a setting from code (e.g. a click on a chart); its widget shows it on the next run."""
    _store()[key] = value
    _state().get(PENDING, {}).pop(key, None)
    st.session_state["w:" + key] = value


def sync_url():
    """Write this page's settings that differ from their defaults to the query string
    (call at the end of a page run): short links that reproduce the view exactly. Keys the page
    does not own are dropped. The link's notice stays until the reader changes a setting or the page."""
    store = _store()
    page_keys = st.session_state.get(PAGE_KEYS, {})
    wanted = {k: _encode(store[k]) for k, d in page_keys.items()
              if k in store and _encode(store[k]) != _encode(d)}
    current = {k: st.query_params.get(k) for k in st.query_params.keys()}
    if current != wanted:
        st.query_params.from_dict(wanted)
    notices = st.session_state.get(NOTICES)
    if notices and notices["items"]:
        page = frozenset(page_keys)
        if notices["page"] is None:
            notices["page"] = page
        elif notices["page"] != page:
            _forget_notices()
            notices["page"] = None
