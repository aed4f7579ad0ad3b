"""The one hashing rule of the cached layer, and the one way optimizers arrive in it.

`cached(...)` is `st.cache_data` whose arguments of optviz's value types hash by their lossless `key()`
(Optimizer, Surface, Schedule, also inside tuples and lists): two schedules that differ only in an array
or a lambda get different entries (their `repr` would not tell them apart). Every cached call below
is declared with it.

Optimizers travel as `opt_key(name, hyper)` tuples (hashable, stable in the URL-driven widgets);
`optimizers(keys)` / `optimizer_of(key)` build them, here only.
"""
from __future__ import annotations

import streamlit as st

import optviz
from optviz.nets import amp, parallel
from optviz.studies import inside
from optviz.studies import lrlab
from optviz.studies import maps
from optviz.optimizers import Optimizer
from optviz.schedules import Schedule
from optviz.surfaces import Surface


def _key(value) -> tuple:
    return value.key()


HASH_FUNCS = {Optimizer: _key, Surface: _key, Schedule: _key}


def cached(*, max_entries: int, **kwargs):
    """`st.cache_data(max_entries=…, show_spinner=False, hash_funcs=HASH_FUNCS, **kwargs)`."""
    return st.cache_data(max_entries=max_entries, show_spinner=False, hash_funcs=HASH_FUNCS, **kwargs)


def opt_key(name: str, hyper: dict) -> tuple:
    """A hashable description of one optimizer: (name, ((key, value), …))."""
    return name, tuple(sorted(hyper.items()))


def optimizer_of(key) -> Optimizer:
    """The Optimizer an `opt_key` tuple (or an Optimizer) describes."""
    if isinstance(key, Optimizer):
        return key
    name, hyper = key
    return optviz.optimizer(name, **dict(hyper))


def optimizers(keys) -> list[Optimizer]:
    """`optimizer_of` for each of `keys`."""
    return [optimizer_of(k) for k in keys]


def schedule_key(schedule):
    """A plain, lossless description of a schedule argument (None, a Schedule, or one per optimizer)."""
    if schedule is None:
        return None
    if isinstance(schedule, (list, tuple)):
        return tuple(schedule_key(s) for s in schedule)
    return schedule.key()


# ---- 2-D runs ----------------------------------------------------------------------------------------

def run(surface, opt_keys: tuple, starts: tuple, steps: int, schedule=None, clip_norm=None,
        clip_value=None, noise=0.0, batch_size=None, seed=0):
    """optviz.run on hashable inputs (surfaces and schedules hash by their lossless key()), cached one
    optimizer at a time: in optviz.run an optimizer's runs do not depend on the others' (common noise
    draws, clipping per run, a schedule of its own), so a change to one optimizer reruns that one alone."""
    per = list(schedule) if isinstance(schedule, (list, tuple)) else [schedule] * len(opt_keys)
    if len(per) != len(opt_keys):              # optviz.run says what is wrong
        return _run(surface, tuple(opt_keys), starts, steps, tuple(per), clip_norm, clip_value, noise,
                    batch_size, seed)
    return optviz.Trajectories.concat(
        _run(surface, (k,), starts, steps, s, clip_norm, clip_value, noise, batch_size, seed)
        for k, s in zip(opt_keys, per))


@cached(max_entries=256)
def _run(surface, opt_keys: tuple, starts: tuple, steps: int, schedule, clip_norm, clip_value, noise,
         batch_size, seed):
    return optviz.run(surface, optimizers(opt_keys), starts=[list(s) for s in starts], steps=steps, schedule=schedule,
                      clip_grad_norm=clip_norm, clip_grad_value=clip_value, noise=noise,
                      batch_size=batch_size, seed=seed)


run.clear = _run.clear


# ---- the learning-rate and schedule labs -------------------------------------------------------------

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


# ---- inside the optimizer, batch noise, clipping -----------------------------------------------------

@cached(max_entries=64)
def inside_trace(opt_key: tuple, grads: tuple, theta0: float = 0.0) -> dict:
    """optviz.inside.trace for one optimizer fed `grads`."""
    return inside.trace(optimizer_of(opt_key), list(grads), theta0)


@cached(max_entries=32)
def inside_path(opt_key: tuple, surface, start: tuple, steps: int) -> dict:
    """optviz.inside.trace_path: the state along a 2-D run on `surface`."""
    return inside.trace_path(optimizer_of(opt_key), surface, start, steps)


@cached(max_entries=32)
def first_steps(opt_key: tuple, grads: tuple):
    """|Δθ₁| for each gradient in `grads`, one run each."""
    return inside.first_step_sizes(optimizer_of(opt_key), list(grads))


@cached(max_entries=48)
def batch_runs(surface, opt_key: tuple, start: tuple, steps: int, noise: float, batch_sizes: tuple,
               dataset_size: int, seed: int) -> tuple:
    """One optviz.run per batch size (same seed, so every batch size sees the same noise draws,
    scaled by its own std)."""
    opt = optimizer_of(opt_key)
    return tuple(optviz.run(surface, [opt], starts=[list(start)], steps=steps, noise=noise, batch_size=b,
                            dataset_size=dataset_size, seed=seed) for b in batch_sizes)


@cached(max_entries=48)
def clip_runs(surface, opt_key: tuple, start: tuple, steps: int, max_norm: float, clip_value: float) -> tuple:
    """The same optimizer without clipping, with norm clipping and with value clipping."""
    opt = optimizer_of(opt_key)
    kw = dict(starts=[list(start)], steps=steps)
    return (optviz.run(surface, [opt], **kw),
            optviz.run(surface, [opt], clip_grad_norm=max_norm, **kw),
            optviz.run(surface, [opt], clip_grad_value=clip_value, **kw))


# ---- maps, fair comparison, evidence -----------------------------------------------------------------

@cached(max_entries=24)
def stability(surface, name: str, hyper: tuple, lr_range: tuple, n_lr: int, beta_range: tuple, n_beta: int,
              start: tuple, steps: int, tol: float):
    """maps.stability_map on hashable inputs (hyper as sorted (key, value) pairs)."""
    return maps.stability_map(surface, name, dict(hyper), lr_range=lr_range, n_lr=n_lr, beta_range=beta_range,
                              n_beta=n_beta, start=start, steps=steps, tol=tol)


@cached(max_entries=24)
def basins(surface, opt_keys: tuple, n: int, steps: int):
    """maps.basin_map for optimizers given as opt_key tuples."""
    return maps.basin_map(surface, optimizers(opt_keys), n=n, steps=steps)


@cached(max_entries=24)
def fair(surface, variants: tuple, budget: int, lr_range: tuple, beta_range: tuple, tune_beta: bool,
         search: str, seed: int, n_starts: int, steps: int):
    """maps.tune with the surface's first `n_starts` suggested starts."""
    return maps.tune(surface, [(name, dict(h)) for name, h in variants], budget, lr_range=lr_range,
                     beta_range=beta_range, tune_beta=tune_beta, search=search, seed=seed,
                     starts=surface.starts[:n_starts], steps=steps)


@cached(max_entries=16)
def evidence(surfaces: tuple, n_lr: int, steps: int, lr_choice: str, lr_range: tuple = (1e-4, 1.0)):
    """maps.evidence: the note's five optimizers on the chosen surfaces."""
    return maps.evidence(surfaces, n_lr=n_lr, steps=steps, lr_choice=lr_choice, lr_range=tuple(lr_range))


@cached(max_entries=4)
def network_evidence(data: str, epochs: int):
    """maps.network_evidence: the note's five on a small real network (one seed)."""
    return maps.network_evidence(data, epochs=epochs)


# ---- mixed precision, data parallel ------------------------------------------------------------------

@cached(max_entries=32)
def precision_runs(data: str, opt_key: tuple, epochs: int, batch_size: int, hidden: tuple, seed: int,
                   init_scale: float, growth_factor: float, backoff_factor: float, growth_interval: int,
                   loss_factor: float):
    """optviz.amp.train_precisions: float32, float16, float16 + dynamic loss scaling."""
    return amp.train_precisions(data, optimizer_of(opt_key), epochs=epochs, batch_size=batch_size, hidden=hidden, seed=seed,
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
    return parallel.surface_runs(surface, optimizer_of(opt_key), start, workers=workers, batch_size=batch_size, noise=noise,
                                 dataset_size=dataset_size, steps=steps, seed=seed, scale_lr=scale_lr)
