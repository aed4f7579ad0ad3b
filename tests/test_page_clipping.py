"""AppTest for the "Gradient clipping" page: the exploding step, the clipped runs' bounds, the arrows
at the wall, the shown PyTorch loop against torch itself, every widget, Korean."""
import math
from functools import partial

import numpy as np
import pytest
import torch

import optviz
from optviz.studies.clipping import turn_angle, wall_step
from tests import apptest
from tests.apptest import drive_sliders, specs as charts

PAGE = "views/clipping.py"
START = (0.4, 2.0)
SURF = optviz.surface("cliff")
NONE, NORM, VALUE = "SGD · no clipping", "SGD · norm ≤ 1", "SGD · values in ±1"

open_page = partial(apptest.open_page, PAGE)


def lines(spec):
    return {d["name"]: d for d in spec["data"] if d["type"] == "scatter" and d.get("mode") == "lines"}


@pytest.fixture(scope="module")
def at():
    return open_page()


def test_paths_start_at_start(at):
    paths = lines(charts(at)[0])
    for name in (NONE, NORM, VALUE):
        assert (paths[name]["x"][0], paths[name]["y"][0]) == pytest.approx(START)


def test_unclipped_explodes_clipped_do_not(at):
    norms, steps = (lines(s) for s in charts(at)[1:3])
    assert max(norms[NONE]["y"]) > 100
    assert max(norms[NONE]["y"]) > 100 * max(norms[NORM]["y"])
    assert max(norms[NORM]["y"]) <= 1.0 + 1e-9                           # max_norm = 1
    assert max(norms[VALUE]["y"]) <= math.sqrt(2) + 1e-9                 # both components within ±1
    lr = 0.1
    assert max(steps[NORM]["y"]) <= 1.0 * lr * (1 + 1e-9)                # SGD + norm clipping: ≤ max_norm·lr
    assert max(steps[VALUE]["y"]) <= math.sqrt(2) * lr * (1 + 1e-9)
    assert max(steps[NONE]["y"]) > 100 * lr
    cap = lines(charts(at)[2])["lr × max_norm = 0.1"]
    assert cap["y"] == [0.1, 0.1]


def test_wall_marked_where_the_gradient_jumps(at):
    spec = charts(at)[1]
    marks = [d for d in spec["data"] if d.get("mode", "").startswith("markers") and d.get("name") == NONE]
    k = marks[0]["x"][0]
    norms = lines(spec)[NONE]
    start_norm = float(np.hypot(*SURF.grad(np.array([START]))[0]))
    before = [y for x, y in zip(norms["x"], norms["y"]) if x < k]
    assert max(before) <= 10 * start_norm < norms["y"][norms["x"].index(k)]
    assert "hits the wall at step %d" % k in marks[0]["text"][0]


def test_table(at):
    df = at.table[0].value
    used = [float(v) for v in df["largest ‖g‖ used"]]
    longest = [float(v) for v in df["longest step"]]
    assert used[0] > 100 * used[1] and used[1] == pytest.approx(1.0, rel=1e-6)
    assert longest[1] <= 0.1 * (1 + 1e-6) and longest[0] > 10


def test_arrows_at_the_wall(at):
    """Norm clipping keeps the direction of −g, value clipping clamps each component (hand rules)."""
    spec = charts(at)[0]
    point = [d for d in spec["data"] if d.get("name", "").startswith("hits the wall")][0]
    p = np.array([point["x"][0], point["y"][0]])
    g = SURF.grad(p[None])[0]
    arrows = [a for a in spec["layout"]["annotations"] if a.get("axref") == "x"]
    assert len(arrows) == 3
    d = [np.array([a["x"] - a["ax"], a["y"] - a["ay"]]) for a in arrows]   # raw, norm, value
    assert turn_angle(d[0], -g) < 1e-6 and turn_angle(d[1], -g) < 1e-6
    assert turn_angle(d[2], -np.clip(g, -1.0, 1.0)) < 1e-6
    assert turn_angle(d[2], -g) > 5.0                                     # value clipping turns the step
    # the clipped arrows share one scale: their length ratio is the clipped norms' ratio
    ratio = np.hypot(*d[2]) / np.hypot(*d[1])
    assert ratio == pytest.approx(np.hypot(*np.clip(g, -1, 1)) / min(np.hypot(*g), 1.0), rel=1e-3)


def cliff_torch(p):   # the function the page's PyTorch code defines
    x, y = p
    t = ((x - 1.0) / 0.05).clamp(0.0, 1.0)
    return 0.1 * (x - 3.0) ** 2 + 0.5 * y ** 2 + 10.0 * t ** 3 * (10.0 - 15.0 * t + 6.0 * t ** 2)


def test_pytorch_code_reproduces_the_paths(at):
    code = apptest.open_code(at).code[0].value
    for line in ("t = ((x - 1.0) / 0.05).clamp(0.0, 1.0)", "clip_grad_norm_([params], max_norm=1)",
                 "clip_grad_value_([params], clip_value=1)", "torch.optim.SGD([params], lr=0.1)"):
        assert line in code
    paths = lines(charts(at)[0])
    for name, clip in ((NORM, lambda q: torch.nn.utils.clip_grad_norm_([q], max_norm=1.0)),
                       (VALUE, lambda q: torch.nn.utils.clip_grad_value_([q], clip_value=1.0))):
        q = torch.tensor(START, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([q], lr=0.1)
        for _ in range(200):
            opt.zero_grad()
            cliff_torch(q).backward()
            clip(q)
            opt.step()
        end = (paths[name]["x"][-1], paths[name]["y"][-1])
        assert end == pytest.approx(tuple(q.detach().numpy()), abs=2e-4), name


def test_thresholds_move_the_bounds():
    at = open_page()
    at.select_slider(key="w:clnorm").set_value(0.3).run()
    at.select_slider(key="w:clvalue").set_value(0.1).run()
    steps = lines(charts(at)[2])
    assert max(steps["SGD · norm ≤ 0.3"]["y"]) <= 0.03 * (1 + 1e-9)
    assert max(steps["SGD · values in ±0.1"]["y"]) <= 0.1 * 0.1 * math.sqrt(2) * (1 + 1e-9)


def test_wall_step_helper():
    assert wall_step([1.0, 2.0, 9.0, 11.0, 500.0]) == 3
    assert wall_step([5.0, 6.0, 7.0]) == -1


def test_no_wall_and_invalid_settings():
    at = open_page()
    at.number_input(key="w:clx").set_value(-3.5).run()
    at.slider(key="w:clsteps").set_value(10).run()
    assert not at.exception and any("never hits the wall" in i.value for i in at.info)
    at.toggle(key="w:clnesterov").set_value(True).run()
    assert not at.exception and any("Nesterov" in e.value for e in at.error)


def test_every_widget():
    at = open_page()
    for name in optviz.OPTIMIZERS:
        at.selectbox(key="w:cln").set_value(name).run()
        assert not at.exception, name
    at.selectbox(key="w:cln").set_value("sgd").run()
    drive_sliders(at)


def test_korean():
    at = open_page("ko")
    assert any("기울기 클리핑" in t.value for t in at.title)
    assert "SGD · 클리핑 없음" in lines(charts(at)[0])
    assert "사용한 최대 ‖g‖" in at.table[0].value.columns
