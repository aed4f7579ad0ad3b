"""Building schedules: schedule(name, **kwargs) with torch's checks, and with_warmup."""
from __future__ import annotations

import numpy as np

from .._checks import registry_entry, whole
from .registry import SCHEDULES, SCHEDULE_SPECS, ScheduleSpec, _REQUIRED
from .value import Schedule


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
    if name == "schedulers" and not isinstance(v, (str, bytes)) and hasattr(v, "__iter__"):
        for i, s in enumerate(v):
            if not isinstance(s, Schedule):
                raise ValueError(f"SequentialLR: schedulers[{i}] must be an optviz Schedule, got {type(s).__name__}")
        return v
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
    key, spec = registry_entry(SCHEDULE_SPECS, name, "schedule", SCHEDULES, kwargs, "keyword")
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
