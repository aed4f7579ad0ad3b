"""Small real networks: data sets, the batched MLP, train() against torch.optim loops, landscape.

References come from torch itself (nn.Sequential, autograd, torch.optim, lr_scheduler,
clip_grad_norm_) or scikit-learn, never from optviz's own earlier output.
"""
import importlib.util
import inspect
import math
import pickle
import socket

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import optviz
from optviz import nets
from optviz.nets import data as data_mod, loss_landscape
from optviz.nets import MLP, TENSORWISE, confusion_matrix, landscape, lr_range_test, predict_grid, train
from optviz.optimizers import REGISTRY

HAS_SCHEDULES = importlib.util.find_spec("optviz.schedules") is not None


@pytest.fixture(scope="module")
def digits():
    return optviz.dataset("digits")


@pytest.fixture(scope="module")
def iris():
    return optviz.dataset("iris")


def flat(model):
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()])


def torch_loop(data, make_opt, hidden, epochs, batch_size, seed=0, dtype=torch.float64, activation="relu",
               make_sched=None, unit="step", plateau=False, clip=None):
    """The ordinary torch training loop on nn.Sequential: same init, same batch order as train().

    In float64 the default dtype is float64 too, so torch keeps its scalar optimizer state (NAdam's
    μ-product, ASGD's η and μ) in float64 rather than float32.
    """
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        return _torch_loop(data, make_opt, hidden, epochs, batch_size, seed, dtype, activation, make_sched, unit,
                           plateau, clip)
    finally:
        torch.set_default_dtype(previous)


def _torch_loop(data, make_opt, hidden, epochs, batch_size, seed, dtype, activation, make_sched, unit, plateau, clip):
    net = MLP((data.n_features, *hidden, data.n_classes), activation)
    model = net.module(net.init(seed, dtype))
    opt = make_opt(model.parameters())
    sched = make_sched(opt) if make_sched else None
    X, y = torch.tensor(data.X_train, dtype=dtype), torch.tensor(data.y_train)
    order = torch.Generator().manual_seed(seed)
    losses, lrs, norms = [], [], []
    for _ in range(epochs):
        for idx in torch.randperm(len(y), generator=order).split(batch_size):
            lrs.append(opt.param_groups[0]["lr"])
            opt.zero_grad()
            loss = F.cross_entropy(model(X[idx]), y[idx])
            loss.backward()
            norms.append(torch.linalg.vector_norm(torch.cat([p.grad.reshape(-1) for p in model.parameters()])).item())
            if clip is not None:
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            opt.step()
            losses.append(loss.item())
            if sched is not None and unit == "step":
                sched.step(loss.item()) if plateau else sched.step()
        if sched is not None and unit == "epoch":
            if plateau:
                with torch.no_grad():
                    sched.step(F.cross_entropy(model(X), y).item())
            else:
                sched.step()
    return np.array(losses), np.array(lrs), flat(model).numpy(), np.array(norms)


def torch_optimizer(o):
    """torch.optim.<class>(params, **same hyperparameters), single-tensor path."""
    cls = getattr(torch.optim, o.spec.torch_class)
    extra = {"foreach": False} if "foreach" in inspect.signature(cls).parameters else {}
    return lambda params: cls(params, **o.hyper, **extra)


# ---- data ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, n, features, classes", [
    ("digits", 1797, 64, 10), ("iris", 150, 4, 3), ("wine", 178, 13, 3), ("breast_cancer", 569, 30, 2),
    ("moons", 600, 2, 2), ("circles", 600, 2, 2), ("spirals", 600, 2, 3), ("xor", 600, 2, 2)])
def test_dataset_shapes_split_and_standardisation(name, n, features, classes):
    d = optviz.dataset(name)
    assert d.X_train.shape == (d.n_train, features) and d.X_test.shape == (d.n_test, features)
    assert d.n_train + d.n_test == n and d.n_test == math.ceil(0.25 * n)
    assert d.X_train.dtype == np.float32 and d.y_train.dtype == np.int64
    assert d.n_classes == classes == len(d.class_names) and d.is_2d == (features == 2)
    # stratified: every class keeps its share in both splits (within one sample)
    counts = np.bincount(np.concatenate([d.y_train, d.y_test]), minlength=classes)
    np.testing.assert_allclose(np.bincount(d.y_test, minlength=classes), counts * d.n_test / n, atol=1.0)
    # standardised with the training split's statistics (constant pixels stay 0)
    varying = d.std != 1.0
    np.testing.assert_allclose(d.X_train.mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(d.X_train[:, varying].std(0), 1, atol=1e-4)
    raw = d.X_test.astype(np.float64) * d.std + d.mean
    if not data_mod.SPECS[name].generated:
        from sklearn import datasets as sk
        full = getattr(sk, f"load_{name}")().data
        same = np.isclose(raw[:20, None, :], full[None], rtol=1e-5, atol=1e-5).all(-1)
        assert same.any(-1).all()                                        # test rows are real rows
    assert not d.X_train.flags.writeable


def test_dataset_is_deterministic_per_seed_and_differs_across_seeds():
    a, b = optviz.dataset("moons", seed=3), data_mod._build.__wrapped__("moons", 600, 0.2, 3, 0.25)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    c = optviz.dataset("moons", seed=4)
    assert not np.array_equal(a.X_train, c.X_train)
    d1, d2 = data_mod._build.__wrapped__("digits", None, 0.0, 1, 0.25), optviz.dataset("digits", seed=2)
    assert not np.array_equal(d1.y_test, d2.y_test)


def test_noise_knob_and_generators():
    quiet, noisy = optviz.dataset("circles", noise=0.0), optviz.dataset("circles", noise=0.2)
    raw = quiet.X_train * quiet.std + quiet.mean
    radius = np.hypot(*raw.T)
    np.testing.assert_allclose(np.sort(np.unique(np.round(radius, 6))), [0.5, 1.0])   # factor 0.5, no noise
    assert np.ptp(np.hypot(*(noisy.X_train * noisy.std + noisy.mean).T)) > 1.0
    m = optviz.dataset("moons", noise=0.0, n_samples=201)
    raw = np.concatenate([m.X_train, m.X_test]) * m.std + m.mean
    labels = np.concatenate([m.y_train, m.y_test])
    upper, lower = raw[labels == 0], raw[labels == 1] - [1.0, 0.5]       # make_moons' two half circles
    np.testing.assert_allclose(np.hypot(*upper.T), 1, atol=1e-6)
    np.testing.assert_allclose(np.hypot(*lower.T), 1, atol=1e-6)
    assert (upper[:, 1] >= -1e-6).all() and (lower[:, 1] <= 1e-6).all() and len(upper) == 100
    x = optviz.dataset("xor", noise=0.0)
    raw = x.X_train * x.std + x.mean
    np.testing.assert_array_equal(x.y_train, (raw[:, 0] * raw[:, 1] < 0).astype(int))
    s = optviz.dataset("spirals", noise=0.0)
    assert np.bincount(s.y_train).tolist() == [150, 150, 150]


def test_bundled_subset_keeps_class_shares():
    d = optviz.dataset("digits", n_samples=500, seed=1)
    assert d.n_train + d.n_test == 500 and d.n_test == 125
    from sklearn.datasets import load_digits
    full = np.bincount(load_digits().target)
    np.testing.assert_allclose(np.bincount(np.concatenate([d.y_train, d.y_test])), full * 500 / 1797, atol=1)


def test_datasets_never_touch_the_network(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("network access")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for name in optviz.DATASETS:
        d = data_mod._build.__wrapped__(name, None if not data_mod.SPECS[name].generated else 100,
                                        data_mod.SPECS[name].noise, 7, 0.25)
        assert d.n_train > 0


@pytest.mark.parametrize("kwargs", [dict(name="mnist"), dict(name="moons", n_samples=10 ** 6),
                                    dict(name="moons", n_samples=2.5), dict(name="moons", noise=-1),
                                    dict(name="digits", noise=0.1), dict(name="iris", test_size=0.9),
                                    dict(name="iris", n_samples=151), dict(name="iris", seed=-1)])
def test_dataset_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        optviz.dataset(**kwargs)


# ---- the batched network ------------------------------------------------------------------------

def test_init_is_nn_linear_default_init():
    net = MLP((64, 32, 16, 10))
    with torch.random.fork_rng():
        torch.manual_seed(5)
        ref = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 16),
                                  torch.nn.ReLU(), torch.nn.Linear(16, 10))
    assert torch.equal(net.init(5), flat(ref))
    assert [k for k, _ in net.shapes] == list(ref.state_dict())


@pytest.mark.parametrize("activation", nets.ACTIVATIONS)
def test_loss_and_gradient_equal_autograd_on_nn_sequential(activation):
    net = MLP((5, 7, 6, 3), activation)
    g = torch.Generator().manual_seed(0)
    W = torch.randn(4, net.n_params, generator=g, dtype=torch.float64)
    X = torch.randn(11, 5, generator=g, dtype=torch.float64)
    y = torch.randint(0, 3, (11,), generator=g)
    loss, G = net.loss_grad(W, X, y)
    for r in range(4):
        model = net.module(W[r])
        ref = F.cross_entropy(model(X), y)
        ref.backward()
        torch.testing.assert_close(loss[r], ref.detach(), rtol=1e-13, atol=1e-13)
        torch.testing.assert_close(G[r], torch.cat([p.grad.reshape(-1) for p in model.parameters()]),
                                   rtol=1e-12, atol=1e-13)
        torch.testing.assert_close(net.logits(W[r:r + 1], X)[0], model(X).detach(), rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("name", sorted(n for n in REGISTRY if n not in TENSORWISE))
def test_one_call_on_the_whole_vector_equals_one_call_per_layer(name):
    """Optimizers stepped as one vector must act coordinate-wise; else they belong in TENSORWISE."""
    net = MLP((3, 4, 2))
    g = torch.Generator().manual_seed(1)
    w = torch.randn(1, net.n_params, generator=g, dtype=torch.float64)
    o = optviz.optimizer(name, lr=0.01)
    whole, state = w, o.init(w)
    parts = [(w[:, a:b], o.init(w[:, a:b])) for a, b, _ in net.tensors]
    for _ in range(3):
        grad = torch.randn(w.shape, generator=g, dtype=torch.float64)
        whole, state = o.step(whole, grad, state)
        parts = [o.step(p, grad[:, a:b], s) for (p, s), (a, b, _) in zip(parts, net.tensors)]
    torch.testing.assert_close(whole, torch.cat([p for p, _ in parts], 1), rtol=1e-14, atol=1e-15)


# ---- train() --------------------------------------------------------------------------------

TORCH_CASES = [("sgd", dict(lr=0.1)),
               ("sgd", dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=1e-3)),
               ("sgd", dict(lr=0.05, momentum=0.9, nesterov=True)),
               ("adam", dict(lr=1e-2)), ("adam", dict(lr=1e-2, amsgrad=True, weight_decay=1e-2)),
               ("adamw", dict(lr=1e-2))] + \
    [(n, {}) for n, s in REGISTRY.items() if s.torch_class and n not in ("sgd", "adam", "adamw")]


@pytest.mark.parametrize("name, hyper", TORCH_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(TORCH_CASES)])
def test_train_equals_torch_optim_loop(iris, name, hyper):
    o = optviz.optimizer(name, **hyper)
    h = train(iris, [o], epochs=3, batch_size=16, hidden=(8, 6), dtype="float64", seed=2)
    losses, _, weights, norms = torch_loop(iris, torch_optimizer(o), (8, 6), 3, 16, seed=2)
    np.testing.assert_allclose(h.step_loss[0], losses, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(h.grad_norm[0], norms, rtol=1e-9)
    np.testing.assert_allclose(h.final_weights[0], weights, rtol=1e-9, atol=1e-11)
    with torch.no_grad():
        model = h.module(0)
        ref = F.cross_entropy(model(torch.tensor(iris.X_test, dtype=torch.float64)), torch.tensor(iris.y_test))
    assert h.test_loss[0, -1] == pytest.approx(ref.item(), rel=1e-12)


def test_float32_training_tracks_torch_on_digits(digits):
    """The default dtype: Adam on digits agrees with torch.optim.Adam to float32 precision."""
    o = optviz.optimizer("adam", lr=1e-3)
    h = train(digits, [o], epochs=2, batch_size=64, hidden=(32,))
    losses, _, weights, norms = torch_loop(digits, torch_optimizer(o), (32,), 2, 64, dtype=torch.float32)
    np.testing.assert_allclose(h.step_loss[0], losses, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(h.final_weights[0], weights, rtol=1e-3, atol=1e-5)


TOGETHER = [optviz.optimizer("sgd", lr=0.1, momentum=0.9), optviz.optimizer("adam", lr=1e-3),
            optviz.optimizer("adamw", lr=3e-3), optviz.optimizer("rmsprop", lr=1e-3), optviz.optimizer("adafactor")]


@pytest.mark.parametrize("dtype, name", [("float32", "digits"), ("float64", "wine")])
def test_training_together_equals_training_alone(dtype, name):
    """Same curves whether an optimizer trains with others or alone (and in any company)."""
    data = optviz.dataset(name)
    kw = dict(epochs=3, batch_size=32, hidden=(32, 32), seed=1, dtype=dtype)
    both = train(data, TOGETHER, **kw)
    some = train(data, TOGETHER[1:4], **kw)
    for k, o in enumerate(TOGETHER):
        alone = train(data, [o], **kw)
        for key in ("step_loss", "grad_norm", "train_loss", "test_loss", "test_accuracy", "final_weights"):
            np.testing.assert_allclose(getattr(both, key)[k], getattr(alone, key)[0], rtol=0, atol=1e-5, err_msg=key)
            if 1 <= k < 4:
                np.testing.assert_allclose(getattr(some, key)[k - 1], getattr(alone, key)[0], rtol=0, atol=1e-5)
        assert both.labels[k] == alone.labels[0]
    assert np.ptp(both.final_weights, axis=0).max() > 0.1      # the optimizers really went different ways


def test_same_start_same_batches_for_every_optimizer(iris):
    """Two copies of one optimizer in one run stay identical; the initial weights are shared."""
    o = optviz.optimizer("adam", lr=1e-2)
    h = train(iris, [o, optviz.optimizer("sgd", lr=0.1), o], epochs=2, batch_size=8)
    np.testing.assert_array_equal(h.weights[:, 0], np.broadcast_to(h.weights[0, 0], h.weights[:, 0].shape))
    np.testing.assert_array_equal(h.step_loss[0], h.step_loss[2])
    assert h.step_loss[0, 0] == h.step_loss[1, 0]        # the first batch, seen from the same start


def test_same_seed_same_history_other_seed_other_history(iris):
    kw = dict(epochs=2, batch_size=16, hidden=(8,))
    opts = [optviz.optimizer("sgd", lr=0.1, momentum=0.9), optviz.optimizer("adam", lr=1e-2)]
    a, b, c = train(iris, opts, seed=3, **kw), train(iris, opts, seed=3, **kw), train(iris, opts, seed=4, **kw)
    for key in ("step_loss", "lrs", "grad_norm", "train_loss", "test_accuracy", "weights", "final_weights"):
        np.testing.assert_array_equal(getattr(a, key), getattr(b, key))
    assert not np.array_equal(a.weights[:, 0], c.weights[:, 0]) and not np.array_equal(a.step_loss, c.step_loss)


def test_hyperparameter_arrays_expand_into_a_sweep(iris):
    kw = dict(epochs=2, batch_size=16, hidden=(8,))
    sweep = train(iris, [optviz.optimizer("adam", lr=[1e-3, 1e-2, 1e-1])], **kw)
    single = train(iris, [optviz.optimizer("adam", lr=lr) for lr in (1e-3, 1e-2, 1e-1)], **kw)
    np.testing.assert_array_equal(sweep.final_weights, single.final_weights)
    assert sweep.labels == single.labels and len(set(sweep.labels)) == 3


def test_adam_reaches_95_percent_on_digits(digits):
    h = train(digits, [optviz.optimizer("adam", lr=1e-3)], epochs=20, batch_size=64, hidden=(64, 64))
    assert h.test_accuracy[0, -1] >= 0.95
    assert h.train_loss[0, -1] < 0.25 * h.initial_train_loss
    # accuracy as torch computes it with the trained nn.Sequential
    with torch.no_grad():
        pred = h.module(0)(torch.tensor(digits.X_test)).argmax(1).numpy()
    assert h.test_accuracy[0, -1] == pytest.approx(np.mean(pred == digits.y_test), abs=1e-6)


def test_huge_lr_diverges_and_is_recorded_without_nan(digits):
    opts = [optviz.optimizer("sgd", lr=50.0), optviz.optimizer("adam", lr=1e-3)]
    h = train(digits, opts, epochs=3, batch_size=64, hidden=(64,))
    d = h.diverged_at[0]
    assert d >= 0 and h.diverged_at[1] == -1 and h.diverged_epoch[0] == d // h.steps_per_epoch
    for key in ("step_loss", "grad_norm", "lrs", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
                "weights", "final_weights"):
        assert np.isfinite(getattr(h, key)).all(), key
    # the curve holds its last good value; the weights are frozen after the failed step
    assert np.all(h.step_loss[0, d:] == (h.step_loss[0, d - 1] if d else h.initial_train_loss))
    assert np.all(h.step_loss[0, :d] <= nets.EXPLODE_FACTOR * max(h.initial_train_loss, 1))
    np.testing.assert_array_equal(h.weights[0, -1], h.final_weights[0])
    # torch's loop with the same lr: the loss leaves every sane range by that step
    losses, _, _, _ = torch_loop(digits, lambda p: torch.optim.SGD(p, lr=50.0), (64,), 1, 64, dtype=torch.float32)
    bad = ~np.isfinite(losses) | (losses > nets.EXPLODE_FACTOR * max(h.initial_train_loss, 1))
    assert bad.any() and np.argmax(bad) == d


def test_callback_sees_growing_partial_histories(iris):
    seen = []
    h = train(iris, [optviz.optimizer("sgd", lr=0.1)], epochs=3, batch_size=32,
              callback=lambda e, part: seen.append((e, part.epochs_done, part.total_steps, part.weights.shape[1])))
    spe = h.steps_per_epoch
    assert [s[:3] for s in seen] == [(1, 1, spe), (2, 2, 2 * spe), (3, 3, 3 * spe)]
    assert seen[-1][3] == h.weights.shape[1] == 4


def test_train_leaves_torch_thread_count_as_it_was(iris):
    before = torch.get_num_threads()
    seen = []
    train(iris, [optviz.optimizer("sgd", lr=0.1)], epochs=1, callback=lambda e, h: seen.append(torch.get_num_threads()))
    assert seen == [min(before, nets.THREADS)] and torch.get_num_threads() == before


def test_history_pickles(iris):
    h = train(iris, [optviz.optimizer("adam", lr=1e-2)], epochs=2, batch_size=32)
    back = pickle.loads(pickle.dumps(h))
    np.testing.assert_array_equal(back.weights, h.weights)
    assert back.labels == h.labels and back.optimizers == h.optimizers


def test_clip_grad_norm_equals_torch_clip_grad_norm_(iris):
    o = optviz.optimizer("sgd", lr=0.5, momentum=0.9)
    h = train(iris, [o], epochs=3, batch_size=16, hidden=(8,), dtype="float64", clip_grad_norm=0.3)
    losses, _, weights, norms = torch_loop(iris, torch_optimizer(o), (8,), 3, 16, clip=0.3)
    np.testing.assert_allclose(h.step_loss[0], losses, rtol=1e-10)
    np.testing.assert_allclose(h.final_weights[0], weights, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(h.grad_norm[0], norms, rtol=1e-9)   # recorded before clipping
    assert (h.grad_norm[0] > 0.3).any()      # clipping really happened


@pytest.mark.skipif(not HAS_SCHEDULES, reason="optviz.schedules is not in this checkout")
@pytest.mark.parametrize("unit, name, kwargs, make", [
    ("step", "steplr", dict(step_size=10, gamma=0.5), lambda o: torch.optim.lr_scheduler.StepLR(o, 10, 0.5)),
    ("step", "cosineannealinglr", dict(T_max=40, eta_min=1e-3),
     lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=40, eta_min=1e-3)),
    ("epoch", "exponentiallr", dict(gamma=0.7), lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.7)),
    ("step", "reducelronplateau", dict(patience=2, factor=0.5),
     lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, patience=2, factor=0.5)),
    ("epoch", "reducelronplateau", dict(patience=0, factor=0.5, threshold=0.9),
     lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, patience=0, factor=0.5, threshold=0.9)),
])
def test_schedules_equal_torch_lr_scheduler(iris, unit, name, kwargs, make):
    o = optviz.optimizer("sgd", lr=0.2, momentum=0.9)
    sched = optviz.schedule(name, **kwargs)
    h = train(iris, [o], epochs=4, batch_size=16, hidden=(8,), dtype="float64", schedule=sched, schedule_unit=unit)
    losses, lrs, weights, _ = torch_loop(iris, torch_optimizer(o), (8,), 4, 16, make_sched=make, unit=unit,
                                      plateau=name == "reducelronplateau")
    np.testing.assert_allclose(h.lrs[0], lrs, rtol=1e-12)
    assert len(np.unique(lrs)) > 1                      # the schedule really changed the lr
    np.testing.assert_allclose(h.step_loss[0], losses, rtol=1e-10)
    np.testing.assert_allclose(h.final_weights[0], weights, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("kwargs", [dict(epochs=201), dict(epochs=0), dict(batch_size=0), dict(hidden=(300,)),
                                    dict(hidden=(8, 8, 8, 8)), dict(activation="swish"), dict(dtype="float16"),
                                    dict(schedule_unit="batch"), dict(clip_grad_norm=0), dict(clip_grad_norm=-1.0),
                                    dict(optimizers=[]), dict(optimizers=["adam"]),
                                    dict(optimizers=[optviz.optimizer("adam")] * 9),
                                    dict(optimizers=[optviz.optimizer("adam", lr=list(np.logspace(-4, -1, 9)))]),
                                    dict(data="mnist")])
def test_train_rejects_out_of_range_settings(iris, kwargs):
    args = dict(data=iris, optimizers=[optviz.optimizer("adam")], epochs=1)
    args.update(kwargs)
    with pytest.raises(ValueError):
        train(args.pop("data"), args.pop("optimizers"), **args)


# ---- landscape, predictions, lr range test ---------------------------------------------------------

@pytest.fixture(scope="module")
def iris_history(iris):
    opts = [optviz.optimizer("sgd", lr=0.1, momentum=0.9), optviz.optimizer("adam", lr=1e-2),
            optviz.optimizer("sgd", lr=1e4)]
    return train(iris, opts, epochs=8, batch_size=16, hidden=(16,))


@pytest.mark.parametrize("method", ["pca", "random"])
def test_landscape_centre_and_paths(iris, iris_history, method):
    h = iris_history
    assert h.diverged_at[2] >= 0
    L = landscape(h, iris, n=11, method=method)
    k = L.centre_index
    assert k == h.best() and k != 2
    assert L.loss.shape == (11, 11) and L.paths.shape == (3, h.weights.shape[1], 2)
    assert L.alphas[5] == 0 and L.betas[5] == 0
    with torch.no_grad():
        ref = F.cross_entropy(h.module(k)(torch.tensor(iris.X_train)), torch.tensor(iris.y_train)).item()
    assert L.loss[5, 5] == pytest.approx(ref, rel=1e-5)
    np.testing.assert_allclose(L.paths[k, -1], 0, atol=1e-6)
    assert not L.visible[2].all() and L.visible[:2].all()
    # a grid value off the centre is the loss of centre + α d₁ + β d₂ as nn.Sequential sees it
    centre = torch.tensor(h.final_weights[k], dtype=torch.float64)
    if method == "pca":
        M = torch.tensor(h.weights[:2].reshape(-1, h.weights.shape[-1]), dtype=torch.float64) - centre
        M = M - M.mean(0)
        _, _, Vh = torch.linalg.svd(M, full_matrices=False)
        d1, d2 = Vh[0], Vh[1]
        # projections are dot products with the orthonormal directions
        proj = (torch.tensor(h.weights[0], dtype=torch.float64) - centre) @ torch.stack([d1, d2], 1)
        np.testing.assert_allclose(L.paths[0], proj.numpy(), atol=1e-6)
        w = centre + L.alphas[2] * d1 + L.betas[8] * d2
        with torch.no_grad():
            val = F.cross_entropy(h.net.module(w.float())(torch.tensor(iris.X_train)),
                                  torch.tensor(iris.y_train)).item()
        assert L.loss[8, 2] == pytest.approx(val, rel=1e-4)
        assert 0.5 < L.explained.sum() <= 1.0 + 1e-9
    else:
        assert np.isnan(L.explained).all()


def test_filter_normalised_directions_match_each_neurons_norm(iris_history):
    net = iris_history.net
    centre = torch.tensor(iris_history.final_weights[1], dtype=torch.float64)
    d = loss_landscape._filter_normalised(net, centre, torch.Generator().manual_seed(0))
    for (dw, db), (cw, _) in zip(net.layers(d[None]), net.layers(centre[None])):
        torch.testing.assert_close(dw.norm(dim=2), cw.norm(dim=2), rtol=1e-6, atol=1e-9)
        assert torch.all(db == 0)


def test_confusion_matrix_equals_sklearn(iris, iris_history):
    from sklearn.metrics import confusion_matrix as sk_confusion
    with torch.no_grad():
        pred = iris_history.module(1)(torch.tensor(iris.X_test)).argmax(1).numpy()
    np.testing.assert_array_equal(confusion_matrix(iris_history, iris, 1), sk_confusion(iris.y_test, pred, labels=[0, 1, 2]))


def test_predict_grid_gives_the_networks_probabilities():
    moons = optviz.dataset("moons")
    h = train(moons, [optviz.optimizer("adam", lr=1e-2)], epochs=5, batch_size=32, hidden=(16,))
    grid = predict_grid(h, moons, 0, n=20)
    assert grid.probs.shape == (20, 20, 2)
    (x0, x1), (y0, y1) = moons.domain
    assert grid.xs[0] == x0 and grid.ys[-1] == y1
    with torch.no_grad():
        p = torch.softmax(h.module(0)(torch.tensor([[grid.xs[3], grid.ys[7]]], dtype=torch.float32)), 1)[0]
    np.testing.assert_allclose(grid.probs[7, 3], p.numpy(), rtol=1e-5)
    first = predict_grid(h, moons, 0, n=20, snapshot=0)
    assert not np.allclose(first.probs, grid.probs)
    with pytest.raises(ValueError):
        predict_grid(h, optviz.dataset("iris"), 0)


def test_lr_range_test_follows_fastai():
    moons = optviz.dataset("moons")
    r = lr_range_test(moons, "sgd", min_lr=1e-4, max_lr=100.0, steps=80, momentum=0.9)
    n = len(r.lrs)
    np.testing.assert_allclose(r.lrs, 1e-4 * (1e6) ** (np.arange(n) / 79))
    # bias-corrected exponential moving average of the raw losses
    avg, smooth = 0.0, []
    for t, loss in enumerate(r.losses):
        avg = 0.98 * avg + 0.02 * loss
        smooth.append(avg / (1 - 0.98 ** (t + 1)))
    np.testing.assert_allclose(r.smoothed, smooth)
    assert r.stopped_early and r.smoothed[-1] > 4 * r.smoothed.min()
    assert r.suggested_min == pytest.approx(r.lrs[np.argmin(r.smoothed)] / 10)
    assert 1e-4 <= r.suggested_steep <= r.lrs[-1]


def test_lr_range_test_that_stops_at_once_still_suggests_an_lr():
    data = optviz.dataset("moons", n_samples=200)
    res = lr_range_test(data, "sgd", min_lr=1e3, max_lr=1e4, steps=20, hidden=(8,), stop_factor=1.0)
    assert len(res.lrs) >= 1 and np.isfinite(res.suggested_steep) and np.isfinite(res.suggested_min)
    assert res.suggested_steep in res.lrs
