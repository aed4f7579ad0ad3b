"""Stability map: final loss over an lr × β grid, and the boundary the linear theory predicts."""
from __future__ import annotations

import numpy as np
from dataclasses import dataclass

from ..._checks import whole
from ...optimizers import Optimizer, optimizer
from .batch import MAX_GRID, _positive, _range, _spec, outcomes


# The hyperparameter each optimizer's β axis sweeps (torch's names); `betas` means betas[0].
BETA_PARAMS = {"sgd": "momentum", "signum": "momentum", "rmsprop": "alpha", "adadelta": "rho"}


# ---- stability map: final loss over an lr × β grid ----------------------------------------------

def beta_param(name: str) -> str | None:
    """The hyperparameter a β axis sweeps for optimizer `name`: momentum (SGD), betas[0] (Adam
    family, Lion), alpha (RMSprop), rho (Adadelta); None when it has no such decay rate."""
    spec = _spec(name)
    if spec.name in BETA_PARAMS:
        return BETA_PARAMS[spec.name]
    return "betas" if "betas" in spec.defaults else None


def with_beta(name: str, hyper: dict | None, lr, beta=None) -> Optimizer:
    """`optimizer(name, **hyper)` with `lr` and the β of `beta_param(name)` replaced
    (scalars or arrays [runs, 1]); β is ignored for optimizers without one."""
    h = dict(hyper or {})
    h["lr"] = lr
    bp = beta_param(name)
    if bp is not None and beta is not None:
        if bp == "betas":
            b2 = h.get("betas", _spec(name).defaults["betas"])[1]
            h["betas"] = (beta, b2)
        else:
            h[bp] = beta
    return optimizer(name, **h)


def grid_values(lr_range=(1e-4, 1.0), n_lr: int = 100, beta_range=(0.0, 0.99), n_beta: int = 100):
    """(lrs [n_lr] log-spaced, betas [n_beta] evenly spaced) of a stability map's grid, rounded
    (lrs to 4 significant digits, βs to 4 decimals) so every cell's settings read and print short."""
    lo, hi = _range(lr_range, "lr_range", positive=True)
    n_lr = whole(n_lr, "n_lr", 2, MAX_GRID)
    n_beta = whole(n_beta, "n_beta", 1, MAX_GRID)
    b0, b1 = _range(beta_range, "beta_range", allow_equal=True)
    if b0 < 0 or b1 >= 1:
        raise ValueError(f"beta_range must lie in [0, 1), got {beta_range}")
    lrs = np.array([float(f"{v:.4g}") for v in np.logspace(np.log10(lo), np.log10(hi), n_lr)])
    betas = np.round(np.linspace(b0, b1, n_beta), 4) if n_beta > 1 else np.array([b0])
    return lrs, betas


def nearest_value(values, v: float, log: bool = False) -> float:
    """The entry of `values` closest to `v` (on a log scale when `log`)."""
    a = np.asarray(values, dtype=float)
    if log:
        k = np.argmin(np.abs(np.log(a) - np.log(max(float(v), 1e-300))))
    else:
        k = np.argmin(np.abs(a - float(v)))
    return float(a[k])


@dataclass(frozen=True, eq=False)
class StabilityMap:
    """Outcome of every (β, lr) cell: arrays [n_beta, n_lr] (row i = betas[i], column j = lrs[j]).

    boundary [n_beta]: the largest stable lr for each β where theory knows it (SGD on a quadratic
    surface), else None. For optimizers without a β, betas has one entry and beta_name is None.
    """
    name: str
    hyper: dict
    beta_name: str | None
    lrs: np.ndarray
    betas: np.ndarray
    final_loss: np.ndarray
    diverged_at: np.ndarray
    steps_to_target: np.ndarray
    start: np.ndarray
    steps: int
    f_min: float | None
    target: float | None
    boundary: np.ndarray | None = None

    @property
    def shape(self) -> tuple:
        return self.final_loss.shape

    def optimizer_at(self, i: int, j: int) -> Optimizer:
        """The optimizer of cell (β index i, lr index j), with scalar hyperparameters."""
        beta = float(self.betas[i]) if self.beta_name else None
        return with_beta(self.name, self.hyper, float(self.lrs[j]), beta)

    def nearest_cell(self, lr: float, beta: float | None) -> tuple[int, int]:
        """(i, j) of the cell closest to (lr, β) (lr compared on a log scale)."""
        j = int(np.argmin(np.abs(np.log(self.lrs) - np.log(max(float(lr), 1e-300)))))
        i = 0 if beta is None or len(self.betas) == 1 else int(np.argmin(np.abs(self.betas - float(beta))))
        return i, j


def stability_map(surface, name: str, hyper: dict | None = None, *, lr_range=(1e-4, 1.0), n_lr: int = 100,
                  beta_range=(0.0, 0.99), n_beta: int = 100, start=None, steps: int = 500,
                  tol: float = 1e-3) -> StabilityMap:
    """Run `name` from one start for every lr (log-spaced) × β (linear) of the grid, in one batch.

    The β axis is `beta_param(name)` (momentum, betas[0], alpha or rho); optimizers without one get
    a single row. Other hyperparameters come from `hyper`. A cell "reaches" when its loss falls
    within `tol` of the surface's minimum (never on surfaces without a known minimum).
    """
    spec = _spec(name)
    hyper = {k: v for k, v in (hyper or {}).items() if k != "lr"}
    bp = beta_param(spec.name)
    if bp is None:
        n_beta = 1
    lrs, betas = grid_values(lr_range, n_lr, beta_range, n_beta)
    if bp is None:
        betas = np.array([np.nan])
    tol = _positive(tol, "tol")
    start = np.asarray(surface.starts[0] if start is None else start, dtype=np.float64)
    if start.shape != (2,) or not np.all(np.isfinite(start)):
        raise ValueError(f"start must be a finite point (x, y), got {start!r}")
    if spec.name == "sgd" and hyper.get("nesterov") and bp is not None and betas.min() <= 0:
        raise ValueError("Nesterov momentum needs momentum > 0: start the β range above 0")
    L, B = np.meshgrid(lrs, betas)                       # [n_beta, n_lr]
    opt = with_beta(spec.name, hyper, L.reshape(-1, 1), B.reshape(-1, 1) if bp else None)
    target = None if surface.f_min is None else surface.f_min + tol
    out = outcomes(surface, opt, start, steps, target)
    shape = L.shape
    return StabilityMap(
        name=spec.name, hyper=hyper, beta_name=bp, lrs=lrs, betas=betas,
        final_loss=out.final_loss.reshape(shape), diverged_at=out.diverged_at.reshape(shape),
        steps_to_target=out.steps_to_target.reshape(shape), start=start, steps=out.steps,
        f_min=surface.f_min, target=target,
        boundary=stability_boundary(surface, spec.name, {**spec.defaults, **hyper}, betas) if bp else None)


def stability_boundary(surface, name: str, hyper: dict, betas) -> np.ndarray | None:
    """Largest stable lr for each β, for SGD on a quadratic surface (constant Hessian H ⪰ 0); else None.

    On an eigen-direction with curvature h (largest: L = λmax(H) + weight decay), torch's SGD is a
    linear recurrence whose roots stay inside the unit circle exactly when
        gradient descent (β = 0):          lr < 2 / L
        heavy ball (momentum β, dampening τ): lr < 2 (1 + β) / ((1 − τ) L)
        Nesterov (torch's form):           lr < 2 (1 + β) / ((1 + 2β) L)
    (Jury's test on z² − (1 + β − lr·h) z + β, and on z² − (1 + β − lr·h(1+β)) z + β(1 − lr·h)).
    """
    if name != "sgd" or getattr(surface, "hessian", None) is None or hyper.get("maximize"):
        return None
    wd = float(hyper.get("weight_decay", 0.0))
    eig = np.linalg.eigvalsh(np.asarray(surface.hessian, dtype=float)) + wd
    if eig.min() < 0 or eig.max() <= 0:
        return None
    L = float(eig.max())
    b = np.asarray(betas, dtype=float)
    if hyper.get("nesterov"):
        return 2 * (1 + b) / ((1 + 2 * b) * L)
    damp = float(hyper.get("dampening", 0.0))
    with np.errstate(divide="ignore"):
        return np.where(b > 0, 2 * (1 + b) / (max(1 - damp, 0.0) * L), 2 / L)


def boundary_agreement(smap: StabilityMap) -> float | None:
    """Share of cells where theory (lr below the stability limit) and the runs (not diverged) agree;
    None when there is no known limit. Cells right at the limit neither grow nor shrink and may
    land on either side."""
    if smap.boundary is None:
        return None
    stable = smap.lrs[None, :] < smap.boundary[:, None]
    return float((stable == (smap.diverged_at < 0)).mean())
