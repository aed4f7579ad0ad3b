"""Lossless cache keys: `value_key(v)` turns a value (numbers, strings, arrays, tuples, dicts, functions,
and optviz's Optimizer / Surface / Schedule through their `key()`) into nested tuples of plain values that
two different values never share. Arrays keep their dtype, shape and bytes; a function keeps its code,
constants, defaults and closure (so two lambdas with the same name but different bodies differ)."""
from __future__ import annotations

import types

import numpy as np


def value_key(v):
    if v is None or isinstance(v, (bool, int, float, complex, str, bytes)):
        return (type(v).__name__, v)
    if isinstance(v, (np.generic,)):
        return ("np", v.dtype.str, v.tobytes())
    if isinstance(v, np.ndarray):
        return ("array", v.dtype.str, v.shape, np.ascontiguousarray(v).tobytes())
    if hasattr(v, "key") and callable(v.key) and not isinstance(v, type):
        return (type(v).__name__, v.key())
    if isinstance(v, (tuple, list)):
        return (type(v).__name__, tuple(value_key(x) for x in v))
    if isinstance(v, dict):
        return ("dict", tuple(sorted((str(k), value_key(x)) for k, x in v.items())))
    if isinstance(v, types.FunctionType):
        return ("function", v.__module__, v.__qualname__, _code_key(v.__code__), value_key(v.__defaults__),
                value_key(v.__kwdefaults__),
                tuple(value_key(c.cell_contents) for c in v.__closure__ or ()))
    if isinstance(v, types.CodeType):
        return _code_key(v)
    if isinstance(v, (types.BuiltinFunctionType, type)):
        return ("named", getattr(v, "__module__", ""), v.__qualname__)
    if isinstance(v, (frozenset, set)):
        return (type(v).__name__, tuple(sorted(value_key(x) for x in v)))
    state = getattr(v, "__dict__", None)
    if state is not None:                             # a plain object: its class and its attributes
        return ("object", type(v).__module__, type(v).__qualname__, value_key(state))
    raise TypeError(f"no cache key for {type(v).__name__} values")


def _code_key(c: types.CodeType):
    return ("code", c.co_code, tuple(value_key(x) for x in c.co_consts), c.co_names, c.co_varnames)
