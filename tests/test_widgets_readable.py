"""Widget labels read as plain text, and a new surface brings its own start point."""
import pytest

import optviz
from optviz.optimizers import Param
from tests import apptest
from tests.apptest import specs
from ui.widgets import param_label, plain_symbol


@pytest.mark.parametrize("tex, plain", [(r"\beta_1", "β₁"), (r"\eta_+", "η₊"), (r"\kappa", "κ"), ("v_0", "v₀"),
                                        (r"\lambda_{wd}", "λ_wd"), (r"\Delta_{\min}", "Δ_min"), ("d", "d")])
def test_symbols_become_unicode(tex, plain):
    assert plain_symbol(tex) == plain


def test_labels_have_no_latex_and_speak_korean():
    nesterov = Param("nesterov", False, kind="bool")
    assert param_label(nesterov, "en") == "nesterov" and "네스테로프" in param_label(nesterov, "ko")
    cond = Param("condition", 25.0, 1.0, 1000.0, log=True, symbol=r"\kappa")
    assert param_label(cond, "en") == "κ condition" and param_label(cond, "ko") == "κ 조건수"


def test_page_labels_are_plain_text():
    at = apptest.open_page("views/lr_lab.py", "ko", direct=True)
    labels = [w.label for kind in ("slider", "select_slider", "toggle", "selectbox") for w in at.get(kind)]
    assert labels and not [lab for lab in labels if "$" in lab or "\\" in lab]
    assert "κ 조건수" in labels


def test_a_new_surface_moves_the_start_to_its_suggested_start():
    at = apptest.open_page("views/playground.py", direct=True)
    at.number_input(key="w:pgx").set_value(-1.9).run()
    at.number_input(key="w:pgy").set_value(2.9).run()          # inside Rosenbrock's view, outside the saddle's
    at.selectbox(key="w:pgs").set_value("saddle").run()
    assert not at.exception
    start = tuple(optviz.surface("saddle").starts[0])
    assert (at.number_input(key="w:pgx").value, at.number_input(key="w:pgy").value) == pytest.approx(start, abs=1e-3)
    line = next(d for d in specs(at)[0]["data"] if d.get("type") == "scatter" and d.get("mode") == "lines")
    assert (line["x"][0], line["y"][0]) == pytest.approx(start, abs=1e-3)
