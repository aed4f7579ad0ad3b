"""The schedule lab page (Streamlit AppTest): every schedule's lr curve against torch.optim.lr_scheduler,
ReduceLROnPlateau's lr against torch replayed on the same losses, bad settings, every widget."""
import json
from functools import partial

import numpy as np
import pytest
from torch.optim import lr_scheduler as tl

import optviz
from optviz.studies.lrlab import schedule_vs_constant
from tests import apptest, torch_ref
from tests.apptest import charts, option_number as _number, slider_ends

PAGE = "views/schedule_lab.py"
LR, STEPS, NOISE = 0.03, 500, 1.0          # page defaults: SGD(lr=0.03), 500 steps, gradient noise 1.0
SURF = optviz.surface("ravine", condition=25.0, angle=30.0)
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

# torch's scheduler for each schedule at the page's widget defaults (base lr 0.03, 500 steps)
TORCH = {
    "constant": lambda o: tl.ConstantLR(o, factor=1.0, total_iters=0),
    "steplr": lambda o: tl.StepLR(o, step_size=100, gamma=0.1),
    "multisteplr": lambda o: tl.MultiStepLR(o, milestones=[200, 350], gamma=0.1),
    "exponentiallr": lambda o: tl.ExponentialLR(o, gamma=0.99),
    "cosineannealinglr": lambda o: tl.CosineAnnealingLR(o, T_max=500),
    "cosineannealingwarmrestarts": lambda o: tl.CosineAnnealingWarmRestarts(o, T_0=100),
    "onecyclelr": lambda o: tl.OneCycleLR(o, max_lr=LR, total_steps=STEPS, cycle_momentum=False),
    "linearlr": lambda o: tl.LinearLR(o, start_factor=1.0, end_factor=0.05, total_iters=400),
    "constantlr": lambda o: tl.ConstantLR(o, factor=0.33, total_iters=100),
    "polynomiallr": lambda o: tl.PolynomialLR(o, total_iters=500),
    "cycliclr": lambda o: tl.CyclicLR(o, base_lr=LR / 10, max_lr=LR, step_size_up=100, cycle_momentum=False),
    "warmup": lambda o: tl.LambdaLR(o, lambda k: (k + 1) / 50 if k < 50 else 1.0),
}


def torch_lrs(make, steps=STEPS, metrics=None):
    return torch_ref.torch_lrs(make, LR, steps, metrics)


open_page = partial(apptest.open_page, PAGE)


def lr_curve(spec, i=0):
    d = spec["data"][i]
    return np.array(d["x"]), np.array(d["y"], dtype=float)


@pytest.fixture(scope="module")
def at():
    return open_page()


def test_default_page(at):
    specs = charts(at)
    assert set(specs) == {"scl_lr", "scl_paths", "scl_plateau"}     # scl_paths holds the loss panel too
    x, y = lr_curve(specs["scl_lr"], 0)
    ref = torch_lrs(TORCH["cosineannealinglr"])
    np.testing.assert_allclose(y, ref[x], rtol=1e-4, atol=1e-12)
    x1, y1 = lr_curve(specs["scl_lr"], 1)
    np.testing.assert_allclose(y1, LR)
    # paths: both runs start at the suggested start; the loss curves are of the same two runs
    paths = [d for d in specs["scl_paths"]["data"] if d.get("mode") == "lines" and d.get("xaxis", "x") == "x"]
    assert len(paths) == 2
    losses = [d for d in specs["scl_paths"]["data"] if d.get("mode") == "lines" and d.get("xaxis") == "x2"]
    assert [d["name"] for d in losses] == [d["name"] for d in paths]
    for d in paths:
        np.testing.assert_allclose([d["x"][0], d["y"][0]], SURF.starts[0], rtol=1e-4)
    assert all(len(json.dumps(v)) < 300_000 for v in specs.values())


def test_plateau_lr_is_torch_replayed_on_the_same_losses(at):
    spec = charts(at)["scl_plateau"]
    ref_traj = schedule_vs_constant(SURF, "sgd", {"lr": LR}, optviz.schedule("reducelronplateau", factor=0.5, patience=50),
                                    SURF.starts[0], STEPS, noise=NOISE, seed=0)
    losses = ref_traj.losses[0, 0]
    loss_trace = spec["data"][0]
    xl = np.array(loss_trace["x"])
    np.testing.assert_allclose(loss_trace["y"], np.maximum(losses[xl], 1e-16), rtol=1e-4)   # same run (f_min = 0)
    ref = torch_lrs(lambda o: tl.ReduceLROnPlateau(o, factor=0.5, patience=50), metrics=losses[1:])
    lr_trace = next(d for d in spec["data"] if d.get("yaxis") == "y2" and d.get("line", {}).get("dash") == "solid")
    x = np.array(lr_trace["x"])
    np.testing.assert_allclose(lr_trace["y"], ref[x], rtol=1e-4)
    drops = np.nonzero(np.diff(ref) < 0)[0] + 1
    assert len(drops) >= 2                                        # the default settings do reduce the lr
    marks = next(d for d in spec["data"] if d.get("marker", {}).get("symbol") == "triangle-down")
    np.testing.assert_array_equal(marks["x"], drops)
    np.testing.assert_allclose(marks["y"], ref[drops], rtol=1e-4)
    lines = [s["x0"] for s in spec["layout"]["shapes"]]
    np.testing.assert_array_equal(lines, drops)


@pytest.mark.parametrize("name", sorted(TORCH))
def test_every_schedule_against_torch(at, name):
    at.selectbox(key="w:scln").set_value(name).run()
    assert not at.exception
    x, y = lr_curve(charts(at)["scl_lr"], 0)
    ref = torch_lrs(TORCH[name])
    np.testing.assert_allclose(y, ref[x], rtol=1e-4, atol=1e-12)
    code = "\n".join(c.value for c in apptest.open_code(at, "code", "plateau").code)
    assert "optimizer.step()" in code and code.index("optimizer.step()") < code.index("scheduler.step()")
    at.selectbox(key="w:scln").set_value("cosineannealinglr").run()


def test_plateau_as_the_main_schedule(at):
    at.selectbox(key="w:scln").set_value("reducelronplateau").run()
    assert not at.exception
    code = "\n".join(c.value for c in apptest.open_code(at, "code", "plateau").code)
    assert "scheduler.step(f(params).item())" in code
    at.selectbox(key="w:scln").set_value("cosineannealinglr").run()


def test_warmup_joins_the_schedule(at):
    at.slider(key="w:sclwarm").set_value(50).run()
    assert not at.exception
    spec = charts(at)["scl_lr"]
    x, y = lr_curve(spec, 0)
    ref = torch_lrs(lambda o: tl.SequentialLR(o, [tl.LinearLR(o, start_factor=1 / 3, total_iters=50),
                                                  tl.CosineAnnealingLR(o, T_max=500)], milestones=[50]))
    np.testing.assert_allclose(y, ref[x], rtol=1e-4)
    band = [s for s in spec["layout"]["shapes"] if s["type"] == "rect"]
    assert band and band[0]["x1"] == 50
    assert "SequentialLR" in "\n".join(c.value for c in apptest.open_code(at).code)
    at.slider(key="w:sclwarm").set_value(0).run()


def test_bad_settings_give_messages(at):
    at.selectbox(key="w:scln").set_value("multisteplr").run()
    at.text_input(key="w:sclmultisteplrmilestones").input("200, abc").run()
    assert not at.exception
    assert any("abc" in e.value for e in at.error)
    assert "scl_lr" not in charts(at) and "scl_plateau" in charts(at)      # the rest of the page stays
    at.text_input(key="w:sclmultisteplrmilestones").input("100 300").run()
    x, y = lr_curve(charts(at)["scl_lr"], 0)
    np.testing.assert_allclose(y, torch_lrs(lambda o: tl.MultiStepLR(o, milestones=[100, 300]))[x], rtol=1e-4)

    # OneCycleLR fixed at 100 total steps cannot run 500 steps: torch's own message, no exception
    at.selectbox(key="w:scln").set_value("onecyclelr").run()
    at.toggle(key="w:sclonecyclelrtotal_stepsauto").set_value(False).run()
    at.slider(key="w:sclonecyclelrtotal_steps").set_value(100).run()
    assert not at.exception
    assert any("total steps is 100" in e.value for e in at.error)
    at.toggle(key="w:sclonecyclelrtotal_stepsauto").set_value(True).run()
    assert not at.error
    at.selectbox(key="w:scln").set_value("cosineannealinglr").run()


def test_korean():
    at = open_page("ko")
    assert any("스케줄 실험실" in t.value for t in at.title)
    assert any("고정 학습률" in d.get("name", "") for d in charts(at)["scl_lr"]["data"])


def test_every_slider_at_both_ends():
    at = open_page()
    keys = [w.key for w in list(at.slider) + list(at.select_slider) if w.key and w.key.startswith("w:scl")]
    assert {"w:sclsteps", "w:sclnoise", "w:sclcosineannealinglrT_max", "w:sclwarm",
            "w:sclpreducelronplateaufactor", "w:sclpreducelronplateaupatience"} <= set(keys)
    for key, v in slider_ends(at, keys):
        assert not at.exception, (key, v)


def test_every_selectbox_option():
    at = open_page()
    keys = [w.key for w in at.selectbox if w.key and w.key.startswith("w:scl")]
    assert {"w:scln", "w:scls", "w:sclstart", "w:scl0n", "w:sclpreducelronplateaumode"} <= set(keys)
    for key in keys:
        n = len(at.selectbox(key=key).options)
        for i in range(n):
            at.selectbox(key=key).select_index(i).run()
            assert not at.exception, (key, i)
        at.selectbox(key=key).select_index(0).run()
    # every schedule's own widgets at both ends of their sliders
    for name in [o for o in TORCH] + ["reducelronplateau"]:
        at.selectbox(key="w:scln").set_value(name).run()
        for w in list(at.slider) + list(at.select_slider):
            if not w.key.startswith(f"w:scl{name}"):
                continue
            ends = (w.min, w.max) if w.type == "slider" else (_number(w.options[0]), _number(w.options[-1]))
            for v in ends:
                (at.slider if w.type == "slider" else at.select_slider)(key=w.key).set_value(v).run()
                assert not at.exception, (w.key, v)
