"""The one hashing rule of the cached layer, and the one way optimizers arrive in it.

`cached(...)` is `st.cache_data` whose arguments of optviz's value types hash by their lossless `key()`
(Optimizer, Surface, Schedule, also inside tuples and lists): two schedules that differ only in an array
or a lambda get different entries (their `repr` would not tell them apart). Every ui/compute*.py
function is declared with it.

Optimizers travel as `opt_key(name, hyper)` tuples (hashable, stable in the URL-driven widgets);
`optimizers(keys)` / `optimizer_of(key)` build them, here only.
"""
from __future__ import annotations

import streamlit as st

import optviz
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
