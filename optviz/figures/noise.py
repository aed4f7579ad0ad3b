"""Figures for "Batch size & noise": one optimizer under the gradient noise of several batch sizes.

`runs` is a list of (batch size, Trajectories with one optimizer and one start), as returned by one
`optviz.run(..., noise=σ, batch_size=B, dataset_size=N, seed=s)` per batch size.
"""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ._style import fmt_num, GRID, base_layout, label_ends, path_end, rounded, thin, variant_colors
from .paths import place_labels, surface_layer


def batch_noise_std(noise: float, batch_size: int, dataset_size: int) -> float:
    """Std of the mean of B per-example noises drawn without replacement from N:
    σ·√((N − B) / (B (N − 1))) — σ for B = 1, 0 for the full batch."""
    B, N = int(batch_size), int(dataset_size)
    return float(noise) * float(np.sqrt((N - B) / (B * (N - 1))))


def batch_styles(runs) -> list[tuple[str, float]]:
    """(colour, width) per run: shades of the optimizer's colour from dark (largest batch) to light
    (noisiest), clearly apart (`variant_colors`), and thinner for noisier batches."""
    order = np.argsort(np.argsort([-b for b, _ in runs]))      # 0 = largest batch
    n = max(len(runs) - 1, 1)
    key = runs[0][1].color_keys[0] if runs and runs[0][1].color_keys else "sgd"
    shades = variant_colors(key, len(runs))
    return [(shades[k], 3.0 - 1.5 * k / n) for k in order]


def batch_label(b: int, dataset_size: int, lang="en") -> str:
    if b >= dataset_size:
        return t("batchnoise_full_label", lang, n=dataset_size)
    return t("batchnoise_sgd_label", lang) if b == 1 else f"B = {b}"


def _minima(surface) -> np.ndarray:
    m = np.asarray(surface.minima, dtype=float).reshape(-1, 2)
    return m if len(m) else np.asarray(getattr(surface, "local_minima", m), dtype=float).reshape(-1, 2)


def distances(surface, traj) -> np.ndarray | None:
    """[steps+1] distance of the first run to the nearest known minimum (None if none is known)."""
    m = _minima(surface)
    if not len(m):
        return None
    p = traj.positions[0, 0]
    return np.sqrt(((p[:, None, :] - m[None]) ** 2).sum(-1)).min(-1)


def zoom_box(surface, runs, from_step: int):
    """A square around the minimum nearest the least noisy run's end, wide enough for the noisiest
    run's last part (at least 2 % of the domain); None when no minimum is known."""
    m = _minima(surface)
    if not len(m):
        return None
    calm = runs[int(np.argmax([b for b, _ in runs]))][1]
    end = calm.positions[0, 0, path_end(calm) - 1]
    centre = m[np.argmin(((m - end) ** 2).sum(-1))]
    (x0, x1), (y0, y1) = surface.domain
    half = 0.02 * max(x1 - x0, y1 - y0)
    for _, traj in runs:
        p = traj.positions[0, 0, from_step:path_end(traj)]
        if len(p):
            spread = np.sqrt(((p - centre) ** 2).sum(-1))
            half = max(half, 1.15 * float(np.quantile(spread, 0.95)))
    half = min(half, 0.5 * max(x1 - x0, y1 - y0))
    return (centre[0] - half, centre[0] + half), (centre[1] - half, centre[1] + half)


def batch_paths_figure(surface, runs, dataset_size, lang="en", *, view=None, from_step=0, height=520,
                       max_points=400, grid_n=90, title=None):
    """Contour with one path per batch size (darkest = largest batch), each named where it ends
    (or left the view / diverged) in the full view; a zoom keeps the same colours, unlabelled.
    `view` zooms the axes (the contour is drawn anew for that box); `from_step` draws only the
    later part of each path."""
    (x0, x1), (y0, y1) = box = view or surface.domain
    data = []
    named = []                                     # each path named where it ends (no legend over the plot)
    for (b, traj), (color, width) in zip(runs, batch_styles(runs)):
        end = path_end(traj)
        p = traj.positions[0, 0, from_step:end] if from_step < end else traj.positions[0, 0, end - 1:end]
        keep = thin(len(p), max_points)
        label = batch_label(b, dataset_size, lang)
        named.append((p, int(traj.diverged_at[0, 0]), label, color, min(from_step, end - 1)))
        if traj.diverged_at[0, 0] >= 0:
            label += " · " + t("diverged_at", lang, step=int(traj.diverged_at[0, 0]))
        data.append(dict(type="scatter", x=rounded(p[keep, 0]), y=rounded(p[keep, 1]), mode="lines",
                         name=label, line=dict(color=color, width=width),
                         customdata=(keep + from_step).tolist(),
                         hovertemplate=f"<b>{label}</b><br>{t('step', lang)} %{{customdata}}"
                                       "<br>(%{x:.4f}, %{y:.4f})<extra></extra>"))
        data.append(dict(type="scatter", x=rounded(p[-1:, 0]), y=rounded(p[-1:, 1]), mode="markers",
                         showlegend=False, hoverinfo="skip",
                         marker=dict(size=9, color=color, line=dict(width=1.5, color="white"))))
    m = _minima(surface)
    if len(m):   # drawn after the paths so the noise cloud does not hide it
        data.append(dict(type="scatter", x=m[:, 0].tolist(), y=m[:, 1].tolist(), mode="markers",
                         name=t("minimum", lang), marker=dict(symbol="star", size=15, color="gold",
                                                              line=dict(width=1, color="black")),
                         hovertemplate=t("minimum", lang) + " (%{x:.3g}, %{y:.3g})<extra></extra>"))
    if from_step == 0 and runs:
        s = runs[0][1].starts[0]
        data.append(dict(type="scatter", x=[float(s[0])], y=[float(s[1])], mode="markers", name=t("start", lang),
                         marker=dict(symbol="circle-open", size=14, color="black", line=dict(width=2.5)),
                         hovertemplate=t("start", lang) + " (%{x:.3g}, %{y:.3g})<extra></extra>"))
    layout = base_layout(height=height, title=title, hovermode="closest", dragmode="pan", showlegend=False,
                         images=[surface_layer(surface, box, px=max(240, 3 * grid_n))],
                         # the zoom shows the noise clouds: labels there would hide them (same colours as the full view)
                         annotations=place_labels(named, box, lang, plot_px=max(height - 90, 120), width_px=180)
                         if view is None else [],
                         xaxis=dict(range=[x0, x1], title="x", showgrid=False, zeroline=False,
                                    constrain="domain" if view is not None else None),
                         yaxis=dict(range=[y0, y1], title="y", showgrid=False, zeroline=False,
                                    scaleanchor="x" if view is not None else None,
                                    constrain="domain" if view is not None else None))
    return dict(data=data, layout=layout)


def batch_loss_figure(runs, dataset_size, lang="en", *, per="step", f_min=None, height=360, max_points=400):
    """Loss per step, or per epoch (step × B / N: examples seen ÷ N) on a log axis."""
    data = []
    for (b, traj), (color, width) in zip(runs, batch_styles(runs)):
        end = path_end(traj)
        keep = thin(end, max_points)
        loss = traj.losses[0, 0, keep]
        y = np.maximum(loss - f_min, 1e-16) if f_min is not None else loss
        x = keep * (b / dataset_size) if per == "epoch" else keep
        label = batch_label(b, dataset_size, lang)
        data.append(dict(type="scatter", x=rounded(x), y=rounded(y), mode="lines", name=label,
                         line=dict(color=color, width=width),
                         hovertemplate=f"<b>{label}</b><br>%{{x:.4g}}<br>%{{y:.4g}}<extra></extra>"))
    xaxis = dict(title=t("batchnoise_epochs", lang) if per == "epoch" else t("step", lang), gridcolor=GRID)
    if per == "epoch":
        xaxis["type"] = "log"
    layout = base_layout(height=height, hovermode="closest", xaxis=xaxis,
                         yaxis=dict(title=t("loss_gap", lang) if f_min is not None else t("loss", lang),
                                    type="log" if f_min is not None else "linear", gridcolor=GRID,
                                    exponentformat="power"))
    return _end_labels(dict(data=data, layout=layout), log_x=per == "epoch", log_y=f_min is not None)


def _end_labels(fig, *, log_x=False, log_y=True):
    """Each batch size's name at the end of its line (x in log10 on a log axis)."""
    label_ends(fig, log_y=log_y)
    if log_x:
        for a in fig["layout"].get("annotations", []):
            if a.get("xref") == "x" and a.get("x", 0) > 0:
                a["x"] = float(np.log10(a["x"]))
    return fig


def distance_figure(surface, runs, dataset_size, lang="en", *, from_step=0, height=340, max_points=400):
    """Distance to the nearest minimum per step (log axis); the shaded part is where the table's
    statistics are taken."""
    data, top = [], 0.0
    for (b, traj), (color, width) in zip(runs, batch_styles(runs)):
        d = distances(surface, traj)
        if d is None:
            continue
        end = path_end(traj)
        keep = thin(end, max_points)
        label = batch_label(b, dataset_size, lang)
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(np.maximum(d[keep], 1e-12)), mode="lines",
                         name=label, line=dict(color=color, width=width),
                         hovertemplate=f"<b>{label}</b><br>{t('step', lang)} %{{x}}<br>%{{y:.4g}}<extra></extra>"))
        top = max(top, end - 1)
    shapes = [dict(type="rect", xref="x", yref="paper", x0=from_step, x1=top, y0=0, y1=1, layer="below",
                   line=dict(width=0), fillcolor="rgba(0,0,0,0.05)")] if top > from_step else []
    layout = base_layout(height=height, hovermode="closest", shapes=shapes,
                         xaxis=dict(title=t("step", lang), gridcolor=GRID),
                         yaxis=dict(title=t("batchnoise_distance", lang), type="log", gridcolor=GRID,
                                    exponentformat="power"))
    return _end_labels(dict(data=data, layout=layout))


def wander_rows(surface, runs, noise, dataset_size, lang="en", *, from_step=0) -> list[dict]:
    """Per batch size: its gradient-noise std σ_B, and the RMS distance to the nearest minimum over
    steps ≥ from_step, also divided by σ_B (about constant where the spread shrinks like σ_B ∝ 1/√B)."""
    rows = []
    for b, traj in runs:
        std = batch_noise_std(noise, b, dataset_size)
        d = distances(surface, traj)
        end = path_end(traj)
        rms = float(np.sqrt(np.mean(d[from_step:end] ** 2))) if d is not None and end > from_step else None
        diverged = traj.diverged_at[0, 0] >= 0
        rows.append({
            t("batchnoise_col_batch", lang): batch_label(b, dataset_size, lang),
            t("batchnoise_col_std", lang): fmt_num(std),
            t("batchnoise_col_rms", lang): fmt_num(None if rms is None or diverged else rms),
            t("batchnoise_col_ratio", lang): fmt_num(None if rms is None or diverged or std == 0 else rms / std),
            t("batchnoise_col_final", lang): t("diverged_at", lang, step=int(traj.diverged_at[0, 0])) if diverged
            else fmt_num(traj.losses[0, 0, -1]),
        })
    return rows
