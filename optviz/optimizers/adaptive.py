"""Per-coordinate step sizes from squared gradients: RMSprop, Adagrad, Adadelta (torch.optim)."""
from typing import NamedTuple

import numpy as np

from ._base import (Param, Spec, check, check_eps, check_lr, check_weight_decay, lerp, nonzero, register, sqrt,
                    zeros_like)
from ._params import MAXIMIZE, decayed, eps_param, lr_param, weight_decay_param


# ---- RMSprop --------------------------------------------------------------------------------

class RMSpropState(NamedTuple):
    count: int
    square_avg: object       # s, running mean of g²
    grad_avg: object         # running mean of g (centered only), else None
    momentum_buffer: object  # b (momentum > 0 only), else None


def rmsprop_init(params, momentum=0.0, centered=False, **_):
    z = zeros_like(params)
    return RMSpropState(0, z, z if centered else None, z if nonzero(momentum) else None)


def rmsprop_update(params, grads, state, *, lr, alpha, eps, weight_decay, momentum, centered, maximize):
    r"""s ← αs + (1−α)g²;  d = √(s − ḡ²) (centered) or √s;  b ← μb + g/(d+ε);  θ ← θ − η b.

    ε is added after the square root, as in torch (the textbook form puts it inside).
    """
    params, g = decayed(params, grads, weight_decay, maximize)
    square_avg = alpha * state.square_avg + (1 - alpha) * g * g
    grad_avg = lerp(state.grad_avg, g, 1 - alpha) if centered else None
    avg = sqrt(square_avg - grad_avg * grad_avg if centered else square_avg) + eps
    buf = state.momentum_buffer
    if buf is not None:
        buf = momentum * buf + g / avg
        params = params - lr * buf
    else:
        params = params - lr * g / avg
    return params, RMSpropState(state.count + 1, square_avg, grad_avg, buf)


def _validate_rmsprop(lr, alpha, eps, weight_decay, momentum, **_):
    check_lr(lr)
    check_eps(eps)
    check(np.asarray(momentum) >= 0.0, f"Invalid momentum value: {momentum}")
    check_weight_decay(weight_decay)
    check(np.asarray(alpha) >= 0.0, f"Invalid alpha value: {alpha}")


register(Spec(
    name="rmsprop", label="RMSprop", torch_class="RMSprop",
    init=rmsprop_init, update=rmsprop_update, validate=_validate_rmsprop,
    params=(
        lr_param(1e-2),
        Param("alpha", 0.99, 0.5, 0.9999, symbol=r"\alpha"),
        eps_param(1e-8, 1e-10, 1.0),
        weight_decay_param(0.0),
        Param("momentum", 0.0, 0.0, 0.999, symbol=r"\mu"),
        Param("centered", False, kind="bool"),
        MAXIMIZE,
    ),
    rule=r"s_t=\alpha s_{t-1}+(1-\alpha)g_t^2,\quad "
         r"\theta_t=\theta_{t-1}-\eta\,\frac{g_t}{\sqrt{s_t}+\epsilon}",
))


# ---- Adagrad --------------------------------------------------------------------------------

class AdagradState(NamedTuple):
    count: int
    sum: object  # G, the running sum of g²


def adagrad_init(params, initial_accumulator_value=0.0, **_):
    return AdagradState(0, zeros_like(params) + initial_accumulator_value)


def adagrad_update(params, grads, state, *, lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize):
    r"""G ← G + g²;  θ ← θ − η/(1 + (t−1)·decay) · g/(√G + ε)."""
    params, g = decayed(params, grads, weight_decay, maximize)
    t = state.count + 1
    clr = lr / (1 + (t - 1) * lr_decay)
    accumulated = state.sum + g * g
    return params - clr * g / (sqrt(accumulated) + eps), AdagradState(t, accumulated)


def _validate_adagrad(lr, lr_decay, weight_decay, initial_accumulator_value, eps, **_):
    check_lr(lr)
    check(np.asarray(lr_decay) >= 0.0, f"Invalid lr_decay value: {lr_decay}")
    check_weight_decay(weight_decay)
    check(np.asarray(initial_accumulator_value) >= 0.0,
          f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
    check_eps(eps)


register(Spec(
    name="adagrad", label="Adagrad", torch_class="Adagrad",
    init=adagrad_init, update=adagrad_update, validate=_validate_adagrad,
    params=(
        lr_param(1e-2),
        Param("lr_decay", 0.0, 0.0, 0.1, symbol=r"\delta", main=False),
        weight_decay_param(0.0),
        Param("initial_accumulator_value", 0.0, 0.0, 1.0, symbol=r"G_0", main=False),
        eps_param(1e-10, 1e-12, 1.0),
        MAXIMIZE,
    ),
    rule=r"G_t=G_{t-1}+g_t^2,\quad \theta_t=\theta_{t-1}-\frac{\eta}{1+(t-1)\delta}\,\frac{g_t}{\sqrt{G_t}+\epsilon}",
))


# ---- Adadelta -------------------------------------------------------------------------------

class AdadeltaState(NamedTuple):
    count: int
    square_avg: object  # E[g²]
    acc_delta: object   # E[Δθ²]


def adadelta_init(params, **_):
    z = zeros_like(params)
    return AdadeltaState(0, z, z)


def adadelta_update(params, grads, state, *, lr, rho, eps, weight_decay, maximize):
    r"""E[g²] ← ρE[g²] + (1−ρ)g²;  Δ = √(E[Δ²]+ε)/√(E[g²]+ε) · g;  E[Δ²] ← ρE[Δ²] + (1−ρ)Δ²;  θ ← θ − ηΔ."""
    params, g = decayed(params, grads, weight_decay, maximize)
    square_avg = rho * state.square_avg + (1 - rho) * g * g
    delta = sqrt(state.acc_delta + eps) / sqrt(square_avg + eps) * g
    acc_delta = rho * state.acc_delta + (1 - rho) * delta * delta
    return params - lr * delta, AdadeltaState(state.count + 1, square_avg, acc_delta)


def _validate_adadelta(lr, rho, eps, weight_decay, **_):
    check_lr(lr)
    check((0.0 <= np.asarray(rho)) & (np.asarray(rho) <= 1.0), f"Invalid rho value: {rho}")
    check_eps(eps)
    check_weight_decay(weight_decay)


register(Spec(
    name="adadelta", label="Adadelta", torch_class="Adadelta",
    init=adadelta_init, update=adadelta_update, validate=_validate_adadelta,
    params=(
        lr_param(1.0, low=1e-3),
        Param("rho", 0.9, 0.5, 0.9999, symbol=r"\rho"),
        eps_param(1e-6, 1e-10, 1.0),
        weight_decay_param(0.0),
        MAXIMIZE,
    ),
    rule=r"\Delta_t=\frac{\sqrt{E[\Delta^2]_{t-1}+\epsilon}}{\sqrt{E[g^2]_t+\epsilon}}\,g_t,\quad "
         r"\theta_t=\theta_{t-1}-\eta\,\Delta_t",
))
