"""Figures for "Gradient clipping": one optimizer on the cliff without clipping, with norm clipping
and with value clipping; the gradient it used and the step it took, per step; raw and clipped
gradient vectors drawn where the run hits the wall."""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ._style import GRID, base_layout, fmt_num, label_ends, rounded, styles, thin, variant_colors



def add_wall_arrows(fig: dict, vectors: dict, lang="en", *, length=1.3) -> dict:
    """Draw the step directions −g at the wall as arrows on a contour figure (in place).

    The two clipped vectors share one scale, the longer drawn `length` long, so their lengths
    compare truly; the raw gradient is hundreds of times longer and is drawn twice as long as that,
    labelled with its norm."""
    p = vectors["point"]
    norm = lambda v: float(np.hypot(*v))   # noqa: E731
    scale = length / max(norm(vectors["norm"]), norm(vectors["value"]), 1e-12)
    cols = variant_colors(vectors["color_key"], 3)   # the shades of merge_runs' three runs, so each arrow matches its line
    arrows = [  # (step vector drawn, colour of its run, label, label below the tip?)
        (-vectors["raw"] / max(norm(vectors["raw"]), 1e-12) * 2 * length, cols[0],
         t("clipping_arrow_raw", lang, norm=f"{norm(vectors['raw']):.3g}"), False),
        (-vectors["norm"] * scale, cols[1],
         t("clipping_arrow_norm", lang, norm=f"{norm(vectors['norm']):.3g}"), True),
        (-vectors["value"] * scale, cols[2],
         t("clipping_arrow_value", lang, norm=f"{norm(vectors['value']):.3g}"), True),
    ]
    notes = fig["layout"].setdefault("annotations", [])
    for d, color, text, below in arrows:
        tip = p + d
        notes.append(dict(x=float(tip[0]), y=float(tip[1]), ax=float(p[0]), ay=float(p[1]), xref="x", yref="y",
                          axref="x", ayref="y", showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=2.5,
                          arrowcolor=color, text=""))
        notes.append(dict(x=float(tip[0]), y=float(tip[1]), xref="x", yref="y", text=text, showarrow=False,
                          xanchor="center", yanchor="top" if below else "bottom", yshift=-6 if below else 6,
                          font=dict(color=color, size=12), bgcolor="rgba(255,255,255,0.85)"))
    fig["data"].append(dict(type="scatter", x=[float(p[0])], y=[float(p[1])], mode="markers",
                            name=t("clipping_wall_point", lang, step=vectors["step"]),
                            marker=dict(symbol="diamond", size=11, color="black"),
                            hovertemplate="%{x:.4f}, %{y:.4f}<extra></extra>"))
    return fig


def clip_rows(reports, traj, lang="en") -> list[dict]:
    """One row per run: the largest gradient norm it stepped with, its longest step, where it first
    hit the wall, and its final loss (or where it diverged)."""
    rows = []
    for n, (r, label) in enumerate(zip(reports, traj.labels)):
        d = int(traj.diverged_at[n, 0])
        end = d if d > 0 else len(r["step"])
        rows.append({
            t("clipping_col_run", lang): label,
            t("clipping_col_max_used", lang): fmt_num(r['used'][:end].max()),
            t("clipping_col_max_step", lang): fmt_num(r['step'][:end].max()),
            t("clipping_col_wall", lang): str(r["wall"]) if r["wall"] >= 0 else t("clipping_never", lang),
            t("clipping_col_final", lang): t("diverged_at", lang, step=d) if d >= 0
            else fmt_num(traj.losses[n, 0, -1]),
        })
    return rows


def _per_step(values_by_run, labels, color_keys, lang, *, ytitle, walls=None, line=None, line_label="",
              height=340, max_points=400, ends=None):
    data = []
    for n, ((color, dash), values, label) in enumerate(zip(styles(color_keys), values_by_run, labels)):
        end = ends[n] if ends is not None else len(values)
        keep = thin(end, max_points)
        if walls is not None and walls[n] >= 0 and walls[n] < end:
            keep = np.union1d(keep, [walls[n]])
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(np.maximum(values[keep], 1e-16)), mode="lines",
                         name=label, legendgroup=f"r{n}", line=dict(color=color, dash=dash, width=2.5),
                         hovertemplate=f"<b>{label}</b><br>{t('step', lang)} %{{x}}<br>%{{y:.4g}}<extra></extra>"))
        if walls is not None and 0 <= walls[n] < end:
            k = walls[n]
            data.append(dict(type="scatter", x=[int(k)], y=rounded([max(values[k], 1e-16)]),
                             mode="markers+text" if n == 0 else "markers",   # only the unclipped run is labelled
                             text=[t("clipping_hits_wall", lang, step=int(k))], cliponaxis=False,
                             textposition="top right" if k < 0.4 * end else "top left", showlegend=False, legendgroup=f"r{n}", name=label,
                             marker=dict(symbol="x", size=12, color=color), textfont=dict(color=color, size=11),
                             hovertemplate=f"<b>{label}</b><br>" + t("clipping_hits_wall", lang, step=int(k))
                                           + "<br>%{y:.4g}<extra></extra>"))
    if line is not None:
        last = max((ends[n] if ends is not None else len(v)) for n, v in enumerate(values_by_run)) - 1
        data.append(dict(type="scatter", x=[0, max(last, 1)], y=[float(line), float(line)], mode="lines",
                         name=line_label, line=dict(color="rgba(0,0,0,0.6)", dash="longdash", width=1.5),
                         hovertemplate=f"{line_label}<extra></extra>"))
    layout = base_layout(height=height, hovermode="closest",
                         xaxis=dict(title=t("step", lang), gridcolor=GRID),
                         yaxis=dict(title=ytitle, type="log", dtick=1, gridcolor=GRID, exponentformat="power",
                                    range=_log_range([y for d in data for y in d["y"]])))
    return label_ends(dict(data=data, layout=layout), traces=[i for i, d in enumerate(data)
                                                              if d.get("legendgroup", "").startswith("r")
                                                              and d.get("mode") == "lines"], log_y=True)


def _log_range(values, pad=0.35):
    """[log10 low, log10 high] around the positive values (at most 12 decades below the top)."""
    v = np.asarray([x for x in values if x is not None and x > 0], dtype=float)
    if not len(v):
        return None
    hi = float(np.log10(v.max()))
    lo = max(float(np.log10(v.min())), hi - 12.0)
    return [lo - pad, hi + pad]


def _ends(traj):
    T = traj.grad_norms.shape[-1]
    return [int(d) if d > 0 else T for d in traj.diverged_at[:, 0]]


def grad_norm_figure(reports, traj, lang="en", *, max_norm=None, height=340):
    """‖g‖ the optimizer stepped with (after clipping), per step, log axis; ✕ where each run first
    hits the wall; a dashed line at max_norm."""
    return _per_step([r["used"] for r in reports], traj.labels, traj.color_keys or traj.names, lang,
                     ytitle=t("clipping_used_norm", lang), walls=[r["wall"] for r in reports], line=max_norm,
                     line_label=f"max_norm = {max_norm:g}" if max_norm is not None else "", height=height,
                     ends=_ends(traj))


def step_figure(reports, traj, lang="en", *, cap=None, height=340):
    """Length of every step ‖Δθ‖, log axis; a dashed line at `cap` (lr × max_norm for SGD)."""
    return _per_step([r["step"] for r in reports], traj.labels, traj.color_keys or traj.names, lang,
                     ytitle=t("clipping_step_len", lang), walls=[r["wall"] for r in reports], line=cap,
                     line_label=t("clipping_cap", lang, cap=f"{cap:.3g}") if cap is not None else "",
                     height=height, ends=_ends(traj))
