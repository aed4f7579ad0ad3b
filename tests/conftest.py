"""Shared fixtures: the real app served by `streamlit run`, nginx in front of replicas, headless Chromium.

Every process started here is stopped by the fixture that started it; waits are bounded in time;
only loopback addresses are used.
"""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage"]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
HOST = "127.0.0.1"
VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_TIMEOUT = 60.0
PYTHON = sys.executable


# ---------------------------------------------------------------- processes

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def streamlit_command(port: int) -> list[str]:
    return [PYTHON, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.headless", "true", "--server.address", HOST, "--server.port", str(port),
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]


def get(url: str, timeout: float = 5.0, headers: dict | None = None):
    """(status, headers, body) of one GET; HTTP errors are returned, not raised."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = SERVER_START_TIMEOUT):
    """Poll `url` until it answers 200 "ok"; fail with the log tail if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{proc.args[0]} exited with {proc.returncode}:\n{_tail(log)}")
        try:
            status, _, body = get(url, timeout=2)
            if status == 200 and body.strip() == b"ok":
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} not healthy after {timeout:.0f} s:\n{_tail(log)}")


def _tail(log: Path, n: int = 3000) -> str:
    try:
        return log.read_text(errors="replace")[-n:]
    except OSError:
        return "(no log)"


def start(cmd: list[str], log: Path, **kw) -> subprocess.Popen:
    """Start `cmd` in its own process group, output to `log`."""
    fh = open(log, "wb")
    try:
        return subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, cwd=ROOT, **kw)
    finally:
        fh.close()


def stop(proc: subprocess.Popen, timeout: float = 10.0):
    """SIGTERM the process group started by `start`, SIGKILL it if it lingers."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout)


def start_streamlit(log_dir: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = start(streamlit_command(port), log_dir / f"streamlit-{port}.log")
    try:
        wait_healthy(f"http://{HOST}:{port}/_stcore/health", proc, log_dir / f"streamlit-{port}.log")
    except BaseException:
        stop(proc)
        raise
    return proc, port


def rss_kib(pid: int) -> int:
    """Resident set size of a process in KiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Served:
    """A running app: `url` to browse, `app_pids` of the Streamlit processes behind it."""

    def __init__(self, url: str, app_pids: list[int], upstreams: list[str] = (), run_dir: Path | None = None):
        self.url = url.rstrip("/")
        self.app_pids = app_pids
        self.upstreams = list(upstreams)    # replicas behind nginx (empty: a single server)
        self.run_dir = run_dir              # nginx's prefix: config and logs

    def rss_kib(self) -> int:
        return sum(rss_kib(p) for p in self.app_pids)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`streamlit run app.py` on a free loopback port, stopped at the end of the session."""
    logs = tmp_path_factory.mktemp("streamlit")
    proc, port = start_streamlit(logs)
    yield Served(f"http://{HOST}:{port}", [proc.pid])
    stop(proc)


# ---------------------------------------------------------------- nginx in front of replicas

def free_port_run(n: int, tries: int = 50) -> int:
    """The first of `n` consecutive free loopback ports."""
    for _ in range(tries):
        first = free_port()
        if first + n <= 65535 and all(_is_free(first + k) for k in range(1, n)):
            return first
    pytest.fail(f"no {n} consecutive free ports")


def _is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((HOST, port))
            return True
        except OSError:
            return False


def start_serve(run_dir: Path, replicas: int = 2) -> tuple[subprocess.Popen, Served]:
    """deploy/serve.sh on loopback: `replicas` apps behind nginx, nginx as the current user."""
    port, app_port = free_port(), free_port_run(replicas)
    env = dict(os.environ, REPLICAS=str(replicas), ADDRESS=HOST, PORT=str(port), APP_PORT=str(app_port),
               RUN_DIR=str(run_dir), PYTHON=PYTHON, NGINX_BIN=NGINX,
               NGINX_USER=pwd.getpwuid(os.geteuid()).pw_name, HEALTH_WAIT=str(SERVER_START_TIMEOUT))
    log = run_dir.parent / f"{run_dir.name}-serve.log"
    proc = start(["bash", str(ROOT / "deploy" / "serve.sh")], log, env=env)
    try:
        wait_healthy(f"http://{HOST}:{port}/_stcore/health", proc, log, timeout=2 * SERVER_START_TIMEOUT)
    except BaseException:
        stop(proc)
        raise
    upstreams = [f"{HOST}:{app_port + k}" for k in range(replicas)]
    pids = [int((run_dir / f"replica-{app_port + k}.pid").read_text()) for k in range(replicas)]
    return proc, Served(f"http://{HOST}:{port}", pids, upstreams, run_dir)


@pytest.fixture(scope="session")
def front(tmp_path_factory):
    """Two app replicas behind nginx, started by deploy/serve.sh on loopback; skipped without nginx."""
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install -y nginx)")
    proc, served = start_serve(tmp_path_factory.mktemp("serve"))
    yield served
    stop(proc, timeout=20)


# ---------------------------------------------------------------- browser

def launch_kwargs() -> dict:
    return dict(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def need_chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the session, driven by Python playwright (sync API)."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(**launch_kwargs())
        yield b
        b.close()


# Console messages that are not errors of the app:
#  * 404s for "<page>/_stcore/health" and "<page>/_stcore/host-config": on a page URL such as
#    /playground the Streamlit client first probes its base path relative to that URL, then
#    finds the server at the root;
#  * favicon requests.
IGNORED_CONSOLE = ("/_stcore/health", "/_stcore/host-config", "favicon")


def watch_console(page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions, minus IGNORED_CONSOLE noise."""
    errors: list[str] = []

    def on_console(msg):
        if msg.type == "error":
            where = (msg.location or {}).get("url", "")
            if not any(s in where or s in msg.text for s in IGNORED_CONSOLE):
                errors.append(f"{msg.text} @ {where}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


class Tab:
    """One browser page reused by a test module (the browser keeps plotly's 4.7 MB bundle compiled
    between visits); `errors` collects console errors and is emptied for every test."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.errors = watch_console(self.page)


@pytest.fixture(scope="module")
def tab(browser):
    t = Tab(browser)
    yield t
    t.context.close()


@pytest.fixture
def page(tab):
    """The module's browser page, emptied of the previous test's console errors. Every visit of a
    URL starts a new app session."""
    tab.errors.clear()
    tab.page.set_viewport_size(VIEWPORT)
    yield tab.page


@pytest.fixture
def console_errors(tab, page):
    return tab.errors


# ---------------------------------------------------------------- reading the app in the browser

APP_IDLE = "() => !!document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]')"

# Per chart: traces in the figure, drawn trace groups / WebGL canvases, points, and the presence of the svg.
CHARTS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(g => ({
    key: (g.closest('[class*="st-key-"]') || {className: ''}).className.split(' ').find(c => c.startsWith('st-key-')) || '',
    traces: (g.data || []).length,
    points: (g.data || []).reduce((n, t) => n + ((t.x || t.z || t.values || []).length || 0), 0),
    drawn: g.querySelectorAll('.main-svg .trace, .main-svg .contour, .main-svg .hm, .main-svg .slice, .gl-container canvas').length,
    svg: !!g.querySelector('svg.main-svg'),
    hidden: g.getBoundingClientRect().width === 0,
}))"""

# A short fingerprint of a chart's data: name, point count and last point of every trace.
SIGNATURE_JS = """(sel) => { const g = document.querySelector(sel);
    if (!g || !g.data) return null;
    return JSON.stringify(g.data.map(t => [t.name, (t.x || []).length, (t.x || []).slice(-1), (t.y || []).slice(-1),
                                           (t.x || []).slice(0, 1), (t.y || []).slice(0, 1)])); }"""

TRACES_JS = """(sel) => { const g = document.querySelector(sel);
    return g && g.data ? g.data.map(t => ({name: t.name || null, type: t.type, mode: t.mode || null, x: t.x || [], y: t.y || [],
                                         xaxis: t.xaxis || 'x'})) : null; }"""


def chart_selector(key: str) -> str:
    """CSS selector of the plotly chart drawn with `ui.display.chart(..., key=key)`."""
    return f".st-key-{key} .js-plotly-plot"


def wait_idle(page, timeout_ms: int = 60_000):
    """Wait until the app's script is not running."""
    page.wait_for_function(APP_IDLE, timeout=timeout_ms)


def signature(page, sel: str):
    return page.evaluate(SIGNATURE_JS, sel)


def wait_changed(page, sel: str, before, timeout_ms: int = 60_000):
    """Wait until the chart at `sel` holds data different from `before`, then until the run ends."""
    page.wait_for_function(f"([sel, prev]) => ({SIGNATURE_JS})(sel) !== prev", arg=[sel, before],
                           timeout=timeout_ms)
    wait_idle(page, timeout_ms)


def traces(page, sel: str) -> list[dict]:
    return page.evaluate(TRACES_JS, sel)


def slider_thumb(page, key: str):
    """The keyboard-focusable thumb of the slider of setting `key` (input[type=range] / [role=slider])."""
    return page.locator(f".st-key-w-{key}").locator("input[type=range], [role=slider]").first


def query(page) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit
    return dict(parse_qsl(urlsplit(page.url).query))


def full_screenshot(page, path: Path, max_height: int = 8000):
    """Screenshot of the whole page: Streamlit scrolls inside stMain, so grow the viewport to fit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...['stMain', 'stSidebarContent']
        .map(t => document.querySelector(`[data-testid=${t}]`)).filter(Boolean).map(e => e.scrollHeight), innerHeight)""")
    page.set_viewport_size({"width": size["width"], "height": min(int(height), max_height)})
    try:
        page.wait_for_timeout(300)
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
