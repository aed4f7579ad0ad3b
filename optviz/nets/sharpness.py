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

    def losses(W):
        """[R] losses of R weight rows W [R, P] (batched matmuls)."""
        h, at = X.expand(W.shape[0], *X.shape), 0
        for i, (o, n_in) in enumerate(shapes):
            A = W[:, at:at + o * n_in].reshape(-1, o, n_in)
            at += o * n_in
            b = W[:, at:at + o]
            at += o
            h = torch.baddbmm(b.unsqueeze(1), h, A.transpose(1, 2))
            if i < len(shapes) - 1:
                h = torch.tanh(h)
        return 0.5 * ((h - Y) ** 2).sum(2).mean(1)

    def loss_fn(w):
        return losses(w.unsqueeze(0))[0]
    return loss_fn, losses, w0


def _batched_top(hvp, n, P, dtype, m, seed, start=None):
    """Lanczos for n independent Hessians at once (no early stop: m ≪ P): top Ritz values [n], vectors [n, P]."""
    gen = torch.Generator().manual_seed(int(seed))
    q = torch.randn(n, P, generator=gen, dtype=torch.float64).to(dtype)
    if start is not None:
        q = start + 1e-3 * q
    q = q / torch.linalg.vector_norm(q, dim=1, keepdim=True)
    Q, alphas, betas = [q], [], []
    for j in range(m):
        z = hvp(Q[j])
        alphas.append((Q[j] * z).sum(1))
        Qm = torch.stack(Q, 1)                                       # [n, j+1, P]
        for _ in range(2):
            z = z - torch.einsum("njp,nj->np", Qm, torch.einsum("njp,np->nj", Qm, z))
        b = torch.linalg.vector_norm(z, dim=1)
        if j == m - 1:
            break
        betas.append(b)
        Q.append(z / b.clamp_min(1e-300).unsqueeze(1))
    T = torch.diag_embed(torch.stack(alphas, 1))
    if betas:
        off = torch.stack(betas, 1)
        T = T + torch.diag_embed(off, 1) + torch.diag_embed(off, -1)
    evals, evecs = torch.linalg.eigh(T)
    vec = torch.einsum("njp,nj->np", torch.stack(Q, 1), evecs[:, :, -1])
    return evals[:, -1], vec


def edge_of_stability(lrs=DEFAULT_LRS, steps: int = 800, seed: int = 0, every: int = 25, n_samples: int = 200,
                      hidden=(32, 32), iters: int = 8, callback=None) -> EdgeOfStability:
    """Full-batch gradient descent, one run per lr (all runs batched with vmap), tracking the sharpness
    every `every` steps.

    Network: tanh MLP 64 → hidden → 10 on the first `n_samples` digits, loss ½‖f(x) − onehot(y)‖²
    averaged over samples, float64, nn.Linear's initialisation after torch.manual_seed(seed).
    Sharpness: Lanczos (`iters` steps, warm-started from the previous check's top vector) on
    Hessian-vector products; `hessian_top_eigenvalue` is the same method for one network.
    A run whose loss turns non-finite or exceeds 1e6 stops there (diverged_at); its arrays then
    hold the last finite values. callback(i_lr, step) after each check (for progress bars).
    """
    from .._checks import whole as _whole
    lrs = np.atleast_1d(np.asarray(lrs, dtype=float))
    if lrs.ndim != 1 or not 1 <= len(lrs) <= MAX_LRS or not np.all(np.isfinite(lrs)) or np.any(lrs <= 0):
        raise ValueError(f"lrs must be 1 to {MAX_LRS} positive numbers, got {lrs}")
    steps = _whole(steps, "steps", 10, MAX_STEPS)
    every = _whole(every, "every", 1, steps)
    n_samples = _whole(n_samples, "n_samples", 10, 1000)
    iters = _whole(iters, "iters", 2, 200)
    hidden = tuple(_whole(h, "hidden width", 1, 256)
                   for h in (hidden if isinstance(hidden, (tuple, list)) else (hidden,)))
    if not 1 <= len(hidden) <= 3:
        raise ValueError("hidden must have 1 to 3 layers")
    seed = _whole(seed, "seed", 0, 2 ** 32 - 1)
    _, losses, w0 = _problem(n_samples, hidden, seed)
    check_steps = np.arange(0, steps + 1, every)
    n, P = len(lrs), w0.numel()
    loss = np.zeros((n, steps + 1))
    sharp = np.zeros((n, len(check_steps)))
    diverged = np.full(n, -1)
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.inference_mode(False), torch.enable_grad():
            # plain autograd on the batched loss: rows are independent, so ∂(Σ losses)/∂W row i is ∇L_i
            def value_and_grad(W):
                W = W.detach().requires_grad_()
                value = losses(W)
                return torch.autograd.grad(value.sum(), W)[0], value.detach()

            def hvps(W, V):                   # H_i v_i for every row: double backward
                W = W.detach().requires_grad_()
                G = torch.autograd.grad(losses(W).sum(), W, create_graph=True)[0]
                return torch.autograd.grad((G * V).sum(), W)[0]
            eta = torch.tensor(lrs, dtype=w0.dtype).unsqueeze(1)
            W = w0.expand(n, -1).clone()
            alive = torch.ones(n, dtype=torch.bool)
            vec, c = None, 0
            for t in range(steps + 1):
                if t % every == 0:
                    top, vec = _batched_top(lambda V: hvps(W, V).detach(), n, P, W.dtype, iters, seed + t, vec)
                    vec = vec.detach()
                    top = top.double().numpy()
                    for i in range(n):
                        if diverged[i] < 0 and math.isfinite(top[i]):
                            sharp[i, c] = top[i]
                        else:
                            sharp[i, c] = sharp[i, c - 1] if c else 0.0
                    c += 1
                    if callback is not None:
                        callback(min(int(t / max(steps, 1) * n), n - 1), t)
                G, value = value_and_grad(W)
                value = value.detach().double().numpy()
                for i in range(n):
                    if diverged[i] >= 0:
                        loss[i, t] = loss[i, t - 1]
                    elif not math.isfinite(value[i]) or value[i] > 1e6:
                        diverged[i] = t
                        alive[i] = False
                        loss[i, t] = loss[i, t - 1] if t else loss[i, 0]
                    else:
                        loss[i, t] = value[i]
                if t < steps:
                    W = torch.where(alive.unsqueeze(1), W - eta * G.detach(), W).detach()
    finally:
        torch.set_num_threads(previous)
    return EdgeOfStability(lrs=lrs, steps=steps, loss=loss, sharpness=sharp, check_steps=check_steps,
                           diverged_at=diverged, sizes=(64, *hidden, 10), n_samples=n_samples, seed=seed)
