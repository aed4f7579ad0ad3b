"""Stability map, basin map and fair comparison pages in Streamlit's AppTest."""
import json
from functools import partial

import numpy as np
import pytest

import optviz
from optviz.studies import maps
from tests import apptest
from tests.apptest import ok, specs, n_charts

STAB, BASIN, FAIR = "views/stability_map.py", "views/basin_map.py", "views/fair_comparison.py"


open_page = partial(apptest.open_page, timeout=90)


def heatmaps(spec):
    return [d for d in spec["data"] if d["type"] == "heatmap"]


def text(at):
    return " ".join(m.value for m in at.markdown)


# ---- stability map ----------------------------------------------------------------------------

def test_stability_default_map_is_the_grid_and_red_cells_lie_beyond_the_theoretical_limit():
    at = open_page(STAB)
    n = at.slider(key="w:smn").value
    s = specs(at)[0]
    main, red = heatmaps(s)
    z = np.array(main["z"], dtype=float)
    assert z.shape == (n, n)
    theory = [d for d in s["data"] if d.get("mode") == "lines"]
    assert len(theory) == 1, "SGD on the ravine shows the heavy-ball limit"
    # the default ravine (κ = 25): L = 25, limit 2(1 + β)/25
    ys = np.array(main["y"])
    np.testing.assert_allclose(10 ** np.array(theory[0]["x"]), 2 * (1 + ys) / 25, rtol=1e-3)
    rz = np.array(red["z"])
    rx, ry = np.array(red["x"]), np.array(red["y"])
    for i, b in enumerate(ry):
        limit = np.log10(2 * (1 + b) / 25)
        assert (rz[i][rx > limit + 0.05] == 1).all() and (rz[i][rx < limit - 0.05] == 0).all()
    assert np.isnan(z[:, -1]).all() and np.isfinite(z[:, 0]).all(), "largest lr diverged, smallest did not"
    assert "99." in text(at) or "100.0" in text(at), "the agreement with theory is reported"


def test_picking_a_cell_shows_its_run():
    at = open_page(STAB)
    at.select_slider(key="w:smcl").set_value(float(at.select_slider(key="w:smcl").options[-1])).run()
    ok(at)
    assert "diverged at step" in text(at)
    events = next(d for d in specs(at)[1]["data"] if d.get("name") == "events")
    assert any("diverged at step" in e for e in events["text"])
    path = [d for d in specs(at)[1]["data"] if d.get("mode") == "lines"][0]
    assert (path["x"][0], path["y"][0]) == pytest.approx((at.number_input(key="w:smx").value,
                                                          at.number_input(key="w:smy").value), rel=1e-4)


def test_a_click_on_the_map_selects_that_cell():
    at = open_page(STAB)
    s = specs(at)[0]
    click = next(d for d in s["data"] if d.get("name") == "click")
    x, y = click["x"][5], click["y"][-1]
    at.session_state["sm_chart"] = {"click": {"x": x, "y": y, "curve": 0}}     # what a click on the map sends
    at.run()
    ok(at)
    assert np.log10(float(at.select_slider(key="w:smcl").value)) == pytest.approx(x, abs=1e-3)
    assert float(at.select_slider(key="w:smcb").value) == pytest.approx(y, abs=1e-3)


@pytest.mark.parametrize("key,small", [("w:smn", {}), ("w:smsteps", {"w:smn": 10})])
def test_stability_sliders_at_their_limits(key, small):
    at = open_page(STAB)
    for k, v in small.items():
        at.slider(key=k).set_value(v).run()
    for v in (at.slider(key=key).min, at.slider(key=key).max):
        at.slider(key=key).set_value(v).run()
        ok(at, (key, v))
        n = at.slider(key="w:smn").value
        assert np.array(heatmaps(specs(at)[0])[0]["z"]).shape == (n, n)


def test_every_optimizer_surface_and_metric_of_the_stability_page():
    at = open_page(STAB)
    at.slider(key="w:smn").set_value(10).run()
    at.slider(key="w:smsteps").set_value(50).run()
    for name in optviz.OPTIMIZERS:
        at.selectbox(key="w:smopt").set_value(name).run()
        ok(at, name)
        rows = np.array(heatmaps(specs(at)[0])[0]["z"], dtype=float).shape[0]
        assert rows == (10 if maps.beta_param(name) else 1), name
    at.selectbox(key="w:smopt").set_value("sgd").run()
    for name in optviz.SURFACES:
        at.selectbox(key="w:sms").set_value(name).run()
        ok(at, name)
        assert len(specs(at)) == 2, name
    at.selectbox(key="w:sms").set_value("rosenbrock").run()
    seg = next(w for w in at.get("segmented_control") if w.key == "w:smmetric")
    seg.set_value("steps").run()
    ok(at)
    z = np.array(heatmaps(specs(at)[0])[0]["z"], dtype=float)
    assert np.all(np.isnan(z) | (z == np.round(z))), "steps are whole numbers"


def test_bad_ranges_and_nesterov_show_messages():
    at = open_page(STAB)
    at.select_slider(key="w:smlr0").set_value(1.0).run()
    ok(at)
    assert at.error and not n_charts(at)
    at.select_slider(key="w:smlr0").set_value(1e-4).run()
    at.toggle(key="w:smsgdnesterov").set_value(True).run()
    ok(at)
    assert at.error and "Nesterov" in at.error[0].value
    at.select_slider(key="w:smb0sgd").set_value(0.5).run()
    ok(at)
    assert not at.error
    theory = [d for d in specs(at)[0]["data"] if d.get("mode") == "lines"][0]
    b = np.array(theory["y"])
    np.testing.assert_allclose(10 ** np.array(theory["x"]), 2 * (1 + b) / ((1 + 2 * b) * 25), rtol=1e-3)


def test_stability_page_in_korean():
    at = open_page(STAB, lang="ko")
    assert "안정성 지도" in at.title[0].value
    assert "발산" in json.dumps(specs(at)[0], ensure_ascii=False)


# ---- basin map --------------------------------------------------------------------------------

def test_basin_default_maps_colour_starts_by_their_minimum():
    at = open_page(BASIN)
    n = at.slider(key="w:bmn").value
    s = specs(at)[0]
    hs = heatmaps(s)
    assert len(hs) == at.slider(key="w:bmk").value == 3
    surf = optviz.surface("himmelblau")
    for h in hs:
        z = np.array(h["z"])
        assert z.shape == (n, n)
        xs, ys = np.array(h["x"]), np.array(h["y"])
        for k, m in enumerate(surf.minima):      # the start nearest each minimum ends in it
            assert z[np.abs(ys - m[1]).argmin(), np.abs(xs - m[0]).argmin()] == k
    assert len(at.table) == 1 and len(at.table[0].value) == 3


@pytest.mark.parametrize("key,values", [("w:bmk", (1, 4)), ("w:bmn", (10, 100)), ("w:bmsteps", (50, 2000))])
def test_basin_sliders_at_their_limits(key, values):
    at = open_page(BASIN)
    if key != "w:bmn":
        at.slider(key="w:bmn").set_value(10).run()
    for v in values:
        at.slider(key=key).set_value(v).run()
        ok(at, (key, v))
        hs = heatmaps(specs(at)[0])
        assert len(hs) == at.slider(key="w:bmk").value
        n = at.slider(key="w:bmn").value
        assert np.array(hs[0]["z"]).shape == (n, n)


def test_every_surface_and_optimizer_of_the_basin_page():
    at = open_page(BASIN)
    at.slider(key="w:bmn").set_value(10).run()
    at.slider(key="w:bmsteps").set_value(50).run()
    for name in [n for n in optviz.SURFACES if n != "custom" and len(maps.known_minima(optviz.surface(n))[0])]:
        at.selectbox(key="w:bms").set_value(name).run()
        ok(at, name)
        K = len(maps.known_minima(optviz.surface(name))[0])
        z = np.array(heatmaps(specs(at)[0])[0]["z"])
        assert z.min() >= 0 and z.max() <= K + 1, name
    at.selectbox(key="w:bms").set_value("himmelblau").run()
    for name in optviz.OPTIMIZERS:
        at.selectbox(key="w:bm0n").set_value(name).run()
        ok(at, name)
        assert len(heatmaps(specs(at)[0])) == 3


def test_basin_page_in_korean():
    at = open_page(BASIN, lang="ko")
    assert "수렴 영역 지도" in at.title[0].value
    assert "전역 최솟값" in json.dumps(specs(at)[0], ensure_ascii=False)


# ---- fair comparison --------------------------------------------------------------------------

def test_fair_default_scores_table_and_best_against_default():
    at = open_page(FAIR)
    s = specs(at)
    boxes = [d for d in s[0]["data"] if d["type"] == "box"]
    assert [b["name"] for b in boxes] == ["SGD", "SGD+Momentum", "RMSprop", "Adam", "AdamW"]
    stars = [d for d in s[0]["data"] if d.get("marker", {}).get("symbol") == "star"]
    for b, star in zip(boxes, stars):
        assert star["y"][0] == pytest.approx(min(b["y"]), abs=1e-3), "the star is the lowest score of the budget"
    table = at.table[0].value
    assert len(table) == 5
    assert len(s) == 5, "scores, tuned paths, default paths, two loss charts"
    tuned, default = s[1], s[2]
    start = optviz.surface("rosenbrock").starts[0]
    for fig in (tuned, default):
        lines = [d for d in fig["data"] if d.get("mode") == "lines"]
        assert len(lines) == 5
        assert (lines[0]["x"][0], lines[0]["y"][0]) == pytest.approx(tuple(start), rel=1e-4)
    assert s[3]["layout"]["yaxis"]["range"] == s[4]["layout"]["yaxis"]["range"], "one loss axis for both"


def test_fair_budget_limits_search_and_beta():
    at = open_page(FAIR)
    at.slider(key="w:fcsteps").set_value(50).run()
    for v in (8, 256):
        at.select_slider(key="w:fcbudget").set_value(v).run()
        ok(at, v)
        notes = specs(at)[0]["layout"]["annotations"]
        assert all(a["text"].split("<br>")[0].endswith(f"/{v} diverged") for a in notes)
    at.radio(key="w:fcsearch").set_value("random").run()
    ok(at)
    at.number_input(key="w:fcseed").set_value(7).run()
    ok(at)
    at.toggle(key="w:fcbeta").set_value(True).run()
    ok(at)
    assert "β" in " ".join(str(v) for v in at.table[0].value.iloc[1].values)
    at.slider(key="w:fcstarts").set_value(3).run()
    ok(at)
    at.select_slider(key="w:fcbudget").set_value(8).run()
    at.slider(key="w:fcsteps").set_value(2000).run()
    ok(at)
    assert len([d for d in specs(at)[0]["data"] if d["type"] == "box"]) == 5


def test_every_optimizer_and_surface_of_the_fair_page():
    at = open_page(FAIR)
    at.select_slider(key="w:fcbudget").set_value(8).run()
    at.slider(key="w:fcsteps").set_value(50).run()
    options = list(maps.FAIR_VARIANTS)
    for group in (options[:6], options[6:]):
        at.multiselect(key="w:fcopts").set_value(group).run()
        ok(at, group)
        assert len([d for d in specs(at)[0]["data"] if d["type"] == "box"]) == len(group)
    at.multiselect(key="w:fcopts").set_value(["adam"]).run()
    for name in optviz.SURFACES:
        at.selectbox(key="w:fcs").set_value(name).run()
        ok(at, name)
    at.multiselect(key="w:fcopts").set_value([]).run()
    ok(at)
    assert at.error


def test_fair_page_in_korean():
    at = open_page(FAIR, lang="ko")
    assert "공정한 비교" in at.title[0].value
    assert "발산" in specs(at)[0]["layout"]["annotations"][0]["text"]
