"""Cached runs for the "Real models" and "Edge of stability" pages.

As in compute_nets: the run itself happens outside st.cache_data (its callback draws a progress bar
and live charts, which a cached function would replay on every hit); `_stored(key)` only looks up, a
miss raises, and the finished result is stored with `_stored(key, _value=result)`.
"""
from __future__ import annotations

import streamlit as st

import optviz
from optviz.nets.data import sequence_dataset
from optviz.i18n import t
from optviz.nets.models import MODEL_SPECS, recipe_schedule

from .compute_nets import LiveView, _optimizers

MAX_RUNS = 12
runs = 0                  # how many times a run actually happened, in this process


class _NotStored(Exception):
    pass


@st.cache_data(max_entries=MAX_RUNS, show_spinner=False)
def _stored(key: tuple, _value=None):
    if _value is None:
        raise _NotStored
    return _value


def data_for(model: str, seed: int):
    name = MODEL_SPECS[model].dataset
    return sequence_dataset(name, seed=seed) if name in ("reverse", "adding") else optviz.dataset(name, seed=seed)


def steps_per_epoch(data, batch_size: int) -> int:
    return -(-data.n_train // min(batch_size, data.n_train))


def schedules(recipes: tuple, total_steps: int) -> list:
    return [recipe_schedule(r, total_steps) for r in recipes]


def train(model: str, opt_keys: tuple, recipes: tuple, clips: tuple, epochs: int, batch_size: int, seed: int,
          live=None):
    """(History, key) for these settings: cached, or trained now while `live()` (called on a miss) shows it."""
    global runs
    key = ("train", model, opt_keys, recipes, clips, int(epochs), int(batch_size), int(seed))
    try:
        return _stored(key), key
    except _NotStored:
        pass
    data = data_for(model, seed)
    total = epochs * steps_per_epoch(data, batch_size)
    view = live() if live is not None else None
    try:
        h = optviz.train(data, _optimizers(opt_keys), model=model, epochs=epochs, batch_size=batch_size, seed=seed,
                         schedule=schedules(recipes, total), clip_grad_norm=list(clips), callback=view)
    finally:
        if view is not None:
            view.close()
    runs += 1
    return _stored(key, _value=h), key


def live_view(epochs: int, n: int, lang: str, figures):
    return lambda: LiveView(epochs, n, lang, figures)


def edge_of_stability(lrs: tuple, steps: int, every: int, seed: int, lang: str = "en"):
    """optviz.edge_of_stability, cached; a progress bar while it runs."""
    global runs
    key = ("eos", tuple(float(v) for v in lrs), int(steps), int(every), int(seed))
    try:
        return _stored(key)
    except _NotStored:
        pass
    bar = st.progress(0.0)
    n = len(lrs)

    def progress(i, step):
        bar.progress(min((i + step / steps) / n, 1.0),
                     text=t("eos_progress", lang, lr=float(lrs[i]), step=step, steps=steps))
    try:
        r = optviz.edge_of_stability(lrs=lrs, steps=steps, every=every, seed=seed, callback=progress)
    finally:
        bar.empty()
    runs += 1
    return _stored(key, _value=r)
