"""deploy/serve.sh on loopback: two replicas behind nginx (deploy/nginx.conf) with sticky sessions.

Skipped when nginx is not installed. nginx runs as the current user with its pid, logs and temp
files in a temporary prefix; every process is stopped by the `front` fixture.
"""
from __future__ import annotations

import re
import time
from collections import defaultdict

import pytest

from conftest import (VIEWPORT, chart_selector, get, signature, slider_thumb, traces, wait_changed, wait_idle,
                      watch_console)

pytestmark = [pytest.mark.timeout(240)]

COOKIE = "optviz_replica"


def upstream_of(front, cookie: str | None, path: str = "/_stcore/health") -> str:
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
    status, h, _ = get(front.url + path, headers=headers)
    assert status == 200, (path, status)
    return h["X-Upstream"]


def sticky_cookie(headers) -> str | None:
    """The value of the optviz_replica cookie a response sets, if any."""
    for value in headers.get_all("Set-Cookie") or []:
        m = re.fullmatch(rf"{COOKIE}=([0-9a-f]{{32}}); Path=/; Max-Age=\d+; HttpOnly; SameSite=Lax", value)
        if m:
            return m.group(1)
    return None


def test_health_through_nginx(front):
    status, headers, body = get(front.url + "/_stcore/health")
    assert status == 200 and body.strip() == b"ok"
    assert headers["X-Upstream"] in front.upstreams
    # A first visit is given the sticky cookie.
    assert sticky_cookie(headers), headers.get_all("Set-Cookie")


def test_first_visit_and_later_requests_reach_the_same_replica(front):
    seen = set()
    for _ in range(8):                      # eight new browsers
        status, headers, _ = get(front.url + "/")
        cookie = sticky_cookie(headers)
        first = headers["X-Upstream"]
        later = {upstream_of(front, cookie, p) for p in ("/", "/_stcore/health", "/_stcore/host-config", "/playground")}
        assert later == {first}
        seen.add(first)
    assert seen <= set(front.upstreams)


def test_clients_stick_and_spread(front):
    route = defaultdict(set)
    for n in range(24):
        for _ in range(3):
            route[f"client-{n}"].add(upstream_of(front, f"client-{n}"))
    assert all(len(u) == 1 for u in route.values()), dict(route)         # each client: one replica
    assert set().union(*route.values()) == set(front.upstreams)           # all replicas get clients
    # No cookie is handed out again to a client that has one.
    status, headers, _ = get(front.url + "/", headers={"Cookie": f"{COOKIE}=client-0"})
    assert status == 200 and sticky_cookie(headers) is None


def cookies_for_each_replica(front) -> dict[str, str]:
    """A cookie value that nginx routes to each replica (the hash is deterministic)."""
    found = {}
    for n in range(200):
        found.setdefault(upstream_of(front, f"student-{n}"), f"student-{n}")
        if len(found) == len(front.upstreams):
            return found
    pytest.fail(f"no cookie reaches every replica: {found}")


class Session:
    """A browser context whose sticky cookie routes it to `upstream`."""

    def __init__(self, browser, front, upstream: str, cookie: str):
        from urllib.parse import urlsplit

        self.upstream, self.cookie = upstream, cookie
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.add_cookies([{"name": COOKIE, "value": cookie, "domain": urlsplit(front.url).hostname,
                                   "path": "/"}])
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.answered: set[str | None] = set()       # X-Upstream of every HTTP response from the server
        self.page.on("response", lambda r: r.url.startswith("http") and self.answered.add(r.headers.get("x-upstream")))
        # (blob: URLs are scripts the page builds itself, e.g. a component's inline loader: no server answers them)
        self.errors = watch_console(self.page)


LOSS = chart_selector("pg_chart")   # the playground figure: paths and, on axes x2, the loss curves


def loss_ends(page) -> set[int]:
    return {tr["x"][-1] for tr in traces(page, LOSS) if tr["mode"] == "lines" and tr["xaxis"] == "x2"}


@pytest.mark.browser
def test_browser_sessions_on_both_replicas(front, browser):
    """One browser per replica: both render the playground, every response a browser gets comes
    from its replica, its websocket goes there too (nginx's log), and a slider in one session leaves
    the other session's chart alone."""
    sessions = []
    try:
        for upstream, cookie in cookies_for_each_replica(front).items():
            sessions.append(Session(browser, front, upstream, cookie))
        for s in sessions:
            s.page.goto(front.url + "/playground")
        for s in sessions:
            s.page.wait_for_selector(LOSS + " .main-svg", timeout=120_000)
            wait_idle(s.page, 120_000)

        for s in sessions:
            assert s.page.evaluate("() => document.querySelectorAll('.js-plotly-plot .main-svg').length") >= 2
            assert loss_ends(s.page) == {500}
            assert s.answered == {s.upstream}, (s.cookie, s.answered)
            assert s.page.locator("[data-testid=stException]").count() == 0
            assert not s.errors, s.errors

        moved, other = sessions[0].page, sessions[1].page
        other_before = signature(other, LOSS)
        thumb = slider_thumb(moved, "pgsteps")
        thumb.focus()
        thumb.press("ArrowRight")
        wait_changed(moved, LOSS, signature(moved, LOSS))
        assert loss_ends(moved) == {510}
        other.wait_for_timeout(500)
        assert signature(other, LOSS) == other_before and loss_ends(other) == {500}
    finally:
        for s in sessions:
            s.context.close()

    # nginx logs a websocket when it closes: each browser's /_stcore/stream went to its replica.
    log = front.run_dir / "logs" / "access.log"
    for s in sessions:
        streams = []
        for _ in range(50):                  # the close reaches nginx's log shortly after
            streams = re.findall(rf'"GET /_stcore/stream[^"]*" 101 .*upstream=(\S+) .*replica_key={s.cookie}$',
                                 log.read_text(), re.M)
            if streams:
                break
            time.sleep(0.1)
        assert streams and set(streams) == {s.upstream}, (s.cookie, streams)
