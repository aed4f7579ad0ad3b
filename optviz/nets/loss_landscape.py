"""After training: the loss landscape around the trained weights, decision regions and confusion matrices."""
from __future__ import annotations

import math
import numpy as np
import torch
from dataclasses import dataclass
from typing import NamedTuple

from .._checks import whole as _whole
from .mlp import _lean, evaluate
from .training import History, _as_dataset


# ---- loss landscape -----------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Landscape:
    """A 2-D slice of the training loss: loss[i, j] at centre + alphas[j]·d₁ + betas[i]·d₂.

    (Row i is β, column j is α: plotly's `z[y][x]`.) paths [K, n, 2] are each optimizer's weight
    snapshots projected onto (d₁, d₂); visible [K, n] is False for snapshots after a divergence.
    explained [2] is the share of the paths' variance along d₁, d₂ (method "pca"; NaN for "random").
    """
    alphas: np.ndarray
    betas: np.ndarray
    loss: np.ndarray
    paths: np.ndarray
    visible: np.ndarray
    centre_index: int            # which optimizer's final weights are the centre; −1 for the mean
    method: str
    explained: np.ndarray
    labels: tuple = ()


@_lean
def landscape(history: History, data, n: int = 21, span: float = 1.0, method: str = "pca",
              centre="best", seed: int = 0, max_samples: int = 2000) -> Landscape:
    """Loss on the training set over a plane through the trained weights (Li et al., 2018).

    method "pca": d₁, d₂ are the first two principal directions of all optimizers' snapshots
        (diverged ones excluded) around the centre; the grid spans `span` × the paths' extent
        (× 1.2) along each axis, so span = 1 shows every path.
    method "random": Gaussian directions, filter-normalised: each neuron's incoming weights in
        d get the norm of the centre's (biases get 0); the grid spans [−span, span].
    centre: "best" (lowest final training loss), an optimizer index, or "mean" (of final weights).
    The n × n grid is evaluated as a batch of weight vectors through the same batched forward.
    """
    data = _as_dataset(data, history.seed)
    if data.name != history.dataset or data.n_features != history.sizes[0]:
        raise ValueError(f"history was trained on {history.dataset!r}, not {data.name!r}")
    n = _whole(n, "n", 3, 61)
    span = float(span)
    if not (span > 0 and math.isfinite(span)):
        raise ValueError(f"span must be > 0, got {span}")
    if method not in ("pca", "random"):
        raise ValueError(f"method must be 'pca' or 'random', got {method!r}")
    net = history.net
    K = history.n_optimizers
    snaps = torch.tensor(history.weights, dtype=torch.float64)            # [K, n_snap, P]
    visible = np.array([[_visible(history, k, e) for e in history.snapshot_epochs] for k in range(K)])
    final = torch.tensor(history.final_weights, dtype=torch.float64)
    good = [k for k in range(K) if not history.diverged[k]] or list(range(K))
    if isinstance(centre, str) and centre == "best":
        centre = history.best()
    if isinstance(centre, str) and centre == "mean":
        centre_index, c = -1, final[good].mean(0)
    else:
        centre_index = _whole(centre, "centre", 0, K - 1)
        c = final[centre_index]

    if method == "pca":
        M = torch.cat([snaps[k][torch.from_numpy(visible[k])] for k in good]) - c
        M = M - M.mean(0)
        _, s, Vh = torch.linalg.svd(M, full_matrices=False)
        d1, d2 = Vh[0], Vh[1] if len(Vh) > 1 else torch.zeros_like(Vh[0])
        explained = (s[:2] ** 2 / (s ** 2).sum().clamp_min(1e-300)).numpy()
        explained = np.pad(explained, (0, 2 - len(explained)))
    else:
        g = torch.Generator().manual_seed(int(seed))
        d1, d2 = (_filter_normalised(net, c, g) for _ in range(2))
        explained = np.full(2, np.nan)
    D = torch.stack([d1, d2], 1)                                           # [P, 2]
    paths = torch.linalg.lstsq(D, (snaps - c).reshape(-1, D.shape[0]).T).solution.T.reshape(K, -1, 2).numpy()

    if method == "pca":
        shown = paths[visible] if visible.any() else paths.reshape(-1, 2)
        extent = np.abs(shown).max(0) * 1.2
        extent = np.where(extent > 0, extent, 1.0) * span
    else:
        extent = np.array([span, span])
    unit = (np.arange(n) - (n - 1) / 2) / ((n - 1) / 2)                  # −1 … 1, exactly 0 in the middle
    alphas, betas = extent[0] * unit, extent[1] * unit
    A, B = np.meshgrid(alphas, betas)                                       # [n, n], row = β
    grid = c + torch.from_numpy(A.reshape(-1, 1)) * d1 + torch.from_numpy(B.reshape(-1, 1)) * d2
    dtype = getattr(torch, history.dtype)
    X, y = _subset(data, max_samples, dtype)
    loss, _ = evaluate(net, grid.to(dtype), X, y)
    Z = np.nan_to_num(loss.double().numpy().reshape(n, n), nan=np.inf)
    return Landscape(alphas=alphas, betas=betas, loss=np.minimum(Z, np.finfo(np.float64).max),
                     paths=paths, visible=visible, centre_index=centre_index, method=method,
                     explained=explained, labels=history.labels)


def _visible(history, k, snap_epoch) -> bool:
    e = history.diverged_epoch[k]
    return bool(e < 0 or snap_epoch <= e)


def _filter_normalised(net, centre, g):
    """A random direction whose every filter (one neuron's incoming weights) has the centre's norm."""
    d = torch.randn(centre.shape, generator=g, dtype=centre.dtype)
    for (dw, db), (cw, _) in zip(net.layers(d.unsqueeze(0)), net.layers(centre.unsqueeze(0))):
        dw.mul_(cw.norm(dim=2, keepdim=True) / (dw.norm(dim=2, keepdim=True) + 1e-10))
        db.zero_()
    return d


def _subset(data, max_samples, dtype):
    X, y = data.X_train, data.y_train
    if len(y) > max_samples:
        idx = np.random.default_rng(0).choice(len(y), max_samples, replace=False)
        X, y = X[idx], y[idx]
    return torch.tensor(X, dtype=dtype), torch.tensor(y)


# ---- predictions -------------------------------------------------------------------------------

class DecisionGrid(NamedTuple):
    """Class probabilities over the input plane: probs[i, j] at (xs[j], ys[i]) (plotly's z[y][x])."""
    xs: np.ndarray
    ys: np.ndarray
    probs: np.ndarray   # [n, n, classes]


def predict_grid(history: History, data, k: int, n: int = 100, snapshot: int = -1) -> DecisionGrid:
    """Optimizer k's class probabilities on an n × n grid over a 2-D data set's domain.

    snapshot: index into history.weights (−1 = final weights), to animate the boundary over epochs.
    """
    data = _as_dataset(data, history.seed)
    if not data.is_2d:
        raise ValueError(f"{data.name} has {data.n_features} features; decision grids need 2")
    k = _whole(k, "k", 0, history.n_optimizers - 1)
    n = _whole(n, "n", 2, 400)
    w = history.final_weights[k] if snapshot == -1 else history.weights[k, snapshot]
    (x0, x1), (y0, y1) = data.domain
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gx, gy = np.meshgrid(xs, ys)
    dtype = getattr(torch, history.dtype)
    pts = torch.tensor(np.stack([gx.ravel(), gy.ravel()], 1), dtype=dtype)
    with torch.no_grad():
        p = torch.softmax(history.net.logits(torch.tensor(w, dtype=dtype).unsqueeze(0), pts)[0], -1)
    return DecisionGrid(xs, ys, p.double().numpy().reshape(n, n, -1))


def predict(history: History, X, k: int) -> np.ndarray:
    """[N] predicted classes of optimizer k's final network for standardised inputs X [N, features]."""
    dtype = getattr(torch, history.dtype)
    with torch.no_grad():
        z = history.net.logits(torch.tensor(history.final_weights[k], dtype=dtype).unsqueeze(0),
                               torch.tensor(np.asarray(X), dtype=dtype))[0]
    return z.argmax(-1).numpy()


def confusion_matrix(history: History, data, k: int, split: str = "test") -> np.ndarray:
    """[classes, classes] counts: row = true class, column = optimizer k's predicted class."""
    data = _as_dataset(data, history.seed)
    k = _whole(k, "k", 0, history.n_optimizers - 1)
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    X, y = (data.X_test, data.y_test) if split == "test" else (data.X_train, data.y_train)
    pred = predict(history, X, k)
    C = data.n_classes
    return np.bincount(y * C + pred, minlength=C * C).reshape(C, C)
