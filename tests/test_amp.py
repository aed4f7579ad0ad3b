"""optviz.amp against torch itself: float16 gradients against torch.autocast, the scaler against
torch.amp.GradScaler, whole training runs against torch AMP loops."""
import numpy as np
import pytest
import torch

import optviz
from optviz.nets.amp import (HIST_EDGES, MODES, Scaler, loss_grad_fp16, scaler_sequence, train_precisions)
from optviz.nets import MLP

IRIS = optviz.dataset("iris")
DIGITS = optviz.dataset("digits")


def autocast_grads(net, w, X, y, factor, activation="relu"):
    """(loss, flat grads) of factor · cross-entropy through nn.Sequential under CPU float16 autocast."""
    m = net.module(w)
    with torch.autocast("cpu", dtype=torch.float16):
        loss = torch.nn.functional.cross_entropy(m(X), y)
    (loss * factor).backward()
    return loss.detach(), torch.cat([p.grad.reshape(-1) for p in m.parameters()])


# ---- the float16 backward pass ---------------------------------------------------------------

@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("factor", [1.0, 2.0 ** -12, 2.0 ** 10])
def test_fp16_gradients_bitwise_equal_torch_autocast(activation, factor):
    net = MLP((64, 32, 24, 10), activation)
    w = net.init(3)
    X, y = torch.tensor(DIGITS.X_train[:48]), torch.tensor(DIGITS.y_train[:48])
    ref_loss, ref = autocast_grads(net, w, X, y, factor)
    loss, G = loss_grad_fp16(net, w.unsqueeze(0), X, y, factor)
    assert G.dtype == torch.float32
    assert torch.equal(G[0], ref)
    assert float(loss[0]) == pytest.approx(float(ref_loss), rel=1e-6)


def test_fp16_rows_use_their_own_scale():
    """Two rows of weights with two loss scales in one call equal two separate autocast backward passes."""
    net = MLP((4, 16, 3))
    W = torch.stack([net.init(0), net.init(1)])
    X, y = torch.tensor(IRIS.X_train[:32]), torch.tensor(IRIS.y_train[:32])
    _, G = loss_grad_fp16(net, W, X, y, [2.0 ** -20, 2.0 ** 4])
    assert torch.equal(G[0], autocast_grads(net, W[0], X, y, 2.0 ** -20)[1])
    assert torch.equal(G[1], autocast_grads(net, W[1], X, y, 2.0 ** 4)[1])


def test_fp16_flushes_tiny_gradients_to_zero():
    """With a tiny factor most entries vanish in float16 but not in float32."""
    net = MLP((64, 32, 10))
    w = net.init(0)
    X, y = torch.tensor(DIGITS.X_train[:64]), torch.tensor(DIGITS.y_train[:64])
    _, g32 = net.loss_grad(w.unsqueeze(0), X, y)
    _, g16 = loss_grad_fp16(net, w.unsqueeze(0), X, y, 2.0 ** -20)
    lost = ((g16[0] == 0) & (g32[0] != 0)).float().mean()
    assert lost > 0.5


# ---- the scaler -------------------------------------------------------------------------------

def torch_scaler_run(grad_values, lr=0.1, **scaler_kw):
    """Feed GradScaler('cpu') float16 gradients S·v (cast like autocast's backward does) and step SGD.

    Returns (scale used at each step, skipped flags, final parameters); a step was skipped exactly
    when update() backed the scale off."""
    p = torch.zeros(grad_values.shape[1], requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr)
    scaler = torch.amp.GradScaler("cpu", **scaler_kw)
    used, skipped = [], []
    for v in grad_values:
        opt.zero_grad()
        loss = (p.half().float() * v).sum()          # grad w.r.t. p: fp16(S·v) as float32
        used.append(scaler.get_scale())
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        skipped.append(scaler.get_scale() < used[-1])
    return np.array(used), np.array(skipped), p.detach()


def ours_scaler_run(grad_values, lr=0.1, **scaler_kw):
    scaler = Scaler(**scaler_kw)
    state = scaler.init()
    sgd = optviz.optimizer("sgd", lr=lr)
    p = torch.zeros(1, grad_values.shape[1])
    opt_state = sgd.init(p)
    used, skipped = [], []
    for v in grad_values:
        used.append(scaler.scale_of(state))
        scaled = (torch.tensor(scaler.scale_of(state), dtype=torch.float32) * v).half().float().unsqueeze(0)
        grads, found_inf = scaler.unscale(scaled, state)
        if not found_inf:
            p, opt_state = sgd.step(p, grads, opt_state)
        skipped.append(found_inf)
        state = scaler.update(state, found_inf)
    return np.array(used), np.array(skipped), p[0]


@pytest.mark.parametrize("kw", [
    dict(init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5, growth_interval=3),
    dict(init_scale=1000.0, growth_factor=1.5, backoff_factor=0.3, growth_interval=2),
    dict(init_scale=2.0 ** 24, growth_factor=4.0, backoff_factor=0.25, growth_interval=1),
])
def test_scaler_equals_torch_gradscaler(kw):
    """Same scale at every step, same skipped steps, same parameters as torch.amp.GradScaler."""
    g = torch.Generator().manual_seed(0)
    mags = torch.tensor([1e-9, 1e-3, 0.5, 30.0, 2.0, 1e-6, 1e-2, 300.0, 1e-4, 1.0] * 3)
    values = torch.randn(len(mags), 7, generator=g) * mags[:, None]
    ref_used, ref_skip, ref_p = torch_scaler_run(values, **kw)
    used, skip, p = ours_scaler_run(values, **kw)
    assert np.array_equal(used, ref_used)
    assert np.array_equal(skip, ref_skip)
    assert ref_skip.any() and not ref_skip.all()
    assert torch.allclose(p, ref_p, rtol=1e-6, atol=1e-12)


def test_scaler_growth_stops_before_float32_overflow():
    """torch keeps S when S·growth is not finite in float32."""
    values = torch.zeros(4, 3)
    ref_used, _, _ = torch_scaler_run(values, init_scale=2.0 ** 126, growth_factor=4.0, growth_interval=1)
    used, after = scaler_sequence(Scaler(2.0 ** 126, 4.0, 0.5, 1), [False] * 4)
    assert np.array_equal(used, ref_used)
    assert np.all(after == 2.0 ** 126)


def test_scaler_rules_by_hand():
    """Back-off on inf, growth after `growth_interval` clean steps in a row, counter reset by an inf."""
    s = Scaler(init_scale=8.0, growth_factor=2.0, backoff_factor=0.5, growth_interval=2)
    used, after = scaler_sequence(s, [False, False, True, False, True, False, False, False])
    assert used.tolist() == [8, 8, 16, 8, 8, 4, 4, 8]
    assert after.tolist() == [8, 16, 8, 8, 4, 4, 8, 8]


@pytest.mark.parametrize("kw", [dict(growth_factor=1.0), dict(backoff_factor=1.0), dict(growth_interval=0),
                                dict(init_scale=-1.0), dict(init_scale=float("inf"))])
def test_scaler_rejects_bad_settings(kw):
    with pytest.raises(ValueError):
        Scaler(**kw)


# ---- whole training runs against torch AMP loops -------------------------------------------------

def torch_amp_loop(data, hidden, lr, epochs, batch, seed, factor, mode, **scaler_kw):
    """The page's PyTorch code: Adam on nn.Sequential, float32 / autocast / autocast + GradScaler."""
    net = MLP((data.n_features, *hidden, data.n_classes))
    m = net.module(net.init(seed))
    opt = torch.optim.Adam(m.parameters(), lr=lr)
    scaler = torch.amp.GradScaler("cpu", **scaler_kw) if mode == "float16_scaled" else None
    X, y = torch.tensor(data.X_train), torch.tensor(data.y_train)
    g = torch.Generator().manual_seed(seed)
    scales, losses = [], []
    for _ in range(epochs):
        perm = torch.randperm(len(y), generator=g)
        for s in range(0, len(y), batch):
            idx = perm[s:s + batch]
            opt.zero_grad()
            with torch.autocast("cpu", dtype=torch.float16, enabled=(mode != "float32")):
                loss = torch.nn.functional.cross_entropy(m(X[idx]), y[idx])
            losses.append(float(loss.detach()))
            if scaler is None:
                (factor * loss).backward()
                opt.step()
            else:
                scales.append(scaler.get_scale())
                scaler.scale(factor * loss).backward()
                scaler.step(opt)
                scaler.update()
    w = torch.cat([p.detach().reshape(-1) for p in m.parameters()])
    return w.numpy(), np.array(scales), np.array(losses)


@pytest.fixture(scope="module")
def iris_runs():
    kw = dict(init_scale=2.0 ** 24, growth_interval=3)
    ours = train_precisions(IRIS, optviz.optimizer("adam", lr=1e-2), epochs=3, batch_size=16, hidden=(16,), seed=1,
                            loss_factor=2.0 ** -4, **kw)
    return ours, kw


@pytest.mark.parametrize("k", [0, 1, 2])
def test_train_precisions_equals_torch_amp_loops(iris_runs, k):
    ours, kw = iris_runs
    w, scales, losses = torch_amp_loop(IRIS, (16,), 1e-2, 3, 16, 1, 2.0 ** -4, MODES[k], **kw)
    assert np.allclose(ours.final_weights[k], w, rtol=1e-5, atol=1e-6)
    assert np.allclose(ours.step_loss[k], losses, rtol=1e-5)
    if MODES[k] == "float16_scaled":
        assert np.array_equal(ours.scale, scales)
        # torch lowers the scale exactly after the steps it skipped
        assert np.array_equal(ours.skipped[:-1], scales[1:] < scales[:-1])
        assert ours.skipped.sum() >= 2


def test_underflow_share_against_autocast_at_first_step():
    """Step 0 sees the initial weights: the share equals the one counted from torch's own gradients."""
    c = 2.0 ** -16
    r = train_precisions(DIGITS, optviz.optimizer("adam", lr=1e-3), epochs=1, batch_size=128, hidden=(32,),
                         loss_factor=c, seed=2)
    net = MLP((64, 32, 10))
    g = torch.Generator().manual_seed(2)
    idx = torch.randperm(DIGITS.n_train, generator=g)[:128]
    X, y = torch.tensor(DIGITS.X_train)[idx], torch.tensor(DIGITS.y_train)[idx]
    m32 = net.module(net.init(2))
    (c * torch.nn.functional.cross_entropy(m32(X), y)).backward()
    g32 = torch.cat([p.grad.reshape(-1) for p in m32.parameters()])
    _, g16 = autocast_grads(net, net.init(2), X, y, c)
    share = ((g16 == 0) & (g32 != 0)).sum() / (g32 != 0).sum()
    assert r.underflow[1, 0] == pytest.approx(float(share), abs=1e-7)
    _, g16s = autocast_grads(net, net.init(2), X, y, c * 2.0 ** 16)
    share_scaled = ((g16s == 0) & (g32 != 0)).sum() / (g32 != 0).sum()
    assert r.underflow[2, 0] == pytest.approx(float(share_scaled), abs=1e-7)


@pytest.fixture(scope="module")
def small_gradient_runs():
    return train_precisions(DIGITS, optviz.optimizer("adam", lr=1e-3), epochs=4, batch_size=64, hidden=(64, 64),
                            loss_factor=2.0 ** -16, growth_interval=50)


def test_underflow_without_scaling_and_none_with(small_gradient_runs):
    r = small_gradient_runs
    assert np.all(r.underflow[0] == 0)
    assert r.underflow[1].mean() > 0.3
    assert r.underflow[2].max() < 1e-3
    assert not r.skipped.any()


def test_unscaled_float16_learns_less(small_gradient_runs):
    r = small_gradient_runs
    f32, f16, scaled = r.train_loss[:, -1]
    assert f16 > 2 * f32
    assert scaled == pytest.approx(f32, rel=0.02)
    assert r.test_accuracy[1, -1] < r.test_accuracy[0, -1] - 0.05


def test_scale_grows_every_growth_interval(small_gradient_runs):
    r = small_gradient_runs
    steps = np.arange(r.total_steps)
    assert np.array_equal(r.scale, 2.0 ** 16 * 2.0 ** (steps // 50))


def test_histogram_counts_the_float32_gradient():
    """One step (a full batch): the histogram is that of log₂|c·g| of torch's float32 gradient."""
    c = 2.0 ** -6
    r = train_precisions(IRIS, optviz.optimizer("sgd", lr=0.1), epochs=1, batch_size=IRIS.n_train, hidden=(8,),
                         loss_factor=c)
    net = MLP((4, 8, 3))
    m = net.module(net.init(0))
    (c * torch.nn.functional.cross_entropy(m(torch.tensor(IRIS.X_train)), torch.tensor(IRIS.y_train))).backward()
    g = torch.cat([p.grad.reshape(-1) for p in m.parameters()]).double()
    e = np.log2(np.abs(g[g != 0].numpy()))
    ref, _ = np.histogram(np.clip(e, HIST_EDGES[0], HIST_EDGES[-1] - 1e-9), bins=HIST_EDGES)
    assert np.array_equal(r.hist_counts, ref)


def test_diverging_runs_are_frozen_without_nan():
    r = train_precisions(IRIS, optviz.optimizer("sgd", lr=1e4), epochs=3, batch_size=16, hidden=(16,),
                         loss_factor=1.0)
    assert np.all(r.diverged_at >= 0)
    assert np.all(np.isfinite(r.step_loss)) and np.all(np.isfinite(r.train_loss))
    d = int(r.diverged_at[0])
    assert np.all(r.step_loss[0, d:] == r.step_loss[0, d - 1 if d else 0])


@pytest.mark.parametrize("kw", [dict(epochs=0), dict(epochs=31), dict(growth_factor=1.0), dict(backoff_factor=0.0),
                                dict(growth_interval=0), dict(loss_factor=0.0), dict(loss_factor=float("nan")),
                                dict(hidden=(0,)), dict(hidden=(8,) * 5), dict(batch_size=1, epochs=30),
                                dict(activation="gelu"), dict(seed=-1)])
def test_bad_arguments_raise_value_error(kw):
    with pytest.raises(ValueError):
        train_precisions(IRIS, optviz.optimizer("adam"), **{"epochs": 1, **kw})


def test_tensorwise_optimizer_rejected():
    with pytest.raises(ValueError):
        train_precisions(IRIS, optviz.optimizer("lamb"), epochs=1)
