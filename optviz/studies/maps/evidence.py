"""Which optimizer? The note's comparison table against live runs on surfaces and a real network."""
from __future__ import annotations

import numpy as np
from dataclasses import dataclass

from ..._checks import whole
from ...optimizers import REGISTRY, optimizer
from .batch import MAX_GRID, MAX_MAP_STEPS, _range, outcomes


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
    from ...nets.training import train
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
    from ...surfaces import surface as make_surface

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
