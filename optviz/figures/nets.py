"""Real networks: training curves, decision boundaries, confusion matrix, loss landscape, the LR
range test, and the PyTorch script that reproduces a training run. Plain plotly dicts."""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ._style import axis_style, fmt_num, GRID, base_layout, color_for, rounded, styles, thin
from .paths import CONTOUR_SCALE

# Class colours for data points and decision regions (not optimizer colours).
CLASS_COLORS = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C",
                "#CCB974", "#64B5CD"]
DIVERGED_MARK = dict(symbol="x", size=12, line=dict(width=1))


def _title(text: str) -> dict:
    """An axis title in plotly.js's object form (the bare-string form is gone in plotly.js 3)."""
    return dict(text=text)


def _keys(h):
    return h.color_keys or h.names


def valid_epochs(h, k: int) -> int:
    """How many epoch entries of optimizer k are real (the rest repeat the last good epoch)."""
    e = int(h.diverged_epoch[k])
    return h.epochs_done if e < 0 else e


def valid_steps(h, k: int) -> int:
    """How many step entries of optimizer k are real: all of them, or the steps before diverged_at."""
    d = int(h.diverged_at[k])
    return h.total_steps if d < 0 else d


def _diverged_text(h, k, lang):
    return t("rn_diverged_at", lang, step=int(h.diverged_at[k]))


# ---- curves --------------------------------------------------------------------------------------

METRICS = {"loss": ("train_loss", "test_loss", "initial_train_loss", "initial_test_loss"),
           "accuracy": ("train_accuracy", "test_accuracy", "initial_train_accuracy", "initial_test_accuracy")}


def coinciding(h, rtol: float = 1e-3) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of optimizers whose training-loss curves agree within `rtol` at every epoch:
    one hides the other on a chart (AdamW with weight_decay 0 is Adam)."""
    pairs = []
    for j in range(h.n_optimizers):
        for i in range(j):
            m = min(valid_epochs(h, i), valid_epochs(h, j))
            a, b = h.train_loss[i, :m], h.train_loss[j, :m]
            if m and np.allclose(a, b, rtol=rtol, atol=0) and valid_epochs(h, i) == valid_epochs(h, j):
                pairs.append((i, j))
    return pairs


def _legend_name(label: str) -> str:
    """A run's legend entry: its optimizer and its schedule on two lines (one long line is cut by a
    half-width chart)."""
    return label.replace(" · ", "<br>")


def curves_figure(h, lang="en", metric="loss", *, x_max=None, height=None, title=None, legend=True):
    """Per-epoch curves of every optimizer: training set solid, test set dotted; epoch 0 is the shared start.

    A diverged optimizer's curves stop at its last good epoch, where a ✕ says "diverged at step k".
    height: default grows with the legend (one line per optimizer in a half-width chart).
    """
    if height is None:
        height = 250 + (26 * h.n_optimizers if legend else 0)
    train_key, test_key, train0, test0 = METRICS[metric]
    hidden = {j for _, j in coinciding(h)} if h.epochs_done else set()
    data = []
    for k, (color, dash) in enumerate(styles(_keys(h))):
        m = valid_epochs(h, k)
        x = list(range(m + 1))
        for split, key, first, line in (("train", train_key, train0, dict(color=color, dash=dash, width=2.5)),
                                        ("test", test_key, test0, dict(color=color, dash="dot", width=1.6))):
            y = [getattr(h, first)] + getattr(h, key)[k, :m].tolist()
            data.append(dict(
                type="scatter", x=x, y=rounded(y, 4), name=_legend_name(h.labels[k]), legendgroup=f"o{k}",
                # a curve lying on an earlier one is drawn with open circles, so both stay visible
                mode="lines+markers" if k in hidden and split == "train" else "lines",
                marker=dict(symbol="circle-open", size=8, color=color, line=dict(width=2)),
                showlegend=split == "train", line=line, opacity=1.0 if split == "train" else 0.75,
                meta=dict(split=split, k=k),
                hovertemplate=f"<b>{h.labels[k]}</b> · {t('rn_' + split, lang)}<br>{t('rn_epoch', lang)} %{{x}}"
                              f"<br>%{{y:.4g}}<extra></extra>"))
        if h.diverged_at[k] >= 0:
            data.append(dict(
                type="scatter", x=[m], y=rounded([data[-2]["y"][-1]], 4), mode="markers+text", name="diverged",
                text=[_diverged_text(h, k, lang)], textposition="top left", showlegend=False, cliponaxis=False,
                legendgroup=f"o{k}", marker=dict(color=color, **DIVERGED_MARK), hoverinfo="text",
                meta=dict(k=k, diverged_at=int(h.diverged_at[k]))))
    yaxis = dict(title=_title(t("loss" if metric == "loss" else "rn_accuracy", lang)), gridcolor=GRID)
    if metric == "accuracy":
        yaxis.update(tickformat=".0%", range=[0, 1.02])
    xaxis = dict(title=_title(t("rn_epoch", lang)), gridcolor=GRID)
    if x_max is not None:
        xaxis["range"] = [0, x_max]
    return dict(data=data, layout=base_layout(height=height, title=title, hovermode="x unified", showlegend=legend,
                                              xaxis=xaxis, yaxis=yaxis))


def steps_figure(h, lang="en", what="loss", *, log=False, height=None, max_points=500, legend=True):
    """Per-step values: "loss" (the mini-batch loss each step saw), "grad_norm" (before clipping) or "lr".
    A diverged optimizer stops at the step before diverged_at, marked ✕.
    height: default grows with the legend (plotly cuts a legend taller than half the figure)."""
    if height is None:
        height = 250 + (26 * h.n_optimizers if legend else 0)
    values = {"loss": h.step_loss, "grad_norm": h.grad_norm, "lr": h.lrs}[what]
    data = []
    for k, (color, dash) in enumerate(styles(_keys(h))):
        n = valid_steps(h, k)
        keep = thin(n, max_points)
        y = values[k, keep]
        data.append(dict(type="scatter", x=keep.tolist(), y=rounded(y, 4), mode="lines", name=_legend_name(h.labels[k]),
                         legendgroup=f"o{k}", line=dict(color=color, dash=dash, width=1.5,
                                                         shape="hv" if what == "lr" else "linear"),
                         hovertemplate=f"<b>{h.labels[k]}</b><br>{t('step', lang)} %{{x}}<br>%{{y:.4g}}"
                                       "<extra></extra>"))
        if h.diverged_at[k] >= 0 and n > 0:
            data.append(dict(type="scatter", x=[n - 1], y=rounded([values[k, n - 1]], 4), mode="markers+text",
                             name="diverged", text=[_diverged_text(h, k, lang)], textposition="top left",
                             cliponaxis=False,
                             showlegend=False, legendgroup=f"o{k}", marker=dict(color=color, **DIVERGED_MARK),
                             hoverinfo="text", meta=dict(k=k, diverged_at=int(h.diverged_at[k]))))
    spe = h.steps_per_epoch
    shapes = [dict(type="line", xref="x", yref="paper", x0=e * spe, x1=e * spe, y0=0, y1=1,
                   line=dict(color="rgba(0,0,0,0.08)", width=1)) for e in range(1, h.epochs_done)] \
        if h.epochs_done <= 40 else []
    layout = base_layout(height=height, hovermode="x unified", shapes=shapes, showlegend=legend,
                         xaxis=dict(title=_title(t("step", lang)), gridcolor=GRID),
                         yaxis=dict(title=_title(t("rn_what_" + what, lang)), type="log" if log else "linear",
                                    gridcolor=GRID, exponentformat="power"))
    return dict(data=data, layout=layout)


def summary_rows(h, lang="en") -> list[dict]:
    """One row per optimizer: final train/test loss and accuracy, and whether it diverged."""
    rows = []
    for k, label in enumerate(h.labels):
        rows.append({
            t("rn_col_optimizer", lang): label,
            t("rn_col_train_loss", lang): fmt_num(h.train_loss[k, -1]),
            t("rn_col_test_loss", lang): fmt_num(h.test_loss[k, -1]),
            t("rn_col_train_acc", lang): f"{h.train_accuracy[k, -1]:.1%}",
            t("rn_col_test_acc", lang): f"{h.test_accuracy[k, -1]:.1%}",
            t("rn_col_status", lang): _diverged_text(h, k, lang) if h.diverged_at[k] >= 0 else t("rn_status_ok", lang),
        })
    return rows


# ---- decision boundaries -------------------------------------------------------------------------

def _pale(hex_color: str, frac: float) -> str:
    """Mix `hex_color` with white: frac 0 = white, 1 = the colour."""
    rgb = [int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]
    return "rgb(" + ",".join(str(round(255 + (c - 255) * frac)) for c in rgb) + ")"


def class_confidence(probs: np.ndarray) -> np.ndarray:
    """[n, n] predicted class + confidence in [0, 1): z = c + 0.999·(p_max − 1/C)/(1 − 1/C)."""
    C = probs.shape[-1]
    c = probs.argmax(-1)
    conf = (probs.max(-1) - 1.0 / C) / (1.0 - 1.0 / C)
    return c + 0.999 * np.clip(conf, 0.0, 1.0)


def _class_scale(C: int) -> list:
    """Colours for z = class + confidence: class c goes from nearly white (unsure) to a light tint (sure)."""
    scale = []
    for c in range(C):
        col = CLASS_COLORS[c % len(CLASS_COLORS)]
        scale += [[c / C, _pale(col, 0.08)], [(c + 1) / C - 1e-9 if c < C - 1 else 1.0, _pale(col, 0.55)]]
    return scale


def boundaries_figure(grids, data, h, lang="en", *, epoch=None, cols=3, height_per_row=280):
    """One panel per optimizer: its predicted class over the input plane (paler where unsure) and the test set.

    grids: one `nets.DecisionGrid` per optimizer (probs [n, n, classes], plotly's z[y][x]).
    """
    K, C = len(grids), data.n_classes
    cols = K if K <= 4 else cols
    rows = -(-K // cols)
    gap_x, gap_y = 0.04, 0.12 / max(rows, 1)
    w = (1 - gap_x * (cols - 1)) / cols
    hgt = (1 - gap_y * (rows - 1)) / rows
    (x0, x1), (y0, y1) = data.domain
    keys = _keys(h)
    layout = base_layout(height=height_per_row * rows + 40, showlegend=False, hovermode="closest",
                         margin=dict(l=30, r=10, t=40, b=30))
    data_out, notes = [], []
    colors = [CLASS_COLORS[int(c) % len(CLASS_COLORS)] for c in data.y_test]
    scale = _class_scale(C)
    for k, g in enumerate(grids):
        r, c = divmod(k, cols)
        ax = "" if k == 0 else str(k + 1)
        lo_x = c * (w + gap_x)
        top = 1 - r * (hgt + gap_y)
        layout["xaxis" + ax] = axis_style(domain=[lo_x, lo_x + w], range=[x0, x1], showgrid=False, zeroline=False,
                                    anchor="y" + ax, showticklabels=False)
        layout["yaxis" + ax] = axis_style(domain=[top - hgt, top], range=[y0, y1], showgrid=False, zeroline=False,
                                    anchor="x" + ax, showticklabels=False, scaleanchor="x" + ax)
        data_out.append(dict(type="heatmap", x=rounded(g.xs, 4), y=rounded(g.ys, 4),
                             z=np.round(class_confidence(g.probs), 3).tolist(), zmin=0, zmax=C,
                             colorscale=scale, showscale=False, xaxis="x" + ax, yaxis="y" + ax, hoverinfo="skip",
                             name="boundary", meta=dict(k=k)))
        data_out.append(dict(type="scatter", x=rounded(data.X_test[:, 0], 3), y=rounded(data.X_test[:, 1], 3),
                             mode="markers", marker=dict(color=colors, size=5, line=dict(width=0.5, color="white")),
                             xaxis="x" + ax, yaxis="y" + ax, hoverinfo="skip", name="test"))
        head = f"<b style='color:{color_for(keys[k])}'>{h.labels[k]}</b>"
        if h.diverged_at[k] >= 0:
            head += " · ✕ " + _diverged_text(h, k, lang)
        notes.append(dict(text=head, x=lo_x + w / 2, y=top, xref="paper", yref="paper", xanchor="center",
                          yanchor="bottom", showarrow=False, font=dict(size=12)))
    layout["annotations"] = notes
    if epoch is not None:
        layout["meta"] = dict(epoch=int(epoch))
    return dict(data=data_out, layout=layout)


# ---- confusion matrix ----------------------------------------------------------------------------

def confusion_figure(cm, class_names, lang="en", *, title=None, height=420):
    """Counts: row = true class, column = predicted class (diagonal = correct)."""
    cm = np.asarray(cm)
    names = [str(c) for c in class_names]
    return dict(
        data=[dict(type="heatmap", z=cm.tolist(), x=names, y=names, text=cm.tolist(), texttemplate="%{text}",
                   colorscale=[[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]], showscale=False, xgap=1, ygap=1,
                   hovertemplate=f"{t('rn_true', lang)} %{{y}}<br>{t('rn_predicted', lang)} %{{x}}<br>%{{z}}"
                                 "<extra></extra>")],
        layout=base_layout(height=height, title=title,
                           xaxis=dict(title=_title(t("rn_predicted", lang)), type="category", side="bottom"),
                           yaxis=dict(title=_title(t("rn_true", lang)), type="category", autorange="reversed")))


# ---- loss landscape ------------------------------------------------------------------------------

def landscape_figure(ls, h, lang="en", *, height=520):
    """log₁₀ training loss over the plane, every optimizer's projected snapshots as a path, the shared start ●."""
    Z = np.log10(np.maximum(ls.loss, 1e-8))
    Z = np.minimum(Z, np.nanmax(Z[np.isfinite(Z)]) if np.isfinite(Z).any() else 0.0)
    ex = ls.explained
    axis_title = [t("rn_direction", lang, i=i + 1) + (f" ({ex[i]:.0%})" if np.isfinite(ex[i]) else "")
                  for i in range(2)]
    data = [dict(type="contour", x=rounded(ls.alphas, 4), y=rounded(ls.betas, 4), z=rounded(Z, 3),
                 colorscale=CONTOUR_SCALE, ncontours=24, contours=dict(coloring="fill"), name="landscape",
                 line=dict(width=0.5, color="rgba(40,60,90,0.25)"),
                 colorbar=dict(title=dict(text=t("rn_log_loss", lang), side="right"), thickness=12),
                 hovertemplate=f"%{{x:.3g}}, %{{y:.3g}}<br>{t('rn_log_loss', lang)} %{{z:.3g}}<extra></extra>")]
    epochs = h.snapshot_epochs
    for k, (color, dash) in enumerate(styles(_keys(h))):
        vis = ls.visible[k]
        p = ls.paths[k][vis]
        data.append(dict(type="scatter", x=rounded(p[:, 0], 4), y=rounded(p[:, 1], 4), mode="lines+markers",
                         name=h.labels[k], line=dict(color=color, dash=dash, width=2.5), marker=dict(size=5),
                         customdata=epochs[vis].tolist(),
                         hovertemplate=f"<b>{h.labels[k]}</b><br>{t('rn_epoch', lang)} %{{customdata}}<extra></extra>"))
        if h.diverged_at[k] >= 0 and len(p):
            data.append(dict(type="scatter", x=rounded(p[-1:, 0], 4), y=rounded(p[-1:, 1], 4), mode="markers+text",
                             text=[_diverged_text(h, k, lang)], textposition="top center", showlegend=False,
                             name="diverged", marker=dict(color=color, **DIVERGED_MARK), hoverinfo="text"))
    start = ls.paths[0, 0]
    data.append(dict(type="scatter", x=rounded([start[0]], 4), y=rounded([start[1]], 4), mode="markers",
                     name=t("rn_start", lang), marker=dict(symbol="circle", size=12, color="black",
                                                           line=dict(width=2, color="white"))))
    layout = base_layout(height=height, hovermode="closest",
                         xaxis=dict(title=_title(axis_title[0]), range=[float(ls.alphas[0]), float(ls.alphas[-1])],
                                    showgrid=False, zeroline=False),
                         yaxis=dict(title=_title(axis_title[1]), range=[float(ls.betas[0]), float(ls.betas[-1])],
                                    showgrid=False, zeroline=False))
    return dict(data=data, layout=layout)


# ---- LR range test -------------------------------------------------------------------------------

def _on_curve(test, lr):
    """The smoothed loss at `lr` (interpolated in log lr)."""
    return float(np.interp(np.log(lr), np.log(test.lrs), test.smoothed))


def range_figure(tests, lang="en", *, keys=None, log_y=False, bounds=(), stop_factor=4.0, loss_title=None,
                 height=460, max_points=500):
    """Loss against lr (log axis) for each test: raw loss faint, smoothed bold; ● steepest descent,
    ◆ minimum ÷ 10, ✕ where the test stopped. bounds: (lr, label, colour key) vertical dashed lines."""
    keys = list(keys or [getattr(x, "color_key", "") or x.label for x in tests])
    data, shapes, notes = [], [], []
    lows, highs = [], []
    for i, (x, (color, dash)) in enumerate(zip(tests, styles(keys))):
        n = len(x.lrs)
        if n == 0:
            continue
        keep = thin(n, max_points)
        lrs = rounded(x.lrs[keep], 4)
        data.append(dict(type="scatter", x=lrs, y=rounded(x.losses[keep], 4), mode="lines", name=t("lrr_raw", lang),
                         legendgroup=f"o{i}", showlegend=False, line=dict(color=color, width=1), opacity=0.35,
                         hoverinfo="skip", meta=dict(kind="raw", k=i)))
        data.append(dict(type="scatter", x=lrs, y=rounded(x.smoothed[keep], 4), mode="lines", name=x.label,
                         legendgroup=f"o{i}", line=dict(color=color, dash=dash, width=2.5),
                         meta=dict(kind="smoothed", k=i),
                         hovertemplate=f"<b>{x.label}</b><br>lr %{{x:.3g}}<br>%{{y:.4g}}<extra></extra>"))
        steep, low = x.suggested_steep, x.suggested_min
        data.append(dict(type="scatter", x=[steep], y=rounded([_on_curve(x, steep)], 4), mode="markers",
                         name=t("lrr_steep", lang), legendgroup=f"o{i}", showlegend=False, meta=dict(kind="steep", k=i),
                         marker=dict(symbol="circle", size=12, color=color, line=dict(width=2, color="white")),
                         hovertemplate=f"<b>{x.label}</b> · {t('lrr_steep', lang)}<br>lr = {steep:.3g}<extra></extra>"))
        if low >= x.lrs[0]:
            data.append(dict(type="scatter", x=[low], y=rounded([_on_curve(x, low)], 4), mode="markers",
                             name=t("lrr_min10", lang), legendgroup=f"o{i}", showlegend=False,
                             meta=dict(kind="min10", k=i),
                             marker=dict(symbol="diamond", size=12, color=color, line=dict(width=2, color="white")),
                             hovertemplate=f"<b>{x.label}</b> · {t('lrr_min10', lang)}<br>lr = {low:.3g}"
                                           "<extra></extra>"))
        if x.stopped_early:
            why = t("lrr_diverged", lang) if getattr(x, "diverged", False) else t("lrr_stopped", lang, stop=stop_factor)
            data.append(dict(type="scatter", x=[float(x.lrs[-1])], y=rounded([x.smoothed[-1]], 4), mode="markers",
                             name="stopped", legendgroup=f"o{i}", showlegend=False, meta=dict(kind="stop", k=i),
                             marker=dict(color=color, **DIVERGED_MARK),
                             hovertemplate=f"<b>{x.label}</b><br>{why}<br>lr = {x.lrs[-1]:.3g}<extra></extra>"))
        s = x.smoothed[np.isfinite(x.smoothed)]
        if len(s):
            lows.append(s.min())
            highs.append(s.max())
    for symbol, name in (("circle", t("lrr_steep", lang)), ("diamond", t("lrr_min10", lang))):   # legend keys
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                         marker=dict(symbol=symbol, size=11, color="#555555"), meta=dict(kind="legend")))
    for lr, label, key in bounds:
        shapes.append(dict(type="line", xref="x", yref="paper", x0=lr, x1=lr, y0=0, y1=1,
                           line=dict(color=color_for(key), dash="dash", width=1.5)))
        notes.append(dict(x=np.log10(lr), y=1, xref="x", yref="paper", text=label, showarrow=False,
                          xanchor="left", yanchor="top", font=dict(size=11, color=color_for(key))))
    yaxis = dict(title=_title(loss_title or t("loss", lang)), type="log" if log_y else "linear", gridcolor=GRID,
                 exponentformat="power")
    if lows:
        lo, hi = min(lows), max(highs)
        if log_y and lo > 0:
            yaxis["range"] = [np.log10(lo) - 0.3, np.log10(hi) + 0.3]
        elif not log_y:
            pad = 0.08 * (hi - lo or 1.0)
            yaxis["range"] = [lo - pad, hi + pad]
    layout = base_layout(height=height, hovermode="closest", shapes=shapes, annotations=notes,
                         xaxis=dict(title=_title(t("learning_rate", lang)), type="log", gridcolor=GRID,
                                    exponentformat="power"),
                         yaxis=yaxis)
    return dict(data=data, layout=layout)


def range_spread(tests, lang="en") -> str:
    """What this run found: each test's steepest-descent suggestion and how many decades lie between
    the highest and the lowest (computed from `tests`, so the text always matches the table)."""
    found = [(x.label, float(x.suggested_steep)) for x in tests
             if np.isfinite(x.suggested_steep) and x.suggested_steep > 0]
    if len(found) < 2:
        return t("lrr_spread_one", lang)
    lrs = [lr for _, lr in found]
    decades = float(np.log10(max(lrs) / min(lrs)))
    return t("lrr_spread", lang, values=", ".join(f"{lab} {fmt_num(lr, 2)}" for lab, lr in found),
             d=f"{decades:.1f}")


def range_rows(tests, lang="en", stop_factor=4.0) -> list[dict]:
    """One row per test: the two suggestions, where it stopped and why."""
    rows = []
    for x in tests:
        if getattr(x, "diverged", False):
            why = t("lrr_reason_diverged", lang)
        elif x.stopped_early:
            why = t("lrr_reason_blown", lang, stop=stop_factor)
        else:
            why = t("lrr_reason_end", lang)
        rows.append({t("lrr_col_optimizer", lang): x.label,
                     t("lrr_col_steep", lang): fmt_num(x.suggested_steep, 3),
                     t("lrr_col_min", lang): fmt_num(x.suggested_min, 3),
                     t("lrr_col_stop", lang): fmt_num(x.lrs[-1], 3) if len(x.lrs) else fmt_num(None),
                     t("lrr_col_reason", lang): why})
    return rows


# ---- the PyTorch script --------------------------------------------------------------------------

