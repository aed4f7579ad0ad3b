"""The "LR range test" page in Streamlit's AppTest: the plotted curves are the range tests the libraries
return (nets.lr_range_test for the network, optviz.lr_range for surfaces), the suggestions and the
stability bound are marked, every widget works, the Korean text shows, and "try it" opens the network page."""
from functools import partial

import numpy as np
import pytest

import optviz
from optviz import nets
from optviz.studies import lr_range
from optviz.figures._style import color_for
from optviz.optimizers import REGISTRY
from optviz.surfaces import SURFACES
from tests import apptest
from tests.apptest import charts, option_number as _number

PAGE = "views/lr_range_test.py"


open_page = partial(apptest.open_page, PAGE, timeout=90, direct=True)


def by_kind(spec) -> dict:
    return {(d["meta"]["kind"], d["meta"].get("k")): d for d in spec["data"] if "meta" in d}


@pytest.fixture(scope="module")
def at():
    return open_page()


def test_network_curves_are_the_library_range_tests(at):
    spec = charts(at)["lrr_plot"]
    assert spec["layout"]["xaxis"]["type"] == "log"
    data = optviz.dataset("moons")
    refs = [nets.lr_range_test(data, optviz.optimizer("sgd", momentum=0.9), min_lr=1e-5, max_lr=10.0, steps=100,
                               hidden=(32,), batch_size=32),
            nets.lr_range_test(data, optviz.optimizer("adam"), min_lr=1e-5, max_lr=10.0, steps=100, hidden=(32,),
                               batch_size=32)]
    k = by_kind(spec)
    for i, (ref, key) in enumerate(zip(refs, ("sgd+momentum", "adam"))):
        n = len(ref.lrs)
        # the ramp: lr_t = 1e-5 · (10 / 1e-5)^(t / 99), up to where the test stopped
        np.testing.assert_allclose(k["smoothed", i]["x"], 1e-5 * 1e6 ** (np.arange(n) / 99), rtol=1e-3)
        np.testing.assert_allclose(k["raw", i]["y"], ref.losses, rtol=1e-3)
        # the bold curve is the bias-corrected EMA of the raw one (β = 0.98), computed here by hand
        avg, ema = 0.0, []
        for t, x in enumerate(ref.losses):
            avg = 0.98 * avg + 0.02 * x
            ema.append(avg / (1 - 0.98 ** (t + 1)))
        np.testing.assert_allclose(k["smoothed", i]["y"], ema, rtol=1e-3)
        assert k["smoothed", i]["line"]["color"] == color_for(key)
        assert k["steep", i]["x"] == [pytest.approx(ref.suggested_steep)]
        assert k["min10", i]["x"] == [pytest.approx(ref.suggested_min)]
        if ref.stopped_early:                        # stopped because s > 4 × min s: check that by hand
            assert ema[-1] > 4 * min(ema) and all(e <= 4 * min(ema[:j + 1]) for j, e in enumerate(ema[:-1]))
            assert k["stop", i]["x"] == [pytest.approx(ref.lrs[-1])]
    df = at.table[0].value
    assert list(df["optimizer"]) == ["SGD(momentum=0.9)", "Adam"]
    assert list(df["● steepest"]) == [f"{r.suggested_steep:.3g}" for r in refs]
    assert list(df["◆ minimum ÷ 10"]) == [f"{r.suggested_min:.3g}" for r in refs]


def test_surface_mode_marks_the_stability_bound():
    at = open_page(lrrwhere="surface")
    specs = charts(at)
    assert set(specs) == {"lrr_plot", "lrr_paths"}
    spec = specs["lrr_plot"]
    surf = optviz.surface("quadratic")                       # L = 1: SGD + momentum 0.9 is stable below 3.8
    bound = 2 * 1.9 / surf.lipschitz
    lines = [s["x0"] for s in spec["layout"]["shapes"] if s["type"] == "line"]
    assert lines == [pytest.approx(bound)]
    assert "2(1+μ)/L = 3.8" in spec["layout"]["annotations"][0]["text"]
    rt = lr_range.range_test(surf, [optviz.optimizer("sgd", momentum=0.9), optviz.optimizer("adam")],
                             min_lr=1e-5, max_lr=100.0)
    k = by_kind(spec)
    sgd = rt.tests[0]
    assert sgd.stopped_early and sgd.lrs[-1] > bound                # the blow-up comes only past the bound
    assert sgd.suggested_steep < bound and sgd.suggested_min < bound
    assert k["steep", 0]["x"] == [pytest.approx(sgd.suggested_steep)]
    np.testing.assert_allclose(k["raw", 0]["y"], sgd.losses, rtol=1e-3, atol=1e-300)
    assert spec["layout"]["yaxis"]["type"] == "log"
    # the path: starts at the chosen start, lr growing along it
    paths = [d for d in specs["lrr_paths"]["data"] if d.get("mode") == "lines" and d.get("name", "").startswith("SGD")]
    assert (paths[0]["x"][0], paths[0]["y"][0]) == pytest.approx(tuple(surf.starts[0]), rel=1e-4)
    assert at.table[0].value["why it stopped"][0] == ("the run diverged" if sgd.diverged
                                                          else "smoothed loss > 4× best")
    code = apptest.open_code(at).code[0].value
    assert "ExponentialLR(optimizer, gamma=" in code and "momentum=0.9" in code


def test_try_button_opens_the_network_page_with_the_suggestion():
    at = open_page(lrrk="1")
    steep = float(at.table[0].value["● steepest"][0])
    at.button(key="lrr_try0").click().run()
    assert not at.exception
    assert any("Real network" in t.value for t in at.title)
    assert at.selectbox(key="w:rn0n").value == "sgd"
    assert at.select_slider(key="w:rn0momentum").value == 0.9
    lr = at.select_slider(key="w:rn0lr").value
    assert abs(np.log10(lr) - np.log10(steep)) < 0.06                      # the nearest slider value


@pytest.mark.parametrize("where", ["network", "surface"])
def test_every_slider_at_both_ends(where):
    at = open_page(lrrwhere=where, lrrsteps="40")
    keys = [w.key for w in list(at.slider) + list(at.select_slider) if w.key and w.key.startswith("w:lrr")]
    assert {"w:lrrmin", f"w:lrrmax{where}", "w:lrrsteps", "w:lrrbeta", "w:lrrstop", "w:lrrk"} <= set(keys)
    for key in keys:
        if not any(x.key == key for x in list(at.slider) + list(at.select_slider)):
            continue
        w = at.slider(key=key) if any(s.key == key for s in at.slider) else at.select_slider(key=key)
        ends = (w.min, w.max) if w.type == "slider" else (_number(w.options[0]), _number(w.options[-1]))
        for v in ends:
            w = at.slider(key=key) if w.type == "slider" else at.select_slider(key=key)
            w.set_value(v).run()
            assert not at.exception, (key, v, [e.message for e in at.exception])
            assert "lrr_plot" in charts(at) or at.error, (key, v)
        if key in ("w:lrrsteps", "w:lrrlayers"):             # keep the remaining runs small
            at.slider(key=key).set_value(40 if key == "w:lrrsteps" else 1).run()


def test_every_selectbox_option_once():
    at = open_page(lrrk="1", lrrsteps="30")
    for name in REGISTRY:
        at.selectbox(key="w:lrr0n").set_value(name).run()
        assert not at.exception, name
        smoothed = by_kind(charts(at)["lrr_plot"])["smoothed", 0]
        assert smoothed["line"]["color"] == color_for("sgd+momentum" if name == "sgd" else name)  # slot 1: μ = 0.9
    at.selectbox(key="w:lrr0n").set_value("sgd").run()
    for name in optviz.DATASETS:
        at.selectbox(key="w:lrrds").set_value(name).run()
        assert not at.exception, name
    for act in ("tanh", "gelu", "sigmoid", "relu"):
        at.selectbox(key="w:lrract").set_value(act).run()
        assert not at.exception, act
    at.radio(key="w:lrrwhere").set_value("surface").run()
    for name in [s for s in SURFACES if s != "custom"]:
        at.selectbox(key="w:lrrss").set_value(name).run()
        assert not at.exception, name
        assert "lrr_plot" in charts(at), name
        for i in range(1, len(at.selectbox(key="w:lrrstart").options)):
            at.selectbox(key="w:lrrstart").set_value(i).run()
            assert not at.exception, (name, i)
        at.selectbox(key="w:lrrstart").set_value(0)
    at.selectbox(key="w:lrrss").set_value("custom").run()
    assert not at.exception
    at.toggle(key="w:lrrlogsurface").set_value(False).run()
    assert charts(at)["lrr_plot"]["layout"]["yaxis"]["type"] == "linear"


def test_korean():
    at = open_page(lang="ko", lrrsteps="40")
    assert any("학습률 범위 테스트" in t.value for t in at.title)
    assert any("두 추천값 읽는 법" in s.value for s in at.subheader)
    spec = charts(at)["lrr_plot"]
    assert spec["layout"]["xaxis"]["title"]["text"] == "학습률"
    assert "중단 이유" in at.table[0].value.columns
