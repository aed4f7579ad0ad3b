"""Sharpness (the top eigenvalue of the loss Hessian) and the edge of stability (Cohen et al., ICLR 2021).

Gradient descent with step η is stable on a quadratic only while its curvature L < 2/η (the LR
lab's bound). On a neural network trained by full-batch GD, Cohen et al. found the sharpness
first rises (progressive sharpening) until it reaches 2/η and then hovers there while the loss
keeps falling, non-monotonically: the same law, enforced by the training itself.

    r = optviz.edge_of_stability(lrs=(0.02, 0.04, 0.08), steps=1500)
    r.sharpness    # [n_lrs, n_checks], to compare with 2 / r.lrs
    optviz.hessian_top_eigenvalue(loss_fn, params)     # Lanczos on Hessian-vector products
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch.func import grad, jvp

MAX_STEPS = 5000
MAX_LRS = 6


def _flat(params):
    """(flat vector, rebuild(flat) -> params in the caller's form)."""
    if isinstance(params, torch.Tensor):
        return params.detach().reshape(-1), lambda w: w.reshape(params.shape)
    if isinstance(params, dict):
        names = list(params)
        shapes = [params[n].shape for n in names]
        sizes = [params[n].numel() for n in names]
        flat = torch.cat([params[n].detach().reshape(-1) for n in names])

        def rebuild(w):
            return {n: p.reshape(s) for n, p, s in zip(names, w.split(sizes), shapes)}
        return flat, rebuild
    raise ValueError("params must be a tensor or a dict of tensors")


def hessian_top_eigenvalue(loss_fn, params, iters: int = 40, seed: int = 0, return_vector: bool = False,
                           start=None):
    """The largest eigenvalue of the Hessian of `loss_fn(params)` at `params` (a tensor or a dict).

    Lanczos with full re-orthogonalisation on Hessian-vector products (forward-over-reverse:
    H v = jvp(grad(f), w, v)), min(iters, P) steps from a seeded random start; the top Ritz value of
    the tridiagonal matrix. Exact up to rounding when iters ≥ P. return_vector adds the Ritz vector;
    start: a starting vector [P] (e.g. the previous check's Ritz vector), else a seeded random one.
    """
    w, rebuild = _flat(params)
    P = w.numel()
    m = max(1, min(int(iters), P))
    f = lambda v: loss_fn(rebuild(v))           # noqa: E731
    g = grad(f)

    def hvp(v):
        return jvp(g, (w,), (v,))[1]

    gen = torch.Generator().manual_seed(int(seed))
    q = torch.randn(P, generator=gen, dtype=torch.float64).to(w.dtype)
    if start is not None:
        q = torch.as_tensor(start, dtype=w.dtype).reshape(-1) + 1e-3 * q
    q = q / torch.linalg.vector_norm(q)
    Q, alphas, betas = [q], [], []
    with torch.enable_grad():
        for j in range(m):
            z = hvp(Q[j]).detach()
            a = torch.dot(Q[j], z)
            alphas.append(a)
            Qm = torch.stack(Q)
            z = z - Qm.T @ (Qm @ z)
            z = z - Qm.T @ (Qm @ z)              # twice: full re-orthogonalisation
            b = torch.linalg.vector_norm(z)
            if j == m - 1 or b <= 1e-10 * max(1.0, abs(float(a))):
                break
            betas.append(b)
            Q.append(z / b)
    k = len(alphas)
    T = torch.diag(torch.stack(alphas).double())
    if k > 1:
        off = torch.stack(betas[:k - 1]).double()
        T = T + torch.diag(off, 1) + torch.diag(off, -1)
    evals, evecs = torch.linalg.eigh(T)
    top = float(evals[-1])
    if return_vector:
        return top, (torch.stack(Q[:k]).T.double() @ evecs[:, -1]).to(w.dtype)
    return top


# ---- edge of stability ------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class EdgeOfStability:
    """lrs [n]; steps; loss [n, steps+1] (full-batch training loss before each step and at the end);
    sharpness [n, n_checks] at check_steps [n_checks]; diverged_at [n] (−1 if never; the arrays hold
    the last finite value from there on); the network (sizes) and data (n_samples)."""
    lrs: np.ndarray
    steps: int
    loss: np.ndarray
    sharpness: np.ndarray
    check_steps: np.ndarray
    diverged_at: np.ndarray
    sizes: tuple
    n_samples: int
    seed: int

    @property
    def thresholds(self) -> np.ndarray:
        """2/η for each lr."""
        return 2.0 / self.lrs


DEFAULT_LRS = (0.3, 0.4, 0.5)


def _problem(n_samples, sizes, seed):
    """A fixed regression-style task: the first n digits (standardised, 64 features) against one-hot
    labels, mean squared error (as in Cohen et al.'s MSE experiments); a tanh MLP initialised like nn.Linear."""
    from .data import dataset
    d = dataset("digits", seed=seed)
    X = torch.tensor(d.X_train[:n_samples], dtype=torch.float64)
    Y = torch.nn.functional.one_hot(torch.tensor(d.y_train[:n_samples]), d.n_classes).double()
    with torch.random.fork_rng():
        torch.manual_seed(int(seed))
        layers = []
        dims = (X.shape[1], *sizes, d.n_classes)
        for i, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
            layers.append(torch.nn.Linear(a, b).double())
        w0 = torch.cat([p.detach().reshape(-1) for layer in layers for p in layer.parameters()])
    shapes = [(b, a) for a, b in zip(dims[:-1], dims[1:])]

    def loss_fn(w):
        h, at = X, 0
        for i, (o, n_in) in enumerate(shapes):
            W = w[at:at + o * n_in].reshape(o, n_in)
            at += o * n_in
            b = w[at:at + o]
            at += o
            h = h @ W.T + b
            if i < len(shapes) - 1:
                h = torch.tanh(h)
        return 0.5 * ((h - Y) ** 2).sum(1).mean()
    return loss_fn, w0


def edge_of_stability(lrs=DEFAULT_LRS, steps: int = 800, seed: int = 0, every: int = 25, n_samples: int = 200,
                      hidden=(32, 32), iters: int = 8, callback=None) -> EdgeOfStability:
    """Full-batch gradient descent, one run per lr, tracking the sharpness every `every` steps.

    Network: tanh MLP 64 → hidden → 10 on the first `n_samples` digits, loss ½‖f(x) − onehot(y)‖²
    averaged over samples, float64. Sharpness: `hessian_top_eigenvalue` (Lanczos, `iters` steps).
    callback(i_lr, step) after each check (for progress bars).
    """
    from .nets import _whole
    lrs = np.atleast_1d(np.asarray(lrs, dtype=float))
    if lrs.ndim != 1 or not 1 <= len(lrs) <= MAX_LRS or not np.all(np.isfinite(lrs)) or np.any(lrs <= 0):
        raise ValueError(f"lrs must be 1 to {MAX_LRS} positive numbers, got {lrs}")
    steps = _whole(steps, "steps", 10, MAX_STEPS)
    every = _whole(every, "every", 1, steps)
    n_samples = _whole(n_samples, "n_samples", 10, 1000)
    iters = _whole(iters, "iters", 2, 200)
    hidden = tuple(_whole(h, "hidden width", 1, 256) for h in (hidden if isinstance(hidden, (tuple, list)) else (hidden,)))
    if not 1 <= len(hidden) <= 3:
        raise ValueError("hidden must have 1 to 3 layers")
    seed = _whole(seed, "seed", 0, 2 ** 32 - 1)
    loss_fn, w0 = _problem(n_samples, hidden, seed)
    value_and_grad = torch.func.grad_and_value(loss_fn)
    check_steps = np.arange(0, steps + 1, every)
    n = len(lrs)
    loss = np.zeros((n, steps + 1))
    sharp = np.zeros((n, len(check_steps)))
    diverged = np.full(n, -1)
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.inference_mode(False), torch.enable_grad():
            for i, lr in enumerate(lrs):
                w = w0.clone()
                c, vec = 0, None
                for t in range(steps + 1):
                    if t % every == 0:
                        s, vec = hessian_top_eigenvalue(loss_fn, w, iters=iters, seed=seed + t,
                                                        return_vector=True, start=vec)
                        sharp[i, c] = s if math.isfinite(s) else sharp[i, max(c - 1, 0)]
                        c += 1
                        if callback is not None:
                            callback(i, t)
                    g, value = value_and_grad(w)
                    value = float(value)
                    if not math.isfinite(value) or value > 1e6:
                        diverged[i] = t
                        loss[i, t:] = loss[i, t - 1] if t else loss[i, 0]
                        sharp[i, c:] = sharp[i, c - 1] if c else 0.0
                        break
                    loss[i, t] = value
                    if t < steps:
                        w = (w - lr * g).detach()
    finally:
        torch.set_num_threads(previous)
    return EdgeOfStability(lrs=lrs, steps=steps, loss=loss, sharpness=sharp, check_steps=check_steps,
                           diverged_at=diverged, sizes=(64, *hidden, 10), n_samples=n_samples, seed=seed)
