"""Shared look: one colour per optimizer everywhere, compact layouts, light payloads.

Colour rules (every figure module follows them):
- each optimizer keeps its colour (`COLORS`, `color_for`) on every chart and page;
- several runs of ONE optimizer in one chart (lr regimes, batch sizes, with/without a schedule or
  clipping) are told apart by a lightness ramp of that colour (`variant_colors`, used by `styles`),
  dark to light, never by dash style alone, and lines carry their name at their end (`label_ends`);
- a colour means one thing on a page: categories that are not optimizers (basins, ranks) take
  `CATEGORY` (Okabe–Ito, colour-blind safe) or neutral greys, never an optimizer's colour;
- continuous scales are colour-blind safe and sequential (`SEQUENTIAL`, light = small, dark = large);
  a cell without a value is `MISSING` grey.
"""
from __future__ import annotations

import colorsys
import math

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
GRID = "rgba(0,0,0,0.10)"
TEXT = "#1F2328"           # chart text: ≈15:1 contrast on white
TICK = "#30363D"           # tick labels: ≈12:1
FONT = dict(family="Inter, 'Noto Sans KR', 'Segoe UI', sans-serif", size=14, color=TEXT)
TICK_FONT = dict(size=13, color=TICK)
# Okabe & Ito's colour-blind-safe categorical palette (no optimizer uses these hues as such).
# Yellow comes late (gold star markers sit on these colours), grey last.
CATEGORY = ["#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#999999"]
# Sequential, colour-blind safe (viridis reversed: light yellow = low, dark blue-purple = high).
SEQUENTIAL = "Viridis_r"
MISSING = "#D0D4D9"        # a cell or value that does not exist ("—")
DASH = "—"


def color_for(key: str) -> str:
    return COLORS.get(key) or FALLBACK[sum(map(ord, key)) % len(FALLBACK)]


def _hls(hex_color: str):
    return colorsys.rgb_to_hls(*(int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)))


def _hex(h, l, s) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, l, s))


def variant_colors(key: str, n: int) -> list[str]:
    """n clearly different shades of one optimizer's colour, dark to light (lightness 0.24 … 0.70);
    n = 1 gives the colour itself."""
    base = color_for(key)
    if n <= 1:
        return [base]
    h, _, s = _hls(base)
    s = max(s, 0.45)
    return [_hex(h, 0.24 + 0.46 * k / (n - 1), s) for k in range(n)]


def styles(keys) -> list[tuple[str, str]]:
    """(colour, dash) per trace. A key seen once keeps its optimizer's colour; a key repeated n times
    (variants of one optimizer in one chart) takes n shades of it, dark to light, plus a dash style
    as a second cue."""
    keys = list(keys)
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for k in keys:
        n = seen.get(k, 0)
        seen[k] = n + 1
        out.append((variant_colors(k, counts[k])[n], DASHES[n % len(DASHES)]))
    return out


def label_ends(fig: dict, *, traces=None, xref="x", yref="y", log_y=False) -> dict:
    """Write each line's name at its last point, in its colour (in place). `traces`: indices into
    fig["data"] (default: every visible "lines" trace with a name). Labels that would overlap are
    nudged apart vertically."""
    data = fig["data"]
    idx = traces if traces is not None else [
        i for i, d in enumerate(data) if d.get("type") == "scatter" and str(d.get("mode", "")).startswith("lines")
        and d.get("name") and d.get("showlegend", True) is not False and d.get("x")]
    notes = fig["layout"].setdefault("annotations", [])
    named = {(n.get("text"), n.get("x")) for n in notes}
    ends = []
    for i in idx:
        d = data[i]
        xs, ys = d["x"], d["y"]
        last = next((k for k in range(len(ys) - 1, -1, -1) if ys[k] is not None), None)
        if last is None or (log_y and ys[last] <= 0) or (d["name"], xs[last]) in named:   # named already
            continue
        ends.append((math.log10(ys[last]) if log_y else float(ys[last]), xs[last], d))
    if not ends:
        return fig
    span = max(e[0] for e in ends) - min(e[0] for e in ends)
    close = 0.3 if log_y else 0.06 * (span or 1.0)        # nearer than this: stack the labels
    placed: list[tuple[float, int]] = []
    for y, x, d in ends:
        shift = 0
        while any(abs(p - y) < close and s == shift for p, s in placed):
            shift += 15
        placed.append((y, shift))
        notes.append(dict(x=x, y=y, xref=d.get("xaxis", xref), yref=d.get("yaxis", yref), text=d["name"],
                          showarrow=False, xanchor="right", yanchor="bottom", yshift=2 + shift,
                          font=dict(size=12, color=d.get("line", {}).get("color", TEXT)),
                          bgcolor="rgba(255,255,255,0.75)"))
    return fig


def fmt_num(v, digits: int = 4) -> str:
    """A number for a table cell: "—" when there is none (None, nan); scientific notation for very
    small or very large magnitudes (1.2e-08, 3.4e+06), plain otherwise (0.0123, 42.5)."""
    if v is None:
        return DASH
    try:
        x = float(v)
    except (TypeError, ValueError):
        return str(v)
    if not math.isfinite(x):
        return DASH if math.isnan(x) else ("∞" if x > 0 else "−∞")
    if x == 0:
        return "0"
    if abs(x) < 1e-3 or abs(x) >= 1e5:
        m, e = f"{x:.{max(digits - 1, 0)}e}".split("e")
        m = m.rstrip("0").rstrip(".") if "." in m else m
        return f"{m}e{int(e):+d}"
    return f"{x:.{digits}g}"


AXIS = dict(automargin=True, tickfont=TICK_FONT, title=dict(font=dict(size=14, color=TEXT)),
            linecolor="#8C959F", ticks="outside", tickcolor="#8C959F")


def axis_style(**kw) -> dict:
    """An axis with the shared readable defaults (dark 13 px ticks, 14 px titles) under `kw`; for
    subplot axes set after `base_layout`."""
    a = dict(kw)
    if isinstance(a.get("title"), str):     # plotly.js 3 wants {text: …}
        a["title"] = {"text": a["title"]}
    title = {**AXIS["title"], **a["title"]} if isinstance(a.get("title"), dict) else a.get("title")
    out = {**AXIS, **a}
    if title is not None:
        out["title"] = title
    return out


def base_layout(**kw) -> dict:
    layout = dict(
        template="plotly_white", font=FONT, margin=dict(l=50, r=20, t=40, b=45),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, bgcolor="rgba(255,255,255,0.6)"),
        hoverlabel=dict(namelength=-1), uirevision="keep",
        xaxis=axis_style(), yaxis=axis_style(),
    )
    for name in [k for k in kw if k.startswith(("xaxis", "yaxis"))]:
        if isinstance(kw[name], dict):
            kw[name] = axis_style(**kw[name])
    if isinstance(kw.get("title"), str):
        kw["title"] = {"text": kw["title"]}
    layout.update(kw)
    return layout


def log_ticks(values) -> dict:
    """Tick settings for a log axis showing `values`: over 1–3.5 powers of 10 plotly labels every digit
    2…9 between them, crowded on a chart a few hundred pixels high; this labels 2 and 5 only."""
    v = np.asarray([x for x in values if x is not None], dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if not len(v):
        return {}
    decades = float(np.log10(v.max() / v.min()))
    return {"dtick": "D2"} if 1.0 <= decades <= 3.5 else {}


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
