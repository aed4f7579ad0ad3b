"""Adam family: Adam, AdamW (torch.optim.Adam / AdamW)."""
from typing import NamedTuple

from ._base import Param, Spec, bias_correction, register, sqrt, xp, zeros_like
from ._params import DECOUPLED, MAXIMIZE, betas_param, decayed, eps_param, lr_param, validate, weight_decay_param


class AdamState(NamedTuple):
    count: int
    exp_avg: object       # m
    exp_avg_sq: object    # v
    max_exp_avg_sq: object  # v̂ₘₐₓ for AMSGrad, else None


def adam_init(params, amsgrad=False, **_):
    z = zeros_like(params)
    return AdamState(0, z, z, z if amsgrad else None)


def _adam_step(params, grads, state, lr, betas, eps, weight_decay, amsgrad, maximize, decoupled):
    r"""m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − η/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)."""
    beta1, beta2 = betas
    params, g = decayed(params, grads, weight_decay, maximize, lr, decoupled)
    t = state.count + 1
    m = state.exp_avg + (1 - beta1) * (g - state.exp_avg)
    v = beta2 * state.exp_avg_sq + (1 - beta2) * g * g
    v_max = xp(v).maximum(state.max_exp_avg_sq, v) if amsgrad else None
    denom = sqrt(v_max if amsgrad else v) / sqrt(bias_correction(beta2, t)) + eps
    step_size = lr / bias_correction(beta1, t)
    return params - step_size * m / denom, AdamState(t, m, v, v_max)


def adam_update(params, grads, state, *, lr, betas, eps, weight_decay, amsgrad, maximize,
                decoupled_weight_decay=False):
    return _adam_step(params, grads, state, lr, betas, eps, weight_decay, amsgrad, maximize,
                      decoupled=decoupled_weight_decay)


def adamw_update(params, grads, state, *, lr, betas, eps, weight_decay, amsgrad, maximize):
    r"""θ ← θ(1 − ηλ), then the Adam step (decoupled weight decay)."""
    return _adam_step(params, grads, state, lr, betas, eps, weight_decay, amsgrad, maximize, decoupled=True)


def _params(lr, weight_decay, *extra):
    return (
        lr_param(lr),
        betas_param(),
        eps_param(1e-8, 1e-10, 1.0),
        weight_decay_param(weight_decay),
        Param("amsgrad", False, kind="bool"),
        MAXIMIZE,
        *extra,
    )


register(Spec(
    name="adam", label="Adam", torch_class="Adam", init=adam_init, update=adam_update, validate=validate,
    params=_params(1e-3, 0.0, DECOUPLED),
    rule=r"m_t=\beta_1 m_{t-1}+(1-\beta_1)g_t,\ v_t=\beta_2 v_{t-1}+(1-\beta_2)g_t^2,\ "
         r"\theta_t=\theta_{t-1}-\eta\,\frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}",
))

register(Spec(
    name="adamw", label="AdamW", torch_class="AdamW", init=adam_init, update=adamw_update, validate=validate,
    params=_params(1e-3, 1e-2),
    rule=r"\theta \leftarrow \theta(1-\eta\lambda),\ \theta_t=\theta_{t-1}-\eta\,\frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}",
))
