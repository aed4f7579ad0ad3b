"""The vectorised trajectory runner: many optimizers × many starts on one 2-D surface.

All runs share one loop over steps; each step is one gradient call for every run, then one
kernel call per optimizer on its block of runs. Diverged runs are frozen where they left.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._checks import number, optimizer_list, whole
from .optimizers import Optimizer

MAX_STEPS = 20_000
MAX_RUNS = 250_000            # optimizers × starts
ESCAPE_SPANS = 1e3            # a run further than this many domain spans from the centre has diverged
LOSS_LIMIT = 1e30             # |loss| above this counts as an explosion


@dataclass(frozen=True, eq=False)
class Trajectories:
    """What `run` returns: plain numpy arrays (picklable, cacheable).

    positions [O, S, steps+1, 2], losses [O, S, steps+1], lrs [O, S, steps],
    grad_norms [O, S, steps] (norm of the gradient the optimizer saw, before clipping),
    diverged_at [O, S]: index into positions of the first non-finite / exploding point, −1 if none.
    From diverged_at on, positions and losses repeat the last good point (no NaN anywhere).
    """
    positions: np.ndarray
    losses: np.ndarray
    lrs: np.ndarray
    grad_norms: np.ndarray
    diverged_at: np.ndarray
    labels: tuple = ()
    names: tuple = ()
    color_keys: tuple = ()
    starts: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    surface: str = ""

    @property
    def steps(self) -> int:
        return self.lrs.shape[-1]

    @classmethod
    def concat(cls, parts) -> "Trajectories":
        """The optimizers of `parts` (runs of the same starts, steps and surface) as one Trajectories."""
        parts = list(parts)
        if not parts:
            raise ValueError("concat needs at least one Trajectories")
        first = parts[0]
        for p in parts[1:]:
            if p.positions.shape[1:] != first.positions.shape[1:] or p.surface != first.surface \
                    or not np.array_equal(p.starts, first.starts):
                raise ValueError("concat joins runs of the same surface, starts and steps only")
        cat = lambda name: np.concatenate([getattr(p, name) for p in parts])  # noqa: E731
        return cls(positions=cat("positions"), losses=cat("losses"), lrs=cat("lrs"),
                   grad_norms=cat("grad_norms"), diverged_at=cat("diverged_at"),
                   labels=sum((p.labels for p in parts), ()), names=sum((p.names for p in parts), ()),
                   color_keys=sum((p.color_keys for p in parts), ()), starts=first.starts.copy(),
                   surface=first.surface)

    @property
    def final_losses(self) -> np.ndarray:
        return self.losses[..., -1]

    def distance_to(self, points) -> np.ndarray:
        """[O, S] distance from each final position to the nearest of `points` [k, 2] (inf if none)."""
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        if len(points) == 0:
            return np.full(self.diverged_at.shape, np.inf)
        d = self.positions[:, :, -1, None, :] - points
        return np.sqrt((d ** 2).sum(-1)).min(-1)

    def steps_to(self, f_target: float, tol: float) -> np.ndarray:
        """[O, S] first step whose loss ≤ f_target + tol, −1 if never (or only after diverging)."""
        hit = self.losses <= f_target + tol
        first = np.where(hit.any(-1), hit.argmax(-1), -1)
        return np.where(self.diverged_at >= 0, np.where(first < self.diverged_at, first, -1), first)


def run(surface, optimizers, starts=None, steps=500, schedule=None, clip_grad_norm=None,
        clip_grad_value=None, noise=0.0, batch_size=None, dataset_size=1000, seed=0) -> Trajectories:
    """Run every optimizer from every start for `steps` steps on `surface`.

    noise: std of additive Gaussian gradient noise per example; with `batch_size` B out of
    `dataset_size` N the mini-batch noise std is noise·√((N−B)/(B(N−1))) (0 for full batch).
    All optimizers see the same noise draws (common random numbers), seeded by `seed`.
    schedule: one Schedule for all optimizers or a list (one per optimizer; None = constant).
    """
    optimizers = optimizer_list(optimizers, "run")
    starts = np.asarray(surface.starts[:1] if starts is None else starts, dtype=np.float64)
    if starts.ndim != 2 or starts.shape[1] != 2 or len(starts) == 0:
        raise ValueError(f"starts must be an array of shape [n_starts, 2], got shape {starts.shape}")
    if not np.all(np.isfinite(starts)):
        raise ValueError("starts must be finite numbers")
    steps = whole(steps, "steps", 1, MAX_STEPS)
    O, S = len(optimizers), len(starts)
    if O * S > MAX_RUNS:
        raise ValueError(f"{O} optimizers × {S} starts = {O * S} runs exceeds the cap of {MAX_RUNS}")
    for o in optimizers:
        _check_hyper_runs(o, S)
    schedules = _check_schedules(schedule, O)
    noise_std = _noise_std(noise, batch_size, dataset_size)
    clip = clipper(clip_grad_norm, clip_grad_value)
    rng = np.random.default_rng(whole(seed, "seed", 0, 2 ** 63 - 1))

    bounds = Bounds.of(surface)

    pos = np.empty((steps + 1, O * S, 2))
    loss = np.empty((steps + 1, O * S))
    lrs = np.empty((steps, O, S))
    gnorm = np.empty((steps, O * S))
    diverged_at = np.full(O * S, -1)

    P = np.tile(starts, (O, 1))
    pos[0] = P
    value, gradient = surface.functions
    with np.errstate(all="ignore"):
        loss[0] = value(P[:, 0], P[:, 1])
        states = [o.init(P[i * S:(i + 1) * S]) for i, o in enumerate(optimizers)]
        plan = LRPlan(optimizers, schedules, steps, runs=S)
        lr_tables, sched_states = plan.tables, plan.states
        alive = bounds.loss_ok(loss[0])
        diverged_at[~alive] = 0
        all_alive = bool(alive.all())
        blocks = [slice(i * S, (i + 1) * S) for i in range(O)]
        kernels = [(o.spec.update, o.hyper, sl) for o, sl in zip(optimizers, blocks)]   # = o.step
        for i, o in enumerate(optimizers):             # lrs known up front are filled once
            if lr_tables[i] is not None:
                lrs[:, i] = lr_tables[i].reshape(steps, -1)
            elif sched_states[i] is None:
                lrs[:, i] = np.asarray(o.lr, dtype=float).reshape(-1)
        for k in range(steps):
            G = np.empty_like(P)            # fresh each step: kernels may keep the gradient in their state
            G[:, 0], G[:, 1] = gradient(P[:, 0], P[:, 1])
            if noise_std:
                G += np.tile(noise_std * rng.standard_normal((S, 2)), (O, 1))
            gnorm[k] = np.hypot(G[:, 0], G[:, 1])
            Gk = G if clip is None else clip(G)
            new = pos[k + 1]
            for i, (update, hyper, sl) in enumerate(kernels):
                if lr_tables[i] is not None:
                    hyper = {**hyper, "lr": lr_tables[i][k]}
                elif sched_states[i] is not None:
                    lr = plan.current(i)
                    lrs[k, i] = np.asarray(lr, dtype=float).reshape(-1)
                    hyper = {**hyper, "lr": lr}
                new[sl], states[i] = update(P[sl], Gk[sl], states[i], **hyper)
            if not all_alive:                         # diverged runs stay where they left
                new[~alive] = P[~alive]
            L = value(new[:, 0], new[:, 1])
            if np.ndim(L) == 0:                       # a constant formula
                L = np.full(len(new), float(L))
            if not bounds.all_ok(L, new):             # the per-run test only runs when the batch test fails
                ok = bounds.ok(L, new)
                dying = alive & ~ok
                diverged_at[dying] = k + 1
                alive = alive & ok
                all_alive = False
                new[dying] = P[dying]
                L[dying] = loss[k][dying]
            loss[k + 1] = L
            for i in range(O):
                if sched_states[i] is not None:
                    plan.observe(i, L[blocks[i]])
            P = new
    return Trajectories(
        positions=pos.transpose(1, 0, 2).reshape(O, S, steps + 1, 2),
        losses=loss.T.reshape(O, S, steps + 1),
        lrs=lrs.transpose(1, 2, 0).copy(),
        grad_norms=gnorm.T.reshape(O, S, steps),
        diverged_at=diverged_at.reshape(O, S),
        labels=tuple(o.label() for o in optimizers),
        names=tuple(o.name for o in optimizers),
        color_keys=tuple(o.color_key for o in optimizers),
        starts=starts.copy(),
        surface=surface.name,
    )


def _check_hyper_runs(o, S):
    for k, v in o.hyper.items():
        for a in (v if isinstance(v, tuple) else (v,)):
            if isinstance(a, np.ndarray) and a.shape[0] not in (1, S):
                raise ValueError(f"{o.spec.label}: hyperparameter {k} has {a.shape[0]} values "
                                 f"but there are {S} starts (give one value per start)")


def _check_schedules(schedule, O):
    from .schedules import Schedule
    schedules = list(schedule) if isinstance(schedule, (list, tuple)) else [schedule] * O
    if len(schedules) != O:
        raise ValueError(f"got {len(schedules)} schedules for {O} optimizers")
    for s in schedules:
        if s is not None and not isinstance(s, Schedule):
            raise ValueError(f"schedule must be optviz.schedule(...) or None, got {s!r}")
    return schedules


def _threshold(v, name):
    """A clipping threshold: a positive number, or an array [runs, 1] of them."""
    try:
        if isinstance(v, (bool, str, bytes)):
            raise TypeError
        a = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number, got {v!r}") from None
    if not np.all(a > 0) or not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be > 0, got {v}")
    return v


def _noise_std(noise, batch_size, dataset_size):
    noise = number(noise or 0.0, "noise")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be ≥ 0, got {noise}")
    if batch_size is None or noise == 0:
        return noise
    N = whole(dataset_size, "dataset_size", 2, 10 ** 9)
    B = whole(batch_size, "batch_size", 1, N)
    return noise * np.sqrt((N - B) / (B * (N - 1)))


# ---- the pieces every runner shares (maps, nets): divergence, clipping, the lr plan --------------

@dataclass(frozen=True)
class Bounds:
    """The divergence rule: a run has diverged once |loss| > LOSS_LIMIT (or is not finite) or its point
    lies more than ESCAPE_SPANS domain spans from the domain's centre along either axis.

    NaN fails every comparison, so "not within bounds" also catches non-finite values.
    """
    cx: float
    cy: float
    escape: float

    @classmethod
    def of(cls, surface) -> "Bounds":
        (x0, x1), (y0, y1) = surface.domain
        return cls((x0 + x1) / 2, (y0 + y1) / 2, ESCAPE_SPANS * max(x1 - x0, y1 - y0))

    @staticmethod
    def loss_ok(L) -> np.ndarray:
        """[R] True where the loss is within bounds (False for NaN)."""
        return np.abs(L) <= LOSS_LIMIT

    def ok(self, L, P) -> np.ndarray:
        """[R] True for the runs whose loss L [R] and point P [R, 2] are within bounds."""
        return (np.abs(L) <= LOSS_LIMIT) & (np.maximum(np.abs(P[:, 0] - self.cx), np.abs(P[:, 1] - self.cy))
                                            <= self.escape)

    def all_ok(self, L, P) -> bool:
        """`ok(L, P).all()` in two fast reductions (the common case: nothing diverged)."""
        return bool(np.abs(L).max() <= LOSS_LIMIT and np.abs(P[:, 0] - self.cx).max() <= self.escape
                    and np.abs(P[:, 1] - self.cy).max() <= self.escape)


def clipper(max_norm, clip_value):
    """The gradient clipping of a run: G ↦ clip_grad_value(clip_grad_norm(G, max_norm), clip_value)
    (torch's order; either may be None), or None when neither is set. Thresholds are positive numbers
    or arrays [runs, 1]; G is a numpy array or a torch tensor [runs, …]."""
    from .clipping import clip_grad_norm, clip_grad_value
    steps = []
    if max_norm is not None:
        _threshold(max_norm, "clip_grad_norm")
        steps.append(lambda G: clip_grad_norm(G, max_norm))
    if clip_value is not None:
        _threshold(clip_value, "clip_grad_value")
        steps.append(lambda G: clip_grad_value(G, clip_value))
    if not steps:
        return None

    def clip(G):
        for s in steps:
            G = s(G)
        return G
    return clip


def base_lr(o: Optimizer, runs: int = 1) -> np.ndarray:
    """[runs, 1] the optimizer's own lr, one per run."""
    return np.broadcast_to(np.asarray(o.lr, dtype=float).reshape(-1, 1), (runs, 1)).copy()


class LRPlan:
    """Where each optimizer's lr comes from: none (its own lr), its schedule's table (known up front),
    or, for a schedule the loss drives (ReduceLROnPlateau), the schedule's running state.

    span: how many times the schedules step; every: optimizer steps per schedule step (a schedule
    stepped once per epoch holds each lr for an epoch's steps). tables[i]: [span · every, runs, 1] or None;
    states[i]: the stateful schedule's state (else None), read by `current` and advanced by `observe`.
    """

    def __init__(self, optimizers, schedules, span: int, runs: int = 1, every: int = 1):
        self.schedules = list(schedules)
        self.tables, self.states = [], []
        for o, s in zip(optimizers, self.schedules):
            base = base_lr(o, runs)
            stateful = s is not None and s.stateful
            self.states.append(s.init(base, span) if stateful else None)
            self.tables.append(None if s is None or stateful else
                               np.repeat(np.asarray(s.lrs(base, span), dtype=float), every, axis=0))

    def current(self, i):
        """Optimizer i's lr now (stateful schedules only): a float or an array [runs, 1]."""
        return self.schedules[i].current(self.states[i])

    def observe(self, i, metric):
        """Step optimizer i's stateful schedule with the loss `metric` ([runs] or [runs, 1])."""
        self.states[i] = self.schedules[i].observe(self.states[i], metric)
