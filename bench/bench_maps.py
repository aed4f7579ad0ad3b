"""Map pages' compute + figure time: a 200 × 200 stability map of 500 steps must render in < 3 s.

Measures, best of `--repeats` (the machine may be shared), the time of one `stability_map` call
(40,000 runs stepped together) plus building its figure and serialising it the way Streamlit does
(plotly.io.to_json), and the payload size. Also a 4 × 80 × 80 basin map, a 5 × 64 tuning budget
and the "which optimizer" evidence.

    python bench/bench_maps.py                 # table of timings and sizes
    python bench/bench_maps.py --repeats 5
"""
import argparse
import sys
from pathlib import Path

import plotly.io as pio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import best_of  # noqa: E402
import optviz  # noqa: E402
from optviz.studies import maps  # noqa: E402
from optviz.figures.maps import basin_figure, evidence_figure, score_figure, stability_figure  # noqa: E402
from ui.display import _Prebuilt  # noqa: E402

BUDGET_S = 3.0
STABILITY_CASES = [("ravine", dict(condition=25.0, angle=30.0), "sgd"), ("rosenbrock", {}, "sgd"),
                   ("rosenbrock", {}, "adam"), ("rosenbrock", {}, "rmsprop")]


def to_json(fig) -> str:
    return pio.to_json(_Prebuilt(fig), validate=False)


def stability_case(sname, kwargs, name, repeat):
    surf = optviz.surface(sname, **kwargs)
    t_run, smap = best_of(lambda: maps.stability_map(surf, name, n_lr=200, n_beta=200, steps=500), repeat)
    t_fig, spec = best_of(lambda: to_json(stability_figure(smap, "en", selected=(100, 100))), repeat)
    return t_run, t_fig, len(spec), smap


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    r = args.repeats
    print(f"threads: {maps.WORKERS}   (≥ {maps.PARALLEL_CHUNK} runs per thread)")
    print(f"{'stability map 200×200, 500 steps':<44}{'run s':>8}{'figure s':>10}{'total s':>9}{'KB':>8}  diverged")
    worst = 0.0
    for sname, kwargs, name in STABILITY_CASES:
        t_run, t_fig, size, smap = stability_case(sname, kwargs, name, r)
        total = t_run + t_fig
        worst = max(worst, total)
        label = f"{name} on {sname}"
        print(f"{label:<44}{t_run:8.2f}{t_fig:10.3f}{total:9.2f}{size / 1e3:8.0f}  "
              f"{100 * (smap.diverged_at >= 0).mean():.0f}%")
    print(f"slowest: {worst:.2f} s  (budget {BUDGET_S:.0f} s: {'OK' if worst < BUDGET_S else 'OVER'})")

    h = optviz.surface("himmelblau")
    opts = [optviz.optimizer("sgd", lr=0.01), optviz.optimizer("sgd", lr=0.01, momentum=0.9),
            optviz.optimizer("adam", lr=0.05), optviz.optimizer("rmsprop", lr=0.01)]
    t, bmap = best_of(lambda: maps.basin_map(h, opts, n=80, steps=300), r)
    tf, spec = best_of(lambda: to_json(basin_figure(bmap, h, "en")), r)
    print(f"basin map 4 × 80×80, 300 steps: run {t:.2f} s, figure {tf:.3f} s, {len(spec) / 1e3:.0f} KB")

    rb = optviz.surface("rosenbrock")
    variants = [(n, h) for _, n, h in maps.NOTE_VARIANTS]
    t, tuning = best_of(lambda: maps.tune(rb, variants, 64, steps=300), r)
    tf, spec = best_of(lambda: to_json(score_figure(tuning, "en")), r)
    print(f"fair comparison 5 × 64 configs, 300 steps: run {t:.2f} s, figure {tf:.3f} s, {len(spec) / 1e3:.0f} KB")

    t, ev = best_of(lambda: maps.evidence(), r)
    tf, spec = best_of(lambda: to_json(evidence_figure(ev, "en")), r)
    print(f"evidence 5 optimizers × 6 surfaces × 26 lrs, 500 steps: run {t:.2f} s, figure {tf:.3f} s, "
          f"{len(spec) / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
