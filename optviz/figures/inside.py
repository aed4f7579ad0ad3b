"""Figures for "Inside the optimizer": the state of one optimizer per step, Adam's bias
correction, and the weight decay Adam + L2 and AdamW actually apply."""
from __future__ import annotations

import numpy as np

from ..i18n import t
from ..studies.inside import SYMBOLS
from ._style import axis_style, FALLBACK, GRID, base_layout, color_for, fmt_num, rounded, styles, thin, variant_colors

# What each quantity is drawn in: a running mean of g and its bias-corrected value share a colour.
QUANTITY_STYLE = {
    "g": ("#333333", "solid"),
    "momentum_buffer": ("#1F77B4", "solid"), "exp_avg": ("#1F77B4", "solid"), "m_hat": ("#1F77B4", "dash"),
    "grad_avg": ("#17BECF", "solid"), "prev": ("#17BECF", "dot"),
    "square_avg": ("#FF7F0E", "solid"), "exp_avg_sq": ("#FF7F0E", "solid"), "v_hat": ("#FF7F0E", "dash"),
    "max_exp_avg_sq": ("#D62728", "dot"), "sum": ("#FF7F0E", "solid"), "acc_delta": ("#8C564B", "solid"),
    "exp_inf": ("#FF7F0E", "solid"), "exp_avg_var": ("#FF7F0E", "solid"), "variance": ("#FF7F0E", "solid"),
    "eff_lr": ("#9467BD", "solid"), "step_size": ("#8C564B", "solid"), "eta": ("#8C564B", "solid"),
}
FIRST = ("g", "momentum_buffer", "grad_avg", "exp_avg", "m_hat", "prev")
SECOND = ("square_avg", "exp_avg_sq", "max_exp_avg_sq", "v_hat", "sum", "acc_delta", "exp_inf",
          "exp_avg_var", "variance")
NOT_STATE = ("t", "theta", "theta_prev", "delta", "eff_lr", "delta_eps_inside", "step_bc", "step_no_bc_m",
             "step_no_bc", "decay_rate")


def _style(key: str):
    return QUANTITY_STYLE.get(key) or (FALLBACK[sum(map(ord, key)) % len(FALLBACK)], "solid")


def _stacked_layout(titles: list[str], lang: str, height: int, log_x=False, log_y=()):
    """One shared step axis under len(titles) stacked panels (top first)."""
    n, gap = len(titles), 0.07
    size = (1.0 - gap * (n - 1)) / n
    layout = base_layout(height=height, hovermode="x unified", margin=dict(l=60, r=20, t=40, b=45),
                         xaxis=dict(title=t("step", lang), anchor=f"y{n if n > 1 else ''}", gridcolor=GRID,
                                    type="log" if log_x else "linear"))
    annotations = []
    for i, title in enumerate(titles):
        top = 1.0 - i * (size + gap)
        name = "yaxis" if i == 0 else f"yaxis{i + 1}"
        layout[name] = axis_style(domain=[max(top - size, 0.0), top], anchor="x", gridcolor=GRID, zeroline=True,
                            zerolinecolor="rgba(0,0,0,0.25)", exponentformat="power",
                            type="log" if i in log_y else "linear", **({"dtick": 1} if i in log_y else {}))
        annotations.append(dict(text=f"<b>{title}</b>", x=0, xref="paper", xanchor="left", y=top,
                                yref="paper", yanchor="bottom", showarrow=False, font=dict(size=12)))
    layout["annotations"] = annotations
    return layout


def _line(key, x, y, axis, name=None, color=None, dash=None, mode=None):
    c, d = _style(key)
    mode = mode or ("lines+markers" if len(x) <= 40 else "lines")
    return dict(type="scatter", x=x, y=rounded(y, 6), mode=mode, name=name or SYMBOLS.get(key, key),
                yaxis=axis, line=dict(color=color or c, dash=dash or d, width=2), marker=dict(size=6),
                hovertemplate="%{y:.6g}")


def trace_figure(tr: dict, lang="en", *, color_key="sgd", height=620, max_points=300):
    """The trace of `optviz.inside.trace` per step: g and first-moment state, second-moment state,
    the step Δθ (bars in the optimizer's colour) and the effective learning rate −Δθ/g."""
    keep = thin(len(tr["t"]), max_points)
    x = tr["t"][keep].tolist()
    state = [k for k in tr if k not in NOT_STATE]
    first = [k for k in FIRST if k in tr] + [k for k in state if k not in FIRST + SECOND]
    second = [k for k in SECOND if k in tr]
    panels = [(t("inside_fig_first", lang), first)]
    if second:
        panels.append((t("inside_fig_second", lang), second))
    panels.append((t("inside_fig_step", lang), ["delta"]))
    panels.append((t("inside_fig_efflr", lang), ["eff_lr"]))
    data = []
    for i, (_, keys) in enumerate(panels):
        axis = "y" if i == 0 else f"y{i + 1}"
        for k in keys:
            if k == "delta":
                data.append(dict(type="bar", x=x, y=rounded(tr["delta"][keep], 6), name="Δθ", yaxis=axis,
                                 marker=dict(color=color_for(color_key)), hovertemplate="%{y:.6g}"))
                if "delta_eps_inside" in tr:
                    data.append(_line("delta_eps_inside", x, tr["delta_eps_inside"][keep], axis,
                                      color="#333333", dash="dot", mode="markers"))
            else:
                data.append(_line(k, x, tr[k][keep], axis))
    layout = _stacked_layout([p[0] for p in panels], lang, height)
    layout["bargap"] = 0.35
    if len(x) <= 20:   # a few steps: one tick per step
        layout["xaxis"].update(dtick=1, range=[0.5, len(tr["t"]) + 0.5])
    return dict(data=data, layout=layout)


def bias_figure(tr: dict, g: float, lr: float, lang="en", *, height=560, max_points=400):
    """Adam on a constant gradient g: the running means against their true values (top), and the
    step size in units of lr with and without bias correction (bottom, log axis)."""
    keep = thin(len(tr["t"]), max_points)
    x = tr["t"][keep].tolist()
    absg = abs(g) if g else 1.0
    data = [
        _line("exp_avg", x, tr["exp_avg"][keep] / g if g else tr["exp_avg"][keep], "y", name="m / g"),
        _line("m_hat", x, tr["m_hat"][keep] / g if g else tr["m_hat"][keep], "y", name="m̂ / g"),
        _line("exp_avg_sq", x, np.sqrt(tr["exp_avg_sq"][keep]) / absg, "y", name="√v / |g|"),
        _line("v_hat", x, np.sqrt(tr["v_hat"][keep]) / absg, "y", name="√v̂ / |g|"),
    ]
    shades = variant_colors("adam", 3)      # three variants of Adam: dark (torch's) to light
    for (key, dash, label), c in zip((("step_bc", "solid", t("inside_bc_both", lang)),
                                      ("step_no_bc_m", "dash", t("inside_bc_no_m", lang)),
                                      ("step_no_bc", "dot", t("inside_bc_none", lang))), shades):
        data.append(dict(type="scatter", x=x, y=rounded(np.abs(tr[key][keep]) / lr, 6), mode="lines",
                         name=label, yaxis="y2", line=dict(color=c, dash=dash, width=2.5),
                         hovertemplate="%{y:.4g}× lr"))
    layout = _stacked_layout([t("inside_fig_estimates", lang), t("inside_fig_step_lr", lang)], lang, height,
                             log_x=True, log_y=(1,))
    ys = [v for d in data if d.get("yaxis") == "y2" for v in d["y"] if v is not None and v > 0]
    if ys and np.log10(max(ys) / min(ys)) < 3:    # a short log range: ticks at 1, 2, 5 × 10ᵏ, not decades only
        layout["yaxis2"]["dtick"] = "D2"
    return dict(data=data, layout=layout)


def decay_figure(runs, lang="en", *, height=360, max_points=400):
    """Weight decay per step as a fraction of θ, per coordinate: runs = [(label, color_key, trace)]."""
    data = []
    for (color, _), (label, key, tr) in zip(styles([r[1] for r in runs]), runs):
        if "decay_rate" not in tr:
            continue
        keep = thin(len(tr["t"]), max_points)
        for j, (axis, dash) in enumerate((("x", "solid"), ("y", "dash"))):
            data.append(dict(type="scatter", x=tr["t"][keep].tolist(), y=rounded(tr["decay_rate"][keep, j], 5),
                             mode="lines", name=f"{label} · {axis}", line=dict(color=color, dash=dash, width=2.5),
                             hovertemplate="%{y:.4g}"))
    layout = base_layout(height=height, hovermode="x unified", xaxis=dict(title=t("step", lang), gridcolor=GRID),
                         yaxis=dict(title=t("inside_decay_axis", lang), type="log", gridcolor=GRID,
                                    exponentformat="power"))
    return dict(data=data, layout=layout)


def endpoint_rows(traj, surface, lang="en") -> list[dict]:
    """Where each run ended: position, distance from the origin (what decay pulls towards), loss."""
    rows = []
    for i, label in enumerate(traj.labels):
        p = traj.positions[i, 0, -1]
        rows.append({t("inside_col_run", lang): label, "x": fmt_num(p[0]), "y": fmt_num(p[1]),
                     "‖θ‖": fmt_num(np.hypot(*p)), t("loss", lang): fmt_num(traj.losses[i, 0, -1])})
    return rows


LOCAL_HEADERS = ("t", "delta", "eff_lr", "delta_eps_inside")


def step_table(tr: dict, lang="en") -> list[dict]:
    """One row per step: the columns of `optviz.inside.table_columns`, under the note's symbols."""
    from ..studies.inside import table_columns
    cols = table_columns(tr)
    heads = [t(f"inside_col_{k}", lang) if k in LOCAL_HEADERS else SYMBOLS.get(k, k) for k in cols]
    rows = []
    for i in range(len(tr["t"])):
        row = {}
        for k, h in zip(cols, heads):
            v = tr[k][i]
            row[h] = str(int(v)) if k == "t" else fmt_num(v, 7)
        rows.append(row)
    return rows


def _n(x) -> str:
    return f"{float(x):.4g}"


def _plain(opt) -> bool:
    h = opt.hyper
    return not h.get("maximize") and np.all(np.asarray(h.get("weight_decay", 0.0)) == 0)


def walkthrough(opt, tr: dict, lang="en", steps=3) -> list[str]:
    """The first steps written out with the numbers of `tr` (SGD with momentum, plain RMSprop,
    Adam/AdamW without weight decay); [] for other settings."""
    h, n, lines = opt.hyper, min(steps, len(tr["t"])), []
    f = {k: float(np.asarray(v).reshape(-1)[0]) for k, v in h.items()
         if not isinstance(v, (tuple, bool)) and np.size(v) == 1}
    if opt.name == "sgd" and f["momentum"] != 0 and f["dampening"] == 0 and not h["nesterov"] and _plain(opt):
        for i in range(n):
            v_prev = tr["momentum_buffer"][i - 1] if i else 0.0
            lines.append(t("inside_walk_momentum", lang, t=i + 1, mu=_n(f["momentum"]), v_prev=_n(v_prev),
                           g=_n(tr["g"][i]), v=_n(tr["momentum_buffer"][i]), lr=_n(f["lr"]),
                           d=_n(tr["delta"][i])))
    elif opt.name == "rmsprop" and "delta_eps_inside" in tr and _plain(opt):
        for i in range(n):
            s_prev = tr["square_avg"][i - 1] if i else 0.0
            lines.append(t("inside_walk_rmsprop", lang, t=i + 1, a=_n(f["alpha"]), s_prev=_n(s_prev),
                           a1=_n(1 - f["alpha"]), g=_n(tr["g"][i]), s=_n(tr["square_avg"][i]), lr=_n(f["lr"]),
                           d=_n(tr["delta"][i]), d_in=_n(tr["delta_eps_inside"][i])))
    elif opt.name in ("adam", "adamw") and not h["amsgrad"] and _plain(opt):
        b1, b2 = (float(np.asarray(b).reshape(-1)[0]) for b in h["betas"])
        for i in range(n):
            lines.append(t("inside_walk_adam", lang, t=i + 1, b1=_n(b1), b2=_n(b2), g=_n(tr["g"][i]),
                           m=_n(tr["exp_avg"][i]), v=_n(tr["exp_avg_sq"][i]), mh=_n(tr["m_hat"][i]),
                           vh=_n(tr["v_hat"][i]), lr=_n(f["lr"]), d=_n(tr["delta"][i])))
    return lines
