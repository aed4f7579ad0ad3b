"""Shared look: one colour per optimizer everywhere, compact layouts, light payloads."""
from __future__ import annotations

import numpy as np

# One colour per optimizer (and per SGD variant), the same on every chart and page.
COLORS = {
    "sgd": "#D62728", "sgd+momentum": "#1F77B4", "sgd+nesterov": "#17BECF",
    "rmsprop": "#FF7F0E", "adam": "#2CA02C", "adamw": "#9467BD", "adagrad": "#8C564B",
    "adadelta": "#E377C2", "adamax": "#7F7F7F", "nadam": "#BCBD22", "radam": "#393B79",
    "rprop": "#AD494A", "asgd": "#8C6D31", "adafactor": "#637939", "lion": "#E7298A",
    "adabelief": "#66A61E", "yogi": "#A6761D", "signum": "#7570B3", "lamb": "#1B9E77",
}
FALLBACK = ["#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
GRID = "rgba(0,0,0,0.08)"
FONT = dict(family="Inter, 'Noto Sans KR', 'Segoe UI', sans-serif", size=13)


def color_for(key: str) -> str:
    return COLORS.get(key) or FALLBACK[sum(map(ord, key)) % len(FALLBACK)]


def styles(keys) -> list[tuple[str, str]]:
    """(colour, dash) per trace: repeated keys keep their colour and change dash."""
    seen: dict[str, int] = {}
    out = []
    for k in keys:
        n = seen.get(k, 0)
        seen[k] = n + 1
        out.append((color_for(k), DASHES[n % len(DASHES)]))
    return out


def base_layout(**kw) -> dict:
    layout = dict(
        template="plotly_white", font=FONT, margin=dict(l=50, r=20, t=40, b=45),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, bgcolor="rgba(255,255,255,0.6)"),
        hoverlabel=dict(namelength=-1), uirevision="keep",
        xaxis=dict(automargin=True), yaxis=dict(automargin=True),
    )
    for axis in ("xaxis", "yaxis"):
        if axis in kw:
            kw[axis] = {"automargin": True, **kw[axis]}
            if isinstance(kw[axis].get("title"), str):     # plotly.js 3 wants {text: …}
                kw[axis]["title"] = {"text": kw[axis]["title"]}
    if isinstance(kw.get("title"), str):
        kw["title"] = {"text": kw["title"]}
    layout.update(kw)
    return layout


def thin(n: int, max_points: int) -> np.ndarray:
    """Indices 0..n-1 kept when a series of n points is drawn with at most `max_points` (ends kept)."""
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(int))


def path_end(traj) -> int:
    """Steps of the first run worth drawing: up to the step it diverged at, else all of them."""
    d = int(traj.diverged_at[0, 0])
    return d if d > 0 else traj.positions.shape[2]


def rounded(a, digits: int = 5) -> list:
    """Significant-digit rounding before JSON: keeps figures small."""
    a = np.asarray(a, dtype=float)
    with np.errstate(all="ignore"):
        scale = 10.0 ** (digits - 1 - np.floor(np.log10(np.abs(a) + 1e-300)))
        r = np.where(np.isfinite(a) & (a != 0), np.round(a * scale) / scale, a)
    return r.tolist()
