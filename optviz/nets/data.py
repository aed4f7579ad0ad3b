"""Small classification data sets, bundled or generated: nothing is downloaded.

Bundled with scikit-learn: `digits` (8×8 images, 10 classes), `iris`, `wine`, `breast_cancer`.
Generated in 2-D (so decision boundaries can be drawn): `moons`, `circles`, `spirals`, `xor`,
each with a `noise` knob (std of Gaussian noise added to every coordinate, in the raw units).

    d = optviz.dataset("moons", n_samples=600, noise=0.2, seed=0)
    d.X_train  # float32 [n_train, n_features], standardised with the training split's mean / std
    d.y_train  # int64   [n_train] class indices 0 … n_classes−1

Arrays are read-only numpy arrays (the same object is shared by every caller; `torch.tensor(d.X_train)`
makes a tensor). The same arguments always give the same split: generation and the stratified split
both use `seed`. Generated sets need only numpy; scikit-learn is imported for the bundled ones.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .._checks import number, whole
from ..i18n import describe

MAX_SAMPLES = 5000
MIN_SAMPLES = 40


@dataclass(frozen=True)
class DatasetSpec:
    """What a page needs to offer one data set: titles, defaults and slider ranges."""
    name: str
    generated: bool
    n_samples: int                  # default (generated) or the full size (bundled)
    noise: float = 0.0              # default noise (generated only)
    noise_range: tuple = (0.0, 0.0)


SPECS: dict[str, DatasetSpec] = {s.name: s for s in (
    DatasetSpec("digits", False, 1797),
    DatasetSpec("iris", False, 150),
    DatasetSpec("wine", False, 178),
    DatasetSpec("breast_cancer", False, 569),
    DatasetSpec("moons", True, 600, 0.2, (0.0, 0.5)),
    DatasetSpec("circles", True, 600, 0.1, (0.0, 0.3)),
    DatasetSpec("spirals", True, 600, 0.1, (0.0, 0.3)),
    DatasetSpec("xor", True, 600, 0.1, (0.0, 0.5)),
)}

DATASETS = list(SPECS)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A train/test split, standardised with the training split's statistics.

    X_* are read-only float32 arrays [n, n_features]; y_* read-only int64 arrays [n].
    `mean` / `std` [n_features] undo the standardisation (raw = X·std + mean).
    For 2-D sets `domain` is ((x_min, x_max), (y_min, y_max)) in standardised units,
    the box around all points with a 10 % margin (for decision-boundary plots), else None.
    """
    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_features: int
    n_classes: int
    class_names: tuple
    feature_names: tuple
    mean: np.ndarray
    std: np.ndarray
    noise: float = 0.0
    seed: int = 0
    image_shape: tuple | None = None
    domain: tuple | None = None

    @property
    def is_2d(self) -> bool:
        return self.n_features == 2

    @property
    def n_train(self) -> int:
        return len(self.y_train)

    @property
    def n_test(self) -> int:
        return len(self.y_test)

    def title(self, lang: str = "en") -> str:
        return describe(self, lang, "title")

    def __repr__(self):
        return (f"Dataset({self.name!r}, train={self.n_train}, test={self.n_test}, "
                f"features={self.n_features}, classes={self.n_classes})")


def dataset(name: str, n_samples: int | None = None, noise: float | None = None, seed: int = 0,
            test_size: float = 0.25) -> Dataset:
    """Load a bundled data set or generate a 2-D one; split it (stratified) and standardise it.

    n_samples: generated sets: how many points (default `SPECS[name].n_samples`, ≤ 5000);
        bundled sets: None for all rows, or a stratified random subset of that size.
    noise: generated sets only (default `SPECS[name].noise`); bundled sets accept None or 0.
    test_size: fraction held out for testing, in [0.1, 0.5].
    """
    key = str(name).lower()
    if key not in SPECS:
        raise ValueError(f"Unknown dataset {name!r}; available: {', '.join(DATASETS)}")
    spec = SPECS[key]
    seed = whole(seed, "seed", 0, 2 ** 32 - 1)
    test_size = number(test_size, "test_size", 0.1, 0.5)
    if spec.generated:
        n = spec.n_samples if n_samples is None else whole(n_samples, "n_samples", MIN_SAMPLES, MAX_SAMPLES)
        noise = spec.noise if noise is None else number(noise, "noise", 0.0, 1.0)
    else:
        n = None if n_samples is None else whole(n_samples, "n_samples", MIN_SAMPLES, spec.n_samples)
        if noise not in (None, 0, 0.0):
            raise ValueError(f"noise applies to generated data sets only ({key} is bundled)")
        noise = 0.0
    return _build(key, n, float(noise), seed, test_size)


@functools.lru_cache(maxsize=32)
def _build(name, n, noise, seed, test_size) -> Dataset:
    spec = SPECS[name]
    rng = np.random.default_rng(seed)
    image_shape = None
    if spec.generated:
        X, y = _GENERATORS[name](n, noise, rng)
        class_names = tuple(f"class {c}" for c in range(int(y.max()) + 1))
        feature_names = ("x₁", "x₂")
    else:
        X, y, class_names, feature_names = _bundled(name)
        if name == "digits":
            image_shape = (8, 8)
        if n is not None and n < len(y):
            keep, _ = _stratified_split(y, len(y) - n, rng)
            X, y = X[keep], y[keep]
    X, y = np.asarray(X, np.float64), np.asarray(y, np.int64)
    train, test = _stratified_split(y, int(np.ceil(test_size * len(y))), rng)
    X_tr, X_te, y_tr, y_te = X[train], X[test], y[train], y[test]
    mean = X_tr.mean(0)
    std = X_tr.std(0)
    std[std == 0] = 1.0                     # constant features (blank pixels) stay 0
    X_tr, X_te = (X_tr - mean) / std, (X_te - mean) / std
    domain = None
    if X.shape[1] == 2:
        lo, hi = np.minimum(X_tr.min(0), X_te.min(0)), np.maximum(X_tr.max(0), X_te.max(0))
        pad = 0.1 * (hi - lo)
        domain = tuple((float(a), float(b)) for a, b in zip(lo - pad, hi + pad))
    return Dataset(
        name=name, X_train=_frozen(X_tr, np.float32), y_train=_frozen(y_tr, np.int64),
        X_test=_frozen(X_te, np.float32), y_test=_frozen(y_te, np.int64),
        n_features=int(X.shape[1]), n_classes=len(class_names), class_names=class_names,
        feature_names=tuple(feature_names),
        mean=_frozen(mean, np.float64), std=_frozen(std, np.float64), noise=noise, seed=seed,
        image_shape=image_shape, domain=domain)


def _stratified_split(y, n_test, rng):
    """(train, test) index arrays, shuffled; the n_test test rows are shared out between the classes
    in proportion to their sizes (largest remainders first), so every class keeps its share."""
    classes, counts = np.unique(y, return_counts=True)
    share = counts * n_test / len(y)
    take = np.floor(share).astype(int)
    order = np.argsort(-(share - take), kind="stable")
    take[order[:n_test - take.sum()]] += 1
    train, test = [], []
    for c, k in zip(classes, take):
        idx = rng.permutation(np.flatnonzero(y == c))
        test.append(idx[:k])
        train.append(idx[k:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def _bundled(name):
    from sklearn import datasets as sk      # imported only here: it is slow to import
    bunch = {"digits": sk.load_digits, "iris": sk.load_iris, "wine": sk.load_wine,
             "breast_cancer": sk.load_breast_cancer}[name]()
    names = tuple(str(c) for c in bunch.target_names)
    features = tuple(str(f) for f in bunch.feature_names)
    return bunch.data, bunch.target, names, features


# ---- 2-D generators: (n, noise, rng) -> X [n, 2], y [n] ----------------------------------

def _moons(n, noise, rng):
    """Two interleaving half circles (scikit-learn's make_moons): the upper one, and one shifted by (1, −½)."""
    n_out = n // 2
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n - n_out)
    X = np.concatenate([np.stack([np.cos(t_out), np.sin(t_out)], 1),
                        np.stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)], 1)])
    y = np.repeat([0, 1], [n_out, n - n_out])
    return X + noise * rng.standard_normal(X.shape), y


def _circles(n, noise, rng, factor=0.5):
    """A unit circle around one of radius `factor` (scikit-learn's make_circles)."""
    n_out = n // 2
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n - n_out, endpoint=False)
    X = np.concatenate([np.stack([np.cos(t_out), np.sin(t_out)], 1),
                        factor * np.stack([np.cos(t_in), np.sin(t_in)], 1)])
    y = np.repeat([0, 1], [n_out, n - n_out])
    return X + noise * rng.standard_normal(X.shape), y


def _spirals(n, noise, rng, arms=3, turns=1.25):
    """Arm j: radius r ∈ (0, 1], angle θ = 2π(turns·r + j/arms), plus Gaussian noise."""
    y = np.arange(n) % arms
    r = (np.arange(n) // arms + 1) / -(-n // arms)
    theta = 2 * np.pi * (turns * r + y / arms)
    X = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1)
    return X + noise * rng.standard_normal(X.shape), y


def _xor(n, noise, rng):
    """Uniform points in [−1, 1]², class 1 where x·y < 0; noise moves the points after labelling."""
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    return X + noise * rng.standard_normal(X.shape), y


_GENERATORS = {"moons": _moons, "circles": _circles, "spirals": _spirals, "xor": _xor}


# ---- validation ---------------------------------------------------------------------------

def _frozen(a, dtype):
    a = np.array(a, dtype=dtype)
    a.flags.writeable = False
    return a


# ---- sequence tasks for the Transformer and the RNN (generated, seeded) ------------------------

SEQUENCE_DATASETS = ("reverse", "adding")
SEQUENCE_DEFAULTS = {"reverse": (2000, 16), "adding": (1200, 20)}     # (n_samples, sequence length)
TOKENS = 10                                                          # digits 0 … 9


def sequence_dataset(name: str, n_samples: int | None = None, length: int | None = None, seed: int = 0,
                     test_size: float = 0.25) -> Dataset:
    """A generated sequence task, split at random into train and test (the split also uses `seed`).

    reverse: X int64 [n, L] digits 0 … 9, y int64 [n, L] = X reversed (token classification).
    adding (Hochreiter & Schmidhuber, 1997): X float32 [n, T, 2], channel 0 uniform in [0, 1),
        channel 1 marks two positions (one in each half) with 1; y float32 [n] is the sum of the
        two marked values (regression; always predicting 1 gives a mean squared error of 1/6).
    """
    key = str(name).lower()
    if key not in SEQUENCE_DATASETS:
        raise ValueError(f"Unknown sequence dataset {name!r}; available: {', '.join(SEQUENCE_DATASETS)}")
    n_default, len_default = SEQUENCE_DEFAULTS[key]
    n = n_default if n_samples is None else whole(n_samples, "n_samples", MIN_SAMPLES, MAX_SAMPLES)
    length = len_default if length is None else whole(length, "length", 2, 200)
    seed = whole(seed, "seed", 0, 2 ** 32 - 1)
    test_size = number(test_size, "test_size", 0.1, 0.5)
    return _build_sequence(key, n, length, seed, test_size)


@functools.lru_cache(maxsize=16)
def _build_sequence(name, n, length, seed, test_size) -> Dataset:
    rng = np.random.default_rng(seed)
    if name == "reverse":
        X = rng.integers(0, TOKENS, size=(n, length))
        y = X[:, ::-1].copy()
        x_type, y_type, classes = np.int64, np.int64, tuple(str(d) for d in range(TOKENS))
        features = tuple(f"t{i}" for i in range(length))
    else:
        half = max(1, length // 2)
        X = np.zeros((n, length, 2))
        X[:, :, 0] = rng.random((n, length))
        first = rng.integers(0, half, n)
        second = rng.integers(half, length, n) if length > half else first
        X[np.arange(n), first, 1] = 1.0
        X[np.arange(n), second, 1] = 1.0
        y = X[np.arange(n), first, 0] + X[np.arange(n), second, 0]
        x_type, y_type, classes = np.float32, np.float32, ()
        features = ("value", "marker")
    perm = rng.permutation(n)
    n_test = int(np.ceil(test_size * n))
    test, train = perm[:n_test], perm[n_test:]
    return Dataset(
        name=name, X_train=_frozen(X[train], x_type), y_train=_frozen(y[train], y_type),
        X_test=_frozen(X[test], x_type), y_test=_frozen(y[test], y_type),
        n_features=int(length), n_classes=len(classes), class_names=classes, feature_names=features,
        mean=_frozen(np.zeros(1), np.float64),
        std=_frozen(np.ones(1), np.float64), seed=seed)
