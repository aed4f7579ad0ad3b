"""The real app in headless Chromium: every page renders its charts without errors, and the
playground's controls (slider, ▶ Play, click on the contour, language, shared links) work end to end.

Full-page screenshots go to test-artifacts/screens/<url>.png.
"""
from __future__ import annotations

import re

import pytest

from conftest import (ARTIFACTS, CHARTS_JS, ROOT, chart_selector, full_screenshot, query, signature,
                      slider_thumb, start_streamlit, stop, traces, wait_changed, wait_idle)
from optviz.i18n import t
from ui.pages import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

LIVE_PAGES = [p for p in PAGES if (ROOT / p.file).exists()]
SCREENS = ARTIFACTS / "screens"
PATHS = chart_selector("pg_chart")      # playground: contour with the animated paths
LOSS = PATHS                            # playground: the loss per step is the same figure's x2 panel
HANGUL = re.compile("[\uac00-\ud7a3]")
FIRST_CHART_MS = 120_000                # a page's first run computes everything
TITLES = {"home": "app_title"}          # h1 of a page when it is not the page's navigation title


def open_page(page, url: str):
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=FIRST_CHART_MS)
    wait_idle(page, FIRST_CHART_MS)


def path_traces(page):
    """The playground's optimizer paths (named line traces) in drawing order."""
    return [tr for tr in traces(page, PATHS) if tr["type"] == "scatter" and tr["name"] and tr["xaxis"] == "x"
            and tr["name"] not in ("click", "events", "heads") and len(tr["x"]) > 1]


def loss_lines(page):
    """The playground's loss curves (one line per run; diverged-run markers left out)."""
    return [tr for tr in traces(page, LOSS) if tr["mode"] == "lines" and tr["xaxis"] == "x2"]


def url_path(info) -> str:
    """The page's address: the default page (home) lives at the root."""
    return "" if info.url in ("", "home") else info.url


def language_control(page):
    return page.locator("[data-testid=stSidebar]").get_by_text("한국어", exact=True)


@pytest.mark.parametrize("info", LIVE_PAGES, ids=[p.url or "home" for p in LIVE_PAGES])
def test_page_renders(server, page, console_errors, info):
    open_page(page, f"{server.url}/{url_path(info)}")
    page.wait_for_timeout(500)   # let plotly finish drawing every chart

    charts = page.evaluate(CHARTS_JS)
    assert charts, "no plotly chart"
    for c in charts:
        assert c["svg"] and c["traces"] > 0 and c["points"] > 0, f"empty chart {c}"
        assert c["hidden"] or c["drawn"] > 0, f"chart with data but nothing drawn: {c}"
    assert page.locator("[data-testid=stException]").count() == 0, page.locator(
        "[data-testid=stException]").first.inner_text()
    assert page.locator("[data-testid=stAlertContentError]").count() == 0, page.locator(
        "[data-testid=stAlertContentError]").first.inner_text()
    # The page runs inside app.py: the language switch is there and the page title is the app's.
    assert language_control(page).count() == 1
    assert t(TITLES.get(info.url, info.title_key), "en") in page.locator("h1").first.inner_text()

    full_screenshot(page, SCREENS / f"{info.url or 'home'}.png")
    assert (SCREENS / f"{info.url or 'home'}.png").stat().st_size > 10_000
    assert not console_errors, console_errors


def test_shared_link_on_fresh_server_runs_through_app(browser, tmp_path):
    """The first visitor of a just-started server arrives by a shared deep link.

    Streamlit would treat a `pages/` folder next to the entry script as an old-style multipage
    app until some session has called st.navigation (which is why the pages live in `views/`);
    the page must run inside app.py (language switch, settings from and back to the URL).
    """
    proc, port = start_streamlit(tmp_path)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        open_page(page, f"http://127.0.0.1:{port}/playground?pgsteps=200&lang=ko")
        assert language_control(page).count() == 1, "app.py did not run: no language switch in the sidebar"
        assert page.locator("h1").first.inner_text().endswith(t("page_playground", "ko"))
        assert query(page).get("pgsteps") == "200" and query(page).get("lang") == "ko"
    finally:
        context.close()
        stop(proc)


def test_playground_steps_slider_changes_chart(server, page, console_errors):
    open_page(page, f"{server.url}/playground")
    thumb = slider_thumb(page, "pgsteps")
    assert thumb.get_attribute("aria-valuetext") == "500"
    before_loss, before_paths = signature(page, LOSS), signature(page, PATHS)
    assert {tr["x"][-1] for tr in loss_lines(page)} == {500}   # loss curves end at the last step

    thumb.focus()
    thumb.press("ArrowRight")     # step 10
    wait_changed(page, LOSS, before_loss)

    assert thumb.get_attribute("aria-valuetext") == "510"
    assert {tr["x"][-1] for tr in loss_lines(page)} == {510}
    assert signature(page, PATHS) != before_paths
    page.wait_for_function("() => location.search.includes('pgsteps=510')", timeout=10_000)
    assert not console_errors, console_errors


def test_playground_lr_slider_changes_first_run(server, page, console_errors):
    open_page(page, f"{server.url}/playground")
    thumb = slider_thumb(page, "pg0lr")
    lr0 = float(thumb.get_attribute("aria-valuetext"))
    first_before = path_traces(page)[0]
    others_before = [(tr["x"], tr["y"]) for tr in path_traces(page)[1:]]
    assert f"lr={lr0:g}" in first_before["name"]

    thumb.focus()
    thumb.press("ArrowRight")     # next log-spaced value
    wait_changed(page, PATHS, signature(page, PATHS))

    lr1 = float(thumb.get_attribute("aria-valuetext"))
    assert lr0 < lr1 < 1.5 * lr0
    first = path_traces(page)[0]
    assert f"lr={lr1:g}" in first["name"]
    assert (first["x"], first["y"]) != (first_before["x"], first_before["y"])
    assert first["x"][0] == first_before["x"][0] and first["y"][0] == first_before["y"][0]  # same start
    assert [(tr["x"], tr["y"]) for tr in path_traces(page)[1:]] == others_before           # others untouched
    page.wait_for_function(f"() => location.search.includes('pg0lr={lr1:g}')", timeout=10_000)
    assert not console_errors, console_errors


# Every animation frame until plotly reports the animation's end (or `ms` pass): the step on the
# scrubber and the first path's point count whenever the path changes.
RECORD_PLAY_JS = """([sel, index, ms]) => new Promise(resolve => {
  const g = document.querySelector(sel), seen = [];
  let last = '', done = false;
  g.on('plotly_animated', () => { done = true; });
  const t0 = performance.now();
  function tick() {
    const t = g.data[index], label = g.closest('.optviz-live-chart').querySelector('.optviz-anim-step');
    const now = t.x.length + ':' + t.x[t.x.length - 1] + ':' + t.y[t.y.length - 1];
    if (now !== last) {
      last = now;
      seen.push({n: t.x.length, step: label ? parseInt(label.textContent.replace(/[^0-9]/g, '')) : -1});
    }
    if (!done && performance.now() - t0 < ms) requestAnimationFrame(tick); else setTimeout(() => resolve(seen), 200);
  }
  requestAnimationFrame(tick);
})"""


def test_playground_play_animates_paths(server, page, console_errors):
    open_page(page, f"{server.url}/playground")
    full = len(path_traces(page)[0]["x"])
    index = page.evaluate(f"""() => document.querySelector('{PATHS}').data
        .findIndex(t => t.name && t.mode === 'lines')""")

    page.locator(".st-key-pg_chart .optviz-anim button", has_text="Play").click()
    seen = page.evaluate(RECORD_PLAY_JS, [PATHS, index, 20_000])   # 90 frames at 30 per second, slower on a busy machine
    steps = [s["step"] for s in seen]
    assert min(steps) < 500 / 2, seen                         # the animation restarted from early steps
    assert len(set(steps)) >= 4, seen                         # and moved through several frames
    assert sum(b < a for a, b in zip(steps, steps[1:])) <= 1, seen   # forward in time (one restart)
    assert min(s["n"] for s in seen) < full / 2, seen         # early frames draw short paths
    assert seen[-1] == {"n": full, "step": 500}, seen         # and it ends on the whole path
    assert not console_errors, console_errors


def test_playground_click_sets_start(server, page, console_errors):
    open_page(page, f"{server.url}/playground")
    lattice = next(tr for tr in traces(page, PATHS) if tr["name"] == "click")
    # The lattice point nearest (1.5, -0.5): far from every path and marker.
    k = min(range(len(lattice["x"])), key=lambda i: (lattice["x"][i] - 1.5) ** 2 + (lattice["y"][i] + 0.5) ** 2)
    tx, ty = lattice["x"][k], lattice["y"][k]
    x_input, y_input = page.locator(".st-key-w-pgx input"), page.locator(".st-key-w-pgy input")
    assert (float(x_input.input_value()), float(y_input.input_value())) != (tx, ty)
    before = signature(page, PATHS)

    page.locator(PATHS).scroll_into_view_if_needed()
    px, py = page.evaluate("""([sel, x, y]) => { const g = document.querySelector(sel), L = g._fullLayout;
        const r = g.getBoundingClientRect();
        return [r.left + L._size.l + L.xaxis.l2p(x), r.top + L._size.t + L.yaxis.l2p(y)]; }""", [PATHS, tx, ty])
    page.mouse.move(px, py)
    page.mouse.click(px, py)
    wait_changed(page, PATHS, before)

    assert float(x_input.input_value()) == pytest.approx(tx, abs=5e-4)
    assert float(y_input.input_value()) == pytest.approx(ty, abs=5e-4)
    for tr in path_traces(page):
        assert (tr["x"][0], tr["y"][0]) == pytest.approx((tx, ty), abs=5e-4)
    q = query(page)
    assert float(q["pgx"]) == pytest.approx(tx, abs=5e-4) and float(q["pgy"]) == pytest.approx(ty, abs=5e-4)
    assert not console_errors, console_errors


def test_language_switch_to_korean(server, page, console_errors):
    open_page(page, f"{server.url}/playground")
    assert page.locator("h1").first.inner_text().endswith(t("page_playground", "en"))
    loss_before = [tr["y"] for tr in traces(page, LOSS)]

    language_control(page).click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('lang') === 'ko'", timeout=30_000)
    wait_idle(page)

    title = page.locator("h1").first.inner_text()
    assert title.endswith(t("page_playground", "ko")) and HANGUL.search(title)
    nav = page.locator("[data-testid=stSidebarNav]").inner_text()
    assert t("page_home", "ko") in nav and t("page_playground", "ko") in nav
    full_screenshot(page, SCREENS / "playground-ko.png")
    # The numbers do not depend on the language.
    assert [tr["y"] for tr in traces(page, LOSS)] == loss_before
    assert not console_errors, console_errors


def test_shared_link_applies_settings(server, page, console_errors):
    open_page(page, f"{server.url}/playground?pgsteps=200&pgk=2&pg0lr=0.002&lang=ko")

    assert slider_thumb(page, "pgsteps").get_attribute("aria-valuetext") == "200"
    assert slider_thumb(page, "pgk").get_attribute("aria-valuetext") == "2"
    loss = loss_lines(page)
    assert len(loss) == 2 and {tr["x"][-1] for tr in loss} == {200}
    assert "lr=0.002" in path_traces(page)[0]["name"]
    assert page.locator("h1").first.inner_text().endswith(t("page_playground", "ko"))
    q = query(page)   # the address bar keeps reproducing the view
    assert (q.get("pgsteps"), q.get("pgk"), q.get("pg0lr"), q.get("lang")) == ("200", "2", "0.002", "ko")
    assert not console_errors, console_errors
