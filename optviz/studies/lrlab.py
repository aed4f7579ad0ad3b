"""The learning-rate lab and the schedule lab: lr sweeps, the stability bound of (momentum) gradient
descent on a quadratic, and a scheduled run against the same optimizer at constant lr.

    sw = lr_sweep(surf, "sgd", {"momentum": 0.9}, start=(-3, 1), steps=200)   # one vectorised run
    sw.lrs, sw.final_losses, sw.diverged_at, sw.regimes, sw.best_lr
    st = stability(surf, "sgd", {"momentum": 0.9})     # None unless the Hessian is constant
    st.bound                                           # 2(1+μ)/((1−τ)L): every lr below it converges
    st.radius(lr)                                      # per-step contraction factor ρ (< 1 converges)

Stability on f(θ) = ½ θᵀHθ, one curvature λ of H (+ weight decay) at a time, h = ηλ:
    GD                  θ ← (1 − h) θ                              stable iff h < 2
    heavy ball (torch)  θ_{t+1} = θ_t − η(1−τ)∇ + μ(θ_t − θ_{t−1})  stable iff (1−τ) h < 2(1+μ)
    Nesterov (torch)    b ← μb + ∇,  θ ← θ − η(∇ + μb)             stable iff h < 2(1+μ)/(1+2μ)
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..optimizers import REGISTRY, optimizer
from ..runner import Trajectories, run

SWEEP_SIZE = 60
SWEEP_RANGE = (1e-5, 10.0)
GOOD_DECADES = 1.0        # "good": final gap within this many decades of the sweep's best …
GOOD_FLOOR = 1e-8         # … or below this fraction of the starting gap
REGIMES = ("small", "good", "big", "diverged")


# ---- lr sweep ----------------------------------------------------------------------------------

def lr_grid(low: float = SWEEP_RANGE[0], high: float = SWEEP_RANGE[1], n: int = SWEEP_SIZE) -> np.ndarray:
    """n log-spaced learning rates from low to high (inclusive)."""
    if not (0 < low < high and np.isfinite(high)):
        raise ValueError(f"lr range must satisfy 0 < low < high, got ({low}, {high})")
    if not 2 <= int(n) <= 2000:
        raise ValueError(f"the sweep takes 2 to 2000 learning rates, got {n}")
    return np.logspace(np.log10(low), np.log10(high), int(n))


@dataclass(frozen=True, eq=False)
class Sweep:
    """Final loss of one optimizer at many learning rates, everything else equal.

    final_losses: last loss (the last finite one for diverged runs); gaps: loss − f_ref, floored
    at a tiny positive number (f_ref = the surface's minimum, else the lowest loss seen);
    regimes: "small" | "good" | "big" | "diverged" per lr.
    """
    lrs: np.ndarray
    final_losses: np.ndarray
    diverged_at: np.ndarray
    initial_loss: float
    f_ref: float
    gaps: np.ndarray
    initial_gap: float
    regimes: tuple
    name: str = ""
    color_key: str = ""
    steps: int = 0

    @property
    def best(self) -> int:
        """Index of the lr with the lowest final loss among the runs that did not diverge (−1 if none)."""
        ok = self.diverged_at < 0
        return int(np.argmin(np.where(ok, self.gaps, np.inf))) if ok.any() else -1

    @property
    def best_lr(self) -> float | None:
        return float(self.lrs[self.best]) if self.best >= 0 else None

    def regime_of(self, lr: float) -> str:
        """Regime of the swept lr nearest to `lr` on the log axis."""
        return self.regimes[int(np.argmin(np.abs(np.log(self.lrs) - np.log(lr))))]


def classify(gaps, initial_gap, diverged, good_decades=GOOD_DECADES, good_floor=GOOD_FLOOR) -> tuple:
    """Regime of each lr (ascending lrs) from its final gap to the minimum.

    diverged: the run blew up. good: gap ≤ max(best · 10^good_decades, good_floor · initial gap).
    Otherwise "small" below the best lr (it crawls) and "big" above it (it overshoots, bounces,
    or its loss ended above where it started).
    """
    gaps = np.asarray(gaps, dtype=float)
    diverged = np.asarray(diverged, dtype=bool)
    if diverged.all():
        return ("diverged",) * len(gaps)
    masked = np.where(diverged, np.inf, gaps)
    best = int(np.argmin(masked))
    good = masked <= max(masked[best] * 10.0 ** good_decades, good_floor * initial_gap)
    idx = np.arange(len(gaps))
    out = np.where(diverged, "diverged", np.where(good, "good", np.where(idx < best, "small", "big")))
    out = np.where(~diverged & ~good & (gaps >= initial_gap), "big", out)   # never got below the start
    return tuple(str(r) for r in out)


def lr_sweep(surface, name: str, hyper: dict, start, steps: int, lrs=None) -> Sweep:
    """Run `name` with hyperparameters `hyper` (its lr ignored) at every lr of `lrs` from `start`:
    one vectorised `run` with lr = lrs[:, None] and the start repeated."""
    lrs = lr_grid() if lrs is None else np.asarray(lrs, dtype=np.float64).ravel()
    if lrs.size == 0 or not np.all(np.isfinite(lrs) & (lrs > 0)):
        raise ValueError("sweep learning rates must be positive numbers")
    order = np.argsort(lrs)
    lrs = lrs[order]
    opt = optimizer(name, **{**hyper, "lr": lrs[:, None]})
    start = np.asarray(start, dtype=np.float64).reshape(1, 2)
    traj = run(surface, [opt], starts=np.repeat(start, len(lrs), 0), steps=steps)
    final = traj.final_losses[0]
    diverged = traj.diverged_at[0]
    initial = float(traj.losses[0, 0, 0])
    f_ref = surface.f_min if surface.f_min is not None else float(min(initial, final.min()))
    scale = max(1.0, abs(initial), abs(f_ref))
    floor = 1e-16 * scale
    gaps = np.maximum(final - f_ref, floor)
    initial_gap = max(initial - f_ref, floor)
    return Sweep(lrs=lrs, final_losses=final, diverged_at=diverged, initial_loss=initial, f_ref=float(f_ref),
                 gaps=gaps, initial_gap=float(initial_gap), regimes=classify(gaps, initial_gap, diverged >= 0),
                 name=name, color_key=opt.color_key, steps=int(steps))


# ---- the three runs ------------------------------------------------------------------------------

def lr_trio(good_lr: float, factor: float) -> tuple[float, float, float]:
    """(good / factor, good, good × factor)."""
    if not (good_lr > 0 and factor > 1):
        raise ValueError(f"need lr > 0 and factor > 1, got lr={good_lr}, factor={factor}")
    return float(good_lr / factor), float(good_lr), float(good_lr * factor)


def run_lrs(surface, name: str, hyper: dict, lrs, start, steps: int) -> Trajectories:
    """The same optimizer at each lr of `lrs` from one start: one optimizer per lr (Trajectories [n, 1, …])."""
    opts = [optimizer(name, **{**hyper, "lr": float(lr)}) for lr in lrs]
    return run(surface, opts, starts=[list(start)], steps=steps)


# ---- stability of (momentum) gradient descent on a quadratic ---------------------------------------

@dataclass(frozen=True)
class Stability:
    """Linear stability of torch's SGD on a surface with a constant Hessian H.

    curvatures: eigenvalues of H (+ weight decay), ascending; L the largest; bound: the lr below which
    every direction contracts; method: "gd", "heavy_ball" or "nesterov".
    """
    method: str
    curvatures: np.ndarray
    momentum: float = 0.0
    dampening: float = 0.0

    @property
    def L(self) -> float:
        return float(self.curvatures[-1])

    @property
    def bound(self) -> float:
        mu, tau = self.momentum, self.dampening
        if self.method == "gd":
            return 2.0 / self.L
        if self.method == "nesterov":
            return 2.0 * (1 + mu) / ((1 + 2 * mu) * self.L)
        return 2.0 * (1 + mu) / ((1 - tau) * self.L)

    @property
    def tex(self) -> str:
        if self.method == "gd":
            return r"\eta < \frac{2}{L}"
        if self.method == "nesterov":
            return r"\eta < \frac{2(1+\mu)}{(1+2\mu)\,L}"
        return r"\eta < \frac{2(1+\mu)}{(1-\tau)\,L}" if self.dampening else r"\eta < \frac{2(1+\mu)}{L}"

    def matrices(self, lr: float) -> np.ndarray:
        """[k, 2, 2] one-step iteration matrix per curvature direction (GD: [[1 − ηλ, 0], [0, 0]])."""
        h = lr * self.curvatures
        mu, tau = self.momentum, self.dampening
        M = np.zeros((len(h), 2, 2))
        if self.method == "gd":
            M[:, 0, 0] = 1 - h
        elif self.method == "heavy_ball":        # on (θ_t, θ_{t−1})
            M[:, 0, 0], M[:, 0, 1], M[:, 1, 0] = 1 + mu - (1 - tau) * h, -mu, 1.0
        else:                                    # on (θ_t, η b_{t−1})
            M[:, 0, 0], M[:, 0, 1] = 1 - h * (1 + mu), -mu * mu
            M[:, 1, 0], M[:, 1, 1] = h, mu
        return M

    def radius(self, lr: float) -> np.ndarray:
        """[k] spectral radius per direction: the factor by which that direction's error shrinks per
        step in the long run (GD: |1 − ηλ|). Below 1 it converges, above 1 it diverges."""
        return np.abs(np.linalg.eigvals(self.matrices(lr))).max(-1)

    def rate(self, lr: float) -> float:
        return float(self.radius(lr).max())

    def factors(self, lr: float) -> np.ndarray:
        """[k] what one step does to each direction: 1 − ηλ for GD (negative: it overshoots and
        alternates sides), the spectral radius for momentum."""
        return 1 - lr * self.curvatures if self.method == "gd" else self.radius(lr)


def stability(surface, name: str, hyper: dict) -> Stability | None:
    """The stability analysis when it applies: torch's SGD (plain, heavy-ball or Nesterov) on a surface
    whose Hessian is constant and positive definite. None otherwise (adaptive methods, curved surfaces,
    maximize=True, a saddle)."""
    H = getattr(surface, "hessian", None)
    if name != "sgd" or H is None or hyper.get("maximize"):
        return None
    spec = REGISTRY[name].defaults
    wd = float(hyper.get("weight_decay", spec["weight_decay"]))
    lam = np.sort(np.linalg.eigvalsh(np.asarray(H, dtype=float))) + wd
    if lam[0] <= 0:
        return None
    mu = float(hyper.get("momentum", spec["momentum"]))
    tau = float(hyper.get("dampening", spec["dampening"]))
    if mu == 0:
        return Stability("gd", lam)
    if hyper.get("nesterov"):
        return Stability("nesterov", lam, mu, 0.0)
    if tau >= 1:
        return None
    return Stability("heavy_ball", lam, mu, tau)


# ---- schedule vs constant lr -----------------------------------------------------------------------

def schedule_vs_constant(surface, name: str, hyper: dict, sched, start, steps: int, noise: float = 0.0,
                         seed: int = 0) -> Trajectories:
    """The same optimizer twice from one start: run 0 follows `sched`, run 1 keeps the constant lr.
    Both see the same gradient noise. Trajectories [2, 1, …]."""
    opt = optimizer(name, **hyper)
    return run(surface, [opt, opt], starts=[list(start)], steps=steps, schedule=[sched, None],
               noise=noise, seed=seed)


def lr_drops(lrs) -> np.ndarray:
    """Steps k whose lr is lower than at step k − 1 (where a reduction first takes effect)."""
    lrs = np.asarray(lrs, dtype=float)
    return np.nonzero(lrs[1:] < lrs[:-1])[0] + 1


def relabel(traj: Trajectories, labels) -> Trajectories:
    """The same runs with new display labels (one per optimizer)."""
    labels = tuple(labels)
    if len(labels) != traj.positions.shape[0]:
        raise ValueError(f"{len(labels)} labels for {traj.positions.shape[0]} optimizers")
    return replace(traj, labels=labels)
