"""Optimizer kernels and their registry, listed in the order the UI shows them."""
from ._base import REGISTRY, Optimizer, Param, Spec, names, optimizer, xp  # noqa: F401
from . import sgd, adaptive, adam, adam_variants, classic, extras  # noqa: F401  (each module registers its optimizers)

ORDER = ("sgd", "rmsprop", "adam", "adamw", "adagrad", "adadelta", "adamax", "nadam", "radam",
         "rprop", "asgd", "adafactor",
         "lion", "signsgd", "signum", "adabelief", "yogi", "lamb")


def _sort_registry():
    """Reorder REGISTRY in place: ORDER first, then anything registered later."""
    rank = {n: i for i, n in enumerate(ORDER)}
    ordered = sorted(REGISTRY.items(), key=lambda item: rank.get(item[0], len(ORDER)))
    REGISTRY.clear()
    REGISTRY.update(ordered)


_sort_registry()
