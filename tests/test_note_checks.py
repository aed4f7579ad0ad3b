"""Each "where the note differs" number, recomputed with torch alone."""
import warnings

import pytest
import torch

from optviz.studies import note_checks


def test_warmup_as_written_ramps_to_base_lr_squared():
    got = note_checks.warmup_as_written(base_lr=1e-3, warmup=5, epochs=8)
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=1e-3)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lr_lambda=lambda e, W=5, base_lr=1e-3: base_lr * (e + 1) / W if e < W else base_lr)
    lrs = []
    for _ in range(8):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    assert got["as_written"] == pytest.approx(lrs, rel=1e-12)
    assert lrs[4] == pytest.approx(1e-6) and got["end_of_warmup"] == pytest.approx(1e-6)
    assert got["intended"][4] == pytest.approx(1e-3)
    assert got["factor"] == pytest.approx(1000)


def test_adam_v_is_the_mean_of_g_squared_not_the_variance():
    grads = [1.0, 3.0] * 200
    got = note_checks.adam_second_moment(grads)
    w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([w], lr=1e-3)
    for g in grads:
        w.grad = torch.tensor([g], dtype=torch.float64)
        opt.step()
    st = opt.state[w]
    v_hat = float(st["exp_avg_sq"][0]) / (1 - 0.999 ** int(st["step"]))
    assert got["v_hat"] == pytest.approx(v_hat, rel=1e-12)
    g = torch.tensor(grads, dtype=torch.float64)
    assert abs(v_hat - float((g ** 2).mean())) < 0.01          # the mean of g² (5) …
    assert abs(v_hat - float(g.var(unbiased=False))) > 3.9      # … not the variance (1)


def test_adamw_penalty_gradient_is_twice_the_weight_decay():
    lam, lr = 0.01, 1e-3
    got = note_checks.adamw_penalty(lam, lr, theta=1.0)
    w = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.AdamW([w], lr=lr, weight_decay=lam)
    w.grad = torch.zeros(1, dtype=torch.float64)
    opt.step()
    torch_decay_per_lr = (1.0 - float(w[0])) / lr
    assert got["adamw_decay_per_lr"] == pytest.approx(torch_decay_per_lr, rel=1e-9)
    assert torch_decay_per_lr == pytest.approx(lam)
    assert got["penalty_grad"] == pytest.approx(2 * lam)
    assert got["ratio"] == pytest.approx(2.0)


def test_torch_cuda_amp_is_deprecated():
    got = note_checks.amp_deprecation()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.cuda.amp.GradScaler()
    future = [str(w.message) for w in caught if issubclass(w.category, FutureWarning)]
    assert future and future[0] in got
    assert all("torch.amp" in m for m in got) and len(got) == 2


def test_clipping_scaled_gradients_shrinks_the_step_by_the_scale():
    got = note_checks.amp_clip_without_unscale(max_norm=1.0, grad=(3.0, 4.0), lr=1.0)
    scale = torch.amp.GradScaler("cpu").get_scale()
    # as the note writes it: the clipped norm is max_norm in *scaled* units, so the real step is max_norm / scale
    assert got["scale"] == scale
    assert got["note_step"] == pytest.approx(1.0 / scale, rel=1e-5)
    assert got["unscaled_step"] == pytest.approx(1.0, rel=1e-5)
    assert got["ratio"] == pytest.approx(scale, rel=1e-4)
