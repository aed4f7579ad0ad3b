"""Cached calls for the "Mixed precision" and "Data parallel" pages.

Arguments are hashable (optimizers as `ui.compute.opt_key` tuples, surfaces by their lossless key());
results are optviz records of numpy arrays.
"""
from __future__ import annotations

from optviz.nets import amp, parallel

from .cached import cached, optimizer_of as _opt


@cached(max_entries=32)
def precision_runs(data: str, opt_key: tuple, epochs: int, batch_size: int, hidden: tuple, seed: int,
                   init_scale: float, growth_factor: float, backoff_factor: float, growth_interval: int,
                   loss_factor: float):
    """optviz.amp.train_precisions: float32, float16, float16 + dynamic loss scaling."""
    return amp.train_precisions(data, _opt(opt_key), epochs=epochs, batch_size=batch_size, hidden=hidden, seed=seed,
                                init_scale=init_scale, growth_factor=growth_factor, backoff_factor=backoff_factor,
                                growth_interval=growth_interval, loss_factor=loss_factor)


@cached(max_entries=32)
def ddp_step(data: str, workers: int, batch_size: int, hidden: tuple, seed: int, step: int):
    """optviz.parallel.data_parallel_step: K workers' gradients, the all-reduce, the big batch."""
    return parallel.data_parallel_step(data, workers=workers, batch_size=batch_size, hidden=hidden, seed=seed,
                                       step=step)


@cached(max_entries=16)
def ddp_noise(data: str, workers: tuple, batch_size: int, hidden: tuple, seed: int, draws: int):
    """optviz.parallel.gradient_noise for several K."""
    return parallel.gradient_noise(data, workers=workers, batch_size=batch_size, hidden=hidden, seed=seed,
                                   draws=draws)


@cached(max_entries=32)
def ddp_surface(surface, opt_key: tuple, start: tuple, workers: tuple, batch_size: int, noise: float,
                dataset_size: int, steps: int, seed: int, scale_lr: bool):
    """optviz.parallel.surface_runs: one 2-D run per K."""
    return parallel.surface_runs(surface, _opt(opt_key), start, workers=workers, batch_size=batch_size, noise=noise,
                                 dataset_size=dataset_size, steps=steps, seed=seed, scale_lr=scale_lr)
