"""optviz.lrlab: the stability bound against real runs (ours and torch.optim.SGD), the vectorised lr
sweep against one run per lr, regime classification, and the schedule-vs-constant runs against
torch.optim.lr_scheduler."""
import math
import re

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler as tl

import optviz
from optviz.studies.lrlab import (classify, lr_drops, lr_grid, lr_sweep, lr_trio, relabel, run_lrs,
                                  schedule_vs_constant, stability)
from optviz.torch_code import torch_loss_lines
from tests.torch_ref import torch_lrs

RAVINE = dict(condition=25.0, angle=30.0)


def torch_sgd_final(H, start, lr, steps, **kw):
    """Final ½θᵀHθ after `steps` steps of torch.optim.SGD (autograd gradient), inf if it blew up."""
    H = torch.tensor(H, dtype=torch.float64)
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, **kw)
    for _ in range(steps):
        opt.zero_grad()
        loss = 0.5 * p @ H @ p
        loss.backward()
        opt.step()
        if not torch.isfinite(p).all() or p.abs().max() > 1e100:
            return math.inf
    return float(0.5 * p.detach() @ H @ p.detach())


# ---- the stability bound ---------------------------------------------------------------------------

BOUNDS = [
    ({}, lambda L: 2 / L),                                                   # GD
    ({"momentum": 0.9}, lambda L: 2 * 1.9 / L),                              # heavy ball 2(1+μ)/L
    ({"momentum": 0.5, "dampening": 0.5}, lambda L: 2 * 1.5 / (0.5 * L)),     # 2(1+μ)/((1−τ)L)
    ({"momentum": 0.9, "nesterov": True}, lambda L: 2 * 1.9 / (2.8 * L)),    # Nesterov 2(1+μ)/((1+2μ)L)
    ({"weight_decay": 0.5}, lambda L: 2 / (L + 0.5)),                        # curvature + weight decay
]
BELOW, ABOVE, STEPS = 0.97, 1.03, 1500


@pytest.mark.parametrize("surf,L", [(optviz.surface("quadratic", scale=4.0), 4.0),
                                    (optviz.surface("ravine", **RAVINE), 25.0),
                                    (optviz.surface("ravine", condition=100.0, angle=0.0), 100.0)])
@pytest.mark.parametrize("kw,bound", BOUNDS)
def test_bound_formula_and_runs_on_both_sides(surf, L, kw, bound):
    st = stability(surf, "sgd", kw)
    assert st.bound == pytest.approx(bound(L), rel=1e-12)
    assert st.L == pytest.approx(L + kw.get("weight_decay", 0.0), rel=1e-12)
    assert st.rate(st.bound) == pytest.approx(1.0, abs=1e-6)       # exactly on the edge
    traj = run_lrs(surf, "sgd", kw, [BELOW * st.bound, ABOVE * st.bound], surf.starts[0], STEPS)
    f0 = traj.losses[0, 0, 0]
    assert traj.diverged_at[0, 0] == -1 and traj.final_losses[0, 0] < 1e-8 * f0     # just below: converges
    assert traj.diverged_at[1, 0] >= 0                                               # just above: blows up


@pytest.mark.parametrize("kw,bound", BOUNDS)
def test_bound_against_torch_sgd(kw, bound):
    """The same two sides with torch.optim.SGD and autograd on ½θᵀHθ (the ravine, centred at 0)."""
    surf = optviz.surface("ravine", **RAVINE)
    lr = bound(25.0)          # hand formula, largest Hessian eigenvalue κ = 25
    start, f0 = surf.starts[0], float(surf.f(surf.starts[:1])[0])
    assert torch_sgd_final(surf.hessian, start, BELOW * lr, STEPS, **kw) < 1e-8 * f0
    assert torch_sgd_final(surf.hessian, start, ABOVE * lr, STEPS, **kw) > 1e6 * f0


@pytest.mark.parametrize("kw", [{}, {"momentum": 0.6}, {"momentum": 0.8, "nesterov": True}])
def test_spectral_radius_is_the_observed_rate(kw):
    """ρ from the 2×2 step matrices equals the measured per-step shrink factor of a long run."""
    surf = optviz.surface("ravine", condition=10.0, angle=20.0)
    st = stability(surf, "sgd", kw)
    for lr in (0.3 * st.bound, 0.7 * st.bound, 0.95 * st.bound):
        H = torch.tensor(surf.hessian)
        p = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=lr, **kw)
        norms = []
        for _ in range(400):
            opt.zero_grad()
            (0.5 * p @ H @ p).backward()
            opt.step()
            norms.append(float(p.detach().norm()))
        observed = (norms[-1] / norms[-201]) ** (1 / 200)
        assert observed == pytest.approx(st.rate(lr), rel=2e-2)


def test_gd_factors_are_one_minus_lr_times_eigenvalues():
    surf = optviz.surface("booth")                    # Hessian [[10, 8], [8, 10]]: eigenvalues 2 and 18
    st = stability(surf, "sgd", {})
    np.testing.assert_allclose(st.curvatures, [2.0, 18.0])
    np.testing.assert_allclose(st.factors(0.1), [1 - 0.2, 1 - 1.8])
    assert st.bound == pytest.approx(2 / 18)


@pytest.mark.parametrize("name,surf,kw", [("adam", "ravine", {}), ("sgd", "rosenbrock", {}),
                                          ("sgd", "saddle", {}), ("sgd", "ravine", {"maximize": True})])
def test_no_bound_where_the_analysis_does_not_apply(name, surf, kw):
    assert stability(optviz.surface(surf), name, kw) is None


# ---- the sweep -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,kw,surf", [("sgd", {"momentum": 0.9}, "rosenbrock"), ("adam", {}, "ravine"),
                                          ("rmsprop", {"centered": True}, "beale"), ("sgd", {}, "ravine")])
def test_sweep_equals_individual_runs(name, kw, surf):
    surf = optviz.surface(surf)
    lrs = lr_grid(1e-4, 3.0, 13)
    sw = lr_sweep(surf, name, {**kw, "lr": 123.0}, surf.starts[0], 150, lrs)   # the given lr is ignored
    np.testing.assert_array_equal(sw.lrs, lrs)
    for k, lr in enumerate(lrs):
        one = optviz.run(surf, [optviz.optimizer(name, lr=float(lr), **kw)], starts=surf.starts[:1], steps=150)
        assert sw.diverged_at[k] == one.diverged_at[0, 0]
        np.testing.assert_allclose(sw.final_losses[k], one.final_losses[0, 0], rtol=1e-12, atol=1e-300)


def test_sweep_diverges_exactly_above_two_over_L():
    """Plain GD on a ravine (L = κ) for 200 steps: every swept lr above 2/κ blows up, none below does,
    and the best lr sits just below the bound."""
    surf = optviz.surface("ravine", **RAVINE)
    sw = lr_sweep(surf, "sgd", {}, surf.starts[0], 200)
    np.testing.assert_allclose(sw.lrs, np.logspace(-5, 1, 60))
    above = sw.lrs > 2 / 25.0
    np.testing.assert_array_equal(sw.diverged_at >= 0, above)
    assert all(r == "diverged" for r, a in zip(sw.regimes, above) if a)
    assert 1 / 25.0 < sw.best_lr < 2 / 25.0
    assert sw.regimes[0] == "small" and sw.regime_of(sw.best_lr) == "good"


def test_classify_by_hand():
    gaps = np.array([5.0, 1.0, 1e-3, 1e-6, 5e-6, 1e-2, 20.0, 0.0])
    div = np.array([0, 0, 0, 0, 0, 0, 0, 1], bool)
    # best 1e-6; good ≤ 1e-5 (one decade) → indices 3, 4; 6 ended above its start (10)
    assert classify(gaps, 10.0, div) == ("small", "small", "small", "good", "good", "big", "big", "diverged")
    assert classify(gaps, 10.0, np.ones(8, bool)) == ("diverged",) * 8
    # the floor: everything below 1e-8 of the start counts as good
    assert classify(np.array([1e-3, 1e-9, 1e-20]), 1.0, np.zeros(3, bool)) == ("small", "good", "good")


def test_grid_and_trio():
    g = lr_grid(1e-5, 10.0, 60)
    assert g[0] == pytest.approx(1e-5) and g[-1] == pytest.approx(10.0) and len(g) == 60
    np.testing.assert_allclose(g[1:] / g[:-1], 10 ** (6 / 59))
    assert lr_trio(0.05, 10.0) == pytest.approx((0.005, 0.05, 0.5))
    with pytest.raises(ValueError):
        lr_trio(0.05, 1.0)
    with pytest.raises(ValueError):
        lr_grid(1.0, 0.1)


def test_torch_loss_lines_describe_the_surface():
    """The torch f(p) printed for quadratic surfaces has the surface's Hessian and minimum
    (checked by evaluating the same numbers with torch at random points)."""
    for name in ("quadratic", "ravine", "booth", "matyas"):
        surf = optviz.surface(name)
        lines = torch_loss_lines(surf)
        literals = " ".join(re.search(r"tensor\((.*), dtype", line).group(1) for line in lines[:2])
        nums = [float(v) for v in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", literals)]
        H = torch.tensor(nums[:4], dtype=torch.float64).reshape(2, 2)
        m = torch.tensor(nums[4:6], dtype=torch.float64)
        pts = torch.randn(20, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
        f = 0.5 * torch.einsum("ni,ij,nj->n", pts - m, H, pts - m)
        np.testing.assert_allclose(f.numpy(), surf.f(pts.numpy()), rtol=1e-9, atol=1e-12)
    assert torch_loss_lines(optviz.surface("rosenbrock")) is None


# ---- schedules against constant lr -----------------------------------------------------------------

def test_schedule_vs_constant_lrs_match_torch():
    surf = optviz.surface("ravine", **RAVINE)
    sched = optviz.with_warmup(optviz.schedule("cosineannealinglr", T_max=300), 40)
    traj = schedule_vs_constant(surf, "sgd", {"lr": 0.03}, sched, surf.starts[0], 400, noise=1.0, seed=3)
    ref = torch_lrs(lambda o: tl.SequentialLR(o, [tl.LinearLR(o, start_factor=1 / 3, total_iters=40),
                                                  tl.CosineAnnealingLR(o, T_max=300)], milestones=[40]), 0.03, 400)
    np.testing.assert_allclose(traj.lrs[0, 0], ref, rtol=1e-12)
    np.testing.assert_array_equal(traj.lrs[1, 0], 0.03)
    # both runs see the same noisy gradient: their first SGD moves differ only by the lr (0.01 vs 0.03)
    g = (traj.positions[:, 0, 1] - traj.positions[:, 0, 0]) / traj.lrs[:, 0, :1]
    np.testing.assert_allclose(g[0], g[1], rtol=1e-12)


def test_plateau_lrs_are_torch_replayed_on_the_losses():
    surf = optviz.surface("ravine", **RAVINE)
    plateau = optviz.schedule("reducelronplateau", factor=0.5, patience=30, cooldown=5)
    traj = schedule_vs_constant(surf, "sgd", {"lr": 0.03}, plateau, surf.starts[0], 500, noise=1.0, seed=0)
    ref = torch_lrs(lambda o: tl.ReduceLROnPlateau(o, factor=0.5, patience=30, cooldown=5), 0.03, 500,
                    metrics=traj.losses[0, 0, 1:])
    np.testing.assert_allclose(traj.lrs[0, 0], ref, rtol=1e-12)
    drops = lr_drops(traj.lrs[0, 0])
    assert len(drops) >= 2
    np.testing.assert_array_equal(drops, np.nonzero(np.diff(ref) < 0)[0] + 1)


def test_lr_drops_and_relabel():
    np.testing.assert_array_equal(lr_drops([1.0, 1.0, 0.5, 0.5, 0.5, 0.05, 0.1, 0.01]), [2, 5, 7])
    surf = optviz.surface("quadratic")
    traj = run_lrs(surf, "sgd", {}, [0.1, 0.2], surf.starts[0], 5)
    assert relabel(traj, ["a", "b"]).labels == ("a", "b")
    with pytest.raises(ValueError):
        relabel(traj, ["a"])
