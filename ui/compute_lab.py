"""Cached calls for the learning-rate lab and the schedule lab. Hyperparameters arrive as sorted
(key, value) tuples (`hyper_items`), surfaces and schedules hash by their lossless key()."""
from __future__ import annotations

from optviz.studies import lrlab

from .cached import cached


def hyper_items(hyper: dict) -> tuple:
    return tuple(sorted(hyper.items()))


@cached(max_entries=64)
def sweep(surface, name: str, hyper: tuple, start: tuple, steps: int, low: float, high: float, n: int):
    """lrlab.lr_sweep over n log-spaced lrs from low to high."""
    return lrlab.lr_sweep(surface, name, dict(hyper), start, steps, lrlab.lr_grid(low, high, n))


@cached(max_entries=64)
def lr_runs(surface, name: str, hyper: tuple, lrs: tuple, start: tuple, steps: int):
    """lrlab.run_lrs: the same optimizer at each lr of `lrs`."""
    return lrlab.run_lrs(surface, name, dict(hyper), lrs, start, steps)


@cached(max_entries=64)
def schedule_runs(surface, name: str, hyper: tuple, schedule, start: tuple, steps: int, noise: float, seed: int):
    """lrlab.schedule_vs_constant: run 0 with `schedule`, run 1 at constant lr."""
    return lrlab.schedule_vs_constant(surface, name, dict(hyper), schedule, start, steps, noise=noise, seed=seed)
