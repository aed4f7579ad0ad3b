"""Batches of 2-D runs that keep summaries only (final loss, divergence, steps to a target), the limits of every
map, and their argument checks."""
from __future__ import annotations

import os
import numpy as np
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ..._checks import whole
from ...optimizers import REGISTRY, Optimizer
from ...runner import MAX_RUNS, Bounds


MAX_GRID = 200          # stability map: at most 200 lrs × 200 βs
MAX_LATTICE = 100       # basin map: at most 100 × 100 starts per optimizer
MAX_BUDGET = 256        # fair comparison: at most 256 configurations per optimizer
MAX_MAP_STEPS = 2000    # steps of every map
MAX_BASIN_OPTIMIZERS = 4
GAP_FLOOR = 1e-16       # log-scale floor for "loss − minimum"
WORKERS = min(os.cpu_count() or 1, 4)   # threads for big batches
PARALLEL_CHUNK = 8192   # runs per thread at least

# ---- the batch runner that keeps summaries only -------------------------------------------------

@dataclass(frozen=True, eq=False)
class Outcome:
    """Per-run summary of a batch of runs (R runs).

    final [R, 2]: last position (the last finite one for a diverged run), final_loss [R],
    diverged_at [R]: first step whose point exploded or escaped (−1 if never), as in `optviz.run`;
    steps_to_target [R]: first step with loss ≤ target, counted only before diverging (−1 if never).
    """
    final: np.ndarray
    final_loss: np.ndarray
    diverged_at: np.ndarray
    steps_to_target: np.ndarray
    steps: int
    target: float | None

    @property
    def diverged(self) -> np.ndarray:
        return self.diverged_at >= 0

    @property
    def reached(self) -> np.ndarray:
        return self.steps_to_target >= 0


def outcomes(surface, opt: Optimizer, starts, steps: int = 500, target: float | None = None) -> Outcome:
    """Run `opt` (hyperparameters scalars or arrays [R, 1]) from `starts` ([R, 2] or one point [2])
    for `steps` steps and keep each run's summary.

    Same update order, divergence rule (`runner.Bounds`: |loss| > 1e30 or a point more than 1000
    domain spans from the centre) and freezing of diverged runs as `optviz.run`, so every number
    equals the one read off `optviz.run(...)` for the same run.
    """
    if not isinstance(opt, Optimizer):
        raise ValueError(f"expected optviz.optimizer(...), got {type(opt).__name__}")
    steps = whole(steps, "steps", 1, MAX_MAP_STEPS)
    runs = _hyper_runs(opt)
    P = np.asarray(starts, dtype=np.float64)
    if P.shape == (2,):
        P = np.tile(P, (runs, 1))
    if P.ndim != 2 or P.shape[1] != 2 or len(P) == 0:
        raise ValueError(f"starts must be one point [2] or an array [runs, 2], got shape {P.shape}")
    if not np.all(np.isfinite(P)):
        raise ValueError("starts must be finite numbers")
    if runs not in (1, len(P)):
        raise ValueError(f"{opt.spec.label}: hyperparameters have {runs} values but there are {len(P)} starts")
    if len(P) > MAX_RUNS:
        raise ValueError(f"{len(P)} runs exceed the cap of {MAX_RUNS}")
    if target is not None and not np.isfinite(target):
        raise ValueError(f"target must be a finite number, got {target}")
    chunks = min(WORKERS, len(P) // PARALLEL_CHUNK)
    if chunks < 2:
        return _outcomes(surface, opt, P, steps, target)
    # numpy releases the GIL inside each array operation: big batches step in threads, one chunk each
    bounds = np.linspace(0, len(P), chunks + 1).round().astype(int)
    parts = [(_take_opt(opt, slice(a, b), len(P)), P[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    with ThreadPoolExecutor(chunks) as pool:
        done = list(pool.map(lambda part: _outcomes(surface, part[0], part[1], steps, target), parts))
    return Outcome(final=np.concatenate([d.final for d in done]),
                   final_loss=np.concatenate([d.final_loss for d in done]),
                   diverged_at=np.concatenate([d.diverged_at for d in done]),
                   steps_to_target=np.concatenate([d.steps_to_target for d in done]), steps=steps, target=target)


def _outcomes(surface, opt, P, steps, target) -> Outcome:
    """The serial core of `outcomes` on validated inputs."""
    bounds = Bounds.of(surface)
    R = len(P)
    with np.errstate(all="ignore"):
        loss = np.asarray(surface.f(P), dtype=np.float64) + np.zeros(R)
        final, final_loss = P.copy(), loss.copy()
        diverged_at = np.where(bounds.loss_ok(loss), -1, 0)
        first = np.full(R, -1)
        if target is not None:
            first[(diverged_at < 0) & (loss <= target)] = 0
        # the batch holds the live runs only: rows[b] is the run that batch row b steps
        rows = np.flatnonzero(diverged_at < 0)
        if len(rows) < R:
            P, loss, opt = P[rows], loss[rows], _take_opt(opt, rows, R)
        state = opt.init(P)
        live = np.ones(len(rows), dtype=bool)
        for k in range(steps):
            if not len(rows):
                break
            new, state = opt.step(P, surface.grad(P), state)
            L = surface.f(new)
            ok = bounds.ok(L, new)
            dying = live & ~ok
            if dying.any():                     # a diverged run keeps its last good point and loss
                died = rows[dying]
                diverged_at[died], final[died], final_loss[died] = k + 1, P[dying], loss[dying]
                live &= ok
            if target is not None:
                hit = live & (L <= target)
                if hit.any():
                    fresh = rows[hit]
                    fresh = fresh[first[fresh] < 0]
                    first[fresh] = k + 1
            P, loss = new, L
            if live.sum() < 0.9 * len(live):    # drop the dead rows from the batch
                size = len(live)
                rows, P, loss = rows[live], P[live], loss[live]
                opt, state = _take_opt(opt, live, size), _take(state, live, size)
                live = np.ones(len(rows), dtype=bool)
        final[rows[live]], final_loss[rows[live]] = P[live], loss[live]
    return Outcome(final=final, final_loss=final_loss, diverged_at=diverged_at, steps_to_target=first,
                   steps=steps, target=target)


def _take(x, keep, size):
    """Rows `keep` of every per-run array (leading dimension `size`) inside an optimizer state."""
    if isinstance(x, np.ndarray):
        return x[keep] if x.ndim and x.shape[0] == size else x
    if isinstance(x, tuple):
        parts = [_take(v, keep, size) for v in x]
        return type(x)(*parts) if hasattr(x, "_fields") else tuple(parts)
    return x


def _take_opt(opt: Optimizer, keep, size) -> Optimizer:
    """The same optimizer restricted to the runs `keep` (per-run hyperparameter arrays sliced)."""
    return Optimizer(opt.name, {k: _take(v, keep, size) for k, v in opt.hyper.items()})


# ---- validation helpers ----------------------------------------------------------------------

def _spec(name):
    key = str(name).lower()
    if key not in REGISTRY:
        raise ValueError(f"Unknown optimizer {name!r}; available: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[key]


def _hyper_runs(opt: Optimizer) -> int:
    """How many runs the hyperparameters describe (1 when all are scalars)."""
    sizes = {1}
    for v in opt.hyper.values():
        for a in (v if isinstance(v, tuple) else (v,)):
            if isinstance(a, np.ndarray):
                sizes.add(a.shape[0])
    if len(sizes - {1}) > 1:
        raise ValueError(f"{opt.spec.label}: hyperparameter arrays have different lengths {sorted(sizes)}")
    return max(sizes)


def _positive(v, name) -> float:
    try:
        v = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {v!r}") from None
    if not (np.isfinite(v) and v > 0):
        raise ValueError(f"{name} must be a positive number, got {v}")
    return v


def _range(r, name, positive=False, allow_equal=False) -> tuple[float, float]:
    try:
        lo, hi = (float(a) for a in r)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high), got {r!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ValueError(f"{name} must be finite, got {r!r}")
    if positive and lo <= 0:
        raise ValueError(f"{name} must be positive, got {r!r}")
    if hi < lo or (hi == lo and not allow_equal):
        raise ValueError(f"{name} needs low < high, got {r!r}")
    return lo, hi
