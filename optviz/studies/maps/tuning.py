"""Fair comparison: the same tuning budget for every optimizer."""
from __future__ import annotations

import numpy as np
from dataclasses import dataclass

from ..._checks import whole
from ...optimizers import Optimizer, optimizer
from .batch import GAP_FLOOR, MAX_BUDGET, MAX_MAP_STEPS, _range, _spec, outcomes
from .stability import beta_param, with_beta


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
