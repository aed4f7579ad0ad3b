"""A small CNN, a tiny Transformer and a plain RNN, trained K optimizers at a time.

Like the MLP in `nets`, every optimizer owns one row of a weight matrix `W [K, P]` (all of the
model's parameters flattened in `named_parameters()` order). The rows are viewed as a dict of
stacked tensors `[K, *shape]` and run through one *grouped* model: the K networks side by side
(the CNN channels-last, its first layer one matmul of the image's shared 3×3 patches with all K·c₁
filters and its second a convolution with groups=K; batched matmuls `[K, …]`), equal to K copies of
the nn.Module. One backward pass of Σ_k loss_k gives every row its own gradient (the rows share
nothing; by hand with torch's own backward kernels for the CNN and the Transformer, autograd for the RNN);
then each optimizer's kernel (optviz's own, torch-exact) steps its row, exactly as `training.train` does:

    for each mini-batch (same batches, same order, for every optimizer):
        loss [K], G [K, P] = grouped loss and ∂(Σ loss)/∂W
        G = clip(G)                                   # optional, per row, as clip_grad_norm_ does
        W[k] = optimizer_k.step(W[k], G[k], lr_k(t))

All rows start from the module's own initialisation after `torch.manual_seed(seed)`, so one row is
what `torch.manual_seed(seed); model = build(...)` followed by a torch.optim loop would give.
Each epoch's evaluation (both splits, all rows) runs on a second thread while the next epoch trains.
"""
from __future__ import annotations

import functools
import math
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import mlp, training
from .data import Dataset, dataset as load_dataset, sequence_dataset
from .models import MODEL_SPECS

ACCURACY_TOLERANCE = 0.04      # the adding problem counts a prediction within 0.04 of the sum as right


# ---- the networks (ordinary nn.Modules: the same class serves torch.optim loops) ---------------

class SmallCNN(nn.Module):
    """8×8 image → conv 3×3 (c₁) → ReLU → max-pool 2 → conv 3×3 (c₂) → ReLU → max-pool 2 → linear (10)."""

    def __init__(self, channels=(8, 16), classes=10, side=8):
        super().__init__()
        c1, c2 = channels
        self.side = side
        self.conv1 = nn.Conv2d(1, c1, 3, padding=1)
        self.conv2 = nn.Conv2d(c1, c2, 3, padding=1)
        self.fc = nn.Linear(c2 * (side // 4) ** 2, classes)

    def forward(self, x):
        x = x.reshape(-1, 1, self.side, self.side)
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(x.flatten(1))


class Block(nn.Module):
    """Post-norm Transformer encoder block (Vaswani et al., 2017): x ← LN(x + MHA(x)); x ← LN(x + FF(x))."""

    def __init__(self, d_model, heads, ff):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.norm1 = nn.LayerNorm(d_model)
        self.ff1 = nn.Linear(d_model, ff)
        self.ff2 = nn.Linear(ff, d_model)
        self.norm2 = nn.LayerNorm(d_model)

    def forward(self, x):
        N, L, D = x.shape
        q, k, v = self.qkv(x).reshape(N, L, 3, self.heads, D // self.heads).permute(2, 0, 3, 1, 4)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(D // self.heads), dim=-1)
        x = self.norm1(x + self.proj((att @ v).transpose(1, 2).reshape(N, L, D)))
        return self.norm2(x + self.ff2(F.relu(self.ff1(x))))


class TinyTransformer(nn.Module):
    """Token + learned position embeddings → `layers` post-norm blocks → linear read-out per position."""

    def __init__(self, length=8, d_model=32, heads=2, layers=1, ff=64, tokens=10):
        super().__init__()
        self.embed = nn.Embedding(tokens, d_model)
        self.pos = nn.Embedding(length, d_model)
        self.blocks = nn.ModuleList(Block(d_model, heads, ff) for _ in range(layers))
        self.out = nn.Linear(d_model, tokens)

    def forward(self, x):
        h = self.embed(x) + self.pos.weight[: x.shape[1]]
        for block in self.blocks:
            h = block(h)
        return self.out(h)                       # [N, L, tokens]


class SmallRNN(nn.Module):
    """Elman RNN (nn.RNN's tanh cell and parameters) read out linearly from the last hidden state."""

    def __init__(self, hidden=32, inputs=2):
        super().__init__()
        self.rnn = nn.RNN(inputs, hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        r = self.rnn
        xs = x @ r.weight_ih_l0.T + (r.bias_ih_l0 + r.bias_hh_l0)     # [N, T, H]
        h = torch.tanh(xs[:, 0])
        for t in range(1, x.shape[1]):
            h = torch.tanh(xs[:, t] + h @ r.weight_hh_l0.T)
        return self.out(h).squeeze(-1)


def build(model: str, data: Dataset, **size) -> nn.Module:
    """The nn.Module for `model` on `data` (call after torch.manual_seed(seed) to get train's weights)."""
    size = {**MODEL_SPECS[model].size, **size}
    if model == "cnn":
        return SmallCNN(tuple(size["channels"]), data.n_classes, int(round(math.sqrt(data.n_features))))
    if model == "transformer":
        return TinyTransformer(data.n_features, size["d_model"], size["heads"], size["layers"], size["ff"],
                               data.n_classes)
    if model == "rnn":
        return SmallRNN(size["hidden"], data.X_train.shape[-1])
    raise ValueError(f"unknown model {model!r}")


def loss_of(model: str, out, y):
    """The model's training loss: cross-entropy (over every token for the Transformer) or squared error."""
    if MODEL_SPECS[model].loss == "mse":
        return F.mse_loss(out, y)
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1))


def correct(model: str, out, y):
    """Share of right answers: classes, tokens, or sums within ACCURACY_TOLERANCE (adding)."""
    if MODEL_SPECS[model].loss == "mse":
        return ((out - y).abs() < ACCURACY_TOLERANCE).to(out.dtype).mean()
    return (out.argmax(-1) == y).to(out.dtype).mean()


# ---- flat rows <-> parameter dicts --------------------------------------------------------------

class Flat:
    """Where each named parameter sits in a flat row; `tensors` is what training._Stepper reads."""

    def __init__(self, module: nn.Module):
        self.names, self.shapes, out, at = [], [], [], 0
        for name, p in module.named_parameters():
            self.names.append(name)
            self.shapes.append(tuple(p.shape))
            out.append((at, at + p.numel(), tuple(p.shape)))
            at += p.numel()
        self.tensors = tuple(out)
        self.n_params = at

    def unflatten(self, W):
        """{name: W[:, a:b].view(R, *shape)} (views, no copies)."""
        return {n: W[:, a:b].view(W.shape[0], *s) for n, (a, b, s) in zip(self.names, self.tensors)}

    def flatten(self, params: dict):
        return torch.cat([params[n].reshape(params[n].shape[0], -1) for n in self.names], 1)


def initial_weights(model: str, data: Dataset, seed: int, dtype=torch.float32, **size):
    """(module, flat [P]): the module built after torch.manual_seed(seed) and its weights as one row
    (the global RNG is restored afterwards)."""
    with torch.random.fork_rng():
        torch.manual_seed(int(seed))
        module = build(model, data, **size).to(dtype)
    return module, torch.cat([p.detach().reshape(-1) for p in module.parameters()])


def _as_data(model, data, seed):
    spec = MODEL_SPECS[model]
    if data is None:
        data = spec.dataset
    if isinstance(data, str):
        name = data.lower()
        if name not in spec.datasets:
            raise ValueError(f"model {model!r} trains on {', '.join(spec.datasets)}, not {data!r}")
        return sequence_dataset(name, seed=seed) if name in ("reverse", "adding") else load_dataset(name, seed=seed)
    if isinstance(data, Dataset):
        if data.name not in spec.datasets:
            raise ValueError(f"model {model!r} trains on {', '.join(spec.datasets)}, not {data.name!r}")
        return data
    raise ValueError(f"expected a Dataset or a data-set name, got {type(data).__name__}")


def _tensors(model, data, dtype):
    x_type = torch.long if model == "transformer" else dtype
    y_type = dtype if MODEL_SPECS[model].loss == "mse" else torch.long
    return [torch.tensor(np.asarray(a), dtype=t) for a, t in
            ((data.X_train, x_type), (data.y_train, y_type), (data.X_test, x_type), (data.y_test, y_type))]


def _lin(h, w, b, out=None):
    """K linear layers at once: h [K, …, in], w [K, out, in], b [K, out] → [K, …, out] (written into
    `out` [K, rows, out] when given)."""
    shape = h.shape
    out = torch.baddbmm(b.unsqueeze(1), h.reshape(shape[0], -1, shape[-1]), w.transpose(1, 2), out=out)
    return out.reshape(*shape[:-1], w.shape[1])


@functools.lru_cache(maxsize=4)
def _nothing(dtype: torch.dtype):
    """A 0-d tensor: baddbmm's ignored input where beta = 0 (q kᵀ/√dh as one product, alpha = 1/√dh)."""
    with torch.inference_mode(False):
        return torch.zeros((), dtype=dtype)


class _Buffers:
    """Output buffers that the evaluation's forward pass reuses block after block, one set per thread:
    written in place instead of freshly allocated memory, which costs a page fault for every 4 KiB
    page the first time it is written (allocators hand large blocks back to the system when freed).
    `buffers(key, shape, dtype)` is a contiguous tensor of that shape, the same memory at every call."""

    def __init__(self):
        self._local = threading.local()

    def __call__(self, key, shape, dtype):
        bufs = self._local.__dict__.setdefault("bufs", {})
        n = math.prod(shape)
        b = bufs.get(key)
        if b is None or b.numel() < n or b.dtype != dtype:
            b = bufs[key] = torch.empty(n, dtype=dtype)
        return b[:n].view(shape)


def _layer_norm(h, w, b, eps=1e-5, stats=None, out=None, take=None):
    """K LayerNorms at once: h [K, …, D], w, b [K, D]. Each row's mean and (biased) variance as vectorised
    passes over all K·… rows, x̂ = (h − mean)·rstd, then each row's own affine x̂·w + b (written into `out`
    when given; `take(key, *shape)` gives buffers for the intermediates, see _transformer). On rows of 32
    this is quicker than torch's LayerNorm kernel (≈ 37 vs 51 µs for 2,048 rows) and, unlike it, can write
    into buffers. `stats` (a list) receives (x̂, mean, rstd) for _layer_norm_backward."""
    D = h.shape[-1]
    x = h.reshape(-1, D)
    M = x.shape[0]

    def buf(key, *shape):
        return None if take is None else take(key, *shape)

    mean = torch.mean(x, 1, keepdim=True, out=buf("ln.mean", M, 1))
    xhat = torch.sub(x, mean, out=buf("ln.x̂", M, D))
    rstd = torch.mean(torch.mul(xhat, xhat, out=buf("ln.sq", M, D)), 1, keepdim=True, out=buf("ln.rstd", M, 1))
    xhat.mul_(rstd.add_(eps).rsqrt_())
    xhat = xhat.view(h.shape)
    if stats is not None:
        stats.extend((xhat, mean, rstd))
    mid = (1,) * (h.dim() - 2)
    return torch.addcmul(b.view(b.shape[0], *mid, D), xhat, w.view(w.shape[0], *mid, D), out=out)


def _layer_norm_backward(grad, h, w, b, stats):
    """(∂h, ∂w, ∂b) of _layer_norm: ∂w = Σ grad·x̂ and ∂b = Σ grad per row, ∂h from torch's own LayerNorm
    backward kernel given ∂x̂ = grad·w (all rows in one call)."""
    xhat, mean, rstd = stats
    D = h.shape[-1]
    mid = (1,) * (h.dim() - 2)
    dxhat = (grad * w.view(w.shape[0], *mid, D)).reshape(-1, D)
    dh = torch.ops.aten.native_layer_norm_backward(dxhat, h.reshape(-1, D), [D], mean, rstd, None, None,
                                                   [True, False, False])[0]
    rows = tuple(range(1, h.dim() - 1))
    return dh.view(h.shape), (grad * xhat).sum(rows), grad.sum(rows)


@functools.lru_cache(maxsize=8)
def _patch_index(side: int) -> torch.Tensor:
    """[side², 9]: where each output pixel's 3×3 window (kh, kw order) sits in the zero-padded image
    flattened to (side + 2)² (an im2col as one gather)."""
    r = torch.arange(side)
    d = torch.arange(3)
    rows = (r[:, None, None, None] + d[None, None, :, None]) * (side + 2)
    cols = r[None, :, None, None] + d[None, None, None, :]
    return (rows + cols).reshape(side * side, 9)


def _cnn(p, x, K, module, saved=None):
    """The K CNNs at once, in channels-last layout (max-pooling is far quicker on it). conv1's input is
    the same image for every row, so it is one matmul of the shared 3×3 patches with the K·c₁ filters
    (bias as a last row of the [10, K·c₁] filter matrix, against a column of ones); conv2 is a grouped
    convolution (groups=K); ReLU after the pools (max-pool and ReLU commute, values and gradients alike).
    `saved` (a list) receives what _cnn_grads needs for the backward pass."""
    side = module.side
    N = x.shape[0]
    w1, w2 = p["conv1.weight"], p["conv2.weight"]                          # [K, c1, 1, 3, 3], [K, c2, c1, 3, 3]
    c1, c2 = w1.shape[1], w2.shape[1]
    img = F.pad(x.reshape(N, side, side), (1, 1, 1, 1)).reshape(N, -1)
    patches = img[:, _patch_index(side)].reshape(N * side * side, 9)      # [N·s·s, 9], no gradient
    patches = torch.cat([patches, patches.new_ones(N * side * side, 1)], 1)
    filters = torch.cat([w1.reshape(K * c1, 9).t(), p["conv1.bias"].reshape(1, K * c1)], 0)   # [10, K·c1]
    a1 = (patches @ filters).view(N, side, side, K * c1).permute(0, 3, 1, 2)   # [N, K·c1, s, s], channels-last
    m1, i1 = F.max_pool2d_with_indices(a1, 2)
    r1 = F.relu(m1)
    w2 = w2.reshape(K * c2, c1, 3, 3)
    a2 = F.conv2d(r1, w2, p["conv2.bias"].reshape(-1), padding=1, groups=K)
    m2, i2 = F.max_pool2d_with_indices(a2, 2)
    r2 = F.relu(m2)                                                        # [N, K·c2, s/4, s/4]
    h = r2.reshape(N, K, -1).transpose(0, 1)                               # [K, N, c2·s·s] (channel-major, as flatten)
    if saved is not None:
        saved.extend((patches, a1, i1, r1, w2, a2, i2, r2, h))
    return _lin(h, p["fc.weight"], p["fc.bias"])                           # [K, N, classes]


def _cross_entropy_grad(logits, y):
    """(loss [K], ∂(Σ_k loss_k)/∂logits) of the mean cross-entropy per row; logits [K, C, M] (classes in
    dim 1, as F.cross_entropy takes them), y [M]: torch's own log-softmax kernels, forward and backward."""
    K, _, M = logits.shape
    logp = torch.log_softmax(logits, 1)
    target = y.reshape(1, 1, M).expand(K, 1, M)
    loss = -logp.gather(1, target).squeeze(1).mean(1)
    d = torch._log_softmax_backward_data(torch.zeros_like(logp).scatter_(1, target, -1.0 / M), logp, 1, logp.dtype)
    return loss, d


def _cnn_grads(p, x, y, K, module):
    """(loss [K], {name: ∂(Σ loss)/∂p [K, …]}) of the K CNNs, backpropagated by hand with torch's own
    backward kernels (log-softmax, ReLU, max-pool, convolution): what autograd computes, without its graph."""
    saved = []
    out = _cnn(p, x, K, module, saved)                                     # [K, N, classes]
    patches, a1, i1, r1, w2, a2, i2, r2, h = saved
    c1 = p["conv1.weight"].shape[1]
    loss, d = _cross_entropy_grad(out.transpose(1, 2), y)
    d = d.transpose(1, 2)                                                  # [K, N, classes]
    g = {"fc.weight": torch.bmm(d.transpose(1, 2), h), "fc.bias": d.sum(1)}
    d = torch.bmm(d, p["fc.weight"]).transpose(0, 1).reshape(r2.shape)    # ∂r2 [N, K·c2, s/4, s/4]
    d = torch.ops.aten.threshold_backward(d, r2, 0)
    d = torch.ops.aten.max_pool2d_with_indices_backward(d, a2, [2, 2], [2, 2], [0, 0], [1, 1], False, i2)
    d, dw2, db2 = torch.ops.aten.convolution_backward(d, r1, w2, [w2.shape[0]], [1, 1], [1, 1], [1, 1], False,
                                                      [0, 0], K, [True, True, True])
    g["conv2.weight"], g["conv2.bias"] = dw2.view(p["conv2.weight"].shape), db2.view(K, -1)
    d = torch.ops.aten.threshold_backward(d, r1, 0)
    d = torch.ops.aten.max_pool2d_with_indices_backward(d, a1, [2, 2], [2, 2], [0, 0], [1, 1], False, i1)
    d = d.permute(0, 2, 3, 1).reshape(patches.shape[0], -1)               # [N·s·s, K·c1]
    df = patches.t() @ d                                                   # [10, K·c1]
    g["conv1.weight"] = df[:9].t().reshape(p["conv1.weight"].shape)
    g["conv1.bias"] = df[9].reshape(K, c1)
    return loss, g


def _transformer(p, x, K, module, saved=None, buffers=None):
    """The K Transformers at once ([K, N·L, D] activations); `saved` (a list) receives what
    _transformer_grads needs for the backward pass; with `buffers` (see _Buffers: evaluation only, the
    logits are overwritten by the next call) every large intermediate is written into a reused buffer,
    one buffer serving several intermediates where the earlier one is no longer needed.

    The first block's input is a token's embedding plus its position's, so its q, k, v need no
    [N·L, D] × [D, 3D] product: each row is the token's row of embed·Wᵀ plus the position's row of
    pos·Wᵀ + b (tables of `tokens` and L rows, gathered)."""
    if saved is not None and buffers is not None:
        raise ValueError("buffers are for evaluation: the saved intermediates would be overwritten")
    N, L = x.shape
    emb, pos = p["embed.weight"], p["pos.weight"][:, :L]
    D, T, dt = emb.shape[-1], N * L, emb.dtype

    def take(key, *shape):                     # buffer `key` as a [shape] tensor, or None: a fresh result
        return None if buffers is None else buffers(key, shape, dt)

    tokens = x.reshape(-1)
    h = torch.index_select(emb, 1, tokens, out=take("h", K, T, D))
    h.view(K, N, L, D).add_(pos.unsqueeze(1))                                   # [K, N·L, D]
    for i, block in enumerate(module.blocks):
        q = f"blocks.{i}."
        H, dh = block.heads, D // block.heads
        w, b = p[q + "qkv.weight"], p[q + "qkv.bias"]
        if i == 0:
            qkv = torch.index_select(torch.bmm(emb, w.transpose(1, 2)), 1, tokens, out=take("qkv", K, T, 3 * D))
            qkv.view(K, N, L, 3 * D).add_(torch.baddbmm(b.unsqueeze(1), pos, w.transpose(1, 2)).unsqueeze(1))
        else:
            qkv = _lin(h, w, b, out=take("qkv", K, T, 3 * D))
        qkv = qkv.view(K * N, L, 3 * H, dh)
        qs, ks, vs = qkv.unbind(2)[:H], qkv.unbind(2)[H:2 * H], qkv.unbind(2)[2 * H:]   # strided [K·N, L, dh] views
        att, o = [], []
        for j, (qj, kj, vj) in enumerate(zip(qs, ks, vs)):     # one head at a time (no copies of q, k, v)
            s = torch.baddbmm(_nothing(dt), qj, kj.transpose(1, 2), beta=0, alpha=1 / math.sqrt(dh),   # q kᵀ/√dh
                              out=take("s", K * N, L, L))
            att.append(torch._softmax(s, -1, False, out=take("att", K * N, L, L)))
            o.append(torch.bmm(att[-1], vj, out=take(f"o{j}", K * N, L, dh)))
        o = torch.cat(o, -1, out=take("o", K * N, L, D)).view(K, T, D)
        ln1, ln2 = ([], []) if saved is not None else (None, None)
        r1 = _lin(o, p[q + "proj.weight"], p[q + "proj.bias"], out=take("r1", K, T, D)).add_(h)   # in place
        h1 = _layer_norm(r1, p[q + "norm1.weight"], p[q + "norm1.bias"], stats=ln1, out=take("h1", K, T, D), take=take)
        ff = p[q + "ff1.weight"].shape[1]
        z = _lin(h1, p[q + "ff1.weight"], p[q + "ff1.bias"], out=take("qkv", K, T, ff)).relu_()   # q, k, v: done
        r2 = _lin(z, p[q + "ff2.weight"], p[q + "ff2.bias"], out=take("r1", K, T, D)).add_(h1)    # r1: done
        if saved is not None:
            saved.append((h, (qs, ks, vs), att, o, r1, ln1, h1, z, r2, ln2))
        h = _layer_norm(r2, p[q + "norm2.weight"], p[q + "norm2.bias"], stats=ln2, out=take("h", K, T, D),  # h: done
                        take=take)
    if saved is not None:
        saved.append(h)
    # the read-out as [K, tokens, N·L] (a product with 10 columns is slow; its transpose is not), which is
    # also the layout of the log-softmax over tokens
    C = p["out.weight"].shape[1]
    logits = torch.baddbmm(p["out.bias"].unsqueeze(2), p["out.weight"], h.transpose(1, 2), out=take("logits", K, C, T))
    return logits.transpose(1, 2).view(K, N, L, C)                               # [K, N, L, tokens] (a view)


def _transformer_grads(p, x, y, K, module):
    """(loss [K], {name: ∂(Σ loss)/∂p [K, …]}) of the K Transformers, backpropagated by hand with
    torch's own backward kernels (log-softmax, softmax, LayerNorm, ReLU): what autograd computes,
    without its graph."""
    saved = []
    logits = _transformer(p, x, K, module, saved)
    N, L = x.shape
    T, C = N * L, logits.shape[-1]
    loss, d = _cross_entropy_grad(logits.view(K, T, C).transpose(1, 2), y.reshape(-1))   # [K, C, T], as _losses
    d = d.transpose(1, 2)                                                            # [K, T, C]
    g = {}

    def lin_back(name, d, h, plus=None):       # out = h wᵀ + b: ∂w, ∂b; returns ∂h (+ plus)
        g[name + ".weight"] = torch.bmm(d.transpose(1, 2), h)
        g[name + ".bias"] = d.sum(1)
        w = p[name + ".weight"]
        return torch.bmm(d, w) if plus is None else torch.baddbmm(plus, d, w)

    d = lin_back("out", d, saved.pop())
    for i in reversed(range(len(module.blocks))):
        q = f"blocks.{i}."
        h, (qs, ks, vs), att, o, r1, ln1, h1, z, r2, ln2 = saved[i]
        H, dh = len(qs), qs[0].shape[-1]
        d, g[q + "norm2.weight"], g[q + "norm2.bias"] = _layer_norm_backward(
            d, r2, p[q + "norm2.weight"], p[q + "norm2.bias"], ln2)
        du = torch.ops.aten.threshold_backward(lin_back(q + "ff2", d, z), z, 0)
        d = lin_back(q + "ff1", du, h1, plus=d)
        d, g[q + "norm1.weight"], g[q + "norm1.bias"] = _layer_norm_backward(
            d, r1, p[q + "norm1.weight"], p[q + "norm1.bias"], ln1)
        do = lin_back(q + "proj", d, o).view(K * N, L, H, dh).unbind(2)
        dq, dk, dv = [], [], []
        for qj, kj, vj, aj, doj in zip(qs, ks, vs, att, do):
            ds = torch._softmax_backward_data(torch.bmm(doj, vj.transpose(1, 2)), aj, -1, aj.dtype)   # ∂(q kᵀ/√dh)
            dq.append(torch.baddbmm(_nothing(ds.dtype), ds, kj, beta=0, alpha=1 / math.sqrt(dh)))
            dk.append(torch.baddbmm(_nothing(ds.dtype), ds.transpose(1, 2), qj, beta=0, alpha=1 / math.sqrt(dh)))
            dv.append(torch.bmm(aj.transpose(1, 2), doj))
        dqkv = torch.stack(dq + dk + dv, 2).view(K, T, 3 * H * dh)                # qkv's (part, head, dh) order
        if i > 0:
            d = lin_back(q + "qkv", dqkv, h, plus=d)
            continue
        # the first block's input is h = embed[x] + pos, one of V token rows plus one of L position rows:
        # summed per token and per position, dqkv gives W's gradient (dqkvᵀ h) and, through W, the tables'
        # (∂h = d + dqkv·W) from products with V and L rows rather than N·L
        w, emb, pos = p[q + "qkv.weight"], p["embed.weight"], p["pos.weight"]
        V = emb.shape[1]
        rows = (x.reshape(1, -1) + V * torch.arange(K).unsqueeze(1)).reshape(-1)   # row k·V + token of [K·V, …]
        per_token = torch.zeros(K * V, 3 * H * dh, dtype=d.dtype).index_add_(0, rows, dqkv.reshape(K * T, -1))
        per_token = per_token.view(K, V, -1)
        per_position = dqkv.view(K, N, L, -1).sum(1)                                  # [K, L, 3D]
        g[q + "qkv.weight"] = torch.baddbmm(torch.bmm(per_token.transpose(1, 2), emb),
                                            per_position.transpose(1, 2), pos[:, :L])
        g[q + "qkv.bias"] = per_position.sum(1)
        g["embed.weight"] = torch.bmm(per_token, w).view(K * V, -1).index_add_(
            0, rows, d.reshape(K * T, -1)).view(K, V, -1)
        g["pos.weight"] = torch.zeros_like(pos)
        g["pos.weight"][:, :L] = torch.baddbmm(d.view(K, N, L, -1).sum(1), per_position, w)
    return loss, g


def _rnn(p, x, K, module):
    xs = _lin(x.expand(K, *x.shape), p["rnn.weight_ih_l0"], p["rnn.bias_ih_l0"] + p["rnn.bias_hh_l0"])  # [K, N, T, H]
    w_hh = p["rnn.weight_hh_l0"].transpose(1, 2)
    h = torch.tanh(xs[:, :, 0])
    for t in range(1, x.shape[1]):
        h = torch.tanh(torch.baddbmm(xs[:, :, t], h, w_hh))
    return _lin(h, p["out.weight"], p["out.bias"]).squeeze(-1)             # [K, N]


GROUPED = {"cnn": _cnn, "transformer": _transformer, "rnn": _rnn}
BY_HAND = {"cnn": _cnn_grads, "transformer": _transformer_grads}      # the rest use autograd


class Batched:
    """Loss, gradient and metrics of R weight rows at once, through the grouped model."""

    def __init__(self, model: str, module: nn.Module):
        self.model, self.module, self.flat = model, module, Flat(module)
        self.forward = GROUPED[model]
        self.mse = MODEL_SPECS[model].loss == "mse"
        self._eval_kw = {"buffers": _Buffers()} if model == "transformer" else {}
        self._eval_samples = 512 if model == "transformer" else 1024   # per block, all rows together

    def _losses(self, out, y):
        """[R] mean loss per row (the nn.Module's loss_of, row by row)."""
        R = out.shape[0]
        if self.mse:
            return ((out - y) ** 2).mean(1)
        C = out.shape[-1]
        return F.cross_entropy(out.reshape(R, -1, C).transpose(1, 2), y.reshape(1, -1).expand(R, -1),
                               reduction="none").mean(1)

    def _right(self, out, y):
        """[R] how many right answers per row (a whole number, exact in floating point)."""
        if self.mse:
            return ((out - y).abs() < ACCURACY_TOLERANCE).to(out.dtype).sum(1)
        out = out.contiguous()             # (the Transformer's logits are a transposed view: argmax wants rows)
        return (out.argmax(-1) == y).to(out.dtype).reshape(out.shape[0], -1).sum(1)

    def loss_grad(self, W, x, y):
        """(loss [R], grad [R, P]) on one batch: one backward pass of the rows' summed losses."""
        R = W.shape[0]
        if self.model in BY_HAND:                            # backpropagated by hand (no autograd graph)
            loss, g = BY_HAND[self.model](self.flat.unflatten(W), x, y, R, self.module)
            return loss, torch.cat([g[n].reshape(R, -1) for n in self.flat.names], 1)
        params = {n: p.detach().requires_grad_() for n, p in self.flat.unflatten(W).items()}
        loss = self._losses(self.forward(params, x, R, self.module), y)
        grads = torch.autograd.grad(loss.sum(), list(params.values()))
        return loss.detach(), torch.cat([g.reshape(R, -1) for g in grads], 1)

    def evaluate(self, W, X, y, block: int | None = None):
        """(loss [R], accuracy [R]) over the whole split, in blocks of samples (the loss a weighted mean
        of the blocks', the accuracy right answers counted over all blocks); the default block keeps
        R × block ≤ 1024 samples, 512 for the Transformer, whose samples are sequences (smaller
        intermediates stay in cache)."""
        return self.evaluate_splits(W, [(X, y)], block)[0]

    def evaluate_splits(self, W, splits, block: int | None = None, pool=None):
        """[(loss [R], accuracy [R]) for each (X, y) in splits]. With `pool` (an executor), the second half
        of the blocks runs on its thread; the blocks' results are summed in the same order either way."""
        block = max(1, self._eval_samples // W.shape[0]) if block is None else block
        params = self.flat.unflatten(W)
        jobs = [(i, s) for i, (_, y) in enumerate(splits) for s in range(0, len(y), block)]

        def run(part):
            with torch.inference_mode() if self.model in BY_HAND else torch.no_grad():
                out = []
                for i, s in part:
                    X, y = splits[i][0][s:s + block], splits[i][1][s:s + block]
                    o = self.forward(params, X, W.shape[0], self.module, **self._eval_kw)
                    out.append((self._losses(o, y), self._right(o, y)))
                return out

        half = len(jobs) // 2 if pool is not None else len(jobs)
        rest = pool.submit(run, jobs[half:]) if pool is not None else None
        results = run(jobs[:half]) + (rest.result() if rest is not None else [])
        totals = []
        for i, (_, y) in enumerate(splits):
            total_l, right, n = 0.0, 0.0, len(y)
            for (j, s), (loss, r) in zip(jobs, results):
                if j == i:
                    total_l = total_l + loss * (len(y[s:s + block]) / n)
                    right = right + r
            totals.append((total_l, right / y.numel()))          # the share of right answers, as .mean() gives it
        return totals


# ---- training -----------------------------------------------------------------------------------

def _threads(fn):
    """Run with mlp.THREADS intra-op threads (see mlp._lean), restoring the count afterwards. The RNN
    needs autograd; the CNN's and the Transformer's gradients are by hand (BY_HAND), so they run in
    inference mode (no autograd bookkeeping on any op), as the MLP does."""
    @functools.wraps(fn)
    def wrapper(model, *args, **kwargs):
        previous = torch.get_num_threads()
        if previous > mlp.THREADS:
            torch.set_num_threads(mlp.THREADS)
        by_hand = model in BY_HAND
        try:
            with torch.inference_mode(by_hand), torch.set_grad_enabled(not by_hand):
                return fn(model, *args, **kwargs)
        finally:
            if previous > mlp.THREADS:
                torch.set_num_threads(previous)
    return wrapper


@_threads
def train(model, data, optimizers, epochs=None, batch_size=None, seed=0, schedule=None, schedule_unit="step",
          clip_grad_norm=None, clip_grad_value=None, dtype="float32", snapshots=2, callback=None,
          **size) -> training.History:
    """`optviz.train(data, optimizers, model=...)` for the cnn, transformer and rnn (see training.train).

    epochs / batch_size: None = the model's defaults (`optviz.MODEL_SPECS[model]`); size: architecture
    keywords (cnn: channels; transformer: d_model, heads, layers, ff; rnn: hidden).
    History.test_accuracy is the share of right classes (cnn), right tokens (transformer) or sums
    within 0.04 (rnn, adding problem); step_loss / grad_norm / lrs are per step, [K, steps].
    """
    spec = MODEL_SPECS[model]
    seed = training._whole(seed, "seed", 0, 2 ** 32 - 1)
    data = _as_data(model, data, seed)
    rows, origin = training._expand(optimizers)
    epochs = training._whole(spec.epochs if epochs is None else epochs, "epochs", 1, mlp.MAX_EPOCHS)
    batch_size = training._whole(spec.batch_size if batch_size is None else batch_size, "batch_size", 1, 10 ** 9)
    snapshots = training._whole(snapshots, "snapshots", 2, mlp.MAX_SNAPSHOTS)
    dtype = training._check_dtype(dtype)
    if schedule_unit not in ("step", "epoch"):
        raise ValueError(f"schedule_unit must be 'step' or 'epoch', got {schedule_unit!r}")
    schedules = training._per_row(schedule, len(origin), origin, "schedules")
    clip = _row_clipper(clip_grad_norm, clip_grad_value, len(origin), origin)
    if callback is not None and not callable(callback):
        raise ValueError("callback must be callable(epoch, history)")
    size = _check_size(model, size)

    K, N = len(rows), data.n_train
    batch_size = min(batch_size, N)
    spe = -(-N // batch_size)
    X, y, X_test, y_test = _tensors(model, data, dtype)
    snap_epochs = np.unique(np.round(np.linspace(0, epochs, min(snapshots, epochs + 1))).astype(int))
    module, w0 = initial_weights(model, data, seed, dtype, **size)
    net = Batched(model, module)
    W = w0.expand(K, -1).clone()
    lr_plan = training._LRPlan(rows, schedules, schedule_unit, epochs, spe)
    steppers = [training._Stepper(o, net.flat if o.name in mlp.TENSORWISE else None) for o in rows]

    def evaluate_all(W, pool=None):
        return tuple(v for pair in net.evaluate_splits(W, [(X, y), (X_test, y_test)], pool=pool) for v in pair)

    # a second thread evaluates: the initial weights while the first epoch trains, then each epoch while the
    # next one trains (see training._fit)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="optviz-eval") as pool:
        initial = pool.submit(net.evaluate_splits, W[:1], [(X, y), (X_test, y_test)])
        meta = dict(
            labels=tuple(o.label() for o in rows), names=tuple(o.name for o in rows), optimizers=tuple(rows),
            dataset=data.name,
            sizes=tuple(sorted((k, v if not isinstance(v, list) else tuple(v)) for k, v in size.items())),
            activation="", batch_size=batch_size, epochs=epochs, seed=seed, steps_per_epoch=spe,
            dtype=str(dtype).replace("torch.", ""), schedule=training._describe(schedule),
            schedule_unit=schedule_unit,
            clip_grad_norm=_clip_record(clip_grad_norm), clip_grad_value=_clip_record(clip_grad_value),
            layer_shapes=tuple(zip(net.flat.names, net.flat.shapes)),
            color_keys=tuple(getattr(o, "color_key", o.name) for o in rows), schedules=tuple(schedules), model=model)

        def limit():                           # the initial evaluation's answer, completing meta
            (train_l, train_a), (test_l, test_a) = ([float(v) for v in pair] for pair in initial.result())
            meta.update(initial_train_loss=train_l, initial_train_accuracy=train_a, initial_test_loss=test_l,
                        initial_test_accuracy=test_a)
            return mlp.EXPLODE_FACTOR * max(train_l, 1.0)

        return training._fit(W, steppers, lr_plan, clip, limit, epochs, N, batch_size, seed, snap_epochs, meta, spe,
                             callback, lambda W, idx: net.loss_grad(W, X[idx], y[idx]), evaluate_all, pool=pool)


def _row_clipper(max_norm, clip_value, n_given, origin):
    """training._clipper for one threshold shared by all; a list (one per optimizer, None = no clipping)
    clips every row by its own threshold (clipping.clip_grad_norm / clip_grad_value with [K, 1] arrays;
    a row without clipping gets ∞, which multiplies its gradient by exactly 1)."""
    if not isinstance(max_norm, (list, tuple)) and not isinstance(clip_value, (list, tuple)):
        return training._clipper(max_norm, clip_value)
    from .. import clipping
    fns = []
    for v, name, fn in ((max_norm, "clip_grad_norm", clipping.clip_grad_norm),
                        (clip_value, "clip_grad_value", clipping.clip_grad_value)):
        per_row = training._per_row(v, n_given, origin, name)
        if all(r is None for r in per_row):
            continue
        limits = []
        for r in per_row:
            if r is None:
                limits.append(math.inf)
                continue
            training._clipper(r if name == "clip_grad_norm" else None, r if name == "clip_grad_value" else None)
            limits.append(float(r))
        fns.append(lambda G, fn=fn, a=np.array(limits).reshape(-1, 1): fn(G, a))
    if not fns:
        return None

    def clip(G):
        for fn in fns:
            G = fn(G)
        return G
    return clip


def _clip_record(v):
    if v is None:
        return None
    if isinstance(v, (list, tuple)):
        return tuple(None if r is None else float(r) for r in v)
    return float(v)


def _check_size(model, size) -> dict:
    spec = MODEL_SPECS[model]
    unknown = set(size) - set(spec.size)
    if unknown:
        raise ValueError(f"model {model!r} takes {', '.join(spec.size)}, not {', '.join(sorted(unknown))}")
    out = {**spec.size, **size}
    if model == "cnn":
        c = tuple(out["channels"])
        if len(c) != 2:
            raise ValueError(f"channels must be two widths, got {c!r}")
        out["channels"] = tuple(training._whole(v, "channels", 1, 64) for v in c)
    elif model == "transformer":
        out["d_model"] = training._whole(out["d_model"], "d_model", 4, 64)
        out["heads"] = training._whole(out["heads"], "heads", 1, 8)
        if out["d_model"] % out["heads"]:
            raise ValueError(f"d_model ({out['d_model']}) must be a multiple of heads ({out['heads']})")
        out["layers"] = training._whole(out["layers"], "layers", 1, 2)
        out["ff"] = training._whole(out["ff"], "ff", 4, 256)
    elif model == "rnn":
        out["hidden"] = training._whole(out["hidden"], "hidden", 1, 128)
    return out


def module(history: training.History, k: int) -> nn.Module:
    """Optimizer k's trained model as its nn.Module."""
    data = _as_data(history.model, history.dataset, history.seed)
    m, _ = initial_weights(history.model, data, history.seed, getattr(torch, history.dtype), **dict(history.sizes))
    flat = Flat(m)
    w = torch.tensor(history.final_weights[k:k + 1])
    with torch.no_grad():
        for name, p in flat.unflatten(w).items():
            m.get_parameter(name).copy_(p[0])
    return m
