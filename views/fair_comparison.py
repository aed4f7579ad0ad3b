"""Fair comparison: the same tuning budget for every optimizer, best-tuned against defaults."""
import math
from dataclasses import replace

import streamlit as st

from optviz.studies import maps
from optviz.figures import loss_figure, paths_figure
from optviz.figures.maps import beta_title, score_figure, share_y_range
from optviz.i18n import t
from ui import cached
from ui.display import chart, invalid, table, torch_code
from ui.state import lang, setting
from ui.widgets import near_one_options, surface_editor

L = lang()
VARIANTS = maps.FAIR_VARIANTS
MAX_VARIANTS = 6
BUDGETS = [8, 16, 32, 64, 128, 256]
LR_OPTIONS = [float(f"{m}e{e}") for e in range(-5, 1) for m in (1, 2, 5)] + [10.0]   # 1-2-5 steps
BETA_OPTIONS = near_one_options(0.0, 0.999)


def fmt(v):
    return f"{v:.3g}"


st.title("⚖️ " + t("page_fair", L))
st.caption(t("page_fair_blurb", L))

with st.sidebar:
    surf, surf_err = surface_editor("fc", L, default="rosenbrock")
    if surf_err:
        invalid(surf_err, L)
    chosen = setting(st.multiselect, "fcopts", ["sgd", "sgd_momentum", "rmsprop", "adam", "adamw"],
                     t("fair_optimizers", L), options=list(VARIANTS), max_selections=MAX_VARIANTS,
                     format_func=lambda v: maps.variant_label(*VARIANTS[v]))
    budget = setting(st.select_slider, "fcbudget", 64, t("fair_budget", L), options=BUDGETS)
    search = setting(st.radio, "fcsearch", "grid", t("fair_search", L), options=["grid", "random"],
                     format_func=lambda s: t("fair_search_" + s, L), horizontal=True)
    seed = setting(st.number_input, "fcseed", 0, t("seed", L), min_value=0, max_value=10_000, step=1) \
        if search == "random" else 0
    c1, c2 = st.columns(2)
    lr_lo = setting(c1.select_slider, "fclr0", 1e-4, t("stab_lr_from", L), options=LR_OPTIONS, format_func=fmt)
    lr_hi = setting(c2.select_slider, "fclr1", 1.0, t("stab_lr_to", L), options=LR_OPTIONS, format_func=fmt)
    tune_beta = setting(st.toggle, "fcbeta", False, t("fair_tune_beta", L), help=t("fair_tune_beta_help", L))
    b_lo, b_hi = 0.5, 0.99
    if tune_beta:
        c1, c2 = st.columns(2)
        b_lo = setting(c1.select_slider, "fcb0", 0.5, t("stab_beta_from", L, beta="β"), options=BETA_OPTIONS,
                       format_func=fmt)
        b_hi = setting(c2.select_slider, "fcb1", 0.99, t("stab_beta_to", L, beta="β"), options=BETA_OPTIONS,
                       format_func=fmt)
    steps = setting(st.slider, "fcsteps", 300, t("steps", L), 50, maps.MAX_MAP_STEPS, step=50)
    n_starts = setting(st.slider, "fcstarts", 1, t("fair_starts", L), 1, 3)

st.markdown(t("fair_intro", L))
if surf is None:
    st.stop()
problems = []
if not chosen:
    problems.append(t("fair_pick_one", L))
if lr_lo >= lr_hi:
    problems.append(t("stab_bad_lr_range", L))
if tune_beta and b_lo > b_hi:
    problems.append(t("stab_bad_beta_range", L))
if problems:
    invalid("; ".join(problems), L)
    st.stop()

variants = tuple((VARIANTS[v][0], tuple(sorted(VARIANTS[v][1].items()))) for v in chosen)
try:
    tuning = cached.fair(surf, variants, budget, (lr_lo, lr_hi), (b_lo, b_hi), tune_beta, search,
                               int(seed), min(n_starts, len(surf.starts)), steps)
except ValueError as e:
    invalid(str(e), L)
    st.stop()

st.subheader(t("fair_scores_title", L))
chart(score_figure(tuning, L), key="fc_scores")
st.caption(t("fair_scores_caption", L, budget=tuning.scores.shape[1], starts=len(tuning.starts), steps=tuning.steps))


def hyper_text(v, h):
    if h is None:
        return "—"
    bp = tuning.beta_names[v]
    s = f"lr={h['lr']:.3g}"
    if bp is not None:
        b = h["betas"][0] if bp == "betas" else h[bp]
        s += f", {beta_title(bp, L)}={b:.3g}"
    return s


def score_text(x):
    return t("diverged", L) if not math.isfinite(x) else f"{x:.2f}"


rows = []
for v, label in enumerate(tuning.labels):
    best_h = tuning.best_hyper(v)
    default = tuning.default_optimizer(v)
    rows.append({t("basin_col_optimizer", L): label,
                 t("fair_col_default", L): hyper_text(v, default.hyper if tuning.beta_names[v] else {"lr": default.lr}),
                 t("fair_col_default_score", L): score_text(tuning.default_scores[v]),
                 t("fair_col_best", L): hyper_text(v, best_h),
                 t("fair_col_best_score", L): score_text(tuning.scores[v, tuning.best[v]]) if best_h else "—",
                 t("fair_col_diverged", L): f"{int(tuning.diverged[v].sum())}/{tuning.scores.shape[1]}"})
table(rows)

st.subheader(t("fair_side_title", L))
best = [(v, tuning.best_optimizer(v)) for v in range(len(tuning.labels))]
best = [(v, o) for v, o in best if o is not None]
defaults = list(enumerate(tuning.default_optimizer(v) for v in range(len(tuning.labels))))
start = tuple(float(c) for c in tuning.starts[0])
figs = []
for col, group, key in zip(st.columns(2), (best, defaults), ("tuned", "default")):
    with col:
        st.markdown("**" + t(f"fair_{key}_title", L) + "**")
        if not group:
            st.info(t("fair_all_diverged", L))
            continue
        traj = cached.run(surf, tuple(cached.opt_key(o.name, o.hyper) for _, o in group), (start,), steps)
        traj = replace(traj, labels=tuple(f"{tuning.labels[v]} (lr={o.lr:.3g})" for v, o in group))
        chart(paths_figure(surf, traj, L, click_grid=False, height=430, frames=20, max_points=90), key=f"fc_paths_{key}")
        figs.append((key, loss_figure(traj, L, f_min=surf.f_min, log=surf.f_min is not None, height=340)))
share_y_range(*(f for _, f in figs))
for col, (key, fig) in zip(st.columns(2), figs):
    with col:
        chart(fig, key=f"fc_loss_{key}")
st.caption(t("fair_side_caption", L))

with st.expander("ℹ️ " + t("fair_why_title", L)):
    st.markdown(t("fair_why", L))

torch_code(["# " + t("fair_code_best", L)] + [f"# {tuning.labels[v]}\n" + o.torch_code() for v, o in best], L)
