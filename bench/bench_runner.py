"""optviz.run against the strongest plain-torch alternative, in one process.

Baseline: for each optimizer, torch.optim on one [n_starts, 2] float64 tensor, gradients by
autograd, 1000 Rosenbrock steps. Contender: one optviz.run call for all optimizers and starts.
Also: point-updates per second for a 100 lr × 100 β sweep (10,000 runs, 500 steps).

    python bench/bench_runner.py            # prints a table and the ratios
"""
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import best_of  # noqa: E402
import optviz  # noqa: E402

OPTIMIZERS = [("sgd", dict(lr=1e-4)), ("sgd", dict(lr=1e-4, momentum=0.9)),
              ("sgd", dict(lr=1e-4, momentum=0.9, nesterov=True)), ("rmsprop", dict(lr=1e-3)),
              ("adam", dict(lr=1e-2)), ("adamw", dict(lr=1e-2))]
N_STARTS, STEPS = 100, 1000


def rosenbrock_torch(p):
    x, y = p[:, 0], p[:, 1]
    return ((1 - x) ** 2 + 100 * (y - x * x) ** 2).sum()


def torch_baseline(starts):
    finals = []
    for name, kw in OPTIMIZERS:
        p = torch.tensor(starts, dtype=torch.float64, requires_grad=True)
        cls = {o.lower(): getattr(torch.optim, o) for o in ("SGD", "RMSprop", "Adam", "AdamW")}[name]
        opt = cls([p], **kw)
        for _ in range(STEPS):
            opt.zero_grad()
            rosenbrock_torch(p).backward()
            opt.step()
        finals.append(p.detach().numpy().copy())
    return np.stack(finals)


def main():
    surf = optviz.surface("rosenbrock")
    rng = np.random.default_rng(0)
    starts = np.column_stack([rng.uniform(-2, 2, N_STARTS), rng.uniform(-1, 3, N_STARTS)])
    opts = [optviz.optimizer(n, **kw) for n, kw in OPTIMIZERS]

    t_torch, ref = best_of(lambda: torch_baseline(starts), 2)
    t_ours, traj = best_of(lambda: optviz.run(surf, opts, starts=starts, steps=STEPS), 5)
    ours = traj.positions[:, :, -1]
    ok = traj.diverged_at < 0
    err = np.abs(ours - ref)[ok].max()
    print(f"{len(opts)} optimizers × {N_STARTS} starts × {STEPS} Rosenbrock steps")
    print(f"  torch.optim + autograd : {t_torch * 1e3:8.1f} ms")
    print(f"  optviz.run             : {t_ours * 1e3:8.1f} ms   ratio {t_torch / t_ours:5.1f}×   "
          f"max |Δ final position| {err:.1e}")

    lrs, betas = np.meshgrid(np.logspace(-5, -2, 100), np.linspace(0, 0.99, 100))
    sweep = optviz.optimizer("sgd", lr=lrs.reshape(-1, 1), momentum=betas.reshape(-1, 1))
    start = np.tile([[-1.5, 2.0]], (lrs.size, 1))
    t_sweep, _ = best_of(lambda: optviz.run(surf, [sweep], starts=start, steps=500), 3)
    rate = lrs.size * 500 / t_sweep
    print(f"sweep 100 lr × 100 β = {lrs.size} runs × 500 steps: {t_sweep * 1e3:.0f} ms, "
          f"{rate / 1e6:.1f} M point-updates/s")
    return t_torch / t_ours, rate


if __name__ == "__main__":
    main()
