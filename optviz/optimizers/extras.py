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
))

register(Spec(
    name="signum", label="Signum", init=signum_init, update=signum_update, validate=_validate_signum,
    paper=_SIGN_PAPER,
    params=(lr_param(1e-3), Param("momentum", 0.9, 0.0, 0.999, symbol=r"\beta"), weight_decay_param(), MAXIMIZE),
    rule=r"m_t=\beta m_{t-1}+(1-\beta)g_t,\quad \theta_t=\theta_{t-1}-\eta\,\operatorname{sign}(m_t)",
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
))
