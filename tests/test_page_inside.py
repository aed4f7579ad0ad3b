"""AppTest for the "Inside the optimizer" page: the note's worked numbers in the step table, the
bias-correction and weight-decay charts, bad input, every widget, Korean."""
import math
from functools import partial

import pytest

import optviz
from tests import apptest
from tests.apptest import drive_sliders, specs as charts

PAGE = "views/inside.py"

open_page = partial(apptest.open_page, PAGE)


def table(at, n=0):
    return at.table[n].value


def column(df, prefix):
    """The column whose header starts with `prefix` (headers carry a symbol, then words)."""
    cols = [c for c in df.columns if c.startswith(prefix)]
    assert len(cols) == 1, (prefix, list(df.columns))
    return [float(v) for v in df[cols[0]]]


def trace_named(spec, name):
    found = [d for d in spec["data"] if d.get("name") == name]
    assert found, (name, [d.get("name") for d in spec["data"]])
    return found[0]


@pytest.fixture(scope="module")
def at():
    return open_page()


@pytest.fixture(scope="module")
def at_bias():
    return open_page(after_home={"insec": "bias"})


@pytest.fixture(scope="module")
def at_wd():
    return open_page(after_home={"insec": "wd"})


def test_one_part_at_a_time(at, at_bias, at_wd):
    """Only the part picked is computed and drawn."""
    assert [len(charts(a)) for a in (at, at_bias, at_wd)] == [1, 1, 2]
    assert [len(a.table) for a in (at, at_bias, at_wd)] == [1, 1, 1]


def test_momentum_worked_example_in_table(at):
    df = table(at)
    assert column(df, "v (momentum_buffer)") == pytest.approx([2.0, 3.6], rel=1e-12)
    assert column(df, "Δθ (move)") == pytest.approx([-0.2, -0.36], rel=1e-12)
    assert column(df, "g") == [2.0, 1.8]
    text = " ".join(m.value for m in at.markdown)
    assert "**3.6**" in text and "**-0.36**" in text


def test_trace_chart_shows_the_table(at):
    spec = charts(at)[0]
    bars = [d for d in spec["data"] if d["type"] == "bar"]
    assert bars[0]["y"] == pytest.approx([-0.2, -0.36])
    assert trace_named(spec, "v (momentum_buffer)")["y"] == pytest.approx([2.0, 3.6])


def test_rmsprop_worked_example():
    at = open_page()
    at.selectbox(key="w:inex").set_value("rmsprop").run()
    assert not at.exception
    df = table(at)
    assert column(df, "s (square_avg)") == pytest.approx([10.0, 23.4], rel=1e-12)
    moves = column(df, "Δθ (move)")
    assert [round(abs(d), 3) for d in moves] == [0.316, 0.248]
    assert moves == pytest.approx([-0.1 * 10 / (math.sqrt(10) + 1e-8), -0.1 * 12 / (math.sqrt(23.4) + 1e-8)])
    note = column(df, "Δθ, note's form")
    assert [round(abs(d), 3) for d in note] == [0.316, 0.248]
    assert any("0.316, 0.248" in i.value and "outside" in i.value for i in at.info)


def test_adam_example_bias_corrected_moments():
    at = open_page()
    at.selectbox(key="w:inex").set_value("adam").run()
    df = table(at)
    g = column(df, "g")
    assert column(df, "m̂")[0] == pytest.approx(g[0], rel=1e-12)
    assert column(df, "v̂")[0] == pytest.approx(g[0] ** 2, rel=1e-12)
    assert column(df, "m (exp_avg)")[0] == pytest.approx(0.1 * g[0], rel=1e-12)
    assert abs(column(df, "Δθ (move)")[0]) == pytest.approx(0.1, rel=1e-6)   # lr, whatever g


def test_bias_correction_chart_and_first_steps(at_bias):
    at = at_bias
    spec = charts(at)[0]
    both = trace_named(spec, "both corrected (Adam)")["y"]
    no_m = trace_named(spec, "m not corrected")["y"]
    none = trace_named(spec, "neither corrected")["y"]
    assert both == pytest.approx([1.0] * len(both), rel=1e-6)          # step = lr from the first one
    assert no_m[0] == pytest.approx(0.1, rel=1e-4)                      # (1 − β₁)·lr
    assert none[0] == pytest.approx(0.1 / math.sqrt(0.001), rel=1e-4)   # (1 − β₁)/√(1 − β₂)·lr
    first = table(at, 0)
    adam = [float(v) for v in first["Adam |Δθ₁|"]]
    sgd = [float(v) for v in first["SGD |Δθ₁|"]]
    gs = [abs(float(v)) for v in first.iloc[:, 0]]
    assert adam == pytest.approx([0.01] * len(gs), rel=1e-4)
    assert sgd == pytest.approx([0.01 * g for g in gs], rel=1e-12)


def test_adam_l2_vs_adamw(at_wd):
    at = at_wd
    surf = optviz.surface("himmelblau")
    paths = charts(at)[0]
    named = [d for d in paths["data"] if d.get("name", "").startswith(("Adam(", "AdamW("))
             and d.get("mode") == "lines"]
    assert len(named) == 2
    for d in named:
        assert (d["x"][0], d["y"][0]) == pytest.approx(tuple(surf.starts[0]), abs=1e-3)
    decay = charts(at)[1]
    adamw = trace_named(decay, "AdamW · x")["y"]
    l2 = trace_named(decay, "Adam + L2 · x")["y"]
    assert adamw == pytest.approx([0.05 * 0.5] * len(adamw), rel=1e-6)     # lr·λ, every step
    assert max(l2[5:]) < 0.05 * 0.5 / 2                                     # divided by √v̂ + ε
    ends = table(at, 0)
    norms = [float(v) for v in ends["‖θ‖"]]
    assert norms[1] < norms[0]                 # AdamW pulled closer to the origin here


def test_start_moves_with_the_widget():
    at = open_page(after_home={"insec": "wd"})
    at.number_input(key="w:inwdx").set_value(1.0).run()
    at.number_input(key="w:inwdy").set_value(-1.0).run()
    paths = charts(at)[0]
    line = [d for d in paths["data"] if d.get("name", "").startswith("Adam(") and d.get("mode") == "lines"][0]
    assert (line["x"][0], line["y"][0]) == pytest.approx((1.0, -1.0))


@pytest.mark.parametrize("text,needle", [("2.0, abc", "abc"), ("2.0,,1", "2"), ("1, inf", "inf"), ("", "1")])
def test_bad_gradients_keep_text_and_explain(text, needle):
    at = open_page()
    at.text_input(key="w:inmomentumg").input(text).run()
    assert not at.exception
    assert at.text_input(key="w:inmomentumg").value == text
    assert any("gradient" in e.value and needle in e.value for e in at.error)
    assert len(at.table) == 0            # the step table is gone, the page stays
    at.text_input(key="w:inmomentumg").input("3, 1").run()
    assert column(table(at), "g") == [3.0, 1.0] and not at.error


def test_invalid_optimizer_settings_do_not_crash():
    at = open_page()
    at.selectbox(key="w:inex").set_value("custom").run()
    at.selectbox(key="w:incustomn").set_value("sgd").run()
    at.toggle(key="w:incustomnesterov").set_value(True).run()   # Nesterov needs momentum > 0
    assert not at.exception
    assert any("Nesterov" in e.value for e in at.error)


def test_every_widget():
    at = open_page()
    for ex in ("momentum", "rmsprop", "adam", "custom"):
        at.selectbox(key="w:inex").set_value(ex).run()
        assert not at.exception
    for name in optviz.OPTIMIZERS:
        at.selectbox(key="w:incustomn").set_value(name).run()
        assert not at.exception, name
        assert len(at.table) == 1, name      # every optimizer gives a step table
    at.segmented_control(key="w:insec").set_value("wd").run()
    names = ("himmelblau", "booth", "rosenbrock", "beale", "quadratic", "ravine")
    assert len(at.selectbox(key="w:inwds").options) == len(names)
    for n in names:
        at.selectbox(key="w:inwds").set_value(n).run()
        assert not at.exception, n
    drive_sliders(at, skip_gone=True)
    at.segmented_control(key="w:insec").set_value("bias").run()
    drive_sliders(at, skip_gone=True)
    at.segmented_control(key="w:insec").set_value("steps").run()
    for ex in ("momentum", "rmsprop"):
        at.selectbox(key="w:inex").set_value(ex).run()
        drive_sliders(at, skip_gone=True)


def test_korean():
    at = open_page("ko")
    assert any("옵티마이저 내부" in t.value for t in at.title)
    assert any("한 스텝씩" in h.value for h in at.subheader)
    assert "스텝 t" in table(at).columns
    en = open_page()
    assert not any("옵티마이저 내부" in t.value for t in en.title)
