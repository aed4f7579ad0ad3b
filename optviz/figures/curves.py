"""Curves against the step: loss (gap to the minimum), learning rate, gradient norm."""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ._style import base_layout, fmt_num, rounded, styles, thin


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


def loss_panel(traj, cursors, frame_steps, lang="en", *, f_min=None, log=True, max_points=200,
               domain=(0.66, 1.0), y_domain=(0.0, 1.0)):
    """The loss curves as a second panel (axes x2/y2) of an animated paths figure.

    cursors: (run index, losses up to the run's end, end) per drawn run, in the paths' order.
    Returns (traces, per-frame updates of the cursor traces, layout axes). The curves stay whole;
    one cursor per run marks the loss at the frame's step, so ▶ and the scrubber move them with the paths.
    """
    run_styles = styles(traj.color_keys or traj.names)
    vals = _series(traj, traj.losses, f_min, log)
    O, S, T1 = traj.losses.shape
    traces, series = [], []
    for n, (i, _, end) in enumerate(cursors):
        j = n % S
        color, dash = run_styles[i]
        keep = thin(end, max_points)
        traces.append(dict(
            type="scatter", x=keep.tolist(), y=rounded(vals[i, j, keep], 4), mode="lines", name=traj.labels[i],
            xaxis="x2", yaxis="y2", legendgroup=f"o{i}", showlegend=False, line=dict(color=color, dash=dash, width=2),
            hovertemplate=f"<b>{traj.labels[i]}</b><br>{t('step', lang)} %{{x}}<br>%{{y:.4g}}<extra></extra>"))
        series.append((vals[i, j], end, color))
    k_last = int(frame_steps[-1])
    for vs, end, color in series:
        k = min(k_last, end - 1)
        traces.append(dict(type="scatter", x=[k], y=rounded([vs[k]], 4), mode="markers", name="cursor",
                           xaxis="x2", yaxis="y2", showlegend=False, hoverinfo="skip",
                           marker=dict(size=9, color=color, line=dict(width=1.5, color="white"))))
    frames = [[dict(x=[min(int(s), end - 1)], y=rounded([vs[min(int(s), end - 1)]], 4)) for vs, end, _ in series]
              for s in frame_steps]
    ytitle = t("loss_gap", lang) if log else t("loss", lang)
    axes = dict(xaxis2=dict(domain=list(domain), anchor="y2", title={"text": t("step", lang)}, gridcolor="rgba(0,0,0,0.08)",
                            automargin=True),
                yaxis2=dict(anchor="x2", domain=list(y_domain), title={"text": ytitle}, type="log" if log else "linear", automargin=True,
                            gridcolor="rgba(0,0,0,0.08)", exponentformat="power"))
    return traces, frames, axes


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


def results_rows(traj, surface, tol: float = 1e-3, lang: str = "en", start: int = 0) -> list[dict]:
    """One row per optimizer (for start `start`): final loss, distance to the nearest minimum,
    first step within `tol` of f_min, and whether/where it diverged."""
    minima = surface.minima if len(surface.minima) else getattr(surface, "local_minima", surface.minima)
    dist = traj.distance_to(minima)[:, start]
    reach = traj.steps_to(surface.f_min, tol)[:, start] if surface.f_min is not None else None
    rows = []
    for i, label in enumerate(traj.labels):
        d = int(traj.diverged_at[i, start])
        rows.append({
            "optimizer": label,
            "final_loss": fmt_num(traj.final_losses[i, start], 4),
            "distance": fmt_num(dist[i], 4) if np.isfinite(dist[i]) else fmt_num(None),   # no minimum: "—"
            "steps_to_tol": str(int(reach[i])) if reach is not None and reach[i] >= 0 else fmt_num(None),
            "status": t("diverged_at", lang, step=d) if d >= 0 else t("converged", lang)
            if reach is not None and reach[i] >= 0 else t("running", lang),
        })
    return rows
