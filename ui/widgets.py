"""Widgets built from the optviz registries: one registry drives the sliders and the tests."""
from __future__ import annotations

import contextlib

import numpy as np
import streamlit as st

from optviz.i18n import describe, t
from optviz.optimizers import REGISTRY, Param

from .display import invalid, lazy_expander
from .options import NICE, log_options, near_one_options, plain_symbol  # noqa: F401  (pages import them from here)
from .schedule_widgets import schedule_picker
from .state import initial, put, setting


def _fmt(v):
    return f"{v:g}" if isinstance(v, float) else str(v)


def param_label(p: Param, lang: str) -> str:
    """"β₁ beta1" (English), "β₁ beta1 (1차 모멘트 감쇠율)" (Korean): plain text, no LaTeX."""
    from optviz.i18n import TEXT
    name = t("param_" + p.name, lang) if "param_" + p.name in TEXT else p.name
    return f"{plain_symbol(p.symbol)} {name}" if p.symbol else name


def param_widget(p: Param, key: str, lang: str, default=None, container=st, label=None, draw=True):
    """One hyperparameter widget; returns a Python value of the right kind (`draw=False`: the value
    without the widget, see `setting`)."""
    default = p.default if default is None else default
    label = label or param_label(p, lang)
    if default is None and p.kind != "bool":   # torch's "None = automatic" (e.g. Adafactor's eps1)
        if not setting(container.toggle, key + "_set", False, t("set_value", lang, name=p.name), draw=draw):
            return None
        default = float(np.sqrt(p.low * p.high)) if p.log else float(p.low)
    if p.kind == "bool":
        return setting(container.toggle, key, bool(default), label, draw=draw)
    if p.kind == "pair":
        return tuple(param_widget(q, f"{key}{n}", lang, d, container, draw=draw)
                     for n, (q, d) in enumerate(zip(p.parts, default)))
    if p.kind == "int":
        return setting(container.slider, key, int(default), label, int(p.low), int(p.high), draw=draw)
    if p.log:
        opts = log_options(p.low, p.high)
        default = min(opts, key=lambda o: abs(np.log(o) - np.log(max(default, 1e-300))))
        return setting(container.select_slider, key, default, label, options=opts, format_func=_fmt, draw=draw)
    if p.high is not None and 0.99 <= p.high < 1.0:
        opts = near_one_options(p.low, p.high)
        default = min(opts, key=lambda o: abs(o - default))
        return setting(container.select_slider, key, default, label, options=opts, format_func=_fmt, draw=draw)
    step = (p.high - p.low) / 100
    return setting(container.slider, key, float(default), label, float(p.low), float(p.high),
                   step=float(f"{step:.2g}"), draw=draw)


def optimizer_editor(slot: str, lang: str, default_name="adam", default_hyper=None, container=st,
                     names=None, show_more=True, draw=True) -> tuple[str, dict]:
    """Optimizer picker + its hyperparameter widgets from the registry; returns (name, hyper).
    `draw=False`: the same values without widgets (an editor in a closed panel, see `setting`)."""
    names = names or list(REGISTRY)
    name = setting(container.selectbox, f"{slot}n", default_name, t("optimizer", lang),
                   options=names, format_func=lambda n: REGISTRY[n].label, draw=draw)
    spec = REGISTRY[name]
    default_hyper = (default_hyper or {}) if name == default_name else {}
    hyper = {}
    main = [p for p in spec.params if p.main]
    rest = [p for p in spec.params if not p.main]
    for p in main:
        hyper[p.name] = param_widget(p, f"{slot}{p.name}", lang, default_hyper.get(p.name), container, draw=draw)
    if rest and show_more:        # drawn only while open: a page holds four editors or more
        panel = lazy_expander(t("more_hyper", lang), f"more-{slot}", container) if draw else None
        with panel if panel is not None else contextlib.nullcontext():
            for p in rest:
                hyper[p.name] = param_widget(p, f"{slot}{p.name}", lang, default_hyper.get(p.name),
                                             draw=panel is not None)
    return name, hyper


def _slot_title(i: int, name: str, hyper: dict | None) -> str:
    """"2. SGD" for an open slot; a closed one shows its settings: "2. SGD(lr=0.001, momentum=0.9)"."""
    if hyper is not None:
        import optviz
        try:
            return f"{i + 1}. {optviz.optimizer(name, **hyper).label()}"
        except ValueError:        # a setting torch refuses: the page says so below the slots
            pass
    return f"{i + 1}. {REGISTRY[name].label}"


def optimizer_slots(prefix: str, lang: str, defaults, count=4) -> list[tuple[str, dict]]:
    """How many optimizers (1 … len(defaults), `count` at first), then one expander per optimizer
    holding `optimizer_editor(f"{prefix}{i}")`; defaults[i] = (name, hyper). Returns [(name, hyper), …].
    Only the open expanders draw their widgets (the first is open at first); a closed one shows its
    optimizer's settings in its title."""
    n = setting(st.slider, f"{prefix}k", count, t("n_optimizers", lang), 1, len(defaults))
    opts = []
    for i in range(n):
        dn, dh = defaults[i]
        slot, key = f"{prefix}{i}", f"slot-{prefix}{i}"
        if st.session_state.get(key, i == 0):
            panel = st.expander(_slot_title(i, initial(f"{slot}n", dn, list(REGISTRY)), None), key=key, expanded=True, on_change="rerun")
            with panel:
                opts.append(optimizer_editor(slot, lang, dn, dh))
        else:
            opts.append(optimizer_editor(slot, lang, dn, dh, draw=False))
            st.expander(_slot_title(i, *opts[-1]), key=key, expanded=False, on_change="rerun")
    return opts


def optimizers_or_stop(opts, lang: str) -> list:
    """optviz.optimizer(name, **hyper) for each (name, hyper) of `opts`; a setting torch would refuse
    shows its message and stops the page."""
    import optviz
    try:
        return [optviz.optimizer(n, **h) for n, h in opts]
    except ValueError as e:
        invalid(str(e), lang)
        st.stop()


CLIP_THRESHOLDS = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]


def clip_editor(prefix: str, lang: str) -> tuple[str, float | None]:
    """Gradient clipping: ("none" | "norm" | "value", threshold or None)."""
    kind = setting(st.radio, f"{prefix}clip", "none", t("clipping", lang), options=["none", "norm", "value"],
                   format_func=lambda k: t("clip_" + k, lang), horizontal=True)
    at = setting(st.select_slider, f"{prefix}clipat", 1.0, t("clip_threshold", lang),
                 options=CLIP_THRESHOLDS) if kind != "none" else None
    return kind, at


def start_picker(key: str, surf, label: str) -> int:
    """Index of one of the surface's suggested starts, shown as (x, y); 0 while there is no surface."""
    n = len(surf.starts) if surf is not None else 1
    return setting(st.selectbox, key, 0, label, options=list(range(n)),
                   format_func=lambda i: f"({surf.starts[i][0]:.2f}, {surf.starts[i][1]:.2f})"
                   if surf is not None else "–")


SURFACE_KNOBS = {  # surface kwargs exposed as widgets: name -> (Param, ...)
    "ravine": (Param("condition", 25.0, 1.0, 1000.0, log=True, symbol=r"\kappa"),
               Param("angle", 30.0, 0.0, 90.0, symbol=r"\phi")),
    "quadratic": (Param("scale", 1.0, 0.1, 10.0, log=True),),
}


def surface_editor(key: str, lang: str, default="rosenbrock", container=st, names=None):
    """Surface picker (+ its knobs, + formula and domain for "custom").

    Returns (surface or None, error message or None); the user's text is never lost.
    """
    import optviz
    from optviz.surfaces import SURFACES, surface

    names = names or list(SURFACES)
    name = setting(container.selectbox, f"{key}s", default, t("surface", lang), options=names,
                   format_func=lambda n: _surface_title(n, lang))
    kwargs = {}
    for p in SURFACE_KNOBS.get(name, ()):
        kwargs[p.name] = param_widget(p, f"{key}{name}{p.name}", lang, container=container)
    if name == "custom":
        kwargs["formula"] = setting(container.text_input, f"{key}formula", "x**2 + 3*sin(y)**2 + 0.1*y",
                                    t("formula", lang), help=t("formula_help", lang))
        c1, c2 = container.columns(2)
        lo = setting(c1.number_input, f"{key}lo", -3.0, t("domain_min", lang), step=0.5)
        hi = setting(c2.number_input, f"{key}hi", 3.0, t("domain_max", lang), step=0.5)
        kwargs["domain"] = ((lo, hi), (lo, hi))
    try:
        surf = surface(name, **kwargs)
    except ValueError as e:
        return None, str(e)
    _follow_surface(key, name, surf)
    return surf, None


def _follow_surface(key: str, name: str, surf):
    """When the user picks another surface, the start point (settings f"{key}x", f"{key}y", where a
    page has them) moves to the new surface's suggested start: the old point may lie outside the new
    view (the saddle's view is ±2, Rosenbrock's start (−1.5, 2) is not)."""
    prev_key = f"_surface_of_{key}"
    prev = st.session_state.get(prev_key)
    st.session_state[prev_key] = name
    if prev is None or prev == name or not len(surf.starts):
        return
    from .state import put
    for axis, value in zip("xy", surf.starts[0]):
        if f"w:{key}{axis}" in st.session_state:
            put(f"{key}{axis}", float(round(float(value), 3)))


def _surface_title(name, lang):
    from optviz.surfaces import surface
    try:
        s = surface(name)
        return describe(s, lang, "title")
    except (ValueError, TypeError):
        return name


def schedule_editor(key: str, lang: str, container=st, default="constant", names=None):
    """Schedule picker + its keywords + optional warm-up; returns (Schedule or None, error or None)."""
    sched, error, _, _ = schedule_picker(key, lang, container, default, names)
    return sched, error


# ---- settings of another page's widgets: written only through the functions that own their keys ----

def preset_optimizer(slot: str, name: str, hyper: dict):
    """Set the widgets of `ui.widgets.optimizer_editor(slot, …)` (on another page) to optimizer `name`
    with `hyper`; values must lie on the widgets' grids (the lr is snapped to its slider's options)."""
    put(f"{slot}n", name)
    for p in REGISTRY[name].params:
        v = hyper.get(p.name)
        if v is None:
            continue
        if p.kind == "pair":
            for j, part in enumerate(v):
                put(f"{slot}{p.name}{j}", part)
            continue
        if p.log:
            v = min(log_options(p.low, p.high), key=lambda o: abs(np.log(o) - np.log(max(v, 1e-300))))
        put(f"{slot}{p.name}", v)


NETWORK_FIELDS = ("ds", "layers", "act", "bs")   # + "w0", "w1", … one width per hidden layer


def network_initial(prefix: str, field: str, default):
    """The value the network widget `field` of the editor with key prefix `prefix` shows (or `default`)."""
    return initial(f"{prefix}{field}", default)


def preset_network(prefix: str, ds: str, layers: int, act: str, bs: int, widths) -> None:
    """Set a network editor's widgets (on another page): data set, layers, activation, batch size, widths."""
    for field, value in zip(NETWORK_FIELDS, (ds, layers, act, bs)):
        put(f"{prefix}{field}", value)
    for j, w in enumerate(widths):
        put(f"{prefix}w{j}", w)
