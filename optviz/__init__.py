"""optviz: torch-exact optimizers, loss surfaces, LR schedules and a vectorised runner.

    import optviz
    opt  = optviz.optimizer("adam", lr=0.01)
    surf = optviz.surface("rosenbrock")
    traj = optviz.run(surf, [opt], starts=[[-1.5, 2.0]], steps=500)
"""
from .optimizers import REGISTRY as OPTIMIZER_SPECS, Optimizer, optimizer
from .surfaces import SURFACES, Surface, surface
from .schedules import SCHEDULE_SPECS, SCHEDULES, Schedule, schedule, with_warmup
from .clipping import clip_grad_norm, clip_grad_value
from .runner import Trajectories, run
from .nets import History, train
from .data import DATASETS, dataset

OPTIMIZERS = list(OPTIMIZER_SPECS)

__all__ = [
    "optimizer", "Optimizer", "OPTIMIZERS", "OPTIMIZER_SPECS",
    "surface", "Surface", "SURFACES",
    "schedule", "Schedule", "SCHEDULES", "SCHEDULE_SPECS", "with_warmup",
    "clip_grad_norm", "clip_grad_value",
    "run", "Trajectories",
    "train", "History", "dataset", "DATASETS",
]
