"""The learning-rate lab page (Streamlit AppTest): chart data, the stability table, every widget."""
import json
from functools import partial

import numpy as np
import pytest

import optviz
from tests import apptest
from tests.apptest import charts, slider_ends, n_charts
from ui.state import PAGE_KEYS

PAGE = "views/lr_lab.py"
KAPPA = 25.0          # default surface: ravine, condition 25 (largest curvature), angle 30


open_page = partial(apptest.open_page, PAGE)


@pytest.fixture(scope="module")
def at():
    return open_page()


def test_default_page_charts(at):
    specs = charts(at)
    assert set(specs) >= {"lrl_paths", "lrl_loss", "lrl_sweep"}
    surf = optviz.surface("ravine", condition=KAPPA, angle=30.0)

    # three panels, each path starting at the surface's first suggested start
    paths = [d for d in specs["lrl_paths"]["data"] if d.get("mode") == "lines+markers"]
    assert len(paths) == 3
    for d in paths:
        np.testing.assert_allclose([d["x"][0], d["y"][0]], surf.starts[0], rtol=1e-4)
    # the too-big run (0.05 × 10 = 0.5 > 2/κ) is marked diverged, at the step an independent run says
    ref = optviz.run(surf, [optviz.optimizer("sgd", lr=0.5)], starts=surf.starts[:1], steps=200)
    k = int(ref.diverged_at[0, 0])
    assert k > 0
    marks = [d for d in specs["lrl_paths"]["data"] if d.get("name") == "diverged"]
    assert len(marks) == 1 and marks[0]["xaxis"] == "x3" and marks[0]["meta"]["diverged_at"] == k
    assert f"diverged at step {k}" in marks[0]["text"][0]
    loss_marks = [d for d in specs["lrl_loss"]["data"] if d.get("mode") == "markers+text"]
    assert [m["text"][0] for m in loss_marks] == [f"diverged at step {k}"]

    # sweep: x = the 60 log-spaced lrs; every lr above 2/κ shows as ✕ (GD's factor |1 − ηκ| > 1)
    sweep = specs["lrl_sweep"]
    main = sweep["data"][0]
    lrs = np.logspace(-5, 1, 60)
    np.testing.assert_allclose(main["x"], lrs, rtol=1e-4)
    above = lrs > 2 / KAPPA
    assert [y is None for y in main["y"]] == above.tolist()
    crosses = next(d for d in sweep["data"] if d.get("name") == "diverged")
    np.testing.assert_allclose(crosses["x"], lrs[above], rtol=1e-4)
    assert crosses["marker"]["symbol"] == "x"
    # finite points: loss − 0 of an independent run at the same lr
    for i in (0, 20, 33):
        one = optviz.run(surf, [optviz.optimizer("sgd", lr=float(lrs[i]))], starts=surf.starts[:1], steps=200)
        assert main["y"][i] == pytest.approx(one.final_losses[0, 0], rel=1e-4)
    # the bound 2/κ and 1/κ as vertical lines, the three chosen lrs as dashed lines
    xs = [s["x0"] for s in sweep["layout"]["shapes"] if s["type"] == "line" and s["xref"] == "x"]
    for x in (2 / KAPPA, 1 / KAPPA, 0.005, 0.05, 0.5):
        assert any(abs(v - x) < 1e-9 for v in xs), x


def test_stability_table_predicts_the_runs(at):
    df = at.table[0].value
    assert list(df.iloc[:, 0]) == ["too small", "good", "too big"]
    rho = df["ρ (largest)"].astype(float).to_numpy()
    # GD on the ravine: ρ = max |1 − ηλ| over λ ∈ {1, κ}
    expected = [max(abs(1 - lr), abs(1 - lr * KAPPA)) for lr in (0.005, 0.05, 0.5)]
    np.testing.assert_allclose(rho, expected, rtol=1e-3)
    for pred, actual in zip(df["prediction"], df["actual run"]):
        assert ("diverges" in pred) == ("diverged" in actual)
    assert any("bound is η < **0.08**" in m.value for m in at.markdown)


def test_momentum_moves_the_bound(at):
    at.select_slider(key="w:lrlhsgdmomentum").set_value(0.9).run()
    assert not at.exception
    shapes = charts(at)["lrl_sweep"]["layout"]["shapes"]
    xs = [s["x0"] for s in shapes if s["type"] == "line" and s["xref"] == "x"]
    assert any(abs(v - 2 * 1.9 / KAPPA) < 1e-9 for v in xs)          # heavy ball: 2(1+μ)/L
    assert not any(abs(v - 1 / KAPPA) < 1e-9 for v in xs)             # 1/L is drawn for plain GD only
    at.toggle(key="w:lrlhsgdnesterov").set_value(True).run()
    xs = [s["x0"] for s in charts(at)["lrl_sweep"]["layout"]["shapes"] if s["type"] == "line" and s["xref"] == "x"]
    assert any(abs(v - 2 * 1.9 / (2.8 * KAPPA)) < 1e-9 for v in xs)  # Nesterov: 2(1+μ)/((1+2μ)L)
    at.toggle(key="w:lrlhsgdnesterov").set_value(False)
    at.select_slider(key="w:lrlhsgdmomentum").set_value(0.0).run()


def test_use_best_button_sets_the_good_lr():
    at = open_page()
    best = next(d for d in charts(at)["lrl_sweep"]["data"] if d["name"].startswith("best lr"))["x"][0]
    at.button(key="lrl_use_best").click().run()
    assert not at.exception
    w = at.select_slider(key="w:lrlgood")
    options = [float(o) for o in w.options]
    good = w.value
    assert good == min(options, key=lambda o: abs(np.log(o) - np.log(best)))   # the nearest slider option
    paths = [d for d in charts(at)["lrl_paths"]["data"] if d.get("mode") == "lines+markers"]
    assert f"η = {good:.3g}" in paths[1]["name"]


def test_direct_mode_and_bad_order():
    at = open_page()
    at.radio(key="w:lrlmode").set_value("direct").run()
    assert not at.exception and len(charts(at)) >= 3
    at.select_slider(key="w:lrlsmall").set_value(1.0).run()           # too small > good: a clear message
    assert not at.exception
    assert any("must increase" in e.value for e in at.error)
    assert not charts(at)


def test_korean():
    at = open_page("ko")
    assert any("학습률 실험실" in t.value for t in at.title)
    names = [d.get("name", "") for d in charts(at)["lrl_paths"]["data"]]
    assert any("너무 큼" in n for n in names)
    assert any("발산" in str(d.get("text")) for d in charts(at)["lrl_paths"]["data"])


def test_every_slider_at_both_ends():
    at = open_page()
    keys = [w.key for w in list(at.slider) + list(at.select_slider) if w.key and w.key.startswith("w:lrl")]
    assert {"w:lrlsteps", "w:lrlgood", "w:lrlfac", "w:lrlhsgdmomentum"} <= set(keys)
    for key, v in slider_ends(at, keys):
        assert not at.exception, (key, v)
        assert n_charts(at) or at.error, (key, v)


def test_every_selectbox_option():
    at = open_page()
    for key in ("w:lrlopt", "w:lrls", "w:lrlstart"):
        n = len(at.selectbox(key=key).options)
        for i in range(n):
            at.selectbox(key=key).select_index(i).run()
            assert not at.exception, (key, i)
            assert len(charts(at)) == 3 or at.error, (key, i)
            specs = charts(at)
            if specs:
                assert len(json.dumps(specs["lrl_paths"])) < 300_000
        at.selectbox(key=key).select_index(0).run()


def test_settings_live_in_the_url():
    # set once the home page ran (it owns the URL until we switch)
    at = open_page(after_home={"lrlhsgdmomentum": "0.9", "lrlfac": "3"})
    assert at.select_slider(key="w:lrlfac").value == 3.0
    xs = [s["x0"] for s in charts(at)["lrl_sweep"]["layout"]["shapes"] if s["type"] == "line" and s["xref"] == "x"]
    assert any(abs(v - 2 * 1.9 / KAPPA) < 1e-9 for v in xs)
    assert any(abs(v - 0.05 * 3) < 1e-9 for v in xs)
    # the page's own settings (set here from a link) are recorded for the URL writer
    assert {"lrlfac", "lrlgood", "lrlhsgdmomentum", "lrlsteps"} <= set(at.session_state[PAGE_KEYS])


def test_invalid_hyperparameters_give_a_message():
    at = open_page()
    at.toggle(key="w:lrlhsgdnesterov").set_value(True).run()      # Nesterov needs momentum > 0
    assert not at.exception
    assert any("Nesterov" in e.value for e in at.error)
    assert not charts(at)
