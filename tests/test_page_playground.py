"""Playground and home page in Streamlit's AppTest."""
import json
from functools import partial

import pytest

import optviz
from tests import apptest
from tests.apptest import specs


open_page = partial(apptest.open_page, direct=True)


def paths(spec):
    return [d for d in spec["data"] if d.get("type") == "scatter" and d.get("mode") == "lines"
            and d.get("xaxis", "x") == "x"]


def loss_lines(spec):
    """The loss curves: the second panel (axes x2/y2) of the animated paths figure."""
    return [d for d in spec["data"] if d.get("mode") == "lines" and d.get("xaxis") == "x2"]


def test_home_shows_live_example_with_three_paths():
    at = open_page()
    s = specs(at)
    assert len(s) == 1
    assert len(paths(s[0])) == 3 and s[0]["frames"], "three animated paths on the home example"
    assert len(loss_lines(s[0])) == 3, "and their loss curves beside them"
    start = optviz.surface("ravine", condition=50, angle=30).starts[0]
    assert paths(s[0])[0]["x"][0] == pytest.approx(start[0], rel=1e-4)


def test_playground_default_paths_start_at_the_chosen_point_and_table_matches():
    at = open_page("views/playground.py")
    x0, y0 = at.number_input(key="w:pgx").value, at.number_input(key="w:pgy").value
    s = specs(at)
    ps = paths(s[0])
    assert len(ps) == 4
    for p in ps:
        assert (p["x"][0], p["y"][0]) == pytest.approx((x0, y0), rel=1e-4)
    assert len(at.table) == 1 and len(at.table[0].value) == 4
    # the loss chart has one curve per optimizer, x runs over the steps
    loss = loss_lines(s[0])
    assert len(loss) == 4 and loss[0]["x"][-1] == at.slider(key="w:pgsteps").value


def test_moving_the_start_moves_every_path():
    at = open_page("views/playground.py")
    at.number_input(key="w:pgx").set_value(0.5)
    at.number_input(key="w:pgy").set_value(-0.5)
    at.run()
    assert not at.exception
    for p in paths(specs(at)[0]):
        assert (p["x"][0], p["y"][0]) == pytest.approx((0.5, -0.5))


def test_too_big_lr_is_marked_diverged_in_chart_and_table():
    at = open_page("views/playground.py")
    at.slider(key="w:pgk").set_value(1)
    at.run()
    at.select_slider(key="w:pg0lr").set_value(at.select_slider(key="w:pg0lr").options[-1])
    at.run()
    assert not at.exception
    s = specs(at)
    events = next(d for d in s[0]["data"] if d.get("name") == "events")
    assert any("diverged at step" in txt for txt in events["text"])
    status = at.table[0].value.iloc[0, -1]
    assert "diverged at step" in status


def test_every_surface_optimizer_and_schedule_option_runs():
    at = open_page("views/playground.py")
    at.slider(key="w:pgsteps").set_value(60)
    for name in optviz.SURFACES:
        at.selectbox(key="w:pgs").set_value(name).run()
        assert not at.exception, (name, [e.message for e in at.exception])
        assert len(specs(at)) == 1
    at.selectbox(key="w:pgs").set_value("rosenbrock").run()
    for name in optviz.OPTIMIZERS:
        at.selectbox(key="w:pg0n").set_value(name).run()
        assert not at.exception, (name, [e.message for e in at.exception])
    for name in at.selectbox(key="w:pgschn").options:
        at.selectbox(key="w:pgschn").set_value(name).run()
        assert not at.exception, (name, [e.message for e in at.exception])
        assert len(specs(at)) == 1 or at.error, name


@pytest.mark.parametrize("key,ends", [("w:pgsteps", True), ("w:pgk", True)])
def test_sliders_at_their_limits(key, ends):
    at = open_page("views/playground.py")
    lo, hi = at.slider(key=key).min, at.slider(key=key).max
    for v in (lo, hi):
        at.slider(key=key).set_value(v).run()
        assert not at.exception
        assert len(specs(at)) == 1


def test_bad_formula_shows_message_and_keeps_text():
    at = open_page("views/playground.py")
    at.selectbox(key="w:pgs").set_value("custom").run()
    bad = "__import__('os').system('echo hi')"
    at.text_input(key="w:pgformula").input(bad).run()
    assert not at.exception
    assert at.error and "not allowed" in at.error[0].value
    assert at.text_input(key="w:pgformula").value == bad
    at.text_input(key="w:pgformula").input("x**2 + (y-1)**2").run()
    assert not at.exception and not at.error
    assert len(specs(at)) == 1


def test_korean_and_shared_link_settings():
    at = open_page("views/playground.py", lang="ko", pgsteps="200", pgk="2")
    assert "플레이그라운드" in at.title[0].value
    assert at.slider(key="w:pgsteps").value == 200
    assert len(paths(specs(at)[0])) == 2
    en = open_page("views/playground.py")
    assert "Playground" in en.title[0].value


def test_3d_view_lifts_paths_above_the_surface():
    at = open_page("views/playground.py")
    at.get("segmented_control")  # the view switch
    seg = [w for w in at.get("segmented_control") if w.key == "w:pgview"][0]
    seg.set_value("3d").run()
    assert not at.exception
    s = specs(at)[0]
    lines = [d for d in s["data"] if d["type"] == "scatter3d" and d["mode"] == "lines"]
    assert len(lines) == 4
    surf = optviz.surface("rosenbrock")
    from optviz.figures.paths import surface_values
    import numpy as np
    for d in lines:
        xy = np.column_stack([d["x"], d["y"]])
        under = surface_values(surf, surf.f(xy))
        assert np.all(np.array(d["z"]) > under), "paths drawn above the mesh"


def test_animation_frames_carry_only_what_moves():
    """A slider move resends the whole figure: its 90 frames hold thin moving paths that hover with
    their name only (a template naming steps would point at the wrong points), and the last frame
    restores every full path with its step/loss hover."""
    at = open_page("views/playground.py")
    fig = specs(at)[0]
    spec = json.dumps(fig, separators=(",", ":"))
    full = {i: d for i, d in enumerate(fig["data"]) if d.get("mode") == "lines" and d.get("xaxis", "x") == "x"}
    frames = [f for f in fig["frames"] if f.get("group") == "play"]
    assert len(frames) == 90
    for f in frames[:-1]:
        moving = [d for i, d in zip(f["traces"], f["data"]) if i in full]
        assert len(moving) == 4
        for d in moving:
            assert len(d["x"]) <= 11 and d["hovertemplate"] == "" and d["hoverinfo"] == "name"
    last = {i: d for i, d in zip(frames[-1]["traces"], frames[-1]["data"]) if i in full}
    for i, d in full.items():
        assert last[i]["x"] == d["x"] and last[i]["hovertemplate"] == d["hovertemplate"]
        assert "customdata[0]" in d["hovertemplate"]
    assert len(spec) < 180_000, len(spec)        # 90 frames; 60 frames took 160 kB with a hover template in each


def test_a_slider_move_sends_only_the_changed_run():
    """The figure stays in the page: a lr move sends a patch (the moved run's traces and frames), a
    fraction of the whole figure, that rebuilds exactly the figure the page built (checked by specs)."""
    at = open_page("views/playground.py")
    full = apptest.sent(at.get("bidi_component")[0])
    assert "full" in full
    whole = len(json.dumps(full["full"], separators=(",", ":")))
    lr = at.select_slider(key="w:pg0lr") if any(w.key == "w:pg0lr" for w in at.select_slider) else at.slider(key="w:pg0lr")
    before = specs(at)[0]
    lr.set_value(lr.options[min(lr.options.index(str(lr.value)) + 1, len(lr.options) - 1)] if lr.type == "select_slider"
                 else lr.value * 2).run()
    apptest.ok(at)
    sent = apptest.sent(at.get("bidi_component")[0])
    assert "patch" in sent and sent["base"] == full["id"]
    after = specs(at)[0]                          # the patch applied to the base gives the new figure
    assert after != before
    assert len(json.dumps(sent["patch"], separators=(",", ":"))) < whole / 4


def test_closed_hyperparameter_panels_draw_no_widgets_but_keep_their_values():
    """The "more hyperparameters" panels build their widgets only while open; closed, the values (set
    by a link or before closing) still reach the run and the URL."""
    at = open_page("views/playground.py", pg0weight_decay="0.2")
    keys = {w.key for w in at.slider}
    assert "w:pg0weight_decay" not in keys and "w:pg1dampening" not in keys
    assert at.query_params.get("pg0weight_decay") == "0.2"
    assert "weight_decay=0.2" in specs(at)[0]["data"][2]["name"]         # the first run's path
    at.session_state["more-pg0"] = True                                    # open the panel
    at.run()
    apptest.ok(at)
    assert at.slider(key="w:pg0weight_decay").value == 0.2
    at.slider(key="w:pg0weight_decay").set_value(0.5).run()
    at.session_state["more-pg0"] = False                                   # and close it again
    at.run()
    apptest.ok(at)
    assert "w:pg0weight_decay" not in {w.key for w in at.slider}
    assert "weight_decay=0.5" in specs(at)[0]["data"][2]["name"]
    assert at.query_params.get("pg0weight_decay") == "0.5"
