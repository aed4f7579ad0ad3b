"""Mixed precision on a small network: float32, float16 without loss scaling, float16 with dynamic
loss scaling (torch's GradScaler), trained side by side on the same batches.

float16 keeps 10 mantissa bits and 5 exponent bits: the largest finite value is 65504, the smallest
positive one 2⁻²⁴ ≈ 6.0·10⁻⁸. A gradient entry smaller than half of that rounds to 0 in the backward
pass ("underflow") and that weight stops learning. Loss scaling multiplies the loss by S before the
backward pass, so every gradient is S times larger in float16, then divides the float32 gradients
by S before the optimizer step. Dynamic scaling (`torch.amp.GradScaler`) adapts S:

    grads hold inf/NaN  →  skip this optimizer step;  S ← S · backoff_factor;  counter ← 0
    otherwise           →  step;  counter ← counter + 1;
                           if counter = growth_interval:  S ← S · growth_factor;  counter ← 0

Each float16 mode is simulated as CUDA autocast runs it, here on the CPU: float32 master weights,
cast to float16 for every matmul (inputs and weights), logits cast back to float32 for the
log-softmax / cross-entropy, the loss gradient cast to float16 at that boundary, backpropagation
in float16 (matmuls, ReLU mask), the weight gradients cast to float32 into the master weights'
`.grad`, and the optimizer stepping the float32 master weights.

    r = optviz.nets.amp.train_precisions("digits", optviz.optimizer("adam", lr=1e-3), epochs=5,
                                    loss_factor=2.0 ** -12)
    r.underflow[1]   # share of non-zero float32 gradient entries that are 0 in float16, per step
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import torch

from .._checks import number as _number, whole
from .data import Dataset, dataset as load_dataset
from .mlp import MLP, TENSORWISE, evaluate
from ..optimizers import Optimizer

MODES = ("float32", "float16", "float16_scaled")
FP16_TINY = 2.0 ** -24          # smallest positive float16 (subnormal); half of it rounds to 0
FP16_NORMAL = 2.0 ** -14        # smallest normal float16: below it fewer significant bits remain
FP16_MAX = 65504.0              # largest finite float16
MAX_EPOCHS = 30
MAX_STEPS = 1500                # optimizer steps in one call (epochs × steps per epoch)
MAX_WIDTH = 128
MAX_LAYERS = 4
HIST_EDGES = np.arange(-64, 17)  # log₂|g| bin edges of the gradient histogram
EXPLODE_FACTOR = 100.0          # a mini-batch loss above 100 × max(initial loss, 1) counts as divergence


def one_thread(fn):
    """Run `fn` with one torch intra-op thread, then restore the previous count: these tensors are
    tiny, and splitting each op across threads costs more than it saves (far more on a busy machine)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        previous = torch.get_num_threads()
        if previous <= 1:
            return fn(*args, **kwargs)
        torch.set_num_threads(1)
        try:
            return fn(*args, **kwargs)
        finally:
            torch.set_num_threads(previous)
    return wrapper


# ---- the scaler ----------------------------------------------------------------------------------

class ScalerState(NamedTuple):
    scale: np.float32            # the current loss scale S (a float32, as torch keeps it)
    growth_tracker: int          # consecutive steps without inf/NaN since the last change of S


@dataclass(frozen=True)
class Scaler:
    """Dynamic loss scaling with `torch.amp.GradScaler`'s rules and arithmetic.

        state = scaler.init()
        loss * scaler.scale_of(state)  →  backward  →  grads (scaled)
        grads, found_inf = scaler.unscale(grads, state)   # grads · (1/S) in float32; any inf/NaN?
        if not found_inf: optimizer step
        state = scaler.update(state, found_inf)

    S is a float32; 1/S is computed in float64 then rounded to float32; S · factor is computed in
    float64 and rounded to float32, and a growth that would overflow float32 is dropped, as in
    torch's `_amp_update_scale_`.
    """
    init_scale: float = 2.0 ** 16
    growth_factor: float = 2.0
    backoff_factor: float = 0.5
    growth_interval: int = 2000

    def __post_init__(self):
        if not (math.isfinite(self.init_scale) and self.init_scale > 0):
            raise ValueError(f"init_scale must be a positive number, got {self.init_scale}")
        if not self.growth_factor > 1.0:
            raise ValueError(f"growth_factor must be > 1.0, got {self.growth_factor}")
        if not 0.0 < self.backoff_factor < 1.0:
            raise ValueError(f"backoff_factor must be in (0, 1), got {self.backoff_factor}")
        if isinstance(self.growth_interval, bool) or not float(self.growth_interval).is_integer() \
                or self.growth_interval < 1:
            raise ValueError(f"growth_interval must be a whole number ≥ 1, got {self.growth_interval}")

    def init(self) -> ScalerState:
        return ScalerState(np.float32(self.init_scale), 0)

    @staticmethod
    def scale_of(state: ScalerState) -> float:
        return float(state.scale)

    @staticmethod
    def unscale(grads: torch.Tensor, state: ScalerState):
        """(grads · (1/S) in float32, found_inf): torch's `_amp_foreach_non_finite_check_and_unscale_`."""
        inv_scale = torch.tensor(float(state.scale), dtype=torch.float64).reciprocal().float()
        found_inf = not bool(torch.isfinite(grads).all())
        return grads.float() * inv_scale, found_inf

    def update(self, state: ScalerState, found_inf: bool) -> ScalerState:
        """S ← S·backoff on inf/NaN; S ← S·growth after `growth_interval` clean steps in a row."""
        scale, tracker = state
        if found_inf:
            return ScalerState(np.float32(float(scale) * self.backoff_factor), 0)
        tracker += 1
        if tracker == int(self.growth_interval):
            with np.errstate(over="ignore"):
                grown = np.float32(float(scale) * self.growth_factor)
            return ScalerState(grown if np.isfinite(grown) else scale, 0)
        return ScalerState(scale, tracker)


def scaler_sequence(scaler: Scaler, found_infs) -> tuple[np.ndarray, np.ndarray]:
    """(scale used at each step [n], scale after each update [n]) for a sequence of inf/NaN flags."""
    state = scaler.init()
    used, after = [], []
    for found in found_infs:
        used.append(float(state.scale))
        state = scaler.update(state, bool(found))
        after.append(float(state.scale))
    return np.array(used), np.array(after)


# ---- the network in float16, as autocast runs it ---------------------------------------------------

def _act(activation, z):
    return torch.relu(z) if activation == "relu" else torch.tanh(z)


def _act_grad(activation, d, a):
    """δ ⊙ act'(z) with torch's own backward kernels (one rounding in float16, as autograd does)."""
    if activation == "relu":
        return torch.ops.aten.threshold_backward(d, a, 0)     # δ where the unit was active
    return torch.ops.aten.tanh_backward(d, a)                 # δ · (1 − a²)


def loss_grad_fp16(net: MLP, W: torch.Tensor, X: torch.Tensor, y: torch.Tensor, loss_scale):
    r"""Cross-entropy of each row of float32 master weights W [R, P] on (X, y), with a float16
    forward and backward; loss_scale [R] (or a number) multiplies the loss before the backward pass.

    Forward: a₀ = fp16(X); zₗ = aₗ₋₁·fp16(Wₗ)ᵀ + fp16(bₗ) in float16; logits → float32;
    loss = −(1/N) Σ log softmax[y] in float32.
    Backward: δ_L = fp16(S·(softmax − onehot)/N) (computed in float32, cast once);
    ∂Wₗ = δₗᵀ aₗ₋₁ and ∂bₗ = Σ δₗ in float16; δₗ₋₁ = (δₗ Wₗ) ⊙ act'(zₗ₋₁) in float16.
    Returns (loss [R] float32, unscaled by S; grads [R, P] float32: the float16 values of S·∂loss).
    """
    R, N = W.shape[0], X.shape[0]
    scale = torch.as_tensor(loss_scale, dtype=torch.float32).reshape(-1, 1, 1).expand(R, 1, 1)
    layers = net.layers(W.half())
    a = [X.half().expand(R, *X.shape)]
    for i, (w, b) in enumerate(layers):
        z = torch.baddbmm(b.unsqueeze(1), a[-1], w.transpose(1, 2))
        if i < len(layers) - 1:
            a.append(_act(net.activation, z))
    log_p = torch.log_softmax(z.float(), dim=-1)
    onehot = torch.nn.functional.one_hot(y, net.sizes[-1]).float()
    loss = -(log_p * onehot).sum((1, 2)) / N
    delta = ((log_p.exp() - onehot) * (scale / N)).half()
    grads = []
    for i in reversed(range(len(layers))):
        grads += [delta.sum(1), torch.bmm(delta.transpose(1, 2), a[i]).flatten(1)]      # ∂b, ∂W
        if i > 0:
            delta = _act_grad(net.activation, torch.bmm(delta, layers[i][0]), a[i])
    return loss, torch.cat(grads[::-1], dim=1).float()


# ---- training ------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class PrecisionRuns:
    """What `train_precisions` returns: numpy arrays for the three modes (rows in MODES order).

    step_loss [3, S]: mini-batch cross-entropy each step saw (before its update, without loss_factor).
    underflow [3, S]: among the gradient entries that are non-zero in float32 (computed at the same
        weights on the same batch), the share that is exactly 0 in the mode's float16 backward;
        row 0 (float32) is 0 by definition.
    scale [S]: loss scale S used at each step by "float16_scaled"; skipped [S]: its step was skipped
        (inf/NaN in the scaled gradients). final_weights [3, P]: float32 master weights at the end
        (flat, in `nn.Sequential` order, see `optviz.nets.MLP`).
    hist_counts [len(hist_edges) − 1]: how many non-zero gradient entries of the float32 run (of
        c · cross-entropy, over all steps) fell in each bin of log₂|g| (beyond the ends: the end bins).
    train_loss, test_accuracy [3, E]: float32 evaluation of the master weights after each epoch.
    diverged_at [3]: first step whose loss or weights were
        non-finite (or loss > 100 × max(initial, 1)), −1 if none; the weights freeze there and the
        step arrays repeat the last good value.
    """
    modes: tuple
    dataset: str
    sizes: tuple
    optimizer: str
    loss_factor: float
    batch_size: int
    epochs: int
    steps_per_epoch: int
    seed: int
    init_scale: float
    growth_factor: float
    backoff_factor: float
    growth_interval: int
    initial_loss: float
    step_loss: np.ndarray
    underflow: np.ndarray
    scale: np.ndarray
    skipped: np.ndarray
    train_loss: np.ndarray
    test_accuracy: np.ndarray
    diverged_at: np.ndarray
    final_weights: np.ndarray
    hist_edges: np.ndarray
    hist_counts: np.ndarray

    @property
    def total_steps(self) -> int:
        return self.step_loss.shape[1]


@one_thread
def train_precisions(data, optimizer: Optimizer, epochs: int = 5, batch_size: int = 64, hidden=(64, 64),
                     seed: int = 0, init_scale: float = 2.0 ** 16, growth_factor: float = 2.0,
                     backoff_factor: float = 0.5, growth_interval: int = 2000, loss_factor: float = 1.0,
                     activation: str = "relu") -> PrecisionRuns:
    """Train the same MLP three times from the same weights on the same batches: in float32, in
    float16 without loss scaling, and in float16 with dynamic loss scaling (GradScaler's rules).

    data: a Dataset or a data-set name. optimizer: one `optviz.optimizer(...)` (scalar hyperparameters),
    stepping float32 master weights in every mode. loss_factor c: the loss minimised is c · cross-entropy
    (c < 1 shrinks every gradient by c, as averaging over very many tokens or a deep, small-initialised
    network does); with Adam-type optimizers the step is nearly independent of c in float32.
    Mini-batches: each epoch visits the training set in the order `torch.randperm(n, generator=g)`,
    g = `torch.Generator().manual_seed(seed)` (the same order as `optviz.train`).
    """
    seed = whole(seed, "seed", 0, 2 ** 32 - 1)
    data = data if isinstance(data, Dataset) else load_dataset(str(data), seed=seed)
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"expected an optviz.optimizer(...), got {type(optimizer).__name__}")
    if optimizer.name in TENSORWISE:
        raise ValueError(f"{optimizer.spec.label} steps tensor by tensor; pick an elementwise optimizer")
    if any(isinstance(v, np.ndarray) for v in optimizer.hyper.values()):
        raise ValueError("hyperparameters must be scalars here (one optimizer)")
    epochs = whole(epochs, "epochs", 1, MAX_EPOCHS)
    batch_size = min(whole(batch_size, "batch_size", 1, 10 ** 9), data.n_train)
    hidden = tuple(whole(h, "hidden width", 1, MAX_WIDTH) for h in hidden)
    if len(hidden) > MAX_LAYERS:
        raise ValueError(f"at most {MAX_LAYERS} hidden layers, got {len(hidden)}")
    if activation not in ("relu", "tanh"):
        raise ValueError(f"activation must be 'relu' or 'tanh', got {activation!r}")
    loss_factor = float(loss_factor)
    if not (math.isfinite(loss_factor) and 0 < loss_factor <= 1e4):
        raise ValueError(f"loss_factor must be in (0, 1e4], got {loss_factor}")
    scaler = Scaler(_number(init_scale, "init_scale"), _number(growth_factor, "growth_factor"),
                    _number(backoff_factor, "backoff_factor"),
                    whole(growth_interval, "growth_interval", 1, 10 ** 9))
    spe = -(-data.n_train // batch_size)
    if epochs * spe > MAX_STEPS:
        raise ValueError(f"{epochs} epochs × {spe} steps = {epochs * spe} steps exceeds the cap of {MAX_STEPS}; "
                         "use fewer epochs or larger batches")

    net = MLP((data.n_features, *hidden, data.n_classes), activation)
    X, y = torch.tensor(data.X_train), torch.tensor(data.y_train)
    X_test, y_test = torch.tensor(data.X_test), torch.tensor(data.y_test)
    W = net.init(seed).expand(len(MODES), -1).clone()          # float32 master weights, one row per mode
    states = [optimizer.init(W[k:k + 1]) for k in range(len(MODES))]
    initial_loss = float(evaluate(net, W[:1], X, y)[0])
    limit = EXPLODE_FACTOR * max(initial_loss, 1.0)
    sc = scaler.init()
    alive = [True] * len(MODES)
    diverged_at = np.full(len(MODES), -1)
    step_loss, underflow, scales, skipped = [], [], [], []
    last_loss = [initial_loss] * len(MODES)
    train_loss, test_acc = [], []
    hist = torch.zeros(len(HIST_EDGES) - 1, dtype=torch.float64)
    order = torch.Generator().manual_seed(seed)

    t = 0
    for _ in range(epochs):
        perm = torch.randperm(data.n_train, generator=order)
        for start in range(0, data.n_train, batch_size):
            idx = perm[start:start + batch_size]
            xb, yb = X[idx], y[idx]
            loss32, G32 = net.loss_grad(W, xb, yb)               # float32 reference at every row's weights
            G32 = G32 * loss_factor
            S = Scaler.scale_of(sc)
            loss16, G16 = loss_grad_fp16(net, W[1:], xb, yb, [loss_factor, loss_factor * S])
            hist += _log2_histogram(G32[0])
            nonzero = G32[1:] != 0
            lost = ((G16 == 0) & nonzero).sum(1) / nonzero.sum(1).clamp_min(1)
            unscaled, found_inf = Scaler.unscale(G16[1:2], sc)
            grads = [G32[0:1], G16[0:1], unscaled]
            new_W = W.clone()
            losses = [float(loss32[0]), float(loss16[0]), float(loss16[1])]
            scaled_alive = alive[2]
            for k in range(len(MODES)):
                if not alive[k]:
                    continue
                if losses[k] <= limit and k == 2 and found_inf:   # GradScaler skips the step
                    last_loss[k] = losses[k]
                    continue
                w = None
                if losses[k] <= limit:                              # False for NaN too
                    w, states[k] = optimizer.step(W[k:k + 1], grads[k].clone(), states[k])
                if w is None or not bool(torch.isfinite(w).all()):
                    alive[k], diverged_at[k] = False, t             # frozen where it was
                    continue
                new_W[k] = w[0]
                last_loss[k] = losses[k]
            if scaled_alive:
                sc = scaler.update(sc, found_inf)
            step_loss.append(list(last_loss))
            underflow.append([0.0, float(lost[0]), float(lost[1])])
            scales.append(S)
            skipped.append(found_inf and scaled_alive)
            W = new_W
            t += 1
        ev_loss, _ = evaluate(net, W, X, y)
        _, ev_acc = evaluate(net, W, X_test, y_test)
        train_loss.append(ev_loss.double().numpy())
        test_acc.append(ev_acc.double().numpy())

    return PrecisionRuns(
        modes=MODES, dataset=data.name, sizes=net.sizes, optimizer=optimizer.label(), loss_factor=loss_factor,
        batch_size=batch_size, epochs=epochs, steps_per_epoch=spe, seed=seed, init_scale=float(init_scale),
        growth_factor=float(growth_factor), backoff_factor=float(backoff_factor),
        growth_interval=int(scaler.growth_interval), initial_loss=initial_loss,
        step_loss=np.array(step_loss).T,
        underflow=np.array(underflow).T, scale=np.array(scales), skipped=np.array(skipped, dtype=bool),
        train_loss=np.array(train_loss).T, test_accuracy=np.array(test_acc).T, diverged_at=diverged_at,
        final_weights=W.numpy().copy(), hist_edges=HIST_EDGES.astype(float), hist_counts=hist.numpy())


def _log2_histogram(g: torch.Tensor) -> torch.Tensor:
    """Counts of log₂|g| over HIST_EDGES for the non-zero entries of g (ends clamped)."""
    e = torch.log2(g[g != 0].abs().double()).clamp(float(HIST_EDGES[0]), float(HIST_EDGES[-1]) - 1e-9)
    return torch.histc(e, bins=len(HIST_EDGES) - 1, min=float(HIST_EDGES[0]), max=float(HIST_EDGES[-1]))
