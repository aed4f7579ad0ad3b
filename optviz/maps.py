"""Maps over thousands of runs at once: stability over an lr × β grid, basins of attraction,
a fair tuning budget, and a live ranking of optimizers against the usual comparison table.

Every map is one batch of independent runs stepped together: hyperparameters are arrays
`[runs, 1]` and starts `[runs, 2]`, so the only Python loop is over steps. A map keeps a summary
per run (final point, final loss, divergence step, first step within tolerance) instead of the
whole path, so its memory grows with the number of runs, not with runs × steps. The steps and the
divergence rule are exactly those of `optviz.run` (tests compare the two).

    smap = stability_map(surface("ravine"), "sgd", n_lr=200, n_beta=200, steps=500)
    bmap = basin_map(surface("himmelblau"), [optimizer("sgd", lr=0.01)], n=80)
    tuned = tune(surface("rosenbrock"), [("sgd", {}), ("adam", {})], budget=64)
    ev = evidence()                                   # measured ranks beside the note's table
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ._checks import whole
from .optimizers import REGISTRY, Optimizer, optimizer
from .runner import MAX_RUNS, Bounds

MAX_GRID = 200          # stability map: at most 200 lrs × 200 βs
MAX_LATTICE = 100       # basin map: at most 100 × 100 starts per optimizer
MAX_BUDGET = 256        # fair comparison: at most 256 configurations per optimizer
MAX_MAP_STEPS = 2000    # steps of every map
MAX_BASIN_OPTIMIZERS = 4
GAP_FLOOR = 1e-16       # log-scale floor for "loss − minimum"
WORKERS = min(os.cpu_count() or 1, 4)   # threads for big batches
PARALLEL_CHUNK = 8192   # runs per thread at least

# The hyperparameter each optimizer's β axis sweeps (torch's names); `betas` means betas[0].
BETA_PARAMS = {"sgd": "momentum", "signum": "momentum", "rmsprop": "alpha", "adadelta": "rho"}


# ---- the batch runner that keeps summaries only -------------------------------------------------

@dataclass(frozen=True, eq=False)
class Outcome:
    """Per-run summary of a batch of runs (R runs).

    final [R, 2]: last position (the last finite one for a diverged run), final_loss [R],
    diverged_at [R]: first step whose point exploded or escaped (−1 if never), as in `optviz.run`;
    steps_to_target [R]: first step with loss ≤ target, counted only before diverging (−1 if never).
    """
    final: np.ndarray
    final_loss: np.ndarray
    diverged_at: np.ndarray
    steps_to_target: np.ndarray
    steps: int
    target: float | None

    @property
    def diverged(self) -> np.ndarray:
        return self.diverged_at >= 0

    @property
    def reached(self) -> np.ndarray:
        return self.steps_to_target >= 0


def outcomes(surface, opt: Optimizer, starts, steps: int = 500, target: float | None = None) -> Outcome:
    """Run `opt` (hyperparameters scalars or arrays [R, 1]) from `starts` ([R, 2] or one point [2])
    for `steps` steps and keep each run's summary.

    Same update order, divergence rule (`runner.Bounds`: |loss| > 1e30 or a point more than 1000
    domain spans from the centre) and freezing of diverged runs as `optviz.run`, so every number
    equals the one read off `optviz.run(...)` for the same run.
    """
    if not isinstance(opt, Optimizer):
        raise ValueError(f"expected optviz.optimizer(...), got {type(opt).__name__}")
    steps = whole(steps, "steps", 1, MAX_MAP_STEPS)
    runs = _hyper_runs(opt)
    P = np.asarray(starts, dtype=np.float64)
    if P.shape == (2,):
        P = np.tile(P, (runs, 1))
    if P.ndim != 2 or P.shape[1] != 2 or len(P) == 0:
        raise ValueError(f"starts must be one point [2] or an array [runs, 2], got shape {P.shape}")
    if not np.all(np.isfinite(P)):
        raise ValueError("starts must be finite numbers")
    if runs not in (1, len(P)):
        raise ValueError(f"{opt.spec.label}: hyperparameters have {runs} values but there are {len(P)} starts")
    if len(P) > MAX_RUNS:
        raise ValueError(f"{len(P)} runs exceed the cap of {MAX_RUNS}")
    if target is not None and not np.isfinite(target):
        raise ValueError(f"target must be a finite number, got {target}")
    chunks = min(WORKERS, len(P) // PARALLEL_CHUNK)
    if chunks < 2:
        return _outcomes(surface, opt, P, steps, target)
    # numpy releases the GIL inside each array operation: big batches step in threads, one chunk each
    bounds = np.linspace(0, len(P), chunks + 1).round().astype(int)
    parts = [(_take_opt(opt, slice(a, b), len(P)), P[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    with ThreadPoolExecutor(chunks) as pool:
        done = list(pool.map(lambda part: _outcomes(surface, part[0], part[1], steps, target), parts))
    return Outcome(final=np.concatenate([d.final for d in done]),
                   final_loss=np.concatenate([d.final_loss for d in done]),
                   diverged_at=np.concatenate([d.diverged_at for d in done]),
                   steps_to_target=np.concatenate([d.steps_to_target for d in done]), steps=steps, target=target)


def _outcomes(surface, opt, P, steps, target) -> Outcome:
    """The serial core of `outcomes` on validated inputs."""
    bounds = Bounds.of(surface)
    R = len(P)
    with np.errstate(all="ignore"):
        loss = np.asarray(surface.f(P), dtype=np.float64) + np.zeros(R)
        final, final_loss = P.copy(), loss.copy()
        diverged_at = np.where(bounds.loss_ok(loss), -1, 0)
        first = np.full(R, -1)
        if target is not None:
            first[(diverged_at < 0) & (loss <= target)] = 0
        # the batch holds the live runs only: rows[b] is the run that batch row b steps
        rows = np.flatnonzero(diverged_at < 0)
        if len(rows) < R:
            P, loss, opt = P[rows], loss[rows], _take_opt(opt, rows, R)
        state = opt.init(P)
        live = np.ones(len(rows), dtype=bool)
        for k in range(steps):
            if not len(rows):
                break
            new, state = opt.step(P, surface.grad(P), state)
            L = surface.f(new)
            ok = bounds.ok(L, new)
            dying = live & ~ok
            if dying.any():                     # a diverged run keeps its last good point and loss
                died = rows[dying]
                diverged_at[died], final[died], final_loss[died] = k + 1, P[dying], loss[dying]
                live &= ok
            if target is not None:
                hit = live & (L <= target)
                if hit.any():
                    fresh = rows[hit]
                    fresh = fresh[first[fresh] < 0]
                    first[fresh] = k + 1
            P, loss = new, L
            if live.sum() < 0.9 * len(live):    # drop the dead rows from the batch
                size = len(live)
                rows, P, loss = rows[live], P[live], loss[live]
                opt, state = _take_opt(opt, live, size), _take(state, live, size)
                live = np.ones(len(rows), dtype=bool)
        final[rows[live]], final_loss[rows[live]] = P[live], loss[live]
    return Outcome(final=final, final_loss=final_loss, diverged_at=diverged_at, steps_to_target=first,
                   steps=steps, target=target)


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


# ---- basin map: which minimum each start reaches ------------------------------------------------

NOT_CONVERGED = -1
DIVERGED = -2


@dataclass(frozen=True, eq=False)
class BasinMap:
    """labels [O, n, n]: index into `minima` of the minimum each start reached (global minima first,
    then local ones), NOT_CONVERGED (−1) or DIVERGED (−2); starts[i, j] = (xs[j], ys[i])."""
    xs: np.ndarray
    ys: np.ndarray
    minima: np.ndarray
    n_global: int
    labels: np.ndarray
    optimizer_labels: tuple
    color_keys: tuple
    steps: int
    radius: float

    def fractions(self) -> np.ndarray:
        """[O, K + 2] share of starts per minimum, then not converged, then diverged."""
        O = self.labels.shape[0]
        flat = self.labels.reshape(O, -1)
        K = len(self.minima)
        counts = [(flat == k).mean(1) for k in range(K)] + [(flat == NOT_CONVERGED).mean(1), (flat == DIVERGED).mean(1)]
        return np.stack(counts, 1)


def known_minima(surface) -> tuple[np.ndarray, int]:
    """(all known minima [K, 2] with the global ones first, number of global ones)."""
    g = np.asarray(surface.minima, dtype=float).reshape(-1, 2)
    loc = np.asarray(getattr(surface, "local_minima", np.zeros((0, 2))), dtype=float).reshape(-1, 2)
    return np.concatenate([g, loc]), len(g)


def classify(final, diverged, minima, radius: float) -> np.ndarray:
    """Index of the minimum within `radius` of each final point, NOT_CONVERGED or DIVERGED."""
    final = np.asarray(final, dtype=float).reshape(-1, 2)
    out = np.full(len(final), NOT_CONVERGED)
    if len(minima):
        d = np.sqrt(((final[:, None, :] - np.asarray(minima)[None]) ** 2).sum(-1))   # [R, K]
        k = d.argmin(1)
        out = np.where(d[np.arange(len(final)), k] <= radius, k, NOT_CONVERGED)
    return np.where(np.asarray(diverged).reshape(-1), DIVERGED, out)


def basin_map(surface, optimizers, n: int = 60, steps: int = 500, box=None, radius: float | None = None) -> BasinMap:
    """Start every optimizer from each point of an n × n lattice over `box` (default: the surface's
    domain) and record which known minimum it ends within `radius` of (default 2 % of the larger
    domain span). One batched run per optimizer; at most 4 optimizers and 100 × 100 starts."""
    if isinstance(optimizers, Optimizer):
        optimizers = [optimizers]
    optimizers = list(optimizers)
    if not 1 <= len(optimizers) <= MAX_BASIN_OPTIMIZERS:
        raise ValueError(f"basin_map takes 1 to {MAX_BASIN_OPTIMIZERS} optimizers, got {len(optimizers)}")
    for o in optimizers:
        if not isinstance(o, Optimizer):
            raise ValueError(f"expected optviz.optimizer(...) values, got {type(o).__name__}")
        if _hyper_runs(o) != 1:
            raise ValueError("basin_map needs scalar hyperparameters (one value each)")
    n = whole(n, "n", 2, MAX_LATTICE)
    (x0, x1), (y0, y1) = surface.domain if box is None else box
    if not (np.isfinite([x0, x1, y0, y1]).all() and x0 < x1 and y0 < y1):
        raise ValueError(f"box must be ((x_min, x_max), (y_min, y_max)) with min < max, got {box!r}")
    (dx0, dx1), (dy0, dy1) = surface.domain
    radius = 0.02 * max(dx1 - dx0, dy1 - dy0) if radius is None else _positive(radius, "radius")
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    X, Y = np.meshgrid(xs, ys)
    starts = np.stack([X.ravel(), Y.ravel()], -1)
    minima, n_global = known_minima(surface)
    labels = []
    for o in optimizers:
        out = outcomes(surface, o, starts, steps)
        labels.append(classify(out.final, out.diverged, minima, radius).reshape(n, n))
    return BasinMap(xs=xs, ys=ys, minima=minima, n_global=n_global, labels=np.stack(labels),
                    optimizer_labels=tuple(o.label() for o in optimizers),
                    color_keys=tuple(o.color_key for o in optimizers), steps=whole(steps, "steps", 1, MAX_MAP_STEPS),
                    radius=radius)


# ---- fair comparison: the same tuning budget for every optimizer --------------------------------

# The optimizers a fair comparison offers: key -> (name, fixed settings); lr (and β) are what a budget searches.
FAIR_VARIANTS = {
    "sgd": ("sgd", {}), "sgd_momentum": ("sgd", {"momentum": 0.9}),
    "sgd_nesterov": ("sgd", {"momentum": 0.9, "nesterov": True}),
    "rmsprop": ("rmsprop", {}), "adam": ("adam", {}), "adamw": ("adamw", {}), "adagrad": ("adagrad", {}),
    "adadelta": ("adadelta", {}), "adamax": ("adamax", {}), "nadam": ("nadam", {}), "radam": ("radam", {}),
    "lion": ("lion", {}),
}


def tuned_beta(name: str, hyper: dict) -> str | None:
    """The β a tuning run may vary for this variant (plain SGD has none: momentum 0 stays 0)."""
    bp = beta_param(name)
    if bp == "momentum" and _spec(name).name == "sgd" and not float(np.max(hyper.get("momentum", 0.0))) > 0:
        return None
    return bp


def search_space(budget: int = 64, lr_range=(1e-4, 1.0), beta_range=(0.5, 0.99), with_beta: bool = False,
                 search: str = "grid", seed: int = 0):
    """The configurations every optimizer gets: (lrs [budget], betas [budget] or None).

    grid: log-spaced lrs (× evenly spaced βs, a ⌊√budget⌋ × ⌊budget/⌊√budget⌋⌋ grid, when `with_beta`);
    random: log-uniform lrs and uniform βs from `np.random.default_rng(seed)`. Every optimizer
    gets the same draws, so none of them is luckier than another.
    """
    budget = whole(budget, "budget", 1, MAX_BUDGET)
    lo, hi = _range(lr_range, "lr_range", positive=True, allow_equal=True)
    b0, b1 = _range(beta_range, "beta_range", allow_equal=True)
    if b0 < 0 or b1 >= 1:
        raise ValueError(f"beta_range must lie in [0, 1), got {beta_range}")
    if search == "grid":
        if with_beta and budget >= 4:
            nb = int(np.sqrt(budget))
            nl = budget // nb
            L, B = np.meshgrid(np.logspace(np.log10(lo), np.log10(hi), nl), np.linspace(b0, b1, nb))
            return L.ravel(), B.ravel()
        return np.logspace(np.log10(lo), np.log10(hi), budget), (np.full(budget, (b0 + b1) / 2) if with_beta else None)
    if search == "random":
        rng = np.random.default_rng(whole(seed, "seed", 0, 2 ** 32 - 1))
        lrs = 10 ** rng.uniform(np.log10(lo), np.log10(hi), budget)
        betas = rng.uniform(b0, b1, budget)
        return lrs, (betas if with_beta else None)
    raise ValueError(f"search must be 'grid' or 'random', got {search!r}")


@dataclass(frozen=True, eq=False)
class Tuning:
    """A tuning budget per variant (V variants, C configs each).

    lrs, betas [V, C] (β NaN where a variant has none to tune); scores [V, C]: the mean over starts
    of log10(final loss − minimum) (final loss itself on surfaces without a known minimum), +inf when
    a config diverged from any start; best [V]: argmin of scores (−1 when every config diverged);
    default_scores [V]: the same score at the variant's own settings.
    """
    variants: tuple
    labels: tuple
    color_keys: tuple
    beta_names: tuple
    lrs: np.ndarray
    betas: np.ndarray
    scores: np.ndarray
    diverged: np.ndarray
    best: np.ndarray
    default_scores: np.ndarray
    log_gap: bool
    starts: np.ndarray
    steps: int

    def best_hyper(self, v: int) -> dict | None:
        """The variant's settings with the best lr (and β) of its budget; None if all diverged."""
        c = int(self.best[v])
        if c < 0:
            return None
        name, hyper = self.variants[v]
        h = dict(hyper)
        h["lr"] = float(self.lrs[v, c])
        bp = self.beta_names[v]
        if bp == "betas":
            h["betas"] = (float(self.betas[v, c]), h.get("betas", _spec(name).defaults["betas"])[1])
        elif bp is not None:
            h[bp] = float(self.betas[v, c])
        return h

    def best_optimizer(self, v: int) -> Optimizer | None:
        h = self.best_hyper(v)
        return None if h is None else optimizer(self.variants[v][0], **h)

    def default_optimizer(self, v: int) -> Optimizer:
        name, hyper = self.variants[v]
        return optimizer(name, **dict(hyper))


def variant_label(name: str, hyper: dict) -> str:
    """"SGD", "SGD+Momentum", "SGD+Nesterov", or the registry label."""
    spec = _spec(name)
    if spec.name == "sgd" and float(np.max(hyper.get("momentum", 0.0))) > 0:
        return "SGD+Nesterov" if hyper.get("nesterov") else "SGD+Momentum"
    return spec.label


def score(surface, final_loss) -> np.ndarray:
    """log10(loss − minimum), floored at 1e-16; the loss itself where the minimum is unknown."""
    final_loss = np.asarray(final_loss, dtype=float)
    if surface.f_min is None:
        return final_loss
    return np.log10(np.maximum(final_loss - surface.f_min, GAP_FLOOR))


def tune(surface, variants, budget: int = 64, *, lr_range=(1e-4, 1.0), beta_range=(0.5, 0.99),
         tune_beta: bool = False, search: str = "grid", seed: int = 0, starts=None, steps: int = 300) -> Tuning:
    """Give every variant `(name, fixed_hyper)` the same `budget` of configurations and score each.

    Each variant's configs × starts (plus its default settings) run as one batch. The score of a
    config averages `score()` over the starts; one diverged start makes it +inf. With `tune_beta`,
    variants that have a β (see `tuned_beta`) also search it; the others spend the budget on lr.
    """
    variants = [(str(n).lower(), dict(h)) for n, h in variants]
    if not variants:
        raise ValueError("tune needs at least one optimizer")
    for n, h in variants:
        _spec(n)
        optimizer(n, **h)                                  # validates the fixed settings
    starts = np.asarray(surface.starts[:1] if starts is None else starts, dtype=np.float64).reshape(-1, 2)
    if len(starts) == 0 or not np.all(np.isfinite(starts)):
        raise ValueError("starts must be finite points [n, 2]")
    S = len(starts)
    rows = dict(lrs=[], betas=[], scores=[], diverged=[], best=[], default=[])
    for name, hyper in variants:
        bp = tuned_beta(name, hyper) if tune_beta else None
        lrs, betas = search_space(budget, lr_range, beta_range, bp is not None, search, seed)
        C = len(lrs)
        default = optimizer(name, **hyper)
        lr_all = np.append(lrs, float(np.asarray(default.lr).ravel()[0]))
        beta_all = None
        if bp is not None:
            b_default = default.hyper["betas"][0] if bp == "betas" else default.hyper[bp]
            beta_all = np.append(betas, float(np.asarray(b_default).ravel()[0]))
        opt = with_beta(name, hyper, np.repeat(lr_all, S).reshape(-1, 1),
                        None if beta_all is None else np.repeat(beta_all, S).reshape(-1, 1))
        out = outcomes(surface, opt, np.tile(starts, (C + 1, 1)), steps)
        div = out.diverged.reshape(C + 1, S).any(1)
        sc = np.where(div, np.inf, score(surface, out.final_loss).reshape(C + 1, S).mean(1))
        rows["lrs"].append(lrs)
        rows["betas"].append(betas if betas is not None else np.full(C, np.nan))
        rows["scores"].append(sc[:C])
        rows["diverged"].append(div[:C])
        rows["best"].append(int(np.argmin(sc[:C])) if np.isfinite(sc[:C]).any() else -1)
        rows["default"].append(sc[C])
    return Tuning(
        variants=tuple((n, tuple(sorted(h.items()))) for n, h in variants),
        labels=tuple(variant_label(n, h) for n, h in variants),
        color_keys=tuple(optimizer(n, **h).color_key for n, h in variants),
        beta_names=tuple(tuned_beta(n, h) if tune_beta else None for n, h in variants),
        lrs=np.stack(rows["lrs"]), betas=np.stack(rows["betas"]), scores=np.stack(rows["scores"]),
        diverged=np.stack(rows["diverged"]), best=np.array(rows["best"]), default_scores=np.array(rows["default"]),
        log_gap=surface.f_min is not None, starts=starts, steps=whole(steps, "steps", 1, MAX_MAP_STEPS))


# ---- which optimizer? the note's comparison table against live runs -----------------------------

# The five optimizers of the note's table, with the settings it means by each name.
# AdamW runs with weight_decay 0 on the 2-D surfaces: its default 0.01 minimises f + (λ/2)‖θ‖², whose minimum
# is shifted, so it would lose to Adam for a reason unrelated to the optimizer (with 0 it equals Adam exactly).
# On the real network (NOTE_NETWORK_VARIANTS) it keeps the note's weight_decay=0.01, where decay is meant to help.
NOTE_VARIANTS = (("SGD", "sgd", {}), ("SGD+Momentum", "sgd", {"momentum": 0.9}), ("RMSprop", "rmsprop", {}),
                 ("Adam", "adam", {}), ("AdamW", "adamw", {"weight_decay": 0.0}))
NOTE_NETWORK_VARIANTS = NOTE_VARIANTS[:4] + (("AdamW", "adamw", {"weight_decay": 0.01}),)
# The note's table: speed, stability, generalisation, tuning difficulty (as rated there).
NOTE_CLAIMS = {
    "SGD": dict(speed="slow", stability="medium", generalization="good", tuning="hard"),
    "SGD+Momentum": dict(speed="medium", stability="good", generalization="good", tuning="medium"),
    "RMSprop": dict(speed="fast", stability="good", generalization="medium", tuning="easy"),
    "Adam": dict(speed="fast", stability="good", generalization="medium", tuning="easy"),
    "AdamW": dict(speed="fast", stability="good", generalization="good", tuning="easy"),
}
# How good each rating is (higher is better for the reader: fast, stable, easy to tune).
CLAIM_SCORE = {"slow": 1, "medium": 2, "fast": 3, "good": 3, "hard": 1, "easy": 3}
# Learning rates the note gives: "SGD 0.01 ~ 0.1, Adam 0.0001 ~ 0.001", and its recommendations
# (SGD+momentum 0.9 with lr 0.1 for CNNs, AdamW lr 3e-4 for transformers).
NOTE_LRS = {"SGD": 0.01, "SGD+Momentum": 0.1, "RMSprop": 0.01, "Adam": 1e-3, "AdamW": 3e-4}

# Surfaces of the evidence: name -> (kwargs, tolerance on loss − minimum, index of the suggested start).
# Where the surface has no minimum the tolerance is an absolute target loss: on the saddle, "reaching"
# means escaping below the saddle's level. Rastrigin counts the global dip or its four neighbours
# (loss < 1) and starts near the centre, where momentum and step size decide which dip a run ends in.
EVIDENCE_SURFACES = {
    "ravine": (dict(condition=25.0, angle=30.0), 1e-3, 0),
    "rosenbrock": ({}, 1e-3, 0),
    "himmelblau": ({}, 1e-3, 0),
    "rastrigin": ({}, 1.0, 2),
    "plateau": ({}, 1e-3, 0),
    "saddle": ({}, -1.0, 0),
}
CRITERIA = ("speed", "stability", "tuning")


@dataclass(frozen=True, eq=False)
class Evidence:
    """Runs behind the "which optimizer" ranking: V optimizers × S surfaces × N lrs (+ one run at
    the lr of `lr_choice`).

    steps_to [V, S, N]: first step within tolerance (−1 never); diverged [V, S, N]: diverged before
    reaching; final [V, S, N]: final loss; default_steps/default_final/default_diverged [V, S] at the
    chosen lr. Metrics per (V, S): best_steps (fewest steps over the sweep, inf if none reached),
    reach_frac (share of lrs that reach: robustness, the inverse of tuning difficulty), diverge_frac.
    """
    labels: tuple
    names: tuple
    hypers: tuple
    surfaces: tuple
    targets: np.ndarray
    lrs: np.ndarray
    default_lrs: np.ndarray
    steps_to: np.ndarray
    diverged: np.ndarray
    final: np.ndarray
    default_steps: np.ndarray
    default_final: np.ndarray
    default_diverged: np.ndarray
    steps: int

    @property
    def best_steps(self) -> np.ndarray:
        s = np.where(self.steps_to >= 0, self.steps_to, np.inf).astype(float)
        return s.min(-1)

    @property
    def reach_frac(self) -> np.ndarray:
        return (self.steps_to >= 0).mean(-1)

    @property
    def diverge_frac(self) -> np.ndarray:
        return self.diverged.mean(-1)

    @property
    def stable_decades(self) -> np.ndarray:
        """[V, S] width in decades of the widest unbroken band of swept lrs that all reach the tolerance
        (each lr of the log-spaced grid covers one grid spacing; 0 when none reaches)."""
        reach = self.steps_to >= 0
        spacing = float(np.log10(self.lrs[-1] / self.lrs[0]) / max(len(self.lrs) - 1, 1))
        run = np.zeros(reach.shape[:-1], dtype=int)
        best = np.zeros_like(run)
        for k in range(reach.shape[-1]):
            run = np.where(reach[..., k], run + 1, 0)
            best = np.maximum(best, run)
        return best * spacing

    def ranks(self) -> dict[str, np.ndarray]:
        """Per criterion, [V, S] rank of each optimizer on each surface (1 = best, ties share the mean
        rank): speed by fewest steps (ties broken by the lowest final loss of the sweep), stability by the
        widest unbroken band of lrs that converge, tuning by the largest share of lrs that reach."""
        best_final = np.where(self.diverged, np.inf, self.final).min(-1)
        out = {"speed": np.stack([_lex_rank(self.best_steps[:, s], best_final[:, s]) for s in range(len(self.surfaces))], 1),
               "stability": np.stack([rank(-self.stable_decades[:, s]) for s in range(len(self.surfaces))], 1),
               "tuning": np.stack([rank(-self.reach_frac[:, s]) for s in range(len(self.surfaces))], 1)}
        return out

    def mean_ranks(self) -> dict[str, np.ndarray]:
        """[V] rank averaged over the surfaces, per criterion."""
        return {k: v.mean(1) for k, v in self.ranks().items()}

    def agreement(self) -> dict[str, float]:
        """Spearman correlation between the note's ratings and the measured mean ranks, per
        criterion (1: same order, 0: unrelated, −1: reversed; NaN when either side has no spread)."""
        means = self.mean_ranks()
        out = {}
        for c in CRITERIA:
            claim = np.array([CLAIM_SCORE[NOTE_CLAIMS[lab][c]] for lab in self.labels], dtype=float)
            out[c] = spearman(claim, -means[c])
        return out


def rank(values) -> np.ndarray:
    """Ranks 1..n of `values` (smallest first); ties get the mean of their ranks (inf and NaN last)."""
    v = np.asarray(values, dtype=float)
    v = np.where(np.isnan(v), np.inf, v)
    order = np.argsort(v, kind="stable")
    r = np.empty(len(v))
    r[order] = np.arange(1, len(v) + 1)
    for u in np.unique(v):
        same = v == u
        r[same] = r[same].mean()
    return r


def _lex_rank(primary, secondary) -> np.ndarray:
    """Rank by `primary`, ties broken by `secondary`; exact ties in both share a rank."""
    p = np.where(np.isnan(primary), np.inf, primary)
    s = np.where(np.isnan(secondary), np.inf, secondary)
    keys = list(zip(p, s))
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    r = np.empty(len(keys))
    pos = 0
    while pos < len(order):
        end = pos
        while end + 1 < len(order) and keys[order[end + 1]] == keys[order[pos]]:
            end += 1
        for idx in order[pos:end + 1]:
            r[idx] = (pos + end) / 2 + 1
        pos = end + 1
    return r


def distinct_claims(labels, criterion: str) -> int:
    """How many different ratings the note gives `labels` on `criterion` (a Spearman ρ over 5 items with
    2 or 3 distinct ratings can take only a handful of values)."""
    return len({NOTE_CLAIMS[lab][criterion] for lab in labels})


def network_evidence(data="digits", *, epochs: int = 15, batch_size: int = 64, seed: int = 0,
                     variants=NOTE_NETWORK_VARIANTS):
    """The note's five optimizers at the note's lrs (NOTE_LRS) trained together on a small real network,
    where training and test accuracy — generalisation — can be measured. Returns optviz.train's History."""
    from .nets import train
    opts = [optimizer(name, **{**hyper, "lr": NOTE_LRS[lab]}) for lab, name, hyper in variants]
    return train(data, opts, epochs=epochs, batch_size=batch_size, seed=seed)


def spearman(a, b) -> float:
    """Spearman's ρ: Pearson correlation of the (tie-averaged) ranks."""
    ra, rb = rank(a), rank(b)
    if ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


def evidence(surfaces=tuple(EVIDENCE_SURFACES), *, n_lr: int = 25, lr_range=(1e-4, 1.0), steps: int = 500,
             lr_choice: str = "note", variants=NOTE_VARIANTS) -> Evidence:
    """Run the note's five optimizers on `surfaces` (names of EVIDENCE_SURFACES) over an lr sweep,
    plus one run each at the note's typical lr (`lr_choice="note"`) or torch's default ("torch").
    One batch per optimizer and surface: the sweep and the single run together."""
    from .surfaces import surface as make_surface

    surfaces = tuple(surfaces)
    if not surfaces:
        raise ValueError("evidence needs at least one surface")
    unknown = [s for s in surfaces if s not in EVIDENCE_SURFACES]
    if unknown:
        raise ValueError(f"unknown evidence surface(s) {unknown}; available: {list(EVIDENCE_SURFACES)}")
    if lr_choice not in ("note", "torch"):
        raise ValueError(f"lr_choice must be 'note' or 'torch', got {lr_choice!r}")
    n_lr = whole(n_lr, "n_lr", 2, MAX_GRID)
    lo, hi = _range(lr_range, "lr_range", positive=True)
    lrs = np.logspace(np.log10(lo), np.log10(hi), n_lr)
    V, S = len(variants), len(surfaces)
    steps_to = np.empty((V, S, n_lr + 1), dtype=int)
    diverged = np.empty((V, S, n_lr + 1), dtype=bool)
    final = np.empty((V, S, n_lr + 1))
    targets = np.empty(S)
    default_lrs = np.array([NOTE_LRS[lab] if lr_choice == "note" else REGISTRY[n].defaults["lr"]
                            for lab, n, _ in variants])
    for s, sname in enumerate(surfaces):
        kwargs, tol, start = EVIDENCE_SURFACES[sname]
        surf = make_surface(sname, **kwargs)
        targets[s] = tol if surf.f_min is None else surf.f_min + tol
        for v, (_, name, hyper) in enumerate(variants):
            lr_all = np.append(lrs, default_lrs[v]).reshape(-1, 1)
            out = outcomes(surf, optimizer(name, **{**hyper, "lr": lr_all}), surf.starts[start], steps, targets[s])
            steps_to[v, s] = out.steps_to_target
            diverged[v, s] = out.diverged & ~out.reached
            final[v, s] = out.final_loss
    return Evidence(
        labels=tuple(lab for lab, _, _ in variants), names=tuple(n for _, n, _ in variants),
        hypers=tuple(tuple(sorted(h.items())) for _, _, h in variants), surfaces=surfaces, targets=targets,
        lrs=lrs, default_lrs=default_lrs, steps_to=steps_to[..., :-1], diverged=diverged[..., :-1],
        final=final[..., :-1], default_steps=steps_to[..., -1], default_final=final[..., -1],
        default_diverged=diverged[..., -1], steps=whole(steps, "steps", 1, MAX_MAP_STEPS))


def _take(x, keep, size):
    """Rows `keep` of every per-run array (leading dimension `size`) inside an optimizer state."""
    if isinstance(x, np.ndarray):
        return x[keep] if x.ndim and x.shape[0] == size else x
    if isinstance(x, tuple):
        parts = [_take(v, keep, size) for v in x]
        return type(x)(*parts) if hasattr(x, "_fields") else tuple(parts)
    return x


def _take_opt(opt: Optimizer, keep, size) -> Optimizer:
    """The same optimizer restricted to the runs `keep` (per-run hyperparameter arrays sliced)."""
    return Optimizer(opt.name, {k: _take(v, keep, size) for k, v in opt.hyper.items()})


# ---- validation helpers ----------------------------------------------------------------------

def _spec(name):
    key = str(name).lower()
    if key not in REGISTRY:
        raise ValueError(f"Unknown optimizer {name!r}; available: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[key]


def _hyper_runs(opt: Optimizer) -> int:
    """How many runs the hyperparameters describe (1 when all are scalars)."""
    sizes = {1}
    for v in opt.hyper.values():
        for a in (v if isinstance(v, tuple) else (v,)):
            if isinstance(a, np.ndarray):
                sizes.add(a.shape[0])
    if len(sizes - {1}) > 1:
        raise ValueError(f"{opt.spec.label}: hyperparameter arrays have different lengths {sorted(sizes)}")
    return max(sizes)


def _positive(v, name) -> float:
    try:
        v = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {v!r}") from None
    if not (np.isfinite(v) and v > 0):
        raise ValueError(f"{name} must be a positive number, got {v}")
    return v


def _range(r, name, positive=False, allow_equal=False) -> tuple[float, float]:
    try:
        lo, hi = (float(a) for a in r)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high), got {r!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ValueError(f"{name} must be finite, got {r!r}")
    if positive and lo <= 0:
        raise ValueError(f"{name} must be positive, got {r!r}")
    if hi < lo or (hi == lo and not allow_equal):
        raise ValueError(f"{name} needs low < high, got {r!r}")
    return lo, hi
