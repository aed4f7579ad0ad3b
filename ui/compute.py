"""Cached calls into optviz. Arguments hash by `ui.cached`'s rule; results are optviz records."""
from __future__ import annotations

import optviz

from .cached import cached, opt_key, optimizers  # noqa: F401  (pages call compute.opt_key)


@cached(max_entries=128)
def run(surface, opt_keys: tuple, starts: tuple, steps: int, schedule=None, clip_norm=None,
        clip_value=None, noise=0.0, batch_size=None, seed=0):
    """optviz.run on hashable inputs (surfaces and schedules hash by their lossless key())."""
    return optviz.run(surface, optimizers(opt_keys), starts=[list(s) for s in starts], steps=steps, schedule=schedule,
                      clip_grad_norm=clip_norm, clip_grad_value=clip_value, noise=noise,
                      batch_size=batch_size, seed=seed)
