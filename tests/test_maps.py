"""optviz.maps: batched maps against one-by-one optviz.run calls and hand-derived theory."""
import json

import numpy as np
import pytest
import scipy.stats

import optviz
from optviz.studies import maps
from optviz.figures.maps import basin_figure, evidence_figure, score_figure, stability_figure


def run_one(surf, opt, start, steps):
    """Reference: optviz.run on one run with scalar hyperparameters."""
    return optviz.run(surf, [opt], starts=[list(start)], steps=steps)


# ---- the batched runner equals optviz.run -----------------------------------------------------

@pytest.mark.parametrize("name,hyper,surf_name", [("sgd", {}, "rosenbrock"), ("adam", {}, "himmelblau"),
                                                  ("rmsprop", {"momentum": 0.5}, "rosenbrock")])
def test_every_cell_of_a_sweep_equals_its_own_run(name, hyper, surf_name):
    surf = optviz.surface(surf_name)
    smap = maps.stability_map(surf, name, hyper, lr_range=(1e-4, 0.5), n_lr=6,
                              beta_range=(0.5, 0.95), n_beta=3, steps=150)
    assert smap.shape == (3, 6)
    for i in range(3):
        for j in range(6):
            opt = smap.optimizer_at(i, j)
            assert opt.lr == pytest.approx(smap.lrs[j])
            traj = run_one(surf, opt, smap.start, 150)
            d = int(traj.diverged_at[0, 0])
            assert smap.diverged_at[i, j] == d, (i, j)
            np.testing.assert_allclose(smap.final_loss[i, j], traj.final_losses[0, 0], rtol=1e-9, atol=1e-300)
            assert smap.steps_to_target[i, j] == traj.steps_to(surf.f_min, 1e-3)[0, 0]
    if name == "sgd":
        assert (smap.diverged_at >= 0).any() and (smap.diverged_at < 0).any(), "the grid spans both regimes"


def test_threaded_batch_equals_serial_batch(monkeypatch):
    surf = optviz.surface("rosenbrock")
    lrs = np.logspace(-4, -1, 40).reshape(-1, 1)
    opt = optviz.optimizer("sgd", lr=lrs, momentum=np.linspace(0, 0.95, 40).reshape(-1, 1))
    monkeypatch.setattr(maps.batch, "PARALLEL_CHUNK", 10 ** 9)
    serial = maps.outcomes(surf, opt, surf.starts[0], 200, target=1e-3)
    monkeypatch.setattr(maps.batch, "PARALLEL_CHUNK", 8)
    monkeypatch.setattr(maps.batch, "WORKERS", 3)
    threaded = maps.outcomes(surf, opt, surf.starts[0], 200, target=1e-3)
    for f in ("final", "final_loss", "diverged_at", "steps_to_target"):
        np.testing.assert_array_equal(getattr(threaded, f), getattr(serial, f))
    assert serial.diverged.any() and not serial.diverged.all()


def test_outcomes_equal_run_on_a_batch_of_starts():
    surf = optviz.surface("himmelblau")
    starts = np.array([[-4.5, 4.5], [0.1, 0.2], [4.9, -4.9], [-1.0, -3.0]])
    opt = optviz.optimizer("sgd", lr=0.02, momentum=0.9)
    out = maps.outcomes(surf, opt, starts, 120, target=1e-3)
    traj = optviz.run(surf, [opt], starts=starts, steps=120)
    np.testing.assert_array_equal(out.final, traj.positions[0, :, -1])
    np.testing.assert_array_equal(out.diverged_at, traj.diverged_at[0])
    np.testing.assert_array_equal(out.steps_to_target, traj.steps_to(0.0, 1e-3)[0])
    assert out.diverged.any(), "the corner starts blow up with this lr"


# ---- stability limits on quadratics ------------------------------------------------------------

@pytest.mark.parametrize("hyper,beta_range,bound", [
    ({}, (0.0, 0.95), lambda b, L: 2 * (1 + b) / L),                          # GD at β = 0, heavy ball
    ({"nesterov": True}, (0.05, 0.95), lambda b, L: 2 * (1 + b) / ((1 + 2 * b) * L)),
    ({"dampening": 0.3}, (0.05, 0.95), lambda b, L: 2 * (1 + b) / (0.7 * L)),
    ({"weight_decay": 0.5}, (0.0, 0.9), lambda b, L: 2 * (1 + b) / (L + 0.5)),
])
def test_theoretical_limit_separates_diverged_from_converged_cells(hyper, beta_range, bound):
    surf = optviz.surface("ravine", condition=10.0, angle=30.0)     # Hessian eigenvalues 1 and 10
    smap = maps.stability_map(surf, "sgd", hyper, lr_range=(1e-3, 2.0), n_lr=50, beta_range=beta_range,
                              n_beta=12, steps=800)
    np.testing.assert_allclose(smap.boundary, bound(smap.betas, 10.0), rtol=1e-12)
    ratio = smap.lrs[None, :] / smap.boundary[:, None]
    div = smap.diverged_at >= 0
    below, above = ratio < 0.95, ratio > 1.05
    assert below.sum() > 100 and above.sum() > 100
    assert not div[below].any(), "every run below the limit stays bounded"
    assert div[above].all(), "every run above the limit blows up"
    # well inside the limit the runs also converge within the tolerance
    inside = (ratio > 0.1) & (ratio < 0.9)
    assert (smap.steps_to_target[inside] >= 0).all()
    assert maps.boundary_agreement(smap) > 0.98


def test_plain_gd_limit_is_two_over_L_on_the_round_bowl():
    surf = optviz.surface("quadratic", scale=4.0)
    smap = maps.stability_map(surf, "sgd", lr_range=(0.1, 1.0), n_lr=91, beta_range=(0.0, 0.0), n_beta=1,
                              steps=400)
    assert smap.boundary[0] == pytest.approx(0.5)
    div = smap.diverged_at[0] >= 0
    assert not div[smap.lrs < 0.49].any() and div[smap.lrs > 0.51].all()


def test_no_limit_where_theory_does_not_apply():
    q = optviz.surface("ravine")
    assert maps.stability_boundary(q, "adam", {}, [0.9]) is None
    assert maps.stability_boundary(optviz.surface("rosenbrock"), "sgd", {}, [0.9]) is None
    assert maps.stability_boundary(optviz.surface("saddle"), "sgd", {}, [0.9]) is None   # indefinite Hessian
    assert maps.stability_boundary(q, "sgd", {"maximize": True}, [0.9]) is None
    assert maps.stability_map(q, "adam", n_lr=4, n_beta=3, steps=10).boundary is None


def test_beta_axis_follows_each_optimizer():
    assert maps.beta_param("sgd") == "momentum"
    assert maps.beta_param("adam") == "betas" and maps.beta_param("lion") == "betas"
    assert maps.beta_param("rmsprop") == "alpha" and maps.beta_param("adadelta") == "rho"
    assert maps.beta_param("adagrad") is None
    smap = maps.stability_map(optviz.surface("ravine"), "adam", {"betas": (0.9, 0.95)}, lr_range=(1e-3, 0.1),
                              n_lr=3, beta_range=(0.0, 0.9), n_beta=2, steps=5)
    assert smap.optimizer_at(1, 2).hyper["betas"] == (pytest.approx(0.9), 0.95)
    one_row = maps.stability_map(optviz.surface("ravine"), "adagrad", n_lr=5, steps=5)
    assert one_row.shape == (1, 5) and one_row.beta_name is None


# ---- basin map --------------------------------------------------------------------------------

def test_starts_near_each_himmelblau_minimum_reach_that_minimum():
    surf = optviz.surface("himmelblau")
    bmap = maps.basin_map(surf, [optviz.optimizer("sgd", lr=0.005)], n=41, steps=400)
    X, Y = np.meshgrid(bmap.xs, bmap.ys)
    assert len(bmap.minima) == 4 and bmap.n_global == 4
    for k, m in enumerate(bmap.minima):
        near = np.hypot(X - m[0], Y - m[1]) < 0.6
        assert near.sum() >= 3
        assert (bmap.labels[0][near] == k).all(), k
    f = bmap.fractions()[0]
    assert f.sum() == pytest.approx(1.0) and (f[:4] > 0.15).all()


def test_basin_labels_follow_the_final_points_and_divergence():
    surf = optviz.surface("himmelblau")
    opt = optviz.optimizer("sgd", lr=0.03)
    bmap = maps.basin_map(surf, [opt], n=12, steps=200)
    X, Y = np.meshgrid(bmap.xs, bmap.ys)
    traj = optviz.run(surf, [opt], starts=np.column_stack([X.ravel(), Y.ravel()]), steps=200)
    labels = bmap.labels[0].ravel()
    div = traj.diverged_at[0] >= 0
    assert div.any() and not div.all()
    np.testing.assert_array_equal(labels == maps.DIVERGED, div)
    d = np.linalg.norm(traj.positions[0, :, -1, None, :] - bmap.minima[None], axis=-1)
    reached = ~div & (d.min(1) <= bmap.radius)
    np.testing.assert_array_equal(labels[reached], d.argmin(1)[reached])
    assert (labels[~div & ~reached] == maps.NOT_CONVERGED).all()


def test_rastrigin_lists_global_then_local_minima():
    surf = optviz.surface("rastrigin")
    minima, n_global = maps.known_minima(surf)
    assert n_global == 1 and len(minima) == 121
    np.testing.assert_array_equal(minima[0], [0.0, 0.0])
    lab = maps.classify([[0.01, 0.0], [0.995, 0.0], [0.5, 0.5], [3.0, 3.0]], [False, False, False, True], minima, 0.1)
    assert lab[0] == 0 and lab[1] > 0 and np.allclose(minima[lab[1]], [0.995, 0.0], atol=0.01)
    assert lab[2] == maps.NOT_CONVERGED and lab[3] == maps.DIVERGED


# ---- fair comparison --------------------------------------------------------------------------

def test_best_config_is_the_argmin_of_individual_runs():
    surf = optviz.surface("rosenbrock")
    variants = [("sgd", {"momentum": 0.9}), ("adam", {})]
    starts = surf.starts[:2]
    tuning = maps.tune(surf, variants, 8, lr_range=(1e-4, 0.3), starts=starts, steps=120)
    for v, (name, hyper) in enumerate(variants):
        ref = []
        for lr in tuning.lrs[v]:
            opt = optviz.optimizer(name, **{**hyper, "lr": float(lr)})
            traj = optviz.run(surf, [opt], starts=starts, steps=120)
            if (traj.diverged_at >= 0).any():
                ref.append(np.inf)
            else:
                ref.append(np.mean(np.log10(np.maximum(traj.final_losses[0] - surf.f_min, 1e-16))))
        ref = np.array(ref)
        np.testing.assert_allclose(tuning.scores[v], ref, rtol=1e-9)
        assert tuning.best[v] == int(np.argmin(ref))
        assert tuning.best_hyper(v)["lr"] == pytest.approx(tuning.lrs[v][np.argmin(ref)])
        traj = optviz.run(surf, [optviz.optimizer(name, **hyper)], starts=starts, steps=120)
        default = np.mean(np.log10(np.maximum(traj.final_losses[0] - surf.f_min, 1e-16)))
        assert tuning.default_scores[v] == pytest.approx(default, rel=1e-9)
    assert np.isinf(tuning.scores[0]).any(), "the large lrs of the budget diverge for SGD+momentum"


def test_every_optimizer_gets_the_same_draws():
    lrs, betas = maps.search_space(16, (1e-3, 1.0), (0.5, 0.99), True, "random", seed=3)
    again, _ = maps.search_space(16, (1e-3, 1.0), (0.5, 0.99), True, "random", seed=3)
    other, _ = maps.search_space(16, (1e-3, 1.0), (0.5, 0.99), True, "random", seed=4)
    np.testing.assert_array_equal(lrs, again)
    assert not np.array_equal(lrs, other)
    assert lrs.min() >= 1e-3 and lrs.max() <= 1.0 and betas.min() >= 0.5 and betas.max() <= 0.99
    grid_l, grid_b = maps.search_space(64, (1e-3, 1.0), (0.5, 0.9), True, "grid")
    assert len(grid_l) == 64 and len(np.unique(grid_l)) == 8 and len(np.unique(grid_b)) == 8
    surf = optviz.surface("ravine")
    tuning = maps.tune(surf, [("sgd", {}), ("sgd", {"momentum": 0.9}), ("rmsprop", {})], 16, tune_beta=True,
                       search="random", seed=3, steps=50)
    np.testing.assert_array_equal(tuning.lrs[0], tuning.lrs[1])
    assert tuning.beta_names == (None, "momentum", "alpha") and np.isnan(tuning.betas[0]).all()
    np.testing.assert_array_equal(tuning.betas[1], tuning.betas[2])
    best = tuning.best_optimizer(1)
    assert best.hyper["momentum"] == pytest.approx(tuning.betas[1, tuning.best[1]])


# ---- which optimizer: ranks and agreement -----------------------------------------------------

def test_rank_and_spearman_match_scipy():
    v = np.array([3.0, 1.0, 2.0, 2.0, np.inf])
    np.testing.assert_array_equal(maps.rank(v), scipy.stats.rankdata(v))
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 4, 7), rng.normal(size=7)
    assert maps.spearman(a, b) == pytest.approx(scipy.stats.spearmanr(a, b).statistic)


def test_evidence_counts_equal_one_run_call_per_sweep():
    ev = maps.evidence(("ravine", "saddle"), n_lr=7, steps=200)
    surf = optviz.surface("ravine", condition=25.0, angle=30.0)
    lrs = ev.lrs.reshape(-1, 1)
    traj = optviz.run(surf, [optviz.optimizer("sgd", lr=lrs, momentum=0.9)], starts=np.tile(surf.starts[0], (7, 1)),
                      steps=200)
    reach = traj.steps_to(0.0, 1e-3)[0]
    np.testing.assert_array_equal(ev.steps_to[1, 0], reach)
    np.testing.assert_array_equal(ev.diverged[1, 0], (traj.diverged_at[0] >= 0) & (reach < 0))
    assert ev.reach_frac[1, 0] == pytest.approx((reach >= 0).mean())
    # on the saddle, escaping below −1 counts as reaching, and leaving for good is not instability
    assert ev.targets[1] == -1.0 and ev.reach_frac[:, 1].max() > 0
    r = ev.ranks()
    assert set(r) == {"speed", "stability", "tuning"} and r["speed"].shape == (5, 2)
    assert np.allclose(np.sort(r["tuning"][:, 0]).sum(), 15.0)        # ranks 1..5 (ties averaged)
    assert set(ev.agreement()) == {"speed", "stability", "tuning"}


# ---- validation -------------------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda s: maps.stability_map(s, "sgd", n_lr=201),
    lambda s: maps.stability_map(s, "sgd", n_beta=0),
    lambda s: maps.stability_map(s, "sgd", lr_range=(1.0, 0.1)),
    lambda s: maps.stability_map(s, "sgd", lr_range=(-1.0, 0.1)),
    lambda s: maps.stability_map(s, "sgd", beta_range=(0.5, 1.0)),
    lambda s: maps.stability_map(s, "sgd", steps=2001),
    lambda s: maps.stability_map(s, "sgd", tol=0),
    lambda s: maps.stability_map(s, "sgd", start=(np.nan, 0.0)),
    lambda s: maps.stability_map(s, "sgd", {"nesterov": True}),
    lambda s: maps.stability_map(s, "nope"),
    lambda s: maps.basin_map(s, [optviz.optimizer("sgd")] * 5),
    lambda s: maps.basin_map(s, [optviz.optimizer("sgd")], n=101),
    lambda s: maps.basin_map(s, [optviz.optimizer("sgd")], box=((1, 0), (0, 1))),
    lambda s: maps.tune(s, [("sgd", {})], 257),
    lambda s: maps.tune(s, [("sgd", {})], 8, search="bayes"),
    lambda s: maps.tune(s, []),
    lambda s: maps.tune(s, [("sgd", {"lr": -1.0})]),
    lambda s: maps.outcomes(s, optviz.optimizer("sgd", lr=np.ones((3, 1))), np.zeros((4, 2))),
    lambda s: maps.outcomes(s, "sgd", [0.0, 0.0]),
    lambda s: maps.evidence(("nowhere",)),
    lambda s: maps.evidence(lr_choice="mine"),
])
def test_bad_arguments_raise_value_error(call):
    with pytest.raises(ValueError):
        call(optviz.surface("ravine"))


# ---- figures ----------------------------------------------------------------------------------

def test_stability_figure_is_the_grid_with_diverged_cells_marked():
    surf = optviz.surface("ravine", condition=10.0, angle=30.0)
    smap = maps.stability_map(surf, "sgd", lr_range=(1e-3, 2.0), n_lr=30, beta_range=(0.0, 0.9), n_beta=20,
                              steps=300)
    fig = json.loads(json.dumps(stability_figure(smap, "en", selected=(3, 4))))
    heat = [d for d in fig["data"] if d["type"] == "heatmap"]
    z = np.array(heat[0]["z"], dtype=float)
    assert z.shape == (20, 30)
    div = smap.diverged_at >= 0
    assert np.isnan(z[div]).all() and np.isfinite(z[~div]).all()
    expect = np.log10(np.maximum(smap.final_loss - surf.f_min, 1e-16))
    np.testing.assert_allclose(z[~div], expect[~div], atol=0.051)
    # the red layer covers exactly the diverged cells inside its box
    red = heat[1]
    xs, ys = np.array(red["x"]), np.array(red["y"])
    j = np.searchsorted(np.array(heat[0]["x"]), xs)
    i = np.searchsorted(np.array(heat[0]["y"]), ys)
    np.testing.assert_array_equal(np.array(red["z"]) == 1, div[np.ix_(i, j)])
    assert div.sum() == (np.array(red["z"]) == 1).sum()
    theory = [d for d in fig["data"] if d.get("mode") == "lines"]
    assert len(theory) == 1
    np.testing.assert_allclose(10 ** np.array(theory[0]["x"]), smap.boundary, rtol=1e-3)
    steps = json.loads(json.dumps(stability_figure(smap, "ko", metric="steps")))
    zs = np.array(steps["data"][0]["z"], dtype=float)
    reached = smap.steps_to_target >= 0
    np.testing.assert_array_equal(zs[reached], smap.steps_to_target[reached])
    assert np.isnan(zs[~reached]).all()


def test_full_size_stability_figure_stays_light():
    smap = maps.stability_map(optviz.surface("rosenbrock"), "sgd", n_lr=200, n_beta=200, steps=20)
    spec = json.dumps(stability_figure(smap, "en"), separators=(",", ":"))
    assert len(spec) < 350_000
    assert "text" not in json.loads(spec)["data"][0], "no per-cell hover strings"


def test_basin_figure_colours_match_labels():
    surf = optviz.surface("himmelblau")
    bmap = maps.basin_map(surf, [optviz.optimizer("sgd", lr=0.01), optviz.optimizer("adam", lr=0.05)], n=20, steps=100)
    fig = basin_figure(bmap, surf, "en")
    heats = [d for d in fig["data"] if d["type"] == "heatmap"]
    assert len(heats) == 2
    for o, h in enumerate(heats):
        z = np.array(h["z"])
        K = len(bmap.minima)
        lab = bmap.labels[o]
        np.testing.assert_array_equal(z[lab >= 0], lab[lab >= 0])
        assert (z[lab == maps.NOT_CONVERGED] == K).all() and (z[lab == maps.DIVERGED] == K + 1).all()


def test_score_and_evidence_figures():
    surf = optviz.surface("rosenbrock")
    tuning = maps.tune(surf, [("sgd", {}), ("adam", {})], 16, steps=60)
    fig = score_figure(tuning, "en")
    boxes = [d for d in fig["data"] if d["type"] == "box"]
    assert [b["name"] for b in boxes] == ["SGD", "Adam"]
    for v, b in enumerate(boxes):
        assert len(b["y"]) == int(np.isfinite(tuning.scores[v]).sum())
    assert fig["layout"]["annotations"][0]["text"].startswith(f"{int(tuning.diverged[0].sum())}/16")
    ev = maps.evidence(("ravine",), n_lr=5, steps=50)
    efig = evidence_figure(ev, "ko", criterion="tuning")
    assert np.array(efig["data"][0]["z"]).shape == (5, 1)
