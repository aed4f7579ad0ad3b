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
        from .i18n import t
        return t(f"model_desc_{self.name}", lang)

    def title(self, lang: str = "en") -> str:
        from .i18n import t
        return t(f"model_title_{self.name}", lang)


# schedule specs are (registry name, keywords); "warmup_cosine" is a linear warm-up then cosine decay
MODEL_SPECS: dict[str, ModelSpec] = {s.name: s for s in (
    ModelSpec("mlp", "digits", ("digits", "iris", "wine", "breast_cancer", "moons", "circles", "spirals", "xor"),
              20, 64, {"hidden": (64,), "activation": "relu"}, "cross_entropy", "accuracy",
              (("sgd", {"lr": 0.05, "momentum": 0.9}, None, None), ("adam", {"lr": 1e-3}, None, None))),
    ModelSpec("cnn", "digits", ("digits",), 10, 32, {"channels": (16, 32)}, "cross_entropy", "accuracy",
              (("sgd", {"lr": 0.05, "momentum": 0.9}, ("cosineannealinglr", {}), None),
               ("sgd", {"lr": 0.05, "momentum": 0.9}, ("steplr", {"step_size": 0.5, "gamma": 0.1}), None),
               ("adam", {"lr": 1e-3}, None, None),
               ("sgd", {"lr": 0.05}, None, None))),
    ModelSpec("transformer", "reverse", ("reverse",), 8, 32,
              {"d_model": 32, "heads": 2, "layers": 1, "ff": 64}, "cross_entropy", "token_accuracy",
              (("adamw", {"lr": 1e-3, "weight_decay": 0.01}, ("warmup_cosine", {"total_iters": 100}), None),
               ("adamw", {"lr": 1e-3, "weight_decay": 0.01}, None, None),
               ("adamw", {"lr": 1e-3, "weight_decay": 0.01}, ("linearlr", {"start_factor": 0.01, "total_iters": 100}),
                1.0),
               ("sgd", {"lr": 0.1}, None, None))),
    ModelSpec("rnn", "adding", ("adding",), 10, 32, {"hidden": 32}, "mse", "within_0.04",
              (("sgd", {"lr": 0.5}, None, None),
               ("sgd", {"lr": 0.5}, None, 1.0),
               ("adam", {"lr": 3e-3}, None, 1.0))),
)}

MODELS = list(MODEL_SPECS)
