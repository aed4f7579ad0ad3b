"""optviz.lr_range (the range test on 2-D surfaces, its smoothing and suggestions) and the real-network
figures and scripts (optviz.figures.nets).

References: torch itself (ExponentialLR, an SGD loop, a plain nn.Sequential training script run in a
subprocess), hand-computed moving averages and suggestions, GD's stability bound 2/L, and nets' own
records for what the figures must show.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import optviz
from optviz import nets
from optviz.studies import lr_range
from optviz import torch_code
from optviz.figures import nets as fig
from optviz.figures._style import styles

ROOT = Path(__file__).resolve().parent.parent
MOONS = optviz.dataset("moons")
OPTS = [optviz.optimizer("sgd", lr=0.1), optviz.optimizer("sgd", lr=0.05, momentum=0.9),
        optviz.optimizer("adam", lr=0.01), optviz.optimizer("sgd", lr=30.0)]


@pytest.fixture(scope="module")
def hist():
    return optviz.train(MOONS, OPTS, epochs=6, batch_size=32, hidden=(32,), seed=0)


# ---- smoothing, stop rule, suggestions ------------------------------------------------------------

def ema_by_hand(losses, beta):
    avg, out = 0.0, []
    for t, x in enumerate(losses):
        avg = beta * avg + (1 - beta) * x
        out.append(avg / (1 - beta ** (t + 1)))
    return np.array(out)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.98])
def test_smoothing_is_the_bias_corrected_ema(beta):
    losses = np.random.default_rng(1).uniform(0.1, 3.0, size=(3, 40))
    np.testing.assert_allclose(lr_range.smooth(losses, beta), np.stack([ema_by_hand(r, beta) for r in losses]),
                               rtol=1e-12)
    # β = 0 keeps the raw loss; a constant loss stays constant (the bias correction removes the pull to 0)
    np.testing.assert_allclose(lr_range.smooth(losses, 0.0), losses, rtol=1e-15)
    np.testing.assert_allclose(lr_range.smooth(np.full(30, 2.5), beta), 2.5, rtol=1e-12)


def test_stop_index_by_hand():
    s = np.array([[5, 4, 3, 2, 7, 9, 20, 1], [5, 4, 3, 2, 1, 1, 1, 1]], dtype=float)
    # row 0: best so far is 2 at t = 3; 7 ≤ 4·2 but 9 > 8 at t = 5 → keep 6 points. row 1 never blows up.
    np.testing.assert_array_equal(lr_range.stop_index(s, 4.0), [6, 8])
    np.testing.assert_array_equal(lr_range.stop_index(s, 3.0), [5, 8])          # 7 > 3·2 at t = 4
    valid = np.ones_like(s, dtype=bool)
    valid[1, 3:] = False                                                         # diverged before t = 3
    np.testing.assert_array_equal(lr_range.stop_index(s, 4.0, valid), [6, 3])


def test_suggestions_by_hand():
    lrs = 10.0 ** np.linspace(-5, 1, 20)
    s = np.linspace(3.0, 2.0, 20)                # gentle slope …
    s[8:] -= 1.0                                 # … a cliff between t = 7 and 8 …
    s[13:] = s[12] + np.arange(7) * 0.5          # … and the lowest point at t = 12
    steep, low = lr_range.suggest(lrs, s)
    assert steep == pytest.approx(lrs[7]) and low == pytest.approx(lrs[12] / 10)
    # only the first n points count: with n = 10 the minimum is at t = 9, and the steep search covers
    # t ∈ [1, 4) (from n//10, up to the last 5 points), before the cliff
    steep, low = lr_range.suggest(lrs, s, n=np.array(10))
    assert lrs[1] <= steep <= lrs[3] and low == pytest.approx(lrs[9] / 10)
    # the steep search skips the first 10 % and the last 5 points: a cliff at t = 0 → 1 is ignored
    s2 = np.linspace(3.0, 2.0, 20)
    s2[1:] -= 1.0
    assert lr_range.suggest(lrs, s2)[0] != pytest.approx(lrs[0])


def test_same_smoothing_and_suggestions_as_the_network_test():
    r = nets.lr_range_test(MOONS, "sgd", min_lr=1e-4, max_lr=10.0, steps=60, hidden=(16,), momentum=0.9)
    np.testing.assert_allclose(lr_range.smooth(r.losses), r.smoothed, rtol=1e-12)
    steep, low = lr_range.suggest(r.lrs, r.smoothed)
    assert (float(steep), float(low)) == (r.suggested_steep, r.suggested_min)
    assert len(r.lrs) == int(lr_range.stop_index(r.smoothed)) or not r.stopped_early


# ---- the 2-D range test ---------------------------------------------------------------------------------

def test_ramp_is_torch_exponential_lr():
    surf = optviz.surface("quadratic", scale=0.3)     # too flat to blow up before max_lr: every step is kept
    rt = lr_range.range_test(surf, [optviz.optimizer("adam")], min_lr=1e-4, max_lr=1.0, steps=50)
    p = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([p], lr=1e-4)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=(1.0 / 1e-4) ** (1 / 49))
    ref = []
    for _ in range(50):
        ref.append(sched.get_last_lr()[0])
        opt.step()
        sched.step()
    x = rt.tests[0]
    assert not x.stopped_early and len(x.lrs) == 50
    np.testing.assert_allclose(x.lrs, ref, rtol=1e-12)
    np.testing.assert_allclose(x.lrs, lr_range.lr_ramp(1e-4, 1.0, 50), rtol=1e-12)


def test_losses_follow_a_torch_loop():
    """SGD + momentum on the ravine, lr growing through ExponentialLR: the recorded loss at step t is
    f at the point before step t, exactly as a torch loop sees it."""
    surf = optviz.surface("ravine", condition=25.0, angle=30.0)
    rt = lr_range.range_test(surf, [optviz.optimizer("sgd", momentum=0.9)], min_lr=1e-4, max_lr=10.0, steps=80)
    c, s = np.cos(np.radians(30)), np.sin(np.radians(30))
    p = torch.tensor(surf.starts[0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=1e-4, momentum=0.9)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=(10.0 / 1e-4) ** (1 / 79))
    x = rt.tests[0]
    ref = []
    for _ in range(len(x.losses)):
        u, v = c * p[0] + s * p[1], -s * p[0] + c * p[1]
        loss = 0.5 * (u * u + 25.0 * v * v)
        ref.append(loss.item())
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    np.testing.assert_allclose(x.losses, ref, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(x.smoothed, ema_by_hand(ref, 0.98), rtol=1e-9)


@pytest.mark.parametrize("scale", [0.5, 2.0, 3.0, 5.0, 7.0, 30.0])
def test_quadratic_suggestions_lie_below_2_over_L(scale):
    """GD on ½s‖θ‖² shrinks the loss by (1 − ηs)² per step: below 2/L it cannot blow up, so the test
    only stops past 2/L, and both suggestions land below it."""
    surf = optviz.surface("quadratic", scale=scale)
    bound = 2 / surf.lipschitz
    rt = lr_range.range_test(surf, [optviz.optimizer("sgd")], start=surf.starts[1], min_lr=1e-5, max_lr=100.0)
    x = rt.tests[0]
    assert x.stopped_early and x.lrs[-1] > bound
    assert x.suggested_steep < bound and x.suggested_min < bound
    below = x.lrs < bound                        # while the lr is stable the loss never rises
    assert np.all(np.diff(x.losses[below]) <= 1e-12 * x.losses[0])


def test_momentum_stops_past_its_own_bound_and_divergence_stops_the_test():
    surf = optviz.surface("ravine", condition=25.0, angle=30.0)
    opts = [optviz.optimizer("sgd"), optviz.optimizer("sgd", momentum=0.9), optviz.optimizer("adam")]
    rt = lr_range.range_test(surf, opts, min_lr=1e-5, max_lr=100.0, steps=120)
    assert [x.label for x in rt.tests] == ["SGD", "SGD(momentum=0.9)", "Adam"]
    assert [x.color_key for x in rt.tests] == ["sgd", "sgd+momentum", "adam"]
    assert rt.traj.labels == ("SGD", "SGD(momentum=0.9)", "Adam")
    for x, bound in zip(rt.tests[:2], (2 / 25, 2 * 1.9 / 25)):
        assert x.stopped_early and x.lrs[-1] > bound
    for i, x in enumerate(rt.tests):
        d = int(rt.traj.diverged_at[i, 0])
        if d >= 0:
            assert len(x.lrs) <= d                               # nothing after the divergence is read
        # "diverged" means the divergence ended the test: the smoothed loss had not yet blown up before it
        blown = lr_range.smooth(np.maximum(rt.traj.losses[i, 0, :d] - rt.f_ref, 0)) if d > 0 else np.zeros(0)
        before = bool(np.any(blown > 4 * np.minimum.accumulate(blown))) if d > 0 else False
        assert x.diverged == (d >= 0 and not before)
        assert np.all(np.isfinite(x.losses)) and np.all(x.losses >= 0)


def test_range_test_rejects_bad_settings():
    surf = optviz.surface("quadratic")
    sgd = optviz.optimizer("sgd")
    for kw in (dict(min_lr=1.0, max_lr=0.1), dict(steps=3), dict(beta=1.0), dict(stop_factor=1.0)):
        with pytest.raises(ValueError):
            lr_range.range_test(surf, [sgd], **kw)


def test_unbounded_surface_measures_from_its_grid_minimum_and_stops_where_the_run_escapes():
    surf = optviz.surface("saddle")
    rt = lr_range.range_test(surf, [optviz.optimizer("sgd")], min_lr=1e-5, max_lr=100.0, steps=120)
    assert rt.f_ref == pytest.approx(float(np.nanmin(surf.grid(120)[2])))
    x, d = rt.tests[0], int(rt.traj.diverged_at[0, 0])
    assert np.all(x.losses >= 0)
    # f falls without bound along y, so the loss never "blows up": the test ends where the run escapes
    assert d > 0 and x.diverged and x.stopped_early and len(x.lrs) == d
    assert fig.range_rows(rt.tests, "en")[0]["why it stopped"] == "the run diverged"
    marks = [m for m in fig.range_figure(rt.tests, "en")["data"] if m.get("meta", {}).get("kind") == "stop"]
    assert "diverged" in marks[0]["hovertemplate"]


# ---- figures --------------------------------------------------------------------------------------

def size_kb(f) -> float:
    return len(json.dumps(f)) / 1024


def test_curves_stop_at_divergence(hist):
    assert hist.diverged_at[3] >= 0 and (hist.diverged_at[:3] < 0).all()   # SGD at lr = 30 blows up
    f = fig.curves_figure(hist, "en", "loss")
    train = [d for d in f["data"] if d.get("meta", {}).get("split") == "train"]
    test = [d for d in f["data"] if d.get("meta", {}).get("split") == "test"]
    for k, d in enumerate(train):
        m = hist.epochs if k < 3 else int(hist.diverged_epoch[3])
        assert d["x"] == list(range(m + 1))
        np.testing.assert_allclose(d["y"], [hist.initial_train_loss, *hist.train_loss[k, :m]], rtol=1e-3)
        np.testing.assert_allclose(test[k]["y"], [hist.initial_test_loss, *hist.test_loss[k, :m]], rtol=1e-3)
        assert d["line"]["color"] == styles(hist.color_keys)[k][0] == test[k]["line"]["color"]
        assert test[k]["line"]["dash"] == "dot"
    marks = [d for d in f["data"] if d.get("name") == "diverged"]
    assert len(marks) == 1 and marks[0]["text"] == [f"diverged at step {hist.diverged_at[3]}"]
    assert marks[0]["x"] == [int(hist.diverged_epoch[3])]
    acc = fig.curves_figure(hist, "ko", "accuracy")
    np.testing.assert_allclose(acc["data"][0]["y"][1:], hist.train_accuracy[0], rtol=1e-3)
    assert acc["layout"]["yaxis"]["tickformat"] == ".0%" and "에포크" in acc["layout"]["xaxis"]["title"]["text"]


def test_step_curves_cut_at_diverged_at(hist):
    f = fig.steps_figure(hist, "en", "loss")
    lines = [d for d in f["data"] if d["mode"] == "lines"]
    d = int(hist.diverged_at[3])
    assert lines[0]["x"][-1] == hist.total_steps - 1 and lines[3]["x"][-1] == d - 1
    np.testing.assert_allclose(lines[3]["y"], hist.step_loss[3, :d], rtol=1e-3)
    lr = fig.steps_figure(hist, "en", "lr", log=True)
    assert lr["layout"]["yaxis"]["type"] == "log"
    np.testing.assert_allclose(lr["data"][0]["y"][0], 0.1)
    rows = fig.summary_rows(hist, "en")
    assert [r["status"] for r in rows] == ["trained"] * 3 + [f"diverged at step {d}"]


def test_class_confidence_by_hand():
    probs = np.array([[[0.2, 0.8], [0.5, 0.5]], [[0.9, 0.1], [1.0, 0.0]]])
    np.testing.assert_allclose(fig.class_confidence(probs), [[1 + 0.999 * 0.6, 0.0], [0.999 * 0.8, 0.999]])
    three = np.array([[[0.2, 0.2, 0.6]]])
    np.testing.assert_allclose(fig.class_confidence(three), [[2 + 0.999 * (0.6 - 1 / 3) / (2 / 3)]])


def test_decision_boundaries(hist):
    grids = [nets.predict_grid(hist, MOONS, k, n=40) for k in range(hist.n_optimizers)]
    f = fig.boundaries_figure(grids, MOONS, hist, "en", epoch=6)
    heat = [d for d in f["data"] if d["type"] == "heatmap"]
    assert len(heat) == 4 and all(np.shape(h["z"]) == (40, 40) for h in heat)
    for k, h in enumerate(heat):       # the integer part is the class the network predicts at that point
        xs, ys = np.array(h["x"]), np.array(h["y"])
        gx, gy = np.meshgrid(xs, ys)
        pred = nets.predict(hist, np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32), k).reshape(40, 40)
        agree = np.floor(np.array(h["z"])) == pred
        assert agree.mean() > 0.99                          # a few cells sit exactly on the boundary
    pts = [d for d in f["data"] if d.get("name") == "test"]
    assert len(pts[0]["x"]) == MOONS.n_test
    notes = [a["text"] for a in f["layout"]["annotations"]]
    assert "diverged at step" in notes[3] and "diverged" not in notes[0]
    assert size_kb(f) < 300


def test_confusion_matrix_figure():
    digits = optviz.dataset("digits")
    h = optviz.train(digits, [optviz.optimizer("adam", lr=0.01)], epochs=2, batch_size=64, hidden=(16,))
    cm = nets.confusion_matrix(h, digits, 0)
    f = fig.confusion_figure(cm, digits.class_names, "en")
    z = np.array(f["data"][0]["z"])
    assert z.sum() == digits.n_test and z.shape == (10, 10)
    pred = nets.predict(h, digits.X_test, 0)
    assert np.trace(z) == int((pred == digits.y_test).sum())
    assert f["layout"]["yaxis"]["autorange"] == "reversed"


def test_landscape_figure(hist):
    ls = nets.landscape(hist, MOONS, n=15)
    f = fig.landscape_figure(ls, hist, "en")
    contour = f["data"][0]
    np.testing.assert_allclose(contour["z"], np.log10(ls.loss), rtol=1e-2)
    paths = [d for d in f["data"] if d.get("mode") == "lines+markers"]
    assert len(paths) == 4
    for k, d in enumerate(paths):
        np.testing.assert_allclose(d["x"], ls.paths[k][ls.visible[k], 0], rtol=1e-3, atol=1e-6)
        assert d["customdata"] == hist.snapshot_epochs[ls.visible[k]].tolist()
    assert len(paths[3]["x"]) < len(paths[0]["x"])           # the diverged run's path ends early
    assert size_kb(f) < 100


def test_range_figure_marks_both_suggestions():
    surf = optviz.surface("quadratic", scale=3.0)
    rt = lr_range.range_test(surf, [optviz.optimizer("sgd"), optviz.optimizer("adam")], max_lr=100.0)
    f = fig.range_figure(rt.tests, "en", log_y=True, bounds=[(2 / 3, "2/L", "sgd")])
    assert f["layout"]["xaxis"]["type"] == "log"
    by = {(d["meta"]["kind"], d["meta"].get("k")): d for d in f["data"] if "meta" in d}
    for k, x in enumerate(rt.tests):
        np.testing.assert_allclose(by["smoothed", k]["x"], x.lrs, rtol=1e-3)
        np.testing.assert_allclose(by["smoothed", k]["y"], x.smoothed, rtol=1e-3)
        assert by["steep", k]["x"] == [x.suggested_steep]
        i = int(np.argmin(np.abs(x.lrs - x.suggested_steep)))
        assert by["steep", k]["y"][0] == pytest.approx(x.smoothed[i], rel=1e-3)
    assert ("stop", 0) in by and ("stop", 1) not in by      # SGD blew up; Adam reached max_lr
    assert by["stop", 0]["x"] == [rt.tests[0].lrs[-1]]
    assert f["layout"]["shapes"][0]["x0"] == pytest.approx(2 / 3)
    rows = fig.range_rows(rt.tests, "en")
    assert rows[0]["why it stopped"] == "smoothed loss > 4× best" and rows[1]["why it stopped"] == "reached max_lr"


# ---- the PyTorch scripts ------------------------------------------------------------------------------

def run_script(lines) -> str:
    src = "\n".join(["import torch", ""] + lines)
    out = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, timeout=120, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"})
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_network_script_reproduces_train():
    """The page's script, run by plain torch (autograd, torch.optim, lr_scheduler, clip_grad_norm_), ends
    where optviz.train ends (float64)."""
    opts = [optviz.optimizer("sgd", lr=0.1, momentum=0.9), optviz.optimizer("adam", lr=0.01, weight_decay=1e-3),
            optviz.optimizer("lion", lr=1e-3)]
    sched = optviz.schedule("steplr", step_size=20, gamma=0.5)
    kw = dict(hidden=(8, 8), activation="tanh", epochs=3, batch_size=50, seed=3, schedule=sched,
              schedule_unit="step", clip_grad_norm=1.0, dtype="float64")
    data = optviz.dataset("moons", n_samples=200, noise=0.1, seed=3)
    h = optviz.train(data, opts, **kw)
    lines = torch_code.network_code(data, opts, **kw)
    assert any("not in torch.optim" in s for s in lines)                    # Lion is shown as a comment
    out = run_script(lines)
    found = re.findall(r"train loss ([\d.e-]+), test loss ([\d.e-]+), test accuracy ([\d.]+)", out)
    assert len(found) == 2
    for k, (train_l, test_l, acc) in enumerate(found):     # printed with 6 significant digits
        assert float(train_l) == pytest.approx(h.train_loss[k, -1], rel=1e-5)
        assert float(test_l) == pytest.approx(h.test_loss[k, -1], rel=1e-5)
        assert float(acc) == pytest.approx(h.test_accuracy[k, -1], abs=1e-4)


def test_surface_range_script_finds_the_same_minimum():
    surf = optviz.surface("quadratic", scale=3.0)
    from optviz.torch_code import torch_loss_lines
    opts = [optviz.optimizer("sgd", lr=1e-5), optviz.optimizer("sgd", lr=1e-5, momentum=0.9)]
    rt = lr_range.range_test(surf, opts, min_lr=1e-5, max_lr=100.0)
    lines = torch_code.surface_range_code(torch_loss_lines(surf), surf.starts[0], opts, min_lr=1e-5, max_lr=100.0,
                                   steps=100, f_ref=rt.f_ref)
    found = re.findall(r"suggestion lr=([\d.e+-]+)", run_script(lines))       # 4 significant digits
    assert [float(v) for v in found] == pytest.approx([x.suggested_min for x in rt.tests], rel=6e-4)


def test_range_spread_is_computed_from_the_run():
    """The callout's numbers are the table's: the suggestions and the decades between them."""
    surf = optviz.surface("quadratic", scale=4.0)
    rt = lr_range.range_test(surf, [optviz.optimizer("sgd"), optviz.optimizer("adam")], min_lr=1e-5, max_lr=100.0,
                             steps=120)
    text = fig.range_spread(rt.tests, "en")
    lrs = [x.suggested_steep for x in rt.tests if np.isfinite(x.suggested_steep) and x.suggested_steep > 0]
    assert f"{np.log10(max(lrs) / min(lrs)):.1f} decades" in text
    for x in rt.tests:
        assert x.label in text


def test_coinciding_curves_are_found_and_drawn_visibly():
    """AdamW with weight_decay 0 takes Adam's steps: the pair is reported and the second curve gets markers."""
    h = optviz.train(MOONS, [optviz.optimizer("adam", lr=0.01), optviz.optimizer("adamw", lr=0.01, weight_decay=0.0),
                             optviz.optimizer("sgd", lr=0.1)], epochs=3, batch_size=64, hidden=(8,), seed=0)
    assert fig.coinciding(h) == [(0, 1)]
    train = [d for d in fig.curves_figure(h, "en", "loss")["data"] if d.get("meta", {}).get("split") == "train"]
    assert [d["mode"] for d in train] == ["lines", "lines+markers", "lines"]
