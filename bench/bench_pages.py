"""Server-side cost of the pages, measured with Streamlit's AppTest (no browser, no network).

    python bench/bench_pages.py [--repeats 7]

1. The playground with 6 optimizers × 500 steps: a rerun after a slider move to a learning rate not
   seen before (cache miss: the runs are computed) and after a move back to one already seen
   (cache hit: only the figures are built). Median of --repeats; target < 150 ms.
2. Every page with its default settings (and the playground at 6 × 500 and at its 6 × 3000 cap):
   the largest plotly figure sent to the browser (its JSON spec) and all figures together;
   target < 1.5 MB per figure. "open" is the time to open the page in this process (caches are
   shared by all cases, so it is a cold start only for what no earlier case computed).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from ui.pages import PAGES  # noqa: E402

APP = str(ROOT / "app.py")
RERUN_TARGET_S = 0.150
FIGURE_TARGET_BYTES = 1.5e6


def open_page(file: str, **settings) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=600)
    at.run()
    at.switch_page(file)
    at.run()
    for key, value in settings.items():
        at.slider(key="w:" + key).set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def timed_run(at: AppTest, key: str, value) -> float:
    widget = at.select_slider(key="w:" + key)
    t0 = time.perf_counter()
    widget.set_value(value).run()
    elapsed = time.perf_counter() - t0
    assert not at.exception, [e.message for e in at.exception]
    return elapsed


def playground_reruns(repeats: int) -> tuple[list[float], list[float]]:
    """(cache-miss times, cache-hit times) of first-optimizer lr moves, 6 optimizers × 500 steps."""
    at = open_page("views/playground.py", pgk=6, pgsteps=500)
    options = [float(o) for o in at.select_slider(key="w:pg0lr").options]
    current = at.select_slider(key="w:pg0lr").value
    unseen = [o for o in options if o != current and 1e-4 <= o <= 1e-2][: repeats]
    assert len(unseen) == repeats, "not enough lr options"
    misses, hits = [], []
    for lr in unseen:
        misses.append(timed_run(at, "pg0lr", lr))        # a new lr: the six runs are computed
        hits.append(timed_run(at, "pg0lr", current))     # back to a seen lr: cached runs
        hits.append(timed_run(at, "pg0lr", lr))          # and forth: cached as well
        current = lr
    return misses, hits


def figure_sizes(at: AppTest) -> list[int]:
    return [len(c.proto.spec.encode()) for c in at.get("plotly_chart")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()

    misses, hits = playground_reruns(args.repeats)
    print(f"Playground, 6 optimizers × 500 steps: rerun after a slider move (AppTest, median of {len(misses)})")
    print(f"{'':28}{'median':>10}{'min':>10}{'max':>10}")
    for name, xs in (("cache miss (new lr)", misses), ("cache hit (seen lr)", hits)):
        med = statistics.median(xs)
        flag = "ok" if med < RERUN_TARGET_S else f"over {RERUN_TARGET_S * 1e3:.0f} ms"
        print(f"{name:28}{med * 1e3:>8.0f}ms{min(xs) * 1e3:>8.0f}ms{max(xs) * 1e3:>8.0f}ms  {flag}")

    print("\nLargest plotly figure sent per page (JSON spec); default settings unless noted")
    print(f"{'page':34}{'figures':>8}{'largest':>12}{'all':>12}{'open':>9}")
    cases = [(p.url or "home", p.file, {}) for p in PAGES if (ROOT / p.file).exists()]
    cases += [("playground 6×500", "views/playground.py", {"pgk": 6, "pgsteps": 500}),
              ("playground 6×3000 (cap)", "views/playground.py", {"pgk": 6, "pgsteps": 3000})]
    worst = 0
    for name, file, settings in cases:
        t0 = time.perf_counter()
        at = open_page(file, **settings)
        first = time.perf_counter() - t0
        sizes = figure_sizes(at) or [0]
        worst = max(worst, max(sizes))
        flag = "" if max(sizes) < FIGURE_TARGET_BYTES else "  over 1.5 MB"
        print(f"{name:34}{len(sizes):>8}{max(sizes) / 1e3:>10.0f}KB{sum(sizes) / 1e3:>10.0f}KB{first:>8.1f}s{flag}")
    print(f"\nlargest figure of all: {worst / 1e3:.0f} KB (target < {FIGURE_TARGET_BYTES / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
