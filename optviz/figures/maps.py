"""Figures of the map pages: stability heat map, basin maps, tuning scores, evidence table.

Heat maps carry one rounded number per cell and no per-cell hover strings, so a 200 × 200 map
stays a few hundred kilobytes; hover texts are templates filled in the browser.
"""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ..studies.maps import DIVERGED, GAP_FLOOR, NOT_CONVERGED
from ._style import axis_style, CATEGORY, GRID, MISSING, TEXT, base_layout, color_for, rounded, styles

DIVERGED_COLOR = "#D62728"
NOT_REACHED_COLOR = "#D9D9D9"
NOT_CONVERGED_COLOR = "#BDBDBD"
BASIN_DIVERGED_COLOR = "#4D4D4D"
HEAT_SCALE = "Viridis"
# Colours of the minima on basin maps (cycled): the colour-blind-safe categorical palette without its
# grey, so grey can mean "no minimum". On a basin map colour means "which minimum" only: the titles
# over the panels are plain text.
MINIMA_COLORS = [c for c in CATEGORY if c != "#999999"]
SELECTED_COLOR = "#FF1493"
# Evidence table: colour = the number in the cell, on a colour-blind-safe sequential scale where
# the better end is always light (viridis' yellow) and the worse end dark.
EVIDENCE_SCALE = "Viridis"
CLICK_LATTICE = 40      # at most 40 × 40 invisible click targets on a stability map


def _decade_ticks(lo: float, hi: float) -> tuple[list, list]:
    ks = list(range(int(np.ceil(lo - 1e-9)), int(np.floor(hi + 1e-9)) + 1))
    return ks, [f"{10.0 ** k:g}" for k in ks]


def _span(mask) -> tuple[int, int]:
    """[first, last + 1) of the True entries, widened to at least two cells (plotly infers a
    heat map cell's width from its neighbours)."""
    idx = np.flatnonzero(mask)
    lo, hi = int(idx[0]), int(idx[-1]) + 1
    if hi - lo < 2:
        lo, hi = (lo, lo + 2) if lo + 2 <= len(mask) else (max(hi - 2, 0), hi)
    return lo, hi


def _compact(v: float):
    """A rounded number as JSON likes it short: 3 instead of 3.0."""
    return int(v) if v == int(v) else v


def _legend_square(name, color, symbol="square", size=12, line=None):
    """A legend-only entry (no data point): a coloured square and its meaning."""
    return dict(type="scatter", x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                marker=dict(symbol=symbol, size=size, color=color, line=line or dict(width=0)))


def _two_lines(text: str) -> str:
    """`text` broken at the space nearest its middle (a panel title fits a narrow panel)."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text
    i = min(spaces, key=lambda k: abs(k - len(text) / 2))
    return text[:i] + "<br>" + text[i + 1:]


def beta_title(name: str | None, lang: str) -> str:
    return {None: "—", "momentum": t("maps_beta_momentum", lang), "betas": t("maps_beta_betas", lang),
            "alpha": t("maps_beta_alpha", lang), "rho": t("maps_beta_rho", lang)}[name]


def stability_figure(smap, lang="en", *, metric="loss", selected=None, height=520):
    """Heat map of the final loss gap (log10) or of the steps to tolerance over lr (log) × β.

    Diverged cells are drawn in red on top (a 0/1 layer); with the steps metric the
    cells that never reached the tolerance show the grey background. On a quadratic surface the
    theoretical stability limit of SGD is drawn as a black line; `selected` = (i, j) rings one cell.
    An invisible lattice of markers at cell centres turns a click into a selection.
    """
    lx = np.log10(smap.lrs)
    has_beta = smap.beta_name is not None
    ys = smap.betas if has_beta else np.zeros(1)
    x, y = rounded(lx, 4), rounded(ys, 4)
    div = smap.diverged_at >= 0
    if metric == "steps":
        v = np.where(div | (smap.steps_to_target < 0), np.nan, smap.steps_to_target.astype(float))
        ztitle = t("maps_steps_axis", lang)
        zfmt = "%{z}"
    else:
        if smap.f_min is not None:
            v = np.log10(np.maximum(smap.final_loss - smap.f_min, GAP_FLOOR))
            ztitle = t("maps_log_gap_axis", lang)
            v = np.round(v, 1)
        else:
            v = np.asarray(rounded(smap.final_loss, 3), dtype=float)
            ztitle = t("maps_final_loss_axis", lang)
        v = np.where(div, np.nan, v)
        zfmt = "%{z}"
    z = [[_compact(float(c)) if np.isfinite(c) else None for c in row] for row in v]
    where = "lr = 10^%{x:.2f}" + (f"<br>{beta_title(smap.beta_name, lang)} = %{{y:.3f}}" if has_beta else "")
    data = [dict(type="heatmap", x=x, y=y, z=z, colorscale=HEAT_SCALE, name=ztitle, hoverongaps=False,
                 colorbar=dict(title=dict(text=ztitle, side="right"), thickness=14),
                 hovertemplate=where + f"<br>{ztitle} = {zfmt}<extra></extra>")]
    if div.any():   # 0/1 on top, cropped to the box around the diverged cells: red where diverged
        (i0, i1), (j0, j1) = (_span(div.any(1)), _span(div.any(0)))
        data.append(dict(type="heatmap", x=x[j0:j1], y=y[i0:i1], z=div[i0:i1, j0:j1].astype(int).tolist(),
                         zmin=0, zmax=1, colorscale=[[0, "rgba(0,0,0,0)"], [0.5, "rgba(0,0,0,0)"],
                                                     [0.5, DIVERGED_COLOR], [1, DIVERGED_COLOR]],
                         showscale=False, hoverinfo="skip", name=t("diverged", lang)))
    data.append(_legend_square(t("maps_diverged_cells", lang), DIVERGED_COLOR))
    if metric == "steps":
        data.append(_legend_square(t("maps_not_reached_cells", lang), NOT_REACHED_COLOR))
    shapes = []
    if smap.boundary is not None and has_beta:
        bx = np.log10(smap.boundary)
        inside = np.isfinite(bx)
        formula = t("maps_bound_nesterov" if smap.hyper.get("nesterov") else "maps_bound_heavy_ball", lang)
        data.append(dict(type="scatter", x=rounded(bx[inside], 6), y=rounded(ys[inside], 6), mode="lines",
                         name=t("maps_theory", lang, formula=formula), line=dict(color="black", width=2.5, dash="dash"),
                         hovertemplate=t("maps_theory_hover", lang) + " lr = 10^%{x:.2f}<extra></extra>"))
    ni, nj = smap.shape
    ci = np.unique(np.linspace(0, ni - 1, min(ni, CLICK_LATTICE)).round().astype(int))
    cj = np.unique(np.linspace(0, nj - 1, min(nj, CLICK_LATTICE)).round().astype(int))
    J, I = np.meshgrid(cj, ci)
    data.append(dict(type="scatter", x=[x[j] for j in J.ravel()], y=[y[i] for i in I.ravel()], mode="markers",
                     marker=dict(size=8, opacity=0), hoverinfo="none", showlegend=False, name="click"))
    if selected is not None:
        i, j = selected
        data.append(dict(type="scatter", x=rounded([lx[j]], 4), y=rounded([ys[i]], 4), mode="markers",
                         name=t("maps_selected_cell", lang), hoverinfo="skip",
                         marker=dict(symbol="square-open", size=14, color=SELECTED_COLOR, line=dict(width=3))))
    dx = (lx[-1] - lx[0]) / max(nj - 1, 1) / 2
    dy = (ys[-1] - ys[0]) / max(ni - 1, 1) / 2 if ni > 1 else 0.5
    tv, tt = _decade_ticks(lx[0] - dx, lx[-1] + dx)
    layout = base_layout(
        height=height if has_beta else 260, hovermode="closest", clickmode="event+select", dragmode="zoom",
        plot_bgcolor=NOT_REACHED_COLOR, shapes=shapes, margin=dict(l=60, r=20, t=60, b=50),
        xaxis=dict(title=t("maps_lr_axis", lang), range=[lx[0] - dx, lx[-1] + dx], tickvals=tv, ticktext=tt,
                   showgrid=False, zeroline=False),
        yaxis=dict(title=beta_title(smap.beta_name, lang), range=[ys[0] - dy, ys[-1] + dy], showgrid=False,
                   zeroline=False, showticklabels=has_beta))
    return dict(data=data, layout=layout)


def basin_figure(bmap, surface, lang="en", *, height=440):
    """One map per optimizer, side by side: each start coloured by the minimum it reached
    (grey: stopped elsewhere, dark grey: diverged); stars mark global minima, dots local ones."""
    O = bmap.labels.shape[0]
    K = len(bmap.minima)
    colors = [MINIMA_COLORS[k % len(MINIMA_COLORS)] for k in range(K)] + [NOT_CONVERGED_COLOR, BASIN_DIVERGED_COLOR]
    n_cls = K + 2
    scale = []
    for c, col in enumerate(colors):
        scale += [[c / n_cls, col], [(c + 1) / n_cls, col]]
    code = np.where(bmap.labels == NOT_CONVERGED, K, np.where(bmap.labels == DIVERGED, K + 1, bmap.labels))
    gap = 0.05
    width = (1 - gap * (O - 1)) / O
    x, y = rounded(bmap.xs, 4), rounded(bmap.ys, 4)
    (x0, x1), (y0, y1) = (bmap.xs[0], bmap.xs[-1]), (bmap.ys[0], bmap.ys[-1])
    dx, dy = (x1 - x0) / (len(bmap.xs) - 1) / 2, (y1 - y0) / (len(bmap.ys) - 1) / 2
    data, annotations = [], []
    layout = base_layout(height=height, hovermode="closest", dragmode="zoom", margin=dict(l=45, r=10, t=80, b=45))
    frac = bmap.fractions()
    for o in range(O):
        ax = "" if o == 0 else str(o + 1)
        xa, ya = "x" + ax, "y" + ax
        lo = o * (width + gap)
        layout["xaxis" + ax] = axis_style(domain=[lo, lo + width], range=[x0 - dx, x1 + dx], showgrid=False, zeroline=False,
                                    title="x", anchor=ya, constrain="domain")
        layout["yaxis" + ax] = axis_style(range=[y0 - dy, y1 + dy], showgrid=False, zeroline=False, anchor=xa,
                                    title="y" if o == 0 else None, showticklabels=(o == 0))
        data.append(dict(type="heatmap", x=x, y=y, z=code[o].tolist(), colorscale=scale, zmin=-0.5, zmax=n_cls - 0.5,
                         showscale=False, xaxis=xa, yaxis=ya, name=bmap.optimizer_labels[o],
                         hovertemplate=t("start", lang) + " (%{x:.2f}, %{y:.2f})<extra></extra>"))
        for glob in (True, False):
            sl = slice(0, bmap.n_global) if glob else slice(bmap.n_global, K)
            m = bmap.minima[sl]
            if len(m):
                data.append(dict(
                    type="scatter", x=rounded(m[:, 0], 4), y=rounded(m[:, 1], 4), mode="markers", xaxis=xa, yaxis=ya,
                    showlegend=False, name=t("minimum", lang),
                    marker=dict(symbol="star" if glob else "circle", size=13 if glob else 6,
                                color="gold" if glob else "white", line=dict(width=1, color="black")),
                    hovertemplate=t("maps_global_min" if glob else "maps_local_min", lang)
                    + " (%{x:.3f}, %{y:.3f})<extra></extra>"))
        share = 100 * float(frac[o, :bmap.n_global].sum())
        pct = f"{share:.0f}" if share in (0.0, 100.0) or 1 <= share <= 99 else f"{share:.1f}"
        # the outer panels' titles line up with their panel's outer edge, so a long title stays in the figure
        anchor, ax_x = (("left", lo) if o == 0 and O > 1 else ("right", lo + width) if o == O - 1 and O > 1
                        else ("center", lo + width / 2))
        annotations.append(dict(
            text=f"<b>{bmap.optimizer_labels[o]}</b><br>" + _two_lines(t("maps_basin_share", lang, pct=pct)),
            x=ax_x, y=1.0, xref="paper", yref="paper", xanchor=anchor, yanchor="bottom",
            showarrow=False, font=dict(size=13, color=TEXT)))
    if K <= 8:
        for k in range(K):
            kind = t("maps_global_min" if k < bmap.n_global else "maps_local_min", lang)
            data.append(_legend_square(f"{kind} ({bmap.minima[k, 0]:.2f}, {bmap.minima[k, 1]:.2f})", colors[k]))
    else:
        data.append(_legend_square(t("maps_global_min", lang), colors[0]))
        data.append(_legend_square(t("maps_local_minima_each", lang), colors[min(bmap.n_global, K - 1)]))
    data.append(_legend_square(t("maps_not_converged", lang), NOT_CONVERGED_COLOR))
    data.append(_legend_square(t("maps_basin_diverged", lang), BASIN_DIVERGED_COLOR))
    layout["annotations"] = annotations
    # below the x-axis titles, in the figure's own space (not over the plots)
    layout["legend"] = dict(orientation="h", yref="container", yanchor="bottom", y=0.0, x=0)
    layout["margin"]["b"] = 110
    return dict(data=data, layout=layout)


def score_figure(tuning, lang="en", *, height=440):
    """Distribution of the scores of each optimizer's budget (box + every config as a dot), the
    default settings as a diamond and the best config as a star; diverged configs are counted
    above each box."""
    data, annotations = [], []
    for v, label in enumerate(tuning.labels):
        color = color_for(tuning.color_keys[v])
        s = tuning.scores[v]
        ok = np.isfinite(s)
        data.append(dict(type="box", x=[label] * int(ok.sum()), y=rounded(s[ok], 4), name=label, boxpoints="all",
                         jitter=0.45, pointpos=0, marker=dict(color=color, size=5, opacity=0.6),
                         line=dict(color=color), fillcolor="rgba(0,0,0,0)", showlegend=False,
                         hovertemplate=f"<b>{label}</b><br>%{{y:.3g}}<extra></extra>"))
        if tuning.best[v] >= 0:
            b = int(tuning.best[v])
            data.append(dict(type="scatter", x=[label], y=rounded([s[b]], 4), mode="markers", showlegend=(v == 0),
                             name=t("fair_best_marker", lang), legendgroup="best",
                             marker=dict(symbol="star", size=17, color="gold", line=dict(width=1, color="black")),
                             hovertemplate=t("fair_best_marker", lang) + " %{y:.3g}<extra></extra>"))
        d = tuning.default_scores[v]
        if np.isfinite(d):
            data.append(dict(type="scatter", x=[label], y=rounded([d], 4), mode="markers", showlegend=(v == 0),
                             name=t("fair_default_marker", lang), legendgroup="default",
                             marker=dict(symbol="diamond", size=13, color="white", line=dict(width=2.5, color=color)),
                             hovertemplate=t("fair_default_marker", lang) + " %{y:.3g}<extra></extra>"))
        n_div = int(tuning.diverged[v].sum())
        annotations.append(dict(x=label, y=1.0, xref="x", yref="paper", yanchor="bottom", showarrow=False,
                                text=t("fair_diverged_count", lang, k=n_div, n=tuning.scores.shape[1])
                                + ("" if np.isfinite(d) else "<br>" + t("fair_default_diverged", lang)),
                                font=dict(size=11, color=DIVERGED_COLOR if n_div else "#666")))
    ytitle = t("maps_log_gap_axis", lang) if tuning.log_gap else t("maps_final_loss_axis", lang)
    layout = base_layout(height=height, hovermode="closest", annotations=annotations,
                         margin=dict(l=60, r=20, t=80, b=50),
                         xaxis=dict(title=None, gridcolor=GRID),
                         yaxis=dict(title=ytitle + " — " + t("fair_lower_better", lang), gridcolor=GRID))
    layout["legend"] = dict(orientation="h", yanchor="bottom", y=1.12, x=0)
    return dict(data=data, layout=layout)


def evidence_figure(ev, lang="en", *, criterion="speed", height=330):
    """Optimizers × surfaces: text = the measured value (fewest steps to tolerance, share of lrs
    reaching it, or the widest converging lr band in decades) and the colour shows that same number
    (steps on a log scale), light = better; "—" cells (never reached) are one neutral grey. The rank
    is in the hover."""
    ranks = ev.ranks()[criterion]
    if criterion == "speed":
        vals = np.asarray(ev.best_steps, dtype=float)
        text = [[("—" if not np.isfinite(c) else f"{int(c)}") for c in row] for row in vals]
        with np.errstate(all="ignore"):
            z = np.where(np.isfinite(vals) & (vals > 0), np.log10(np.maximum(vals, 1)), np.nan)
        lo = float(np.nanmin(z)) if np.isfinite(z).any() else 0.0
        hi = float(np.nanmax(z)) if np.isfinite(z).any() else 1.0
        lo, hi = np.floor(lo), max(np.ceil(hi), np.floor(lo) + 1)
        ticks = list(range(int(lo), int(hi) + 1))
        bar = dict(title=t("which_bar_steps", lang), tickvals=ticks, ticktext=[f"{10 ** k:g}" for k in ticks])
        scale = dict(zmin=lo, zmax=hi, reversescale=True)     # few steps = light (Viridis: high = light)
    elif criterion == "tuning":
        z = 100 * np.asarray(ev.reach_frac, dtype=float)
        text = [[f"{c:.0f}%" for c in row] for row in z]
        bar = dict(title=t("which_bar_tuning", lang), tickvals=[0, 25, 50, 75, 100],
                   ticktext=["0%", "25%", "50%", "75%", "100%"])
        scale = dict(zmin=0, zmax=100, reversescale=False)     # more lrs reaching = light
    else:
        z = np.asarray(ev.stable_decades, dtype=float)
        text = [[t("which_decades", lang, d=f"{c:.1f}") for c in row] for row in z]
        hi = max(1.0, float(np.ceil(np.nanmax(z)))) if np.isfinite(z).any() else 1.0
        bar = dict(title=t("which_bar_stability", lang), tickvals=list(range(int(hi) + 1)),
                   ticktext=[str(k) for k in range(int(hi) + 1)])
        scale = dict(zmin=0, zmax=hi, reversescale=False)      # a wider converging band = light
    cols = [t("which_surface_" + s, lang) for s in ev.surfaces]
    zl = [[None if not np.isfinite(c) else round(float(c), 3) for c in row] for row in z]
    data = [dict(type="heatmap", x=cols, y=list(ev.labels), z=zl, text=text, texttemplate="%{text}",
                 customdata=np.asarray(rounded(ranks, 3), dtype=float).tolist(), colorscale=EVIDENCE_SCALE,
                 showscale=True, textfont=dict(size=14), **scale,
                 colorbar=dict(title=dict(text=bar["title"], side="right"), thickness=12, tickvals=bar["tickvals"],
                               ticktext=bar["ticktext"]),
                 hovertemplate="%{y} · %{x}<br>%{text}<br>" + t("which_rank", lang) + " %{customdata}<extra></extra>")]
    layout = base_layout(height=height, margin=dict(l=110, r=20, t=30, b=40), plot_bgcolor=MISSING,
                         xaxis=dict(side="top", showgrid=False), yaxis=dict(autorange="reversed", showgrid=False))
    return dict(data=data, layout=layout)


def evidence_sweep_figure(ev, s: int, lang="en", *, height=380):
    """The whole sweep behind one surface's ranks: steps to the tolerance against the lr, one line per
    optimizer (a gap where it did not reach; ✕ along the top where it diverged)."""
    lrs = np.asarray(ev.lrs, dtype=float)
    top = ev.steps * 1.08
    data = []
    for v, ((color, dash), label) in enumerate(zip(styles(ev.names), ev.labels)):
        steps = ev.steps_to[v, s]
        y = [int(k) if k >= 0 else None for k in steps]
        data.append(dict(type="scatter", x=rounded(lrs, 6), y=y, mode="lines+markers", name=label, legendgroup=label,
                         line=dict(color=color, dash=dash, width=2), marker=dict(size=5, color=color),
                         hovertemplate=f"<b>{label}</b><br>lr %{{x:.3g}}<br>%{{y}} " + t("step", lang) + "<extra></extra>"))
        bad = np.flatnonzero(ev.diverged[v, s])
        if len(bad):
            data.append(dict(type="scatter", x=rounded(lrs[bad], 6), y=[top] * len(bad), mode="markers", name=label,
                             legendgroup=label, showlegend=False, marker=dict(symbol="x", size=8, color=color),
                             hovertemplate=f"<b>{label}</b><br>lr %{{x:.3g}}<br>" + t("diverged", lang) + "<extra></extra>"))
    layout = base_layout(height=height, hovermode="closest",
                         xaxis=dict(title=t("learning_rate", lang), type="log", gridcolor=GRID, exponentformat="power"),
                         yaxis=dict(title=t("which_steps_axis", lang), gridcolor=GRID, range=[0, top * 1.04]))
    return dict(data=data, layout=layout)


def share_y_range(*figs):
    """Give loss figures (log y axis) one common y range, so side-by-side panels compare at a glance."""
    ys = [v for f in figs for d in f["data"] if d.get("mode") == "lines" for v in d["y"] if v is not None and v > 0]
    if ys:
        lo, hi = np.log10(min(ys)), np.log10(max(ys))
        pad = 0.05 * max(hi - lo, 1.0)
        for f in figs:
            f["layout"]["yaxis"]["range"] = [lo - pad, hi + pad]
    return figs
