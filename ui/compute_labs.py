"""Cached calls for the "Inside the optimizer", "Batch size & noise" and "Gradient clipping" pages.

Arguments are hashable (optimizers as `ui.compute.opt_key` tuples, surfaces by their lossless key());
results are plain numpy records, so reruns after a widget change that touches nothing here are free.
"""
from __future__ import annotations

import optviz
from optviz.studies import inside

from .cached import cached, optimizer_of as _opt


@cached(max_entries=64)
def inside_trace(opt_key: tuple, grads: tuple, theta0: float = 0.0) -> dict:
    """optviz.inside.trace for one optimizer fed `grads`."""
    return inside.trace(_opt(opt_key), list(grads), theta0)


@cached(max_entries=32)
def inside_path(opt_key: tuple, surface, start: tuple, steps: int) -> dict:
    """optviz.inside.trace_path: the state along a 2-D run on `surface`."""
    return inside.trace_path(_opt(opt_key), surface, start, steps)


@cached(max_entries=32)
def first_steps(opt_key: tuple, grads: tuple):
    """|Δθ₁| for each gradient in `grads`, one run each."""
    return inside.first_step_sizes(_opt(opt_key), list(grads))


@cached(max_entries=48)
def batch_runs(surface, opt_key: tuple, start: tuple, steps: int, noise: float, batch_sizes: tuple,
               dataset_size: int, seed: int) -> tuple:
    """One optviz.run per batch size (same seed, so every batch size sees the same noise draws,
    scaled by its own std)."""
    opt = _opt(opt_key)
    return tuple(optviz.run(surface, [opt], starts=[list(start)], steps=steps, noise=noise, batch_size=b,
                            dataset_size=dataset_size, seed=seed) for b in batch_sizes)


@cached(max_entries=48)
def clip_runs(surface, opt_key: tuple, start: tuple, steps: int, max_norm: float, clip_value: float) -> tuple:
    """The same optimizer without clipping, with norm clipping and with value clipping."""
    opt = _opt(opt_key)
    kw = dict(starts=[list(start)], steps=steps)
    return (optviz.run(surface, [opt], **kw),
            optviz.run(surface, [opt], clip_grad_norm=max_norm, **kw),
            optviz.run(surface, [opt], clip_grad_value=clip_value, **kw))
