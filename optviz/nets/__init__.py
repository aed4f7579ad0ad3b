"""Small real networks, trained with the same optimizer kernels, schedules and clipping as the 2-D surfaces.

    mlp             the multilayer perceptron (forward and backward written out), evaluation
    training        train K optimizers at once, History, the network's learning-rate range test
    deepnets        the cnn, transformer and rnn as batched torch modules, trained by the same loop
    models          the registry of those models (MODELS, MODEL_SPECS)
    loss_landscape  the loss landscape around trained weights, decision regions, confusion matrices
    data            the data sets (DATASETS, dataset, sequence_dataset)
    sharpness       the Hessian's top eigenvalue and the edge of stability
    amp             float16 training with and without loss scaling
    parallel        data-parallel steps and gradient noise across K workers

The torch-backed names below load on first use, so `import optviz.nets` (or `optviz.nets.data`) needs no torch.
"""
from .._lazy import lazy_names

_EXPORTS = {
    "mlp": ("ACTIVATIONS", "MAX_EPOCHS", "MAX_OPTIMIZERS", "MAX_WIDTH", "MAX_LAYERS", "MAX_SNAPSHOTS", "TENSORWISE",
            "EXPLODE_FACTOR", "THREADS", "MLP", "evaluate"),
    "training": ("History", "train", "LRRangeTest", "lr_range_test"),
    "loss_landscape": ("Landscape", "landscape", "DecisionGrid", "predict_grid", "predict", "confusion_matrix"),
}
_LAZY = {name: (module, name) for module, names in _EXPORTS.items() for name in names}

__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
