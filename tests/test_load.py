"""Many students at once: concurrent browser sessions against the real server.

One headless Chromium, SESSIONS contexts (own cookies, own app session each), driven concurrently
with playwright's async API. Behind nginx with two replicas when nginx is installed (deploy/), else
one `streamlit run`. Every session opens its own page and moves a slider with the keyboard for
DURATION seconds (at most MAX_MOVES moves). After every move the session must see its chart change
to the data of its own setting: the slider shows the expected value, the address bar holds exactly
that session's settings, a setting seen twice gives the same chart, and on the playground the loss
curves end at the session's own step count (three playground sessions work in disjoint step ranges).
The app's memory (RSS of the Streamlit processes) must stay bounded.

Figures are printed and written to test-artifacts/load.json. Skip locally with `-m "not load"`.
"""
from __future__ import annotations

import asyncio
import json
import math
import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlsplit

import pytest

from conftest import APP_IDLE, ARTIFACTS, NGINX, ROOT, VIEWPORT, launch_kwargs, need_chromium
from ui.pages import PAGES

pytestmark = [pytest.mark.load, pytest.mark.timeout(300)]

SESSIONS = 10
DURATION = 45.0            # seconds of slider moves, all sessions together
MAX_MOVES = 30             # per session
THINK_S = 0.5              # a student looks at the chart before moving again
OPEN_PARALLEL = 2          # pages opening at once (a page's first load costs seconds of browser CPU)
MOVES = ("ArrowRight", "ArrowRight", "ArrowLeft")      # net one step forward every three moves
OPEN_TIMEOUT_MS = 90_000   # one page's first load, while the other sessions work
OPEN_ALL_S = 150           # all sessions' pages open (OPEN_PARALLEL at a time)
MOVE_TIMEOUT_MS = 60_000
RSS_GROWTH_MIB = 400       # allowed growth of the app processes' RSS over the warm baseline
PLAYGROUND_STARTS = (100, 1010, 2020)   # pgsteps of the playground sessions; ranges never meet

# Fingerprint of every chart on the page: a hash of each trace's name, coordinates and text.
ALL_CHARTS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'), g => {
    const s = JSON.stringify((g.data || []).map(t => [t.name, t.x, t.y, t.z, t.text]));
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    return s.length + ':' + h;
}).join('|')"""
POLL_MS = 100

SLIDERS_JS = """() => Array.from(document.querySelectorAll('[data-testid=stSlider]')).map(s => {
    const box = s.closest('[class*="st-key-w-"]');
    const key = box && Array.from(box.classList).find(c => c.startsWith('st-key-w-'));
    const input = s.querySelector('input[type=range]');
    return key && input ? {key: key.slice('st-key-w-'.length), value: +input.value, min: +input.min,
                           max: +input.max, step: +input.step, text: input.getAttribute('aria-valuetext')} : null;
}).filter(Boolean)"""


@pytest.fixture(scope="module")
def target(request):
    """nginx + two replicas when nginx is installed, else one app server."""
    return request.getfixturevalue("front" if NGINX else "server")


def plan() -> list[tuple[str, str | None]]:
    """(URL path with query, slider key or None to take the page's first one) per session."""
    sessions = [(f"playground?pgsteps={s}", "pgsteps") for s in PLAYGROUND_STARTS]
    others = [p.url for p in PAGES if (ROOT / p.file).exists() and p.url not in ("home", "", "playground")]
    for n in range(SESSIONS - len(sessions)):
        if others:
            sessions.append((others[n % len(others)], None))
        else:                                 # only the playground exists: more step ranges on it
            sessions.append((f"playground?pgsteps={2990 - 310 * n}", "pgsteps"))
    return sessions


def same_value(url_value: str | None, shown: str) -> bool:
    if url_value is None:
        return False
    try:
        a = float(url_value)
    except ValueError:
        return url_value == shown
    # a slider may label its value ("m = 256", "m = N = 1000"): its number is the last one shown
    numbers = re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", shown.replace("−", "-"))
    return bool(numbers) and math.isclose(a, float(numbers[-1]), rel_tol=5e-3, abs_tol=1e-12)


class Session:
    """One student: a browser context on one page, moving one slider."""

    def __init__(self, n: int, path: str, key: str | None):
        self.n, self.path, self.key = n, path, key
        self.page_url = path.split("?")[0]
        self.start_query = dict(parse_qsl(urlsplit("/" + path).query))
        self.first: dict[str, float] = {}     # slider key -> value when the page opened
        self.now: dict[str, dict] = {}        # slider key -> current state, for the keys this session moved
        self.latencies: list[float] = []
        self.seen: dict[str, str] = {}        # query string -> chart fingerprint
        self.problems: list[str] = []
        self.errors: list[str] = []
        self.opened = False
        self.open_s = None

    async def run(self, browser, base: str, opening: asyncio.Semaphore, start_moves: asyncio.Event,
                  deadline: list[float]):
        context = await browser.new_context(viewport=VIEWPORT)
        try:
            page = await context.new_page()
            page.on("pageerror", lambda e: self.errors.append(str(e)))
            async with opening:
                t0 = time.monotonic()
                await page.goto(f"{base}/{self.path}", timeout=OPEN_TIMEOUT_MS)
                await page.wait_for_selector(".js-plotly-plot .main-svg, [data-testid=stException]",
                                             timeout=OPEN_TIMEOUT_MS)
                await page.wait_for_function(APP_IDLE, timeout=OPEN_TIMEOUT_MS)
                self.open_s = time.monotonic() - t0
            if await page.locator("[data-testid=stException]").count():
                self.problems.append("exception: " + (await page.locator("[data-testid=stException]").first
                                                      .inner_text())[:300])
                return
            self.first = {sl["key"]: sl["value"] for sl in await page.evaluate(SLIDERS_JS)}
            self.opened = True
            await self.check(page)
            await start_moves.wait()
            await self.move_until(page, deadline[0])
        except Exception as e:  # noqa: BLE001 — recorded, then asserted by the test
            self.problems.append(f"{type(e).__name__}: {str(e).splitlines()[0][:300]}")
        finally:
            await context.close()

    async def move_until(self, page, deadline: float):
        candidates = [sl["key"] for sl in await page.evaluate(SLIDERS_JS) if self.key in (None, sl["key"])]
        if not candidates:
            self.problems.append("no slider on the page")
            return
        key = candidates.pop(0)
        moves = 0
        while moves < MAX_MOVES and time.monotonic() < deadline:
            state = await self.slider(page, key)
            direction = MOVES[moves % len(MOVES)]
            if state["value"] >= state["max"]:
                direction = "ArrowLeft"
            elif state["value"] <= state["min"]:
                direction = "ArrowRight"
            expected = state["value"] + (state["step"] if direction == "ArrowRight" else -state["step"])
            before = await page.evaluate(ALL_CHARTS_JS)
            thumb = page.locator(f".st-key-w-{key} input[type=range]").first
            await thumb.focus()
            t0 = time.monotonic()
            await thumb.press(direction)
            try:
                await page.wait_for_function(f"(prev) => ({ALL_CHARTS_JS})() !== prev", arg=before,
                                             polling=POLL_MS, timeout=MOVE_TIMEOUT_MS if moves or self.key else 20_000)
            except Exception:
                if moves == 0 and self.key is None and candidates:   # this slider drives no chart: take the next
                    await page.wait_for_function(APP_IDLE, timeout=MOVE_TIMEOUT_MS)
                    self.now[key] = await self.slider(page, key)
                    key = candidates.pop(0)
                    continue
                raise
            self.latencies.append(time.monotonic() - t0)
            await page.wait_for_function(APP_IDLE, timeout=MOVE_TIMEOUT_MS)
            after = self.now[key] = await self.slider(page, key)
            if not math.isclose(after["value"], expected, abs_tol=1e-6 * max(state["step"], 1e-12)):
                self.problems.append(f"{key}: slider at {after['value']}, expected {expected}")
            self.key = key
            await self.check(page)
            moves += 1
            await asyncio.sleep(THINK_S)

    @staticmethod
    async def slider(page, key: str) -> dict:
        return next(sl for sl in await page.evaluate(SLIDERS_JS) if sl["key"] == key)

    async def check(self, page):
        """The page shows this session's own settings, and the same settings always the same charts."""
        if await page.locator("[data-testid=stException]").count():
            self.problems.append("exception shown")
        # The address bar holds exactly this session's settings: what it was opened with, and every
        # slider it moved that is not back at its first value.
        moved = [k for k, st in self.now.items() if st["value"] != self.first.get(k)]
        try:
            await page.wait_for_function("(keys) => keys.every(k => new URLSearchParams(location.search).has(k))",
                                         arg=moved, timeout=10_000, polling=POLL_MS)
        except Exception:  # noqa: BLE001 — reported below as a wrong address bar
            pass
        query = dict(parse_qsl(urlsplit(page.url).query))
        own = set(self.start_query) | set(moved)
        if set(query) != own:
            self.problems.append(f"address bar {sorted(query)} instead of {sorted(own)}")
        for k, st in self.now.items():
            if k in query and not same_value(query[k], st["text"]):
                self.problems.append(f"{k}={query[k]} in the address bar, the slider shows {st['text']}")
        charts = await page.evaluate(ALL_CHARTS_JS)
        qs = urlsplit(page.url).query
        if self.seen.setdefault(qs, charts) != charts:
            self.problems.append(f"different charts for the same settings {qs}")
        if self.page_url == "playground":
            start = int(self.start_query["pgsteps"])
            steps = int(self.now["pgsteps"]["text"]) if "pgsteps" in self.now else start   # the slider's value
            ends = await page.evaluate("""() => document.querySelector('.st-key-pg_chart .js-plotly-plot').data
                .filter(t => t.mode === 'lines' && t.xaxis === 'x2').map(t => t.x[t.x.length - 1])""")
            if set(ends) != {steps}:
                self.problems.append(f"loss curves end at {sorted(set(ends))}, own steps {steps}")
            if abs(steps - start) > 10 * MAX_MOVES:       # another session's range
                self.problems.append(f"steps {steps} outside this session's range around {start}")


def sample_rss(target, stop: threading.Event, samples: list[int]):
    while not stop.is_set():
        try:
            samples.append(target.rss_kib())
        except OSError:
            pass
        stop.wait(0.5)


async def drive(base: str, sessions: list[Session], on_warm) -> float:
    """Open every session's page at once, then let them all move sliders for DURATION seconds."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_kwargs())
        try:
            start_moves, deadline = asyncio.Event(), [0.0]
            opening = asyncio.Semaphore(OPEN_PARALLEL)
            tasks = [asyncio.create_task(s.run(browser, base, opening, start_moves, deadline)) for s in sessions]
            t_open = time.monotonic()
            while not all(s.opened or s.problems for s in sessions) and time.monotonic() - t_open < OPEN_ALL_S:
                await asyncio.sleep(0.2)
            open_s = time.monotonic() - t_open
            on_warm()
            deadline[0] = time.monotonic() + DURATION
            start_moves.set()
            _, late = await asyncio.wait(tasks, timeout=DURATION + MOVE_TIMEOUT_MS / 1000 + 20)
            for s, task in zip(sessions, tasks):
                if task in late:
                    task.cancel()
                    s.problems.append("still busy when the test's time was up")
            await asyncio.gather(*late, return_exceptions=True)
            return open_s
        finally:
            await browser.close()


def test_concurrent_sessions_stay_correct_and_memory_bounded(target):
    need_chromium()
    sessions = [Session(n, path, key) for n, (path, key) in enumerate(plan())]
    assert len(sessions) >= 10

    samples: list[int] = []
    warm: list[int] = []
    stop = threading.Event()
    sampler = threading.Thread(target=sample_rss, args=(target, stop, samples), daemon=True)
    rss_start = target.rss_kib()
    sampler.start()
    t0 = time.monotonic()
    try:
        with ThreadPoolExecutor(1) as pool:       # own thread: its own event loop for the async API
            open_s = pool.submit(asyncio.run, drive(target.url, sessions, lambda: warm.append(target.rss_kib()))
                                 ).result(timeout=OPEN_ALL_S + DURATION + 120)
    finally:
        stop.set()
        sampler.join(5)
    wall = time.monotonic() - t0
    rss_end = target.rss_kib()

    latencies = sorted(x for s in sessions for x in s.latencies)
    warm_rss = warm[0] if warm else rss_start
    peak_rss = max(samples + [rss_end, warm_rss])
    figures = {
        "sessions": len(sessions),
        "replicas": len(target.app_pids),
        "through_nginx": bool(target.upstreams),
        "pages": [s.path for s in sessions],
        "open_all_s": round(open_s, 1),
        "open_each_s": [s.open_s and round(s.open_s, 1) for s in sessions],
        "move_window_s": DURATION,
        "wall_s": round(wall, 1),
        "reruns_served": len(latencies),
        "reruns_per_session": [len(s.latencies) for s in sessions],
        "latency_p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "latency_p95_s": round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 3) if latencies else None,
        "latency_max_s": round(latencies[-1], 3) if latencies else None,
        "rss_start_mib": round(rss_start / 1024, 1),
        "rss_warm_mib": round(warm_rss / 1024, 1),
        "rss_peak_mib": round(peak_rss / 1024, 1),
        "rss_end_mib": round(rss_end / 1024, 1),
        "problems": {s.path: list(dict.fromkeys(s.problems))[:5] for s in sessions if s.problems},
        "page_errors": {s.path: s.errors for s in sessions if s.errors},
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print("\nload:", json.dumps({k: v for k, v in figures.items() if k != "pages"}, ensure_ascii=False))

    assert not figures["problems"], figures["problems"]
    assert not figures["page_errors"], figures["page_errors"]
    assert all(s.opened for s in sessions)
    assert all(len(s.latencies) >= 3 for s in sessions), figures["reruns_per_session"]
    assert (peak_rss - warm_rss) / 1024 < RSS_GROWTH_MIB, figures
