"""Older ideas kept in torch.optim: Rprop (sign-based steps) and ASGD (averaged SGD)."""
from typing import NamedTuple

import numpy as np

from ._base import Param, Spec, check, check_lr, clip, maximum, register, run_scalar, sign, where, zeros_like
from ._params import MAXIMIZE, decayed, lr_param, signed, validate, weight_decay_param


# ---- Rprop ----------------------------------------------------------------------------------

class RpropState(NamedTuple):
    count: int
    prev: object       # last gradient used (0 where the sign flipped)
    step_size: object  # per-coordinate step Δ; None until the first step fills it with lr


def rprop_init(params, **_):
    return RpropState(0, zeros_like(params), None)


def rprop_update(params, grads, state, *, lr, etas, step_sizes, maximize):
    r"""Δ ← clip(Δ·η₊ if g·g_prev > 0, Δ·η₋ if < 0, else Δ);  θ ← θ − sign(g)·Δ (no move where the sign flipped).

    Only the gradient's sign is used. `lr` is the initial Δ: torch reads it once, at the first step.
    """
    etaminus, etaplus = etas
    step_size_min, step_size_max = step_sizes
    g = signed(grads, maximize)
    step_size = zeros_like(params) + lr if state.step_size is None else state.step_size
    agreement = g * state.prev
    factor = where(agreement > 0, etaplus, where(agreement < 0, etaminus, zeros_like(g) + 1.0))
    step_size = clip(step_size * factor, step_size_min, step_size_max)
    g = where(agreement < 0, 0.0, g)  # after a sign flip: shrink Δ, stay put, forget the gradient
    return params - sign(g) * step_size, RpropState(state.count + 1, g, step_size)


def _validate_rprop(lr, etas, **_):
    check_lr(lr)
    lo, hi = (np.asarray(e) for e in etas)
    check((0.0 < lo) & (lo < 1.0) & (1.0 < hi), f"Invalid eta values: {etas[0]}, {etas[1]}")


register(Spec(
    name="rprop", label="Rprop", torch_class="Rprop",
    init=rprop_init, update=rprop_update, validate=_validate_rprop,
    params=(
        lr_param(1e-2, symbol=r"\Delta_0"),
        Param("etas", (0.5, 1.2), kind="pair", parts=(
            Param("etaminus", 0.5, 0.05, 0.95, symbol=r"\eta_-"),
            Param("etaplus", 1.2, 1.05, 3.0, symbol=r"\eta_+"))),
        Param("step_sizes", (1e-6, 50), kind="pair", main=False, parts=(
            Param("step_size_min", 1e-6, 1e-8, 1e-2, log=True, symbol=r"\Delta_{\min}"),
            Param("step_size_max", 50, 1e-2, 100.0, log=True, symbol=r"\Delta_{\max}"))),
        MAXIMIZE,
    ),
    rule=r"\Delta_t=\mathrm{clip}\big(\Delta_{t-1}\cdot\{\eta_+,\eta_-,1\}\big),\quad "
         r"\theta_t=\theta_{t-1}-\operatorname{sign}(g_t)\,\Delta_t",
))


# ---- ASGD -----------------------------------------------------------------------------------

class ASGDState(NamedTuple):
    count: int
    ax: object   # the averaged iterate θ̄
    eta: object  # current step size, one per run [runs, 1]; None until the first step sets it to lr
    mu: object   # averaging weight, one per run [runs, 1]


def asgd_init(params, **_):
    return ASGDState(0, zeros_like(params), None, run_scalar(params, 1.0))


def asgd_update(params, grads, state, *, lr, lambd, alpha, t0, weight_decay, maximize):
    r"""θ ← θ(1 − λη) − η g;  θ̄ ← θ̄ + μ(θ − θ̄);  η ← lr/(1 + λ·lr·t)^α;  μ ← 1/max(1, t − t₀).

    `ax` (θ̄) is the averaged iterate, the answer ASGD returns; the parameters themselves follow SGD
    with a slowly decaying step. Averaging starts after t₀ steps (μ = 1 copies θ until then).
    """
    params, g = decayed(params, grads, weight_decay, maximize)
    t = state.count + 1
    eta = run_scalar(params, lr) if state.eta is None else state.eta
    params = params * (1 - lambd * eta) - eta * g
    ax = where(state.mu == 1, params, state.ax + (params - state.ax) * state.mu)
    eta = run_scalar(params, lr / (1 + lambd * lr * t) ** alpha)
    mu = run_scalar(params, 1 / maximum(1, t - t0))
    return params, ASGDState(t, ax, eta, mu)


register(Spec(
    name="asgd", label="ASGD", torch_class="ASGD",
    init=asgd_init, update=asgd_update, validate=validate,
    params=(
        lr_param(1e-2),
        Param("lambd", 1e-4, 1e-6, 1.0, log=True, symbol=r"\lambda", main=False),
        Param("alpha", 0.75, 0.0, 1.0, symbol=r"\alpha", main=False),
        Param("t0", 1e6, 1.0, 1e6, log=True, symbol=r"t_0"),
        weight_decay_param(0.0, symbol=r"\lambda_{wd}"),
        MAXIMIZE,
    ),
    rule=r"\theta_t=\theta_{t-1}(1-\lambda\eta_t)-\eta_t g_t,\quad "
         r"\bar\theta_t=\bar\theta_{t-1}+\mu_t(\theta_t-\bar\theta_{t-1}),\quad \eta_t=\frac{\eta}{(1+\lambda\eta t)^{\alpha}}",
))
