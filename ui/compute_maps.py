"""Cached calls into optviz.maps for the map pages. Arguments are plain hashable values
(surfaces hash by their lossless key()); results are optviz records."""
from __future__ import annotations

from optviz.studies import maps

from .cached import cached, optimizers


@cached(max_entries=24)
def stability(surface, name: str, hyper: tuple, lr_range: tuple, n_lr: int, beta_range: tuple, n_beta: int,
              start: tuple, steps: int, tol: float):
    """maps.stability_map on hashable inputs (hyper as sorted (key, value) pairs)."""
    return maps.stability_map(surface, name, dict(hyper), lr_range=lr_range, n_lr=n_lr, beta_range=beta_range,
                              n_beta=n_beta, start=start, steps=steps, tol=tol)


@cached(max_entries=24)
def basins(surface, opt_keys: tuple, n: int, steps: int):
    """maps.basin_map for optimizers given as ui.compute.opt_key tuples."""
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
