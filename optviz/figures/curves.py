"""Curves against the step: loss (gap to the minimum), learning rate, gradient norm."""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ._style import base_layout, rounded, styles, thin


def _series(traj, values, f_min, log):
    """values [O, S, T]: gap to f_min on a log axis when asked (floored at 1e-16)."""
    if log:
        floor = f_min if f_min is not None else float(np.min(values))
        return np.maximum(values - floor, 1e-16)
    return values


def loss_figure(traj, lang="en", *, f_min=None, log=True, height=360, max_points=400, title=None):
    """Loss per step for every run; log axis shows f − f*; a diverged run ends in ✕."""
    O, S, T1 = traj.losses.shape
    vals = _series(traj, traj.losses, f_min, log)
    run_styles = styles(traj.color_keys or traj.names)
    data = []
    for i in range(O):
        color, dash = run_styles[i]
        for j in range(S):
            d = traj.diverged_at[i, j]
            end = d if d > 0 else T1
            keep = thin(end, max_points)
            data.append(dict(
                type="scatter", x=keep.tolist(), y=rounded(vals[i, j, keep]), mode="lines", name=traj.labels[i],
                legendgroup=f"o{i}", showlegend=(j == 0), line=dict(color=color, dash=dash, width=2),
                hovertemplate=f"<b>{traj.labels[i]}</b><br>{t('step', lang)} %{{x}}<br>%{{y:.4g}}<extra></extra>"))
            if d >= 0:
                data.append(dict(
                    type="scatter", x=[int(max(d - 1, 0))], y=rounded([vals[i, j, max(d - 1, 0)]]), mode="markers+text",
                    text=[t("diverged_at", lang, step=int(d))], textposition="top center", showlegend=False,
                    legendgroup=f"o{i}", marker=dict(symbol="x", size=12, color=color), hoverinfo="text"))
    ytitle = t("loss_gap", lang) if log else t("loss", lang)
    layout = base_layout(height=height, title=title, hovermode="x unified",
                         xaxis=dict(title=t("step", lang), gridcolor="rgba(0,0,0,0.08)"),
                         yaxis=dict(title=ytitle, type="log" if log else "linear",
                                    gridcolor="rgba(0,0,0,0.08)", exponentformat="power"))
    return dict(data=data, layout=layout)


def lr_figure(lrs, labels, keys=None, lang="en", *, height=300, log=False, title=None, max_points=600):
    """Learning rate per step: lrs [n, steps] (one row per curve)."""
    lrs = np.atleast_2d(np.asarray(lrs, dtype=float))
    data = []
    for (color, dash), row, label in zip(styles(keys or labels), lrs, labels):
        keep = thin(len(row), max_points)
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(row[keep]), mode="lines", name=label,
                                 line=dict(color=color, dash=dash, width=2, shape="hv"),
                                 hovertemplate=f"<b>{label}</b><br>{t('step', lang)} %{{x}}<br>lr=%{{y:.4g}}<extra></extra>"))
    layout = base_layout(height=height, title=title, hovermode="x unified", xaxis=dict(title=t("step", lang)),
                         yaxis=dict(title=t("learning_rate", lang), type="log" if log else "linear",
                                    exponentformat="power"))
    return dict(data=data, layout=layout)
