"""Plain, momentum and Nesterov SGD (torch.optim.SGD)."""
from typing import NamedTuple

from ._base import Param, Spec, check, check_lr, check_weight_decay, nonzero, register, where
from ._params import MAXIMIZE, decayed, lr_param, weight_decay_param


class SGDState(NamedTuple):
    count: int
    momentum_buffer: object  # None until the first step with momentum


def sgd_init(params, **_):
    return SGDState(0, None)


def sgd_update(params, grads, state, *, lr, momentum, dampening, weight_decay, nesterov, maximize):
    r"""g ← ±∇ + λθ;  b ← μ b + (1−τ) g (b₁ = g);  d = g + μ b (Nesterov) or b;  θ ← θ − η d."""
    params, g = decayed(params, grads, weight_decay, maximize)
    buf = state.momentum_buffer
    if nonzero(momentum):
        buf = g if buf is None else momentum * buf + (1 - dampening) * g
        d = g + momentum * buf if nesterov else buf
        g = where(momentum != 0, d, g) if hasattr(momentum, "shape") else d  # sweep runs with μ = 0 step with g
    return params - lr * g, SGDState(state.count + 1, buf)


def _validate(lr, momentum, dampening, weight_decay, nesterov, maximize):
    check_lr(lr)
    check(momentum >= 0.0 if not hasattr(momentum, "shape") else (momentum >= 0).all(), f"Invalid momentum value: {momentum}")
    check_weight_decay(weight_decay)
    if nesterov:  # every run of a sweep needs momentum > 0 and no dampening
        check(_all_runs(momentum, lambda m: m > 0) and not nonzero(dampening),
              "Nesterov momentum requires a momentum and zero dampening")


def _all_runs(v, cond) -> bool:
    return bool(cond(v).all()) if hasattr(v, "all") else bool(cond(v))


register(Spec(
    name="sgd", label="SGD", torch_class="SGD", init=sgd_init, update=sgd_update, validate=_validate,
    params=(
        lr_param(1e-3),
        Param("momentum", 0.0, 0.0, 0.999, symbol=r"\mu"),
        Param("dampening", 0.0, 0.0, 0.99, symbol=r"\tau", main=False),
        weight_decay_param(0.0),
        Param("nesterov", False, kind="bool"),
        MAXIMIZE,
    ),
    rule=r"b_t=\mu b_{t-1}+(1-\tau)g_t,\quad \theta_t=\theta_{t-1}-\eta\,(g_t+\mu b_t \text{ if Nesterov else } b_t)",
))
