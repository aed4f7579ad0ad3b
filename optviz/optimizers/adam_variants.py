"""Adam's relatives in torch.optim: Adamax, NAdam, RAdam, Adafactor."""
from typing import NamedTuple

import numpy as np

from ._base import (Param, Spec, bias_correction, check, lerp, maximum, minimum, nonzero, register, run_norm,
                    run_scalar, run_size, sqrt, where, xp, zeros_like)
from ._params import (DECOUPLED, MAXIMIZE, betas_param, decayed, eps_param, lr_param, signed, validate,
                      weight_decay_param)


def _common(lr):
    """lr, betas, eps, weight_decay as Adam has them."""
    return lr_param(lr), betas_param(), eps_param(1e-8, 1e-10, 1.0), weight_decay_param()


# ---- Adamax ---------------------------------------------------------------------------------

class AdamaxState(NamedTuple):
    count: int
    exp_avg: object  # m
    exp_inf: object  # u, the decayed max of |g|


def adamax_init(params, **_):
    z = zeros_like(params)
    return AdamaxState(0, z, z)


def adamax_update(params, grads, state, *, lr, betas, eps, weight_decay, maximize):
    r"""m ← β₁m + (1−β₁)g;  u ← max(β₂u, |g| + ε);  θ ← θ − η/(1−β₁ᵗ) · m/u."""
    beta1, beta2 = betas
    params, g = decayed(params, grads, weight_decay, maximize)
    t = state.count + 1
    m = lerp(state.exp_avg, g, 1 - beta1)
    u = maximum(beta2 * state.exp_inf, abs(g) + eps)
    return params - lr / bias_correction(beta1, t) * m / u, AdamaxState(t, m, u)


register(Spec(
    name="adamax", label="Adamax", torch_class="Adamax",
    init=adamax_init, update=adamax_update, validate=validate,
    params=(*_common(2e-3), MAXIMIZE),
    rule=r"u_t=\max(\beta_2 u_{t-1},\,|g_t|+\epsilon),\quad \theta_t=\theta_{t-1}-\frac{\eta}{1-\beta_1^t}\,\frac{m_t}{u_t}",
))


# ---- NAdam ----------------------------------------------------------------------------------

class NAdamState(NamedTuple):
    count: int
    exp_avg: object     # m
    exp_avg_sq: object  # v
    mu_product: object  # ∏ μ_i, one per run [runs, 1]


def nadam_init(params, **_):
    z = zeros_like(params)
    return NAdamState(0, z, z, run_scalar(params, 1.0))


def nadam_update(params, grads, state, *, lr, betas, eps, weight_decay, momentum_decay,
                 decoupled_weight_decay, maximize):
    r"""μₜ = β₁(1 − ½·0.96^{tψ});  θ ← θ − η(1−μₜ)/(1−∏μ) · g/d − η μₜ₊₁/(1−∏μ·μₜ₊₁) · m/d,  d = √(v/(1−β₂ᵗ)) + ε."""
    beta1, beta2 = betas
    params, g = decayed(params, grads, weight_decay, maximize, lr, decoupled_weight_decay)
    t = state.count + 1
    mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))
    mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
    mu_product = state.mu_product * mu
    m = lerp(state.exp_avg, g, 1 - beta1)
    v = beta2 * state.exp_avg_sq + (1 - beta2) * g * g
    denom = sqrt(v / bias_correction(beta2, t)) + eps
    params = params - lr * (1 - mu) / (1 - mu_product) * g / denom
    params = params - lr * mu_next / (1 - mu_product * mu_next) * m / denom
    return params, NAdamState(t, m, v, mu_product)


def _validate_nadam(momentum_decay, **hyper):
    validate(**hyper)
    check(np.asarray(momentum_decay) >= 0.0, f"Invalid momentum_decay value: {momentum_decay}")


register(Spec(
    name="nadam", label="NAdam", torch_class="NAdam",
    init=nadam_init, update=nadam_update, validate=_validate_nadam,
    params=(*_common(2e-3), Param("momentum_decay", 4e-3, 0.0, 0.1, symbol=r"\psi", main=False),
            DECOUPLED, MAXIMIZE),
    rule=r"\theta_t=\theta_{t-1}-\eta\left(\frac{(1-\mu_t)\,g_t}{1-\prod_{i\le t}\mu_i}"
         r"+\frac{\mu_{t+1}\,m_t}{1-\prod_{i\le t+1}\mu_i}\right)\Big/\left(\sqrt{\hat v_t}+\epsilon\right)",
))


# ---- RAdam ----------------------------------------------------------------------------------

class RAdamState(NamedTuple):
    count: int
    exp_avg: object     # m
    exp_avg_sq: object  # v


def radam_init(params, **_):
    z = zeros_like(params)
    return RAdamState(0, z, z)


def radam_update(params, grads, state, *, lr, betas, eps, weight_decay, decoupled_weight_decay, maximize):
    r"""ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ);  θ ← θ − η m̂ · r_t √(1−β₂ᵗ)/(√v + ε) if ρₜ > 5, else θ − η m̂ (SGD with momentum)."""
    beta1, beta2 = betas
    params, g = decayed(params, grads, weight_decay, maximize, lr, decoupled_weight_decay)
    t = state.count + 1
    m = lerp(state.exp_avg, g, 1 - beta1)
    v = beta2 * state.exp_avg_sq + (1 - beta2) * g * g
    bc2 = bias_correction(beta2, t)
    m_hat = m / bias_correction(beta1, t)
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * t * beta2 ** t / bc2

    def rect(rho_t, rho_inf):  # variance rectification term r_t
        return sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))

    def adaptive():
        return sqrt(bc2) / (sqrt(v) + eps)

    if isinstance(rho_t, float):
        update = m_hat * lr * adaptive() * rect(rho_t, rho_inf) if rho_t > 5.0 else m_hat * lr
    else:  # per-run betas: choose per run, with safe values where the rectifier is unused
        on = rho_t > 5.0
        scale = where(on, adaptive() * rect(where(on, rho_t, 6.0), where(on, rho_inf, 6.0)), 1.0)
        update = m_hat * lr * scale
    return params - update, RAdamState(t, m, v)


register(Spec(
    name="radam", label="RAdam", torch_class="RAdam",
    init=radam_init, update=radam_update, validate=validate,
    params=(*_common(1e-3), DECOUPLED, MAXIMIZE),
    rule=r"\theta_t=\theta_{t-1}-\eta\,\hat m_t\cdot\begin{cases} r_t\,\frac{\sqrt{1-\beta_2^t}}{\sqrt{v_t}+\epsilon}"
         r" & \rho_t>5\\ 1 & \text{otherwise}\end{cases}",
))


# ---- Adafactor ------------------------------------------------------------------------------

class AdafactorState(NamedTuple):
    count: int
    variance: object  # runs of vectors [runs, dim]: running mean of g², else None
    row_var: object   # runs of matrices [runs, r, c]: row means [runs, r, 1], else None
    col_var: object   # … and column means [runs, 1, c], else None


def adafactor_init(params, **_):
    if params.ndim > 2:
        return AdafactorState(0, None, zeros_like(params[..., :1]), zeros_like(params[..., :1, :]))
    return AdafactorState(0, zeros_like(params), None, None)


def adafactor_update(params, grads, state, *, lr, beta2_decay, eps, d, weight_decay, maximize):
    r"""v ← lerp(v, g², t^{β₂decay});  u = g/√max(v, ε₁²);  θ ← θ − max(ε₂, RMS θ)·min(η, 1/√t) · u/max(1, RMS u/d).

    Each run is one parameter tensor: [runs, dim] are vectors (v is kept in full); [runs, r, c] are
    matrices, whose v is factored into row and column means as in torch.
    """
    eps1, eps2 = eps
    if eps1 is None:
        eps1 = float(xp(params).finfo(params.dtype).eps)
    g = signed(grads, maximize)
    t = state.count + 1
    n = run_size(params)
    weight = t ** beta2_decay           # 1 − β₂,t
    rho = minimum(lr, 1 / t ** 0.5)     # relative step size
    alpha = maximum(eps2, run_norm(params) / n ** 0.5) * rho
    if nonzero(weight_decay):
        params = params * (1 - lr * weight_decay)
    if state.variance is None:
        row_var = lerp(state.row_var, (g * g).mean(axis=-1, keepdims=True), weight)
        col_var = lerp(state.col_var, (g * g).mean(axis=-2, keepdims=True), weight)
        var_estimate = row_var @ col_var / maximum(row_var.mean(axis=-2, keepdims=True), eps1)
        variance = None
    else:
        variance = lerp(state.variance, g * g, weight)
        var_estimate, row_var, col_var = variance, None, None
    update = g / sqrt(maximum(var_estimate, eps1 * eps1))
    denom = maximum(1.0, run_norm(update) / (n ** 0.5 * d))
    return params - alpha / denom * update, AdafactorState(t, variance, row_var, col_var)


def _validate_adafactor(lr, beta2_decay, eps, d, weight_decay, **_):
    check(np.asarray(lr) >= 0.0, f"Learning rate should be >= 0 but is: {lr}")
    check(np.asarray(beta2_decay) <= 0.0, f"beta2_decay should be <= 0 but is: {beta2_decay}")
    check(eps[0] is None or np.all(np.asarray(eps[0]) >= 0.0), f"epsilon1 should be >= 0 but is: {eps[0]}")
    check(np.asarray(eps[1]) >= 0.0, f"epsilon2 should be >= 0 but is: {eps[1]}")
    check(np.asarray(d) >= 1.0, f"Clipping threshold d should be >= 1 but is: {d}")
    check(np.asarray(weight_decay) >= 0.0, f"weight_decay should be >= 0 but is: {weight_decay}")


register(Spec(
    name="adafactor", label="Adafactor", torch_class="Adafactor",
    init=adafactor_init, update=adafactor_update, validate=_validate_adafactor,
    params=(
        lr_param(1e-2),
        Param("beta2_decay", -0.8, -1.0, 0.0, symbol=r"c"),
        Param("eps", (None, 1e-3), kind="pair", main=False, parts=(
            Param("eps1", None, 1e-30, 1e-3, log=True, symbol=r"\epsilon_1"),   # None: the dtype's eps
            Param("eps2", 1e-3, 1e-6, 1e-1, log=True, symbol=r"\epsilon_2"))),
        Param("d", 1.0, 1.0, 10.0, symbol=r"d", main=False),
        weight_decay_param(0.0),
        MAXIMIZE,
    ),
    rule=r"v_t=(1-t^{c})\,v_{t-1}+t^{c}\,g_t^2,\quad u_t=\frac{g_t}{\sqrt{v_t}},\quad "
         r"\theta_t=\theta_{t-1}-\max(\epsilon_2,\mathrm{RMS}(\theta))\,\min(\eta,\tfrac{1}{\sqrt t})\,"
         r"\frac{u_t}{\max(1,\mathrm{RMS}(u_t)/d)}",
))
