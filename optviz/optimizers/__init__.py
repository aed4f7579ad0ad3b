"""Optimizer kernels and their registry. Import order fixes the registry's (and the UI's) order."""
from ._base import REGISTRY, Optimizer, Param, Spec, optimizer, xp  # noqa: F401
from . import sgd, adam  # noqa: F401  (each module registers its optimizers)
