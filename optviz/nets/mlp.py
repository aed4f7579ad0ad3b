"""The multilayer perceptron: a batch of K networks as one weight matrix per layer, its forward and backward passes
written out, and evaluation."""
from __future__ import annotations

import functools
import math
import numpy as np
import torch
from dataclasses import dataclass


ACTIVATIONS = ("relu", "tanh", "gelu", "sigmoid")
MAX_EPOCHS = 200
MAX_OPTIMIZERS = 8
MAX_WIDTH = 256
MAX_LAYERS = 3
MAX_SNAPSHOTS = 101
# Optimizers whose step reads a whole parameter tensor (its norm or its matrix shape), not one
# coordinate at a time: they step each layer's weight [out, in] and bias [out] on their own, as
# torch.optim steps each parameter. The others step a network's whole weight vector in one call.
TENSORWISE = frozenset({"adafactor", "lamb"})
EXPLODE_FACTOR = 100.0   # a mini-batch loss above 100 × max(initial loss, 1) counts as divergence
_EVAL_BLOCK = 4_000_000  # rows × samples × widest layer evaluated at once (memory bound)
THREADS = 1              # intra-op threads while training (see _lean)


def _lean(fn):
    """Run `fn` in inference mode (no autograd bookkeeping: gradients are computed by hand) with
    torch limited to THREADS intra-op threads, then restore the previous count.

    These networks are small: a step is ~100 tiny ops, and splitting each across threads costs
    more than it saves. Worse, when other processes share the cores, every op waits at a thread
    barrier for a descheduled partner and training becomes many times slower. One thread is as
    fast on an idle machine and stays fast on a busy one.
    """
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        previous = torch.get_num_threads()
        if previous > THREADS:
            torch.set_num_threads(THREADS)
        try:
            with torch.inference_mode():
                return fn(*args, **kwargs)
        finally:
            if previous > THREADS:
                torch.set_num_threads(previous)
    return wrapper


# ---- the network ---------------------------------------------------------------------------

def _relu_grad(d, z, a):
    """δ where the unit was active (a > 0), else 0: torch's own ReLU backward."""
    return torch.ops.aten.threshold_backward(d, a, 0)


def _tanh_grad(d, z, a):
    return d * (1 - a * a)


def _sigmoid_grad(d, z, a):
    return d * (1 - a) * a


def _gelu_grad(d, z, a):
    """GELU(z) = z·Φ(z)  ⇒  GELU'(z) = Φ(z) + z·φ(z)."""
    cdf = 0.5 * (1 + torch.erf(z * math.sqrt(0.5)))
    pdf = torch.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    return d * (cdf + z * pdf)


_ACTIVATION = {
    "relu": (torch.relu, _relu_grad, "ReLU"),
    "tanh": (torch.tanh, _tanh_grad, "Tanh"),
    "gelu": (torch.nn.functional.gelu, _gelu_grad, "GELU"),
    "sigmoid": (torch.sigmoid, _sigmoid_grad, "Sigmoid"),
}


@dataclass(frozen=True)
class MLP:
    """Linear → activation → … → Linear (logits), evaluated for many weight vectors at once.

    `sizes` = (n_inputs, *hidden, n_classes). A weight vector is every layer's weight [out, in]
    then bias [out], flattened in `nn.Sequential`'s `state_dict` order (keys in `shapes`).
    """
    sizes: tuple
    activation: str = "relu"

    @property
    def shapes(self) -> tuple:
        """(("0.weight", (h₁, n_in)), ("0.bias", (h₁,)), ("2.weight", …), …) as nn.Sequential names them."""
        out = []
        for i, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:])):
            out += [(f"{2 * i}.weight", (n_out, n_in)), (f"{2 * i}.bias", (n_out,))]
        return tuple(out)

    @property
    def n_params(self) -> int:
        return sum(math.prod(s) for _, s in self.shapes)

    @property
    def tensors(self) -> tuple:
        """((start, stop, shape), …): where each parameter tensor sits in the flat weight vector."""
        out, at = [], 0
        for _, shape in self.shapes:
            out.append((at, at + math.prod(shape), shape))
            at += math.prod(shape)
        return tuple(out)

    def init(self, seed: int = 0, dtype=torch.float32) -> torch.Tensor:
        """[P] initial weights: nn.Linear's default, W, b ~ U(−1/√n_in, 1/√n_in), drawn in layer order.

        Equal to `torch.manual_seed(seed)` followed by building the same `nn.Sequential`.
        """
        g = torch.Generator().manual_seed(int(seed))
        parts = []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            # kaiming_uniform_(a=√5): gain √(2/(1+5)), bound √3·gain/√n_in, computed as torch does
            w_bound = math.sqrt(3.0) * (math.sqrt(2.0 / (1 + 5)) / math.sqrt(n_in))
            b_bound = 1 / math.sqrt(n_in)
            parts.append(torch.empty(n_out, n_in, dtype=dtype).uniform_(-w_bound, w_bound, generator=g).reshape(-1))
            parts.append(torch.empty(n_out, dtype=dtype).uniform_(-b_bound, b_bound, generator=g))
        return torch.cat(parts)

    def layers(self, W: torch.Tensor) -> list:
        """Views of `W [R, P]`: [(weight [R, out, in], bias [R, out]), …] (no copies)."""
        R, views, at = W.shape[0], [], 0
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            w = W[:, at:at + n_out * n_in].view(R, n_out, n_in)
            at += n_out * n_in
            views.append((w, W[:, at:at + n_out]))
            at += n_out
        return views

    def _forward(self, W, X):
        """Pre-activations z and activations a of every layer; a[0] is X broadcast to [R, N, in]."""
        act = _ACTIVATION[self.activation][0]
        layers = self.layers(W)
        a = [X.expand(W.shape[0], *X.shape)]
        z = []
        for i, (w, b) in enumerate(layers):
            z.append(torch.baddbmm(b.unsqueeze(1), a[-1], w.transpose(1, 2)))   # a·Wᵀ + b
            if i < len(layers) - 1:
                a.append(act(z[-1]))
        return layers, z, a

    def logits(self, W: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
        """[R, N, classes] outputs of R networks (rows of W [R, P]) on the same inputs X [N, in]."""
        return self._forward(W, X)[1][-1]

    def loss_grad(self, W: torch.Tensor, X: torch.Tensor, y: torch.Tensor):
        r"""Mean cross-entropy of each row on (X, y) and its gradient, by backpropagation.

        loss = −(1/N) Σ log softmax(z_L)[y];  ∂loss/∂z_L = (softmax(z_L) − onehot(y)) / N;
        per layer: ∂W = δᵀ a_prev, ∂b = Σ δ, δ_prev = (δ W) ⊙ act'(z_prev).
        Returns (loss [R], grad [R, P]).
        """
        return self._loss_grad(W, X, torch.nn.functional.one_hot(y, self.sizes[-1]).to(W.dtype))

    def _loss_grad(self, W, X, onehot):
        grad_act = _ACTIVATION[self.activation][1]
        layers, z, a = self._forward(W, X)
        N = X.shape[0]
        log_p = _log_softmax(z[-1])
        loss = (log_p * onehot).sum((1, 2)).mul_(-1.0 / N)
        delta = log_p.exp_().mul_(1.0 / N).sub_(onehot, alpha=1.0 / N)
        grads = []
        for i in reversed(range(len(layers))):
            grads += [delta.sum(1), torch.bmm(delta.transpose(1, 2), a[i]).flatten(1)]   # ∂b, ∂W
            if i > 0:
                delta = grad_act(torch.bmm(delta, layers[i][0]), z[i - 1], a[i])
        return loss, torch.cat(grads[::-1], dim=1)

    def module(self, w) -> torch.nn.Sequential:
        """The equivalent `torch.nn.Sequential` holding weight vector `w [P]`."""
        mods = []
        for i, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:])):
            if i:
                mods.append(getattr(torch.nn, _ACTIVATION[self.activation][2])())
            mods.append(torch.nn.Linear(n_in, n_out))
        net = torch.nn.Sequential(*mods)
        w = torch.as_tensor(np.asarray(w) if not isinstance(w, torch.Tensor) else w)
        net = net.to(w.dtype)
        at = 0
        state = {}
        for name, shape in self.shapes:
            n = math.prod(shape)
            state[name] = w[at:at + n].reshape(shape).clone()
            at += n
        net.load_state_dict(state)
        return net


def _log_softmax(z):
    """log softmax over the classes of z [R, N, C], computed along dim 1 of the [R, C, N] view:
    the same numbers, but torch's kernel is far faster there than along a short last axis."""
    return torch.log_softmax(z.transpose(1, 2), dim=1).transpose(1, 2)


def evaluate(net: MLP, W: torch.Tensor, X: torch.Tensor, y: torch.Tensor):
    """(loss [R], accuracy [R]) of every row of W on the whole set, in memory-bounded blocks."""
    R, N = W.shape[0], X.shape[0]
    rows = max(1, _EVAL_BLOCK // max(1, N * max(net.sizes)))
    losses, accs = [], []
    with torch.no_grad():
        for r in range(0, R, rows):
            z = net.logits(W[r:r + rows], X).transpose(1, 2)              # [R, C, N]: classes on dim 1
            losses.append(torch.nn.functional.cross_entropy(z, y.expand(z.shape[0], N), reduction="none").mean(1))
            accs.append((z.argmax(1) == y).to(W.dtype).mean(1))
    return torch.cat(losses), torch.cat(accs)
