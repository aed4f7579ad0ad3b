"""What keeps the playground fast and its animation whole, checked in headless Chromium (mechanics, not times):

* one slider move reruns the script exactly once; a restyle-only widget (log scale, tolerance) reruns
  only its fragment, which holds no call of the cached run, so no path is recomputed;
* a slider move sends a patch, a fraction of the figure, and the page then holds exactly the figure a
  fresh load of the same link draws;
* ▶ changes the path traces and the loss cursors many times within one second;
* the surface stays drawn through ▶, the step buttons and the scrubber;
* a run hidden from a legend takes its head and its start and event markers with it, through ▶ too;
* the collapsed PyTorch-code and formula panels hold no code block and no formula until opened.
"""
from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from conftest import chart_selector, slider_thumb, wait_changed, signature, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

PATHS = chart_selector("pg_chart")
FINISHED = ForwardMsg.ScriptFinishedStatus

# The surface is an image under the axes (a layout image: an svg <image> in the plot).
SURFACE_JS = f"() => document.querySelectorAll('{PATHS} .main-svg image').length"

# Fingerprints of the path traces (x/y axes) and the loss-panel traces (x2/y2) on every animation
# frame for `ms` milliseconds, and how many frames lacked the surface.
WATCH_JS = """([sel, ms]) => new Promise(resolve => {
  const g = document.querySelector(sel);
  const fp = panel => g.data.map((t, i) => ((t.xaxis || 'x') === panel && t.x) ?
      i + ':' + t.x.length + ':' + t.x[t.x.length - 1] + ':' + t.y[t.y.length - 1] : '').join('|');
  let p = fp('x'), l = fp('x2'), paths = 0, losses = 0, ticks = 0, bare = 0;
  const t0 = performance.now();
  function tick() {
    ticks++;
    const p2 = fp('x'), l2 = fp('x2');
    if (p2 !== p) { paths++; p = p2; }
    if (l2 !== l) { losses++; l = l2; }
    if (!g.querySelector('.main-svg image')) bare++;
    if (performance.now() - t0 < ms) requestAnimationFrame(tick); else resolve({paths, losses, ticks, bare});
  }
  requestAnimationFrame(tick);
})"""


class Runs:
    """Script runs the server reports over the websocket: full runs and fragment-only runs."""

    def __init__(self, page):
        self.statuses = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload):
        if isinstance(payload, (bytes, bytearray)):
            msg = ForwardMsg()
            try:
                msg.ParseFromString(bytes(payload))
            except Exception:
                return
            if msg.WhichOneof("type") == "script_finished":
                self.statuses.append(msg.script_finished)

    def since(self, n):
        new = self.statuses[n:]
        return (sum(s == FINISHED.FINISHED_SUCCESSFULLY for s in new),
                sum(s == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY for s in new))


def open_playground(page, server):
    runs = Runs(page)
    page.goto(f"{server.url}/playground")
    page.wait_for_selector(f"{PATHS} .main-svg", timeout=120_000)
    wait_idle(page, 120_000)
    page.wait_for_timeout(500)
    return runs


def wait_runs(page, runs, n, timeout_s=60):
    """Until a run has finished after the first `n`, then the app is idle and late messages are in."""
    for _ in range(timeout_s * 10):
        if len(runs.statuses) > n:
            break
        page.wait_for_timeout(100)
    wait_idle(page)
    page.wait_for_timeout(800)


# The animation controls: plain HTML under the plot (static/live_chart.js builds them from the
# figure's plotly updatemenus and slider).
CONTROLS = ".st-key-pg_chart .optviz-anim"


def button(page, label):
    return page.locator(CONTROLS).locator("button", has_text=label).first


def test_slider_move_is_one_run_and_restyle_reruns_only_its_fragment(server, page, console_errors):
    runs = open_playground(page, server)

    n, before = len(runs.statuses), signature(page, PATHS)
    slider_thumb(page, "pg0lr").focus()
    page.keyboard.press("ArrowRight")
    wait_changed(page, PATHS, before)
    page.wait_for_timeout(800)
    assert runs.since(n) == (1, 0), runs.statuses[n:]        # exactly one run of the page

    # log scale: only the results fragment runs (the cached run is called outside it)
    n = len(runs.statuses)
    page.locator(".st-key-w-pglog label").first.click()
    wait_runs(page, runs, n)
    assert runs.since(n) == (0, 1), runs.statuses[n:]
    assert page.evaluate(f"() => document.querySelector('{PATHS}').layout.yaxis2.type") == "linear"
    page.wait_for_function("() => location.search.includes('pglog=')", timeout=10_000)   # and the URL keeps it

    # tolerance: again only the fragment, and the paths' data stay exactly the same
    paths_before = page.evaluate(f"() => document.querySelector('{PATHS}').data.filter(t => !t.xaxis).map(t => t.x)")
    n = len(runs.statuses)
    slider_thumb(page, "pgtol").focus()
    page.keyboard.press("ArrowRight")
    wait_runs(page, runs, n)
    assert runs.since(n) == (0, 1), runs.statuses[n:]
    assert page.evaluate(f"() => document.querySelector('{PATHS}').data.filter(t => !t.xaxis).map(t => t.x)") \
        == paths_before
    assert not console_errors, console_errors


FIGURE_JS = """sel => { const g = document.querySelector(sel);
  return {data: g.data.map(t => ({x: t.x, y: t.y, name: t.name})), frames: g._transitionData._frames.length,
          images: (g.layout.images || []).length}; }"""


def test_a_move_sends_a_patch_that_rebuilds_the_figure(server, page, browser, console_errors):
    sizes = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: sizes.append(len(p))))
    open_playground(page, server)
    first_chart = max(sizes)
    for _ in range(2):                                   # two moves: both patches against the first figure
        before, n = signature(page, PATHS), len(sizes)
        slider_thumb(page, "pg0lr").focus()
        page.keyboard.press("ArrowRight")
        wait_changed(page, PATHS, before)
        page.wait_for_timeout(500)
        assert max(sizes[n:]) < first_chart / 3, (max(sizes[n:]), first_chart)
    page.wait_for_function("() => location.search.includes('pg0lr=')", timeout=10_000)
    patched = page.evaluate(FIGURE_JS, PATHS)
    fresh = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        fresh.goto(page.url)
        fresh.wait_for_selector(f"{PATHS} .main-svg", timeout=120_000)
        wait_idle(fresh, 120_000)
        assert fresh.evaluate(FIGURE_JS, PATHS) == patched
    finally:
        fresh.close()
    assert patched["images"] == 1 and patched["frames"] > 60
    assert not console_errors, console_errors


def test_play_moves_paths_and_loss_cursors_and_keeps_the_surface(server, page, console_errors):
    open_playground(page, server)
    assert page.evaluate(SURFACE_JS) == 1

    button(page, "Play").click()
    seen = page.evaluate(WATCH_JS, [PATHS, 1000])
    assert seen["paths"] >= 5 and seen["losses"] >= 5, seen   # both panels move, frame after frame
    assert seen["bare"] == 0, seen                            # and the surface is drawn on every frame
    page.wait_for_timeout(4000)                                # the animation ends on the whole path
    assert page.evaluate(SURFACE_JS) == 1

    # step buttons: one frame back, one forward; the step shown by the scrubber follows
    def step_label():
        return page.locator(CONTROLS).locator(".optviz-anim-step").first.text_content()   # "step k"

    last = step_label()
    button(page, "◀").click()
    page.wait_for_timeout(400)
    back = step_label()
    assert back != last, (last, back)
    button(page, "▶|").click()
    page.wait_for_timeout(400)
    assert step_label() == last
    assert page.evaluate(SURFACE_JS) == 1

    # scrubbing: drag the scrubber from its right end to the left; the paths shrink, the surface stays
    full = page.evaluate(f"() => document.querySelector('{PATHS}').data.find(t => t.mode === 'lines').x.length")
    rail = page.locator(CONTROLS).locator("input[type=range]").first.bounding_box()
    page.mouse.move(rail["x"] + rail["width"] - 4, rail["y"] + rail["height"] / 2)
    page.mouse.down()
    page.mouse.move(rail["x"] + rail["width"] * 0.3, rail["y"] + rail["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_timeout(400)
    now = page.evaluate(f"() => document.querySelector('{PATHS}').data.find(t => t.mode === 'lines').x.length")
    assert now < full, (now, full)
    assert page.evaluate(SURFACE_JS) == 1
    assert "step 500" not in step_label()                      # the scrubber shows the step it was dragged to
    assert not console_errors, console_errors


# The clipping page's paths have a legend (the other path charts name each path where it ends). For each
# trace naming its points' legend groups (meta.groups): the opacity of every point, and which groups are
# hidden from the legend.
CLIP = chart_selector("cl_paths")
POINTS_JS = f"""() => {{
  const g = document.querySelector('{CLIP}');
  const hidden = g.data.filter(t => t.visible === 'legendonly').map(t => t.legendgroup);
  const points = g.data.filter(t => t.meta && t.meta.groups).map(t => ({{
    name: t.name, groups: t.meta.groups,
    opacity: t.meta.groups.map((_, i) => Array.isArray(t.marker.opacity) ? t.marker.opacity[i] : 1)}}));
  return {{hidden: [...new Set(hidden)], points}};
}}"""


def test_a_run_hidden_from_the_legend_hides_its_markers(server, page, console_errors):
    page.goto(f"{server.url}/clipping")
    page.wait_for_selector(f"{CLIP} .legend .traces", timeout=120_000)
    wait_idle(page, 120_000)
    shown = page.evaluate(POINTS_JS)
    assert shown["hidden"] == [] and {p["name"] for p in shown["points"]} == {"heads", "events"}, shown
    assert all(o == 1 for p in shown["points"] for o in p["opacity"])

    first = page.evaluate(f"() => document.querySelector('{CLIP}').data.find(t => t.legendgroup === 'o0').name")
    entry = page.locator(f"{CLIP} .legend .traces").filter(has_text=first).first
    entry.click()
    page.wait_for_timeout(500)
    after = page.evaluate(POINTS_JS)
    assert after["hidden"] == ["o0"], after
    gone = "o0"
    for p in after["points"]:
        assert p["opacity"] == [0 if g == gone else 1 for g in p["groups"]], p
        assert gone in p["groups"] and any(g != gone for g in p["groups"]), p

    play = page.locator(".st-key-cl_paths .optviz-anim button", has_text="Play").first
    play.click()                                               # ▶ moves the heads; the hidden one stays hidden
    page.wait_for_timeout(4500)
    assert page.evaluate(POINTS_JS) == after

    entry.click()                                              # shown again: every point back
    page.wait_for_timeout(500)
    again = page.evaluate(POINTS_JS)
    assert again["hidden"] == [] and all(o == 1 for p in again["points"] for o in p["opacity"]), again
    assert not console_errors, console_errors


def test_closed_code_and_formula_panels_stay_empty_until_opened(server, page, console_errors):
    """The collapsed PyTorch-code and formula panels send no code block (no syntax highlighter) and no
    formula (no KaTeX) until opened; opening one runs the page once and shows the current settings."""
    runs = open_playground(page, server)
    main = page.locator("[data-testid=stMain]")
    assert main.locator("[data-testid=stCode]").count() == 0
    assert page.locator(".st-key-info .katex").count() == 0
    n = len(runs.statuses)
    page.locator(".st-key-torch_code-code summary").click()
    code = main.locator("[data-testid=stCode]").first
    code.wait_for(timeout=30_000)
    wait_runs(page, runs, n)
    assert runs.since(n) == (1, 0), runs.statuses[n:]
    assert "torch.optim.SGD([params], lr=0.001)" in code.text_content()
    page.locator(".st-key-info summary").click()
    page.locator(".st-key-info .katex").first.wait_for(timeout=30_000)
    assert page.locator(".st-key-info .katex").count() >= 2        # the surface's formula and an update rule
    assert not console_errors, console_errors
