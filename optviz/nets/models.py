"""The registry of trainable models: what `optviz.train(..., model=name)` builds, with its defaults.

Torch-free (importing this module imports no torch); the networks themselves live in `deepnets`.
Each entry: the default data set, the training defaults `train` uses when an argument is left out,
the loss, what `History.test_accuracy` measures, and the study note's recommended optimizers
(name, hyperparameters, schedule, clipping) for the "Real models" page's preset button.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ModelSpec:
    name: str
    dataset: str                 # default data set (a `dataset` name or a `sequence_dataset` name)
    datasets: tuple              # data sets this model accepts
    epochs: int                  # train's defaults for this model
    batch_size: int
    size: dict                   # architecture (keywords of the model's constructor)
    loss: str                    # "cross_entropy" or "mse"
    accuracy: str                # what test_accuracy measures: "accuracy", "token_accuracy", "within_0.04"
    recommended: tuple = field(default=())   # ((optimizer name, hyper dict, schedule spec or None, clip or None), …)

    def desc(self, lang: str = "en") -> str:
        from ..i18n import t
        return t(f"model_desc_{self.name}", lang)

    def title(self, lang: str = "en") -> str:
        from ..i18n import t
        return t(f"model_title_{self.name}", lang)


# recommended: (optimizer name, hyperparameters, schedule recipe, clip_grad_norm or None)
MODEL_SPECS: dict[str, ModelSpec] = {s.name: s for s in (
    ModelSpec("mlp", "digits", ("digits", "iris", "wine", "breast_cancer", "moons", "circles", "spirals", "xor"),
              20, 64, {"hidden": (64,), "activation": "relu"}, "cross_entropy", "accuracy",
              (("sgd", {"lr": 0.05, "momentum": 0.9}, "cosine", None), ("adam", {"lr": 1e-3}, "none", None),
               ("sgd", {"lr": 0.05}, "none", None))),
    ModelSpec("cnn", "digits", ("digits",), 10, 32, {"channels": (16, 32)}, "cross_entropy", "accuracy",
              (("sgd", {"lr": 0.02, "momentum": 0.9}, "cosine", None),
               ("sgd", {"lr": 0.02, "momentum": 0.9}, "step", None),
               ("adam", {"lr": 1e-3}, "none", None),
               ("sgd", {"lr": 0.02}, "none", None))),
    ModelSpec("transformer", "reverse", ("reverse",), 6, 32,
              {"d_model": 32, "heads": 2, "layers": 1, "ff": 64}, "cross_entropy", "token_accuracy",
              (("adamw", {"lr": 1e-3, "weight_decay": 0.01}, "warmup_cosine", None),
               ("adamw", {"lr": 1e-3, "weight_decay": 0.01}, "none", None),
               ("adamw", {"lr": 3e-2, "weight_decay": 0.01}, "warmup", None),
               ("adamw", {"lr": 3e-2, "weight_decay": 0.01}, "none", None),
               ("sgd", {"lr": 0.1}, "none", None))),
    ModelSpec("rnn", "adding", ("adding",), 10, 32, {"hidden": 32}, "mse", "within_0.04",
              (("sgd", {"lr": 0.5}, "none", None),
               ("sgd", {"lr": 0.5}, "none", 1.0),
               ("adam", {"lr": 3e-3}, "none", 1.0))),
)}

MODELS = list(MODEL_SPECS)

RECIPES = ("none", "warmup", "warmup_cosine", "cosine", "step")
WARMUP_STEPS = 100


def recipe_schedule(recipe: str, total_steps: int):
    """The Schedule of a page recipe over `total_steps` optimizer steps (None for "none"):
    warmup = linearlr(start_factor=0.01, total_iters=100); warmup_cosine = that, then cosine decay
    over the remaining steps; cosine = cosineannealinglr(T_max=total); step = steplr(total // 2, γ = 0.1)."""
    from ..schedules import schedule, with_warmup
    total = max(int(total_steps), 2)
    if recipe == "none":
        return None
    if recipe == "warmup":
        return schedule("linearlr", start_factor=0.01, total_iters=WARMUP_STEPS)
    if recipe == "warmup_cosine":
        return with_warmup(schedule("cosineannealinglr", T_max=max(total - WARMUP_STEPS, 1)), WARMUP_STEPS,
                           start_factor=0.01)
    if recipe == "cosine":
        return schedule("cosineannealinglr", T_max=total)
    if recipe == "step":
        return schedule("steplr", step_size=max(total // 2, 1), gamma=0.1)
    raise ValueError(f"recipe must be one of {RECIPES}, got {recipe!r}")
