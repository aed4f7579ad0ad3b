from optviz.i18n import describe
"""Optimizer kernels against torch.optim, sweeps against single runs, the note's worked examples,
torch's argument checks, and hand-derived steps for the optimizers torch lacks.

Every test iterates over the registry, so a newly registered optimizer is covered automatically.
"""
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from optviz.optimizers import REGISTRY, names, optimizer

TORCH_NAMES = [n for n, s in REGISTRY.items() if s.torch_class]
ALL_NAMES = list(REGISTRY)

# Hyperparameter settings compared with torch (defaults first). Optimizers missing here run with defaults.
# torch fuses multiply-adds (lerp, addcmul) and numpy does not, so results differ in the last bit. Settings
# whose path hops chaotically around a minimum (e.g. RMSprop with a short average, α ≈ 0.3–0.6, where g/√s
# acts like a sign) amplify that bit past 1e-9 within 200 steps on the quadratic, so none is listed here.
CASES = {
    "sgd": [{}, {"lr": 0.01, "momentum": 0.9}, {"lr": 0.01, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01},
            {"momentum": 0.5, "dampening": 0.3, "maximize": True}, {"weight_decay": 0.2}],
    "rmsprop": [{}, {"centered": True}, {"momentum": 0.9, "lr": 1e-3},
                {"centered": True, "momentum": 0.5, "weight_decay": 0.1, "eps": 1e-3},
                {"maximize": True, "alpha": 0.9}],
    "adam": [{}, {"amsgrad": True, "weight_decay": 0.1}, {"lr": 0.01, "betas": (0.5, 0.9), "eps": 1e-3},
             {"decoupled_weight_decay": True, "weight_decay": 0.1, "maximize": True, "amsgrad": True}],
    "adamw": [{}, {"amsgrad": True}, {"weight_decay": 0.5, "maximize": True, "betas": (0.8, 0.99)}],
    "adagrad": [{}, {"lr_decay": 0.01}, {"initial_accumulator_value": 0.5, "weight_decay": 0.1, "maximize": True},
                {"eps": 1e-3, "lr": 0.1}],
    "adadelta": [{}, {"rho": 0.5, "weight_decay": 0.1}, {"lr": 0.1, "eps": 1e-3, "maximize": True}],
    "adamax": [{}, {"weight_decay": 0.1}, {"betas": (0.3, 0.8), "maximize": True, "eps": 1e-3}],
    "nadam": [{}, {"momentum_decay": 0.01, "weight_decay": 0.1},
              {"decoupled_weight_decay": True, "weight_decay": 0.1, "maximize": True}, {"betas": (0.5, 0.99)}],
    "radam": [{}, {"weight_decay": 0.1}, {"decoupled_weight_decay": True, "weight_decay": 0.1},
              {"betas": (0.9, 0.9), "maximize": True},   # ρ∞ = 19: rectified from step 3 on
              {"betas": (0.9, 0.55)}],                  # ρ∞ < 5: never rectified
    "rprop": [{}, {"etas": (0.3, 1.5), "step_sizes": (1e-3, 0.1)}, {"maximize": True, "lr": 0.1}],
    "asgd": [{}, {"t0": 20.0, "lambd": 1e-2, "alpha": 0.5}, {"weight_decay": 0.1, "maximize": True, "t0": 0.0}],
    "adafactor": [{}, {"eps": (1e-20, 1e-2)}, {"d": 2.0, "weight_decay": 0.1},
                  {"beta2_decay": -0.5, "lr": 0.5, "maximize": True}],
}

TORCH_CASES = [pytest.param(n, h, id=f"{n}-{i}") for n in TORCH_NAMES for i, h in enumerate(CASES.get(n, [{}]))]


@pytest.fixture
def float64_default():
    """torch keeps step counters, NAdam's μ-product and ASGD's η/μ in the default dtype: make it float64."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(old)


def gradient_sequence(steps, runs=4, dim=3, seed=0):
    """Seeded gradients with scales from 1e-3 to 1e2, scattered zeros, a dead coordinate and a zero step."""
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((steps, runs, dim)) * 10.0 ** rng.uniform(-3, 2, size=(steps, runs, 1))
    g[rng.random(g.shape) < 0.15] = 0.0
    g[:, -1, -1] = 0.0
    g[5] = 0.0
    return g


P0 = np.random.default_rng(1).uniform(-2, 2, size=(4, 3))
CURVATURE = np.array([0.5, 2.0, 5.0])


def fixed_grads(steps):
    g = gradient_sequence(steps)
    return lambda k, p: g[k]


def quadratic_grads(steps):
    target = np.array([1.0, -0.5, 0.25])
    return lambda k, p: CURVATURE * (p - target)


def run_ours(name, hyper, p0, grad_fn, steps):
    opt = optimizer(name, **hyper)
    p, state = p0.copy(), opt.init(p0)
    path = [p]
    for k in range(steps):
        p, state = opt.step(p, grad_fn(k, p), state)
        path.append(p)
    return np.stack(path), state


def run_torch(name, hyper, p0, grad_fn, steps):
    """torch.optim on one parameter tensor per run (the for-loop implementation)."""
    params = [torch.tensor(row) for row in p0]
    opt = getattr(torch.optim, REGISTRY[name].torch_class)(params, foreach=False, **hyper)
    path = [p0.copy()]
    for k in range(steps):
        grads = grad_fn(k, np.stack([p.detach().numpy() for p in params]))
        for p, g in zip(params, grads):
            p.grad = torch.tensor(g)
        opt.step()
        path.append(np.stack([p.detach().numpy().copy() for p in params]))
    return np.stack(path), opt, params


def assert_rel(ours, ref, rel=1e-9):
    ours, ref = np.asarray(ours, dtype=float), np.asarray(ref, dtype=float)
    np.testing.assert_allclose(ours, ref, rtol=rel, atol=rel * max(np.abs(ref).max(), 1e-300))


def assert_same_state(state, opt, params):
    """Our state fields carry torch's state names; compare those both sides hold."""
    compared = 0
    for field in state._fields:
        ours = getattr(state, field)
        theirs = [opt.state[p].get(field) for p in params]
        if ours is None or any(t is None for t in theirs):
            continue
        theirs = np.stack([np.asarray(t.detach()) for t in theirs])
        assert_rel(np.asarray(ours).ravel(), theirs.ravel())
        compared += 1
    if "step" in opt.state[params[0]]:  # SGD keeps no step counter
        assert state.count == int(opt.state[params[0]]["step"])
    return compared


@pytest.mark.parametrize("name, hyper", TORCH_CASES)
@pytest.mark.parametrize("grads", [fixed_grads, quadratic_grads], ids=["fixed", "quadratic"])
def test_matches_torch(name, hyper, grads, float64_default):
    steps = 200
    ours, state = run_ours(name, hyper, P0, grads(steps), steps)
    ref, opt, params = run_torch(name, hyper, P0, grads(steps), steps)
    assert np.abs(ref[-1] - ref[0]).max() > 0  # the setting really moves
    assert_rel(ours, ref)
    assert_same_state(state, opt, params)


def test_state_names_follow_torch(float64_default):
    """The state comparison above is not vacuous: these optimizers' state all matches torch by name."""
    expect = {"rprop": 2, "asgd": 3, "nadam": 3, "adafactor": 1, "rmsprop": 1, "adagrad": 1, "adadelta": 2,
              "adamax": 2, "radam": 2, "adam": 2}
    for name, n in expect.items():
        _, state = run_ours(name, richest_case(name), P0, fixed_grads(30), 30)
        _, opt, params = run_torch(name, richest_case(name), P0, fixed_grads(30), 30)
        assert assert_same_state(state, opt, params) >= n, name


def test_asgd_average_starts_at_t0(float64_default):
    hyper = {"t0": 20.0, "lambd": 1e-2, "alpha": 0.5, "lr": 0.05}
    _, state = run_ours("asgd", hyper, P0, quadratic_grads(100), 100)
    _, opt, params = run_torch("asgd", hyper, P0, quadratic_grads(100), 100)
    assert_rel(state.ax, np.stack([opt.state[p]["ax"].numpy() for p in params]))
    assert np.allclose(state.mu, 1 / 80)


def test_adafactor_factored_matrices_match_torch(float64_default):
    """Runs of matrices [runs, r, c] use torch's row/column factored second moment."""
    rng = np.random.default_rng(3)
    p0 = rng.standard_normal((2, 4, 3))
    g = rng.standard_normal((60, 2, 4, 3)) * 10.0 ** rng.uniform(-2, 1, size=(60, 2, 1, 1))
    for hyper in ({}, {"d": 2.0, "weight_decay": 0.1, "eps": (1e-20, 1e-2)}):
        ours, state = run_ours("adafactor", hyper, p0, lambda k, p: g[k], 60)
        ref, opt, params = run_torch("adafactor", hyper, p0, lambda k, p: g[k], 60)
        assert_rel(ours, ref)
        assert assert_same_state(state, opt, params) == 2  # row_var, col_var


# ---- torch tensors, sweeps ------------------------------------------------------------------

def richest_case(name):
    return CASES.get(name, [{}])[-1]


@pytest.mark.parametrize("name", ALL_NAMES)
def test_kernel_steps_torch_tensors(name):
    """The same kernel stepping torch float64 tensors gives the numpy result."""
    hyper = richest_case(name)
    g = gradient_sequence(50)
    ours, _ = run_ours(name, hyper, P0, lambda k, p: g[k], 50)
    opt = optimizer(name, **hyper)
    p = torch.tensor(P0)
    state = opt.init(p)
    for k in range(50):
        p, state = opt.step(p, torch.tensor(g[k]), state)
    assert isinstance(p, torch.Tensor) and p.dtype == torch.float64
    assert_rel(p.numpy(), ours[-1], 1e-12)


def sweep_values(param, n=5):
    """n valid values from the default towards the slider's far end (geometric for log sliders)."""
    d, far = param.default, param.high if param.default != param.high else param.low
    s = np.linspace(0.0, 0.3, n).reshape(-1, 1)
    if param.log and d > 0:
        return d * (far / d) ** s
    return d + s * (far - d)


def sweep(name, n=5):
    """Every float hyperparameter (and tuple part) as an array [n, 1]."""
    hyper = {}
    for p in REGISTRY[name].params:
        if p.kind == "pair":
            hyper[p.name] = tuple(sweep_values(q, n) if q.default is not None else None for q in p.parts)
        elif p.kind in ("float", "int"):
            hyper[p.name] = sweep_values(p, n)
    return hyper


def bool_variants(name):
    flags = [p.name for p in REGISTRY[name].params if p.kind == "bool" and p.name != "nesterov"]
    return [{}, dict.fromkeys(flags, True)] if flags else [{}]


def pick(hyper, i):
    """Run i's scalar hyperparameters out of a sweep."""
    def one(v):
        if isinstance(v, tuple):
            return tuple(one(x) for x in v)
        return float(v[i, 0]) if isinstance(v, np.ndarray) else v
    return {k: one(v) for k, v in hyper.items()}


@pytest.mark.parametrize("name", ALL_NAMES)
def test_sweep_equals_separate_runs(name):
    n, steps = 5, 60
    g = gradient_sequence(steps, runs=n, seed=7)
    p0 = np.random.default_rng(8).uniform(-2, 2, size=(n, 3))
    for flags in bool_variants(name):
        hyper = {**sweep(name, n), **flags}
        together, _ = run_ours(name, hyper, p0, lambda k, p: g[k], steps)
        assert np.isfinite(together).all()
        for i in range(n):
            alone, _ = run_ours(name, pick(hyper, i), p0[i:i + 1], lambda k, p: g[k][i:i + 1], steps)
            np.testing.assert_allclose(together[:, i:i + 1], alone, rtol=1e-12, atol=1e-300)
        assert np.ptp(together[-1], axis=0).max() > 0  # the runs really differ


@pytest.mark.parametrize("name", ALL_NAMES)
def test_sweep_with_torch_hyperparameters(name):
    """Per-run hyperparameters as torch tensors [runs, 1] step torch weights like the numpy sweep."""
    n, steps = 5, 30
    g = gradient_sequence(steps, runs=n, seed=7)
    p0 = np.random.default_rng(8).uniform(-2, 2, size=(n, 3))
    hyper = sweep(name, n)
    ref, _ = run_ours(name, hyper, p0, lambda k, p: g[k], steps)

    def as_torch(v):
        if isinstance(v, tuple):
            return tuple(as_torch(x) for x in v)
        return torch.tensor(v) if isinstance(v, np.ndarray) else v
    spec = REGISTRY[name]
    hyper_t = {k: as_torch(v) for k, v in {**spec.defaults, **hyper}.items()}
    p = torch.tensor(p0)
    state = spec.init(p, **hyper_t)
    for k in range(steps):
        p, state = spec.update(p, torch.tensor(g[k]), state, **hyper_t)
    assert_rel(p.numpy(), ref[-1], 1e-12)


# ---- the note's worked examples -------------------------------------------------------------

def moves(name, grads, **hyper):
    opt = optimizer(name, **hyper)
    p = np.zeros((1, 1))
    state = opt.init(p)
    out = []
    for g in grads:
        new, state = opt.step(p, np.full((1, 1), g), state)
        out.append(float(p[0, 0] - new[0, 0]))
        p = new
    return out


def test_note_sgd_momentum_example():
    assert moves("sgd", [2.0, 1.8], lr=0.1, momentum=0.9) == pytest.approx([0.2, 0.36], rel=1e-12)


def test_note_rmsprop_example():
    d1, d2 = moves("rmsprop", [10.0, 12.0], lr=0.1, alpha=0.9, eps=1e-12)
    assert (round(d1, 3), round(d2, 3)) == (0.316, 0.248)
    assert d2 < d1  # a larger gradient, yet a smaller step


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_adam_first_step_is_lr(scale):
    for sign in (1.0, -1.0):
        (d,) = moves("adam", [sign * scale], lr=0.01)
        assert d == pytest.approx(sign * 0.01, rel=1e-4)


# ---- argument checks ------------------------------------------------------------------------

BAD = {
    "lr": [-0.1], "eps": [-1.0], "weight_decay": [-0.5], "momentum": [-0.5], "alpha": [-0.5],
    "lr_decay": [-0.1], "initial_accumulator_value": [-1.0], "rho": [1.5, -0.1], "momentum_decay": [-0.1],
    "betas": [(1.0, 0.999), (0.9, 1.0), (-0.1, 0.999)], "etas": [(1.5, 1.2), (0.5, 0.9), (0.0, 1.2)],
    "beta2_decay": [0.5], "d": [0.5],
}
BAD_ADAFACTOR_EPS = [(-1.0, 1e-3), (None, -1.0)]


def bad_cases(name):
    for p in REGISTRY[name].params:
        values = BAD_ADAFACTOR_EPS if (name, p.name) == ("adafactor", "eps") else BAD.get(p.name, [])
        for v in values:
            yield {p.name: v}


def error_of(build):
    try:
        build()
    except ValueError as e:
        return str(e)
    return None


@pytest.mark.parametrize("name", TORCH_NAMES)
def test_invalid_values_raise_like_torch(name):
    cls = getattr(torch.optim, REGISTRY[name].torch_class)
    raised = 0
    for bad in bad_cases(name):
        theirs = error_of(lambda: cls([torch.zeros(2)], **bad))
        ours = error_of(lambda: optimizer(name, **bad))
        assert ours == theirs, bad
        raised += theirs is not None
    assert raised >= 1


@pytest.mark.parametrize("name", ALL_NAMES)
def test_negative_lr_and_bad_betas_raise(name):
    with pytest.raises(ValueError, match="(?i)learning rate"):
        optimizer(name, lr=-1e-3)
    if "betas" in REGISTRY[name].defaults:
        with pytest.raises(ValueError, match="beta parameter at index 1"):
            optimizer(name, betas=(0.9, 1.0))
    if isinstance(REGISTRY[name].defaults.get("eps"), float):
        with pytest.raises(ValueError, match="epsilon"):
            optimizer(name, eps=-1e-8)
    # the same checks catch one bad run inside a sweep
    with pytest.raises(ValueError):
        optimizer(name, lr=[1e-3, -1e-3])


def test_nesterov_needs_momentum_like_torch():
    theirs = error_of(lambda: torch.optim.SGD([torch.zeros(1)], lr=0.1, nesterov=True))
    assert theirs and error_of(lambda: optimizer("sgd", lr=0.1, nesterov=True)) == theirs
    assert error_of(lambda: optimizer("sgd", momentum=0.9, dampening=0.1, nesterov=True)) == theirs
    assert error_of(lambda: optimizer("sgd", momentum=[0.0, 0.9], nesterov=True)) == theirs
    optimizer("sgd", momentum=[0.5, 0.9], nesterov=True)


def test_unknown_name_and_keyword():
    with pytest.raises(ValueError, match="Unknown optimizer"):
        optimizer("adamm")
    with pytest.raises(ValueError, match="unexpected"):
        optimizer("adam", momentum=0.9)
    with pytest.raises(ValueError, match="unexpected"):
        optimizer("rmsprop", capturable=True)  # implementation switches are not hyperparameters


# ---- registry -------------------------------------------------------------------------------

def test_registry_order_and_torch_signatures():
    assert names()[:12] == ["sgd", "rmsprop", "adam", "adamw", "adagrad", "adadelta", "adamax", "nadam",
                            "radam", "rprop", "asgd", "adafactor"]
    assert {"lion", "signsgd", "signum", "adabelief", "yogi", "lamb"} <= set(names()[12:])
    skip = {"params", "self", "foreach", "capturable", "differentiable", "fused"}
    import inspect
    for name in TORCH_NAMES:
        sig = inspect.signature(getattr(torch.optim, REGISTRY[name].torch_class).__init__)
        torch_defaults = {k: p.default for k, p in sig.parameters.items() if k not in skip}
        assert REGISTRY[name].defaults == torch_defaults, name


@pytest.mark.parametrize("name", ALL_NAMES)
def test_spec_is_complete(name):
    spec = REGISTRY[name]
    assert spec.rule and describe(spec, "en") and describe(spec, "ko")
    assert spec.torch_class or spec.paper
    for p in spec.params:
        for q in p.parts or (p,):
            if q.kind == "float" and q.default is not None:
                assert q.low <= q.default <= q.high, (name, q.name)
    assert spec.params[0].name == "lr" and spec.params[0].log


def test_rmsprop_description_mentions_eps_placement():
    spec = REGISTRY["rmsprop"]
    assert "√s + ε" in describe(spec, "en") and "√s + ε" in describe(spec, "ko")


# ---- optimizers torch lacks: two steps derived by hand from each paper's rule ----------------

def two_steps(name, p0, g1, g2, **hyper):
    opt = optimizer(name, **hyper)
    p = np.array([p0], dtype=float)
    state = opt.init(p)
    p1, state = opt.step(p, np.array([g1], dtype=float), state)
    p2, state = opt.step(p1, np.array([g2], dtype=float), state)
    return p1[0], p2[0]


def test_lion_two_steps():
    # c₁ = 0.1·g₁ = (0.05, −0.01) → sign (+, −);  θ₁ = θ₀ − 0.1(sign + 0.1θ₀);  m₁ = 0.01·g₁ = (0.005, −0.001)
    # c₂ = 0.9m₁ + 0.1g₂ = (−0.1955, 0.0041) → sign (−, +);  θ₂ = θ₁ − 0.1(sign + 0.1θ₁)
    p1, p2 = two_steps("lion", [1.0, -2.0], [0.5, -0.1], [-2.0, 0.05], lr=0.1, betas=(0.9, 0.99), weight_decay=0.1)
    np.testing.assert_allclose(p1, [0.89, -1.88], rtol=1e-14)
    np.testing.assert_allclose(p2, [0.9811, -1.9612], rtol=1e-14)


def test_signsgd_and_signum_two_steps():
    p1, p2 = two_steps("signsgd", [1.0, -2.0], [0.5, 0.0], [-0.2, 2.0], lr=0.1)
    np.testing.assert_allclose([p1, p2], [[0.9, -2.0], [1.0, -2.1]], rtol=1e-15)
    # Signum, β = 0.5: m₁ = (0.25, 0), m₂ = (0.125 − 0.1, 1) = (0.025, 1): the momentum keeps x moving forward
    p1, p2 = two_steps("signum", [1.0, -2.0], [0.5, 0.0], [-0.2, 2.0], lr=0.1, momentum=0.5)
    np.testing.assert_allclose([p1, p2], [[0.9, -2.0], [0.8, -2.1]], rtol=1e-15)


def test_adabelief_two_steps():
    # m₁ = 0.2, s₁ = 0.001·(2 − 0.2)² = 0.00324, m̂₁ = 2, ŝ₁ = 3.24 → θ₁ = 1 − 0.1·2/1.8
    # m₂ = 0.18 + 0.1 = 0.28, s₂ = 0.999·0.00324 + 0.001·(1 − 0.28)² = 0.00375516
    # m̂₂ = 0.28/0.19, ŝ₂ = 0.00375516/0.001999
    p1, p2 = two_steps("adabelief", [1.0], [2.0], [1.0], lr=0.1, betas=(0.9, 0.999), eps=1e-16)
    theta1 = 1 - 0.1 * 2 / 1.8
    theta2 = theta1 - 0.1 * (0.28 / 0.19) / math.sqrt(0.00375516 / 0.001999)
    np.testing.assert_allclose([p1[0], p2[0]], [theta1, theta2], rtol=1e-12)


def test_yogi_two_steps():
    # v₀ = 1e-6.  v₁ = v₀ + 0.001·4 (v₀ < g²) = 0.004001 both coordinates;  m₁ = 0.2
    # v₂ = 0.004001 + 0.001·1 = 0.005001 (x: g² = 1 > v)  and  0.004001 − 0.001·1e-4 = 0.0040009 (y: g² < v)
    p1, p2 = two_steps("yogi", [1.0, 1.0], [2.0, 2.0], [1.0, 0.01], lr=0.1, betas=(0.9, 0.999), eps=1e-3)
    theta1 = 1 - 0.1 * 0.2 / (math.sqrt(0.004001) + 1e-3)
    m2 = (0.9 * 0.2 + 0.1 * 1.0, 0.9 * 0.2 + 0.1 * 0.01)
    theta2 = (theta1 - 0.1 * m2[0] / (math.sqrt(0.005001) + 1e-3),
              theta1 - 0.1 * m2[1] / (math.sqrt(0.0040009) + 1e-3))
    np.testing.assert_allclose(p1, [theta1, theta1], rtol=1e-12)
    np.testing.assert_allclose(p2, theta2, rtol=1e-12)


def test_lamb_two_steps():
    # step 1: m̂ = g, v̂ = g² → r = sign(g) = (1, −1);  u = r + 0.1θ₀ = (1.3, −0.6);  ‖θ₀‖ = 5
    p1, p2 = two_steps("lamb", [3.0, 4.0], [1.0, -1.0], [2.0, 0.0], lr=0.1, betas=(0.9, 0.999),
                       eps=0.0, weight_decay=0.1)
    u1 = np.array([1.3, -0.6])
    theta1 = np.array([3.0, 4.0]) - 0.1 * 5 / math.sqrt(1.3 ** 2 + 0.6 ** 2) * u1
    # step 2: m₂ = (0.09 + 0.2, −0.09) / 0.19,  v₂ = (0.000999 + 0.004, 0.000999) / 0.001999
    r2 = np.array([0.29 / 0.19 / math.sqrt(0.004999 / 0.001999), -0.09 / 0.19 / math.sqrt(0.000999 / 0.001999)])
    u2 = r2 + 0.1 * theta1
    theta2 = theta1 - 0.1 * math.hypot(*theta1) / math.hypot(*u2) * u2
    np.testing.assert_allclose(p1, theta1, rtol=1e-12)
    np.testing.assert_allclose(p2, theta2, rtol=1e-12)


def test_lamb_trust_ratio_is_one_at_zero_weights():
    p1, _ = two_steps("lamb", [0.0, 0.0], [1.0, -1.0], [1.0, 1.0], lr=0.1, eps=0.0)
    np.testing.assert_allclose(p1, [-0.1, 0.1], rtol=1e-14)


@pytest.mark.parametrize("name", [n for n in ALL_NAMES if REGISTRY[n].torch_class is None])
def test_extras_torch_code_cites_paper(name):
    code = optimizer(name).torch_code()
    assert code.startswith("#") and REGISTRY[name].paper in code


# ---- packaging ------------------------------------------------------------------------------

def test_optviz_imports_no_streamlit():
    root = Path(__file__).absolute().parents[1]
    code = "import sys, optviz; assert 'streamlit' not in sys.modules, 'streamlit imported'"
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
