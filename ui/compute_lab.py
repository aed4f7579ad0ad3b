"""Cached calls for the learning-rate lab and the schedule lab. Hyperparameters arrive as sorted
(key, value) tuples (`hyper_items`), surfaces and schedules hash by their repr."""
from __future__ import annotations

import streamlit as st

from optviz import lrlab

from .compute import HASH_FUNCS


def hyper_items(hyper: dict) -> tuple:
    return tuple(sorted(hyper.items()))


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=HASH_FUNCS)
def sweep(surface, name: str, hyper: tuple, start: tuple, steps: int, low: float, high: float, n: int):
    """lrlab.lr_sweep over n log-spaced lrs from low to high."""
    return lrlab.lr_sweep(surface, name, dict(hyper), start, steps, lrlab.lr_grid(low, high, n))


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=HASH_FUNCS)
def lr_runs(surface, name: str, hyper: tuple, lrs: tuple, start: tuple, steps: int):
    """lrlab.run_lrs: the same optimizer at each lr of `lrs`."""
    return lrlab.run_lrs(surface, name, dict(hyper), lrs, start, steps)


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=HASH_FUNCS)
def schedule_runs(surface, name: str, hyper: tuple, schedule, start: tuple, steps: int, noise: float, seed: int):
    """lrlab.schedule_vs_constant: run 0 with `schedule`, run 1 at constant lr."""
    return lrlab.schedule_vs_constant(surface, name, dict(hyper), schedule, start, steps, noise=noise, seed=seed)
