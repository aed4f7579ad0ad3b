"""Learning-rate schedules: torch.optim.lr_scheduler's names, keywords and step-by-step numerics.

A `Schedule` is plain data (a name and its keyword arguments). It becomes numbers in two ways:

    sched = schedule("cosineannealinglr", T_max=500)
    sched.lrs(base_lr, steps)                 # lr used at optimizer step k = 0 … steps−1
    st = sched.init(base_lr)                  # or step by step (required when the loss drives it)
    lr = sched.current(st); st = sched.observe(st, loss)

"The lr used at step k" is torch's `optimizer.param_groups[0]["lr"]` just before the (k+1)-th
`optimizer.step()`, when `scheduler.step()` follows every `optimizer.step()`.

Each torch scheduler has a small twin class below (`_StepLR`, …) that ports its `get_lr` — the
recursive ("chainable") rule, which reads the group's current lr — and its closed form where torch
has one. The twins act on a one-group optimizer `group = {"lr": …, "initial_lr": …}` whose values
are floats or arrays `[runs, 1]`, so a whole sweep of base learning rates steps at once, and
SequentialLR's hand-overs (with their quirks) come out exactly as in torch.
"""
from __future__ import annotations

import copy
import math
import numbers
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ._checks import whole
from ._keys import value_key
from .optimizers._base import Param

DEFAULT_STEPS = 500   # OneCycleLR's total_steps when neither it nor the run length is known


@dataclass(frozen=True)
class Choice(Param):
    """A keyword that takes one of a few strings (e.g. mode="min"); `kind` is "choice"."""
    options: tuple = ()
    kind: str = "choice"


# ---- torch's schedulers, one twin each ---------------------------------------------------------

class _LRScheduler:
    """torch.optim.lr_scheduler.LRScheduler driving the single group `group`."""

    def __init__(self, group):
        self.group = group
        group.setdefault("initial_lr", group["lr"])
        self.base_lrs = group["initial_lr"]
        self.last_epoch = -1
        self.initial_step()

    @property
    def lr(self):
        return self.group["lr"]

    def initial_step(self):
        self._step_count = 0
        self._is_initial = True
        self.step()
        self._is_initial = False

    def step(self, metric=None):
        self._step_count += 1
        self.update_lr()

    def update_lr(self, epoch=None):
        """A plain step (epoch None) or torch's jump to `epoch` (closed form when there is one)."""
        if epoch is None:
            self.last_epoch += 1
            lr = self.get_lr()
        else:
            self.last_epoch = epoch
            closed = getattr(self, "closed_form", None)
            lr = closed() if closed is not None else self.get_lr()
        self.group["lr"] = lr


class _StepLR(_LRScheduler):
    def __init__(self, group, step_size, gamma):
        self.step_size, self.gamma = step_size, gamma
        super().__init__(group)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self.lr
        return self.lr * self.gamma

    def closed_form(self):
        return self.base_lrs * self.gamma ** (self.last_epoch // self.step_size)


class _MultiStepLR(_LRScheduler):
    def __init__(self, group, milestones, gamma):
        self.milestones, self.gamma = Counter(milestones), gamma
        super().__init__(group)

    def get_lr(self):
        if self.last_epoch not in self.milestones:
            return self.lr
        return self.lr * self.gamma ** self.milestones[self.last_epoch]

    def closed_form(self):
        return self.base_lrs * self.gamma ** bisect_right(sorted(self.milestones.elements()), self.last_epoch)


class _ConstantLR(_LRScheduler):
    def __init__(self, group, factor, total_iters):
        self.factor, self.total_iters = factor, total_iters
        super().__init__(group)

    def get_lr(self):
        if self.last_epoch == 0:
            return self.lr * self.factor
        if self.last_epoch != self.total_iters:
            return self.lr
        return self.lr * (1.0 / self.factor)

    def closed_form(self):
        return self.base_lrs * (self.factor + (self.last_epoch >= self.total_iters) * (1 - self.factor))


class _LinearLR(_LRScheduler):
    def __init__(self, group, start_factor, end_factor, total_iters):
        self.start_factor, self.end_factor, self.total_iters = start_factor, end_factor, total_iters
        super().__init__(group)

    def get_lr(self):
        if self.last_epoch == 0:
            return self.lr * self.start_factor
        if self._is_initial or self.last_epoch > self.total_iters:
            return self.lr
        change = self.end_factor - self.start_factor
        return self.lr * (1.0 + change / (self.total_iters * self.start_factor + (self.last_epoch - 1) * change))

    def closed_form(self):
        change = self.end_factor - self.start_factor
        return self.base_lrs * (self.start_factor + change * min(self.total_iters, self.last_epoch) / self.total_iters)


class _ExponentialLR(_LRScheduler):
    def __init__(self, group, gamma):
        self.gamma = gamma
        super().__init__(group)

    def get_lr(self):
        return self.lr if self._is_initial else self.lr * self.gamma

    def closed_form(self):
        return self.base_lrs * self.gamma ** self.last_epoch


class _PolynomialLR(_LRScheduler):
    def __init__(self, group, total_iters, power):
        self.total_iters, self.power = total_iters, power
        super().__init__(group)

    def get_lr(self):
        if self._is_initial or self.last_epoch > self.total_iters:
            return self.lr
        t, T = self.last_epoch, self.total_iters
        return self.lr * ((1.0 - t / T) / (1.0 - (t - 1) / T)) ** self.power

    def closed_form(self):
        return self.base_lrs * (1.0 - min(self.total_iters, self.last_epoch) / self.total_iters) ** self.power


class _CosineAnnealingLR(_LRScheduler):
    def __init__(self, group, T_max, eta_min):
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(group)

    def get_lr(self):
        t, T, eta_min = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return self.lr
        if self._step_count == 1 and t > 0:
            return eta_min + (self.base_lrs - eta_min) * (1 + math.cos(t * math.pi / T)) / 2
        if (t - 1 - T) % (2 * T) == 0:   # the previous step sat at a trough: the ratio below would be 0/0
            return self.lr + (self.base_lrs - eta_min) * (1 - math.cos(math.pi / T)) / 2
        return (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T)) * (self.lr - eta_min) + eta_min

    def closed_form(self):
        return self.eta_min + (self.base_lrs - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2


class _CosineAnnealingWarmRestarts(_LRScheduler):
    def __init__(self, group, T_0, T_mult, eta_min):
        self.T_0 = self.T_i = T_0
        self.T_mult, self.eta_min = T_mult, eta_min
        self.T_cur = -1
        super().__init__(group)

    def get_lr(self):
        return self.eta_min + (self.base_lrs - self.eta_min) * (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2

    def step(self, metric=None):
        if self.last_epoch < 0:          # torch's step(epoch=0)
            self.T_i, self.T_cur, self.last_epoch = self.T_0, 0, 0
        else:
            self.last_epoch += 1
            self.T_cur += 1
            if self.T_cur >= self.T_i:   # restart; the next cycle is T_mult times longer
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        self.group["lr"] = self.get_lr()


class _CyclicLR(_LRScheduler):
    def __init__(self, group, base_lr, max_lr, step_size_up, step_size_down, mode, gamma,
                 scale_fn, scale_mode, cycle_momentum):
        max_lr = group["optimizer_lr"] if max_lr is None else max_lr
        base_lr = max_lr / 10 if base_lr is None else base_lr
        group["lr"] = base_lr
        self.max_lrs = max_lr
        up = float(step_size_up)
        down = float(step_size_down) if step_size_down is not None else up
        self.total_size = up + down
        self.step_ratio = up / self.total_size
        self.gamma, self.custom_scale_fn = gamma, scale_fn
        self.scale_mode = scale_mode if scale_fn is not None else ("iterations" if mode == "exp_range" else "cycle")
        self.mode = mode
        super().__init__(group)
        self.base_lrs = base_lr          # set after the first step, as torch does

    def scale_fn(self, x):
        if self.custom_scale_fn is not None:
            return self.custom_scale_fn(x)
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma ** x

    def get_lr(self):
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)
        base_height = (self.max_lrs - self.base_lrs) * scale_factor
        return self.base_lrs + base_height * self.scale_fn(cycle if self.scale_mode == "cycle" else self.last_epoch)


class _OneCycleLR(_LRScheduler):
    def __init__(self, group, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy,
                 cycle_momentum, div_factor, final_div_factor, three_phase):
        self.total_steps = total_steps if total_steps is not None else epochs * steps_per_epoch
        up_end = float(pct_start * self.total_steps) - 1
        if three_phase:
            self.phases = [(up_end, "initial_lr", "max_lr"),
                           (float(2 * pct_start * self.total_steps) - 2, "max_lr", "initial_lr"),
                           (self.total_steps - 1, "initial_lr", "min_lr")]
        else:
            self.phases = [(up_end, "initial_lr", "max_lr"),
                           (self.total_steps - 1, "max_lr", "min_lr")]
        self.anneal_strategy = anneal_strategy
        max_lr = group["optimizer_lr"] if max_lr is None else max_lr
        group["initial_lr"] = max_lr / div_factor
        group["max_lr"] = max_lr
        group["min_lr"] = group["initial_lr"] / final_div_factor
        super().__init__(group)

    def anneal(self, start, end, pct):
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self):
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(f"Tried to step {step_num} times. The specified number of total steps is {self.total_steps}")
        start_step = 0.0
        for i, (end_step, start, end) in enumerate(self.phases):
            if step_num <= end_step or i == len(self.phases) - 1:
                if end_step == start_step:
                    raise ValueError(f"OneCycleLR: phase {i} has no steps at step {step_num} of {self.total_steps} "
                                     "(pct_start × total_steps = 1); torch divides by zero here")
                pct = (step_num - start_step) / (end_step - start_step)
                return self.anneal(self.group[start], self.group[end], pct)
            start_step = end_step


class _LambdaLR(_LRScheduler):
    def __init__(self, group, lr_lambda):
        self.lr_lambda = lr_lambda
        super().__init__(group)

    def get_lr(self):
        return self.base_lrs * self.lr_lambda(self.last_epoch)


class _SequentialLR(_LRScheduler):
    """SequentialLR: after milestone mᵢ the (i+1)-th schedule drives, entered by its closed form at 0."""

    def __init__(self, group, schedulers, milestones):
        self.group = group
        self._schedulers, self._milestones = schedulers, list(milestones)
        self.last_epoch = 0
        group["lr"] = group["initial_lr"]
        self.recursive_undo()
        self._schedulers[bisect_right(self._milestones, 0)].initial_step()

    def recursive_undo(self, sched=None):
        sched = self if sched is None else sched
        if isinstance(sched, _SequentialLR):
            for s in sched._schedulers:
                self.recursive_undo(s)
        else:
            sched.last_epoch -= 1

    def step(self, metric=None):
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        sched = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            sched.update_lr(0)
        else:
            sched.step(metric)

    def update_lr(self, epoch=None):
        raise ValueError("a SequentialLR can only be nested as the first schedule of another one "
                         "(torch's SequentialLR has no get_lr to enter it at a milestone)")


class _ReduceLROnPlateau:
    """ReduceLROnPlateau with every run's own best / bad-step count / cooldown (np.where per run).

    Inside a sequence (an optviz extension; torch's SequentialLR refuses it), the hand-over at a
    milestone resets the lr to the base lr and starts a fresh best/patience count; the loss observed
    at that hand-over step is not counted.
    """

    def __init__(self, group, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps):
        self.group = group
        group.setdefault("initial_lr", group["lr"])
        self.mode, self.factor, self.patience = mode, factor, patience
        self.threshold, self.threshold_mode = threshold, threshold_mode
        self.cooldown, self.min_lr, self.eps = cooldown, min_lr, eps
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.last_epoch = 0
        self.reset()

    def reset(self):
        self.best, self.cooldown_counter, self.num_bad_epochs = self.mode_worse, 0, 0

    def is_better(self, a, best):
        if self.mode == "min":
            return a < best * (1.0 - self.threshold) if self.threshold_mode == "rel" else a < best - self.threshold
        return a > best * (self.threshold + 1.0) if self.threshold_mode == "rel" else a > best + self.threshold

    def step(self, metric=None):
        if metric is None:
            raise ValueError("ReduceLROnPlateau needs the loss: observe(state, loss)")
        current = np.asarray(metric, dtype=np.float64)
        if current.ndim == 1:
            current = current[:, None]
        self.last_epoch += 1
        with np.errstate(invalid="ignore", over="ignore"):
            better = self.is_better(current, self.best)
        self.best = np.where(better, current, self.best)
        self.num_bad_epochs = np.where(better, 0, self.num_bad_epochs + 1)
        cooling = self.cooldown_counter > 0                       # bad steps in cooldown do not count
        self.cooldown_counter = np.where(cooling, self.cooldown_counter - 1, self.cooldown_counter)
        self.num_bad_epochs = np.where(cooling, 0, self.num_bad_epochs)
        reduce = self.num_bad_epochs > self.patience
        old = self.group["lr"]
        new = np.maximum(old * self.factor, self.min_lr)
        self.group["lr"] = np.where(reduce & (old - new > self.eps), new, old)
        self.cooldown_counter = np.where(reduce, self.cooldown, self.cooldown_counter)
        self.num_bad_epochs = np.where(reduce, 0, self.num_bad_epochs)

    def initial_step(self):
        self.reset()

    def update_lr(self, epoch=None):
        self.last_epoch = epoch
        self.reset()
        self.group["lr"] = self.group["initial_lr"]


class _LinearWarmup:
    """lr_lambda of the note's warm-up: (k+1)/W for k < W, then 1."""

    def __init__(self, warmup_steps):
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        return (step + 1) / self.warmup_steps if step < self.warmup_steps else 1.0

    def __repr__(self):
        W = self.warmup_steps
        return f"lambda step: (step + 1) / {W} if step < {W} else 1.0"


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
        _need(isinstance(s, Schedule), f"SequentialLR: schedulers[{i}] must be an optviz Schedule, got {type(s).__name__}")
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
    desc_en: str
    desc_ko: str
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
    desc_en="No schedule: every step uses the optimizer's lr. Its torch code is ConstantLR with factor 1, "
            "which never changes the lr.",
    desc_ko="스케줄 없음: 모든 스텝에서 옵티마이저의 학습률을 그대로 씁니다. torch 코드로는 lr을 바꾸지 않는 "
            "factor 1의 ConstantLR입니다.",
    runtime=lambda group: _ConstantLR(group, factor=1.0, total_iters=0),
))
_register(ScheduleSpec(
    "steplr", "StepLR", "StepLR", {"step_size": _REQUIRED, "gamma": 0.1},
    (Param("step_size", 100, 1, 2000, kind="int", symbol="s"),
     Param("gamma", 0.1, 0.01, 1.0, symbol=r"\gamma")),
    tex=r"\eta_t=\eta_0\,\gamma^{\lfloor t/s\rfloor}",
    desc_en="Keeps the lr flat and multiplies it by γ every step_size steps: a staircase. The classic "
            "'divide by 10 every 30 epochs' recipe.",
    desc_ko="학습률을 유지하다가 step_size 스텝마다 γ를 곱하는 계단 모양입니다. '30 에포크마다 10분의 1' 같은 "
            "고전적인 방식입니다.",
    runtime=_StepLR, check=_check_steplr, ints={"step_size": 1},
))
_register(ScheduleSpec(
    "multisteplr", "MultiStepLR", "MultiStepLR", {"milestones": _REQUIRED, "gamma": 0.1},
    (Param("milestones", (200, 400), kind="list", symbol="m_i"),
     Param("gamma", 0.1, 0.01, 1.0, symbol=r"\gamma")),
    tex=r"\eta_t=\eta_0\,\gamma^{\,\#\{i:\;m_i\le t\}}",
    desc_en="Multiplies the lr by γ at each listed milestone step; a milestone listed twice multiplies by γ². "
            "Staircase with hand-picked stairs.",
    desc_ko="지정한 마일스톤 스텝마다 학습률에 γ를 곱합니다. 같은 마일스톤을 두 번 적으면 γ²가 곱해집니다. "
            "계단 위치를 직접 고르는 StepLR입니다.",
    runtime=_MultiStepLR, check=_check_multisteplr,
))
_register(ScheduleSpec(
    "exponentiallr", "ExponentialLR", "ExponentialLR", {"gamma": _REQUIRED},
    (Param("gamma", 0.99, 0.9, 0.9999, symbol=r"\gamma"),),
    tex=r"\eta_t=\eta_0\,\gamma^{t}",
    desc_en="Multiplies the lr by γ after every step, a smooth geometric decay; with γ = 0.99 the lr halves "
            "about every 69 steps.",
    desc_ko="매 스텝 학습률에 γ를 곱하는 매끄러운 지수 감소입니다. γ = 0.99이면 약 69 스텝마다 절반이 됩니다.",
    runtime=_ExponentialLR, check=_check_exponentiallr,
))
_register(ScheduleSpec(
    "cosineannealinglr", "CosineAnnealingLR", "CosineAnnealingLR", {"T_max": _REQUIRED, "eta_min": 0.0},
    (Param("T_max", 500, 1, 5000, kind="int", symbol=r"T_{\max}"), _min_lr_param()),
    tex=r"\eta_t=\eta_{\min}+\tfrac12(\eta_0-\eta_{\min})\bigl(1+\cos\tfrac{\pi t}{T_{\max}}\bigr)",
    desc_en="Glides from the base lr down to eta_min along half a cosine over T_max steps: slow at first, "
            "fast in the middle, gentle at the end. Past T_max it climbs back up (torch does not stop there). "
            "torch updates it recursively from the current lr; optviz follows that recursion.",
    desc_ko="T_max 스텝 동안 코사인 반 주기를 따라 기본 학습률에서 eta_min까지 내려갑니다. 처음과 끝은 완만하고 "
            "중간에 빠르게 줄어듭니다. T_max 이후에는 다시 올라갑니다(torch는 멈추지 않습니다). torch는 현재 "
            "학습률에서 재귀적으로 갱신하며 optviz도 같은 재귀식을 씁니다.",
    runtime=_CosineAnnealingLR, check=_check_cosine,
))
_register(ScheduleSpec(
    "cosineannealingwarmrestarts", "CosineAnnealingWarmRestarts", "CosineAnnealingWarmRestarts",
    {"T_0": _REQUIRED, "T_mult": 1, "eta_min": 0.0},
    (Param("T_0", 100, 1, 2000, kind="int", symbol="T_0"),
     Param("T_mult", 1, 1, 4, kind="int", symbol=r"T_{\mathrm{mult}}"), _min_lr_param()),
    tex=r"\eta_t=\eta_{\min}+\tfrac12(\eta_0-\eta_{\min})\bigl(1+\cos\tfrac{\pi T_{cur}}{T_i}\bigr),"
        r"\quad T_{i+1}=T_{\mathrm{mult}}\,T_i",
    desc_en="SGDR: cosine decay over T_0 steps, then a jump back to the base lr (a warm restart); each new "
            "cycle is T_mult times longer than the one before.",
    desc_ko="SGDR: T_0 스텝 동안 코사인으로 줄인 뒤 기본 학습률로 다시 뛰어오릅니다(웜 리스타트). 새 주기는 "
            "이전보다 T_mult배 길어집니다.",
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
    desc_en="The 1cycle policy: warm up from max_lr/div_factor to max_lr over the first pct_start of "
            "total_steps, then anneal far below the start (to max_lr/(div_factor·final_div_factor)). "
            "optviz defaults: max_lr = the optimizer's lr, total_steps = the run length, and only the lr "
            "cycles (cycle_momentum=False). Like torch it refuses to step past total_steps.",
    desc_ko="1cycle 정책: total_steps의 앞쪽 pct_start 비율 동안 max_lr/div_factor에서 max_lr까지 올린 뒤 "
            "시작점보다 훨씬 낮은 max_lr/(div_factor·final_div_factor)까지 내립니다. optviz 기본값은 "
            "max_lr = 옵티마이저 학습률, total_steps = 실행 길이이며 학습률만 바꿉니다(cycle_momentum=False). "
            "torch처럼 total_steps를 넘겨 진행하면 오류가 납니다.",
    runtime=_OneCycleLR, check=_check_onecycle, ints={"total_steps": 1, "epochs": 1, "steps_per_epoch": 1},
))
_register(ScheduleSpec(
    "linearlr", "LinearLR", "LinearLR", {"start_factor": 1.0 / 3, "end_factor": 1.0, "total_iters": 5},
    (Param("start_factor", 1.0 / 3, 0.01, 1.0, symbol=r"f_s"),
     Param("end_factor", 1.0, 0.0, 1.0, symbol=r"f_e"),
     Param("total_iters", 5, 1, 2000, kind="int", symbol="T")),
    tex=r"\eta_t=\eta_0\Bigl(f_s+(f_e-f_s)\tfrac{\min(t,T)}{T}\Bigr)",
    desc_en="Moves the multiplier linearly from start_factor to end_factor over total_iters steps, then holds "
            "it. start < end is a linear warm-up, start > end a linear decay.",
    desc_ko="total_iters 스텝 동안 배수를 start_factor에서 end_factor로 선형으로 옮긴 뒤 유지합니다. "
            "start < end면 선형 warm-up, start > end면 선형 감소입니다.",
    runtime=_LinearLR, check=_check_linearlr, ints={"total_iters": 1},
))
_register(ScheduleSpec(
    "constantlr", "ConstantLR", "ConstantLR", {"factor": 1.0 / 3, "total_iters": 5},
    (Param("factor", 1.0 / 3, 0.01, 1.0, symbol="f"),
     Param("total_iters", 5, 0, 2000, kind="int", symbol="T")),
    tex=r"\eta_t=\eta_0\cdot\begin{cases}f & t<T\\ 1 & t\ge T\end{cases}",
    desc_en="Runs the first total_iters steps at factor × lr, then switches to the full lr: the simplest "
            "warm-up.",
    desc_ko="처음 total_iters 스텝은 factor × 학습률로 돌고, 그 뒤 원래 학습률로 바꿉니다. 가장 단순한 warm-up입니다.",
    runtime=_ConstantLR, check=_check_constantlr, ints={"total_iters": 0},
))
_register(ScheduleSpec(
    "polynomiallr", "PolynomialLR", "PolynomialLR", {"total_iters": 5, "power": 1.0},
    (Param("total_iters", 5, 1, 5000, kind="int", symbol="T"),
     Param("power", 1.0, 0.1, 5.0, symbol="p")),
    tex=r"\eta_t=\eta_0\Bigl(1-\tfrac{\min(t,T)}{T}\Bigr)^{p}",
    desc_en="Decays the lr to exactly zero at total_iters along (1 − t/T)^power and keeps it there; "
            "power 1 is a straight line, larger powers drop faster early.",
    desc_ko="(1 − t/T)^power를 따라 total_iters에서 정확히 0이 되도록 줄이고 그 뒤로는 0을 유지합니다. "
            "power 1은 직선, 클수록 초반에 더 빨리 떨어집니다.",
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
    desc_en="Bounces the lr between base_lr and max_lr in triangles (step_size_up steps up, step_size_down "
            "down). triangular2 halves the height every cycle; exp_range shrinks it by γ per step. optviz "
            "defaults: max_lr = the optimizer's lr, base_lr = max_lr/10, and only the lr cycles "
            "(cycle_momentum=False).",
    desc_ko="학습률을 base_lr과 max_lr 사이에서 삼각형으로 오르내리게 합니다(step_size_up 스텝 상승, "
            "step_size_down 스텝 하강). triangular2는 주기마다 높이를 절반으로, exp_range는 스텝마다 γ배로 "
            "줄입니다. optviz 기본값은 max_lr = 옵티마이저 학습률, base_lr = max_lr/10이며 학습률만 "
            "바꿉니다(cycle_momentum=False).",
    runtime=_CyclicLR, check=_check_cyclic, ints={"step_size_up": 1, "step_size_down": 0},
))
_register(ScheduleSpec(
    "lambdalr", "LambdaLR", "LambdaLR", {"lr_lambda": _REQUIRED}, (),
    tex=r"\eta_t=\eta_0\,\lambda(t)",
    desc_en="Any multiplier you write as a function of the step: lr = base lr × lr_lambda(step). "
            "Available from code only.",
    desc_ko="스텝의 함수로 직접 쓴 배수를 곱합니다: 학습률 = 기본 학습률 × lr_lambda(step). 코드에서만 쓸 수 있습니다.",
    runtime=_LambdaLR, check=_check_lambdalr,
))
_register(ScheduleSpec(
    "warmup", "Linear warm-up", "LambdaLR", {"warmup_steps": 5},
    (Param("warmup_steps", 5, 1, 2000, kind="int", symbol="W"),),
    tex=r"\eta_t=\eta_0\min\bigl(1,\tfrac{t+1}{W}\bigr)",
    desc_en="The note's warm-up: step k uses (k+1)/W of the lr for the first W steps, then the full lr. "
            "Small early steps keep large models stable while statistics settle. In torch it is a LambdaLR.",
    desc_ko="노트의 warm-up: 처음 W 스텝 동안 k번째 스텝은 학습률의 (k+1)/W를 쓰고 그 뒤로는 전체 학습률을 "
            "씁니다. 초반의 작은 스텝이 큰 모델을 안정시킵니다. torch에서는 LambdaLR로 만듭니다.",
    runtime=lambda group, warmup_steps: _LambdaLR(group, _LinearWarmup(warmup_steps)), ints={"warmup_steps": 1},
))
_register(ScheduleSpec(
    "sequentiallr", "SequentialLR", "SequentialLR", {"schedulers": _REQUIRED, "milestones": _REQUIRED},
    (Param("milestones", (50,), kind="list", symbol="m_i", main=False),),
    tex=r"\eta_t=\text{schedule}_i\text{ for } m_i\le t<m_{i+1}",
    desc_en="Runs schedules one after another, switching at the milestone steps; at a switch the next "
            "schedule starts from its own step 0 (torch's closed form), which is how a warm-up joins any "
            "schedule. Follows torch exactly, quirks included; unlike torch it also accepts "
            "ReduceLROnPlateau (which restarts from the base lr at its milestone).",
    desc_ko="스케줄을 차례로 이어 붙이고 마일스톤 스텝에서 다음 것으로 넘어갑니다. 넘어갈 때 다음 스케줄은 "
            "자기 0번째 스텝(torch의 닫힌 식)에서 시작하며, warm-up을 다른 스케줄과 잇는 방법이 바로 이것입니다. "
            "torch의 특이한 동작까지 그대로 따르며, torch와 달리 ReduceLROnPlateau도 받습니다(마일스톤에서 "
            "기본 학습률로 다시 시작).",
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
    desc_en="Watches the loss instead of the clock: when it has not improved (by more than threshold) for "
            "more than patience steps, the lr is multiplied by factor, then cooldown steps pass before "
            "counting again. Each run keeps its own record.",
    desc_ko="시간이 아니라 손실을 봅니다. 손실이 patience 스텝보다 오래 (threshold 이상) 좋아지지 않으면 "
            "학습률에 factor를 곱하고, cooldown 스텝 동안은 다시 세지 않습니다. 각 실행이 자기 기록을 따로 가집니다.",
    runtime=_ReduceLROnPlateau, check=_check_plateau, ints={"patience": 0, "cooldown": 0},
))

SCHEDULES: list[str] = list(SCHEDULE_SPECS)


# ---- the Schedule value ---------------------------------------------------------------------------

@dataclass
class ScheduleState:
    """Stepping state: the one-group optimizer twin and the scheduler twin driving it."""
    group: dict
    root: Any
    shape: tuple


def _clone(state: ScheduleState) -> ScheduleState:
    """A copy that steps independently. Shallow copies suffice: the twins rebind, never mutate, their values."""
    group = dict(state.group)

    def dup(twin):
        twin = copy.copy(twin)
        twin.group = group
        if isinstance(twin, _SequentialLR):
            twin._schedulers = [dup(s) for s in twin._schedulers]
        return twin
    return ScheduleState(group, dup(state.root), state.shape)


def _as_lr(v, shape):
    a = np.asarray(v, dtype=np.float64)
    a = np.broadcast_to(a, np.broadcast_shapes(a.shape, shape))
    return float(a) if a.ndim == 0 else a.copy()


@dataclass(frozen=True, eq=False)
class Schedule:
    """A learning-rate schedule: torch's lower-case class name and its keyword arguments (all of them,
    defaults filled in). Plain data: it pickles, so caches can key on it."""
    name: str
    kwargs: dict = field(default_factory=dict)

    @property
    def spec(self) -> ScheduleSpec:
        return SCHEDULE_SPECS[self.name]

    @property
    def torch_class(self) -> str | None:
        return self.spec.torch_class

    @property
    def stateful(self) -> bool:
        """True when the loss drives it (ReduceLROnPlateau, alone or inside a sequence)."""
        if self.name == "sequentiallr":
            return any(s.stateful for s in self.kwargs["schedulers"])
        return self.name == "reducelronplateau"

    # -- stepping ------------------------------------------------------------------------------

    def init(self, base_lr, steps=None) -> ScheduleState:
        """State before step 0. `steps` (the run length) only sizes OneCycleLR with total_steps=None."""
        base = _as_base(base_lr)
        group = {"lr": base, "optimizer_lr": base}
        root = _build(self, group, steps)
        return ScheduleState(group, root, np.shape(base))

    def current(self, state: ScheduleState):
        """The lr to use at the current step: a float, or an array broadcast to the runs' shape."""
        return _as_lr(state.group["lr"], state.shape)

    def observe(self, state: ScheduleState, metric=None) -> ScheduleState:
        """Advance one step (torch's scheduler.step()); `metric` is the loss after the optimizer step,
        [runs] or [runs, 1], read only by ReduceLROnPlateau. Returns a new state."""
        state = _clone(state)
        state.root.step(metric)
        return state

    def lrs(self, base_lr, steps: int, metrics=None) -> np.ndarray:
        """[steps] + shape(base_lr): the lr used at each optimizer step k = 0 … steps−1.

        Loss-driven schedules need `metrics`: metrics[k] is the loss after step k ([runs] per step).
        """
        steps = whole(steps, "steps")
        if steps < 0:
            raise ValueError(f"steps must be ≥ 0, got {steps}")
        if self.stateful and metrics is None:
            raise ValueError(f"{self.label()} reacts to the loss: pass metrics=[loss after each step] "
                             "or step it with init/observe")
        state = self.init(base_lr, steps)
        rows = []
        for k in range(steps):
            if k:
                state.root.step(None if metrics is None else metrics[k - 1])
            rows.append(np.asarray(state.group["lr"], dtype=np.float64))
        if not rows:
            return np.zeros((0,) + state.shape)
        return np.stack(np.broadcast_arrays(*rows, np.zeros(state.shape)))[:-1].copy()

    # -- text ------------------------------------------------------------------------------------

    def label(self) -> str:
        """Short display label: the torch class and the keywords that differ from torch's defaults."""
        if self.name == "sequentiallr":
            parts = " → ".join(s.label() for s in self.kwargs["schedulers"])
            return f"{parts} @{list(self.kwargs['milestones'])}"
        d = self.spec.defaults
        args = [f"{k}={_code_value(v, k)}" for k, v in self.kwargs.items()
                if d.get(k) is _REQUIRED or not _same(v, d.get(k))]
        return f"{self.spec.label}({', '.join(args)})"

    def torch_code(self, optimizer_var: str = "optimizer", steps: int | None = None) -> str:
        """Python lines that build the same torch scheduler as `scheduler` (torch and the optimizer in scope).

        `steps` is the run length, used only where optviz derives total_steps from it (OneCycleLR).
        """
        lines: list[str] = []
        _emit(self, optimizer_var, "scheduler", steps, lines, [0])
        return "\n".join(lines)

    def key(self) -> tuple:
        """A lossless, hashable description (cache key): the name and every keyword, arrays by value and
        functions (LambdaLR's lr_lambda …) by their code, constants and closure, unlike `repr`."""
        return ("schedule", self.name, value_key(self.kwargs))

    def __repr__(self):
        return f"optviz.schedule({self.name!r}, " + ", ".join(f"{k}={_code_value(v, k)}" for k, v in self.kwargs.items()) + ")"

    def __reduce__(self):
        return (Schedule, (self.name, self.kwargs))

    def __eq__(self, other):
        return isinstance(other, Schedule) and self.name == other.name and self.kwargs.keys() == other.kwargs.keys() \
            and all(_same(v, other.kwargs[k]) for k, v in self.kwargs.items())

    __hash__ = None


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape and bool(np.all(a == b))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a is b or (type(a) is type(b) and a == b) or (
        isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and a == b)


def _as_base(base_lr):
    a = np.asarray(base_lr, dtype=np.float64)
    if np.any(a < 0):
        raise ValueError(f"Invalid learning rate: {base_lr}")
    return float(a) if a.ndim == 0 else a.copy()


def _build(s: Schedule, group: dict, span):
    """The twin of `s` on `group`; `span` is how many steps it will drive (None when unknown)."""
    kw = dict(s.kwargs)
    if s.name == "sequentiallr":
        starts = [0, *kw["milestones"]]
        ends = [*kw["milestones"], span]
        kw["schedulers"] = [_build(sub, group, None if e is None else max(e - b, 1))
                            for sub, b, e in zip(kw["schedulers"], starts, ends)]
    if s.name == "onecyclelr":
        kw["total_steps"] = _onecycle_total(kw, span)
    return s.spec.runtime(group, **kw)


def _onecycle_total(kw, span):
    if kw["total_steps"] is not None:
        return kw["total_steps"]
    if kw["epochs"] is not None:
        return kw["epochs"] * kw["steps_per_epoch"]
    return span if span is not None else DEFAULT_STEPS


# ---- construction ---------------------------------------------------------------------------------


def _coerce(spec: ScheduleSpec, name, v):
    """Numbers as torch sees them: whole numbers for `ints`, floats (or arrays [runs, 1]) for floats."""
    kinds = {p.name: p.kind for p in spec.params}
    if name in spec.ints:
        return None if v is None and spec.defaults.get(name) is None else whole(v, name)
    kind = kinds.get(name)
    if kind == "float" and v is not None:
        try:
            if isinstance(v, (bool, str)) or callable(v):
                raise TypeError
            a = np.asarray(v, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number or an array [runs, 1], got {v!r}") from None
        if a.ndim == 0:
            return float(a)
        return a.reshape(-1, 1) if a.ndim == 1 else a
    if kind == "bool":
        if not isinstance(v, (bool, np.bool_)):
            raise ValueError(f"{name} must be True or False, got {v!r}")
        return bool(v)
    if kind == "choice" and not isinstance(v, str):
        raise ValueError(f"{name} must be a string, got {v!r}")
    if name == "milestones":
        if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
            raise ValueError(f"milestones must be a list of whole numbers, got {v!r}")
        return [whole(m, "milestones") for m in v]
    return v


def schedule(name: str, **kwargs) -> Schedule:
    """A schedule by torch's class name in lower case, with torch's keywords and defaults.

    `schedule("steplr", step_size=30, gamma=0.1)`, `schedule("reducelronplateau", patience=5)`,
    `schedule("sequentiallr", schedulers=[…], milestones=[…])`. Unknown names or keywords, missing
    required keywords and out-of-range values raise ValueError.
    """
    key = str(name).lower()
    if key not in SCHEDULE_SPECS:
        raise ValueError(f"Unknown schedule {name!r}; available: {', '.join(SCHEDULES)}")
    spec = SCHEDULE_SPECS[key]
    unknown = set(kwargs) - set(spec.defaults)
    if unknown:
        raise ValueError(f"{spec.label} got unexpected keyword(s) {sorted(unknown)}; it takes {list(spec.defaults)}")
    full = {**spec.defaults, **kwargs}
    missing = [k for k, v in full.items() if v is _REQUIRED]
    if missing:
        raise ValueError(f"{spec.label} requires {', '.join(missing)}")
    full = {k: _coerce(spec, k, v) for k, v in full.items()}
    if spec.check is not None:
        spec.check(full)
    for k, low in spec.ints.items():
        if full[k] is not None and full[k] < low:
            raise ValueError(f"{spec.label}: {k} must be ≥ {low}, got {full[k]}")
    return Schedule(key, full)


def with_warmup(sched: Schedule | str, warmup_steps: int, start_factor: float = 1.0 / 3) -> Schedule:
    """Linear warm-up joined to `sched`: SequentialLR([LinearLR(start_factor, total_iters=W), sched],
    milestones=[W]).

    The lr climbs linearly from start_factor × lr to lr over W steps; at step W `sched` starts from its
    own step 0. A sequence is flattened (its milestones shift by W) because torch cannot nest one after
    a milestone. A ReduceLROnPlateau after the warm-up starts watching the loss at step W + 1 with a
    fresh record and the base lr (torch: call warmup.step() for W steps, then plateau.step(loss)).
    """
    if isinstance(sched, str):
        sched = schedule(sched)
    if not isinstance(sched, Schedule):
        raise ValueError(f"with_warmup expects a Schedule, got {type(sched).__name__}")
    W = whole(warmup_steps, "warmup_steps")
    if W < 1:
        raise ValueError(f"warmup_steps must be ≥ 1, got {warmup_steps}")
    ramp = schedule("linearlr", start_factor=start_factor, end_factor=1.0, total_iters=W)
    if sched.name == "sequentiallr":
        return schedule("sequentiallr", schedulers=[ramp, *sched.kwargs["schedulers"]],
                        milestones=[W, *(W + m for m in sched.kwargs["milestones"])])
    return schedule("sequentiallr", schedulers=[ramp, sched], milestones=[W])


# ---- torch code -----------------------------------------------------------------------------------

def _code_value(v, name="fn") -> str:
    if isinstance(v, np.ndarray):
        return f"array{list(v.shape)}"
    if isinstance(v, _LinearWarmup):
        return repr(v)
    if callable(v) and not isinstance(v, Schedule):
        n = getattr(v, "__name__", "")
        return n if n.isidentifier() else name
    if isinstance(v, tuple):
        return repr(list(v))
    return repr(v)


def _torch_kwargs(s: Schedule, opt: str, span) -> dict[str, str]:
    """Keyword → source text, with the values optviz derives (from the optimizer's lr, the run length)
    written out."""
    kw = s.kwargs
    if s.name == "constant":
        return {"factor": "1.0", "total_iters": "0"}
    if s.name == "warmup":
        return {"lr_lambda": repr(_LinearWarmup(kw["warmup_steps"]))}
    optimizer_lr = f'{opt}.defaults["lr"]'
    derived = {}
    if s.name == "cycliclr":
        derived["max_lr"] = optimizer_lr if kw["max_lr"] is None else _code_value(kw["max_lr"])
        derived["base_lr"] = f"{derived['max_lr']} / 10" if kw["base_lr"] is None else _code_value(kw["base_lr"])
    if s.name == "onecyclelr":
        if kw["max_lr"] is None:
            derived["max_lr"] = optimizer_lr
        if kw["epochs"] is None:
            derived["total_steps"] = repr(_onecycle_total(kw, span))
    return {k: derived.get(k) or _code_value(v, k) for k, v in kw.items() if v is not None or k in derived}


def _emit(s: Schedule, opt: str, var: str, span, lines: list, counter: list):
    if s.name != "sequentiallr":
        args = ", ".join([opt] + [f"{k}={v}" for k, v in _torch_kwargs(s, opt, span).items()])
        note = "  # keeps the lr constant" if s.name == "constant" else ""
        for k, v in s.kwargs.items():
            if callable(v) and not isinstance(v, (Schedule, _LinearWarmup)) and _code_value(v, k) == k:
                lines.append(f"# {k}: the function you gave optviz")
        lines.append(f"{var} = torch.optim.lr_scheduler.{s.torch_class}({args}){note}")
        return
    names = []
    starts = [0, *s.kwargs["milestones"]]
    ends = [*s.kwargs["milestones"], span]
    for sub, b, e in zip(s.kwargs["schedulers"], starts, ends):
        counter[0] += 1
        names.append(f"scheduler{counter[0]}")
        _emit(sub, opt, names[-1], None if e is None else max(e - b, 1), lines, counter)
    milestones = list(s.kwargs["milestones"])
    if not s.stateful:
        lines.append(f"{var} = torch.optim.lr_scheduler.SequentialLR({opt}, schedulers=[{', '.join(names)}], "
                     f"milestones={milestones})")
        return
    lines.append("# torch's SequentialLR refuses ReduceLROnPlateau: step by hand after each optimizer.step() (k = 0, 1, …)")
    if len(names) == 2 and s.kwargs["schedulers"][1].name == "reducelronplateau":
        W = milestones[0]
        lines += [f"#     if k + 1 < {W}: {names[0]}.step()",
                  f"#     elif k + 1 == {W}: {opt}.param_groups[0][\"lr\"] = {opt}.defaults[\"lr\"]  # hand-over",
                  f"#     else: {names[1]}.step(loss)"]
    else:
        lines.append(f"# switching at milestones {milestones}; at a milestone ReduceLROnPlateau restarts from "
                     f"{opt}.defaults[\"lr\"] and gets .step(loss) from the next step on, the others .step()")
    lines.append(f"{var} = [{', '.join(names)}]")
