"""Basin map: which minimum each start reaches, per optimizer."""
from __future__ import annotations

import numpy as np
from dataclasses import dataclass

from ..._checks import whole
from ...optimizers import Optimizer
from .batch import MAX_BASIN_OPTIMIZERS, MAX_LATTICE, MAX_MAP_STEPS, _hyper_runs, _positive, outcomes


# ---- basin map: which minimum each start reaches ------------------------------------------------

NOT_CONVERGED = -1
DIVERGED = -2


@dataclass(frozen=True, eq=False)
class BasinMap:
    """labels [O, n, n]: index into `minima` of the minimum each start reached (global minima first,
    then local ones), NOT_CONVERGED (−1) or DIVERGED (−2); starts[i, j] = (xs[j], ys[i])."""
    xs: np.ndarray
    ys: np.ndarray
    minima: np.ndarray
    n_global: int
    labels: np.ndarray
    optimizer_labels: tuple
    color_keys: tuple
    steps: int
    radius: float

    def fractions(self) -> np.ndarray:
        """[O, K + 2] share of starts per minimum, then not converged, then diverged."""
        O = self.labels.shape[0]
        flat = self.labels.reshape(O, -1)
        K = len(self.minima)
        counts = [(flat == k).mean(1) for k in range(K)] + [(flat == NOT_CONVERGED).mean(1), (flat == DIVERGED).mean(1)]
        return np.stack(counts, 1)


def known_minima(surface) -> tuple[np.ndarray, int]:
    """(all known minima [K, 2] with the global ones first, number of global ones)."""
    g = np.asarray(surface.minima, dtype=float).reshape(-1, 2)
    loc = np.asarray(getattr(surface, "local_minima", np.zeros((0, 2))), dtype=float).reshape(-1, 2)
    return np.concatenate([g, loc]), len(g)


def classify(final, diverged, minima, radius: float) -> np.ndarray:
    """Index of the minimum within `radius` of each final point, NOT_CONVERGED or DIVERGED."""
    final = np.asarray(final, dtype=float).reshape(-1, 2)
    out = np.full(len(final), NOT_CONVERGED)
    if len(minima):
        d = np.sqrt(((final[:, None, :] - np.asarray(minima)[None]) ** 2).sum(-1))   # [R, K]
        k = d.argmin(1)
        out = np.where(d[np.arange(len(final)), k] <= radius, k, NOT_CONVERGED)
    return np.where(np.asarray(diverged).reshape(-1), DIVERGED, out)


def basin_map(surface, optimizers, n: int = 60, steps: int = 500, box=None, radius: float | None = None) -> BasinMap:
    """Start every optimizer from each point of an n × n lattice over `box` (default: the surface's
    domain) and record which known minimum it ends within `radius` of (default 2 % of the larger
    domain span). One batched run per optimizer; at most 4 optimizers and 100 × 100 starts."""
    if isinstance(optimizers, Optimizer):
        optimizers = [optimizers]
    optimizers = list(optimizers)
    if not 1 <= len(optimizers) <= MAX_BASIN_OPTIMIZERS:
        raise ValueError(f"basin_map takes 1 to {MAX_BASIN_OPTIMIZERS} optimizers, got {len(optimizers)}")
    for o in optimizers:
        if not isinstance(o, Optimizer):
            raise ValueError(f"expected optviz.optimizer(...) values, got {type(o).__name__}")
        if _hyper_runs(o) != 1:
            raise ValueError("basin_map needs scalar hyperparameters (one value each)")
    n = whole(n, "n", 2, MAX_LATTICE)
    (x0, x1), (y0, y1) = surface.domain if box is None else box
    if not (np.isfinite([x0, x1, y0, y1]).all() and x0 < x1 and y0 < y1):
        raise ValueError(f"box must be ((x_min, x_max), (y_min, y_max)) with min < max, got {box!r}")
    (dx0, dx1), (dy0, dy1) = surface.domain
    radius = 0.02 * max(dx1 - dx0, dy1 - dy0) if radius is None else _positive(radius, "radius")
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    X, Y = np.meshgrid(xs, ys)
    starts = np.stack([X.ravel(), Y.ravel()], -1)
    minima, n_global = known_minima(surface)
    labels = []
    for o in optimizers:
        out = outcomes(surface, o, starts, steps)
        labels.append(classify(out.final, out.diverged, minima, radius).reshape(n, n))
    return BasinMap(xs=xs, ys=ys, minima=minima, n_global=n_global, labels=np.stack(labels),
                    optimizer_labels=tuple(o.label() for o in optimizers),
                    color_keys=tuple(o.color_key for o in optimizers), steps=whole(steps, "steps", 1, MAX_MAP_STEPS),
                    radius=radius)
