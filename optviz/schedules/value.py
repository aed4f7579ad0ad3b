"""The Schedule value: plain data that steps, gives its lr table and prints its torch code."""
from __future__ import annotations

import copy
import numpy as np
from dataclasses import dataclass, field
from typing import Any

from .._checks import whole
from .._keys import value_key
from .twins import DEFAULT_STEPS, _LinearWarmup, _SequentialLR
from .registry import SCHEDULE_SPECS, ScheduleSpec, _REQUIRED


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
        from ..torch_code import schedule_code
        return schedule_code(self, optimizer_var, steps)

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
