"""Presenter mode in a real browser at projector size: the lesson's figure and formula fit without
sideways scrolling, the sidebar is gone, the controls stay."""
from __future__ import annotations

import pytest

from conftest import ARTIFACTS, full_screenshot, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

PROJECTOR = {"width": 1024, "height": 768}


@pytest.mark.parametrize("lesson", ["lesson_adam", "lesson_training_loop"])
def test_presenter_mode_fits_a_projector(server, page, console_errors, lesson):
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{server.url}/{lesson}?present=1")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
    page.wait_for_selector(".katex", timeout=30_000)
    wait_idle(page, 120_000)
    page.wait_for_timeout(500)
    geo = page.evaluate("""() => {
        const r = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, width: b.width}; };
        const side = document.querySelector('[data-testid=stSidebar]');
        return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                chart: r(document.querySelector('.js-plotly-plot')),
                katex: Array.from(document.querySelectorAll('.katex-display')).map(r),
                sidebar: side ? side.getBoundingClientRect().width : 0,
                sliders: document.querySelectorAll('[data-testid=stSlider]').length,
                font: parseFloat(getComputedStyle(document.querySelector('[data-testid=stMarkdownContainer] p')).fontSize)};
    }""")
    assert geo["scroll"] <= geo["inner"], geo                     # no sideways scrolling
    assert 0 <= geo["chart"]["left"] and geo["chart"]["right"] <= geo["inner"] and geo["chart"]["width"] > 400, geo
    assert geo["katex"] and all(0 <= k["left"] and k["right"] <= geo["inner"] for k in geo["katex"]), geo
    assert geo["sidebar"] == 0, geo                                # the sidebar is hidden …
    assert geo["sliders"] >= 1, geo                                # … the lesson's controls are not
    assert geo["font"] >= 19, geo                                  # text enlarged (normal: 16 px)
    full_screenshot(page, ARTIFACTS / "screens" / f"present-{lesson}.png")
    assert not console_errors, console_errors
