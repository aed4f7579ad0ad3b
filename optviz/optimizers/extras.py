"""Optimizers torch.optim lacks, written from their papers: Lion, signSGD, Signum, AdaBelief, Yogi, LAMB.

Same conventions as the torch ones (keyword names `lr`, `betas`, `eps`, `weight_decay`, `maximize`);
each run of a `[runs, dim]` batch counts as one parameter tensor (LAMB's per-layer norms are per run).
"""
from typing import NamedTuple

import numpy as np

from ._base import Param, Spec, bias_correction, check, register, run_norm, sign, sqrt, where, zeros_like
from ._params import (DECOUPLED, MAXIMIZE, betas_param, decayed, eps_param, lr_param, signed, validate,
                      weight_decay_param)

# ---- Lion -----------------------------------------------------------------------------------

class LionState(NamedTuple):
    count: int
    exp_avg: object  # m


def lion_init(params, **_):
    return LionState(0, zeros_like(params))


def lion_update(params, grads, state, *, lr, betas, weight_decay, maximize):
    r"""c = β₁m + (1−β₁)g;  θ ← θ − η(sign(c) + λθ);  m ← β₂m + (1−β₂)g."""
    beta1, beta2 = betas
    g = signed(grads, maximize)
    c = beta1 * state.exp_avg + (1 - beta1) * g
    params = params - lr * (sign(c) + weight_decay * params)
    m = beta2 * state.exp_avg + (1 - beta2) * g
    return params, LionState(state.count + 1, m)


register(Spec(
    name="lion", label="Lion", init=lion_init, update=lion_update, validate=validate,
    paper="Chen et al., Symbolic Discovery of Optimization Algorithms, NeurIPS 2023 (arXiv:2302.06675)",
    params=(lr_param(1e-4), betas_param(0.9, 0.99), weight_decay_param(), MAXIMIZE),
    rule=r"c_t=\beta_1 m_{t-1}+(1-\beta_1)g_t,\quad \theta_t=\theta_{t-1}-\eta\,(\operatorname{sign}(c_t)+\lambda\theta_{t-1}),"
         r"\quad m_t=\beta_2 m_{t-1}+(1-\beta_2)g_t",
    desc_en="Found by a program search at Google: every coordinate moves by exactly ±η, in the sign of a blend "
            "of momentum and the current gradient. The momentum itself decays more slowly (β₂ > β₁). Because "
            "steps are large, Lion wants a learning rate 3–10× smaller than AdamW's and a larger weight decay.",
    desc_ko="Google의 프로그램 탐색으로 찾은 방법입니다. 모멘텀과 현재 기울기를 섞은 값의 부호 방향으로 모든 "
            "좌표가 정확히 ±η만큼 움직이고, 모멘텀 자체는 더 느리게 감쇠합니다(β₂ > β₁). 스텝이 크므로 AdamW보다 "
            "3–10배 작은 학습률과 더 큰 weight decay를 씁니다.",
))


# ---- signSGD and Signum ---------------------------------------------------------------------

_SIGN_PAPER = ("Bernstein et al., signSGD: Compressed Optimisation for Non-Convex Problems, "
               "ICML 2018 (arXiv:1802.04434)")


class SignumState(NamedTuple):
    count: int
    momentum_buffer: object  # m


def signum_init(params, **_):
    return SignumState(0, zeros_like(params))


def signum_update(params, grads, state, *, lr, momentum, weight_decay, maximize):
    r"""g ← ±∇ + λθ;  m ← βm + (1−β)g;  θ ← θ − η sign(m)."""
    params, g = decayed(params, grads, weight_decay, maximize)
    m = momentum * state.momentum_buffer + (1 - momentum) * g
    return params - lr * sign(m), SignumState(state.count + 1, m)


def signsgd_init(params, **_):
    return SignumState(0, None)


def signsgd_update(params, grads, state, *, lr, weight_decay, maximize):
    r"""g ← ±∇ + λθ;  θ ← θ − η sign(g)."""
    params, g = decayed(params, grads, weight_decay, maximize)
    return params - lr * sign(g), SignumState(state.count + 1, None)


def _validate_signum(momentum, **hyper):
    validate(**hyper)
    check((0.0 <= np.asarray(momentum)) & (np.asarray(momentum) < 1.0), f"Invalid momentum value: {momentum}")


register(Spec(
    name="signsgd", label="signSGD", init=signsgd_init, update=signsgd_update, validate=validate,
    paper=_SIGN_PAPER,
    params=(lr_param(1e-3), weight_decay_param(), MAXIMIZE),
    rule=r"\theta_t=\theta_{t-1}-\eta\,\operatorname{sign}(g_t)",
    desc_en="Keeps only the sign of each gradient coordinate: every coordinate moves by exactly η. "
            "One bit per coordinate is cheap to communicate between machines; the price is that the step "
            "does not shrink near a minimum, so the path ends up hopping around it unless η decays.",
    desc_ko="기울기 각 좌표의 부호만 남겨 모든 좌표가 정확히 η만큼 움직입니다. 좌표당 1비트라 여러 기계 사이의 "
            "통신 비용이 작습니다. 대신 최솟값 근처에서도 스텝이 줄지 않아, η를 줄이지 않으면 최솟값 주위를 "
            "맴돕니다.",
))

register(Spec(
    name="signum", label="Signum", init=signum_init, update=signum_update, validate=_validate_signum,
    paper=_SIGN_PAPER,
    params=(lr_param(1e-3), Param("momentum", 0.9, 0.0, 0.999, symbol=r"\beta"), weight_decay_param(), MAXIMIZE),
    rule=r"m_t=\beta m_{t-1}+(1-\beta)g_t,\quad \theta_t=\theta_{t-1}-\eta\,\operatorname{sign}(m_t)",
    desc_en="signSGD with momentum: the sign is taken of a running average of gradients, so single noisy "
            "gradients flip the direction less often. momentum = 0 is signSGD.",
    desc_ko="모멘텀을 더한 signSGD입니다. 기울기의 이동 평균에서 부호를 취하므로 잡음 섞인 기울기 하나로 방향이 "
            "쉽게 뒤집히지 않습니다. momentum = 0이면 signSGD와 같습니다.",
))


# ---- AdaBelief ------------------------------------------------------------------------------

class AdaBeliefState(NamedTuple):
    count: int
    exp_avg: object  # m
    exp_avg_var: object  # s, running mean of (g − m)²


def adabelief_init(params, **_):
    z = zeros_like(params)
    return AdaBeliefState(0, z, z)


def adabelief_update(params, grads, state, *, lr, betas, eps, weight_decay, decoupled_weight_decay, maximize):
    r"""m ← β₁m + (1−β₁)g;  s ← β₂s + (1−β₂)(g−m)² + ε;  θ ← θ − η m̂/(√ŝ + ε)."""
    beta1, beta2 = betas
    params, g = decayed(params, grads, weight_decay, maximize, lr, decoupled_weight_decay)
    t = state.count + 1
    m = beta1 * state.exp_avg + (1 - beta1) * g
    s = beta2 * state.exp_avg_var + (1 - beta2) * (g - m) * (g - m) + eps
    m_hat = m / bias_correction(beta1, t)
    s_hat = s / bias_correction(beta2, t)
    return params - lr * m_hat / (sqrt(s_hat) + eps), AdaBeliefState(t, m, s)


register(Spec(
    name="adabelief", label="AdaBelief", init=adabelief_init, update=adabelief_update, validate=validate,
    paper="Zhuang et al., AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients, "
          "NeurIPS 2020 (arXiv:2010.07468)",
    params=(lr_param(1e-3), betas_param(0.9, 0.999),
            eps_param(1e-16, 1e-20, 1e-2),
            weight_decay_param(), DECOUPLED, MAXIMIZE),
    rule=r"s_t=\beta_2 s_{t-1}+(1-\beta_2)(g_t-m_t)^2+\epsilon,\quad "
         r"\theta_t=\theta_{t-1}-\eta\,\frac{\hat m_t}{\sqrt{\hat s_t}+\epsilon}",
    desc_en="Adam with the second moment of g replaced by the variance of g around its running mean m: "
            "the \"belief\" in the gradient. When gradients agree with the momentum the step is large; "
            "when they scatter it is small, even if the gradients themselves are large.",
    desc_ko="Adam의 g 제곱 평균 대신 이동 평균 m에 대한 g의 분산, 즉 기울기에 대한 \"믿음\"을 씁니다. "
            "기울기가 모멘텀과 일치하면 스텝이 크고, 흩어지면 기울기 자체가 커도 스텝이 작습니다.",
))


# ---- Yogi -----------------------------------------------------------------------------------

class YogiState(NamedTuple):
    count: int
    exp_avg: object     # m
    exp_avg_sq: object  # v


def yogi_init(params, initial_accumulator_value=1e-6, **_):
    return YogiState(0, zeros_like(params), zeros_like(params) + initial_accumulator_value)


def yogi_update(params, grads, state, *, lr, betas, eps, initial_accumulator_value, weight_decay, maximize):
    r"""m ← β₁m + (1−β₁)g;  v ← v − (1−β₂) sign(v − g²) g²;  θ ← θ − η m/(√v + ε)."""
    beta1, beta2 = betas
    params, g = decayed(params, grads, weight_decay, maximize)
    g2 = g * g
    m = beta1 * state.exp_avg + (1 - beta1) * g
    v = state.exp_avg_sq - (1 - beta2) * sign(state.exp_avg_sq - g2) * g2
    return params - lr * m / (sqrt(v) + eps), YogiState(state.count + 1, m, v)


def _validate_yogi(initial_accumulator_value, **hyper):
    validate(**hyper)
    check(np.asarray(initial_accumulator_value) >= 0.0,
          f"Invalid initial_accumulator_value value: {initial_accumulator_value}")


register(Spec(
    name="yogi", label="Yogi", init=yogi_init, update=yogi_update, validate=_validate_yogi,
    paper="Zaheer et al., Adaptive Methods for Nonconvex Optimization, NeurIPS 2018",
    params=(lr_param(1e-2), betas_param(0.9, 0.999),
            eps_param(1e-3, 1e-8, 1.0),
            Param("initial_accumulator_value", 1e-6, 0.0, 1.0, symbol=r"v_0", main=False),
            weight_decay_param(), MAXIMIZE),
    rule=r"v_t=v_{t-1}-(1-\beta_2)\operatorname{sign}(v_{t-1}-g_t^2)\,g_t^2,\quad "
         r"\theta_t=\theta_{t-1}-\eta\,\frac{m_t}{\sqrt{v_t}+\epsilon}",
    desc_en="Adam whose second moment moves additively: v changes by at most (1−β₂)g² per step, towards g². "
            "A sudden burst of large gradients cannot shrink the effective learning rate all at once, and "
            "v forgets old large gradients more slowly than Adam does. As in the paper, no bias correction.",
    desc_ko="2차 모멘트를 덧셈으로 움직이는 Adam입니다. v는 한 스텝에 최대 (1−β₂)g²만큼 g² 쪽으로 변합니다. "
            "갑자기 큰 기울기가 와도 유효 학습률이 한꺼번에 줄지 않고, 과거의 큰 기울기를 Adam보다 천천히 잊습니다. "
            "논문처럼 편향 보정은 하지 않습니다.",
))


# ---- LAMB -----------------------------------------------------------------------------------

class LambState(NamedTuple):
    count: int
    exp_avg: object     # m
    exp_avg_sq: object  # v


def lamb_init(params, **_):
    z = zeros_like(params)
    return LambState(0, z, z)


def lamb_update(params, grads, state, *, lr, betas, eps, weight_decay, maximize):
    r"""r = m̂/(√v̂ + ε);  u = r + λθ;  θ ← θ − η ‖θ‖/‖u‖ · u  (norms per run; ratio 1 if either is 0)."""
    beta1, beta2 = betas
    g = signed(grads, maximize)
    t = state.count + 1
    m = beta1 * state.exp_avg + (1 - beta1) * g
    v = beta2 * state.exp_avg_sq + (1 - beta2) * g * g
    r = (m / bias_correction(beta1, t)) / (sqrt(v / bias_correction(beta2, t)) + eps)
    u = r + weight_decay * params
    param_norm, update_norm = run_norm(params), run_norm(u)
    both = (param_norm > 0) & (update_norm > 0)
    trust_ratio = where(both, param_norm / where(both, update_norm, 1.0), 1.0)
    return params - lr * trust_ratio * u, LambState(t, m, v)


register(Spec(
    name="lamb", label="LAMB", init=lamb_init, update=lamb_update, validate=validate,
    paper="You et al., Large Batch Optimization for Deep Learning: Training BERT in 76 minutes, "
          "ICLR 2020 (arXiv:1904.00962)",
    params=(lr_param(1e-3), betas_param(0.9, 0.999),
            eps_param(1e-6, 1e-10, 1.0),
            weight_decay_param(), MAXIMIZE),
    rule=r"u_t=\frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}+\lambda\theta_{t-1},\quad "
         r"\theta_t=\theta_{t-1}-\eta\,\frac{\|\theta_{t-1}\|}{\|u_t\|}\,u_t",
    desc_en="Adam (with decoupled weight decay) plus a layer-wise trust ratio: each layer's update is rescaled "
            "so its norm is η·‖θ‖, a fixed fraction of that layer's weights. Made for very large batches. "
            "Here each run counts as one layer.",
    desc_ko="Adam(분리된 weight decay 포함)에 층별 신뢰 비율을 더한 방법입니다. 각 층의 업데이트 크기를 "
            "η·‖θ‖, 즉 그 층 가중치의 일정 비율로 맞춥니다. 매우 큰 배치 학습용이며, 여기서는 실행(run) 하나를 "
            "층 하나로 봅니다.",
))
