"""Paths, loss and lr figures readable at a glance: paths named on the plot (no legend above it),
divergence written where the path left, text kept inside the figure, raw loss for surfaces without
a minimum, a 3-D view in the contour's colours with a titled z axis, variants named at their ends."""
import math

import numpy as np
import pytest

import optviz
from optviz.figures import loss_figure, lr_figure, paths_figure, surface3d_figure, surface_values
from optviz.figures.curves import symlog
from optviz.figures.paths import CONTOUR_SCALE
from optviz.i18n import t
from optviz.figures.curves import results_rows


@pytest.fixture(scope="module")
def rosen_sgd10():
    """Rosenbrock from (−1.5, 2): SGD at lr 10 leaves the view and explodes; SGD+momentum stays."""
    s = optviz.surface("rosenbrock")
    traj = optviz.run(s, [optviz.optimizer("sgd", lr=10.0), optviz.optimizer("sgd", lr=1e-3, momentum=0.9)],
                      [(-1.5, 2.0)], steps=200)
    return s, traj


@pytest.fixture(scope="module")
def saddle():
    s = optviz.surface("monkey_saddle")
    traj = optviz.run(s, [optviz.optimizer("sgd", lr=1e-3), optviz.optimizer("adam", lr=0.05)], [s.starts[0]],
                      steps=500)
    return s, traj


def _box_crossing(a, b, box):
    """Where the segment a→b first meets the edge of box, solved edge by edge (hand formula)."""
    (x0, x1), (y0, y1) = box
    best = None
    for axis, edge in ((0, x0), (0, x1), (1, y0), (1, y1)):
        if b[axis] == a[axis]:
            continue
        s = (edge - a[axis]) / (b[axis] - a[axis])
        if 0 <= s <= 1:
            q = a + s * (b - a)
            other = 1 - axis
            lo, hi = box[other]
            if lo - 1e-9 <= q[other] <= hi + 1e-9 and (best is None or s < best[0]):
                best = (s, q)
    return best[1]


def _tick_value(txt: str) -> float:
    """"−10³" -> -1000.0, "10" -> 10.0, "0" -> 0.0."""
    sign = -1.0 if txt.startswith("−") else 1.0
    body = txt.lstrip("−")
    if body in ("0", "1", "10"):
        return sign * float(body)
    return sign * 10.0 ** int(body[2:].translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))


def _labels(fig):
    return [a for a in fig["layout"].get("annotations", []) if a.get("name") == "path label"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_paths_are_named_on_the_plot_not_in_a_legend(lang):
    s = optviz.surface("rosenbrock")
    opts = [optviz.optimizer("sgd", lr=1e-3), optviz.optimizer("sgd", lr=1e-3, momentum=0.9),
            optviz.optimizer("adam", lr=0.05), optviz.optimizer("lion", lr=0.01)]
    traj = optviz.run(s, opts, [(-1.5, 2.0)], steps=300)
    fig = paths_figure(s, traj, lang, loss=dict(f_min=s.f_min, log=True))
    assert fig["layout"]["showlegend"] is False                 # nothing stacked above the contour
    labels = _labels(fig)
    assert [a["text"] for a in labels] == ["SGD", "SGD+" + t("short_momentum", lang), "Adam", "Lion"]
    for a, i in zip(labels, range(4)):                          # each at its own path's last point
        assert (a["x"], a["y"]) == pytest.approx(tuple(traj.positions[i, 0, -1]))
        assert a["font"]["color"] == a["arrowcolor"]            # in the path's colour
    # the loss panel's title is a heading above it, its ticks on the side away from the paths
    y2 = fig["layout"]["yaxis2"]
    assert not y2.get("title", {}).get("text") and y2["side"] == "right"
    assert any(a.get("text") == t("loss_gap", lang) and a.get("yref") == "y2 domain" for a in fig["layout"]["annotations"])
    assert fig["layout"]["xaxis"]["domain"][1] < fig["layout"]["xaxis2"]["domain"][0]


def test_variants_of_one_optimizer_keep_their_full_labels(rosen_sgd10):
    s, _ = rosen_sgd10
    traj = optviz.run(s, [optviz.optimizer("adam", lr=0.05), optviz.optimizer("adam", lr=0.001)], [(-1.5, 2.0)],
                      steps=50)
    assert [a["text"] for a in _labels(paths_figure(s, traj))] == list(traj.labels)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_divergence_is_written_where_the_path_left_the_view(rosen_sgd10, lang):
    s, traj = rosen_sgd10
    d = int(traj.diverged_at[0, 0])
    assert d > 0 and traj.diverged_at[1, 0] < 0
    fig = paths_figure(s, traj, lang)
    label = _labels(fig)[0]
    assert label["text"].startswith("SGD") and label["text"].endswith(t("diverged_mark", lang, step=d))
    # the first point outside the domain, and where the segment to it crosses the domain's edge
    p = traj.positions[0, 0, :d]
    (x0, x1), (y0, y1) = s.domain
    k = next(n for n, q in enumerate(p) if not (x0 <= q[0] <= x1 and y0 <= q[1] <= y1))
    exit_point = _box_crossing(p[k - 1], p[k], s.domain)
    assert (label["x"], label["y"]) == pytest.approx(tuple(exit_point), abs=1e-9)
    # the label's text box stays inside the plot (its tail is in data units on x)
    assert x0 <= label["ax"] <= x1
    # the run that stayed is named without any event
    assert _labels(fig)[1]["text"] == "SGD+" + t("short_momentum", lang)


def test_loss_chart_keeps_the_divergence_text_inside(rosen_sgd10):
    s, traj = rosen_sgd10
    fig = loss_figure(traj, f_min=s.f_min)
    mark = next(d for d in fig["data"] if d.get("mode") == "markers+text")
    d = int(traj.diverged_at[0, 0])
    assert mark["text"] == [t("diverged_at", "en", step=d)] and mark["x"] == [d - 1]
    assert mark["cliponaxis"] is False
    # near the left edge and at the top of the range: the text grows right and downwards
    assert mark["textposition"] == "bottom right"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_surface_without_minimum_plots_the_raw_loss(saddle, lang):
    s, traj = saddle
    assert s.f_min is None and traj.losses.min() < -1000
    fig = loss_figure(traj, lang, f_min=s.f_min, log=True)
    y = fig["layout"]["yaxis"]
    assert y["title"]["text"] == t("loss_symlog", lang) and t("minimum", lang) not in y["title"]["text"]
    line = fig["data"][1]
    assert line["customdata"][-1] == pytest.approx(traj.losses[1, 0, -1], rel=1e-4)        # hover: the raw loss
    assert line["y"][-1] == pytest.approx(np.sign(traj.losses[1, 0, -1]) * math.log10(1 + abs(traj.losses[1, 0, -1])),
                                          rel=1e-4)
    # tick labels name raw losses: each tick sits at symlog(its label's value)
    for v, txt in zip(y["tickvals"], y["ticktext"]):
        assert v == pytest.approx(float(symlog(_tick_value(txt))), abs=1e-9), txt
    assert any(txt.startswith("−") for txt in y["ticktext"])
    # the same in the paths figure's loss panel
    pf = paths_figure(s, traj, lang, loss=dict(f_min=s.f_min, log=True))
    assert pf["layout"]["yaxis2"]["ticktext"] == y["ticktext"]
    assert not any(t("loss_gap", lang) == a.get("text") for a in pf["layout"]["annotations"])


def test_results_table_without_minimum_has_no_none_and_short_numbers(saddle):
    s, traj = saddle
    rows = results_rows(traj, s, 1e-3)
    for r, final in zip(rows, traj.final_losses[:, 0]):
        text = " ".join(r.values())
        assert "None" not in text and "nan" not in text and "inf" not in text and "∞" not in text
        assert r["distance"] == "—"
        assert float(r["final_loss"]) == pytest.approx(final, rel=1e-3) and len(r["final_loss"]) <= 10


def test_3d_view_uses_the_contour_blues_and_says_what_z_is(rosen_sgd10, saddle):
    s, traj = rosen_sgd10
    fig = surface3d_figure(s, traj, "ko")
    surf = fig["data"][0]
    assert surf["colorscale"] == CONTOUR_SCALE                  # an explicit scale plotly.js reads as such
    assert fig["layout"]["scene"]["zaxis"]["title"]["text"] == t("z_log_gap", "ko")
    (x0, x1), (y0, y1) = s.domain
    assert fig["layout"]["scene"]["xaxis"]["range"] == [x0, x1]
    lines = [d for d in fig["data"] if d["type"] == "scatter3d" and d["mode"] == "lines"]
    assert len(lines) == 2
    for d in lines:                                             # inside the box, above the surface
        xy = np.column_stack([d["x"], d["y"]])
        assert np.all((xy[:, 0] >= x0 - 1e-9) & (xy[:, 0] <= x1 + 1e-9) & (xy[:, 1] >= y0 - 1e-9) & (xy[:, 1] <= y1 + 1e-9))
        assert np.all(np.array(d["z"]) > surface_values(s, s.f(xy)))
    ends = [d for d in fig["data"] if d["type"] == "scatter3d" and d["mode"] == "markers+text"]
    assert t("diverged_mark", "ko", step=int(traj.diverged_at[0, 0])) in ends[0]["text"][0]
    s2, traj2 = saddle
    assert surface3d_figure(s2, traj2)["layout"]["scene"]["zaxis"]["title"]["text"] == t("loss", "en")


def test_variants_in_loss_and_lr_charts_are_named_at_their_ends(rosen_sgd10):
    s, _ = rosen_sgd10
    opts = [optviz.optimizer("adam", lr=lr) for lr in (0.1, 0.01, 0.001)]
    traj = optviz.run(s, opts, [(-1.5, 2.0)], steps=80)
    fig = loss_figure(traj, f_min=s.f_min)
    colours = [d["line"]["color"] for d in fig["data"] if d.get("mode") == "lines"]
    assert len(set(colours)) == 3                               # a ramp of Adam's colour
    notes = {a["text"]: a for a in fig["layout"]["annotations"]}
    for i, label in enumerate(traj.labels):
        assert notes[label]["x"] == 80 and notes[label]["y"] == pytest.approx(
            math.log10(traj.losses[i, 0, 80] - s.f_min), abs=1e-3)
    lrs = lr_figure([[0.1] * 5, [0.01] * 5], ["a", "b"], keys=["sgd", "sgd"])
    assert {a["text"] for a in lrs["layout"]["annotations"]} == {"a", "b"}
    single = loss_figure(optviz.run(s, [opts[0], optviz.optimizer("sgd", lr=1e-3)], [(-1.5, 2.0)], steps=20),
                         f_min=s.f_min)
    assert not single["layout"].get("annotations")            # distinct optimizers keep their colours and legend


def test_a_figure_with_its_own_annotations_can_keep_the_legend(rosen_sgd10):
    s, traj = rosen_sgd10
    fig = paths_figure(s, traj, name_paths=False)
    assert fig["layout"]["showlegend"] is True and not _labels(fig)
