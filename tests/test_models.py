"""CNN, Transformer and RNN trained K optimizers at once (optviz.train(model=...)) against ordinary
torch.optim loops on the same nn.Module; the Hessian's top eigenvalue against the dense Hessian;
the note's claims (slow tests) with train's defaults; the edge of stability."""
import math

import numpy as np
import pytest
import torch

import optviz
from optviz.nets import deepnets, sharpness
from optviz.nets.data import sequence_dataset
from optviz.nets.models import MODEL_SPECS, MODELS
from optviz.i18n import TEXT, t


def small(model):
    if model == "cnn":
        return optviz.dataset("digits", n_samples=100)
    if model == "transformer":
        return sequence_dataset("reverse", n_samples=120, length=6)
    return sequence_dataset("adding", n_samples=120, length=8)


def torch_loop(model, data, make_opt, epochs, batch_size, seed=0, make_sched=None, clip=None, size=None):
    """torch.manual_seed(seed); build the module; the usual zero_grad / loss / backward / clip / step loop,
    mini-batches in the order train() documents. Returns (final flat weights, step losses, grad norms)."""
    torch.manual_seed(seed)
    module = deepnets.build(model, data, **(size or {})).double()      # drawn in float32, as train() does
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        X, y, _, _ = deepnets._tensors(model, data, torch.float64)
        opt = make_opt(module.parameters())
        sched = make_sched(opt) if make_sched else None
        order = torch.Generator().manual_seed(seed)
        losses, norms = [], []
        for _ in range(epochs):
            for idx in torch.randperm(len(y), generator=order).split(batch_size):
                opt.zero_grad()
                loss = deepnets.loss_of(model, module(X[idx]), y[idx])
                loss.backward()
                norms.append(float(torch.linalg.vector_norm(torch.cat([p.grad.reshape(-1) for p in module.parameters()]))))
                if clip is not None:
                    torch.nn.utils.clip_grad_norm_(module.parameters(), clip)
                opt.step()
                if sched is not None:
                    sched.step()
                losses.append(loss.item())
        return torch.cat([p.detach().reshape(-1) for p in module.parameters()]).numpy(), np.array(losses), np.array(norms)
    finally:
        torch.set_default_dtype(previous)


def test_registry_and_text():
    assert MODELS == ["mlp", "cnn", "transformer", "rnn"]
    for name, spec in MODEL_SPECS.items():
        assert spec.dataset in spec.datasets
        for lang in ("en", "ko"):
            assert spec.desc(lang) and spec.title(lang)
        assert TEXT[f"model_desc_{name}"]["en"] != TEXT[f"model_desc_{name}"]["ko"]
    assert optviz.MODELS == MODELS


@pytest.mark.parametrize("model", ["cnn", "transformer", "rnn"])
def test_together_equals_torch_optim_alone(model):
    data = small(model)
    opts = [optviz.optimizer("sgd", lr=0.05, momentum=0.9, nesterov=True),
            optviz.optimizer("adamw", lr=3e-3, weight_decay=0.01),
            optviz.optimizer("adam", lr=1e-3, amsgrad=True)]
    sched = optviz.schedule("linearlr", start_factor=0.1, total_iters=5)
    h = optviz.train(data, opts, model=model, epochs=2, batch_size=32, dtype="float64",
                     schedule=[None, sched, None], clip_grad_norm=[None, None, 0.5])
    refs = [
        torch_loop(model, data, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, foreach=False), 2, 32),
        torch_loop(model, data, lambda p: torch.optim.AdamW(p, lr=3e-3, weight_decay=0.01, foreach=False), 2, 32,
                   make_sched=lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=5)),
        torch_loop(model, data, lambda p: torch.optim.Adam(p, lr=1e-3, amsgrad=True, foreach=False), 2, 32, clip=0.5),
    ]
    assert h.model == model and h.step_loss.shape == h.grad_norm.shape == (3, 2 * math.ceil(data.n_train / 32))
    for k, (w, losses, norms) in enumerate(refs):
        np.testing.assert_allclose(h.final_weights[k], w, rtol=1e-7, atol=1e-9)
        np.testing.assert_allclose(h.step_loss[k], losses, rtol=1e-9)
        np.testing.assert_allclose(h.grad_norm[k], norms, rtol=1e-9)
    assert not np.allclose(h.final_weights[0], h.final_weights[1])


@pytest.mark.parametrize("model, size", [("cnn", {}), ("transformer", {"layers": 2})])
def test_grouped_rows_equal_the_module_row_by_row(model, size):
    """The grouped model's loss and gradient (the CNN's shared-input conv1 and ReLU after pooling; the
    Transformer's hand-written backward) equal each row's own nn.Module under autograd, in float64."""
    data = small(model)
    X, y, _, _ = deepnets._tensors(model, data, torch.float64)
    module, w0 = deepnets.initial_weights(model, data, 0, torch.float64, **size)
    net = deepnets.Batched(model, module)
    W = w0 + 0.05 * torch.randn(3, w0.numel(), generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    loss, G = net.loss_grad(W, X[:20], y[:20])
    for k in range(3):
        params = {n: p[k].clone().requires_grad_() for n, p in net.flat.unflatten(W).items()}
        ref = deepnets.loss_of(model, torch.func.functional_call(module, params, (X[:20],)), y[:20])
        grads = torch.autograd.grad(ref, list(params.values()))
        assert abs(loss[k].item() - ref.item()) <= 1e-12
        torch.testing.assert_close(G[k], torch.cat([g.reshape(-1) for g in grads]), rtol=0, atol=1e-12)


def test_transformer_evaluation_equals_the_module_row_by_row():
    """The Transformer's evaluation (its forward pass writing into buffers reused block after block, the
    last block smaller) gives each row's nn.Module loss and token accuracy, in float64."""
    data = small("transformer")
    X, y, _, _ = deepnets._tensors("transformer", data, torch.float64)
    module, w0 = deepnets.initial_weights("transformer", data, 0, torch.float64, layers=2)
    net = deepnets.Batched("transformer", module)
    W = w0 + 0.05 * torch.randn(3, w0.numel(), generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    for block in (7, 1000):
        loss, acc = net.evaluate(W, X, y, block=block)
        for k in range(3):
            params = {n: p[k] for n, p in net.flat.unflatten(W).items()}
            with torch.no_grad():
                out = torch.func.functional_call(module, params, (X,))
            assert abs(loss[k].item() - deepnets.loss_of("transformer", out, y).item()) <= 1e-12
            assert acc[k].item() == deepnets.correct("transformer", out, y).item()


@pytest.mark.parametrize("model", ["cnn", "transformer"])
def test_evaluation_overlapped_with_training_gives_the_same_record(model):
    """deepnets evaluates each epoch on a second thread while the next one trains (the last epoch's blocks
    shared between both threads, each with its own buffers for the Transformer): the History and the
    partial records the callback receives (in epoch order) equal evaluating in line."""
    from optviz.nets import training
    data = small(model)
    opts = [optviz.optimizer("sgd", lr=0.05, momentum=0.9), optviz.optimizer("adam", lr=3e-3)]
    runs = {}
    fit = training._fit
    for overlap in (False, True):
        seen = []
        training._fit = lambda *a, pool=None, _o=overlap, **k: fit(*a, pool=pool if _o else None, **k)
        try:
            h = optviz.train(data, opts, model=model, epochs=3, batch_size=32, snapshots=3,
                             callback=lambda e, p: seen.append((e, p.step_loss, p.test_loss, p.weights)))
        finally:
            training._fit = fit
        runs[overlap] = h, seen
    (a, seen_a), (b, seen_b) = runs[False], runs[True]
    for f in ("final_weights", "weights", "step_loss", "train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f))
    assert [e for e, *_ in seen_b] == [1, 2, 3]
    for x, z in zip(seen_a, seen_b):
        for u, v in zip(x[1:], z[1:]):
            np.testing.assert_array_equal(u, v)


def test_divergence_limit_while_the_initial_evaluation_runs():
    """deepnets evaluates the initial weights on its second thread while the first epoch trains; the
    divergence limit (EXPLODE_FACTOR × max(initial loss, 1)) is asked for only when a loss passes
    EXPLODE_FACTOR. A row that blows up in its first steps is frozen at the same step, and the History
    (initial losses included) is the same, as when the initial evaluation comes first."""
    from optviz.nets import training
    data = small("cnn")
    opts = [optviz.optimizer("sgd", lr=50.0), optviz.optimizer("sgd", lr=0.05, momentum=0.9)]
    runs, asked = [], []
    fit = training._fit

    def first(W, steppers, lr_plan, clip, limit, *a, **k):
        return fit(W, steppers, lr_plan, clip, limit() if callable(limit) else limit, *a, **k)

    def counted(W, steppers, lr_plan, clip, limit, *a, **k):
        def ask():
            asked.append(1)
            return limit()
        return fit(W, steppers, lr_plan, clip, ask, *a, **k)

    for wrapper in (first, counted):
        training._fit = wrapper
        try:
            runs.append(optviz.train(data, opts, model="cnn", epochs=2, batch_size=32))
        finally:
            training._fit = fit
    a, b = runs
    assert asked == [1]
    assert 0 < a.diverged_at[0] < a.steps_per_epoch and a.diverged_at[1] == -1
    np.testing.assert_array_equal(a.diverged_at, b.diverged_at)
    for f in ("final_weights", "step_loss", "train_loss", "test_accuracy"):
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f))
    for f in ("initial_train_loss", "initial_train_accuracy", "initial_test_loss", "initial_test_accuracy"):
        assert getattr(a, f) == getattr(b, f) and math.isfinite(getattr(a, f))


def test_warmup_lines_read_the_verdict_off_the_runs():
    """The Real models page compares each warm-up run with its twin at a constant lr (same optimizer, same
    clipping) and says what the warm-up did, from the runs' own numbers."""
    import dataclasses
    from optviz.figures.models import warmup_lines
    data = small("transformer")
    adamw = optviz.optimizer("adamw", lr=3e-3, weight_decay=0.01)
    warm = optviz.schedule("linearlr", start_factor=0.01, total_iters=20)
    h = optviz.train(data, [adamw, adamw, optviz.optimizer("sgd", lr=0.1), adamw], model="transformer", epochs=1,
                     schedule=[warm, None, None, warm], clip_grad_norm=[None, None, None, 1.0])
    recipes, clips = ["warmup", "none", "none", "warmup"], [None, None, None, 1.0]
    lines = warmup_lines(h, recipes, clips)
    assert len(lines) == 1 and lines[0].startswith(f"{h.labels[0]} vs {h.labels[1]}:")   # the clipped one has no twin
    acc, loss, div = h.test_accuracy.copy(), h.train_loss.copy(), h.diverged_at.copy()

    def verdict(**change):                  # equal gradient norms unless given: no peak sentence
        change.setdefault("grad_norm", np.full_like(h.grad_norm, 0.5))
        return warmup_lines(dataclasses.replace(h, **change), recipes, clips)[0]

    a = acc.copy(); a[0, -1], a[1, -1] = 0.9, 0.5
    assert verdict(test_accuracy=a).endswith(t("rm_warmup_helped"))
    a[0, -1], a[1, -1] = 0.5, 0.9
    assert verdict(test_accuracy=a).endswith(t("rm_warmup_worse"))
    a[0, -1], a[1, -1] = 0.7, 0.7
    lo = loss.copy(); lo[0, -1], lo[1, -1] = 0.100, 0.120
    g = h.grad_norm.copy(); g[0], g[1] = 0.5, 0.5; g[1, 1] = 2.0
    assert verdict(test_accuracy=a, train_loss=lo, grad_norm=g).endswith(
        t("rm_warmup_same") + " " + t("rm_warmup_spike", ratio=4.0))
    g[1, 1] = 0.9
    assert verdict(test_accuracy=a, train_loss=lo, grad_norm=g).endswith(t("rm_warmup_same"))
    lo[0, -1], lo[1, -1] = 0.01, 0.12
    assert verdict(test_accuracy=a, train_loss=lo).endswith(t("rm_warmup_helped"))
    d = div.copy(); d[1] = 3
    assert verdict(diverged_at=d).endswith(t("rm_warmup_rescued"))
    assert warmup_lines(h, ["none", "none", "none", "warmup"], clips) == []


def test_bad_arguments_are_refused():
    opt = [optviz.optimizer("sgd", lr=0.1)]
    with pytest.raises(ValueError, match="model"):
        optviz.train("digits", opt, model="lstm9")
    with pytest.raises(ValueError, match="trains on"):
        optviz.train("moons", opt, model="cnn")
    with pytest.raises(ValueError, match="d_model"):
        optviz.train(None, opt, model="transformer", d_model=30, heads=4, epochs=1)
    with pytest.raises(ValueError, match="clip_grad_norm"):
        optviz.train(small("rnn"), opt, model="rnn", epochs=1, clip_grad_norm=[-1.0])
    with pytest.raises(ValueError, match="unexpected"):
        optviz.train("digits", opt, channels=(2, 2))


def _mlp(w, X):
    h = torch.tanh(X @ w[:12].reshape(4, 3).T + w[12:16])
    return h @ w[16:24].reshape(2, 4).T + w[24:26]


def test_hessian_top_eigenvalue_matches_dense():
    g = torch.Generator().manual_seed(1)
    X = torch.randn(20, 3, generator=g, dtype=torch.float64)
    Y = torch.randn(20, 2, generator=g, dtype=torch.float64)
    w = torch.randn(26, generator=g, dtype=torch.float64)

    def loss(v):
        return ((_mlp(v, X) - Y) ** 2).mean()
    dense = torch.linalg.eigvalsh(torch.autograd.functional.hessian(loss, w))[-1].item()
    top = sharpness.hessian_top_eigenvalue(loss, w, iters=40)
    assert abs(top - dense) / abs(dense) <= 1e-4
    # a dict of parameters gives the same number
    params = {"a": w[:12].clone(), "b": w[12:].clone()}
    top2 = sharpness.hessian_top_eigenvalue(lambda p: loss(torch.cat([p["a"], p["b"]])), params, iters=40)
    assert abs(top2 - dense) / abs(dense) <= 1e-4


@pytest.mark.slow
def test_cnn_sgd_momentum_and_adam_reach_95_percent():
    h = optviz.train("digits", [optviz.optimizer("sgd", lr=0.02, momentum=0.9), optviz.optimizer("adam", lr=1e-3)],
                     model="cnn", seed=0)
    assert h.test_accuracy[:, -1].min() >= 0.95, h.test_accuracy[:, -1]


@pytest.mark.slow
def test_transformer_adamw_with_warmup_reaches_90_percent():
    warm = optviz.schedule("linearlr", start_factor=0.01, total_iters=100)
    h = optviz.train("reverse", [optviz.optimizer("adamw", lr=1e-3, weight_decay=0.01)], model="transformer",
                     schedule=warm)
    assert h.test_accuracy[0, -1] >= 0.9
    np.testing.assert_allclose(h.lrs[0, :3], 1e-3 * np.array([0.01, 0.01 + 0.99 / 100, 0.01 + 2 * 0.99 / 100]))


@pytest.mark.slow
def test_rnn_sgd_explodes_without_clipping_and_trains_with_it():
    sgd = optviz.optimizer("sgd", lr=0.5)
    h = optviz.train("adding", [sgd, sgd], model="rnn", clip_grad_norm=[None, 1.0])
    assert h.diverged_at[0] >= 0 and h.diverged_at[1] == -1
    assert h.grad_norm[0, : max(h.diverged_at[0], 1)].max() > 10      # the norm explodes
    assert h.test_loss[1, -1] < 0.3 * h.initial_test_loss                 # clipping at the same lr trains


@pytest.mark.slow
def test_edge_of_stability_defaults():
    r = optviz.edge_of_stability()
    n = len(r.check_steps)
    assert r.loss.shape == (len(r.lrs), r.steps + 1) and r.sharpness.shape == (len(r.lrs), n)
    for i, lr in enumerate(r.lrs):
        s = r.sharpness[i]
        assert r.diverged_at[i] == -1
        assert s[: n // 3].min() < 0.9 * 2 / lr                     # it starts below 2/η and rises
        assert abs(np.median(s[-(n // 3):]) / (2 / lr) - 1) <= 0.2
        assert r.loss[i, -1] < 0.5 * r.loss[i, 0]
        assert (np.diff(r.loss[i]) > 0).sum() >= 5                    # falling, but not monotonically


@pytest.mark.slow
def test_page_code_reproduces_the_run(tmp_path):
    """The PyTorch script the Real models page shows, run as a file, prints each optimizer's last
    mini-batch loss: the same numbers train() recorded."""
    import subprocess
    import sys
    from pathlib import Path

    from optviz.torch_code import model_code
    from optviz.nets.models import recipe_schedule

    data = sequence_dataset("adding", seed=0)
    opts = [optviz.optimizer("sgd", lr=0.1, momentum=0.9), optviz.optimizer("adam", lr=3e-3)]
    spe = math.ceil(data.n_train / 64)
    scheds = [recipe_schedule("warmup_cosine", spe), None]
    h = optviz.train(data, opts, model="rnn", epochs=1, batch_size=64, schedule=scheds, clip_grad_norm=[None, 1.0])
    script = tmp_path / "run.py"
    script.write_text("\n".join(["import torch", ""] + model_code(
        "rnn", data, opts, scheds, [None, 1.0], epochs=1, batch_size=64, seed=0, size={"hidden": 32},
        total_steps=spe)))
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=root,
                         env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    printed = [float(line.rsplit(" ", 1)[1]) for line in out.stdout.strip().splitlines()]
    np.testing.assert_allclose(printed, h.step_loss[:, -1], rtol=1e-5)
