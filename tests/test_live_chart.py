"""Live charts (ui/live_chart.py): a patch against the figure the page holds rebuilds the new figure,
is small when little changed, and clicks that are not plain numbers are ignored."""
from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import optviz
from optviz.figures import paths_figure
from ui.live_chart import MAX_DEPTH, apply, canonical, diff

leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(-1e3, 1e3, allow_nan=False),
                 st.text(max_size=3), st.lists(st.floats(-10, 10, allow_nan=False), max_size=4))
tree = st.recursive(leaf, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                 st.dictionaries(st.sampled_from("abcde"), kids, max_size=4)),
                    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(tree, tree)
def test_a_patch_turns_the_old_value_into_the_new_one(old, new):
    kept = copy.deepcopy(old)
    patch = diff(old, new)
    assert (patch is None) == (old == new)
    if patch is not None:
        json.dumps(patch)                                     # it travels as JSON
        assert apply(old, patch) == new
    assert old == kept                                        # the base is never changed


def _raw_figure(lr):
    surf = optviz.surface("rosenbrock")
    opts = [optviz.optimizer("sgd", lr=lr), optviz.optimizer("sgd", lr=1e-3, momentum=0.9),
            optviz.optimizer("rmsprop", lr=1e-2), optviz.optimizer("adam", lr=5e-2)]
    traj = optviz.run(surf, opts, starts=[surf.starts[0]], steps=500)
    return paths_figure(surf, traj, "en", height=600, loss=dict(f_min=surf.f_min, log=True))


def _figure(lr):
    return canonical(_raw_figure(lr))


def test_a_lr_move_patches_one_run_of_the_playground_figure():
    before, after = _figure(1e-3), _figure(2e-3)
    patch = diff(before, after)
    assert apply(before, patch) == after
    size = len(json.dumps(patch, separators=(",", ":")))
    assert size < len(json.dumps(after, separators=(",", ":"))) / 4
    changed = set(patch["d"]["data"]["i"])                    # traces: the moved run's path, head, loss curve
    names = {after["data"][int(i)].get("name") for i in changed}
    assert all(n is None or "lr=0.002" in n or n in ("events", "heads", "cursor") for n in names), names
    assert "images" not in patch["d"].get("layout", {"d": {}})["d"]   # the surface is not resent


def test_number_arrays_and_matrices_are_replaced_whole():
    old = {"data": [{"x": [1, 2, 3], "z": [[1, 2], [3, 4]]}]}
    new = {"data": [{"x": [1, 2, 4], "z": [[1, 2], [3, 5]]}]}
    p = diff(old, new)
    assert p == {"d": {"data": {"l": 1, "i": {"0": {"d": {"x": {"=": [1, 2, 4]}, "z": {"=": [[1, 2], [3, 5]]}}}}}}}
    deep = new
    for _ in range(MAX_DEPTH + 2):
        deep = {"k": deep}
    assert apply({"k": {}}, diff({"k": {}}, deep)) == deep


@pytest.mark.parametrize("value", [None, {}, {"click": None}, {"click": {"x": "1", "y": 2}},
                                   {"click": {"x": float("nan"), "y": 0}}, {"click": {"x": 1e308, "y": 0}},
                                   {"click": {"x": True, "y": 0}}, {"click": [1, 2]}, "text"])
def test_clicks_that_are_not_two_plain_numbers_are_ignored(value, monkeypatch):
    import streamlit as st_
    from ui import live_chart
    monkeypatch.setattr(st_, "session_state", {"c": value})
    assert live_chart.clicked("c") is None
    monkeypatch.setattr(st_, "session_state", {"c": {"click": {"x": 0.5, "y": -2, "curve": 0}}})
    assert live_chart.clicked("c") == {"x": 0.5, "y": -2, "curve": 0}


def test_canonical_figures_are_plain_json():
    fig = canonical({"data": [{"type": "scatter", "x": np.arange(3), "y": np.array([0.5, 1.0, 2.0])}], "layout": {}})
    assert fig["data"][0]["x"] == [0, 1, 2] and fig["layout"]["legend"]["font"]["size"] == 12


def test_canonical_json_is_what_plotlys_encoder_writes():
    """The figures travel as orjson writes them: the same JSON as plotly's own encoder, numpy values,
    NaN and ±inf (null) included, for a figure of every kind the playground draws."""
    from plotly.io.json import to_json_plotly

    from optviz.figures import loss_figure, surface3d_figure
    from ui.live_chart import THEME, _under
    surf = optviz.surface("rosenbrock")
    traj = optviz.run(surf, [optviz.optimizer("sgd", lr=0.1), optviz.optimizer("adam", lr=0.05)], steps=40)
    odd = {"data": [{"type": "scatter", "x": np.array([0, 1, 2, 3]), "y": np.array([np.nan, np.inf, -np.inf, 1.5]),
                     "customdata": np.array([[1, 2], [3, 4]], dtype=np.int64), "visible": np.bool_(True),
                     "marker": {"size": np.float32(3.5), "opacity": np.float64(0.25)}}],
           "layout": {"title": {"text": "é 한국어 <b>x</b>"}, "meta": [None, float("nan"), (1, 2)]}}
    for fig in (odd, _raw_figure(1e-3), loss_figure(traj, "en", f_min=surf.f_min, log=True),
                surface3d_figure(surf, traj, "en")):
        want = json.loads(to_json_plotly(fig, engine="json"))
        want["layout"] = _under(THEME, want.get("layout") or {})
        assert canonical(fig) == want
