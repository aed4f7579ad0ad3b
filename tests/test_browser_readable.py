"""Every page readable in a real browser, in English and Korean, at 1400 and 1024 px wide: tables fit
their container, no chart text is cut by the chart's box or its plot area, lines that share a colour
are named at the line, no "None"/"nan" in the page's text, every page reachable in the navigation.

One server, one browser, one tab per language; each page is loaded once per language and checked at
both widths (the tab is resized in between).
"""
from __future__ import annotations

import pytest

from conftest import ROOT, VIEWPORT, watch_console, wait_idle
from ui.pages import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LIVE_PAGES = [p for p in PAGES if (ROOT / p.file).exists()]
WIDTHS = (1400, 1024)
FIRST_CHART_MS = 120_000

# Tables wider than the element that holds them (their last column is cut or needs a scroll).
WIDE_TABLES_JS = """() => {
  const out = [];
  // HTML tables (st.dataframe's canvas grid scrolls sideways by design and is left out)
  for (const el of document.querySelectorAll('[data-testid=stMain] table')) {
    if (!el.getClientRects().length || el.closest('[data-testid=stDataFrame]')) continue;
    const box = el.parentElement;
    const sw = Math.max(el.scrollWidth, el.getBoundingClientRect().width);
    if (box.clientWidth > 0 && sw > box.clientWidth + 1)
      out.push({what: el.tagName + '.' + el.className, scrollWidth: Math.round(sw), clientWidth: box.clientWidth,
                head: (el.innerText || '').slice(0, 80)});
  }
  return out;
}"""

# Chart texts partly outside the chart's svg, or partly outside the clip rectangle (plot area) that
# hides their overflow: visible but cut. Texts entirely hidden by plotly (overlapping ticks) are skipped.
CLIPPED_TEXT_JS = """() => {
  const out = [];
  const shown = el => { const s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden' && parseFloat(s.opacity || '1') > 0.01; };
  const inside = (a, b, tol) => a.left >= b.left - tol && a.right <= b.right + tol &&
                                a.top >= b.top - tol && a.bottom <= b.bottom + tol;
  const meets = (a, b) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
  for (const g of document.querySelectorAll('.js-plotly-plot')) {
    if (!g.getClientRects().length || g.getBoundingClientRect().width === 0) continue;
    const key = (g.closest('[class*="st-key-"]') || {className: ''}).className.split(' ')
                  .find(c => c.startsWith('st-key-')) || '?';
    const svgs = g.querySelectorAll('svg.main-svg');
    if (!svgs.length) continue;
    const frame = svgs[0].getBoundingClientRect();
    for (const el of g.querySelectorAll('svg.main-svg text')) {
      if (!el.textContent.trim() || !shown(el)) continue;
      let hidden = false;
      for (let a = el; a && a !== g; a = a.parentElement) if (!shown(a)) { hidden = true; break; }
      if (hidden) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (!inside(r, frame, 1.5)) { out.push({chart: key, text: el.textContent, why: 'outside the chart'}); continue; }
      for (let a = el.parentElement; a && a !== g; a = a.parentElement) {
        const cp = a.getAttribute && a.getAttribute('clip-path');
        if (!cp) continue;
        const id = (cp.match(/url\\(["']?#([^"')]+)/) || [])[1];
        const rect = id && document.getElementById(id) && document.getElementById(id).querySelector('rect');
        if (!rect) break;
        // a clip rectangle is not rendered: map its corners through the clipped group's transform
        const m = a.getScreenCTM(), svg = a.ownerSVGElement;
        const corner = (x, y) => { const p = svg.createSVGPoint(); p.x = x; p.y = y; return p.matrixTransform(m); };
        const x = +rect.getAttribute('x') || 0, y = +rect.getAttribute('y') || 0;
        const p0 = corner(x, y), p1 = corner(x + (+rect.getAttribute('width')), y + (+rect.getAttribute('height')));
        const c = {left: Math.min(p0.x, p1.x), right: Math.max(p0.x, p1.x), top: Math.min(p0.y, p1.y),
                   bottom: Math.max(p0.y, p1.y), width: Math.abs(p1.x - p0.x)};
        if (c.width > 0 && meets(r, c) && !inside(r, c, 1.5))
          out.push({chart: key, text: el.textContent, why: 'cut by the plot area'});
        break;
      }
    }
  }
  return out;
}"""

# Line traces in the legend that share their colour with another one and are not named next to the
# line (an annotation or a subplot title holding the trace's name).
SAME_COLOUR_JS = """() => {
  const out = [];
  const plain = s => String(s || '').replace(/<[^>]+>/g, ' ').replace(/\\s+/g, ' ').trim();
  for (const g of document.querySelectorAll('.js-plotly-plot')) {
    if (!g._fullData || !g.getClientRects().length) continue;
    const key = (g.closest('[class*="st-key-"]') || {className: ''}).className.split(' ')
                  .find(c => c.startsWith('st-key-')) || '?';
    const notes = ((g._fullLayout || {}).annotations || []).map(a => plain(a.text));
    const lines = g._fullData.filter(t => t.visible === true && t.type === 'scatter' && String(t.mode).includes('lines')
                                       && t.showlegend !== false && t.name && (t.x || []).length > 1);
    const byColour = {};
    for (const t of lines) {
      const c = String((t.line || {}).color || '').replace(/\\s/g, '').toLowerCase();
      (byColour[c] = byColour[c] || []).push(t);
    }
    for (const [c, ts] of Object.entries(byColour)) {
      if (ts.length < 2) continue;
      for (const t of ts) {
        const name = plain(t.name);
        if (!notes.some(n => n.includes(name)))
          out.push({chart: key, colour: c, trace: name, shared_with: ts.length});
      }
    }
  }
  return out;
}"""

# The page's text outside code blocks (plotly's svg text and the tables' accessible cells included);
# a value printed by Python as None or nan is a bug, prose about "inf/NaN" gradients is not.
PAGE_TEXT_JS = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  if (!main) return '';
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    if (!n.parentElement.closest('pre, code, [data-testid=stCode], script, style')) parts.push(n.nodeValue);
  return parts.join(' ');
}"""


@pytest.fixture(scope="module")
def tabs(browser):
    """One tab per language, kept for every page (plotly's bundle stays compiled)."""
    out = {}
    for lang in ("en", "ko"):
        ctx = browser.new_context(viewport=VIEWPORT)
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        out[lang] = (ctx, page, watch_console(page))
    yield out
    for ctx, _, _ in out.values():
        ctx.close()


def _problems(page) -> dict:
    import re
    text = page.evaluate(PAGE_TEXT_JS)
    return {"wide tables": page.evaluate(WIDE_TABLES_JS),
            "clipped chart text": page.evaluate(CLIPPED_TEXT_JS),
            "lines told apart by dash only": page.evaluate(SAME_COLOUR_JS),
            "None/nan in the text": sorted(set(re.findall(r"(?<![\w./])(?:None|nan)(?![\w/(])", text)))}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("info", LIVE_PAGES, ids=[p.url or "home" for p in LIVE_PAGES])
def test_page_is_readable(server, tabs, info, lang):
    _, page, errors = tabs[lang]
    errors.clear()
    url = "" if info.url in ("", "home") else info.url
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if width == WIDTHS[0]:
            page.goto(f"{server.url}/{url}?lang={lang}")
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=FIRST_CHART_MS)
            wait_idle(page, FIRST_CHART_MS)
            # every page is in the navigation, none behind "View more"
            assert page.locator("[data-testid=stSidebarNavViewButton]").count() == 0
            assert page.locator("[data-testid=stSidebarNav] a").count() == len(LIVE_PAGES)
        page.wait_for_timeout(700)          # plotly redraws after a resize
        found[width] = {k: v for k, v in _problems(page).items() if v}
    assert not any(found.values()), found
    assert page.locator("[data-testid=stException]").count() == 0


# The playground's contour: its plot area, a legend if any, and the path labels as drawn.
PLAYGROUND_JS = """() => {
  const g = document.querySelector('.st-key-pg_chart .js-plotly-plot');
  if (!g || !g._fullLayout) return null;
  const L = g._fullLayout;
  const plot = g.querySelector('.subplot.xy .bg') || g.querySelector('.subplot.xy');
  const r = plot.getBoundingClientRect();
  const notes = [...g.querySelectorAll('.annotation')].map(a => {
    const b = a.querySelector('.annotation-text-g').getBoundingClientRect();
    return {text: a.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom};
  });
  return {plot: {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height},
          legend: !!g.querySelector('.legend .traces'), notes,
          layout: L.annotations.map(a => ({text: a.text, x: a.x, y: a.y, name: a.name})),
          xrange: L.xaxis.range, yrange: L.yaxis.range};
}"""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_playground_contour_keeps_its_space_and_shows_divergence(server, tabs, lang):
    """At projector width: no legend above the contour, the contour at least 330 px tall, every path
    named inside the plot, SGD at lr 10 labelled "✖ diverged at step N" (N from the results table)
    where it left the view; a surface without a minimum: raw-loss heading, "—" distances."""
    import re

    from optviz.i18n import t
    _, page, _ = tabs[lang]
    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto(f"{server.url}/playground?pgk=2&pg0lr=10&lang={lang}")
    page.wait_for_selector(".st-key-pg_chart .js-plotly-plot .main-svg", timeout=FIRST_CHART_MS)
    wait_idle(page, FIRST_CHART_MS)
    page.wait_for_timeout(700)
    got = page.evaluate(PLAYGROUND_JS)
    assert not got["legend"], "no legend stacked over the contour"
    assert got["plot"]["height"] >= 330 and got["plot"]["width"] >= 240, got["plot"]
    status = page.locator("[data-testid=stTable] tbody tr:first-child td:last-child").inner_text()
    step = int(re.findall(r"\d+", status)[-1])
    assert status.strip() == t("diverged_at", lang, step=step)
    mark = t("diverged_mark", lang, step=step)
    labels = [a for a in got["layout"] if a["name"] == "path label"]
    assert len(labels) == 2
    div = next(a for a in labels if mark in re.sub(r"<[^>]+>", " ", a["text"]).replace("  ", " "))
    (x0, x1), (y0, y1) = got["xrange"], got["yrange"]
    on_edge = min(abs(div["x"] - x0), abs(div["x"] - x1), abs(div["y"] - y0), abs(div["y"] - y1))
    assert on_edge < 1e-6 * max(x1 - x0, y1 - y0), "written where the path left the view"
    p = got["plot"]
    for n in got["notes"]:
        if n["text"].startswith("SGD"):
            assert p["left"] - 1 <= n["left"] and n["right"] <= p["right"] + 1, n
            assert p["top"] - 1 <= n["top"] and n["bottom"] <= p["bottom"] + 1, n
    # a surface without a minimum
    page.goto(f"{server.url}/playground?pgs=saddle&lang={lang}")
    page.wait_for_selector(".st-key-pg_chart .js-plotly-plot .main-svg", timeout=FIRST_CHART_MS)
    wait_idle(page, FIRST_CHART_MS)
    page.wait_for_timeout(700)
    got = page.evaluate(PLAYGROUND_JS)
    assert any(n["text"] == t("loss_symlog", lang) for n in got["notes"])
    assert not any(t("loss_gap", lang) in n["text"] for n in got["notes"])
    cells = page.locator("[data-testid=stTable] tbody tr td:nth-child(3)").all_inner_texts()
    assert cells and all(c.strip() == "—" for c in cells), cells
    page.set_viewport_size(VIEWPORT)
