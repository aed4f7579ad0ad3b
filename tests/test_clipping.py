"""Gradient clipping per run against torch.nn.utils.clip_grad_norm_ / clip_grad_value_."""
import math

import numpy as np
import pytest
import torch

from optviz.clipping import clip_grad_norm, clip_grad_value, grad_norm

RUNS, DIM = 12, 7


def grads(seed=0):
    """Random gradients whose run norms span 1e-3 … 1e3, so some runs sit above a threshold of 1 and some below."""
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((RUNS, DIM))
    return g / np.linalg.norm(g, axis=1, keepdims=True) * np.logspace(-3, 3, RUNS)[:, None]


def torch_clip_norm(row_parts, max_norm, norm_type):
    """torch's clip_grad_norm_ on one run whose parameters are `row_parts` (their gradients)."""
    params = []
    for part in row_parts:
        p = torch.nn.Parameter(torch.zeros(len(part), dtype=torch.float64))
        p.grad = torch.tensor(part, dtype=torch.float64)
        params.append(p)
    total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
    return np.concatenate([p.grad.numpy() for p in params]), float(total)


@pytest.mark.parametrize("norm_type", [2.0, 1.0, math.inf, 3.0, 0.5, "inf"])
@pytest.mark.parametrize("max_norm", [1.0, 0.05, 30.0])
def test_clip_grad_norm_equals_torch_per_run(norm_type, max_norm):
    G = grads()
    ours = clip_grad_norm(G, max_norm, norm_type=norm_type)
    norms = grad_norm(G, norm_type)
    clipped = 0
    for r in range(RUNS):
        ref, total = torch_clip_norm([G[r]], max_norm, float(norm_type))
        np.testing.assert_allclose(ours[r], ref, rtol=1e-13, atol=0)
        assert norms[r, 0] == pytest.approx(total, rel=1e-13)
        clipped += total > max_norm
    assert 0 < clipped < RUNS                       # both cases are exercised
    below = norms[:, 0] + 1e-6 <= max_norm
    np.testing.assert_array_equal(ours[below], G[below])   # factor exactly 1 below the threshold


@pytest.mark.parametrize("norm_type", [2.0, 1.0, math.inf, 3.0])
def test_a_run_split_into_several_parameters_clips_the_same(norm_type):
    G = grads(1)
    ours = clip_grad_norm(G, 1.0, norm_type=norm_type)
    for r in range(RUNS):
        ref, _ = torch_clip_norm([G[r, :3], G[r, 3:5], G[r, 5:]], 1.0, norm_type)
        np.testing.assert_allclose(ours[r], ref, rtol=1e-13, atol=0)


def test_clipped_norm_is_max_norm_up_to_torchs_eps():
    G = grads(2)
    out = clip_grad_norm(G, 1.0)
    n_in, n_out = np.linalg.norm(G, axis=1), np.linalg.norm(out, axis=1)
    big = n_in > 1.0
    np.testing.assert_allclose(n_out[big], n_in[big] / (n_in[big] + 1e-6), rtol=1e-12)


def test_per_run_max_norm_array():
    G = grads(3)
    max_norm = np.linspace(0.01, 100.0, RUNS).reshape(-1, 1)
    ours = clip_grad_norm(G, max_norm, norm_type=2.0)
    for r in range(RUNS):
        ref, _ = torch_clip_norm([G[r]], float(max_norm[r, 0]), 2.0)
        np.testing.assert_allclose(ours[r], ref, rtol=1e-13, atol=0)


def test_torch_tensor_input_stays_a_tensor():
    G = grads(4)
    T = torch.tensor(G)
    for norm_type in (2.0, math.inf):
        out = clip_grad_norm(T, 0.5, norm_type=norm_type)
        assert isinstance(out, torch.Tensor) and out.dtype == torch.float64
        np.testing.assert_allclose(out.numpy(), clip_grad_norm(G, 0.5, norm_type=norm_type), rtol=1e-13)
    out = clip_grad_norm(T, np.full((RUNS, 1), 0.5))
    np.testing.assert_allclose(out.numpy(), clip_grad_norm(G, 0.5), rtol=1e-13)
    v = clip_grad_value(T, 0.3)
    assert isinstance(v, torch.Tensor)
    np.testing.assert_array_equal(v.numpy(), np.clip(G, -0.3, 0.3))


@pytest.mark.parametrize("clip_value", [0.01, 0.5, 10.0])
def test_clip_grad_value_equals_torch(clip_value):
    G = grads(5)
    ours = clip_grad_value(G, clip_value)
    for r in range(RUNS):
        p = torch.nn.Parameter(torch.zeros(DIM, dtype=torch.float64))
        p.grad = torch.tensor(G[r])
        torch.nn.utils.clip_grad_value_([p], clip_value)
        np.testing.assert_array_equal(ours[r], p.grad.numpy())
    assert (np.abs(G) > clip_value).any() and (np.abs(G) < clip_value).any()


def test_clip_value_per_run_array():
    G = grads(6)
    c = np.linspace(0.01, 1.0, RUNS).reshape(-1, 1)
    np.testing.assert_array_equal(clip_grad_value(G, c), np.clip(G, -c, c))


def test_inputs_are_not_modified_and_zero_stays_zero():
    G = grads(7)
    before = G.copy()
    clip_grad_norm(G, 0.1)
    clip_grad_value(G, 0.1)
    np.testing.assert_array_equal(G, before)
    np.testing.assert_array_equal(clip_grad_norm(np.zeros((2, 3)), 1.0), np.zeros((2, 3)))


def test_non_finite_gradient_behaves_like_torch():
    row = np.array([np.inf, 1.0, -2.0])
    ours = clip_grad_norm(row[None], 1.0)[0]
    ref, _ = torch_clip_norm([row], 1.0, 2.0)
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(ref))
    np.testing.assert_array_equal(ours[~np.isnan(ours)], ref[~np.isnan(ref)])


@pytest.mark.parametrize("kw", [dict(max_norm=-1.0), dict(max_norm=float("nan")), dict(max_norm="big"),
                                dict(max_norm=np.array([[1.0], [-1.0]])),
                                dict(max_norm=1.0, norm_type=0), dict(max_norm=1.0, norm_type=-2.0),
                                dict(max_norm=1.0, norm_type=float("nan")), dict(max_norm=1.0, norm_type="l2"),
                                dict(max_norm=1.0, eps=-1e-6)])
def test_clip_grad_norm_rejects_invalid_values(kw):
    with pytest.raises(ValueError):
        clip_grad_norm(np.ones((2, 3)), **kw)


@pytest.mark.parametrize("c", [-0.1, float("nan"), "x"])
def test_clip_grad_value_rejects_invalid_values(c):
    with pytest.raises(ValueError):
        clip_grad_value(np.ones((2, 3)), c)
