"""Training: several optimizers trained together on one network and data set.

The same optimizer kernels, schedules and clipping as the 2-D surfaces, now on a multi-layer
perceptron. Every optimizer is one row of a weight matrix `W [K, P]` (all of a network's
parameters flattened, in `nn.Sequential`'s order); one batched forward/backward gives all K
gradients, then each optimizer steps its own row:

    for each mini-batch (the same batches, in the same order, for every optimizer):
        loss [K], G [K, P] = MLP.loss_grad(W, x, y)      # batched matmuls, backprop by hand
        G = clip(G)                                      # optional, per row (torch's clip_grad_norm_)
        W[k] = optimizer_k.step(W[k], G[k], lr_k(t))     # K cheap kernel calls

All rows start from the same initial weights (torch's nn.Linear initialisation, seeded), so the
curves differ only because the optimizers differ.

    h = optviz.train("digits", [optviz.optimizer("sgd", lr=0.1), optviz.optimizer("adam")],
                     epochs=20, batch_size=64, hidden=(64, 64))
    h.test_accuracy[:, -1]     # final test accuracy of each optimizer
    optviz.landscape(h, optviz.dataset("digits"))   # 2-D loss slice with every path on it

The cnn, transformer and rnn of `models.MODEL_SPECS` train through the same loop (`deepnets` gives
their batched forward/backward); `lr_range_test` is the range test's network driver.
"""
from __future__ import annotations

import dataclasses
import math
import numpy as np
import torch
from dataclasses import dataclass
from typing import Callable

from ..studies import lr_range
from .._checks import number as _number, optimizer_list, whole as _whole
from .data import Dataset, dataset as load_dataset
from ..optimizers import Optimizer
from ..runner import LRPlan, clipper
from .mlp import (ACTIVATIONS, EXPLODE_FACTOR, MAX_EPOCHS, MAX_LAYERS, MAX_OPTIMIZERS, MAX_SNAPSHOTS, MAX_WIDTH, MLP,
    TENSORWISE, _lean, evaluate)


# ---- the record ----------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class History:
    """What `train` returns: numpy arrays, picklable (works with `st.cache_data`).

    K optimizers, E epochs, S = E · steps_per_epoch optimizer steps, n snapshots, P weights.
    train_loss, test_loss, train_accuracy, test_accuracy [K, E]: after each epoch, on the whole split.
    step_loss [K, S]: the mini-batch loss each step saw (before its update); lrs [K, S]: lr used;
    grad_norm [K, S]: 2-norm of the whole gradient before clipping.
    diverged_at [K]: first step whose loss was non-finite or exploded (> 100 × max(initial loss, 1))
    or whose update produced non-finite weights, −1 if none. That optimizer's weights are frozen
    there; from that step on its step arrays repeat the last good value, and from
    diverged_epoch [K] on its epoch arrays repeat the last good epoch (no NaN anywhere):
    figures cut at diverged_at / diverged_epoch.
    weights [K, n, P] at the ends of `snapshot_epochs` [n] (0 = initial weights);
    final_weights [K, P]. Arrays are shorter than E epochs in the partial records given to callbacks.
    """
    labels: tuple
    names: tuple
    optimizers: tuple
    dataset: str
    sizes: tuple
    activation: str
    batch_size: int
    epochs: int
    seed: int
    steps_per_epoch: int
    dtype: str
    schedule: str                   # description of the `schedule` argument ("" for none)
    schedule_unit: str
    clip_grad_norm: float | None
    clip_grad_value: float | None
    initial_train_loss: float
    initial_test_loss: float
    initial_train_accuracy: float
    initial_test_accuracy: float
    train_loss: np.ndarray
    test_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    step_loss: np.ndarray
    lrs: np.ndarray
    grad_norm: np.ndarray
    diverged_at: np.ndarray
    diverged_epoch: np.ndarray
    weights: np.ndarray
    snapshot_epochs: np.ndarray
    final_weights: np.ndarray
    layer_shapes: tuple
    color_keys: tuple = ()
    schedules: tuple = ()           # the Schedule (or None) each optimizer used
    model: str = "mlp"              # an optviz.MODELS name (non-MLP models: sizes holds their architecture)

    @property
    def n_optimizers(self) -> int:
        return len(self.labels)

    @property
    def epochs_done(self) -> int:
        return self.train_loss.shape[1]

    @property
    def total_steps(self) -> int:
        return self.step_loss.shape[1]

    @property
    def diverged(self) -> np.ndarray:
        return self.diverged_at >= 0

    @property
    def net(self) -> MLP:
        return MLP(tuple(self.sizes), self.activation)

    def best(self) -> int:
        """Index of the optimizer with the lowest final training loss among those that did not diverge."""
        loss = np.where(self.diverged, np.inf, self.train_loss[:, -1])
        return int(np.argmin(loss)) if np.isfinite(loss).any() else 0

    def module(self, k: int) -> torch.nn.Sequential:
        """Optimizer k's trained network as a `torch.nn.Sequential`."""
        return self.net.module(self.final_weights[k])


# ---- training -------------------------------------------------------------------------------

@_lean
def train(data, optimizers, epochs: int | None = None, batch_size: int | None = None, hidden=(64,),
          activation: str = "relu", seed: int = 0, schedule=None, schedule_unit: str = "step", clip_grad_norm=None,
          clip_grad_value=None, dtype="float32", snapshots: int = 21, callback: Callable | None = None,
          model: str = "mlp", **size) -> History:
    """Train one MLP per optimizer, all together, from the same initial weights on the same batches.

    data: a `Dataset` or a data-set name (then `dataset(name, seed=seed)`).
    optimizers: `optviz.optimizer(...)` values; hyperparameters given as arrays `[r, 1]` expand into
        r optimizers (a sweep). At most 8 in all.
    hidden: widths of the hidden layers (≤ 3 layers, each ≤ 256); activation in ACTIVATIONS.
    schedule: a Schedule for all, or a list with one per optimizer (None = constant lr); stepped once
        per optimizer step (`schedule_unit="step"`, like the 2-D runner) or once per epoch ("epoch").
        ReduceLROnPlateau is fed the mini-batch loss (per step) or the epoch's training loss (per epoch).
    clip_grad_norm / clip_grad_value: per optimizer, on its whole gradient, as torch's clip_*_ do.
    dtype: "float32" (default) or "float64".
    snapshots: how many weight snapshots to keep (evenly spaced epochs, always the first and last).
    callback: `callback(epoch, partial_history)` after every epoch (epoch counts from 1).
    Mini-batches: each epoch visits the training set in the order `torch.randperm(n, generator=g)`
    with `g = torch.Generator().manual_seed(seed)` (one permutation per epoch); the last batch may
    be smaller (like a DataLoader with shuffle=True, drop_last=False).
    model: an optviz.MODELS name; "cnn", "transformer" and "rnn" train in `deepnets.train` (then
        data may be None for the model's own data set, epochs / batch_size None for its defaults,
        and `size` holds its architecture keywords; hidden / activation are the MLP's).
    """
    if model != "mlp":
        return _train_model(model, data, optimizers, epochs, batch_size, seed, schedule, schedule_unit,
                            clip_grad_norm, clip_grad_value, dtype, snapshots, callback, size)
    if size:
        raise ValueError(f"unexpected keyword arguments for the MLP: {', '.join(sorted(size))}")
    epochs = 20 if epochs is None else epochs
    batch_size = 64 if batch_size is None else batch_size
    seed = _whole(seed, "seed", 0, 2 ** 32 - 1)
    data = _as_dataset(data, seed)
    rows, origin = _expand(optimizers)
    epochs = _whole(epochs, "epochs", 1, MAX_EPOCHS)
    batch_size = _whole(batch_size, "batch_size", 1, 10 ** 9)
    snapshots = _whole(snapshots, "snapshots", 2, MAX_SNAPSHOTS)
    net = MLP((data.n_features, *_check_hidden(hidden), data.n_classes), _check_activation(activation))
    dtype = _check_dtype(dtype)
    if schedule_unit not in ("step", "epoch"):
        raise ValueError(f"schedule_unit must be 'step' or 'epoch', got {schedule_unit!r}")
    schedules = _per_row(schedule, len(origin), origin, "schedules")
    clip = _clipper(clip_grad_norm, clip_grad_value)
    if callback is not None and not callable(callback):
        raise ValueError("callback must be callable(epoch, history)")

    K, N = len(rows), data.n_train
    batch_size = min(batch_size, N)
    spe = -(-N // batch_size)                      # steps per epoch
    X, y = torch.tensor(data.X_train, dtype=dtype), torch.tensor(data.y_train)
    Y = torch.nn.functional.one_hot(y, data.n_classes).to(dtype)
    X_test, y_test = torch.tensor(data.X_test, dtype=dtype), torch.tensor(data.y_test)
    snap_epochs = np.unique(np.round(np.linspace(0, epochs, min(snapshots, epochs + 1))).astype(int))

    w0 = net.init(seed, dtype)
    W = w0.expand(K, -1).clone()
    init_train = [float(v) for v in evaluate(net, W[:1], X, y)]
    init_test = [float(v) for v in evaluate(net, W[:1], X_test, y_test)]
    limit = EXPLODE_FACTOR * max(init_train[0], 1.0)
    lr_plan = _LRPlan(rows, schedules, schedule_unit, epochs, spe)
    steppers = [_Stepper(o, net if o.name in TENSORWISE else None) for o in rows]
    meta = dict(
        labels=tuple(o.label() for o in rows), names=tuple(o.name for o in rows), optimizers=tuple(rows),
        dataset=data.name, sizes=net.sizes, activation=net.activation, batch_size=batch_size, epochs=epochs,
        seed=seed, steps_per_epoch=spe, dtype=str(dtype).replace("torch.", ""),
        schedule=_describe(schedule), schedule_unit=schedule_unit,
        clip_grad_norm=None if clip_grad_norm is None else float(clip_grad_norm),
        clip_grad_value=None if clip_grad_value is None else float(clip_grad_value),
        initial_train_loss=init_train[0], initial_train_accuracy=init_train[1],
        initial_test_loss=init_test[0], initial_test_accuracy=init_test[1],
        layer_shapes=net.shapes, color_keys=tuple(getattr(o, "color_key", o.name) for o in rows),
        schedules=tuple(schedules))

    return _fit(W, steppers, lr_plan, clip, limit, epochs, N, batch_size, seed, snap_epochs, meta, spe, callback,
                lambda W, idx: net._loss_grad(W, X[idx], Y[idx]),
                lambda W: (*evaluate(net, W, X, y), *evaluate(net, W, X_test, y_test)))


def _fit(W, steppers, lr_plan, clip, limit, epochs, N, batch_size, seed, snap_epochs, meta, spe, callback,
         loss_grad, evaluate_all, pool=None) -> History:
    """The training loop every model shares: K optimizers (one weight row each of W [K, P]) on the same
    mini-batches (`torch.randperm(N)` per epoch from `seed`). loss_grad(W, idx) → (loss [K], G [K, P]);
    evaluate_all(W) → (train loss, train accuracy, test loss, test accuracy), each [K]. A row whose
    loss passes `limit` or whose weights stop being finite is frozen where it was (diverged_at).

    limit: a number, or a callable returning it (EXPLODE_FACTOR × max(initial loss, 1), while the initial
    evaluation may still be running on the pool's thread). The limit is at least EXPLODE_FACTOR, so a step
    whose losses are all below that needs no answer; the callable is called (once) by the first step with a
    larger loss, and before the first epoch record at the latest (it may complete `meta`).

    pool: an executor with one worker thread, or None. With it, each epoch's weights are evaluated on
    that thread while the next epoch trains (the weights are never modified in place, and both threads
    run the same ops with the same intra-op thread count, so the records are the same as evaluating in
    line); an evaluation nothing overlaps (the last epoch's, or every epoch's when a plateau schedule
    steps per epoch and must wait for it) calls evaluate_all(W, pool) to share its work with the thread.
    Epoch records and callbacks still come in epoch order; a callback is called as soon as its epoch's
    evaluation is done."""
    K = W.shape[0]
    bound = [limit] if not callable(limit) else []

    def over(x):                                                 # x > limit, or NaN
        if x <= EXPLODE_FACTOR:
            return False
        if not bound:
            bound.append(limit())
        return not x <= bound[0]

    states = [st.init(W[k:k + 1]) for k, st in enumerate(steppers)]
    alive = [True] * K
    diverged_at = np.full(K, -1)
    rec = _Recorder()
    snaps = [W.clone()] if 0 in snap_epochs else []
    order = torch.Generator().manual_seed(seed)
    overlap = pool is not None and not (lr_plan.unit == "epoch" and lr_plan.stateful)
    pending = []                                                 # (epoch, future, steps done, weights, snapshots)

    def record(epoch, values, t_done, W_epoch, n_snaps):
        if not bound:
            bound.append(limit())
        train_l, train_a, test_l, test_a = values
        rec.epoch(train_l, test_l, train_a, test_a)
        lr_plan.observe("epoch", train_l, alive)
        if callback is not None:
            if t_done == len(rec.loss):
                callback(epoch + 1, _history(meta, rec, diverged_at, snaps, snap_epochs, W_epoch, spe))
            else:                                                # the next epoch has begun: cut its steps off
                part = _Recorder()
                part.loss, part.norm, part.lrs, part.epochs = rec.loss[:t_done], rec.norm[:t_done], rec.lrs[:t_done], \
                    rec.epochs
                callback(epoch + 1, _history(meta, part, np.where(diverged_at < t_done, diverged_at, -1),
                                             snaps[:n_snaps], snap_epochs, W_epoch, spe))

    def settle(wait):
        while pending and (wait or pending[0][1].done()):
            epoch, future, t_done, W_epoch, n_snaps = pending.pop(0)
            record(epoch, future.result(), t_done, W_epoch, n_snaps)

    t = 0
    for epoch in range(epochs):
        perm = torch.randperm(N, generator=order)
        for idx in perm.split(batch_size):
            # a fresh gradient every step: kernels may keep it in their state (SGD's first buffer is g)
            loss, G = loss_grad(W, idx)
            norm = torch.linalg.vector_norm(G, dim=1)
            grads = clip(G) if clip is not None else G
            lrs = lr_plan.at(t)
            with torch.no_grad():
                new = list(W.split(1))                           # one row [1, P] per optimizer
                for k, (st, g) in enumerate(zip(steppers, grads.split(1))):
                    if alive[k]:
                        new[k], states[k] = st.step(new[k], g, states[k], lrs[k])
                new = torch.cat(new)
            checks = torch.cat([loss, new.sum(1)]).tolist()     # loss, and Σ weights (nan/inf if any is)
            failed = [k for k in range(K) if alive[k] and (over(checks[k]) or not math.isfinite(checks[K + k]))]
            if failed:                                           # freeze them where they were
                for k in failed:
                    alive[k], diverged_at[k] = False, t
                keep = torch.tensor([k not in failed for k in range(K)]).unsqueeze(1)
                new = torch.where(keep, new, W)
            rec.step(loss, norm, lrs)
            lr_plan.observe("step", checks, alive)
            W = new
            t += 1
            if pending:
                settle(wait=False)
        settle(wait=True)
        if epoch + 1 in snap_epochs:
            snaps.append(W.clone())
        if overlap and epoch + 1 < epochs:
            pending.append((epoch, pool.submit(evaluate_all, W), t, W, len(snaps)))
        else:
            record(epoch, evaluate_all(W, pool) if pool is not None else evaluate_all(W), t, W, len(snaps))
    return _history(meta, rec, diverged_at, snaps, snap_epochs, W, spe)


def _train_model(model, data, optimizers, epochs, batch_size, seed, schedule, schedule_unit, clip_grad_norm,
                 clip_grad_value, dtype, snapshots, callback, size):
    from .models import MODEL_SPECS
    if model not in MODEL_SPECS:
        raise ValueError(f"Unknown model {model!r}; available: {', '.join(MODEL_SPECS)}")
    from . import deepnets
    return deepnets.train(model, data, optimizers, epochs=epochs, batch_size=batch_size, seed=seed,
                          schedule=schedule, schedule_unit=schedule_unit, clip_grad_norm=clip_grad_norm,
                          clip_grad_value=clip_grad_value, dtype=dtype,
                          snapshots=2 if snapshots == 21 else snapshots, callback=callback, **size)


class _Stepper:
    """One optimizer's step on its row [1, P]: in one call, or tensor by tensor (TENSORWISE)."""

    def __init__(self, opt: Optimizer, net: MLP | None = None):
        self.opt = opt
        self.tensors = None if net is None else net.tensors

    def _pieces(self, w):
        return [w[:, a:b].view(1, *shape) for a, b, shape in self.tensors]

    def init(self, w):
        if self.tensors is None:
            return self.opt.init(w)
        return [self.opt.init(p) for p in self._pieces(w)]

    def step(self, w, g, state, lr):
        if self.tensors is None:
            return self.opt.step(w, g, state, lr=lr)
        out = [self.opt.step(p, q, s, lr=lr) for p, q, s in zip(self._pieces(w), self._pieces(g), state)]
        return torch.cat([p.reshape(1, -1) for p, _ in out], 1), [s for _, s in out]


class _Recorder:
    """Collects per-step and per-epoch values as tensors; converts once at the end."""

    def __init__(self):
        self.loss, self.norm, self.lrs = [], [], []
        self.epochs = {"train_loss": [], "test_loss": [], "train_accuracy": [], "test_accuracy": []}

    def step(self, loss, norm, lrs):
        self.loss.append(loss)
        self.norm.append(norm)
        self.lrs.append(lrs)

    def epoch(self, train_l, test_l, train_a, test_a):
        for key, v in zip(self.epochs, (train_l, test_l, train_a, test_a)):
            self.epochs[key].append(v)


class _LRPlan:
    """The runner's `LRPlan` for K rows [1, P], stepped per optimizer step or per epoch, as a table [K, S]
    of lrs (NaN where a plateau schedule's state decides, read at each step)."""

    def __init__(self, rows, schedules, unit, epochs, spe):
        per_step = unit == "step"
        self.plan = LRPlan(rows, schedules, epochs * spe if per_step else epochs, every=1 if per_step else spe)
        self.unit = unit
        S = epochs * spe
        self.table = np.array([np.full(S, np.nan if st is not None else float(o.lr)) if tb is None else tb.reshape(S)
                               for o, tb, st in zip(rows, self.plan.tables, self.plan.states)]).reshape(len(rows), S)
        self.stateful = [k for k, st in enumerate(self.plan.states) if st is not None]

    def at(self, t) -> list:
        lrs = self.table[:, t].tolist()
        for k in self.stateful:
            lrs[k] = float(np.asarray(self.plan.current(k)).reshape(-1)[0])
        return lrs

    def observe(self, unit, metric, alive):
        """Feed plateau schedules the loss [K] after a step or an epoch (frozen optimizers skip)."""
        if unit == self.unit:
            for k in self.stateful:
                if alive[k]:
                    self.plan.observe(k, np.array([[float(metric[k])]]))


def _history(meta, rec, diverged_at, snaps, snap_epochs, W, spe) -> History:
    """Assemble numpy arrays; repeat the last good values after a divergence (no NaN anywhere)."""
    E = len(rec.epochs["train_loss"])
    K = W.shape[0]
    step_loss = torch.stack(rec.loss, 1).double().numpy() if rec.loss else np.zeros((K, 0))
    grad_norm = torch.stack(rec.norm, 1).double().numpy() if rec.norm else np.zeros((K, 0))
    lrs = np.array(rec.lrs, dtype=float).T.reshape(K, -1)
    epoch = {key: torch.stack(v, 1).double().numpy() if v else np.zeros((K, 0)) for key, v in rec.epochs.items()}
    initial = {"train_loss": meta["initial_train_loss"], "test_loss": meta["initial_test_loss"],
               "train_accuracy": meta["initial_train_accuracy"], "test_accuracy": meta["initial_test_accuracy"]}
    diverged_epoch = np.full(K, -1)
    for k in np.flatnonzero(diverged_at >= 0):
        d = int(diverged_at[k])
        _hold(step_loss[k], d, meta["initial_train_loss"])
        _hold(grad_norm[k], d, 0.0)
        e = d // spe
        if e < E:
            diverged_epoch[k] = e
            for key, arr in epoch.items():
                _hold(arr[k], e, initial[key])
    taken = snap_epochs[snap_epochs <= E]
    weights = torch.stack(snaps, 1).numpy() if snaps else np.zeros((K, 0, W.shape[1]))
    return History(**meta, **epoch, step_loss=step_loss, lrs=lrs, grad_norm=grad_norm,
                   diverged_at=diverged_at.copy(), diverged_epoch=diverged_epoch,
                   weights=weights, snapshot_epochs=taken.copy(), final_weights=W.numpy().copy())


def _hold(row, d, first):
    """row[d:] ← row[d−1] (or `first` when d = 0), in place."""
    if d < len(row):
        row[d:] = row[d - 1] if d > 0 else first


# ---- learning-rate range test ------------------------------------------------------------------

LRRangeTest = lr_range.RangeTest      # what `lr_range_test` returns: the one range-test result type


@_lean
def lr_range_test(data, name, min_lr: float = 1e-6, max_lr: float = 10.0, steps: int = 100,
                  hidden=(64,), activation: str = "relu", batch_size: int = 64, seed: int = 0,
                  beta: float = lr_range.BETA, stop_factor: float = lr_range.STOP_FACTOR,
                  **hyper) -> lr_range.RangeTest:
    """fastai's learning-rate finder on a network: the lr grows along `lr_range.lr_ramp` from min_lr to
    max_lr, one mini-batch per step, until `lr_range.over` (the smoothed loss blew up or the loss is not
    finite); smoothing, stop and suggestions are `optviz.studies.lr_range`'s. name: optimizer name or an Optimizer.
    """
    data = _as_dataset(data, seed)
    opt = name if isinstance(name, Optimizer) else _optimizer(name, **hyper)
    min_lr, max_lr, steps, beta, stop_factor = lr_range.check_settings(min_lr, max_lr, steps, beta, stop_factor)
    net = MLP((data.n_features, *_check_hidden(hidden), data.n_classes), _check_activation(activation))
    batch_size = min(_whole(batch_size, "batch_size", 1, 10 ** 9), data.n_train)
    X, y = torch.tensor(data.X_train), torch.tensor(data.y_train)
    W = net.init(seed).unsqueeze(0)
    stepper = _Stepper(opt, net if opt.name in TENSORWISE else None)
    state = stepper.init(W)
    order = torch.Generator().manual_seed(int(seed))
    lrs = lr_range.lr_ramp(min_lr, max_lr, steps)
    losses = []
    batches = iter(())
    for t in range(steps):
        idx = next(batches, None)
        if idx is None:
            batches = iter(torch.randperm(len(y), generator=order).split(batch_size))
            idx = next(batches)
        loss, G = net.loss_grad(W, X[idx], y[idx])
        losses.append(float(loss[0]))
        if lr_range.over(losses, beta, stop_factor):
            break
        W, state = stepper.step(W, G, state, float(lrs[t]))
    (test,) = lr_range.results(lrs[:len(losses)], [losses], steps, beta, stop_factor,
                               labels=[lr_range.ramp_label(opt)], color_keys=[opt.color_key])
    return test


# ---- argument checks ------------------------------------------------------------------------------

def _as_dataset(data, seed) -> Dataset:
    if isinstance(data, Dataset):
        return data
    if isinstance(data, str):
        return load_dataset(data, seed=seed)
    raise ValueError(f"expected a Dataset or a data-set name, got {type(data).__name__}")


def _optimizer(name, **hyper):
    from ..optimizers import optimizer
    return optimizer(name, **hyper)


def _expand(optimizers):
    """Scalar-hyperparameter optimizers, one per row; arrays [r, 1] expand into r rows."""
    rows, origin = [], []
    for i, o in enumerate(optimizer_list(optimizers, "train")):
        arrays = [a for v in o.hyper.values() for a in (v if isinstance(v, tuple) else (v,))
                  if isinstance(a, np.ndarray)]
        lengths = {a.size for a in arrays} - {1}
        if len(lengths) > 1:
            raise ValueError(f"{o.spec.label}: hyperparameter arrays of different lengths {sorted(lengths)}")
        for j in range(max(lengths, default=1)):
            rows.append(dataclasses.replace(o, hyper={key: _row(v, j) for key, v in o.hyper.items()})
                        if arrays else o)
            origin.append(i)
        if len(rows) > MAX_OPTIMIZERS:
            raise ValueError(f"at most {MAX_OPTIMIZERS} optimizers train together, got {len(rows)}+")
    return rows, origin


def _row(v, j):
    if isinstance(v, tuple):
        return tuple(_row(a, j) for a in v)
    if isinstance(v, np.ndarray):
        return float(v.reshape(-1)[j if v.size > 1 else 0])
    return v


def _per_row(value, n_given, origin, what):
    if not isinstance(value, (list, tuple)):
        return [value] * len(origin)
    if len(value) != n_given:
        raise ValueError(f"got {len(value)} {what} for {n_given} optimizers")
    return [value[i] for i in origin]


def _describe(schedule) -> str:
    if schedule is None:
        return ""
    if isinstance(schedule, (list, tuple)):
        return "[" + ", ".join(_describe(s) or "None" for s in schedule) + "]"
    return repr(schedule)


def _clipper(max_norm, clip_value):
    """The runner's clipping on every optimizer's whole gradient (a row of G), thresholds as floats."""
    return clipper(*(None if v is None else _number(v, name) for v, name in
                     ((max_norm, "clip_grad_norm"), (clip_value, "clip_grad_value"))))


def _check_hidden(hidden) -> tuple:
    if isinstance(hidden, (int, np.integer)):
        hidden = (hidden,)
    try:
        hidden = tuple(hidden)
    except TypeError:
        raise ValueError(f"hidden must be a tuple of layer widths, got {hidden!r}") from None
    if len(hidden) > MAX_LAYERS:
        raise ValueError(f"at most {MAX_LAYERS} hidden layers, got {len(hidden)}")
    return tuple(_whole(h, "hidden width", 1, MAX_WIDTH) for h in hidden)


def _check_activation(activation) -> str:
    a = str(activation).lower()
    if a not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
    return a


def _check_dtype(dtype):
    d = {"float32": torch.float32, "float64": torch.float64, torch.float32: torch.float32,
         torch.float64: torch.float64}.get(dtype)
    if d is None:
        raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    return d
