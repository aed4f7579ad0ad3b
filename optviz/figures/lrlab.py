"""Learning-rate lab: three lrs side by side on a contour, their losses, and the lr sweep."""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ..studies.lrlab import relabel
from ._style import axis_style, GRID, base_layout, color_for, label_ends, rounded, styles, thin, variant_colors
from .curves import loss_figure
from .paths import _exit_point, surface_layer

DIVERGED_COLOR = "#222222"   # not a run colour (SGD is red)
REGIME_FILL = {"small": "rgba(31,119,180,0.10)", "good": "rgba(44,160,44,0.14)",
               "big": "rgba(255,127,14,0.13)", "diverged": "rgba(214,39,40,0.10)"}
TRIO = ("small", "good", "big")


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def trio_labels(traj, lang="en", regimes=TRIO) -> list[str]:
    """"too small · η = 0.005", … for each optimizer of `traj` (its lr at step 0)."""
    return [f"{t('lrlab_regime_' + r, lang)} · η = {_fmt(traj.lrs[i, 0, 0])}" for i, r in enumerate(regimes)]


def trio_paths_figure(surface, traj, lang="en", *, regimes=TRIO, height=400, grid_n=60, max_points=150):
    """One contour panel per run of `traj` ([n, 1, …], one lr each), side by side.

    Each panel: the path in the optimizer's colour, its start, a ▲ where it leaves the view and a black ✕
    with "diverged at step k" when it blew up; the panel title gives the lr and the outcome. The contour
    is an image under each panel (4·grid_n pixels square), drawn once by the browser: an lr change
    redraws the paths, not three contours.
    """
    n = traj.positions.shape[0]
    (x0, x1), (y0, y1) = surface.domain
    run_colors = [c for c, _ in styles(traj.color_keys or traj.names)]   # one shade per lr, dark to light
    labels = trio_labels(traj, lang, regimes)
    gap = 0.04
    width = (1 - gap * (n - 1)) / n
    data, annotations, images = [], [], []
    layout = base_layout(height=height, showlegend=False, hovermode="closest", dragmode="pan",
                         margin=dict(l=40, r=10, t=70, b=40))
    for i in range(n):
        color = run_colors[i]
        ax = "" if i == 0 else str(i + 1)
        xa, ya = "x" + ax, "y" + ax
        lo = i * (width + gap)
        layout["xaxis" + ax] = axis_style(domain=[lo, lo + width], range=[x0, x1], showgrid=False, zeroline=False,
                                    title="x")
        layout["yaxis" + ax] = axis_style(range=[y0, y1], showgrid=False, zeroline=False, anchor=xa,
                                    title="y" if i == 0 else None, showticklabels=(i == 0))
        layout["xaxis" + ax]["anchor"] = ya
        images.append(surface_layer(surface, surface.domain, xref=xa, yref=ya, px=4 * grid_n))
        if len(surface.minima):
            m = np.asarray(surface.minima)
            data.append(dict(type="scatter", x=m[:, 0].tolist(), y=m[:, 1].tolist(), mode="markers",
                             marker=dict(symbol="star", size=13, color="gold", line=dict(width=1, color="black")),
                             hoverinfo="skip", xaxis=xa, yaxis=ya, name=t("minimum", lang)))
        d = int(traj.diverged_at[i, 0])
        end = d if d > 0 else traj.positions.shape[2]
        p = traj.positions[i, 0, :end]
        inside = (p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)
        exit_k, exit_q = None, None
        if inside[0] and not inside.all():
            exit_k, exit_q = _exit_point(p, inside, surface.domain)
        keep = thin(len(p), max_points)
        px, py = p[keep, 0], p[keep, 1]
        if d >= 0 and exit_k is not None:      # a blown-up run is drawn up to where it leaves the view
            keep = keep[keep < exit_k]
            px, py = np.append(p[keep, 0], exit_q[0]), np.append(p[keep, 1], exit_q[1])
            keep = np.append(keep, exit_k)
        data.append(dict(type="scatter", x=rounded(px), y=rounded(py), mode="lines+markers",
                         name=labels[i], line=dict(color=color, width=2.2), marker=dict(size=3, color=color),
                         customdata=keep.tolist(), xaxis=xa, yaxis=ya,
                         hovertemplate=f"{t('step', lang)} %{{customdata}}<br>(%{{x:.3g}}, %{{y:.3g}})<extra></extra>"))
        data.append(dict(type="scatter", x=rounded(p[:1, 0]), y=rounded(p[:1, 1]), mode="markers",
                         marker=dict(symbol="circle-open", size=12, color=color, line=dict(width=2.5)),
                         hovertext=[t("start", lang)], hoverinfo="text", xaxis=xa, yaxis=ya, name=t("start", lang)))
        if d >= 0 or exit_k is not None:
            k, q = (exit_k, exit_q) if exit_k is not None else (len(p) - 1, p[-1])
            text = t("diverged_at", lang, step=d) if d >= 0 else t("left_view", lang, step=k)
            data.append(dict(type="scatter", x=rounded([q[0]]), y=rounded([q[1]]), mode="markers",
                             name=t("diverged", lang) if d >= 0 else "left",
                             marker=dict(symbol="x" if d >= 0 else "triangle-up", size=15,
                                         color=DIVERGED_COLOR if d >= 0 else color,
                                         line=dict(width=1, color="white")),
                             text=[text], hovertemplate="%{text}<extra></extra>", xaxis=xa, yaxis=ya,
                             meta=dict(diverged_at=d)))
        final = float(traj.losses[i, 0, end - 1])
        outcome = t("diverged_at", lang, step=d) if d >= 0 else t("lrlab_final_loss", lang, loss=f"{final:.3g}")
        annotations.append(dict(text=f"<b>{labels[i]}</b><br>{outcome}", x=lo + width / 2, y=1.0, xref="paper",
                                yref="paper", xanchor="center", yanchor="bottom", showarrow=False,
                                font=dict(size=13, color="#B00020" if d >= 0 else "#333")))
    layout["annotations"] = annotations
    layout["images"] = images
    return dict(data=data, layout=layout)


def trio_loss_figure(traj, lang="en", *, regimes=TRIO, f_min=None, log=True, height=360):
    """Loss against step for the three lrs (three shades of the optimizer's colour, each line named
    at its end); a diverged run ends in ✕ with its label kept inside the plot."""
    fig = loss_figure(relabel(traj, trio_labels(traj, lang, regimes)), lang, f_min=f_min, log=log, height=height)
    layout = fig["layout"]
    layout["legend"] = dict(orientation="h", yanchor="bottom", y=1.02, x=0)
    layout["margin"] = dict(l=60, r=20, t=50, b=45)
    return label_ends(fig, log_y=log)


def _bands(lrs, regimes):
    """Contiguous runs of one regime as (regime, lr_from, lr_to), edges halfway (log) between lrs."""
    logs = np.log10(lrs)
    mids = np.concatenate([[logs[0] - (logs[1] - logs[0]) / 2], (logs[1:] + logs[:-1]) / 2,
                           [logs[-1] + (logs[-1] - logs[-2]) / 2]])
    out, s = [], 0
    for k in range(1, len(lrs) + 1):
        if k == len(lrs) or regimes[k] != regimes[s]:
            out.append((regimes[s], 10 ** mids[s], 10 ** mids[k]))
            s = k
    return out


def sweep_figure(sweep, lang="en", *, stability=None, chosen=(), chosen_regimes=TRIO, height=420):
    """Final loss gap against lr (both log): one point per swept lr in the optimizer's colour, diverged
    lrs as black ✕ along the top, regime bands behind, the chosen lrs as dashed lines, and for SGD on a
    quadratic the stability bound (and 1/L, where plain GD starts to overshoot)."""
    lrs, gaps = sweep.lrs, sweep.gaps
    div = sweep.diverged_at >= 0
    color = color_for(sweep.color_key or sweep.name)
    finite = np.concatenate([gaps[~div], [sweep.initial_gap]])
    top = 10 ** (np.ceil(np.log10(finite.max())) + 1)
    data = [dict(
        type="scatter", x=rounded(lrs), y=[None if dv else v for dv, v in zip(div, rounded(gaps))],
        mode="lines+markers", name=t("lrlab_sweep_trace", lang), connectgaps=False,
        line=dict(color=color, width=2), marker=dict(size=6, color=color),
        customdata=[t("lrlab_regime_" + r, lang) for r in sweep.regimes],
        hovertemplate="η = %{x:.3g}<br>" + t("lrlab_gap", lang) + " = %{y:.3g}<br>%{customdata}<extra></extra>")]
    if div.any():
        data.append(dict(
            type="scatter", x=rounded(lrs[div]), y=[top] * int(div.sum()), mode="markers",
            name=t("diverged", lang), marker=dict(symbol="x", size=11, color=DIVERGED_COLOR),
            text=[t("diverged_at", lang, step=int(k)) for k in sweep.diverged_at[div]],
            hovertemplate="η = %{x:.3g}<br>%{text}<extra></extra>"))
    b = sweep.best
    if b >= 0:
        data.append(dict(type="scatter", x=rounded([lrs[b]]), y=rounded([gaps[b]]), mode="markers",
                         name=t("lrlab_best", lang, lr=_fmt(lrs[b])),
                         marker=dict(symbol="star", size=16, color="gold", line=dict(width=1, color="black")),
                         hovertemplate=t("lrlab_best", lang, lr=_fmt(lrs[b])) + "<extra></extra>"))
    shapes, annotations = [], []
    seen = set()
    for regime, a, c in _bands(lrs, sweep.regimes):
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=a, x1=c, y0=0, y1=1, layer="below",
                           line=dict(width=0), fillcolor=REGIME_FILL[regime]))
        if regime not in seen:
            seen.add(regime)
            annotations.append(dict(x=np.log10(np.sqrt(a * c)), y=0.0, xref="x", yref="paper", yanchor="bottom",
                                    text=t("lrlab_band_" + regime, lang), showarrow=False,
                                    font=dict(size=11, color="#555")))
    shapes.append(dict(type="line", xref="paper", yref="y", x0=0, x1=1, y0=sweep.initial_gap,
                       y1=sweep.initial_gap, line=dict(color="#888", width=1, dash="dot")))
    annotations.append(dict(x=1, y=np.log10(sweep.initial_gap), xref="paper", yref="y", xanchor="right",
                            yanchor="bottom", text=t("lrlab_start_loss", lang), showarrow=False,
                            font=dict(size=11, color="#666")))
    shades = variant_colors(sweep.color_key or sweep.name, len(chosen))    # the same shades as the three panels
    for lr, regime, shade in zip(chosen, chosen_regimes, shades):
        shapes.append(dict(type="line", xref="x", yref="paper", x0=lr, x1=lr, y0=0, y1=1,
                           line=dict(color=shade, width=1.8, dash="dash")))
        annotations.append(dict(x=np.log10(lr), y=1.0, xref="x", yref="paper", yanchor="bottom", showarrow=False,
                                text=t("lrlab_regime_" + regime, lang), font=dict(size=12, color=shade)))
    if stability is not None:
        marks = [(stability.bound, t("lrlab_bound_mark", lang, value=_fmt(stability.bound)), "#111", "solid")]
        if stability.method == "gd":
            marks.append((1.0 / stability.L, t("lrlab_overshoot_mark", lang, value=_fmt(1 / stability.L)),
                          "#777", "dot"))
        for n, (x, text, c, dash) in enumerate(marks):
            shapes.append(dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1,
                               line=dict(color=c, width=2, dash=dash)))
            annotations.append(dict(x=np.log10(x), y=0.8 - 0.08 * n, xref="x", yref="paper", xanchor="left",
                                    text=text, showarrow=False, bgcolor="rgba(255,255,255,0.8)",
                                    font=dict(size=12, color=c)))
    layout = base_layout(
        height=height, hovermode="closest", shapes=shapes, annotations=annotations,
        margin=dict(l=60, r=20, t=50, b=50),
        xaxis=dict(title=t("learning_rate", lang) + " η (log)", type="log", gridcolor=GRID, exponentformat="power"),
        yaxis=dict(title=t("lrlab_gap_axis", lang, steps=sweep.steps), type="log", gridcolor=GRID,
                   exponentformat="power"))
    return dict(data=data, layout=layout)
