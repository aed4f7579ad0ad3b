"""Schedule widgets for every keyword kind in SCHEDULE_SPECS: numbers (log, near-one or linear
sliders), whole numbers, switches, choices (mode="min"), milestone lists typed as text, and values
optviz derives when left on "auto" (OneCycleLR's total_steps = the run length)."""
from __future__ import annotations

import math
import re

import streamlit as st

from optviz.i18n import t
from optviz.schedules import SCHEDULE_SPECS, SCHEDULES, schedule, with_warmup

from .state import setting
from .options import log_options, near_one_options, plain_symbol

NOT_FROM_WIDGETS = ("lambdalr", "sequentiallr")   # need a function or other schedules: code only


def _label(p) -> str:
    return f"{plain_symbol(p.symbol)} {p.name}" if p.symbol else p.name


def _nice_step(span: float) -> float:
    return 10.0 ** round(math.log10(span / 100))


def _number(p, key, default, container):
    """A float keyword: log slider, near-one slider (decay factors) or a plain slider."""
    if p.log:
        opts = sorted(set(log_options(p.low, p.high)) | {float(default)})   # torch's default exactly
        return setting(container.select_slider, key, default, _label(p), options=opts, format_func=lambda v: f"{v:.3g}")
    if p.low >= 0.5 and p.high <= 1.0:
        opts = sorted(set(near_one_options(p.low, min(p.high, 0.99999))) | {float(p.high)})
        default = min(opts, key=lambda o: abs(o - default))
        return setting(container.select_slider, key, default, _label(p), options=opts, format_func=lambda v: f"{v:g}")
    step = _nice_step(p.high - p.low)
    default = float(f"{round(default / step) * step:.10g}")
    return setting(container.slider, key, default, _label(p), float(p.low), float(p.high), step=step,
                   format="%g")


def parse_milestones(text: str) -> list[int]:
    """"200, 400" → [200, 400]; whole numbers ≥ 0 separated by commas or spaces (ValueError otherwise)."""
    parts = [s for s in re.split(r"[,\s]+", text.strip()) if s]
    out = []
    for s in parts:
        if not re.fullmatch(r"\d+", s):
            raise ValueError(s)
        out.append(int(s))
    return out


def schedule_kwargs_editor(name: str, key: str, lang: str, container=st, defaults=None):
    """Widgets for the keywords of schedule `name` (main ones first, the rest in an expander).

    Returns (kwargs, error or None). Keywords without a slider range keep torch's / optviz's default.
    """
    spec = SCHEDULE_SPECS[name]
    defaults = defaults or {}
    kwargs, error = {}, None
    main = [p for p in spec.params if p.main]
    rest = [p for p in spec.params if not p.main]
    for params, more in ((main, False), (rest, True)):
        if not any(_has_widget(spec, p) for p in params):
            continue
        box = container.expander(t("schedlab_more_params", lang)) if more else container
        for p in params:
            if not _has_widget(spec, p):
                continue
            k = f"{key}{name}{p.name}"
            d = defaults.get(p.name, p.default)
            if p.kind == "list":
                text = setting(box.text_input, k, ", ".join(str(v) for v in d), _label(p),
                               help=t("schedlab_milestones_help", lang))
                try:
                    kwargs[p.name] = parse_milestones(text)
                except ValueError as e:
                    error = error or t("schedlab_bad_milestones", lang, bad=str(e))
            elif p.kind == "choice":
                kwargs[p.name] = setting(box.selectbox, k, d, _label(p), options=list(p.options))
            elif p.kind == "bool":
                kwargs[p.name] = setting(box.toggle, k, bool(d), _label(p))
            elif spec.defaults.get(p.name) is None:      # optviz derives it unless the user fixes it
                auto = setting(box.toggle, k + "auto", True, t("schedlab_auto", lang, name=p.name))
                if not auto:
                    kwargs[p.name] = setting(box.slider, k, int(d), _label(p), int(p.low), int(p.high))
            elif p.kind == "int":
                kwargs[p.name] = setting(box.slider, k, int(d), _label(p), int(p.low), int(p.high))
            else:
                kwargs[p.name] = _number(p, k, float(d), box)
    return kwargs, error


def _has_widget(spec, p) -> bool:
    return p.kind in ("list", "choice", "bool") or p.low is not None


def schedule_picker(key: str, lang: str, container=st, default="cosineannealinglr", names=None, defaults=None,
                    max_warmup: int = 200):
    """Schedule selectbox + its keywords + an optional linear warm-up (LinearLR from lr/3, joined with
    SequentialLR). Returns (Schedule or None, error or None, name, warm-up steps)."""
    names = names or [n for n in SCHEDULES if n not in NOT_FROM_WIDGETS]
    name = setting(container.selectbox, f"{key}n", default, t("schedule", lang), options=names,
                   format_func=lambda n: SCHEDULE_SPECS[n].label)
    kwargs, error = schedule_kwargs_editor(name, key, lang, container, (defaults or {}).get(name))
    warm = setting(container.slider, f"{key}warm", 0, t("warmup_steps", lang), 0, max_warmup, step=5)
    if error:
        return None, error, name, warm
    try:
        s = schedule(name, **kwargs)
        if warm:
            s = with_warmup(s, warm)
        return s, None, name, warm
    except (ValueError, TypeError) as e:
        return None, str(e), name, warm

