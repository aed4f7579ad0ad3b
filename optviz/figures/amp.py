"""Figures for "Mixed precision": loss, underflow share and loss scale of the three precision modes,
and where the gradients sit in float16's range. Input: an `optviz.amp.PrecisionRuns`."""
from __future__ import annotations

import numpy as np

from ..nets import amp
from ..i18n import t
from ._style import fmt_num, GRID, base_layout, log_ticks, rounded, thin

# One colour per mode on every chart of the page.
MODE_COLORS = {"float32": "#59A14F", "float16": "#E15759", "float16_scaled": "#4E79A7"}
LOG2_TINY = np.log2(amp.FP16_TINY)        # −24: the smallest positive float16
LOG2_NORMAL = np.log2(amp.FP16_NORMAL)    # −14: the smallest normal float16
LOG2_MAX = np.log2(amp.FP16_MAX)          # ≈ 16: the largest finite float16


def mode_label(mode: str, lang="en") -> str:
    return t("amp_mode_" + mode, lang)


def smoothed(values, window: int) -> np.ndarray:
    """Trailing moving average over `window` steps (shorter at the start)."""
    v = np.asarray(values, dtype=float)
    c = np.concatenate([[0.0], np.cumsum(v)])
    n = np.arange(1, len(v) + 1)
    lo = np.maximum(n - window, 0)
    return (c[n] - c[lo]) / (n - lo)


def precision_loss_figure(runs, lang="en", *, height=360, max_points=400, log=True):
    """Mini-batch cross-entropy per step (faint) and its moving average over half an epoch (bold)."""
    S = runs.total_steps
    keep = thin(S, max_points)
    window = max(1, runs.steps_per_epoch // 2)
    data = []
    for k in (1, 2, 0):                      # float32 last: drawn dashed on top of the scaled run it matches
        mode = runs.modes[k]
        color, label = MODE_COLORS[mode], mode_label(mode, lang)
        d = int(runs.diverged_at[k])
        end = d if d >= 0 else S
        kk = keep[keep < max(end, 1)]
        data.append(dict(type="scatter", x=kk.tolist(), y=rounded(runs.step_loss[k, kk], 4), mode="lines",
                         line=dict(color=color, width=1), opacity=0.3, legendgroup=mode, showlegend=False,
                         hoverinfo="skip", name=label + " (raw)"))
        data.append(dict(type="scatter", x=kk.tolist(), y=rounded(smoothed(runs.step_loss[k], window)[kk], 4),
                         mode="lines", line=dict(color=color, width=2.5, dash="dash" if mode == "float32" else "solid"),
                         legendgroup=mode, name=label,
                         hovertemplate=f"<b>{label}</b><br>{t('step', lang)} %{{x}}<br>%{{y:.4g}}<extra></extra>"))
        if d >= 0:
            data.append(dict(type="scatter", x=[max(d - 1, 0)], y=rounded([runs.step_loss[k, max(d - 1, 0)]]),
                             mode="markers+text", text=[t("diverged_at", lang, step=d)], textposition="top center",
                             marker=dict(symbol="x", size=12, color=color), showlegend=False, hoverinfo="text"))
    layout = base_layout(height=height, hovermode="x unified",
                         xaxis=dict(title=t("step", lang), gridcolor=GRID),
                         yaxis=dict(title=t("amp_loss_axis", lang), type="log" if log else "linear", gridcolor=GRID,
                                    **(log_ticks(y for d in data for y in d["y"]) if log else {})))
    return dict(data=data, layout=layout)


def underflow_figure(runs, lang="en", *, height=300, max_points=400):
    """Share (%) of the non-zero float32 gradient entries that are exactly 0 in float16, per step."""
    S = runs.total_steps
    keep = thin(S, max_points)
    data = []
    for k, mode in enumerate(runs.modes):
        if mode == "float32":
            continue
        label = mode_label(mode, lang)
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(100 * runs.underflow[k, keep], 4), mode="lines",
                         name=label, line=dict(color=MODE_COLORS[mode], width=2),
                         hovertemplate=f"<b>{label}</b><br>{t('step', lang)} %{{x}}<br>%{{y:.3g}} %<extra></extra>"))
    layout = base_layout(height=height, hovermode="x unified", xaxis=dict(title=t("step", lang), gridcolor=GRID),
                         yaxis=dict(title=t("amp_underflow_axis", lang), rangemode="tozero", gridcolor=GRID))
    return dict(data=data, layout=layout)


def scale_figure(runs, lang="en", *, height=300, max_points=600):
    """log₂ of the loss scale S per step (a staircase), skipped steps marked ✕."""
    S = runs.total_steps
    keep = thin(S, max_points)
    color = MODE_COLORS["float16_scaled"]
    log2s = np.log2(runs.scale)
    data = [dict(type="scatter", x=keep.tolist(), y=rounded(log2s[keep], 6), mode="lines", name=t("amp_scale", lang),
                 line=dict(color=color, width=2, shape="hv"), customdata=rounded(runs.scale[keep], 6),
                 hovertemplate=t("step", lang) + " %{x}<br>S = 2^%{y:.3g} = %{customdata:.4g}<extra></extra>")]
    skip = np.flatnonzero(runs.skipped)
    data.append(dict(type="scatter", x=skip.tolist(), y=rounded(log2s[skip], 6), mode="markers",
                     name=t("amp_skipped", lang, n=len(skip)), marker=dict(symbol="x", size=9, color="#E15759"),
                     hovertemplate=t("step", lang) + " %{x}: " + t("amp_skipped_hover", lang) + "<extra></extra>"))
    layout = base_layout(height=height, hovermode="closest", xaxis=dict(title=t("step", lang), gridcolor=GRID),
                         yaxis=dict(title=t("amp_scale_axis", lang), gridcolor=GRID, dtick=2))
    return dict(data=data, layout=layout)


def range_figure(runs, lang="en", *, height=340):
    """Histogram of log₂|g| of the float32 run's gradients (all steps), as they are and multiplied by
    the median loss scale, over float16's zones: flushed to 0, subnormal, normal, overflow."""
    edges = runs.hist_edges
    centres = (edges[:-1] + edges[1:]) / 2
    counts = runs.hist_counts
    share = 100 * counts / max(counts.sum(), 1)
    shift = float(np.log2(np.median(runs.scale)))
    lo, hi = float(edges[0]), float(edges[-1]) + max(shift, 0) + 2
    zones = [(lo, LOG2_TINY - 1, "rgba(225,87,89,0.15)", t("amp_zone_zero", lang)),
             (LOG2_TINY - 1, LOG2_NORMAL, "rgba(242,142,43,0.13)", t("amp_zone_subnormal", lang)),
             (LOG2_NORMAL, LOG2_MAX, "rgba(89,161,79,0.08)", t("amp_zone_normal", lang)),
             (LOG2_MAX, hi, "rgba(225,87,89,0.15)", t("amp_zone_overflow", lang))]
    shapes = [dict(type="rect", xref="x", yref="paper", x0=a, x1=b, y0=0, y1=1, fillcolor=c, line=dict(width=0),
                   layer="below") for a, b, c, _ in zones]
    nz = np.flatnonzero(share >= 0.05)              # the visible bars set the range
    x0 = min(float(edges[nz[0]]) - 3 if len(nz) else lo, LOG2_TINY - 4)
    x1 = max(float(edges[nz[-1] + 1]) + shift + 3 if len(nz) else hi, LOG2_MAX + 3)
    # alternate heights: neighbouring zone names never overlap, even in a narrow column
    notes = [dict(x=(max(a, x0) + min(b, x1)) / 2, y=0.99 - 0.09 * (k % 2), xref="x", yref="paper", text=name,
                  showarrow=False, yanchor="top", font=dict(size=12, color="#333333"))
             for k, (a, b, _, name) in enumerate(zones)]
    notes[0].update(x=x0, xanchor="left", xshift=4)          # the outer zones' labels stay inside the plot
    notes[-1].update(x=x1, xanchor="right", xshift=-4)
    label = t("amp_hist_raw", lang, c=_pow2(runs.loss_factor))
    scaled = t("amp_hist_scaled", lang, s=_pow2(2.0 ** shift))
    data = [dict(type="bar", x=rounded(centres), y=rounded(share, 4), name=label, width=1.0,
                 marker=dict(color=MODE_COLORS["float16"], opacity=0.65),
                 hovertemplate="|g| ≈ 2^%{x:.1f}: %{y:.3g} %<extra></extra>"),
            dict(type="bar", x=rounded(centres + shift), y=rounded(share, 4), name=scaled, width=1.0,
                 marker=dict(color=MODE_COLORS["float16_scaled"], opacity=0.55),
                 hovertemplate="S·|g| ≈ 2^%{x:.1f}: %{y:.3g} %<extra></extra>")]
    top = float(share.max()) * 1.25 if counts.any() else 1.0
    layout = base_layout(height=height, barmode="overlay", shapes=shapes, annotations=notes, bargap=0,
                         xaxis=dict(title=t("amp_hist_axis", lang), range=[x0, x1], gridcolor=GRID,
                                    dtick=4 if x1 - x0 <= 44 else 8,
                                    tickangle=0),
                         yaxis=dict(title=t("amp_hist_share", lang), gridcolor=GRID, range=[0, top]))
    return dict(data=data, layout=layout)


def summary_rows(runs, lang="en") -> list[dict]:
    """One row per mode: final training loss, test accuracy, mean underflow share, skipped steps."""
    rows = []
    for k, mode in enumerate(runs.modes):
        d = int(runs.diverged_at[k])
        rows.append({
            t("amp_col_mode", lang): mode_label(mode, lang),
            t("amp_col_train_loss", lang): fmt_num(runs.train_loss[k, -1]),
            t("amp_col_test_acc", lang): fmt_num(100 * runs.test_accuracy[k, -1], 3),
            t("amp_col_underflow", lang): fmt_num(100 * runs.underflow[k].mean(), 3),
            t("amp_col_skipped", lang): int(runs.skipped.sum()) if mode == "float16_scaled" else 0,
            t("amp_col_status", lang): t("diverged_at", lang, step=d) if d >= 0 else "✓",
        })
    return rows


def _pow2(v: float) -> str:
    e = np.log2(v)
    return f"2^{int(round(e))}" if abs(e - round(e)) < 1e-9 else f"{v:.3g}"
