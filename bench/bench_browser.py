#!/usr/bin/env python3
"""optviz in a real browser against a one-chart Streamlit "floor" app, both measured in the same run.

    python bench/bench_browser.py                 # every page + sliders + animation + bytes
    python bench/bench_browser.py playground lr_lab   # only these pages' first-chart times
    REPEAT=3 MOVES=7 python bench/bench_browser.py
    PROFILE=1 python bench/bench_browser.py playground  # + where the browser spends the playground's load
    BASELINE=/path/to/older/checkout python bench/bench_browser.py   # that checkout measured alongside too

Both apps run with the production flags; Debian's Chromium is driven by playwright with one fresh
browser context per page load. Figures:
  first chart   navigation → first `.js-plotly-plot` drawn (median of REPEAT loads, each right after a
                load of the floor app, whose median is the page's "× floor" base), and → page idle
                (no running indicator and every chart drawn); requests and websocket bytes of the load
  slider→chart  a keyboard move of one slider (focus its input, arrow key) until a chart's data in the
                DOM change: median and max of MOVES moves; websocket bytes received per move
                (the real network: over values trained before, as cached results; and moves that
                each train anew, "(trains)")
  animation     ▶ on the playground: requestAnimationFrame ticks that change the path traces / the
                loss traces per second, and whether the surface stayed drawn on every tick
Machines are noisy: read the ratios to the floor measured alongside, not the seconds. With BASELINE,
an older checkout of the app is served as well and every measurement alternates floor, baseline, optviz,
so a before/after comparison shares the machine's load.
"""
from __future__ import annotations

import collections
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ui.pages import PAGES  # noqa: E402

FLOOR = """import streamlit as st, plotly.graph_objects as go
x = st.slider("a", 0.0, 1.0, 0.5)
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2], y=[0, x, 1])))
"""
FLAGS = ["--server.headless", "true", "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1400, "height": 1000}
REPEAT = int(os.environ.get("REPEAT", 2))
MOVES = int(os.environ.get("MOVES", 7))

SIG = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p => (p.data || []).map(t =>
  (t.x && t.x.slice ? t.x.length + JSON.stringify(t.x.slice(-3)) : '') +
  (t.y && t.y.slice ? JSON.stringify(t.y.slice(-3)) : '')).join('|')).join('#')"""
IDLE = """() => !!document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]')
  && [...document.querySelectorAll('[data-testid=stPlotlyChart], .optviz-live-chart')].every(c => c.querySelector('.main-svg'))"""

THUMB_SEL = " :is(input[type=range], [role=slider])"
# page → (selector of the slider's focusable input) for slider → chart
SLIDERS = {
    "playground": ".st-key-w-pg0lr " + THUMB_SEL,
    "lr_lab": ".st-key-w-lrlgood " + THUMB_SEL,
    "schedule_lab": "[data-testid=stMain] [data-testid=stSlider] " + THUMB_SEL,
    "real_network": ".st-key-w-rn0lr " + THUMB_SEL,
}
# pages whose slider moves retrain a network: timed over values trained before (the issue's "trained
# results cached"), and also as moves that each train anew ("(trains)")
CACHED = {"real_network"}
PARTS = os.environ.get("PARTS", "pages,sliders,anim").split(",")   # which parts to run

# Inside the browser: on every animation frame, fingerprint the path traces and the loss traces of
# the playground and check the surface is drawn (contour SVG paths or the surface image).
ANIM_JS = """([pathsSel, lossSel, ms]) => new Promise(resolve => {
  const g = document.querySelector(pathsSel), l = document.querySelector(lossSel);
  // traces of the paths panel (axes x/y) and of the loss curves (a separate chart, or axes x2/y2 of the same one)
  const fp = (gd, panel) => gd ? gd.data.map(t => (panel && (t.xaxis || 'x') !== panel) ? '' :
      (t.x ? t.x.length : 0) + ':' + (t.x && t.x.length ? t.x[t.x.length - 1] : '')
      + ':' + (t.y && t.y.length ? t.y[t.y.length - 1] : '')).join('|') : '';
  const same = l === g, P = () => fp(g, 'x'), Q = () => same ? fp(g, 'x2') : fp(l, null);
  const surf = gd => gd.querySelectorAll('.contourlayer path, .main-svg image, .heatmaplayer image').length;
  let lastP = P(), lastL = Q(), ticks = 0, pathChanges = 0, lossChanges = 0, noSurface = 0, t0 = performance.now();
  function tick() {
    ticks++;
    const p = P(), q = Q();
    if (p !== lastP) { pathChanges++; lastP = p; }
    if (q !== lastL) { lossChanges++; lastL = q; }
    if (!surf(g)) noSurface++;
    if (performance.now() - t0 < ms) requestAnimationFrame(tick);
    else resolve({ticks, pathChanges, lossChanges, noSurface, ms: performance.now() - t0});
  }
  requestAnimationFrame(tick);
})"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(cwd, script):
    port = free_port()
    srv = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), *FLAGS],
                           cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return srv, f"http://127.0.0.1:{port}"
        except Exception:
            time.sleep(0.5)
    srv.terminate()
    sys.exit(f"{script} did not start")


def load(browser, url, profile=False):
    """One fresh context: seconds to the first chart, to idle; requests, bytes; optional CPU profile."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    reqs = collections.Counter()
    page.on("request", lambda r: reqs.update([r.resource_type]))
    ws_bytes = [0]
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: ws_bytes.__setitem__(0, ws_bytes[0] + len(p))))
    cdp = None
    if profile:
        cdp = ctx.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        cdp.send("Profiler.start")
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=180_000)
    first = time.perf_counter() - t0
    quiet_since = None
    while time.perf_counter() - t0 < 180:
        if page.evaluate(IDLE):
            quiet_since = quiet_since or time.perf_counter()
            if time.perf_counter() - quiet_since > 0.6:
                break
        else:
            quiet_since = None
        page.wait_for_timeout(30)
    idle = (quiet_since or time.perf_counter()) - t0
    prof = None
    if cdp:
        prof = cdp.send("Profiler.stop")["profile"]
    charts = page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
    ctx.close()
    return dict(first=first, idle=idle, requests=sum(reqs.values()), by_type=dict(reqs), ws=ws_bytes[0],
                charts=charts, profile=prof)


def summarize_profile(prof, top=12):
    """Self time per (function, script) of a CDP CPU profile, largest first."""
    nodes = {n["id"]: n for n in prof["nodes"]}
    self_us = collections.Counter()
    deltas = prof.get("timeDeltas", [])
    for sid, dt in zip(prof.get("samples", []), deltas):
        cf = nodes[sid]["callFrame"]
        url = cf["url"].rsplit("/", 1)[-1][:40]
        self_us[(cf["functionName"] or "(anonymous)", url)] += dt
    total = sum(self_us.values()) or 1
    by_script = collections.Counter()
    for (fn, url), us in self_us.items():
        by_script[url or fn] += us
    lines = [f"  CPU profile: {total / 1e6:.2f} s sampled"]
    lines += [f"    {us / 1e6:6.2f} s {100 * us / total:4.1f}%  script {name}" for name, us in by_script.most_common(8)]
    lines += [f"    {us / 1e6:6.2f} s {100 * us / total:4.1f}%  {fn} ({url})" for (fn, url), us in self_us.most_common(top)]
    return "\n".join(lines)


def slider_moves(browser, url, selector, n=MOVES, revisit=False):
    """Seconds from an arrow key on the slider to a chart's data changing; ws bytes per move.
    `revisit`: first n untimed moves right (each trains and is cached), then n timed moves back left
    over those values (the results come from the server's cache)."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    got = [0]
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: got.__setitem__(0, got[0] + len(p))))
    # large messages the browser does not hold yet may be fetched over HTTP from the message cache
    page.on("response", lambda r: "_stcore/message" in r.url and got.__setitem__(
        0, got[0] + int(r.headers.get("content-length") or 0)))
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=180_000)
    page.wait_for_function(IDLE, timeout=180_000)
    page.wait_for_timeout(1500)
    slider = page.locator(selector).first
    if revisit:
        for k in range(n):
            slider.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(100)
            page.wait_for_function(IDLE, timeout=60_000)
            page.wait_for_timeout(300)
    times, sizes = [], []
    for k in range(n):
        before = page.evaluate(SIG)
        slider.focus()
        got[0] = 0
        t0 = time.perf_counter()
        # a new value each time (a value seen before may come from the browser's message cache), or
        # with `revisit` a value whose results the server has cached
        page.keyboard.press("ArrowLeft" if revisit else "ArrowRight")
        while page.evaluate(SIG) == before and time.perf_counter() - t0 < 30:
            page.wait_for_timeout(5)
        times.append(time.perf_counter() - t0)
        page.wait_for_function(IDLE, timeout=60_000)
        page.wait_for_timeout(600)
        sizes.append(got[0])
    ctx.close()
    return times, sizes


def animation(browser, url, seconds=2.0):
    """▶ on the playground: trace-changing animation frames per second and surface presence."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=180_000)
    page.wait_for_function(IDLE, timeout=180_000)
    page.wait_for_timeout(1000)
    paths = ".st-key-pg_chart .js-plotly-plot"
    loss = ".st-key-pg_loss .js-plotly-plot"
    if not page.query_selector(loss):
        loss = paths
    # ▶: the HTML controls under the plot (plotly's own buttons in an older checkout)
    page.locator(".st-key-pg_chart :is(.optviz-anim button, .updatemenu-button)").first.click()
    res = page.evaluate(ANIM_JS, [paths, loss, seconds * 1000])
    ctx.close()
    return res


def main():
    names = sys.argv[1:] or [p.url for p in PAGES]
    tmp = tempfile.mkdtemp()
    Path(tmp, "floor.py").write_text(FLOOR)
    f_srv, f_url = serve(tmp, "floor.py")
    o_srv, o_url = serve(str(ROOT), "app.py")
    apps = [("", o_url)]
    servers = [f_srv, o_srv]
    if os.environ.get("BASELINE"):
        b_srv, b_url = serve(os.environ["BASELINE"], "app.py")
        apps.insert(0, ("(baseline) ", b_url))
        servers.append(b_srv)
    out = {"pages": {}, "sliders": {}}
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            load(b, f_url + "/")
            for _, url in apps:
                load(b, url + "/playground")                 # warm the server's caches and the browser cache
            floor = [load(b, f_url + "/") for _ in range(max(3, REPEAT))]
            fl = dict(first=statistics.median(r["first"] for r in floor), idle=statistics.median(r["idle"] for r in floor),
                      requests=floor[0]["requests"], ws=floor[0]["ws"])
            out["floor"] = fl
            print(f"{'page':<18}{'first chart':>12}{'× floor':>9}{'idle':>8}{'× floor':>9}{'requests':>10}{'ws KB':>8}"
                  f"{'charts':>8}{'floor then':>11}")
            print(f"{'(floor app)':<18}{fl['first']:>11.2f}s{'':>9}{fl['idle']:>7.2f}s{'':>9}{fl['requests']:>10}"
                  f"{fl['ws'] / 1024:>8.0f}{1:>8}")
            for name in names if "pages" in PARTS else []:
                path = "" if name == "home" else name
                for _, url in apps:
                    load(b, f"{url}/{path}")                   # first run of this page fills its caches
                rs, fs = {tag: [] for tag, _ in apps}, []
                for _ in range(REPEAT):                        # the floor alongside: the machine's load drifts
                    fs.append(load(b, f_url + "/"))
                    for tag, url in apps:
                        rs[tag].append(load(b, f"{url}/{path}"))
                ff, fi = statistics.median(x["first"] for x in fs), statistics.median(x["idle"] for x in fs)
                for tag, _ in apps:
                    got = rs[tag]
                    r = dict(first=statistics.median(x["first"] for x in got), idle=statistics.median(x["idle"] for x in got),
                             requests=got[0]["requests"], by_type=got[0]["by_type"], ws=got[0]["ws"], charts=got[0]["charts"],
                             floor_first=ff, floor_idle=fi)
                    out["pages"][tag + name] = r
                    print(f"{tag + name:<18}{r['first']:>11.2f}s{r['first'] / ff:>8.2f}×{r['idle']:>7.2f}s"
                          f"{r['idle'] / fi:>8.2f}×{r['requests']:>10}{r['ws'] / 1024:>8.0f}{r['charts']:>8}"
                          f"{ff:>10.2f}s", flush=True)
            if os.environ.get("PROFILE"):
                for name in names:
                    path = "" if name == "home" else name
                    r = load(b, f"{o_url}/{path}", profile=True)
                    print(f"profile of /{path} (first chart {r['first']:.2f}s, requests {r['by_type']}):")
                    print(summarize_profile(r["profile"]))
            if "sliders" in PARTS:
                ft, fs = slider_moves(b, f_url + "/", "[data-testid=stSlider]" + THUMB_SEL)
                out["sliders"]["(floor app)"] = dict(median=statistics.median(ft), max=max(ft), ws=statistics.median(fs))
                print(f"\n{'slider → chart':<24}{'median':>9}{'× floor':>9}{'max':>8}{'KB/move':>12}")
                print(f"{'(floor app)':<24}{statistics.median(ft):>8.3f}s{'':>9}{max(ft):>7.3f}s"
                      f"{statistics.median(fs) / 1024:>12.1f}")
                for name, sel in SLIDERS.items():
                    for tag, url in apps:
                        for revisit in ((True, False) if name in CACHED else (False,)):
                            ts, ss = slider_moves(b, f"{url}/{name}", sel, revisit=revisit)
                            med = statistics.median(ts)
                            row = tag + name + (" (trains)" if name in CACHED and not revisit else "")
                            out["sliders"][row] = dict(median=med, max=max(ts), ws=statistics.median(ss), all=ts)
                            print(f"{row:<24}{med:>8.3f}s{med / statistics.median(ft):>8.2f}×{max(ts):>7.3f}s"
                                  f"{statistics.median(ss) / 1024:>12.1f}", flush=True)
            for tag, url in apps if "anim" in PARTS else []:
                a = animation(b, f"{url}/playground")
                out[tag + "animation"] = a
                sec = a["ms"] / 1000
                print(f"\n{tag}▶ playground (2 s window): {a['ticks'] / sec:.0f} rAF/s, paths changed {a['pathChanges'] / sec:.1f}/s, "
                      f"loss traces changed {a['lossChanges'] / sec:.1f}/s, ticks without the surface drawn: "
                      f"{a['noSurface']}/{a['ticks']}")
            b.close()
    finally:
        for srv in servers:
            srv.terminate()
            try:
                srv.wait(10)
            except subprocess.TimeoutExpired:
                srv.kill()
    if os.environ.get("JSON"):
        Path(os.environ["JSON"]).write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
