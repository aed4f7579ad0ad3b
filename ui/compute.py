"""Cached calls into optviz. Arguments are plain hashable values; results are optviz records."""
from __future__ import annotations

import streamlit as st

import optviz
from optviz.schedules import Schedule
from optviz.surfaces import Surface

# Surfaces and schedules are described completely by their repr (name + keyword arguments).
HASH_FUNCS = {Surface: repr, Schedule: repr}


def opt_key(name: str, hyper: dict) -> tuple:
    """A hashable description of one optimizer: (name, ((key, value), …))."""
    return name, tuple(sorted(hyper.items()))


@st.cache_data(max_entries=128, show_spinner=False, hash_funcs=HASH_FUNCS)
def run(surface, opt_keys: tuple, starts: tuple, steps: int, schedule=None, clip_norm=None,
        clip_value=None, noise=0.0, batch_size=None, seed=0):
    """optviz.run on hashable inputs (surfaces and schedules hash by their repr)."""
    opts = [optviz.optimizer(n, **dict(h)) for n, h in opt_keys]
    return optviz.run(surface, opts, starts=[list(s) for s in starts], steps=steps, schedule=schedule,
                      clip_grad_norm=clip_norm, clip_grad_value=clip_value, noise=noise,
                      batch_size=batch_size, seed=seed)
