"""Settings that survive page changes and are encoded in the URL query string.

Every widget value goes through `setting(...)`: its value lives in a plain session dict (which
Streamlit never garbage-collects, unlike widget keys), is seeded from the URL on first sight,
and is written back to the URL on every run, so the address bar always reproduces the view.
"""
from __future__ import annotations

import math

import streamlit as st

STORE = "_settings"
PAGE_KEYS = "_page_keys"


def lang() -> str:
    """The interface language ("en" or "ko"): remembered, else from the URL, else English."""
    value = initial("lang", "en", ["en", "ko"])
    return value if value in ("en", "ko") else "en"


def begin_page():
    """Call once per run before the page draws: resets the settings owned by this page."""
    st.session_state[PAGE_KEYS] = {}


def _decode(raw: str, default, options=None):
    if options is not None:
        strs = [_encode(o) for o in options]
        if isinstance(default, list):
            wanted = [r for r in raw.split(",") if r]
            return [options[strs.index(w)] for w in wanted if w in strs]
        if raw in strs:
            return options[strs.index(raw)]
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            try:  # numeric select_slider: snap to the nearest option
                v = float(raw)
                return min(options, key=lambda o: abs(math.log(abs(o) + 1e-300) - math.log(abs(v) + 1e-300)))
            except ValueError:
                return default
        return default
    if isinstance(default, bool):
        return raw in ("1", "true", "True")
    if isinstance(default, int):
        return int(float(raw))
    if isinstance(default, float):
        v = float(raw)
        return v if math.isfinite(v) else default
    if isinstance(default, (tuple, list)):
        return type(default)(_decode(r, d) for r, d in zip(raw.split("~"), default))
    return raw


def _encode(v) -> str:
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, (list, tuple)):
        return ",".join(_encode(x) for x in v)
    return str(v)


def _store() -> dict:
    return st.session_state.setdefault(STORE, {})


def initial(key: str, default, options=None):
    """The value a setting starts from: remembered, else from the URL, else the default."""
    store = _store()
    if key not in store:
        raw = st.query_params.get(key)
        value = default
        if raw is not None:
            try:
                value = _decode(raw, default, options)
            except (ValueError, TypeError, IndexError):
                value = default
        store[key] = value
    return store[key]


def setting(widget, key: str, default, *args, options=None, **kwargs):
    """Draw `widget(*args, key=…, **kwargs)` whose value persists across pages and in the URL."""
    value = initial(key, default, options)
    wkey = "w:" + key
    if options is not None:
        kwargs["options"] = options
        if isinstance(value, list):
            value = [v for v in value if v in options]
        elif value not in options:
            value = default if default in options else options[0]
    if wkey not in st.session_state:
        st.session_state[wkey] = value
    out = widget(*args, key=wkey, **kwargs)
    _store()[key] = out
    st.session_state.setdefault(PAGE_KEYS, {})[key] = default
    return out


def put(key: str, value):
    """Set a setting from code (e.g. a click on a chart); its widget shows it on the next run."""
    _store()[key] = value
    st.session_state["w:" + key] = value


def sync_url():
    """Write this page's settings that differ from their defaults to the query string
    (call at the end of a page run): short links that reproduce the view exactly."""
    store = _store()
    wanted = {k: _encode(store[k]) for k, d in st.session_state.get(PAGE_KEYS, {}).items()
              if k in store and _encode(store[k]) != _encode(d)}
    current = {k: st.query_params.get(k) for k in st.query_params.keys()}
    if current != wanted:
        st.query_params.from_dict(wanted)
