"""What the kernels share: the hyperparameters torch gives most optimizers (one factory each), the one
check of them, and the one gradient transform in front of every update (optax's `add_decayed_weights`):

    params, g = decayed(params, grads, weight_decay, maximize)                    # g = ±∇ + λθ  (L2)
    params, g = decayed(params, grads, weight_decay, maximize, lr, decoupled=True)  # θ ← θ(1 − ηλ), g = ±∇
"""
from __future__ import annotations

from ._base import Param, check_betas, check_eps, check_lr, check_weight_decay, nonzero

MAXIMIZE = Param("maximize", False, kind="bool", main=False)
DECOUPLED = Param("decoupled_weight_decay", False, kind="bool", main=False)


def lr_param(default: float, low: float = 1e-5, high: float = 10.0, symbol: str = r"\eta") -> Param:
    return Param("lr", default, low, high, log=True, symbol=symbol)


def betas_param(beta1: float = 0.9, beta2: float = 0.999, beta2_low: float = 0.5) -> Param:
    return Param("betas", (beta1, beta2), kind="pair", parts=(
        Param("beta1", beta1, 0.0, 0.999, symbol=r"\beta_1"),
        Param("beta2", beta2, beta2_low, 0.9999, symbol=r"\beta_2")))


def eps_param(default: float, low: float, high: float) -> Param:
    return Param("eps", default, low, high, log=True, symbol=r"\epsilon", main=False)


def weight_decay_param(default: float = 0.0, symbol: str = r"\lambda") -> Param:
    return Param("weight_decay", default, 0.0, 1.0, symbol=symbol, main=False)


def validate(lr, weight_decay=None, betas=None, eps=None, **_):
    """torch's checks of the common hyperparameters an optimizer has (lr, eps, betas, weight_decay)."""
    check_lr(lr)
    if eps is not None:
        check_eps(eps)
    if betas is not None:
        check_betas(betas)
    if weight_decay is not None:
        check_weight_decay(weight_decay)


def signed(grads, maximize):
    """The gradient torch steps with: negated to maximize."""
    return -grads if maximize else grads


def decayed(params, grads, weight_decay, maximize, lr=None, decoupled: bool = False):
    """(params, g): the signed gradient plus the L2 term λθ, or, decoupled (AdamW), the gradient as it is
    and the parameters shrunk by ηλ. Nothing changes where λ = 0 for every run."""
    g = signed(grads, maximize)
    if not nonzero(weight_decay):
        return params, g
    if decoupled:
        return params * (1 - lr * weight_decay), g
    return params, g + weight_decay * params
