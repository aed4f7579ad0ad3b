"""optviz.inside: the note's worked examples, Adam's bias correction, and every traced state field
step by step against torch.optim's state_dict."""
import math

import numpy as np
import pytest
import torch

import optviz
from optviz.studies.inside import (NumberListError, first_step_sizes, parse_numbers, table_columns, trace,
                           trace_path)


# ---- the note's worked examples (hand arithmetic) ----------------------------------------------

def test_momentum_worked_example():
    tr = trace(optviz.optimizer("sgd", lr=0.1, momentum=0.9), [2.0, 1.8])
    # v1 = 0.9·0 + 2.0 = 2.0, v2 = 0.9·2.0 + 1.8 = 3.6; moves 0.1·v
    np.testing.assert_allclose(tr["momentum_buffer"], [2.0, 3.6], rtol=1e-15)
    np.testing.assert_allclose(tr["delta"], [-0.2, -0.36], rtol=1e-14)
    np.testing.assert_allclose(tr["theta"], [-0.2, -0.56], rtol=1e-14)
    np.testing.assert_allclose(tr["eff_lr"], [0.1, 0.2], rtol=1e-14)   # 0.36 / 1.8


def test_rmsprop_worked_example_and_eps_placement():
    lr, eps = 0.1, 1e-8
    tr = trace(optviz.optimizer("rmsprop", lr=lr, alpha=0.9, eps=eps), [10.0, 12.0])
    # s1 = 0.1·100 = 10, s2 = 0.9·10 + 0.1·144 = 23.4
    np.testing.assert_allclose(tr["square_avg"], [10.0, 23.4], rtol=1e-15)
    torch_form = [-lr * 10 / (math.sqrt(10) + eps), -lr * 12 / (math.sqrt(23.4) + eps)]
    note_form = [-lr * 10 / math.sqrt(10 + eps), -lr * 12 / math.sqrt(23.4 + eps)]
    np.testing.assert_allclose(tr["delta"], torch_form, rtol=1e-14)
    np.testing.assert_allclose(tr["delta_eps_inside"], note_form, rtol=1e-14)
    assert [round(abs(d), 3) for d in tr["delta"]] == [0.316, 0.248]
    assert [round(abs(d), 3) for d in tr["delta_eps_inside"]] == [0.316, 0.248]


def test_rmsprop_forms_part_for_tiny_gradients():
    tr = trace(optviz.optimizer("rmsprop", lr=0.1, alpha=0.9, eps=1e-4), [1e-4])
    s = 1e-9
    assert tr["delta"][0] == pytest.approx(-0.1 * 1e-4 / (math.sqrt(s) + 1e-4), rel=1e-12)
    assert tr["delta_eps_inside"][0] == pytest.approx(-0.1 * 1e-4 / math.sqrt(s + 1e-4), rel=1e-12)
    assert abs(tr["delta"][0]) > 5 * abs(tr["delta_eps_inside"][0])


def test_plain_sgd_effective_lr_is_lr():
    tr = trace(optviz.optimizer("sgd", lr=0.05), [3.0, -1.0, 0.5])
    np.testing.assert_allclose(tr["eff_lr"], 0.05, rtol=1e-14)
    assert "momentum_buffer" not in tr          # torch keeps no buffer without momentum


def test_zero_gradient_has_no_effective_lr():
    tr = trace(optviz.optimizer("sgd", lr=0.1, momentum=0.9), [1.0, 0.0])
    assert np.isnan(tr["eff_lr"][1]) and tr["delta"][1] == pytest.approx(-0.09)


# ---- Adam's bias correction -------------------------------------------------------------------

@pytest.mark.parametrize("g", [1e-3, 1.0, 1e3, -1e5])
def test_adam_first_step_has_size_lr(g):
    lr, eps = 0.01, 1e-8
    tr = trace(optviz.optimizer("adam", lr=lr), [g])
    assert tr["m_hat"][0] == pytest.approx(g, rel=1e-12)
    assert tr["v_hat"][0] == pytest.approx(g * g, rel=1e-12)
    assert abs(tr["delta"][0]) == pytest.approx(lr * abs(g) / (abs(g) + eps), rel=1e-12)
    assert abs(tr["delta"][0]) == pytest.approx(lr, rel=1e-4)


def test_first_step_sizes_adam_against_sgd():
    gs = [1e-3, 1.0, 1e3]
    np.testing.assert_allclose(first_step_sizes(optviz.optimizer("adam", lr=0.01), gs), 0.01, rtol=1e-4)
    np.testing.assert_allclose(first_step_sizes(optviz.optimizer("sgd", lr=0.01), gs), [1e-5, 0.01, 10.0],
                               rtol=1e-14)


def test_bias_correction_on_a_constant_gradient():
    """m_t = (1 − β₁ᵗ) g and v_t = (1 − β₂ᵗ) g² for constant g, so m̂ = g, v̂ = g²; the corrected step is
    lr every time, leaving m uncorrected gives (1 − β₁ᵗ)·lr (tiny at first), leaving both gives
    (1 − β₁ᵗ)/√(1 − β₂ᵗ)·lr (too large)."""
    lr, b1, b2, g, T = 0.1, 0.9, 0.999, 2.0, 50
    tr = trace(optviz.optimizer("adam", lr=lr, betas=(b1, b2), eps=0.0), [g] * T)
    t = np.arange(1, T + 1)
    np.testing.assert_allclose(tr["exp_avg"], (1 - b1 ** t) * g, rtol=1e-12)
    np.testing.assert_allclose(tr["exp_avg_sq"], (1 - b2 ** t) * g * g, rtol=1e-10)
    np.testing.assert_allclose(tr["m_hat"], g, rtol=1e-12)
    np.testing.assert_allclose(tr["v_hat"], g * g, rtol=1e-10)
    np.testing.assert_allclose(tr["step_bc"], -lr, rtol=1e-10)
    np.testing.assert_allclose(tr["delta"], -lr, rtol=1e-10)
    np.testing.assert_allclose(tr["step_no_bc_m"], -lr * (1 - b1 ** t), rtol=1e-10)
    np.testing.assert_allclose(tr["step_no_bc"], -lr * (1 - b1 ** t) / np.sqrt(1 - b2 ** t), rtol=1e-10)
    assert abs(tr["step_no_bc_m"][0]) == pytest.approx(0.1 * lr)          # tiny first step
    assert abs(tr["step_no_bc"][0]) == pytest.approx(lr * 0.1 / math.sqrt(0.001))   # ≈ 3.16 lr


def test_decay_rates_adam_l2_and_adamw():
    """β₁ = 0: Adam + L2 steps −lr (g + λθ)/(√v̂ + ε), so its λθ part is −decay_rate·θ; AdamW first
    scales θ by 1 − lr·λ, then takes the Adam step."""
    lr, lam, th0 = 0.05, 0.3, 1.5
    grads = [0.4, -1.2, 2.0, 0.1, -0.3]
    l2 = trace(optviz.optimizer("adam", lr=lr, betas=(0.0, 0.99), weight_decay=lam), grads, th0)
    v_hat = l2["v_hat"]
    np.testing.assert_allclose(l2["decay_rate"], lr * lam / (np.sqrt(v_hat) + 1e-8), rtol=1e-12)
    decay_part = l2["delta"] + lr * np.asarray(grads) / (np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(decay_part, -l2["decay_rate"] * l2["theta_prev"], rtol=1e-9)
    w = trace(optviz.optimizer("adamw", lr=lr, weight_decay=lam), grads, th0)
    np.testing.assert_allclose(w["decay_rate"], lr * lam, rtol=1e-15)
    np.testing.assert_allclose(w["delta"] - w["step_bc"], -lr * lam * w["theta_prev"], rtol=1e-9, atol=1e-15)


# ---- every traced field against torch.optim --------------------------------------------------

TORCH_CASES = [
    ("sgd", dict(lr=0.1, momentum=0.9)),
    ("sgd", dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.1)),
    ("sgd", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("rmsprop", dict(lr=0.1, alpha=0.9)),
    ("rmsprop", dict(lr=0.01, alpha=0.95, centered=True, momentum=0.5, weight_decay=0.1)),
    ("adam", dict(lr=0.1)),
    ("adam", dict(lr=0.05, amsgrad=True, weight_decay=0.2, betas=(0.8, 0.99))),
    ("adamw", dict(lr=0.05, weight_decay=0.5)),
    ("adagrad", dict(lr=0.1)),
    ("adadelta", dict(lr=1.0, rho=0.9)),
    ("adamax", dict(lr=0.01)),
]
TORCH_STATE = {"sgd": ("momentum_buffer",), "rmsprop": ("square_avg", "grad_avg", "momentum_buffer"),
               "adam": ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), "adamw": ("exp_avg", "exp_avg_sq"),
               "adagrad": ("sum",), "adadelta": ("square_avg", "acc_delta"), "adamax": ("exp_avg", "exp_inf")}
GRADS = [2.0, 1.8, -0.5, 3.0, 0.0, -1.2, 0.7]


@pytest.mark.parametrize("name,hyper", TORCH_CASES, ids=lambda v: v if isinstance(v, str) else None)
def test_trace_equals_torch_state_dict(name, hyper):
    theta0 = 0.7
    tr = trace(optviz.optimizer(name, **hyper), GRADS, theta0)
    p = torch.tensor([theta0], dtype=torch.float64)
    opt = getattr(torch.optim, optviz.OPTIMIZER_SPECS[name].torch_class)([p], foreach=False, **hyper)
    compared = set()
    for k, g in enumerate(GRADS):
        p.grad = torch.tensor([g], dtype=torch.float64)
        opt.step()
        state = opt.state_dict()["state"][0]
        assert tr["theta"][k] == pytest.approx(p.item(), rel=1e-12, abs=1e-15)
        for field in TORCH_STATE[name]:
            if field in state:
                assert tr[field][k] == pytest.approx(state[field].item(), rel=1e-12, abs=1e-15), (field, k)
                compared.add(field)
    assert compared and compared <= set(tr)
    assert {f for f in TORCH_STATE[name] if f in tr} == compared   # nothing traced that torch lacks


def test_trace_path_matches_runner_and_vector_trace():
    surf = optviz.surface("rosenbrock")
    opt = optviz.optimizer("adam", lr=0.05, weight_decay=0.3)
    tp = trace_path(opt, surf, [-1.5, 2.0], 40)
    traj = optviz.run(surf, [opt], starts=[[-1.5, 2.0]], steps=40)
    np.testing.assert_allclose(tp["theta"], traj.positions[0, 0, 1:], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(tp["g"], surf.grad(traj.positions[0, 0, :-1]), rtol=1e-13)
    again = trace(opt, tp["g"], [-1.5, 2.0])            # the same gradients fed as a [T, 2] sequence
    np.testing.assert_allclose(again["exp_avg_sq"], tp["exp_avg_sq"], rtol=1e-15)
    assert tp["decay_rate"].shape == (40, 2)


# ---- parsing and checks ----------------------------------------------------------------------

def test_parse_numbers_accepts_what_float_accepts():
    assert parse_numbers("2.0, 1.8") == [2.0, 1.8]
    assert parse_numbers(" 1e3,-0.5 ,+2,  .25") == [1000.0, -0.5, 2.0, 0.25]


@pytest.mark.parametrize("text,kind,index,token", [
    ("", "empty", 1, ""), ("   ", "empty", 1, ""), ("1,,2", "empty", 2, ""), ("1, 2,", "empty", 3, ""),
    ("1, abc", "not_number", 2, "abc"), ("2*3", "not_number", 1, "2*3"), ("__import__('os')", "not_number", 1,
                                                                        "__import__('os')"),
    ("1, nan", "not_finite", 2, "nan"), ("inf", "not_finite", 1, "inf"),
])
def test_parse_numbers_errors(text, kind, index, token):
    with pytest.raises(NumberListError) as e:
        parse_numbers(text)
    assert (e.value.kind, e.value.index, e.value.token) == (kind, index, token)


def test_parse_numbers_cap():
    with pytest.raises(NumberListError) as e:
        parse_numbers(",".join(["1"] * 11), max_count=10)
    assert e.value.kind == "too_many" and e.value.limit == 10


def test_trace_rejects_bad_input():
    opt = optviz.optimizer("sgd", lr=0.1)
    for bad in ([], [1.0, float("nan")]):
        with pytest.raises(ValueError):
            trace(opt, bad)
    with pytest.raises(ValueError):
        trace(optviz.optimizer("sgd", lr=[0.1, 0.2]), [1.0])


def test_table_columns_order():
    tr = trace(optviz.optimizer("adam", lr=0.1), [1.0, 2.0])
    cols = table_columns(tr)
    assert cols[:2] == ["t", "g"]
    assert cols.index("exp_avg") < cols.index("m_hat") < cols.index("delta") < cols.index("eff_lr")
    assert "theta_prev" not in cols and "step_no_bc" not in cols
