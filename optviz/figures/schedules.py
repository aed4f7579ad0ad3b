"""Schedule lab: the lr against the step, and ReduceLROnPlateau's lr reacting to the loss."""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ..studies.lrlab import lr_drops
from ._style import GRID, base_layout, label_ends, rounded, styles, thin

WARMUP_FILL = "rgba(255,193,7,0.15)"
DROP_COLOR = "#D62728"


def schedule_lr_figure(traj, labels, lang="en", *, warmup=0, log=False, height=320, max_points=600):
    """lr used at each step by every optimizer of `traj` (start 0), as steps (shape "hv").
    The warm-up steps [0, warmup) are shaded."""
    O = traj.lrs.shape[0]
    run_styles = styles(traj.color_keys or traj.names)
    data = []
    for i in range(O):
        color, dash = run_styles[i]
        row = traj.lrs[i, 0]
        keep = thin(len(row), max_points)
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(row[keep]), mode="lines", name=labels[i],
                         line=dict(color=color, dash=dash, width=2.2, shape="hv"),
                         hovertemplate=f"<b>{labels[i]}</b><br>{t('step', lang)} %{{x}}<br>η = %{{y:.4g}}<extra></extra>"))
    shapes, annotations = [], []
    if warmup:
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=0, x1=min(warmup, traj.steps), y0=0, y1=1,
                           fillcolor=WARMUP_FILL, line=dict(width=0), layer="below"))
        annotations.append(dict(x=min(warmup, traj.steps) / 2, y=1, xref="x", yref="paper", yanchor="top",
                                text=t("schedlab_warmup_band", lang), showarrow=False, font=dict(size=11)))
    layout = base_layout(height=height, hovermode="x unified", shapes=shapes, annotations=annotations,
                         xaxis=dict(title=t("step", lang), gridcolor=GRID),
                         yaxis=dict(title=t("learning_rate", lang) + " η", type="log" if log else "linear",
                                    gridcolor=GRID, exponentformat="power", rangemode="tozero" if not log else None))
    fig = dict(data=data, layout=layout)
    return label_ends(fig, log_y=log) if len(set(traj.color_keys or traj.names)) < O else fig   # variants: named


def plateau_figure(traj, labels, lang="en", *, f_min=None, log=True, height=520, max_points=500):
    """Two stacked plots sharing the step axis: the loss (top) and the lr (bottom, log) of every
    optimizer of `traj`; every reduction of run 0's lr is a dotted line through both and a ▼ on its
    lr curve ("lr a → b at step k")."""
    O, _, T1 = traj.losses.shape
    run_styles = styles(traj.color_keys or traj.names)
    if log:
        floor = f_min if f_min is not None else float(traj.losses.min())
        values = np.maximum(traj.losses - floor, 1e-16)
    else:
        values = traj.losses
    data = []
    for i in range(O):
        color, dash = run_styles[i]
        d = int(traj.diverged_at[i, 0])
        end = d if d > 0 else T1
        keep = thin(end, max_points)
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(values[i, 0, keep]), mode="lines",
                         name=labels[i], legendgroup=f"o{i}", line=dict(color=color, dash=dash, width=2),
                         xaxis="x", yaxis="y",
                         hovertemplate=f"<b>{labels[i]}</b><br>{t('step', lang)} %{{x}}<br>"
                                       f"{t('loss', lang)} %{{y:.4g}}<extra></extra>"))
        if d >= 0:
            data.append(dict(type="scatter", x=[max(d - 1, 0)], y=rounded([values[i, 0, max(d - 1, 0)]]),
                             mode="markers+text", text=[t("diverged_at", lang, step=d)], textposition="top center",
                             marker=dict(symbol="x", size=12, color=color), showlegend=False, xaxis="x", yaxis="y",
                             hoverinfo="text", name=t("diverged", lang)))
        row = traj.lrs[i, 0]
        keep = np.union1d(thin(len(row), max_points), np.concatenate([lr_drops(row), lr_drops(row) - 1]))
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(row[keep]), mode="lines", name=labels[i],
                         legendgroup=f"o{i}", showlegend=False, line=dict(color=color, dash=dash, width=2, shape="hv"),
                         xaxis="x", yaxis="y2",
                         hovertemplate=f"<b>{labels[i]}</b><br>{t('step', lang)} %{{x}}<br>η = %{{y:.4g}}<extra></extra>"))
    drops = lr_drops(traj.lrs[0, 0])
    lr0 = traj.lrs[0, 0]
    shapes = [dict(type="line", xref="x", yref="paper", x0=int(k), x1=int(k), y0=0, y1=1,
                   line=dict(color=DROP_COLOR, width=1, dash="dot")) for k in drops[:200]]
    if len(drops):
        data.append(dict(type="scatter", x=drops.tolist(), y=rounded(lr0[drops]), mode="markers",
                         name=t("schedlab_reductions", lang, n=len(drops)), xaxis="x", yaxis="y2",
                         marker=dict(symbol="triangle-down", size=10, color=DROP_COLOR),
                         text=[t("schedlab_drop", lang, a=f"{lr0[k - 1]:.3g}", b=f"{lr0[k]:.3g}", step=int(k))
                               for k in drops],
                         hovertemplate="%{text}<extra></extra>"))
    layout = base_layout(
        height=height, hovermode="x unified", shapes=shapes,
        xaxis=dict(title=t("step", lang), gridcolor=GRID, anchor="y2"),
        yaxis=dict(title=t("loss_gap", lang) if log else t("loss", lang), type="log" if log else "linear",
                   domain=[0.42, 1.0], gridcolor=GRID, exponentformat="power"),
        yaxis2=dict(title=t("learning_rate", lang) + " η (log)", type="log", domain=[0.0, 0.32], gridcolor=GRID,
                    exponentformat="power"),
    )
    return dict(data=data, layout=layout)
