"""The schedule registry: each torch scheduler's keywords, defaults, checks and twin."""
from __future__ import annotations

import numbers
import numpy as np
from dataclasses import dataclass, field
from typing import Callable

from ..optimizers._base import Param
from .twins import (_ConstantLR, _CosineAnnealingLR, _CosineAnnealingWarmRestarts, _CyclicLR, _ExponentialLR,
    _LambdaLR, _LinearLR, _LinearWarmup, _MultiStepLR, _OneCycleLR, _PolynomialLR, _ReduceLROnPlateau, _SequentialLR,
    _StepLR)


@dataclass(frozen=True)
class Choice(Param):
    """A keyword that takes one of a few strings (e.g. mode="min"); `kind` is "choice"."""
    options: tuple = ()
    kind: str = "choice"


# ---- keyword checks (torch's own checks, plus values torch would only trip over later) ---------

_REQUIRED = object()


def _need(cond, message):
    if not bool(np.all(cond)):
        raise ValueError(message)


def _positive_number(v, name):
    _need(isinstance(v, numbers.Real) and not isinstance(v, bool) and v > 0, f"{name} must be a positive number, got {v!r}")


def _check_steplr(kw):
    _need(kw["gamma"] >= 0, f"gamma must be ≥ 0, got {kw['gamma']}")


def _check_multisteplr(kw):
    _need(kw["gamma"] >= 0, f"gamma must be ≥ 0, got {kw['gamma']}")


def _check_constantlr(kw):
    f = kw["factor"]
    _need((f <= 1.0) & (f >= 0), "Constant multiplicative factor expected to be between 0 and 1.")
    _need(f > 0, "ConstantLR factor must be > 0 (torch divides by it when total_iters is reached)")


def _check_linearlr(kw):
    s, e = kw["start_factor"], kw["end_factor"]
    _need((s <= 1.0) & (s > 0), "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")
    _need((e <= 1.0) & (e >= 0), "Ending multiplicative factor expected to be between 0 and 1.")


def _check_exponentiallr(kw):
    _need(kw["gamma"] >= 0, f"gamma must be ≥ 0, got {kw['gamma']}")


def _check_polynomiallr(kw):
    _need(kw["power"] >= 0, f"power must be ≥ 0, got {kw['power']}")


def _check_cosine(kw):
    _positive_number(kw["T_max"], "T_max")
    _need(kw["eta_min"] >= 0, f"eta_min must be ≥ 0, got {kw['eta_min']}")


def _check_warm_restarts(kw):
    _need(kw["eta_min"] >= 0, f"eta_min must be ≥ 0, got {kw['eta_min']}")


def _check_cyclic(kw):
    _need(kw["mode"] in ("triangular", "triangular2", "exp_range") or kw["scale_fn"] is not None,
          "mode is invalid and scale_fn is None")
    _need(kw["scale_mode"] in ("cycle", "iterations"), f"scale_mode must be 'cycle' or 'iterations', got {kw['scale_mode']!r}")
    _need(kw["scale_fn"] is None or callable(kw["scale_fn"]), "scale_fn must be a function of one number")
    _need(kw["gamma"] >= 0, f"gamma must be ≥ 0, got {kw['gamma']}")
    for name in ("base_lr", "max_lr"):
        _need(kw[name] is None or np.all(np.asarray(kw[name]) >= 0), f"{name} must be ≥ 0, got {kw[name]}")
    _need(not kw["cycle_momentum"], "optviz schedules the learning rate only: use cycle_momentum=False")


def _check_onecycle(kw):
    if kw["total_steps"] is None and (kw["epochs"] is None) != (kw["steps_per_epoch"] is None):
        raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")
    pct = kw["pct_start"]
    _need(isinstance(pct, float) and 0 <= pct <= 1, f"Expected float between 0 and 1 pct_start, but got {pct}")
    _need(kw["anneal_strategy"] in ("cos", "linear"),
          f"anneal_strategy must be one of 'cos' or 'linear', instead got {kw['anneal_strategy']}")
    _need(kw["max_lr"] is None or np.all(np.asarray(kw["max_lr"]) >= 0), f"max_lr must be ≥ 0, got {kw['max_lr']}")
    _need(kw["div_factor"] > 0, f"div_factor must be > 0, got {kw['div_factor']}")
    _need(kw["final_div_factor"] > 0, f"final_div_factor must be > 0, got {kw['final_div_factor']}")
    _need(not kw["cycle_momentum"], "optviz schedules the learning rate only: use cycle_momentum=False")


def _check_lambdalr(kw):
    _need(callable(kw["lr_lambda"]), "lr_lambda must be a function of the step returning a factor")


def _check_sequential(kw):
    scheds, milestones = kw["schedulers"], kw["milestones"]
    _need(len(scheds) >= 1, "SequentialLR expects at least one scheduler, but got no scheduler.")
    for i, s in enumerate(scheds):
        _need(i == 0 or s.name != "sequentiallr",
              f"SequentialLR: a nested SequentialLR must come first (torch cannot enter it at a milestone; index {i})")
    _need(len(milestones) == len(scheds) - 1,
          "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone "
          f"points, but got number of schedulers {len(scheds)} and the number of milestones to be equal to {len(milestones)}")


def _check_plateau(kw):
    _need(kw["factor"] < 1.0, "Factor should be < 1.0.")
    _need(kw["factor"] >= 0, f"factor must be ≥ 0, got {kw['factor']}")
    _need(kw["mode"] in ("min", "max"), f"mode {kw['mode']} is unknown!")
    _need(kw["threshold_mode"] in ("rel", "abs"), f"threshold mode {kw['threshold_mode']} is unknown!")
    for name in ("threshold", "min_lr", "eps"):
        _need(kw[name] >= 0, f"{name} must be ≥ 0, got {kw[name]}")


# ---- the registry ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScheduleSpec:
    """Everything pages, tests and docs need about one schedule."""
    name: str                        # lower-case torch class name
    label: str                       # e.g. "CosineAnnealingLR"
    torch_class: str | None          # the class torch_code() builds
    defaults: dict                   # every keyword with torch's default (_REQUIRED when torch requires it)
    params: tuple[Param, ...]        # widgets (slider ranges); entries with low=None have no slider
    tex: str
    runtime: Callable = None         # the twin class, called as runtime(group, **kwargs)
    check: Callable | None = None
    ints: dict = field(default_factory=dict)   # whole-number keywords → smallest allowed value

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k for k, v in self.defaults.items() if v is _REQUIRED)


SCHEDULE_SPECS: dict[str, ScheduleSpec] = {}


def _register(spec: ScheduleSpec):
    SCHEDULE_SPECS[spec.name] = spec


def _min_lr_param(name="eta_min", symbol=r"\eta_{\min}"):
    return Param(name, 0.0, 0.0, 0.01, symbol=symbol, main=False)


_register(ScheduleSpec(
    "constant", "Constant", "ConstantLR", {}, (),
    tex=r"\eta_t=\eta_0",
    runtime=lambda group: _ConstantLR(group, factor=1.0, total_iters=0),
))
_register(ScheduleSpec(
    "steplr", "StepLR", "StepLR", {"step_size": _REQUIRED, "gamma": 0.1},
    (Param("step_size", 100, 1, 2000, kind="int", symbol="s"),
     Param("gamma", 0.1, 0.01, 1.0, symbol=r"\gamma")),
    tex=r"\eta_t=\eta_0\,\gamma^{\lfloor t/s\rfloor}",
    runtime=_StepLR, check=_check_steplr, ints={"step_size": 1},
))
_register(ScheduleSpec(
    "multisteplr", "MultiStepLR", "MultiStepLR", {"milestones": _REQUIRED, "gamma": 0.1},
    (Param("milestones", (200, 400), kind="list", symbol="m_i"),
     Param("gamma", 0.1, 0.01, 1.0, symbol=r"\gamma")),
    tex=r"\eta_t=\eta_0\,\gamma^{\,\#\{i:\;m_i\le t\}}",
    runtime=_MultiStepLR, check=_check_multisteplr,
))
_register(ScheduleSpec(
    "exponentiallr", "ExponentialLR", "ExponentialLR", {"gamma": _REQUIRED},
    (Param("gamma", 0.99, 0.9, 0.9999, symbol=r"\gamma"),),
    tex=r"\eta_t=\eta_0\,\gamma^{t}",
    runtime=_ExponentialLR, check=_check_exponentiallr,
))
_register(ScheduleSpec(
    "cosineannealinglr", "CosineAnnealingLR", "CosineAnnealingLR", {"T_max": _REQUIRED, "eta_min": 0.0},
    (Param("T_max", 500, 1, 5000, kind="int", symbol=r"T_{\max}"), _min_lr_param()),
    tex=r"\eta_t=\eta_{\min}+\tfrac12(\eta_0-\eta_{\min})\bigl(1+\cos\tfrac{\pi t}{T_{\max}}\bigr)",
    runtime=_CosineAnnealingLR, check=_check_cosine,
))
_register(ScheduleSpec(
    "cosineannealingwarmrestarts", "CosineAnnealingWarmRestarts", "CosineAnnealingWarmRestarts",
    {"T_0": _REQUIRED, "T_mult": 1, "eta_min": 0.0},
    (Param("T_0", 100, 1, 2000, kind="int", symbol="T_0"),
     Param("T_mult", 1, 1, 4, kind="int", symbol=r"T_{\mathrm{mult}}"), _min_lr_param()),
    tex=r"\eta_t=\eta_{\min}+\tfrac12(\eta_0-\eta_{\min})\bigl(1+\cos\tfrac{\pi T_{cur}}{T_i}\bigr),"
        r"\quad T_{i+1}=T_{\mathrm{mult}}\,T_i",
    runtime=_CosineAnnealingWarmRestarts, check=_check_warm_restarts, ints={"T_0": 1, "T_mult": 1},
))
_register(ScheduleSpec(
    "onecyclelr", "OneCycleLR", "OneCycleLR",
    {"max_lr": None, "total_steps": None, "epochs": None, "steps_per_epoch": None, "pct_start": 0.3,
     "anneal_strategy": "cos", "cycle_momentum": False, "div_factor": 25.0, "final_div_factor": 1e4,
     "three_phase": False},
    (Param("total_steps", 500, 10, 20000, kind="int", symbol="T"),
     Param("pct_start", 0.3, 0.05, 0.95, symbol="p"),
     Choice("anneal_strategy", "cos", options=("cos", "linear")),
     Param("div_factor", 25.0, 1.0, 1000.0, log=True, symbol="d", main=False),
     Param("final_div_factor", 1e4, 1.0, 1e6, log=True, symbol=r"d_f", main=False),
     Param("three_phase", False, kind="bool", main=False),
     Param("max_lr", None, symbol=r"\eta_{\max}", main=False),
     Param("epochs", None, kind="int", main=False),
     Param("steps_per_epoch", None, kind="int", main=False)),
    tex=r"\eta:\ \tfrac{\eta_{\max}}{d}\ \nearrow\ \eta_{\max}\ (pT\text{ steps})\ \searrow\ "
        r"\tfrac{\eta_{\max}}{d\,d_f}\ (\text{cos or linear})",
    runtime=_OneCycleLR, check=_check_onecycle, ints={"total_steps": 1, "epochs": 1, "steps_per_epoch": 1},
))
_register(ScheduleSpec(
    "linearlr", "LinearLR", "LinearLR", {"start_factor": 1.0 / 3, "end_factor": 1.0, "total_iters": 5},
    (Param("start_factor", 1.0 / 3, 0.01, 1.0, symbol=r"f_s"),
     Param("end_factor", 1.0, 0.0, 1.0, symbol=r"f_e"),
     Param("total_iters", 5, 1, 2000, kind="int", symbol="T")),
    tex=r"\eta_t=\eta_0\Bigl(f_s+(f_e-f_s)\tfrac{\min(t,T)}{T}\Bigr)",
    runtime=_LinearLR, check=_check_linearlr, ints={"total_iters": 1},
))
_register(ScheduleSpec(
    "constantlr", "ConstantLR", "ConstantLR", {"factor": 1.0 / 3, "total_iters": 5},
    (Param("factor", 1.0 / 3, 0.01, 1.0, symbol="f"),
     Param("total_iters", 5, 0, 2000, kind="int", symbol="T")),
    tex=r"\eta_t=\eta_0\cdot\begin{cases}f & t<T\\ 1 & t\ge T\end{cases}",
    runtime=_ConstantLR, check=_check_constantlr, ints={"total_iters": 0},
))
_register(ScheduleSpec(
    "polynomiallr", "PolynomialLR", "PolynomialLR", {"total_iters": 5, "power": 1.0},
    (Param("total_iters", 5, 1, 5000, kind="int", symbol="T"),
     Param("power", 1.0, 0.1, 5.0, symbol="p")),
    tex=r"\eta_t=\eta_0\Bigl(1-\tfrac{\min(t,T)}{T}\Bigr)^{p}",
    runtime=_PolynomialLR, check=_check_polynomiallr, ints={"total_iters": 1},
))
_register(ScheduleSpec(
    "cycliclr", "CyclicLR", "CyclicLR",
    {"base_lr": None, "max_lr": None, "step_size_up": 2000, "step_size_down": None, "mode": "triangular",
     "gamma": 1.0, "scale_fn": None, "scale_mode": "cycle", "cycle_momentum": False},
    (Param("step_size_up", 2000, 1, 5000, kind="int", symbol=r"s_\uparrow"),
     Choice("mode", "triangular", options=("triangular", "triangular2", "exp_range")),
     Param("gamma", 1.0, 0.99, 1.0, symbol=r"\gamma", main=False),
     Param("step_size_down", None, kind="int", symbol=r"s_\downarrow", main=False),
     Param("base_lr", None, symbol=r"\eta_b", main=False),
     Param("max_lr", None, symbol=r"\eta_m", main=False),
     Choice("scale_mode", "cycle", options=("cycle", "iterations"), main=False)),
    tex=r"\eta_t=\eta_b+(\eta_m-\eta_b)\,h(t)\,s(\cdot),\quad h\text{ rises over }s_\uparrow\text{ steps, falls over }s_\downarrow",
    runtime=_CyclicLR, check=_check_cyclic, ints={"step_size_up": 1, "step_size_down": 0},
))
_register(ScheduleSpec(
    "lambdalr", "LambdaLR", "LambdaLR", {"lr_lambda": _REQUIRED}, (),
    tex=r"\eta_t=\eta_0\,\lambda(t)",
    runtime=_LambdaLR, check=_check_lambdalr,
))
_register(ScheduleSpec(
    "warmup", "Linear warm-up", "LambdaLR", {"warmup_steps": 5},
    (Param("warmup_steps", 5, 1, 2000, kind="int", symbol="W"),),
    tex=r"\eta_t=\eta_0\min\bigl(1,\tfrac{t+1}{W}\bigr)",
    runtime=lambda group, warmup_steps: _LambdaLR(group, _LinearWarmup(warmup_steps)), ints={"warmup_steps": 1},
))
_register(ScheduleSpec(
    "sequentiallr", "SequentialLR", "SequentialLR", {"schedulers": _REQUIRED, "milestones": _REQUIRED},
    (Param("milestones", (50,), kind="list", symbol="m_i", main=False),),
    tex=r"\eta_t=\text{schedule}_i\text{ for } m_i\le t<m_{i+1}",
    runtime=_SequentialLR, check=_check_sequential,
))
_register(ScheduleSpec(
    "reducelronplateau", "ReduceLROnPlateau", "ReduceLROnPlateau",
    {"mode": "min", "factor": 0.1, "patience": 10, "threshold": 1e-4, "threshold_mode": "rel",
     "cooldown": 0, "min_lr": 0, "eps": 1e-8},
    (Param("factor", 0.1, 0.01, 0.99, symbol="f"),
     Param("patience", 10, 0, 200, kind="int"),
     Param("threshold", 1e-4, 1e-8, 0.1, log=True, main=False),
     Param("cooldown", 0, 0, 200, kind="int", main=False),
     Param("min_lr", 0.0, 0.0, 0.01, symbol=r"\eta_{\min}", main=False),
     Param("eps", 1e-8, 1e-12, 1e-2, log=True, main=False),
     Choice("mode", "min", options=("min", "max"), main=False),
     Choice("threshold_mode", "rel", options=("rel", "abs"), main=False)),
    tex=r"\eta\leftarrow\max(f\,\eta,\ \eta_{\min})\ \text{after more than patience steps without improvement}",
    runtime=_ReduceLROnPlateau, check=_check_plateau, ints={"patience": 0, "cooldown": 0},
))

SCHEDULES: list[str] = list(SCHEDULE_SPECS)
