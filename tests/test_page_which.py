"""'Which optimizer?' page in Streamlit's AppTest: the note's table beside measured ranks."""
from functools import partial

import numpy as np
import pytest

import optviz
from optviz.studies import maps
from tests import apptest
from tests.apptest import ok, specs

PAGE = "views/which_optimizer.py"


open_page = partial(apptest.open_page, PAGE, timeout=90)


def test_table_shows_the_notes_ratings_beside_the_measured_mean_ranks():
    at = open_page()
    table = at.table[0].value
    assert list(table.iloc[:, 0]) == ["SGD", "SGD+Momentum", "RMSprop", "Adam", "AdamW"]
    speed = table.iloc[:, 1]
    assert speed.iloc[0].startswith("slow →") and speed.iloc[3].startswith("fast →")
    assert table.iloc[1, 4].endswith("not measurable in 2-D")
    # the measured rank is the mean over surfaces of the evidence chart's ranks (in its hover data)
    ev = specs(at)[0]["data"][0]
    z = np.array(ev["customdata"], dtype=float)
    # the cell colour shows the number written in the cell: log10 of the steps, none where "—"
    for row_z, row_text in zip(ev["z"], ev["text"]):
        for c, text in zip(row_z, row_text):
            assert (c is None) == (text == "—") and (c is None or c == pytest.approx(np.log10(int(text)), abs=1e-3))
    assert z.shape == (5, len(maps.EVIDENCE_SURFACES))
    assert ev["x"][0].startswith("Ravine")
    for v in range(5):
        shown = float(speed.iloc[v].split("rank ")[1].split(" of")[0])
        assert shown == pytest.approx(z[v].mean(), abs=0.051)
    # every column of ranks is a ranking of five: 1 + 2 + … + 5
    np.testing.assert_allclose(z.sum(0), 15.0)
    assert "Spearman" in " ".join(m.value for m in at.markdown)


def test_criteria_switch_changes_the_evidence():
    at = open_page()
    seg = next(w for w in at.get("segmented_control") if w.key == "w:wocrit")
    texts = {}
    for c in maps.CRITERIA:
        seg = next(w for w in at.get("segmented_control") if w.key == "w:wocrit")
        seg.set_value(c).run()
        ok(at, c)
        d = specs(at)[0]["data"][0]
        assert np.array(d["z"], dtype=float).shape == (5, 6)
        texts[c] = d["text"]
    assert all(cell.endswith("%") for row in texts["tuning"] for cell in row)
    assert texts["speed"] != texts["stability"]


def test_surfaces_sliders_and_lr_choice():
    at = open_page()
    at.multiselect(key="w:wosurf").set_value(["rosenbrock"]).run()
    ok(at)
    assert np.array(specs(at)[0]["data"][0]["z"]).shape == (5, 1)
    for key in ("w:wonlr", "w:wosteps"):
        for v in (at.slider(key=key).min, at.slider(key=key).max):
            at.slider(key=key).set_value(v).run()
            ok(at, (key, v))
    at.radio(key="w:wolr").set_value("torch").run()
    ok(at)
    rows = at.table[1].value.iloc[:, 0]
    assert rows.iloc[0] == "SGD (lr=0.001)" and rows.iloc[2] == "RMSprop (lr=0.01)"
    at.multiselect(key="w:wosurf").set_value([]).run()
    ok(at)
    assert at.error


def test_every_surface_shown_starts_where_the_evidence_starts():
    at = open_page()
    at.slider(key="w:wosteps").set_value(100).run()
    for name, (kwargs, _, start) in maps.EVIDENCE_SURFACES.items():
        at.selectbox(key="w:woshow").set_value(name).run()
        ok(at, name)
        paths = [d for d in apptest.charts(at)["wo_paths"]["data"] if d.get("mode") == "lines"]
        assert len(paths) == 5
        s = optviz.surface(name, **kwargs).starts[start]
        assert (paths[0]["x"][0], paths[0]["y"][0]) == pytest.approx(tuple(s), rel=1e-4)


def test_note_lr_runs_match_the_notes_values():
    at = open_page()
    rows = at.table[1].value.iloc[:, 0]
    assert list(rows) == ["SGD (lr=0.01)", "SGD+Momentum (lr=0.1)", "RMSprop (lr=0.01)", "Adam (lr=0.001)",
                          "AdamW (lr=0.0003)"]
    codes = [c.value for c in apptest.open_code(at).code]
    assert any("lr=1e-3" in c and "Adam(" in c for c in codes)
    assert any("momentum=0.9, weight_decay=1e-4" in c for c in codes)
    assert any("AdamW(" in c and "lr=3e-4" in c and "weight_decay=0.01" in c for c in codes)


def test_korean_text():
    at = open_page(lang="ko")
    assert "어떤 옵티마이저" in at.title[0].value
    table = at.table[0].value
    assert table.iloc[0, 1].startswith("느림 →")
    assert "2차원에서는 잴 수 없음" in table.iloc[0, 4]
