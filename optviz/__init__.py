"""optviz: torch-exact optimizers, loss surfaces, LR schedules and a vectorised runner.

    import optviz
    opt  = optviz.optimizer("adam", lr=0.01)
    surf = optviz.surface("rosenbrock")
    traj = optviz.run(surf, [opt], starts=[[-1.5, 2.0]], steps=500)
"""
from ._lazy import lazy_names
from .optimizers import REGISTRY as OPTIMIZER_SPECS, Optimizer, optimizer
from .surfaces import SURFACES, Surface, surface
from .schedules import SCHEDULE_SPECS, SCHEDULES, Schedule, schedule, with_warmup
from .clipping import clip_grad_norm, clip_grad_value
from .runner import Trajectories, run
from .nets.data import DATASETS, Dataset, dataset
from .studies.maps import basin_map, stability_map, tune

OPTIMIZERS = list(OPTIMIZER_SPECS)

# The torch-backed parts load on first use, so `import optviz` (surfaces, runner, maps) needs no torch.
_LAZY = {name: ("nets.training", name) for name in ("train", "History", "lr_range_test")}
_LAZY.update({name: ("nets.loss_landscape", name)
              for name in ("landscape", "Landscape", "predict_grid", "confusion_matrix")})
_LAZY.update({
    "MODELS": ("nets.models", "MODELS"), "MODEL_SPECS": ("nets.models", "MODEL_SPECS"),
    "sequence_dataset": ("nets.data", "sequence_dataset"),
    "edge_of_stability": ("nets.sharpness", "edge_of_stability"),
    "EdgeOfStability": ("nets.sharpness", "EdgeOfStability"),
    "hessian_top_eigenvalue": ("nets.sharpness", "hessian_top_eigenvalue"),
})


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())


__all__ = [
    "optimizer", "Optimizer", "OPTIMIZERS", "OPTIMIZER_SPECS",
    "surface", "Surface", "SURFACES",
    "schedule", "Schedule", "SCHEDULES", "SCHEDULE_SPECS", "with_warmup",
    "clip_grad_norm", "clip_grad_value",
    "run", "Trajectories",
    "train", "History", "dataset", "Dataset", "DATASETS",
    "landscape", "Landscape", "predict_grid", "confusion_matrix", "lr_range_test",
    "stability_map", "basin_map", "tune",
    "MODELS", "MODEL_SPECS", "sequence_dataset", "edge_of_stability", "EdgeOfStability", "hessian_top_eigenvalue",
]
