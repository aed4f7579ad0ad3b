"""Real models and the edge of stability: sharpness against 2/η, loss, result lines, PyTorch code.
Plain plotly dicts (draw only; every number comes from a History or an EdgeOfStability)."""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ._style import FALLBACK, GRID, base_layout, log_ticks, rounded, thin
from .nets import valid_epochs, valid_steps


def _title(text):
    return dict(text=text)


# ---- real models ----------------------------------------------------------------------------------

def _outcome(h, k):
    """(diverged, test accuracy, final training loss, largest gradient norm) of optimizer k."""
    n = max(valid_steps(h, k), 1)
    norm = float(np.max(h.grad_norm[k, :n])) if h.grad_norm.shape[1] else 0.0
    e = valid_epochs(h, k) - 1
    return h.diverged_at[k] >= 0, float(h.test_accuracy[k, e]), float(h.train_loss[k, e]), norm


def result_lines(h, lang="en", labels=None) -> list[str]:
    """One sentence per optimizer: final test accuracy, training loss, largest gradient norm (or divergence)."""
    labels = list(labels) if labels is not None else list(h.labels)
    out = []
    for k in range(h.n_optimizers):
        diverged, acc, loss, norm = _outcome(h, k)
        if diverged:
            out.append(t("rm_result_diverged", lang, label=labels[k], step=int(h.diverged_at[k]), norm=norm))
        else:
            out.append(t("rm_result_line", lang, label=labels[k], acc=acc, loss=loss, norm=norm))
    return out


def warmup_lines(h, recipes, clips, lang="en", labels=None) -> list[str]:
    """For every run with a warm-up recipe that has a twin (the same optimizer and clipping) without any
    schedule: one sentence with both runs' outcomes and what the warm-up did here — read off the runs
    (rescued a diverging run, lowered the loss or raised the accuracy, changed little, or did worse), and
    whether the run without it had a gradient-norm peak at least twice as high."""
    labels = list(labels) if labels is not None else list(h.labels)
    keys = [o.key() for o in h.optimizers]
    out = []
    for i, r in enumerate(recipes):
        if not r.startswith("warmup"):
            continue
        twin = next((j for j in range(len(recipes)) if recipes[j] == "none" and keys[j] == keys[i]
                     and clips[j] == clips[i]), None)
        if twin is None:
            continue
        (d_w, acc_w, loss_w, norm_w), (d_n, acc_n, loss_n, norm_n) = _outcome(h, i), _outcome(h, twin)
        if d_n and not d_w:
            verdict = "rm_warmup_rescued"
        elif d_w and not d_n:
            verdict = "rm_warmup_worse"
        elif acc_w - acc_n >= 0.005 or (abs(acc_w - acc_n) < 0.005 and loss_w < loss_n / 2):
            verdict = "rm_warmup_helped"
        elif acc_n - acc_w >= 0.005 or (abs(acc_w - acc_n) < 0.005 and loss_n < loss_w / 2):
            verdict = "rm_warmup_worse"
        else:
            verdict = "rm_warmup_same"
        line = t("rm_warmup_line", lang, with_=labels[i], without=labels[twin], acc_w=acc_w, acc_n=acc_n,
                 norm_w=norm_w, norm_n=norm_n) + " " + t(verdict, lang)
        if not (d_w or d_n) and norm_n >= 2 * norm_w > 0:
            line += " " + t("rm_warmup_spike", lang, ratio=norm_n / norm_w)
        out.append(line)
    return out


# ---- edge of stability ----------------------------------------------------------------------------

def _lr_colors(n):
    return [FALLBACK[i % len(FALLBACK)] for i in range(n)]


def sharpness_figure(r, lang="en", height=380) -> dict:
    """Sharpness at each check for every lr (solid, markers) and its 2/η (dashed, same colour, named
    on the line)."""
    data, notes = [], []
    for i, (lr, color) in enumerate(zip(r.lrs, _lr_colors(len(r.lrs)))):
        n = len(r.check_steps)
        if r.diverged_at[i] >= 0:
            n = int(np.searchsorted(r.check_steps, r.diverged_at[i], side="right"))
        data.append(dict(type="scatter", x=r.check_steps[:n].tolist(), y=rounded(r.sharpness[i, :n], 4),
                         mode="lines+markers", name=f"η = {lr:g}", legendgroup=f"l{i}",
                         line=dict(color=color, width=2), marker=dict(size=4), meta=dict(lr=float(lr))))
        # 2/η shares its run's colour: named on the line (not in the legend) at its right end
        data.append(dict(type="scatter", x=[0, int(r.steps)], y=[round(2 / lr, 6)] * 2, mode="lines",
                         name=t("eos_threshold", lang, v=2 / lr), legendgroup=f"l{i}", showlegend=False,
                         line=dict(color=color, dash="dash", width=1.5), meta=dict(threshold=float(2 / lr)),
                         hoverinfo="name"))
        notes.append(dict(x=int(r.steps), y=round(2 / lr, 6), xref="x", yref="y", text=data[-1]["name"],
                          showarrow=False, xanchor="right", yanchor="bottom", yshift=1,
                          font=dict(size=12, color=color), bgcolor="rgba(255,255,255,0.75)"))
    layout = base_layout(height=height, hovermode="closest", annotations=notes,
                         xaxis=dict(title=_title(t("step", lang)), gridcolor=GRID),
                         yaxis=dict(title=_title(t("eos_sharpness", lang)), gridcolor=GRID, rangemode="tozero"))
    return dict(data=data, layout=layout)


def eos_loss_figure(r, lang="en", height=380, max_points=600) -> dict:
    """Full-batch training loss of every lr (log scale)."""
    data = []
    for i, (lr, color) in enumerate(zip(r.lrs, _lr_colors(len(r.lrs)))):
        n = r.steps + 1 if r.diverged_at[i] < 0 else int(r.diverged_at[i])
        keep = thin(n, max_points)
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(r.loss[i, keep], 5), mode="lines",
                         name=f"η = {lr:g}", line=dict(color=color, width=1.5)))
    layout = base_layout(height=height, hovermode="x unified",
                         xaxis=dict(title=_title(t("step", lang)), gridcolor=GRID),
                         yaxis=dict(title=_title(t("eos_loss", lang)), type="log", gridcolor=GRID,
                                    exponentformat="power", **log_ticks(y for d in data for y in d["y"])))
    return dict(data=data, layout=layout)


def eos_summary(r, lang="en") -> list[str]:
    """One sentence per lr: where the sharpness started and where it settled against 2/η; the loss."""
    out = []
    n = len(r.check_steps)
    for i, lr in enumerate(r.lrs):
        if r.diverged_at[i] >= 0:
            out.append(t("eos_diverged", lang, lr=float(lr), step=int(r.diverged_at[i])))
            continue
        med = float(np.median(r.sharpness[i, -max(n // 3, 1):]))
        out.append(t("eos_result", lang, lr=float(lr), start=float(r.sharpness[i, 0]), median=med,
                     ratio=med * lr / 2, thr=2 / lr, l0=float(r.loss[i, 0]), l1=float(r.loss[i, -1]),
                     ups=int((np.diff(r.loss[i]) > 0).sum())))
    return out
