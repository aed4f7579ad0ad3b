"""AppTest for the "Batch size & noise" page, and its figure helpers against the runner and theory."""
import math
from functools import partial

import numpy as np
import pytest

import optviz
from optviz.figures.noise import batch_noise_std, distances, wander_rows
from tests import apptest
from tests.apptest import drive_sliders, specs as charts

PAGE = "views/batch_noise.py"
SURF = optviz.surface("ravine", condition=25.0, angle=30.0)   # the page's default surface and knobs

open_page = partial(apptest.open_page, PAGE)


def paths(spec):
    """name -> (x, y) of every path line in a paths figure."""
    return {d["name"]: (d["x"], d["y"]) for d in spec["data"] if d.get("mode") == "lines" and d["type"] == "scatter"}


@pytest.fixture(scope="module")
def at():
    return open_page()


# ---- helpers against the runner and theory ---------------------------------------------------

def test_batch_noise_std_formula():
    assert batch_noise_std(2.0, 1, 1000) == pytest.approx(2.0)
    assert batch_noise_std(2.0, 1000, 1000) == 0.0
    assert batch_noise_std(2.0, 64, 1000) == pytest.approx(2.0 * math.sqrt(936 / (64 * 999)))


@pytest.mark.parametrize("B", [1, 8, 64])
def test_batch_noise_std_is_what_the_runner_draws(B):
    """One SGD step with lr = 1 from 4000 copies of one start: the noise is the difference from the
    noise-free step, and its std per coordinate must be the formula's."""
    surf = optviz.surface("quadratic")
    start = np.tile([[1.0, -2.0]], (4000, 1))
    sgd = optviz.optimizer("sgd", lr=1.0)
    clean = optviz.run(surf, [sgd], starts=start, steps=1).positions[0, :, 1]
    noisy = optviz.run(surf, [sgd], starts=start, steps=1, noise=3.0, batch_size=B, dataset_size=500,
                       seed=4).positions[0, :, 1]
    xi = clean - noisy
    assert xi.std() == pytest.approx(batch_noise_std(3.0, B, 500), rel=0.03)


def test_wandering_matches_sgd_stationary_spread():
    """SGD on ½ s‖θ‖² with noise std σ_B: θ ← (1 − ηs)θ − ηξ has stationary variance
    η²σ_B² / (1 − (1 − ηs)²) per coordinate, so RMS distance = σ_B·η·√(2 / (1 − (1 − ηs)²))."""
    surf = optviz.surface("quadratic", scale=2.0)
    lr, sigma, N = 0.05, 1.5, 1000
    runs = [(b, optviz.run(surf, [optviz.optimizer("sgd", lr=lr)], starts=[[0.0, 0.0]], steps=20000, noise=sigma,
                           batch_size=b, dataset_size=N, seed=3)) for b in (1, 16)]
    rows = wander_rows(surf, runs, sigma, N, from_step=1000)
    for (b, _), row in zip(runs, rows):
        theory = batch_noise_std(sigma, b, N) * lr * math.sqrt(2 / (1 - (1 - lr * 2.0) ** 2))
        assert float(row["RMS distance (last half)"]) == pytest.approx(theory, rel=0.06)
    assert float(rows[0]["RMS distance (last half)"]) / float(rows[1]["RMS distance (last half)"]) == pytest.approx(
        batch_noise_std(sigma, 1, N) / batch_noise_std(sigma, 16, N), rel=0.08)


def test_distances_none_without_minimum():
    surf = optviz.surface("saddle")
    traj = optviz.run(surf, [optviz.optimizer("sgd", lr=0.01)], steps=5)
    assert distances(surf, traj) is None


# ---- the page ------------------------------------------------------------------------------

def test_default_paths_start_at_start(at):
    spec = charts(at)[0]
    lines = paths(spec)
    assert set(lines) == {"SGD (B = 1)", "B = 8", "B = 64", "batch GD (B = 1000)"}
    sx, sy = (round(float(v), 3) for v in SURF.starts[0])
    for x, y in lines.values():
        assert (x[0], y[0]) == pytest.approx((sx, sy), abs=1e-9)


def test_full_batch_is_noise_free(at):
    spec = charts(at)[0]
    x, y = paths(spec)["batch GD (B = 1000)"]
    start = [round(float(v), 3) for v in SURF.starts[0]]
    clean = optviz.run(SURF, [optviz.optimizer("sgd", lr=0.03)], starts=[start], steps=400).positions[0, 0]
    assert (x[-1], y[-1]) == pytest.approx(tuple(clean[-1]), rel=1e-4, abs=1e-9)
    x1, y1 = paths(spec)["SGD (B = 1)"]
    assert abs(x1[-1] - clean[-1, 0]) + abs(y1[-1] - clean[-1, 1]) > 1e-3


def test_table_noise_and_one_over_sqrt_b(at):
    df = at.table[0].value
    stds = [float(v) for v in df["noise std σ_B"]]
    assert stds == pytest.approx([batch_noise_std(2.0, b, 1000) for b in (1, 8, 64, 1000)], rel=1e-3)
    rms = [float(v) for v in df["RMS distance (last half)"]]
    assert rms[0] > rms[1] > rms[2] > rms[3]
    ratio = [float(v) for v in df["RMS distance ÷ σ_B"][:3]]
    assert max(ratio) / min(ratio) < 1.15         # spread ∝ σ_B ∝ 1/√B (same draws, quadratic bowl)
    assert rms[0] / rms[2] == pytest.approx(stds[0] / stds[2], rel=0.15)


def test_zoom_and_distance_charts(at):
    spec = charts(at)
    zoom = spec[1]
    (x0, x1), (y0, y1) = zoom["layout"]["xaxis"]["range"], zoom["layout"]["yaxis"]["range"]
    assert x1 - x0 < 1.0 and x0 < 0 < x1 and y0 < 0 < y1          # around the minimum at the origin
    dist = spec[3]
    full = [d for d in dist["data"] if d.get("name") == "batch GD (B = 1000)"][0]
    assert full["y"][-1] < 1e-3


def test_same_seed_same_picture_new_noise_changes_it():
    at = open_page()
    before = paths(charts(at)[0])
    at.run()
    assert paths(charts(at)[0]) == before
    at.button[0].click().run()
    assert at.number_input(key="w:bnseed").value == 1
    after = paths(charts(at)[0])
    assert after["SGD (B = 1)"] != before["SGD (B = 1)"]
    assert after["batch GD (B = 1000)"] == before["batch GD (B = 1000)"]


def test_epoch_axis():
    at = open_page()
    at.radio(key="w:bnper").set_value("epoch").run()
    loss = charts(at)[2]
    assert loss["layout"]["xaxis"]["type"] == "log"
    lines = {d["name"]: d["x"] for d in loss["data"]}
    assert lines["SGD (B = 1)"][-1] == pytest.approx(400 / 1000)    # 400 steps of 1 example
    assert lines["batch GD (B = 1000)"][-1] == pytest.approx(400)    # one step per epoch


def test_escape_example():
    at = open_page()
    at.button[1].click().run()
    assert not at.exception
    assert at.selectbox(key="w:bns").value == "six_hump_camel"
    df = at.table[0].value
    final = [float(v) for v in df["final loss"]]
    surf = optviz.surface("six_hump_camel")
    local = [float(v) for v in surf.f(surf.local_minima)]
    assert min(abs(final[-1] - v) for v in local) < 0.02    # full batch stays in a local minimum …
    assert final[-1] > surf.f_min + 1.0                     # … well above the global one
    assert final[0] < final[-1] - 1.0                       # B = 1 (seed 0) is shaken out of it


def test_start_widget_and_no_batches():
    at = open_page()
    at.number_input(key="w:bnx").set_value(1.5).run()
    at.number_input(key="w:bny").set_value(-2.0).run()
    for x, y in paths(charts(at)[0]).values():
        assert (x[0], y[0]) == pytest.approx((1.5, -2.0))
    at.multiselect(key="w:bnB").set_value([]).run()
    assert not at.exception and any("at least one" in i.value for i in at.info)


def test_surface_without_minimum_and_invalid_optimizer():
    at = open_page()
    at.selectbox(key="w:bns").set_value("saddle").run()
    assert not at.exception and any("no known minimum" in i.value for i in at.info)
    at.toggle(key="w:bnnesterov").set_value(True).run()
    assert not at.exception and any("Nesterov" in e.value for e in at.error)


def test_every_widget():
    at = open_page()
    for name in optviz.OPTIMIZERS:
        at.selectbox(key="w:bnn").set_value(name).run()
        assert not at.exception, name
    at.selectbox(key="w:bnn").set_value("sgd").run()
    for name in optviz.SURFACES:
        at.selectbox(key="w:bns").set_value(name).run()
        assert not at.exception, name
    at.selectbox(key="w:bns").set_value("ravine").run()
    drive_sliders(at)


def test_korean():
    at = open_page("ko")
    assert any("배치 크기와 노이즈" in t.value for t in at.title)
    assert "노이즈 표준편차 σ_B" in at.table[0].value.columns
    assert "배치 GD (B = 1000)" in paths(charts(at)[0])
