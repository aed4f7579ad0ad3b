"""Gradient clipping per run, equal to torch.nn.utils.clip_grad_norm_ / clip_grad_value_.

`grads` is `[runs, dim]` (numpy or a torch tensor): each row is one run's whole gradient, as if
torch clipped that run's parameters on their own. Thresholds are scalars or arrays `[runs, 1]`.

    by norm:   g ← g · min(max_norm / (‖g‖_p + ε), 1)      (torch always multiplies, ε = 1e-6)
    by value:  g ← clamp(g, −c, c)
"""
from __future__ import annotations

import math

import numpy as np

from .optimizers._base import xp


def _is_torch(a) -> bool:
    return xp(a) is not np


def _as_threshold(v, like, name):
    """A float or a float64 array `[runs, 1]` (a tensor of `like`'s dtype when `like` is one)."""
    if isinstance(v, (list, tuple)) or (isinstance(v, np.ndarray) and v.ndim > 0):
        arr = np.asarray(v, dtype=np.float64)
        v = arr.reshape(-1, 1) if arr.ndim == 1 else arr
    elif _is_torch(v):
        v = v.detach().cpu().numpy().astype(np.float64)
    else:
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number or an array [runs, 1], got {v!r}") from None
    if np.any(np.isnan(v)) or np.any(np.asarray(v) < 0):
        raise ValueError(f"{name} must be ≥ 0, got {v}")
    if _is_torch(like) and isinstance(v, np.ndarray):
        import torch
        v = torch.as_tensor(v, dtype=like.dtype, device=like.device)
    return v


def _check_norm_type(norm_type) -> float:
    try:
        p = float(norm_type)
    except (TypeError, ValueError):
        raise ValueError(f"norm_type must be a positive number or inf, got {norm_type!r}") from None
    if not p > 0:  # also rejects nan
        raise ValueError(f"norm_type must be a positive number or inf, got {norm_type!r}")
    return p


def _check_grads(grads):
    if _is_torch(grads):
        return grads
    if isinstance(grads, np.ndarray) and grads.dtype.kind == "f":
        return grads
    try:
        return np.asarray(grads, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("grads must be a numeric array [runs, dim]") from None


def grad_norm(grads, norm_type=2.0):
    r"""‖g‖_p of each run (last axis), kept as `[runs, 1]`: torch's `total_norm` for that run.

    p = ∞ is max |gᵢ|; otherwise (Σ |gᵢ|^p)^{1/p}.
    """
    grads = _check_grads(grads)
    p = _check_norm_type(norm_type)
    if _is_torch(grads):
        import torch
        return torch.linalg.vector_norm(grads, ord=p, dim=-1, keepdim=True)
    a = np.abs(grads)
    if a.shape[-1] == 0:
        return np.zeros(a.shape[:-1] + (1,), dtype=a.dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        if math.isinf(p):
            return a.max(axis=-1, keepdims=True)
        if p == 1.0:
            return a.sum(axis=-1, keepdims=True)
        if p == 2.0:
            return np.sqrt((a * a).sum(axis=-1, keepdims=True))
        return (a ** p).sum(axis=-1, keepdims=True) ** (1.0 / p)


def clip_grad_norm(grads, max_norm, norm_type=2.0, eps=1e-6):
    r"""Rescale each run's gradient so its p-norm is at most `max_norm` (torch's clip_grad_norm_).

    g ← g · min(max_norm / (‖g‖_p + ε), 1). Like torch, the factor is applied to every run (it is 1
    below the threshold) and a non-finite norm turns that run's gradient into nan/0 rather than failing.
    Returns a new array; `grads` is not modified.
    """
    grads = _check_grads(grads)
    max_norm = _as_threshold(max_norm, grads, "max_norm")
    eps = _as_threshold(eps, grads, "eps")
    norm = grad_norm(grads, norm_type)
    if _is_torch(grads):
        import torch
        return grads * torch.clamp(max_norm / (norm + eps), max=1.0)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):   # inf/nan runs: as torch, no error
        return grads * np.minimum(max_norm / (norm + eps), 1.0).astype(grads.dtype, copy=False)


def clip_grad_value(grads, clip_value):
    r"""Clamp every gradient entry into [−c, c] (torch's clip_grad_value_). Returns a new array."""
    grads = _check_grads(grads)
    c = _as_threshold(clip_value, grads, "clip_value")
    if _is_torch(grads):
        import torch
        c = torch.as_tensor(c, dtype=grads.dtype, device=grads.device)
        return torch.minimum(torch.maximum(grads, -c), c)
    return np.minimum(np.maximum(grads, -c), c).astype(grads.dtype, copy=False)
