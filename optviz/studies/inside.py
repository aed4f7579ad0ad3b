"""Inside the optimizer: step-by-step traces of the real kernels' internal state.

    tr = trace(optimizer("sgd", lr=0.1, momentum=0.9), [2.0, 1.8])
    tr["momentum_buffer"]   # [2.0, 3.6]        v_t = μ v_{t−1} + g_t
    tr["delta"]             # [-0.2, -0.36]     Δθ_t = θ_t − θ_{t−1}

`trace` feeds a given gradient sequence to `opt.init` / `opt.step` on one parameter (the gradient
does not depend on θ, as in the note's worked examples); `trace_path` takes the gradient from a
2-D surface instead. Both read every array field of the state NamedTuple under its torch
state_dict name (momentum_buffer, square_avg, exp_avg, exp_avg_sq, …) and derive:

    delta      Δθ_t = θ_t − θ_{t−1}
    eff_lr     −Δθ_t / g_t                      the learning rate a plain SGD step would need
    Adam / AdamW (the quantities their update is written in):
    m_hat      m̂_t = m_t / (1 − β₁ᵗ)
    v_hat      v̂_t = v_t / (1 − β₂ᵗ)           (v = max_exp_avg_sq with amsgrad)
    step_bc       −η m̂_t / (√v̂_t + ε)         Adam's step (AdamW adds its decay −ηλθ)
    step_no_bc_m  −η m_t / (√v̂_t + ε)         m left uncorrected: tiny first steps
    step_no_bc    −η m_t / (√v_t + ε)          neither corrected
    decay_rate    fraction of θ removed per step by weight decay:
                  AdamW ηλ;  Adam + L2 ηλ / (√v̂_t + ε) (λθ is part of g; exact for β₁ = 0)
    RMSprop without momentum / centering:
    delta_eps_inside  −η g_t / √(s_t + ε)      the textbook form (torch: −η g_t / (√s_t + ε))

The only loop is over steps.
"""
from __future__ import annotations

import math

import numpy as np

from ..optimizers import Optimizer

MAX_STEPS = 5000
ADAM_FAMILY = ("adam", "adamw")
SKIP_FIELDS = ("count",)


class NumberListError(ValueError):
    """A comma-separated list that does not parse: `kind` is "empty", "not_number", "not_finite"
    or "too_many"; `index` (1-based) and `token` point at the offending entry."""

    def __init__(self, kind: str, index: int = 0, token: str = "", limit: int = 0):
        self.kind, self.index, self.token, self.limit = kind, index, token, limit
        super().__init__({"empty": f"entry {index} is empty",
                          "not_number": f"entry {index} ({token!r}) is not a number",
                          "not_finite": f"entry {index} ({token!r}) is not a finite number",
                          "too_many": f"at most {limit} numbers"}[kind])


def parse_numbers(text: str, max_count: int = 200) -> list[float]:
    """Comma-separated numbers, each read with float(); raises NumberListError on bad input."""
    items = str(text).split(",")
    if not str(text).strip():
        raise NumberListError("empty", 1)
    if len(items) > max_count:
        raise NumberListError("too_many", limit=max_count)
    values = []
    for i, raw in enumerate(items, 1):
        token = raw.strip()
        if not token:
            raise NumberListError("empty", i)
        try:
            v = float(token)
        except ValueError:
            raise NumberListError("not_number", i, token) from None
        if not math.isfinite(v):
            raise NumberListError("not_finite", i, token)
        values.append(v)
    return values


def _check_scalar_hyper(opt: Optimizer):
    if not isinstance(opt, Optimizer):
        raise ValueError(f"expected optviz.optimizer(...), got {type(opt).__name__}")
    for k, v in opt.hyper.items():
        for a in (v if isinstance(v, tuple) else (v,)):
            if isinstance(a, np.ndarray) and a.size != 1:
                raise ValueError(f"trace takes one value per hyperparameter; {k} has {a.size}")


def _state_fields(state, dim: int) -> dict:
    """Array fields of a state NamedTuple as vectors [dim] (per-run scalars are broadcast)."""
    out = {}
    for name, value in state._asdict().items():
        if name in SKIP_FIELDS or value is None or isinstance(value, (bool, int)):
            continue
        a = np.asarray(value, dtype=np.float64)
        if a.size == dim:
            out[name] = a.reshape(dim)
        elif a.size == 1:
            out[name] = np.full(dim, float(a.reshape(-1)[0]))
    return out


def _run(opt: Optimizer, grad_of, theta0: np.ndarray, steps: int) -> dict:
    """Step the kernel `steps` times; grad_of(k, θ [1, dim]) -> [1, dim]. Returns [T, dim] arrays."""
    _check_scalar_hyper(opt)
    params = np.asarray(theta0, dtype=np.float64).reshape(1, -1)
    dim = params.shape[1]
    state = opt.init(params)
    g_rows, prev_rows, theta_rows, fields = [], [], [], {}
    with np.errstate(all="ignore"):
        for k in range(steps):
            g = np.asarray(grad_of(k, params), dtype=np.float64).reshape(1, dim)
            new, state = opt.step(params, g, state)
            for name, v in _state_fields(state, dim).items():
                fields.setdefault(name, [np.full(dim, np.nan)] * k).append(v)
            for name in fields:                          # a field that vanished: nan from here on
                if len(fields[name]) == k:
                    fields[name].append(np.full(dim, np.nan))
            g_rows.append(g[0])
            prev_rows.append(params[0])
            theta_rows.append(np.asarray(new, dtype=np.float64)[0])
            params = np.asarray(new, dtype=np.float64)
    T = steps
    g = np.array(g_rows).reshape(T, dim)
    prev = np.array(prev_rows).reshape(T, dim)
    theta = np.array(theta_rows).reshape(T, dim)
    out = {"t": np.arange(1, T + 1), "g": g, "theta_prev": prev, "theta": theta}
    out.update({name: np.array(rows).reshape(T, dim) for name, rows in fields.items()})
    with np.errstate(all="ignore"):
        out["delta"] = theta - prev
        out["eff_lr"] = np.where(g != 0, -out["delta"] / np.where(g != 0, g, 1.0), np.nan)
        out.update(_derived(opt, out))
    return out


def _scalar(v) -> float:
    return float(np.asarray(v, dtype=np.float64).reshape(-1)[0])


def _derived(opt: Optimizer, tr: dict) -> dict:
    """m̂, v̂ and the hypothetical steps for Adam/AdamW; the ε-inside-√ step for plain RMSprop."""
    h, out = opt.hyper, {}
    t = tr["t"][:, None].astype(np.float64)
    if opt.name in ADAM_FAMILY:
        lr, eps, wd = _scalar(h["lr"]), _scalar(h["eps"]), _scalar(h["weight_decay"])
        beta1, beta2 = (_scalar(b) for b in h["betas"])
        m = tr["exp_avg"]
        v = tr["max_exp_avg_sq"] if h.get("amsgrad") else tr["exp_avg_sq"]
        out["m_hat"] = m / (1 - beta1 ** t)
        out["v_hat"] = v / (1 - beta2 ** t)
        out["step_bc"] = -lr * out["m_hat"] / (np.sqrt(out["v_hat"]) + eps)
        out["step_no_bc_m"] = -lr * m / (np.sqrt(out["v_hat"]) + eps)
        out["step_no_bc"] = -lr * m / (np.sqrt(v) + eps)
        if wd != 0:
            decoupled = opt.name == "adamw" or h.get("decoupled_weight_decay", False)
            out["decay_rate"] = (np.full_like(m, lr * wd) if decoupled
                                 else lr * wd / (np.sqrt(out["v_hat"]) + eps))
    elif opt.name == "rmsprop" and not h["centered"] and _scalar(h["momentum"]) == 0:
        lr, eps, wd = _scalar(h["lr"]), _scalar(h["eps"]), _scalar(h["weight_decay"])
        g = (-tr["g"] if h["maximize"] else tr["g"]) + wd * tr["theta_prev"]
        out["delta_eps_inside"] = -lr * g / np.sqrt(tr["square_avg"] + eps)
    return out


def trace(opt: Optimizer, grads, theta0=0.0) -> dict[str, np.ndarray]:
    """Feed `grads` (a sequence [T], or [T, dim]) to `opt` starting from θ₀; one array per quantity.

    Keys: "t" (1…T), "g", "theta_prev", "theta" (after the step), every array field of the state
    (torch's names), "delta", "eff_lr", and the derived quantities listed in the module docstring.
    Arrays are [T] for a scalar parameter, [T, dim] otherwise.
    """
    g = np.asarray(grads, dtype=np.float64)
    if g.ndim not in (1, 2) or len(g) == 0:
        raise ValueError("grads must be a non-empty sequence of numbers (or rows of numbers)")
    if len(g) > MAX_STEPS:
        raise ValueError(f"at most {MAX_STEPS} steps, got {len(g)}")
    if not np.all(np.isfinite(g)):
        raise ValueError("grads must be finite numbers")
    dim = 1 if g.ndim == 1 else g.shape[1]
    theta0 = np.broadcast_to(np.asarray(theta0, dtype=np.float64), (dim,))
    G = g.reshape(len(g), dim)
    out = _run(opt, lambda k, _: G[k], theta0, len(g))
    if g.ndim == 1:
        out = {k: (v[:, 0] if v.ndim == 2 else v) for k, v in out.items()}
    return out


def trace_path(opt: Optimizer, surface, start, steps: int) -> dict[str, np.ndarray]:
    """Like `trace`, with g_t = ∇f(θ_{t−1}) from a 2-D `surface`; arrays [T, 2] ("t" is [T])."""
    steps = int(steps)
    if not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be between 1 and {MAX_STEPS}, got {steps}")
    start = np.asarray(start, dtype=np.float64).reshape(2)
    return _run(opt, lambda k, p: surface.grad(p), start, steps)


def first_step_sizes(opt: Optimizer, grads) -> np.ndarray:
    """|Δθ₁| after one step from θ = 0 with each gradient in `grads` (one run per gradient)."""
    g = np.asarray(grads, dtype=np.float64).reshape(-1, 1)
    params = np.zeros_like(g)
    new, _ = opt.step(params, g, opt.init(params))
    return np.abs(np.asarray(new, dtype=np.float64) - params)[:, 0]


# Table headers: the note's symbol and torch's state_dict name (language-neutral).
SYMBOLS = {
    "t": "t", "g": "g", "theta_prev": "θₜ₋₁", "theta": "θₜ",
    "momentum_buffer": "v (momentum_buffer)", "square_avg": "s (square_avg)", "grad_avg": "ḡ (grad_avg)",
    "exp_avg": "m (exp_avg)", "exp_avg_sq": "v (exp_avg_sq)", "max_exp_avg_sq": "v_max (max_exp_avg_sq)",
    "m_hat": "m̂", "v_hat": "v̂", "sum": "G (sum)", "acc_delta": "E[Δ²] (acc_delta)",
    "exp_inf": "u (exp_inf)", "exp_avg_var": "s (exp_avg_var)", "step_size": "Δ (step_size)",
    "prev": "g_prev (prev)", "ax": "θ̄ (ax)", "eta": "η_t (eta)", "mu": "μ_t (mu)",
    "mu_product": "∏μ (mu_product)", "variance": "v (variance)",
    "delta": "Δθ", "eff_lr": "−Δθ/g", "delta_eps_inside": "Δθ (ε inside √)",
    "step_bc": "−η m̂/(√v̂+ε)", "step_no_bc_m": "−η m/(√v̂+ε)", "step_no_bc": "−η m/(√v+ε)",
    "decay_rate": "decay / step",
}
# Column order of the step table: gradient and state first (other state fields after the known
# ones), then the step.
STATE_ORDER = ("t", "g", "momentum_buffer", "grad_avg", "exp_avg", "m_hat", "square_avg", "exp_avg_sq",
               "max_exp_avg_sq", "v_hat", "sum", "acc_delta", "exp_inf", "exp_avg_var", "step_size")
STEP_ORDER = ("delta", "delta_eps_inside", "theta", "eff_lr")
HIDDEN = ("theta_prev", "step_bc", "step_no_bc_m", "step_no_bc", "decay_rate")


def table_columns(tr: dict) -> list[str]:
    """Keys of `tr` in the order the step table shows them."""
    extra = [k for k in tr if k not in STATE_ORDER + STEP_ORDER + HIDDEN]
    return ([k for k in STATE_ORDER if k in tr] + extra + [k for k in STEP_ORDER if k in tr])
