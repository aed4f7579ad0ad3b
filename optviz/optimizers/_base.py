"""Optimizer machinery: hyperparameter specs, the registry, and the `Optimizer` value.

An optimizer is a pair of pure functions (optax's shape):

    state = init(params, **hyper)
    params, state = update(params, grads, state, lr=lr, **hyper)

`params` and `grads` are arrays `[runs, dim]` (numpy float64, or torch tensors for real
networks); every hyperparameter is a scalar or an array `[runs, 1]`, so a sweep is a bigger batch.
Kernels use operators and `xp(a)`'s sqrt/maximum/where/…, never a Python loop over runs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

import numpy as np

from .._checks import registry_entry


def xp(a):
    """The array namespace of `a`: numpy for ndarrays/scalars, torch for tensors."""
    if type(a).__module__.startswith("torch"):
        import torch
        return torch
    return np


def zeros_like(a):
    return xp(a).zeros_like(a)


@dataclass(frozen=True)
class Param:
    """One hyperparameter as torch names it, with what a slider needs.

    `kind` is "float", "int", "bool" or "pair" (a tuple such as `betas`, with `parts`).
    `low`/`high` bound the slider (not torch's validity range); `log` asks for a log slider.
    """
    name: str
    default: Any
    low: float | None = None
    high: float | None = None
    log: bool = False
    kind: str = "float"
    symbol: str = ""                 # LaTeX symbol shown next to the widget, e.g. r"\beta_1"
    parts: tuple["Param", ...] = ()  # for kind == "pair"
    main: bool = True                # shown in the compact editor; False = "more" expander


@dataclass(frozen=True)
class Spec:
    """Registry entry: everything pages, tests and docs need about one optimizer."""
    name: str                       # lower-case torch class name, e.g. "adamw"
    label: str                      # display name, e.g. "AdamW"
    init: Callable
    update: Callable
    params: tuple[Param, ...]
    rule: str                       # LaTeX update rule
    torch_class: str | None = None  # e.g. "AdamW"; None for extras torch lacks
    paper: str = ""                 # reference for extras
    validate: Callable | None = None  # raises ValueError like torch's constructor

    @property
    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}


REGISTRY: dict[str, Spec] = {}


def register(spec: Spec) -> Spec:
    REGISTRY[spec.name] = spec
    return spec


def _fmt(v):
    if isinstance(v, np.ndarray):
        return f"array{list(v.shape)}"
    if isinstance(v, tuple):
        return "(" + ", ".join(_fmt(x) for x in v) + ")"
    return repr(v)


@dataclass(frozen=True, eq=False)
class Optimizer:
    """An optimizer with its hyperparameters bound: `init(params)`, `step(params, grads, state)`.

    Plain data (a registry name and a dict), so it pickles and hashes for `st.cache_data`.
    """
    name: str
    hyper: dict = field(default_factory=dict)

    @property
    def spec(self) -> Spec:
        return REGISTRY[self.name]

    @property
    def lr(self):
        return self.hyper["lr"]

    def init(self, params):
        return self.spec.init(params, **self.hyper)

    def step(self, params, grads, state, lr=None):
        """One update, equal to torch.optim's `step()`; `lr` overrides the bound lr (schedules)."""
        hyper = self.hyper if lr is None else {**self.hyper, "lr": lr}
        return self.spec.update(params, grads, state, **hyper)

    @property
    def color_key(self) -> str:
        """Colour identity on every chart: the name, with SGD split into plain / momentum / Nesterov."""
        if self.name == "sgd" and np.any(np.asarray(self.hyper.get("momentum", 0.0)) != 0):
            return "sgd+nesterov" if self.hyper.get("nesterov") else "sgd+momentum"
        return self.name

    def label(self) -> str:
        """Short display label: name plus hyperparameters that differ from the defaults."""
        d = self.spec.defaults
        diff = [f"{k}={_fmt(v)}" for k, v in self.hyper.items()
                if k == "lr" or not _same(v, d.get(k))]
        return f"{self.spec.label}({', '.join(diff)})"

    def torch_code(self, params="model.parameters()", var="optimizer") -> str:
        """The torch line that builds the same optimizer (extras: a comment saying torch lacks it)."""
        from ..torch_code import optimizer_code
        return optimizer_code(self, params, var)

    def key(self) -> tuple:
        """A lossless, hashable description (cache key): the name and every hyperparameter, arrays by value."""
        from .._keys import value_key
        return ("optimizer", self.name, value_key(self.hyper))

    def __repr__(self):
        return f"optviz.optimizer({self.name!r}, " + ", ".join(f"{k}={_fmt(v)}" for k, v in self.hyper.items()) + ")"

    def __reduce__(self):
        return (Optimizer, (self.name, self.hyper))

    def __eq__(self, other):
        return isinstance(other, Optimizer) and self.name == other.name and self.hyper.keys() == other.hyper.keys() \
            and all(_same(v, other.hyper[k]) for k, v in self.hyper.items())

    __hash__ = None


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape and bool(np.all(a == b))
    if isinstance(a, tuple) and isinstance(b, tuple):   # e.g. betas=(array, 0.999) in a sweep
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def optimizer(name: str, **hyper) -> Optimizer:
    """Build a registered optimizer with torch's keyword names and defaults.

    `optviz.optimizer("adam", lr=0.01, betas=(0.9, 0.999))`. Unknown names or keywords and
    out-of-range values raise `ValueError` with torch's wording.
    """
    key, spec = registry_entry(REGISTRY, name, "optimizer", sorted(REGISTRY), hyper, "hyperparameter")
    full = {**spec.defaults, **hyper}
    for p in spec.params:
        _check_kind(spec, p, full[p.name])
    full = {k: _as_hyper(v) for k, v in full.items()}
    if spec.validate is not None:
        spec.validate(**full)
    return Optimizer(key, full)


def _numeric(v) -> bool:
    """A real number or a numeric array (what a hyperparameter may be)."""
    if isinstance(v, (bool, np.bool_, str, bytes)) or v is None:
        return False
    try:
        a = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.ndim <= 2 and (a.ndim == 0 or a.size > 0)


def _check_kind(spec, p, v):
    """The value's type matches the hyperparameter's kind (numbers, booleans, pairs); ValueError otherwise."""
    if p.kind == "bool":
        ok = isinstance(v, (bool, np.bool_))
        want = "True or False"
    elif p.kind == "pair":
        ok = isinstance(v, (tuple, list)) and len(v) == len(p.parts) and \
            all(_numeric(x) or (x is None and q.default is None) for x, q in zip(v, p.parts))
        want = f"a pair of numbers like {p.default}"
    else:
        ok = _numeric(v) or (v is None and p.default is None)
        want = "a number (or an array [runs, 1] for a sweep)"
    if not ok:
        raise ValueError(f"{spec.label}: {p.name} must be {want}, got {v!r}")


def _as_hyper(v):
    """Scalars stay Python numbers; lists/arrays become float64 arrays `[runs, 1]`; pairs stay tuples."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, tuple):
        return tuple(_as_hyper(x) for x in v)
    if isinstance(v, (list, np.ndarray)):
        a = np.asarray(v, dtype=np.float64)
        if a.ndim == 0:
            return float(a)
        return a.reshape(-1, 1)
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    return v


# ---- validation helpers (torch's messages) -------------------------------------------------

def _all(cond) -> bool:
    return bool(np.all(cond))


def check(cond, message: str):
    if not _all(cond):
        raise ValueError(message)


def check_lr(lr):
    check(np.asarray(lr) >= 0.0, f"Invalid learning rate: {lr}")


def check_eps(eps):
    check(np.asarray(eps) >= 0.0, f"Invalid epsilon value: {eps}")


def check_weight_decay(wd):
    check(np.asarray(wd) >= 0.0, f"Invalid weight_decay value: {wd}")


def check_betas(betas):
    check(len(betas) == 2, f"betas must be a pair, got {betas}")
    b1, b2 = (np.asarray(b) for b in betas)
    check((0.0 <= b1) & (b1 < 1.0), f"Invalid beta parameter at index 0: {betas[0]}")
    check((0.0 <= b2) & (b2 < 1.0), f"Invalid beta parameter at index 1: {betas[1]}")


def bias_correction(beta, step):
    """1 − βᵗ, computed as torch does in float64."""
    return 1 - beta ** step


def sqrt(a):
    return xp(a).sqrt(a) if not isinstance(a, (int, float)) else math.sqrt(a)


# ---- array helpers shared by the kernels (numpy arrays, torch tensors, Python scalars) ------

def _is_torch(a) -> bool:
    return type(a).__module__.startswith("torch")


def _is_number(a) -> bool:
    return isinstance(a, (int, float))


def _pair_as(a, b):
    """Both arguments in one namespace (torch if either is a tensor), ready for a binary op."""
    if _is_torch(a) or _is_torch(b):
        import torch
        t = a if _is_torch(a) else b
        return torch, torch.as_tensor(a, dtype=t.dtype, device=t.device), torch.as_tensor(b, dtype=t.dtype, device=t.device)
    return np, a, b


def maximum(a, b):
    """Element-wise max of arrays, tensors or scalars (Python's max for two scalars)."""
    if _is_number(a) and _is_number(b):
        return max(a, b)
    ns, a, b = _pair_as(a, b)
    return ns.maximum(a, b)


def minimum(a, b):
    """Element-wise min of arrays, tensors or scalars (Python's min for two scalars)."""
    if _is_number(a) and _is_number(b):
        return min(a, b)
    ns, a, b = _pair_as(a, b)
    return ns.minimum(a, b)


def where(cond, a, b):
    """`a` where `cond` else `b`, in the namespace of `cond`."""
    if _is_torch(cond):
        import torch
        return torch.where(cond, a, b)
    return np.where(cond, a, b)


def lerp(a, b, w):
    """a + w (b − a), evaluated as torch's `lerp_` does (from the nearer end when w ≥ ½)."""
    if _is_number(w):
        return a + w * (b - a) if abs(w) < 0.5 else b - (b - a) * (1 - w)
    return where(abs(w) < 0.5, a + w * (b - a), b - (b - a) * (1 - w))


def clip(a, low, high):
    """Clamp to [low, high] (torch's `clamp_`); bounds may be scalars or per-run arrays."""
    return minimum(maximum(a, low), high)


def sign(a):
    return xp(a).sign(a)


def run_axes(a) -> tuple:
    """Every axis but the first: a run's own coordinates."""
    return tuple(range(1, a.ndim))


def run_norm(a):
    """L2 norm of each run, shaped [runs, 1, …] (each run is one parameter tensor)."""
    return sqrt((a * a).sum(axis=run_axes(a), keepdims=True))


def run_size(a) -> int:
    """Number of coordinates in one run."""
    return math.prod(a.shape[1:])


def run_scalar(a, value):
    """A per-run scalar shaped [runs, 1, …] filled with `value` (a number or an array [runs, 1])."""
    return zeros_like(a[(slice(None),) + (slice(0, 1),) * (a.ndim - 1)]) + value


def nonzero(v) -> bool:
    """True if a hyperparameter (scalar or per-run array) is non-zero for any run."""
    return bool((v != 0).any()) if hasattr(v, "any") else v != 0


def names() -> list[str]:
    """Registered optimizer names, in the order the UI lists them."""
    return list(REGISTRY)
