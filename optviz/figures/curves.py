"""Curves against the step: loss (gap to the minimum), learning rate, gradient norm."""
from __future__ import annotations

import math

import numpy as np

from ..i18n import t
from ._style import base_layout, fmt_num, label_ends, rounded, styles, thin


def loss_scale(f_min, log) -> str:
    """How the loss is drawn: "gap" (f − f* on a log axis), "symlog" (no minimum: the raw loss on a
    symmetric log axis, negative values included) or "linear" (the raw loss)."""
    if not log:
        return "linear"
    return "gap" if f_min is not None else "symlog"


def symlog(v):
    """sign(v)·log10(1 + |v|): a log axis for values of both signs, linear near 0."""
    v = np.asarray(v, dtype=float)
    return np.sign(v) * np.log10(1.0 + np.abs(v))


def _series(traj, values, f_min, log):
    """values [O, S, T] as drawn: gap to f_min (floored at 1e-16) on a log axis, symlog of the raw
    loss for a surface without a minimum, the raw loss otherwise."""
    kind = loss_scale(f_min, log)
    if kind == "gap":
        return np.maximum(values - f_min, 1e-16)
    if kind == "symlog":
        return symlog(values)
    return values


def _power(k: int) -> str:
    sup = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    return "1" if k == 0 else "10" if k == 1 else "10" + str(k).translate(sup)


def loss_axis(kind, lang, vals=None) -> dict:
    """The y axis of a loss chart drawn with `loss_scale` kind `kind` (vals: the drawn values, for
    the tick labels of a symmetric log axis, which show the raw loss: −10³, 0, 10², …)."""
    if kind == "gap":
        return dict(title={"text": t("loss_gap", lang)}, type="log", exponentformat="power")
    if kind == "linear":
        return dict(title={"text": t("loss", lang)}, type="linear", exponentformat="power")
    v = np.asarray(vals, dtype=float) if vals is not None else np.zeros(1)
    v = v[np.isfinite(v)]
    lo, hi = (float(v.min()), float(v.max())) if v.size else (0.0, 1.0)
    top = max(int(math.ceil(max(abs(lo), abs(hi)))), 1)
    every = max(1, math.ceil(top / 5))                  # at most ~5 decades labelled on each side
    vals_, text = [0.0], ["0"]
    for k in range(0, top + 1, every):
        y = math.log10(1.0 + 10.0 ** k)
        if hi > 0:
            vals_.append(y); text.append(_power(k))
        if lo < 0:
            vals_.append(-y); text.append("−" + _power(k))
    return dict(title={"text": t("loss_symlog", lang)}, type="linear", tickmode="array", tickvals=vals_, ticktext=text)


def _diverged_text_position(x, y, x_span, y_span):
    """Where a "diverged at step k" label sits: inside the plot, away from the nearer edges."""
    (x0, x1), (y0, y1) = x_span, y_span
    vert = "bottom" if y1 > y0 and (y - y0) / (y1 - y0) > 0.75 else "top"
    horiz = "right" if x1 <= x0 or (x - x0) / (x1 - x0) < 0.5 else "left"
    return f"{vert} {horiz}"


def loss_figure(traj, lang="en", *, f_min=None, log=True, height=360, max_points=400, title=None):
    """Loss per step for every run: f − f* on a log axis, the raw loss on a symmetric log axis when
    the surface has no minimum (f_min None), or the raw loss (log False). A diverged run ends in ✕
    with "diverged at step k" kept inside the figure; variants of one optimizer are named at their ends."""
    O, S, T1 = traj.losses.shape
    kind = loss_scale(f_min, log)
    vals = _series(traj, traj.losses, f_min, log)
    keys = list(traj.color_keys or traj.names)
    run_styles = styles(keys)
    shown = np.concatenate([vals[i, j, :(traj.diverged_at[i, j] if traj.diverged_at[i, j] > 0 else T1)]
                            for i in range(O) for j in range(S)])
    fy = np.log10(shown) if kind == "gap" else shown
    y_span = (float(np.min(fy)), float(np.max(fy))) if fy.size else (0.0, 1.0)
    raw = kind == "symlog"
    value = "%{customdata:.4g}" if raw else "%{y:.4g}"
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
                **(dict(customdata=rounded(traj.losses[i, j, keep])) if raw else {}),
                hovertemplate=f"<b>{traj.labels[i]}</b><br>{t('step', lang)} %{{x}}<br>{value}<extra></extra>"))
            if d >= 0:
                k = int(max(d - 1, 0))
                yk = float(vals[i, j, k])
                pos = _diverged_text_position(k, math.log10(yk) if kind == "gap" else yk, (0, T1 - 1), y_span)
                data.append(dict(
                    type="scatter", x=[k], y=rounded([yk]), mode="markers+text", cliponaxis=False,
                    text=[t("diverged_at", lang, step=int(d))], textposition=pos, showlegend=False,
                    legendgroup=f"o{i}", marker=dict(symbol="x", size=12, color=color), hoverinfo="text"))
    layout = base_layout(height=height, title=title, hovermode="x unified",
                         xaxis=dict(title=t("step", lang), gridcolor="rgba(0,0,0,0.08)"),
                         yaxis=dict(gridcolor="rgba(0,0,0,0.08)", **loss_axis(kind, lang, shown)))
    fig = dict(data=data, layout=layout)
    if len(set(keys)) < len(keys):            # variants of one optimizer: each line named at its end
        label_ends(fig, log_y=kind == "gap")
    return fig


def loss_panel(traj, cursors, frame_steps, lang="en", *, f_min=None, log=True, max_points=200,
               domain=(0.66, 1.0), y_domain=(0.0, 1.0), heading_inside=False):
    """The loss curves as a second panel (axes x2/y2) of an animated paths figure.

    cursors: (run index, losses up to the run's end, end) per drawn run, in the paths' order.
    Returns (traces, per-frame updates of the cursor trace, layout axes, heading annotation). The
    curves stay whole; a cursor per run (all in one trace) marks the loss at the frame's step, so ▶ and the scrubber
    move them with the paths. The y title is a horizontal heading above the panel (inside its top
    right corner when `heading_inside`) and the y ticks are on its right (a rotated title or left
    ticks would sit on the paths panel in a narrow column).
    """
    run_styles = styles(traj.color_keys or traj.names)
    kind = loss_scale(f_min, log)
    vals = _series(traj, traj.losses, f_min, log)
    raw = kind == "symlog"
    value = "%{customdata:.4g}" if raw else "%{y:.4g}"
    O, S, T1 = traj.losses.shape
    traces, series = [], []
    for n, (i, _, end) in enumerate(cursors):
        j = n % S
        color, dash = run_styles[i]
        keep = thin(end, max_points)
        traces.append(dict(
            type="scatter", x=keep.tolist(), y=rounded(vals[i, j, keep], 4), mode="lines", name=traj.labels[i],
            xaxis="x2", yaxis="y2", legendgroup=f"o{i}", showlegend=False, line=dict(color=color, dash=dash, width=2),
            **(dict(customdata=rounded(traj.losses[i, j, keep], 4)) if raw else {}),
            hovertemplate=f"<b>{traj.labels[i]}</b><br>{t('step', lang)} %{{x}}<br>{value}<extra></extra>"))
        series.append((vals[i, j], end, color))
    at = [np.minimum(frame_steps.astype(int), end - 1) for _, end, _ in series]     # each run's cursor steps
    ys = [rounded(vs[k], 4) for (vs, _, _), k in zip(series, at)]
    at = [k.tolist() for k in at]
    frames = [[] for _ in frame_steps]
    if series:                          # one trace holds every run's cursor (one point each, in its colour)
        traces.append(dict(type="scatter", x=[k[-1] for k in at], y=[y[-1] for y in ys], mode="markers",
                           name="cursor", xaxis="x2", yaxis="y2", showlegend=False, hoverinfo="skip",
                           meta=dict(groups=[f"o{i}" for i, _, _ in cursors]),
                           marker=dict(size=9, color=[c for _, _, c in series], line=dict(width=1.5, color="white"))))
        frames = [[dict(x=[k[f] for k in at], y=[y[f] for y in ys])] for f in range(len(frame_steps))]
    shown = np.concatenate([vs[:end] for vs, end, _ in series]) if series else None
    yaxis = loss_axis(kind, lang, shown)
    heading = dict(text=yaxis.pop("title")["text"], xref="x2 domain", yref="y2 domain", x=0, y=1, xanchor="left",
                   yanchor="bottom", yshift=4, showarrow=False, font=dict(size=13))
    if heading_inside:                  # no room above (a panel below the paths): its top right corner
        heading.update(x=1, xanchor="right", yanchor="top", yshift=-2, bgcolor="rgba(255,255,255,0.8)")
    axes = dict(xaxis2=dict(domain=list(domain), anchor="y2", title={"text": t("step", lang)}, gridcolor="rgba(0,0,0,0.08)",
                            automargin=True),
                yaxis2=dict(anchor="x2", domain=list(y_domain), automargin=True, gridcolor="rgba(0,0,0,0.08)",
                            side="right", **yaxis))                 # ticks away from the paths panel
    return traces, frames, axes, heading


def lr_figure(lrs, labels, keys=None, lang="en", *, height=300, log=False, title=None, max_points=600):
    """Learning rate per step: lrs [n, steps] (one row per curve); variants of one optimizer are
    named at their ends."""
    lrs = np.atleast_2d(np.asarray(lrs, dtype=float))
    keys = list(keys or labels)
    data = []
    for (color, dash), row, label in zip(styles(keys), lrs, labels):
        keep = thin(len(row), max_points)
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(row[keep]), mode="lines", name=label,
                                 line=dict(color=color, dash=dash, width=2, shape="hv"),
                                 hovertemplate=f"<b>{label}</b><br>{t('step', lang)} %{{x}}<br>lr=%{{y:.4g}}<extra></extra>"))
    layout = base_layout(height=height, title=title, hovermode="x unified", xaxis=dict(title=t("step", lang)),
                         yaxis=dict(title=t("learning_rate", lang), type="log" if log else "linear",
                                    exponentformat="power"))
    fig = dict(data=data, layout=layout)
    if len(set(keys)) < len(keys):
        label_ends(fig, log_y=log)
    return fig


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
