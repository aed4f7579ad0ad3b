"""Training with a live view, for the "Real network", "LR range test", "Real models" and "Edge of
stability" pages.

A run is cached with st.cache_data keyed on its settings (a tuple of plain values), but the run
itself happens outside the cached function: its callback draws a progress bar and live curves, and
st.cache_data would record those drawings and replay them on every cache hit. So `_stored(key)` only
looks up; a miss raises (exceptions are never cached), the run happens with the live view, then the
result is stored with `_stored(key, _value=result)`. Derived results (landscape, decision grids) are
cached on the same key; the History itself is passed as an unhashed `_history` argument.
"""
from __future__ import annotations

import time

import numpy as np
import streamlit as st

import optviz
from optviz import nets
from optviz.studies import lr_range
from optviz.i18n import t
from optviz.nets.data import sequence_dataset
from optviz.nets.models import MODEL_SPECS, recipe_schedule

from .cached import cached, optimizers as _optimizers, schedule_key
from .display import chart

MAX_TRAININGS = 12        # cached trained histories (each holds 21 weight snapshots per optimizer)
LANDSCAPE_BUDGET = 4_000_000   # grid points × weights per network in one landscape (32 MB in float64)
trainings = 0             # how many times `train` actually trained, in this process


class _NotStored(Exception):
    """A cache lookup that found nothing (raised, hence never cached)."""


@st.cache_data(max_entries=2 * MAX_TRAININGS, show_spinner=False)
def _stored(key: tuple, _value=None):
    """The stored result for `key` (a tuple of plain values); with `_value`, store it first."""
    if _value is None:
        raise _NotStored
    return _value


def dataset(data_args: tuple):
    """optviz.dataset(name, n_samples, noise, seed) from a (name, n_samples, noise, seed) tuple."""
    name, n_samples, noise, seed = data_args
    return optviz.dataset(name, n_samples=n_samples, noise=noise, seed=seed)


def train_key(data_args: tuple, opt_keys: tuple, hidden: tuple, activation: str, epochs: int, batch_size: int,
              seed: int, schedule=None, schedule_unit: str = "step", clip_norm=None, clip_value=None) -> tuple:
    """Everything a training run depends on, as plain values (the schedule by its lossless key())."""
    return (data_args, opt_keys, tuple(hidden), activation, int(epochs), int(batch_size), int(seed),
            schedule_key(schedule), schedule_unit, clip_norm, clip_value)


class LiveView:
    """A progress bar and live charts side by side, updated by `optviz.train`'s callback and removed when done.

    figures: functions partial_history -> plotly dict; the charts are redrawn at most every `interval` seconds.
    Nothing is shown for a training that ends within `grace` seconds: the page goes straight to its results
    instead of flashing a panel for a moment. `on_show` (e.g. a Stop button) runs when the panel appears.
    """

    def __init__(self, epochs: int, n_optimizers: int, lang: str, figures, interval: float = 0.25,
                 grace: float = 0.3, on_show=None):
        self.epochs, self.k, self.lang, self.figures, self.interval = epochs, n_optimizers, lang, figures, interval
        self.grace, self.on_show = grace, on_show
        self.started = time.monotonic()
        self.bar = self.box = None
        self.last = 0.0

    def _text(self, epoch):
        return t("rn_progress", self.lang, k=self.k, epoch=epoch, epochs=self.epochs)

    def __call__(self, epoch, partial):
        if self.bar is None:
            if time.monotonic() - self.started < self.grace or epoch >= self.epochs:
                return
            if self.on_show is not None:
                self.on_show()
            self.bar = st.progress(0.0, text=self._text(0))
            self.box = st.empty()
        self.bar.progress(epoch / self.epochs, text=self._text(epoch))
        now = time.monotonic()
        if now - self.last >= self.interval and epoch < self.epochs:
            self.last = now
            with self.box.container():
                for i, (col, figure) in enumerate(zip(st.columns(len(self.figures)), self.figures)):
                    with col:
                        chart(figure(partial), key=f"live_{epoch}_{i}")

    def close(self):
        if self.bar is not None:
            self.bar.empty()
            self.box.empty()


def train(data_args: tuple, opt_keys: tuple, hidden: tuple, activation: str, epochs: int, batch_size: int,
          seed: int, schedule=None, schedule_unit: str = "step", clip_norm=None, clip_value=None, live=None):
    """(History, key): the cached History for these settings, or a fresh one trained while `live()`
    (a LiveView factory, called only on a miss) shows the progress."""
    global trainings
    key = train_key(data_args, opt_keys, hidden, activation, epochs, batch_size, seed, schedule, schedule_unit,
                    clip_norm, clip_value)
    try:
        return _stored(key), key
    except _NotStored:
        pass
    view = live() if live is not None else None
    try:
        h = optviz.train(dataset(data_args), _optimizers(opt_keys), epochs=epochs, batch_size=batch_size,
                         hidden=hidden, activation=activation, seed=seed, schedule=schedule,
                         schedule_unit=schedule_unit, clip_grad_norm=clip_norm, clip_grad_value=clip_value,
                         callback=view)
    finally:
        if view is not None:
            view.close()
    trainings += 1
    return _stored(key, _value=h), key


def landscape_max_n(n_params: int) -> int:
    """Largest odd grid side (5 … 41) whose n² weight vectors stay within LANDSCAPE_BUDGET numbers
    (nets.landscape evaluates the whole grid as one batch)."""
    n = int(np.sqrt(LANDSCAPE_BUDGET / max(n_params, 1)))
    return int(np.clip(n - (1 - n % 2), 5, 41))


@cached(max_entries=MAX_TRAININGS)
def landscape(key: tuple, n: int, span: float, method: str, _history=None, _data=None):
    """nets.landscape of the History trained with `key`."""
    return nets.landscape(_history, _data, n=n, span=span, method=method)


@cached(max_entries=4 * MAX_TRAININGS)
def decision_grids(key: tuple, snapshot: int, n: int, _history=None, _data=None) -> tuple:
    """One nets.DecisionGrid per optimizer at weight snapshot `snapshot` (−1 = final)."""
    return tuple(nets.predict_grid(_history, _data, k, n=n, snapshot=snapshot) for k in range(_history.n_optimizers))


@cached(max_entries=4 * MAX_TRAININGS)
def confusion(key: tuple, k: int, _history=None, _data=None):
    """nets.confusion_matrix on the test split for optimizer k."""
    return nets.confusion_matrix(_history, _data, k)


@cached(max_entries=48)
def net_range_test(data_args: tuple, opt_key: tuple, hidden: tuple, activation: str, batch_size: int, seed: int,
                   min_lr: float, max_lr: float, steps: int, beta: float, stop_factor: float):
    """nets.lr_range_test for one optimizer (its own lr is replaced by the ramp)."""
    (opt,) = _optimizers((opt_key,))
    return nets.lr_range_test(dataset(data_args), opt, min_lr=min_lr, max_lr=max_lr, steps=steps, hidden=hidden,
                              activation=activation, batch_size=batch_size, seed=seed, beta=beta,
                              stop_factor=stop_factor)


@cached(max_entries=48)
def surface_range_test(surface, opt_keys: tuple, start: tuple, min_lr: float, max_lr: float, steps: int,
                       beta: float, stop_factor: float, noise: float, seed: int):
    """lr_range.range_test of every optimizer on a 2-D surface, in one run."""
    return lr_range.range_test(surface, _optimizers(opt_keys), start=start, min_lr=min_lr, max_lr=max_lr,
                               steps=steps, beta=beta, stop_factor=stop_factor, noise=noise, seed=seed)


# ---- real models and the edge of stability -------------------------------------------------------

runs = 0                  # how many times a run actually happened, in this process


def data_for(model: str, seed: int):
    name = MODEL_SPECS[model].dataset
    return sequence_dataset(name, seed=seed) if name in ("reverse", "adding") else optviz.dataset(name, seed=seed)


def steps_per_epoch(data, batch_size: int) -> int:
    return -(-data.n_train // min(batch_size, data.n_train))


def schedules(recipes: tuple, total_steps: int) -> list:
    return [recipe_schedule(r, total_steps) for r in recipes]


def train_model(model: str, opt_keys: tuple, recipes: tuple, clips: tuple, epochs: int, batch_size: int, seed: int,
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


def live_view(epochs: int, n: int, lang: str, figures, on_show=None):
    return lambda: LiveView(epochs, n, lang, figures, on_show=on_show)


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
