#!/usr/bin/env python3
"""What plotly.js spends redrawing the playground's figure after a slider move, by part of the figure.

    python bench/bench_plotly_react.py

In headless Chromium with plotly.py's own plotly.min.js: the default playground figure (4 optimizers,
500 steps, paths + loss panel, 60 frames) is drawn, then `Plotly.react` gets the figure for a new
first lr, as st.plotly_chart does after a rerun. Median milliseconds per update for the full figure
and for variants without one part (the click lattice, the scrubber, the frames, the buttons), all
measured in turns in one page.
"""
from __future__ import annotations

import glob
import sys
from pathlib import Path

import plotly
import plotly.io as pio
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import optviz  # noqa: E402
from optviz.figures import paths_figure  # noqa: E402
from ui.display import _Prebuilt, _title_objects  # noqa: E402

OPTS = [("sgd", {"lr": 1e-3}), ("sgd", {"lr": 1e-3, "momentum": 0.9}), ("rmsprop", {"lr": 1e-2}), ("adam", {"lr": 5e-2})]
VARIANTS = {"full figure": (), "no click lattice": ("grid",), "no scrubber": ("sliders",), "no frames": ("frames",),
            "no buttons": ("updatemenus",)}

REACT_JS = """async ([figs, rounds]) => {
  const gd = document.getElementById('g'), out = {};
  for (const v of Object.keys(figs)) out[v] = [];
  for (let r = 0; r < rounds; r++) for (const [v, specs] of Object.entries(figs)) {
    Plotly.purge(gd);
    await Plotly.newPlot(gd, JSON.parse(specs[0]));
    for (let k = 1; k < specs.length; k++) {
      const t0 = performance.now();
      await Plotly.react(gd, JSON.parse(specs[k]));
      gd.getBoundingClientRect();
      await new Promise(res => requestAnimationFrame(() => setTimeout(res, 0)));
      out[v].push(performance.now() - t0);
    }
  }
  for (const v of Object.keys(out)) { const a = out[v].sort((x, y) => x - y); out[v] = a[Math.floor(a.length / 2)]; }
  return out;
}"""


def figure(lr: float, drop=()) -> str:
    surf = optviz.surface("rosenbrock")
    opts = [("sgd", {"lr": lr})] + OPTS[1:]
    traj = optviz.run(surf, [optviz.optimizer(n, **h) for n, h in opts], starts=[list(surf.starts[0])], steps=500)
    fig = paths_figure(surf, traj, "en", height=600, loss=dict(f_min=surf.f_min, log=True), click_grid="grid" not in drop)
    _title_objects(fig["layout"])
    for part in drop:
        if part == "frames":
            fig.pop("frames")
        elif part != "grid":
            fig["layout"].pop(part)
    return pio.to_json(_Prebuilt(fig), validate=False)


def main():
    figs = {name: [figure(lr, drop) for lr in (1e-3, 1.2e-3, 1.4e-3, 1.6e-3)] for name, drop in VARIANTS.items()}
    js = glob.glob(str(Path(plotly.__file__).parent / "package_data" / "plotly.min.js"))[0]
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path="/usr/bin/chromium",
                               args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        page.set_content("<div id=g style='width:1100px;height:600px'></div>")
        page.add_script_tag(path=js)
        print(f"plotly.js {page.evaluate('Plotly.version')}: Plotly.react after a new lr, median ms (figure KB)")
        res = page.evaluate(REACT_JS, [figs, 5])
        for name in VARIANTS:
            print(f"  {name:<18}{res[name]:>6.0f} ms  ({len(figs[name][1]) / 1024:.0f} KB)")
        b.close()


if __name__ == "__main__":
    main()
