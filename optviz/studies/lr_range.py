"""The learning-rate range test (fastai's lr finder): one core (ramp, smoothing, stop rule,
suggestions, the `RangeTest` result) and its surface driver `range_test`; the network driver is
`optviz.nets.lr_range_test`, built on the same core.

    rt = range_test(surface("ravine", condition=25), [optimizer("sgd"), optimizer("adam")],
                    min_lr=1e-5, max_lr=10, steps=100)
    rt.tests[0].suggested_steep, rt.tests[0].suggested_min    # SGD's two suggestions
    rt.traj                                                   # the runs themselves (lr growing)

The lr grows exponentially, one step per value:  lr_t = min_lr · (max_lr / min_lr)^(t / (steps − 1)),
which is torch's ExponentialLR with base lr = min_lr and γ = (max_lr / min_lr)^(1 / (steps − 1)),
so every optimizer runs in one `optviz.run` call. At step t the test records the loss at the
current point (before the step that uses lr_t), as fastai and torch loops do.

Smoothing (bias-corrected exponential moving average, fastai's):
    a_t = β a_{t−1} + (1 − β) loss_t,  a_{−1} = 0;     s_t = a_t / (1 − β^{t+1})
Stop: once s_t > stop_factor · min_{i≤t} s_i (the loss has blown up), or the run diverged.
Suggestions, both read off the smoothed curve up to the stop:
    steep:   the lr where s falls fastest per unit of log lr (ignoring the first 10 % and last 5 steps),
    minimum: the lr at the lowest s, divided by 10 (one decade before the loss turns up).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter

from .._checks import number, optimizer_list, whole
from ..optimizers import Optimizer, optimizer
from ..runner import Trajectories, run
from ..schedules import schedule

MAX_STEPS = 2000
BETA = 0.98
STOP_FACTOR = 4.0
TAIL = 5                 # last smoothed points the steep suggestion ignores (they already blow up)


def ramp_label(opt: Optimizer) -> str:
    """The optimizer's label without its lr (the test replaces it): "SGD(momentum=0.9)", "Adam"."""
    defaults = opt.spec.defaults
    diff = [f"{k}={v!r}" for k, v in opt.hyper.items() if k != "lr" and not np.array_equal(v, defaults.get(k))]
    return f"{opt.spec.label}({', '.join(diff)})" if diff else opt.spec.label


def lr_ramp(min_lr: float, max_lr: float, steps: int) -> np.ndarray:
    """[steps] log-evenly spaced lrs from min_lr to max_lr (both included)."""
    return min_lr * (max_lr / min_lr) ** (np.arange(steps) / (steps - 1))


def smooth(losses, beta: float = BETA) -> np.ndarray:
    """Bias-corrected EMA along the last axis: s_t = a_t / (1 − β^{t+1}), a_t = β a_{t−1} + (1 − β) loss_t."""
    losses = np.asarray(losses, dtype=np.float64)
    t = np.arange(losses.shape[-1])
    a = lfilter([1.0 - beta], [1.0, -beta], losses, axis=-1)
    return a / (1.0 - beta ** (t + 1))


def blown(smoothed, stop_factor: float = STOP_FACTOR) -> np.ndarray:
    """[..., T] the stop rule: True where s_t > stop_factor · min_{i≤t} s_i (the loss has blown up)."""
    s = np.asarray(smoothed, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return s > stop_factor * np.minimum.accumulate(s, axis=-1)


def stop_index(smoothed, stop_factor: float = STOP_FACTOR, valid=None) -> np.ndarray:
    """[...] how many points each test keeps: up to and including the first t with
    s_t > stop_factor · min_{i≤t} s_i, and never past the first invalid point (`valid` [..., T] bool)."""
    b = blown(smoothed, stop_factor)
    T = b.shape[-1]
    first_blown = np.where(b.any(-1), b.argmax(-1) + 1, T)
    if valid is None:
        return first_blown
    first_bad = np.where((~valid).any(-1), (~valid).argmax(-1), T)
    return np.minimum(first_blown, first_bad)


def over(losses, beta: float = BETA, stop_factor: float = STOP_FACTOR) -> bool:
    """True once a test that has recorded `losses` so far must stop: its last loss is not finite,
    or its smoothed curve has blown up (a driver that steps one lr at a time asks after each step)."""
    return not np.isfinite(losses[-1]) or bool(blown(smooth(losses, beta), stop_factor)[-1])


def suggest(lrs, smoothed, n=None) -> tuple[np.ndarray, np.ndarray]:
    """(steep, minimum/10) lrs from the first n[...] points of each smoothed curve [..., T].

    steep: argmin over t ∈ [n//10, max(n//10 + 2, n − 5) − 1) of (s_{t+1} − s_t) / (log lr_{t+1} − log lr_t);
    minimum: lr at argmin s over the first n points, ÷ 10. (With fewer than 3 points, steep = lr_0.)
    """
    lrs = np.asarray(lrs, dtype=np.float64)
    s = np.asarray(smoothed, dtype=np.float64)
    T = s.shape[-1]
    lrs = np.broadcast_to(lrs, s.shape)
    n = np.full(s.shape[:-1], T) if n is None else np.asarray(n)
    t = np.arange(T)
    inside = t < n[..., None]
    at_min = np.where(inside, s, np.inf).argmin(-1)
    minimum = np.take_along_axis(lrs, at_min[..., None], -1)[..., 0] / 10

    lo = n // 10
    hi = np.maximum(lo + 2, n - TAIL)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.diff(s, axis=-1) / np.diff(np.log(lrs), axis=-1)
    window = (t[:-1] >= lo[..., None]) & (t[:-1] < hi[..., None] - 1) & (t[:-1] + 1 < n[..., None])
    steepest = np.where(window, slope, np.inf).argmin(-1)
    enough = window.any(-1)
    steep = np.where(enough, np.take_along_axis(lrs, steepest[..., None], -1)[..., 0], lrs[..., 0])
    return steep, minimum


@dataclass(frozen=True, eq=False)
class RangeTest:
    """One optimizer's range test (surface or network): the points kept up to the stop.

    lrs, losses, smoothed [n]; suggested_steep: lr where the smoothed loss falls fastest (per unit of
    log lr); suggested_min: lr at the smallest smoothed loss, divided by 10; stopped_early: the loss
    blew up (or the run diverged) before max_lr; diverged: the test stopped because the run itself
    diverged (non-finite loss or escape), before the smoothed loss passed stop_factor × best.
    """
    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    suggested_steep: float
    suggested_min: float
    stopped_early: bool
    label: str = ""
    color_key: str = ""
    diverged: bool = False


def check_settings(min_lr, max_lr, steps, beta, stop_factor) -> tuple:
    """(min_lr, max_lr, steps, beta, stop_factor) checked: 0 < min_lr < max_lr < ∞, 5 ≤ steps ≤ MAX_STEPS,
    0 ≤ β < 1, stop_factor ≥ 1."""
    min_lr, max_lr = number(min_lr, "min_lr"), number(max_lr, "max_lr")
    if not (0 < min_lr < max_lr and np.isfinite(max_lr)):
        raise ValueError(f"need 0 < min_lr < max_lr, got {min_lr}, {max_lr}")
    steps = whole(steps, "steps", 5, MAX_STEPS)
    beta = number(beta, "beta")
    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    stop_factor = number(stop_factor, "stop_factor", 1.0)
    return min_lr, max_lr, steps, beta, stop_factor


def results(lrs, losses, steps: int, beta: float = BETA, stop_factor: float = STOP_FACTOR, diverged_at=None,
            labels=(), color_keys=()) -> tuple:
    """One RangeTest per row of losses [O, T] recorded at lrs [O, T] (T ≤ steps, the ramp's length).

    diverged_at [O]: where each run diverged (−1: never); a non-finite loss also counts as a divergence.
    Keeps each row up to its stop (`stop_index`, never past the divergence) and reads the suggestions
    off the kept points.
    """
    losses = np.asarray(losses, dtype=np.float64)
    O, T = losses.shape
    lrs = np.broadcast_to(np.asarray(lrs, dtype=np.float64), (O, T))
    bad = ~np.isfinite(losses)
    d = np.where(bad.any(-1), bad.argmax(-1), -1)
    if diverged_at is not None:
        given = np.asarray(diverged_at).reshape(O)
        d = np.where((given >= 0) & ((d < 0) | (given < d)), given, d)
    valid = np.arange(T) < np.where(d >= 0, d, T + 1)[:, None]
    sm = smooth(losses, beta)
    n = stop_index(sm, stop_factor, valid)
    diverged = (d >= 0) & (d <= stop_index(sm, stop_factor))      # the divergence, not the blow-up, stopped it
    steep, minimum = suggest(lrs, sm, n)
    labels, color_keys = list(labels) + [""] * (O - len(labels)), list(color_keys) + [""] * (O - len(color_keys))
    return tuple(RangeTest(lrs=lrs[i, :n[i]].copy(), losses=losses[i, :n[i]].copy(), smoothed=sm[i, :n[i]].copy(),
                           suggested_steep=float(steep[i]), suggested_min=float(minimum[i]),
                           stopped_early=bool(n[i] < steps), label=labels[i], color_key=color_keys[i],
                           diverged=bool(diverged[i]))
                 for i in range(O))


@dataclass(frozen=True, eq=False)
class RangeTests:
    """What `range_test` returns: one RangeTest per optimizer, the runs, and the loss reference.

    The recorded loss is f − f_ref ≥ 0 (f_ref: the surface's minimum, else the lowest value on its grid),
    so "4 × the best" means the same on every surface.
    """
    tests: tuple
    traj: Trajectories
    f_ref: float
    min_lr: float
    max_lr: float
    beta: float
    stop_factor: float


def range_test(surface, optimizers, start=None, min_lr: float = 1e-5, max_lr: float = 10.0, steps: int = 100,
               beta: float = BETA, stop_factor: float = STOP_FACTOR, noise: float = 0.0, seed: int = 0) -> RangeTests:
    """fastai's lr range test for every optimizer of `optimizers` (their own lr is replaced by the ramp),
    from `start` (default: the surface's first suggested start), all in one `optviz.run`.

    noise: std of Gaussian gradient noise (as in `run`), which the smoothing is there to tame.
    """
    optimizers = optimizer_list(optimizers, "range_test")
    min_lr, max_lr, steps, beta, stop_factor = check_settings(min_lr, max_lr, steps, beta, stop_factor)
    if not stop_factor > 1:
        raise ValueError(f"stop_factor must be > 1, got {stop_factor}")
    ramped = [optimizer(o.name, **{**o.hyper, "lr": min_lr}) for o in optimizers]
    gamma = (max_lr / min_lr) ** (1.0 / (steps - 1))
    start = surface.starts[0] if start is None else start
    traj = run(surface, ramped, starts=[list(start)], steps=steps, schedule=schedule("exponentiallr", gamma=gamma),
               noise=noise, seed=seed)

    labels = tuple(ramp_label(o) for o in optimizers)
    traj = dataclasses.replace(traj, labels=labels)           # the lr is the ramp's
    f_ref = _reference(surface)
    losses = np.maximum(traj.losses[:, 0, :steps] - f_ref, 0.0)
    tests = results(traj.lrs[:, 0, :], losses, steps, beta, stop_factor, diverged_at=traj.diverged_at[:, 0],
                    labels=labels, color_keys=[o.color_key for o in optimizers])
    return RangeTests(tests=tests, traj=traj, f_ref=f_ref, min_lr=min_lr, max_lr=max_lr, beta=beta,
                      stop_factor=stop_factor)


def _reference(surface) -> float:
    """The loss floor: f_min when known, else the lowest value on the surface's plotting grid."""
    if surface.f_min is not None:
        return float(surface.f_min)
    if getattr(surface, "grid_min", None) is not None:
        return float(surface.grid_min)
    return float(np.nanmin(surface.grid(120)[2]))
