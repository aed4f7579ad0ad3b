"""Data parallelism as DistributedDataParallel (DDP) does it, simulated in one process.

K workers hold identical copies of the network. Each step every worker takes its own mini-batch of
B examples (a DistributedSampler gives each worker a disjoint shard of one shuffled epoch), computes
its gradient gₖ, and an all-reduce leaves every worker with the same average

    ḡ = (1/K) Σₖ gₖ = (1/K) Σₖ (1/B) Σ_{i ∈ shard k} ∇ℓᵢ = (1/(K·B)) Σ_{i ∈ all shards} ∇ℓᵢ,

which is exactly the gradient of one batch of K·B examples. Every worker then applies the same
optimizer step, so the copies stay identical. Sampling K·B distinct examples out of N, the
gradient's squared error around the full-data gradient ∇L has expectation

    E‖ḡ − ∇L‖² = σ² / (K·B) · (N − K·B) / (N − 1),     σ² = (1/N) Σᵢ ‖∇ℓᵢ − ∇L‖²,

so its variance shrinks like 1/K (until K·B approaches N).

    step = optviz.nets.parallel.data_parallel_step("digits", workers=4, batch_size=16)
    step.averaged - step.big_batch          # ≈ 0 (float rounding)
    noise = optviz.nets.parallel.gradient_noise("digits", workers=(1, 2, 4, 8), batch_size=16)
    noise.sq_error / noise.theory           # ≈ 1
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import torch

from .amp import one_thread
from .._checks import whole
from .data import Dataset, dataset as load_dataset
from .mlp import MLP
from ..optimizers import Optimizer

MAX_WORKERS = 64
MAX_DRAWS = 2000
MAX_WIDTH = 128
MAX_LAYERS = 3


# ---- sampling: what DistributedSampler hands each worker ----------------------------------------

def distributed_shards(n: int, workers: int, batch_size: int, seed: int = 0, epoch: int = 0,
                       step: int = 0) -> np.ndarray:
    """[K, B] example indices of mini-batch `step` on every worker, as
    `DistributedSampler(data, num_replicas=K, rank=k, shuffle=True, seed=seed)` with `set_epoch(epoch)`
    and a `DataLoader(batch_size=B)` deliver them: one permutation `torch.randperm(n)` from a generator
    seeded with seed + epoch, padded by wrapping to a multiple of K, and worker k takes every K-th index
    starting at k. The K shards are disjoint (when K·B ≤ n) and together they are K·B consecutive
    entries of the permutation.
    """
    n = whole(n, "n", 1, 10 ** 9)
    K = whole(workers, "workers", 1, MAX_WORKERS)
    B = whole(batch_size, "batch_size", 1, 10 ** 9)
    per_worker = -(-n // K)
    step = whole(step, "step", 0, max(0, -(-per_worker // B) - 1))
    g = torch.Generator().manual_seed(int(seed) + int(epoch))
    perm = torch.randperm(n, generator=g)
    perm = torch.cat([perm] * -(-K * per_worker // n))[:K * per_worker]       # wrap-around padding
    own = perm.view(per_worker, K).T                                          # row k = perm[k::K]
    return own[:, step * B:(step + 1) * B].numpy()


# ---- the all-reduce ---------------------------------------------------------------------------------

def ring_all_reduce(buffers) -> np.ndarray:
    """Sum K workers' buffers [K, P] the way a ring all-reduce (NCCL, Gloo) moves them.

    Each buffer is cut into K chunks. Reduce-scatter, K − 1 steps: at step s worker k sends chunk
    (k − s) mod K to worker k + 1, which adds it to its own; afterwards worker k holds the complete
    sum of chunk (k + 1) mod K. All-gather, K − 1 steps: the completed chunks travel once more around
    the ring, overwriting. Every worker sends 2(K − 1) chunks of P/K values: 2(K − 1)/K · P in all,
    almost independent of K. Returns [K, P]: every worker's buffer afterwards (all equal to Σₖ bufferₖ
    up to the order of the additions).
    """
    buf = torch.as_tensor(np.asarray(buffers)).clone()
    if buf.ndim != 2 or buf.shape[0] < 1:
        raise ValueError(f"buffers must be an array [workers, values], got shape {tuple(buf.shape)}")
    K, P = buf.shape
    C = -(-P // K)
    chunks = torch.nn.functional.pad(buf, (0, K * C - P)).view(K, K, C)       # [worker, chunk, value]
    k = torch.arange(K)
    for s in range(K - 1):                                                    # reduce-scatter
        c = (k - s) % K
        chunks[(k + 1) % K, c] += chunks[k, c].clone()
    for s in range(K - 1):                                                    # all-gather
        c = (k + 1 - s) % K
        chunks[(k + 1) % K, c] = chunks[k, c].clone()
    return chunks.view(K, K * C)[:, :P].numpy()


def ring_traffic(n_values: int, workers: int) -> float:
    """Values each worker sends in one ring all-reduce of n_values: 2(K − 1)/K · P."""
    return 2.0 * (workers - 1) / workers * n_values


# ---- one data-parallel step ---------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class DataParallelStep:
    """One DDP step, K workers × B examples, on weights w (flat, `nn.Sequential` order).

    shards [K, B] example indices; worker_losses [K], worker_grads [K, P]: each worker's mean loss and
    gradient on its shard; replicas [K, P]: every worker's gradient after the ring all-reduce divided
    by K (DDP divides by the world size); averaged [P] = replicas[0]; big_batch [P], big_loss: one
    batch made of all K·B examples; full_grad [P], full_loss: the whole training set.
    """
    workers: int
    batch_size: int
    dataset: str
    sizes: tuple
    shards: np.ndarray
    worker_losses: np.ndarray
    worker_grads: np.ndarray
    replicas: np.ndarray
    averaged: np.ndarray
    big_batch: np.ndarray
    big_loss: float
    full_grad: np.ndarray
    full_loss: float
    weights: np.ndarray

    @property
    def n_params(self) -> int:
        return self.worker_grads.shape[1]

    @property
    def max_difference(self) -> float:
        """max |averaged − big_batch| over all P entries."""
        return float(np.abs(self.averaged - self.big_batch).max())

    @property
    def replica_spread(self) -> float:
        """max over workers and entries of |replica k − replica 0|: 0 means identical updates."""
        return float(np.abs(self.replicas - self.replicas[0]).max())


@one_thread
def data_parallel_step(data, workers: int = 4, batch_size: int = 16, hidden=(32,), seed: int = 0,
                       epoch: int = 0, step: int = 0, weights=None, dtype: str = "float64") -> DataParallelStep:
    """Gradients of K workers on their DistributedSampler shards, their ring all-reduce mean, and the
    gradient of one batch of the same K·B examples.

    data: a Dataset or data-set name. The network is `MLP((features, *hidden, classes))` (hidden=()
    is softmax regression) at its seeded initial weights, or at `weights` [P].
    """
    data, net, w, X, y = _setup(data, hidden, seed, weights, dtype)
    K = whole(workers, "workers", 1, MAX_WORKERS)
    B = whole(batch_size, "batch_size", 1, data.n_train)
    if K * B > data.n_train:
        raise ValueError(f"{K} workers × batch {B} = {K * B} examples, more than the {data.n_train} training examples")
    shards = distributed_shards(data.n_train, K, B, seed, epoch, step)
    idx = torch.from_numpy(shards)
    W = w.expand(K, -1)
    losses, grads = [], []
    for k in range(K):           # each worker's own forward/backward on its shard
        loss, g = net.loss_grad(W[k:k + 1], X[idx[k]], y[idx[k]])
        losses.append(loss[0])
        grads.append(g[0])
    grads = torch.stack(grads)
    replicas = torch.from_numpy(ring_all_reduce(grads / K))
    big_loss, big = net.loss_grad(w.unsqueeze(0), X[idx.reshape(-1)], y[idx.reshape(-1)])
    full_loss, full = net.loss_grad(w.unsqueeze(0), X, y)
    return DataParallelStep(
        workers=K, batch_size=B, dataset=data.name, sizes=net.sizes, shards=shards,
        worker_losses=torch.stack(losses).double().numpy(), worker_grads=grads.double().numpy(),
        replicas=replicas.double().numpy(), averaged=replicas[0].double().numpy(),
        big_batch=big[0].double().numpy(), big_loss=float(big_loss[0]), full_grad=full[0].double().numpy(),
        full_loss=float(full_loss[0]), weights=w.double().numpy())


# ---- gradient noise against K -------------------------------------------------------------------

def per_example_grads(net: MLP, w: torch.Tensor, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    r"""[N, P] gradient of each example's own cross-entropy at weights w [P], by backpropagation
    kept per example: δ_L = softmax(z_L) − onehot(y); ∂Wₗ = δₗ ⊗ aₗ₋₁ and ∂bₗ = δₗ for every example;
    δₗ₋₁ = (δₗ Wₗ) ⊙ ReLU'(zₗ₋₁). The mean over examples is `net.loss_grad`'s gradient."""
    if net.activation != "relu":
        raise ValueError("per-example gradients are implemented for ReLU networks")
    layers = [(wt[0], b[0]) for wt, b in net.layers(w.unsqueeze(0))]
    a = [X]
    for i, (wt, b) in enumerate(layers):
        z = torch.addmm(b, a[-1], wt.T)
        if i < len(layers) - 1:
            a.append(torch.relu(z))
    delta = torch.softmax(z, -1) - torch.nn.functional.one_hot(y, net.sizes[-1]).to(z.dtype)
    grads = []
    for i in reversed(range(len(layers))):
        grads += [delta, (delta.unsqueeze(2) * a[i].unsqueeze(1)).flatten(1)]      # ∂b, ∂W per example
        if i > 0:
            delta = (delta @ layers[i][0]) * (a[i] > 0)
    return torch.cat(grads[::-1], 1)


@dataclass(frozen=True, eq=False)
class GradientNoise:
    """How far the averaged gradient of K workers lands from the full-data gradient, over many draws.

    workers [k]: the K values; batch_size B per worker; n_train N; draws per K.
    sq_error [k]: mean over draws of ‖ḡ_K − ∇L‖² (K workers, disjoint shards, averaged as DDP does);
    sq_error_big [k]: the same for one batch of K·B examples drawn on its own (independent draws);
    theory [k] = σ²/(K·B) · (N − K·B)/(N − 1); sigma2 = σ² = (1/N) Σᵢ ‖∇ℓᵢ − ∇L‖²;
    full_norm = ‖∇L‖ (the signal the noise is compared with);
    cloud [k, m, 2]: the first m = min(cloud, draws) draws' ḡ_K − ∇L projected on the two leading
    principal directions of the per-example gradients (where single examples disagree most).
    """
    workers: np.ndarray
    batch_size: int
    n_train: int
    draws: int
    dataset: str
    sizes: tuple
    sq_error: np.ndarray
    sq_error_big: np.ndarray
    theory: np.ndarray
    sigma2: float
    full_norm: float
    cloud: np.ndarray

    def slope(self) -> float:
        """Least-squares slope of log sq_error against log K (−1 for pure 1/K)."""
        return float(np.polyfit(np.log(self.workers), np.log(self.sq_error), 1)[0])


@one_thread
def gradient_noise(data, workers=(1, 2, 4, 8, 16), batch_size: int = 16, draws: int = 300, hidden=(32,),
                   seed: int = 0, weights=None, cloud: int = 120, dtype: str = "float32") -> GradientNoise:
    """Draw `draws` DDP steps for every K in `workers` and measure the averaged gradient's error.

    Per-example gradients are computed once. Draw d picks K·B distinct examples in random order (the
    first K·B entries of a shuffled epoch), worker k takes entries k, k + K, … (DistributedSampler's
    split), each worker averages its B gradients and the K results are averaged (the all-reduce).
    The "one big batch" draws pick their own K·B examples. Seeded: the same arguments give the same
    numbers.
    """
    data, net, w, X, y = _setup(data, hidden, seed, weights, dtype)
    N = data.n_train
    B = whole(batch_size, "batch_size", 1, N)
    ks = np.array(sorted({whole(k, "workers", 1, MAX_WORKERS) for k in np.atleast_1d(workers)}))
    if ks[-1] * B > N:
        raise ValueError(f"{ks[-1]} workers × batch {B} = {ks[-1] * B} examples, more than the {N} training examples")
    D = whole(draws, "draws", 2, MAX_DRAWS)
    m = min(whole(cloud, "cloud", 0, MAX_DRAWS), D)

    G = per_example_grads(net, w, X, y)                          # [N, P]
    full = G.mean(0)
    dev = G - full
    sigma2 = float((dev ** 2).sum(1).mean())
    g = torch.Generator().manual_seed(int(seed))
    basis = _principal_directions(dev, 2, g)                     # where single examples disagree most
    err, err_big, clouds = [], [], []
    for K in ks.tolist():
        n = K * B
        order = torch.rand(D, N, generator=g).topk(n, 1).indices        # [D, K·B]: random examples, random order
        shards = order.view(D, B, K).transpose(1, 2).reshape(D * K, B)  # worker k takes entries k, k + K, …
        worker_means = torch.nn.functional.embedding_bag(shards, G, mode="mean").view(D, K, -1)
        avg = worker_means.mean(1)                                       # the all-reduce
        big = torch.nn.functional.embedding_bag(torch.rand(D, N, generator=g).topk(n, 1).indices, G, mode="mean")
        err.append(float(((avg - full) ** 2).sum(1).mean()))
        err_big.append(float(((big - full) ** 2).sum(1).mean()))
        clouds.append(((avg[:m] - full) @ basis).double().numpy())
    theory = sigma2 / (ks * B) * (N - ks * B) / (N - 1)
    return GradientNoise(
        workers=ks, batch_size=B, n_train=N, draws=D, dataset=data.name, sizes=net.sizes,
        sq_error=np.array(err), sq_error_big=np.array(err_big), theory=theory, sigma2=sigma2,
        full_norm=float(full.norm()), cloud=np.array(clouds).reshape(len(ks), m, 2))


def _principal_directions(M, k, g, iters=6):
    """[P, k] leading right singular vectors of M [N, P] by seeded subspace iteration; each column's
    largest entry made positive (a reproducible sign)."""
    Q = torch.randn(M.shape[1], k + 4, generator=g, dtype=M.dtype)
    for _ in range(iters):
        Q = torch.linalg.qr(M.T @ (M @ Q)).Q
    _, _, Vh = torch.linalg.svd(M @ Q, full_matrices=False)
    V = Q @ Vh.T[:, :k]
    sign = torch.sign(V.gather(0, V.abs().argmax(0, keepdim=True)))
    return V * sign


# ---- the same on a 2-D surface ----------------------------------------------------------------

def surface_runs(surface, optimizer: Optimizer, start, workers=(1, 2, 4, 8), batch_size: int = 8,
                 noise: float = 1.0, dataset_size: int = 1000, steps: int = 300, seed: int = 0,
                 scale_lr: bool = False) -> tuple:
    """One `optviz.run` per K: per-example gradient noise σ, K workers × B examples averaged = one
    batch of K·B out of N, so the noise std is σ·√((N − K·B)/(K·B·(N − 1))). Every K sees the same
    noise draws (same seed), scaled by its own std. scale_lr: the linear scaling rule, lr × K.
    Returns a tuple of Trajectories, one per K.
    """
    from ..runner import run

    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"expected an optviz.optimizer(...), got {type(optimizer).__name__}")
    N = whole(dataset_size, "dataset_size", 2, 10 ** 9)
    B = whole(batch_size, "batch_size", 1, N)
    ks = [whole(k, "workers", 1, MAX_WORKERS) for k in workers]
    if max(ks) * B > N:
        raise ValueError(f"{max(ks)} workers × batch {B} = {max(ks) * B} examples, more than the data set's {N}")
    out = []
    for K in ks:
        opt = dataclasses.replace(optimizer, hyper={**optimizer.hyper, "lr": optimizer.lr * K}) \
            if scale_lr else optimizer
        out.append(run(surface, [opt], starts=[list(start)], steps=steps, noise=noise, batch_size=K * B,
                       dataset_size=N, seed=seed))
    return tuple(out)


# ---- checks ---------------------------------------------------------------------------------------

def _setup(data, hidden, seed, weights, dtype):
    seed = whole(seed, "seed", 0, 2 ** 32 - 1)
    data = data if isinstance(data, Dataset) else load_dataset(str(data), seed=seed)
    hidden = tuple(whole(h, "hidden width", 1, MAX_WIDTH) for h in hidden)
    if len(hidden) > MAX_LAYERS:
        raise ValueError(f"at most {MAX_LAYERS} hidden layers, got {len(hidden)}")
    if dtype not in ("float32", "float64"):
        raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    dt = getattr(torch, dtype)
    net = MLP((data.n_features, *hidden, data.n_classes))
    if weights is None:
        w = net.init(seed, dt)
    else:
        w = torch.as_tensor(np.asarray(weights), dtype=dt).reshape(-1)
        if w.numel() != net.n_params:
            raise ValueError(f"weights must have {net.n_params} values for sizes {net.sizes}, got {w.numel()}")
    return data, net, w, torch.tensor(data.X_train, dtype=dt), torch.tensor(data.y_train)
