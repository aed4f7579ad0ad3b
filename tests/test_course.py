"""The Course: navigation order, the shape of every lesson, try-this presets, previous / next, both languages."""
import json
import re
from pathlib import Path

import pytest

from optviz.i18n import TEXT
from tests.apptest import open_page, specs, n_charts
from ui.pages import PAGES

ROOT = Path(__file__).resolve().parent.parent
COURSE = [p for p in PAGES if p.section == "sec_course"]
NOTE_ORDER = ["why", "batch", "momentum", "rmsprop", "adam", "adamw", "learning_rate", "schedules", "choosing",
              "training_loop"]


def test_course_comes_first_in_the_notes_order():
    assert [p.url for p in PAGES[:len(COURSE)]] == [f"lesson_{k}" for k in NOTE_ORDER]
    assert all(p.section == "sec_course" for p in PAGES[:len(NOTE_ORDER)])
    # app.py builds one navigation section per section key, in PAGES order
    assert list(dict.fromkeys(p.section for p in PAGES))[0] == "sec_course"
    assert len({p.url for p in PAGES}) == len(PAGES)          # st.Page url paths are unique
    for p in COURSE:
        assert (ROOT / p.file).exists()
        for part in ("", "_question", "_predict", "_takeaway"):
            assert f"{p.title_key}{part}" in TEXT


def _latex_outside_expanders(node, inside=False) -> int:
    """How many st.latex elements sit outside every expander under `node`."""
    n = 0
    for child in getattr(node, "children", {}).values():
        kind = getattr(child, "type", "")
        if kind == "latex":
            n += not inside
        n += _latex_outside_expanders(child, inside or kind == "expander")
    return n


def _main_data(at):
    return json.dumps(specs(at)[0]["data"], sort_keys=True)


@pytest.mark.parametrize("i", range(len(NOTE_ORDER)))
def test_lesson_shape_presets_and_neighbours(i):
    p = COURSE[i]
    at = open_page(p.file, direct=True)
    assert n_charts(at) >= 1
    assert _latex_outside_expanders(at.main) >= 1
    # previous / next point at the neighbouring lessons
    links = [e.proto.page for e in at.get("page_link")]
    want = ([COURSE[i - 1].url] if i > 0 else []) + ([COURSE[i + 1].url] if i + 1 < len(COURSE) else [])
    assert links == want
    # every "try this" button changes the main chart's data (each against the one pressed before it)
    tries = [b.key for b in at.button if re.fullmatch(rf"{NOTE_ORDER[i]}_try_\w+", b.key or "")]
    assert 2 <= len(tries) <= 4
    at.button(key=tries[0]).click().run()
    before = _main_data(at)
    for key in tries[1:] + tries[:1]:
        at.button(key=key).click().run()
        assert not at.exception, key
        after = _main_data(at)
        assert after != before, key
        before = after


def test_both_languages_render_every_lesson():
    for lang in ("en", "ko"):
        for p in COURSE:
            at = open_page(p.file, lang, direct=True)
            assert n_charts(at) >= 1, (p.url, lang)
            text = " ".join(m.value for m in at.markdown)
            if lang == "ko":
                assert re.search("[가-힣]", text), p.url


def test_open_in_the_lab_carries_the_lessons_settings():
    at = open_page("views/course/lesson_momentum.py", direct=True)
    at.button(key="momentum_try_too_much").click().run()
    at.button(key="momentum_lab").click().run()
    assert not at.exception
    assert at.title[0].value.endswith("Playground")
    store = at.session_state["_settings"]
    assert store["pgs"] == "ravine" and store["pg1momentum"] == 0.99 and store["pgk"] == 2
    # the lab rebuilds the lesson's surface exactly (its knobs travel too), and starts where the lesson did
    assert (store["pgravinecondition"], store["pgravineangle"]) == (10.0, 0.0)
    assert (store["pgx"], store["pgy"]) == (-3.5, 0.5)
    assert n_charts(at) >= 1
