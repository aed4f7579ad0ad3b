"""Gradient clipping on a surface, measured: where a run hits the wall, the gradient it used and the
step it took per step, and the raw and clipped gradients at the wall (figures/clipping.py draws them)."""
from __future__ import annotations

import dataclasses

import numpy as np

from ..clipping import clip_grad_norm, clip_grad_value
from ..runner import Trajectories

WALL_FACTOR = 10.0   # a step "hits the wall" when its gradient is this many times larger than at the start


def merge_runs(trajs, labels) -> Trajectories:
    """Runs of one optimizer from separate `optviz.run` calls as one record, one 'optimizer' each."""
    cat = lambda field: np.concatenate([getattr(tr, field) for tr in trajs], 0)   # noqa: E731
    return dataclasses.replace(
        trajs[0], positions=cat("positions"), losses=cat("losses"), lrs=cat("lrs"), grad_norms=cat("grad_norms"),
        diverged_at=cat("diverged_at"), labels=tuple(labels), names=sum((tr.names for tr in trajs), ()),
        color_keys=sum((tr.color_keys for tr in trajs), ()))


def wall_step(raw_norms, factor: float = WALL_FACTOR) -> int:
    """First step whose gradient norm exceeds `factor` × the norm at the start; −1 if none."""
    raw = np.asarray(raw_norms, dtype=float)
    hit = raw[1:] > factor * max(raw[0], 1e-12)
    return int(np.argmax(hit)) + 1 if hit.any() else -1


def clip_report(surface, traj, max_norm=None, clip_value=None) -> dict:
    """Per step of the first run of `traj` (noise-free): "raw" ‖g‖ before clipping, "used" ‖g‖ after
    clipping (what the optimizer stepped with), "step" ‖θ_{k+1} − θ_k‖, and "wall" (see `wall_step`)."""
    p = traj.positions[0, 0]
    g = np.asarray(surface.grad(p[:-1]), dtype=float)
    if max_norm is not None:
        g = clip_grad_norm(g, max_norm)
    if clip_value is not None:
        g = clip_grad_value(g, clip_value)
    raw = traj.grad_norms[0, 0]
    return dict(raw=raw, used=np.sqrt((g * g).sum(-1)), step=np.sqrt((np.diff(p, axis=0) ** 2).sum(-1)),
                wall=wall_step(raw))


def wall_vectors(surface, traj, max_norm: float, clip_value: float) -> dict | None:
    """Where the first run of `traj` hits the wall: the point, its raw gradient, and that gradient
    clipped by norm and by value (torch's rules), and the run's colour key. None if it never hits the wall."""
    k = wall_step(traj.grad_norms[0, 0])
    if k < 0:
        return None
    point = traj.positions[0, 0, k]
    g = np.asarray(surface.grad(point[None]), dtype=float)
    return dict(step=k, point=point, raw=g[0], norm=clip_grad_norm(g, max_norm)[0],
                value=clip_grad_value(g, clip_value)[0], color_key=(traj.color_keys or traj.names)[0])


def turn_angle(a, b) -> float:
    """Angle between vectors a and b in degrees (0 = same direction)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    cos = float(a @ b) / max(float(np.hypot(*a) * np.hypot(*b)), 1e-300)
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
