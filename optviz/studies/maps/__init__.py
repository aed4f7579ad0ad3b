"""Maps over thousands of runs at once: stability over an lr × β grid, basins of attraction,
a fair tuning budget, and a live ranking of optimizers against the usual comparison table.

Every map is one batch of independent runs stepped together: hyperparameters are arrays
`[runs, 1]` and starts `[runs, 2]`, so the only Python loop is over steps. A map keeps a summary
per run (final point, final loss, divergence step, first step within tolerance) instead of the
whole path, so its memory grows with the number of runs, not with runs × steps. The steps and the
divergence rule are exactly those of `optviz.run` (tests compare the two).

    smap = stability_map(surface("ravine"), "sgd", n_lr=200, n_beta=200, steps=500)
    bmap = basin_map(surface("himmelblau"), [optimizer("sgd", lr=0.01)], n=80)
    tuned = tune(surface("rosenbrock"), [("sgd", {}), ("adam", {})], budget=64)
    ev = evidence()                                   # measured ranks beside the note's table
"""

from .batch import (MAX_GRID, MAX_LATTICE, MAX_BUDGET, MAX_MAP_STEPS, MAX_BASIN_OPTIMIZERS, GAP_FLOOR, WORKERS,
    PARALLEL_CHUNK, Outcome, outcomes)
from .stability import (BETA_PARAMS, beta_param, with_beta, grid_values, nearest_value, StabilityMap, stability_map,
    stability_boundary, boundary_agreement)
from .basins import NOT_CONVERGED, DIVERGED, BasinMap, known_minima, classify, basin_map
from .tuning import FAIR_VARIANTS, tuned_beta, search_space, Tuning, variant_label, score, tune
from .evidence import (NOTE_VARIANTS, NOTE_NETWORK_VARIANTS, NOTE_CLAIMS, CLAIM_SCORE, NOTE_LRS, EVIDENCE_SURFACES,
    CRITERIA, Evidence, rank, distinct_claims, network_evidence, spearman, evidence)
