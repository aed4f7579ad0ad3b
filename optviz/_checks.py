"""Argument checks shared by the library's entry points: a bad value raises ValueError naming it."""
import math

import numpy as np


def whole(v, name: str, low: int | None = None, high: int | None = None) -> int:
    """`v` as an int when it is a whole number (int, or a float with no fraction; not a bool)
    within [low, high] (either bound may be None: open on that side)."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)) \
            or not float(v).is_integer():
        raise ValueError(f"{name} must be a whole number, got {v!r}")
    v = int(v)
    if (low is not None and v < low) or (high is not None and v > high):
        raise ValueError(f"{name} must be between {low} and {high}, got {v}")
    return v


def number(v, name: str, low: float = -math.inf, high: float = math.inf) -> float:
    """`v` as a float when it is a real number (not a bool, not a string) within [low, high]."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {v!r}")
    v = float(v)
    if not low <= v <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {v}")
    return v


def registry_entry(registry: dict, name, kind: str, available, given, noun: str):
    """(key, spec) of `name` in `registry` (case-insensitive), whose `spec.defaults` name every
    keyword of `given`; an unknown name lists `available`, an unknown keyword lists what it takes."""
    key = str(name).lower()
    if key not in registry:
        raise ValueError(f"Unknown {kind} {name!r}; available: {', '.join(available)}")
    spec = registry[key]
    unknown = set(given) - set(spec.defaults)
    if unknown:
        raise ValueError(f"{spec.label} got unexpected {noun}(s) {sorted(unknown)}; it takes {list(spec.defaults)}")
    return key, spec


def optimizer_list(optimizers, caller: str) -> list:
    """One Optimizer or a non-empty iterable of them, as a list."""
    from .optimizers import Optimizer
    if isinstance(optimizers, Optimizer):
        optimizers = [optimizers]
    optimizers = list(optimizers)
    if not optimizers:
        raise ValueError(f"{caller}() needs at least one optimizer")
    for o in optimizers:
        if not isinstance(o, Optimizer):
            raise ValueError(f"expected optviz.optimizer(...) values, got {type(o).__name__}")
    return optimizers
