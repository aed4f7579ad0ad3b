"""The "Real network" page in Streamlit's AppTest: curves, divergence, boundaries, confusion matrix,
landscape, caching, every widget, Korean. References are independent optviz.train runs with the same
settings (training is deterministic) and the data sets themselves."""
import json
from functools import partial

import numpy as np
import pytest

import optviz
from optviz.figures._style import color_for
from optviz.optimizers import REGISTRY
from optviz.schedules import SCHEDULES
from tests import apptest
from tests.apptest import charts, option_number as _number
from ui import training

PAGE = "views/real_network.py"
DEFAULT_OPTS = [optviz.optimizer("sgd", lr=0.1), optviz.optimizer("sgd", lr=0.05, momentum=0.9),
                optviz.optimizer("adam", lr=0.01), optviz.optimizer("adamw", lr=0.01)]


open_page = partial(apptest.open_page, PAGE, timeout=90, direct=True)


def split(spec, which="train"):
    return [d for d in spec["data"] if d.get("meta", {}).get("split") == which]


@pytest.fixture(scope="module")
def at():
    return open_page()


def test_default_run_shows_what_train_returns(at):
    specs = charts(at)
    assert set(specs) == {"rn_loss", "rn_acc", "rn_steps", "rn_boundary", "rn_landscape"}
    ref = optviz.train(optviz.dataset("moons"), DEFAULT_OPTS, epochs=20, batch_size=32, hidden=(32,))
    train, test = split(specs["rn_loss"]), split(specs["rn_loss"], "test")
    assert len(train) == len(test) == 4
    for k, d in enumerate(train):
        assert d["x"] == list(range(21))                                    # epoch 0 … 20
        np.testing.assert_allclose(d["y"], [ref.initial_train_loss, *ref.train_loss[k]], rtol=1e-3)
        np.testing.assert_allclose(test[k]["y"], [ref.initial_test_loss, *ref.test_loss[k]], rtol=1e-3)
        assert d["line"]["color"] == color_for(DEFAULT_OPTS[k].color_key)   # red, blue, green, purple
    acc = split(specs["rn_acc"])
    np.testing.assert_allclose([d["y"][-1] for d in acc], ref.train_accuracy[:, -1], rtol=1e-3)
    # the step chart: one mini-batch loss per step (450 / 32 → 15 steps per epoch)
    steps = [d for d in specs["rn_steps"]["data"] if d["mode"] == "lines"]
    assert steps[0]["x"][-1] == 20 * 15 - 1
    # decision boundaries: one 60 × 60 heat map per optimizer, the test set drawn on each
    heat = [d for d in specs["rn_boundary"]["data"] if d["type"] == "heatmap"]
    assert len(heat) == 4 and all(np.shape(h["z"]) == (60, 60) for h in heat)
    assert len(next(d for d in specs["rn_boundary"]["data"] if d.get("name") == "test")["x"]) == 150
    # landscape: four paths, all from the same start
    paths = [d for d in specs["rn_landscape"]["data"] if d.get("mode") == "lines+markers"]
    assert len(paths) == 4 and len({(p["x"][0], p["y"][0]) for p in paths}) == 1
    # the table: final test accuracy per optimizer
    df = at.table[0].value
    assert list(df["optimizer"]) == list(ref.labels)
    assert list(df["test accuracy"]) == [f"{a:.1%}" for a in ref.test_accuracy[:, -1]]
    for s in specs.values():
        assert len(json.dumps(s)) < 300_000


def test_view_changes_do_not_retrain(at):
    n = training.trainings
    at.segmented_control(key="w:rnwhat").set_value("grad_norm").run()
    at.toggle(key="w:rnlog").set_value(True).run()
    at.select_slider(key="w:rnbep").set_value(5).run()
    at.slider(key="w:rnln").set_value(11).run()
    assert not at.exception
    assert training.trainings == n
    assert np.shape(charts(at)["rn_landscape"]["data"][0]["z"]) == (11, 11)
    at.slider(key="w:rnep").set_value(19).run()                              # a real setting: trains again
    assert training.trainings == n + 1 and not at.exception


def test_live_view_only_while_training(monkeypatch):
    calls = []
    original = training.LiveView.__call__

    def spy(self, epoch, partial):
        calls.append((epoch, partial.epochs_done, partial.train_loss.shape))
        return original(self, epoch, partial)

    monkeypatch.setattr(training.LiveView, "__call__", spy)
    at = open_page(rnep="4", rnseed="4321", rnk="2")       # settings no other test trains
    assert [c[0] for c in calls] == [1, 2, 3, 4]             # one update per epoch, with the partial record
    assert [c[1] for c in calls] == [1, 2, 3, 4] and calls[-1][2] == (2, 4)
    assert not at.get("progress")                            # removed once training is done
    at.toggle(key="w:rnlog").set_value(True).run()           # a view change: served from the cache
    at.slider(key="w:rnep").set_value(4).run()
    assert len(calls) == 4 and not at.exception


def test_huge_lr_sgd_diverges_and_its_curves_stop():
    at = open_page(rnep="5")
    at.select_slider(key="w:rn0lr").set_value(10.0).run()
    assert not at.exception
    ref = optviz.train(optviz.dataset("moons"), [optviz.optimizer("sgd", lr=10.0), *DEFAULT_OPTS[1:]], epochs=5,
                       batch_size=32, hidden=(32,))
    d, e = int(ref.diverged_at[0]), int(ref.diverged_epoch[0])
    assert d >= 0 and (ref.diverged_at[1:] < 0).all()
    specs = charts(at)
    train = split(specs["rn_loss"])
    assert train[0]["x"] == list(range(e + 1)) and train[1]["x"] == list(range(6))
    marks = [m for m in specs["rn_loss"]["data"] if m.get("name") == "diverged"]
    assert [m["text"][0] for m in marks] == [f"diverged at step {d}"]
    steps = [s for s in specs["rn_steps"]["data"] if s["mode"] == "lines"]
    assert steps[0]["x"][-1] == d - 1                                        # cut at diverged_at
    assert at.table[0].value["status"][0] == f"diverged at step {d}"
    boundary_notes = [a["text"] for a in specs["rn_boundary"]["layout"]["annotations"]]
    assert f"diverged at step {d}" in boundary_notes[0]


def test_digits_confusion_matrix_counts_the_test_set():
    at = open_page(rnds="digits", rnep="3")
    specs = charts(at)
    assert "rn_boundary" not in specs and "rn_confusion" in specs
    digits = optviz.dataset("digits")
    z = np.array(specs["rn_confusion"]["data"][0]["z"])
    assert z.shape == (10, 10) and z.sum() == digits.n_test == 450
    ref = optviz.train(digits, DEFAULT_OPTS, epochs=3, batch_size=32, hidden=(32,))
    k = ref.best()
    assert at.selectbox(key="w:rncm").value == k
    assert np.trace(z) == round(ref.test_accuracy[k, -1] * digits.n_test)
    at.selectbox(key="w:rncm").set_value(0).run()
    z0 = np.array(charts(at)["rn_confusion"]["data"][0]["z"])
    assert np.trace(z0) == round(ref.test_accuracy[0, -1] * digits.n_test)
    assert any(f"{np.trace(z0)} of 450" in c.value for c in at.caption)


def test_torch_code_matches_the_settings(at):
    code = apptest.open_code(at).code[0].value
    assert "torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))" in code
    for o in DEFAULT_OPTS:
        assert o.torch_code("params").replace("optimizer = ", "") in code
    assert f"for epoch in range({at.slider(key='w:rnep').value})" in code
    assert "optviz.dataset('moons', n_samples=600, noise=0.2, seed=0)" in code


def test_schedule_and_clipping_reach_training():
    at = open_page(rnep="2", rnk="1", rnschn="steplr", rnclip="norm")
    assert not at.exception
    at.select_slider(key="w:rnclipat").set_value(0.1).run()
    at.slider(key="w:rnschsteplrstep_size").set_value(7).run()
    assert not at.exception
    lr = [d for d in charts(at)["rn_steps"]["data"] if d["mode"] == "lines"]
    at.segmented_control(key="w:rnwhat").set_value("lr").run()
    lr = [d for d in charts(at)["rn_steps"]["data"] if d["mode"] == "lines"][0]
    sched = optviz.schedule("steplr", step_size=7, gamma=0.1)
    np.testing.assert_allclose(lr["y"], sched.lrs(0.1, 30), rtol=1e-4)        # 2 epochs × 15 steps
    code = apptest.open_code(at).code[0].value
    assert "clip_grad_norm_(model.parameters(), max_norm=0.1)" in code and "StepLR" in code


def test_every_slider_at_both_ends():
    at = open_page(rnep="2", rnclip="value")
    keys = [w.key for w in list(at.slider) + list(at.select_slider) if w.key and w.key.startswith("w:rn")]
    assert {"w:rnn", "w:rnnoisemoons", "w:rnlayers", "w:rnw0", "w:rnep", "w:rnbs", "w:rnk", "w:rn0lr",
            "w:rnclipat", "w:rnbep", "w:rnln", "w:rnlspan"} <= set(keys)
    for key in keys:
        if key == "w:rnep" or not any(x.key == key for x in list(at.slider) + list(at.select_slider)):
            continue                        # epochs: exercised alone below; gone: e.g. fewer optimizers now
        w = at.slider(key=key) if any(s.key == key for s in at.slider) else at.select_slider(key=key)
        if w.type == "slider":
            ends = (w.min, w.max)
        else:
            ends = (_number(w.options[0]), _number(w.options[-1]))
            ends = tuple(int(v) if float(v).is_integer() and isinstance(w.value, int) else v for v in ends)
        for v in ends:
            w = at.slider(key=key) if w.type == "slider" else at.select_slider(key=key)
            w.set_value(v).run()
            assert not at.exception, (key, v, [e.message for e in at.exception])
            assert charts(at) or at.error, (key, v)
        if key in ("w:rnlayers", "w:rnk", "w:rnn"):            # keep the remaining runs small
            w = at.slider(key=key)
            w.set_value(w.min if key != "w:rnk" else 4).run()


def test_largest_network_caps_the_landscape_grid():
    at = open_page(rnep="1", rnk="2", rnlayers="3", rnw0="256", rnw1="256", rnw2="256")
    assert not at.exception
    n_params = (2 * 256 + 256) + 2 * (256 * 256 + 256) + (256 * 2 + 2)
    w = at.slider(key="w:rnln")
    assert w.max == training.landscape_max_n(n_params) == 5            # 25 · 132 866 ≤ 4 M numbers
    assert np.shape(charts(at)["rn_landscape"]["data"][0]["z"]) == (5, 5)
    assert any(f"{n_params:,} weights per network" in c.value for c in at.caption)


def test_epochs_slider_ends():
    at = open_page(rnk="2")
    for v in (1, 100):
        at.slider(key="w:rnep").set_value(v).run()
        assert not at.exception
        assert split(charts(at)["rn_loss"])[0]["x"][-1] == v


def test_every_selectbox_option_once():
    at = open_page(rnep="1", rnk="1")
    for name in optviz.DATASETS:
        at.selectbox(key="w:rnds").set_value(name).run()
        assert not at.exception, name
        specs = charts(at)
        assert ("rn_boundary" in specs) == optviz.dataset(name).is_2d
    at.selectbox(key="w:rnds").set_value("moons").run()
    for act in ("tanh", "gelu", "sigmoid", "relu"):
        at.selectbox(key="w:rnact").set_value(act).run()
        assert not at.exception, act
    for name in REGISTRY:
        at.selectbox(key="w:rn0n").set_value(name).run()
        assert not at.exception, name
        assert split(charts(at)["rn_loss"])[0]["line"]["color"] == color_for(name)
    at.selectbox(key="w:rn0n").set_value("sgd").run()
    for name in [s for s in SCHEDULES if s not in ("lambdalr", "sequentiallr")]:
        at.selectbox(key="w:rnschn").set_value(name).run()
        assert not at.exception, name
        assert charts(at) or at.error, name
    for unit in ("epoch", "step"):
        at.radio(key="w:rnunit").set_value(unit).run()
        assert not at.exception
    for kind in ("norm", "value", "none"):
        at.radio(key="w:rnclip").set_value(kind).run()
        assert not at.exception
    for method in ("random", "pca"):
        at.radio(key="w:rnlm").set_value(method).run()
        assert not at.exception
    at.toggle(key="w:rnland").set_value(False).run()
    assert "rn_landscape" not in charts(at)


def test_korean():
    at = open_page(lang="ko", rnep="2")
    assert any("실제 신경망" in t.value for t in at.title)
    assert any("눈여겨볼 점" in s.value for s in at.subheader)
    spec = charts(at)["rn_loss"]
    assert spec["layout"]["xaxis"]["title"]["text"] == "에포크"
    assert "상태" in at.table[0].value.columns
