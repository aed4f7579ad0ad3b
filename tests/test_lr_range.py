"""One LR range test core, two drivers: the network test returns the same result type as the surface test
and keeps its points by the same rules (stop at a blow-up, never past a non-finite loss)."""
import numpy as np

import optviz
from optviz import nets
from optviz.studies import lr_range


def test_network_and_surface_tests_share_one_result_type():
    assert nets.LRRangeTest is lr_range.RangeTest
    r = nets.lr_range_test(optviz.dataset("moons", n_samples=200), optviz.optimizer("sgd", momentum=0.9),
                           min_lr=1e-4, max_lr=10.0, steps=30, hidden=(8,))
    assert isinstance(r, lr_range.RangeTest)
    assert (r.label, r.color_key) == ("SGD(momentum=0.9)", "sgd+momentum")   # the ramp replaces the lr


def test_network_test_stops_before_a_non_finite_loss_and_says_the_run_diverged():
    # a stop factor no curve reaches: only the loss turning non-finite can end this test early
    r = nets.lr_range_test(optviz.dataset("moons", n_samples=200), "sgd", min_lr=1e2, max_lr=1e30, steps=60,
                           hidden=(8,), stop_factor=1e300)
    assert r.stopped_early and r.diverged and len(r.lrs) < 60
    assert np.all(np.isfinite(r.losses)) and np.all(np.isfinite(r.smoothed))
    np.testing.assert_allclose(r.lrs, 1e2 * (1e28) ** (np.arange(len(r.lrs)) / 59))


def test_core_keeps_points_up_to_the_first_blow_up_or_divergence():
    lrs = lr_range.lr_ramp(1e-3, 1.0, 8)
    flat, rising = [1.0] * 8, [1.0, 1.0, 1.0, 100.0, 1e4, 1e6, 1e8, 1e9]
    a, b, c = lr_range.results(lrs, [flat, rising, flat], 8, beta=0.0, stop_factor=4.0, diverged_at=[-1, -1, 5])
    assert len(a.lrs) == 8 and not a.stopped_early and not a.diverged
    assert len(b.lrs) == 4 and b.stopped_early and not b.diverged          # 100 > 4 × 1 at t = 3, kept
    assert len(c.lrs) == 5 and c.stopped_early and c.diverged              # nothing from the divergence on
