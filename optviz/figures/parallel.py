"""Figures for "Data parallel": K workers' gradients and their all-reduce mean, the averaged
gradient's noise against K, and 2-D paths with K workers. Inputs come from `optviz.parallel`."""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ._style import fmt_num, GRID, base_layout, path_end, rounded, thin
from .paths import surface_layer

# One colour per number of workers K on every chart of the page.
WORKER_COLORS = {1: "#E15759", 2: "#F28E2B", 4: "#59A14F", 8: "#4E79A7", 16: "#B07AA1", 32: "#76B7B2", 64: "#9C755F"}
AVERAGE_COLOR = "#222222"
BIG_BATCH_COLOR = "#EDC948"
FULL_COLOR = "#8C8C8C"


def worker_color(K: int) -> str:
    """The colour of K workers; K between the listed powers of two takes the nearest one below."""
    k = max(c for c in WORKER_COLORS if c <= max(int(K), 1))
    return WORKER_COLORS[k]


def step_plane(step) -> np.ndarray:
    """[P, 2] orthonormal basis: e₁ along the averaged gradient, e₂ along the workers' largest
    disagreement with it (the full-data gradient's direction when K = 1)."""
    avg = step.averaged
    e1 = avg / max(np.linalg.norm(avg), 1e-300)
    spread = step.worker_grads - avg if step.workers > 1 else (step.full_grad - avg)[None]
    spread = spread - np.outer(spread @ e1, e1)
    k = int(np.argmax(np.linalg.norm(spread, axis=1)))
    e2 = spread[k] / max(np.linalg.norm(spread[k]), 1e-300)
    return np.stack([e1, e2], 1)


def _arrow(xy, name, color, width, dash="solid", hover="", legend=True, group=None):
    return dict(type="scatter", x=[0.0, float(xy[0])], y=[0.0, float(xy[1])], mode="lines+markers", name=name,
                line=dict(color=color, width=width, dash=dash), legendgroup=group or name, showlegend=legend,
                marker=dict(symbol=["circle", "arrow"], size=[1, 13], angleref="previous", color=color),
                hovertemplate=hover or f"<b>{name}</b><br>(%{{x:.3g}}, %{{y:.3g}})<extra></extra>")


def step_arrows_figure(step, lang="en", *, height=420):
    """Every worker's gradient, their all-reduce mean, the big batch of K·B and the full-data gradient,
    drawn as arrows in the plane `step_plane` (the mean and the big batch coincide)."""
    basis = step_plane(step)
    data = []
    for k, g in enumerate(step.worker_grads @ basis):
        data.append(_arrow(g, t("ddp_worker", lang), worker_color(step.workers), 1.5, legend=(k == 0),
                           group="workers", hover=f"<b>{t('ddp_worker_k', lang, k=k)}</b><br>(%{{x:.3g}}, %{{y:.3g}})"
                                                  "<extra></extra>"))
    data.append(_arrow(step.full_grad @ basis, t("ddp_full_grad", lang), FULL_COLOR, 2, dash="dot"))
    data.append(_arrow(step.averaged @ basis, t("ddp_allreduce", lang, k=step.workers), AVERAGE_COLOR, 4))
    data.append(_arrow(step.big_batch @ basis, t("ddp_big_batch", lang, n=step.workers * step.batch_size),
                       BIG_BATCH_COLOR, 2, dash="dash"))
    layout = base_layout(height=height, hovermode="closest",
                         xaxis=dict(title=t("ddp_axis_e1", lang), gridcolor=GRID, zeroline=True),
                         yaxis=dict(title=t("ddp_axis_e2", lang), gridcolor=GRID, zeroline=True,
                                    scaleanchor="x", scaleratio=1))
    return dict(data=data, layout=layout)


def step_rows(step, lang="en") -> list[dict]:
    """One row per worker, then the all-reduce mean, the big batch and the full data set."""
    avg = step.averaged

    def row(name, loss, g):
        cos = float(g @ avg / max(np.linalg.norm(g) * np.linalg.norm(avg), 1e-300))
        return {t("ddp_col_who", lang): name, t("ddp_col_loss", lang): fmt_num(loss, 5),
                t("ddp_col_norm", lang): fmt_num(np.linalg.norm(g), 5), t("ddp_col_cos", lang): f"{cos:.4f}"}
    rows = [row(t("ddp_worker_k", lang, k=k), step.worker_losses[k], g) for k, g in enumerate(step.worker_grads)]
    rows.append(row(t("ddp_allreduce", lang, k=step.workers), float(np.mean(step.worker_losses)), avg))
    rows.append(row(t("ddp_big_batch", lang, n=step.workers * step.batch_size), step.big_loss, step.big_batch))
    rows.append(row(t("ddp_full_grad", lang), step.full_loss, step.full_grad))
    return rows


def noise_figure(noise, lang="en", *, height=380):
    """E‖ḡ − ∇L‖² against K on log-log axes: K workers averaged (filled), one batch of K·B (open),
    theory σ²/(KB)·(N − KB)/(N − 1) (dashed), and the signal ‖∇L‖² (dotted)."""
    ks = noise.workers
    colors = [worker_color(k) for k in ks]
    B = noise.batch_size
    data = [
        dict(type="scatter", x=ks.tolist(), y=rounded(noise.theory), mode="lines", name=t("ddp_theory", lang),
             line=dict(color="#444444", dash="dash", width=1.5),
             hovertemplate="K = %{x}<br>" + t("ddp_theory", lang) + ": %{y:.4g}<extra></extra>"),
        dict(type="scatter", x=ks.tolist(), y=rounded(noise.sq_error), mode="markers",
             name=t("ddp_avg_workers", lang, b=B),
             marker=dict(size=13, color=colors, line=dict(width=1, color="white")),
             hovertemplate="K = %{x}<br>%{y:.4g}<extra></extra>"),
        dict(type="scatter", x=ks.tolist(), y=rounded(noise.sq_error_big), mode="markers",
             name=t("ddp_one_batch", lang, b=B), marker=dict(size=17, symbol="diamond-open", color=colors,
                                                            line=dict(width=2, color=colors)),
             customdata=(ks * B).tolist(), hovertemplate="K·B = %{customdata}<br>%{y:.4g}<extra></extra>"),
        dict(type="scatter", x=[float(ks[0]), float(ks[-1])], y=rounded([noise.full_norm ** 2] * 2), mode="lines",
             name=t("ddp_signal", lang), line=dict(color=FULL_COLOR, dash="dot", width=1.5),
             hovertemplate="‖∇L‖² = %{y:.4g}<extra></extra>"),
    ]
    layout = base_layout(height=height, hovermode="closest",
                         xaxis=dict(title=t("ddp_axis_workers", lang), type="log", tickvals=ks.tolist(),
                                    gridcolor=GRID),
                         yaxis=dict(title=t("ddp_axis_sq_error", lang), type="log", gridcolor=GRID,
                                    exponentformat="power"))
    return dict(data=data, layout=layout)


def cloud_figure(noise, lang="en", *, height=380):
    """The averaged gradients' deviations ḡ_K − ∇L of many draws, projected on the two directions
    in which single examples disagree most: one colour per K, the cloud shrinks like 1/√K."""
    data = []
    for k, pts in zip(noise.workers[::-1], noise.cloud[::-1]):       # largest K drawn last, on top
        data.append(dict(type="scatter", x=rounded(pts[:, 0], 4), y=rounded(pts[:, 1], 4), mode="markers",
                         name=f"K = {k}", marker=dict(size=5, color=worker_color(k), opacity=0.7),
                         hovertemplate=f"K = {k}<br>(%{{x:.3g}}, %{{y:.3g}})<extra></extra>"))
    data.append(dict(type="scatter", x=[0.0], y=[0.0], mode="markers", name="∇L",
                     marker=dict(symbol="star", size=15, color="gold", line=dict(width=1, color="black")),
                     hovertemplate=t("ddp_full_grad", lang) + "<extra></extra>"))
    layout = base_layout(height=height, hovermode="closest",
                         xaxis=dict(title=t("ddp_axis_pc1", lang), gridcolor=GRID, zeroline=True),
                         yaxis=dict(title=t("ddp_axis_pc2", lang), gridcolor=GRID, zeroline=True, scaleanchor="x",
                                    scaleratio=1))
    return dict(data=data, layout=layout)


def parallel_paths_figure(surface, workers, runs, batch_size, lang="en", *, view=None, from_step=0, height=480,
                          max_points=400, grid_n=80):
    """Contour of `surface` with one path per K (runs from `optviz.parallel.surface_runs`).
    `view` ((x0, x1), (y0, y1)) zooms (the contour is drawn anew for that box); `from_step` draws only
    the later part of each path."""
    (x0, x1), (y0, y1) = box = view or surface.domain
    data = []
    for K, traj in zip(workers, runs):
        color, end = worker_color(K), path_end(traj)
        first = min(from_step, end - 1)
        p = traj.positions[0, 0, first:end]
        keep = thin(len(p), max_points)
        label = t("ddp_path_label", lang, k=K, n=K * batch_size)
        if traj.diverged_at[0, 0] >= 0:
            label += " · " + t("diverged_at", lang, step=int(traj.diverged_at[0, 0]))
        data.append(dict(type="scatter", x=rounded(p[keep, 0]), y=rounded(p[keep, 1]), mode="lines", name=label,
                         line=dict(color=color, width=2), customdata=(keep + first).tolist(),
                         hovertemplate=f"<b>{label}</b><br>{t('step', lang)} %{{customdata}}"
                                       "<br>(%{x:.4f}, %{y:.4f})<extra></extra>"))
        data.append(dict(type="scatter", x=rounded(p[-1:, 0]), y=rounded(p[-1:, 1]), mode="markers", showlegend=False,
                         hoverinfo="skip", marker=dict(size=9, color=color, line=dict(width=1.5, color="white"))))
    m = np.asarray(surface.minima, dtype=float).reshape(-1, 2)
    if len(m):
        data.append(dict(type="scatter", x=m[:, 0].tolist(), y=m[:, 1].tolist(), mode="markers",
                         name=t("minimum", lang),
                         marker=dict(symbol="star", size=15, color="gold", line=dict(width=1, color="black")),
                         hovertemplate=t("minimum", lang) + " (%{x:.3g}, %{y:.3g})<extra></extra>"))
    if runs and from_step == 0:
        s = runs[0].starts[0]
        data.append(dict(type="scatter", x=[float(s[0])], y=[float(s[1])], mode="markers", name=t("start", lang),
                         marker=dict(symbol="circle-open", size=14, color="black", line=dict(width=2.5))))
    layout = base_layout(height=height, hovermode="closest", xaxis=dict(range=[x0, x1], title="x"),
                         yaxis=dict(range=[y0, y1], title="y", scaleanchor="x", scaleratio=1),
                         images=[surface_layer(surface, box, px=max(240, 3 * grid_n))])
    return dict(data=data, layout=layout)


def parallel_loss_figure(workers, runs, batch_size, lang="en", *, height=360, max_points=400, f_min=None):
    """Loss per step for every K (gap to f_min on a log axis when f_min is known)."""
    data = []
    for K, traj in zip(workers, runs):
        end = path_end(traj)
        vals = traj.losses[0, 0, :end]
        if f_min is not None:
            vals = np.maximum(vals - f_min, 1e-16)
        keep = thin(len(vals), max_points)
        label = t("ddp_path_label", lang, k=K, n=K * batch_size)
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(vals[keep]), mode="lines", name=label,
                         line=dict(color=worker_color(K), width=2),
                         hovertemplate=f"<b>{label}</b><br>{t('step', lang)} %{{x}}<br>%{{y:.4g}}<extra></extra>"))
    layout = base_layout(height=height, hovermode="x unified", xaxis=dict(title=t("step", lang), gridcolor=GRID),
                         yaxis=dict(title=t("loss_gap", lang) if f_min is not None else t("loss", lang),
                                    type="log" if f_min is not None else "linear", gridcolor=GRID,
                                    exponentformat="power"))
    return dict(data=data, layout=layout)
