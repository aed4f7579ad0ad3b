"""An honest "Which optimizer?": AdamW compared at weight_decay 0, stability that separates, the whole
sweep shown, ρ without false precision, the lr range adjustable."""
import re

import numpy as np
import pytest

import optviz
from optviz.studies import maps
from tests.apptest import charts, ok, open_page


@pytest.fixture(scope="module")
def ev():
    return maps.evidence(("ravine", "rosenbrock"), n_lr=9, steps=200)


def test_adamw_at_weight_decay_zero_equals_adam(ev):
    a, w = ev.labels.index("Adam"), ev.labels.index("AdamW")
    np.testing.assert_array_equal(ev.steps_to[a], ev.steps_to[w])
    np.testing.assert_array_equal(ev.final[a], ev.final[w])


def test_stable_decades_is_the_widest_band_of_reaching_lrs(ev):
    surf = optviz.surface("ravine", condition=25.0, angle=30.0)
    spacing = np.log10(ev.lrs[1] / ev.lrs[0])
    for v, (_, name, hyper) in enumerate(maps.NOTE_VARIANTS):
        reach = []
        for lr in ev.lrs:
            tr = optviz.run(surf, [optviz.optimizer(name, **{**hyper, "lr": float(lr)})], starts=[surf.starts[0]],
                            steps=200)
            reach.append(tr.steps_to(0.0, 1e-3)[0, 0] >= 0)
        runs = [len(m) for m in re.findall("1+", "".join("1" if r else "0" for r in reach))]
        assert ev.stable_decades[v, 0] == pytest.approx(max(runs, default=0) * spacing)
    # it separates the optimizers on this surface (the share of divergences tied the adaptive three)
    assert len(np.unique(ev.stable_decades[:, 0])) >= 3


def test_page_is_honest_about_precision_and_lr_range():
    at = open_page("views/which_optimizer.py", timeout=120, wosurf="ravine,rosenbrock", wonlr="9", wosteps="200")
    text = " ".join(m.value for m in at.markdown)
    line = next(m for m in text.split("\n") if "Spearman" in m)
    assert not re.search(r"[+−-]\d\.\d\d", line), line                  # at most one decimal
    assert "distinct ratings" in line
    sweep = charts(at)["wo_sweep"]
    xs = [x for d in sweep["data"] for x in d["x"]]
    assert min(xs) == pytest.approx(1e-4) and max(xs) == pytest.approx(1.0)
    at.select_slider(key="w:wolrlo").set_value(1e-3).run()
    at.select_slider(key="w:wolrhi").set_value(0.1).run()
    ok(at)
    xs = [x for d in charts(at)["wo_sweep"]["data"] for x in d["x"]]
    assert min(xs) == pytest.approx(1e-3) and max(xs) == pytest.approx(0.1)
    # the real network: five optimizers with train and test accuracy
    net = charts(at)["wo_net"]
    assert len({d["name"] for d in net["data"] if d.get("name")}) >= 5


def test_network_evidence_keeps_adamws_decay():
    assert dict(maps.NOTE_NETWORK_VARIANTS[-1][2])["weight_decay"] == 0.01
    assert dict(maps.NOTE_VARIANTS[-1][2])["weight_decay"] == 0.0
