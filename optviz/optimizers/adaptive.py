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
    desc_en="Divides each coordinate's step by the root of a running mean of its squared gradients, "
            "so steep directions take smaller steps and flat ones larger. torch adds ε after the square "
            "root (√s + ε), not inside it as many textbooks write √(s + ε); optviz follows torch. "
            "`centered` subtracts the squared mean gradient (a variance estimate); `momentum` adds a velocity.",
    desc_ko="좌표마다 기울기 제곱의 이동 평균의 제곱근으로 스텝을 나누어, 가파른 방향은 작게, 완만한 방향은 크게 "
            "움직입니다. torch는 ε을 제곱근 밖에 더합니다(√s + ε). 교재에 흔한 √(s + ε)와 다르며 optviz는 "
            "torch를 따릅니다. `centered`는 평균 기울기의 제곱을 빼서 분산을 추정하고, `momentum`은 속도를 더합니다.",
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
    desc_en="Divides each coordinate's step by the root of the sum of all its past squared gradients. "
            "Rare features keep large steps, but the sum only grows, so every step size keeps shrinking "
            "and training can stall (RMSprop and Adadelta fix this with a decaying average).",
    desc_ko="좌표마다 지금까지의 기울기 제곱을 모두 더한 값의 제곱근으로 스텝을 나눕니다. 드물게 나타나는 특성은 "
            "큰 스텝을 유지하지만, 합이 계속 커지기만 해서 스텝이 점점 줄고 학습이 멈출 수 있습니다 "
            "(RMSprop과 Adadelta는 감쇠 평균으로 이를 해결합니다).",
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
    desc_en="Like RMSprop, but the numerator is the root of a running mean of past squared updates, "
            "so the step carries the parameters' own units and needs no hand-tuned learning rate "
            "(torch keeps lr, default 1.0, as an extra multiplier). Early steps are tiny, about √ε.",
    desc_ko="RMSprop과 비슷하지만 분자에 과거 업데이트 제곱의 이동 평균의 제곱근을 둡니다. 그래서 스텝이 "
            "파라미터와 같은 단위를 갖고 학습률을 따로 조정할 필요가 없습니다(torch는 lr을 기본값 1.0의 "
            "추가 배율로 둡니다). 초기 스텝은 약 √ε로 매우 작습니다.",
))
