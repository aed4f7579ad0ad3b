"""Argument checks shared by the library's entry points: a bad value raises ValueError naming it."""
import numpy as np


def whole(v, name: str, low: int, high: int) -> int:
    """`v` as an int when it is a whole number (int, or a float with no fraction; not a bool)
    within [low, high]."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)) \
            or not float(v).is_integer():
        raise ValueError(f"{name} must be a whole number, got {v!r}")
    v = int(v)
    if not low <= v <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {v}")
    return v
