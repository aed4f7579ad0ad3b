"""Gradient clipping: one optimizer on the cliff without clipping, clipped by norm and by value."""
import numpy as np
import streamlit as st

import optviz
from optviz.figures import paths_figure
from optviz.figures.clipping import add_wall_arrows, clip_rows, grad_norm_figure, step_figure
from optviz.studies.clipping import clip_report, merge_runs, turn_angle, wall_vectors
from optviz.i18n import describe, t
from ui import cached
from ui.display import chart, invalid, lazy_expander, table, torch_code
from ui.state import lang, setting
from ui.widgets import optimizer_editor

L = lang()
THRESHOLDS = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
START = (0.4, 2.0)   # just before the cliff, with a sizeable y-gradient left when the wall is reached
CLIFF_TORCH = [      # optviz.surface("cliff") written with torch ops
    "def cliff(p):",
    "    x, y = p",
    "    t = ((x - 1.0) / 0.05).clamp(0.0, 1.0)",
    "    return 0.1 * (x - 3.0) ** 2 + 0.5 * y ** 2 + 10.0 * t ** 3 * (10.0 - 15.0 * t + 6.0 * t ** 2)",
]

st.title("✂️ " + t("page_clipping", L))
st.caption(t("page_clipping_blurb", L))
st.markdown(t("clipping_intro", L))
surf = optviz.surface("cliff")

with st.sidebar:
    c1, c2 = st.columns(2)
    x0 = setting(c1.number_input, "clx", START[0], t("clipping_start_x", L), step=0.1, format="%.3f")
    y0 = setting(c2.number_input, "cly", START[1], t("clipping_start_y", L), step=0.1, format="%.3f")
    name, hyper = optimizer_editor("cl", L, "sgd", {"lr": 0.1})
    steps = setting(st.slider, "clsteps", 200, t("clipping_steps", L), 10, 1000, step=10)
    max_norm = setting(st.select_slider, "clnorm", 1.0, t("clipping_max_norm", L), options=THRESHOLDS,
                       format_func=lambda v: f"{v:g}")
    clip_value = setting(st.select_slider, "clvalue", 1.0, t("clipping_clip_value", L), options=THRESHOLDS,
                         format_func=lambda v: f"{v:g}")

try:
    opt = optviz.optimizer(name, **hyper)
    runs = cached.clip_runs(surf, cached.opt_key(name, hyper), (x0, y0), int(steps), max_norm, clip_value)
except ValueError as e:
    invalid(str(e), L)
    st.stop()

label = opt.spec.label
traj = merge_runs(runs, [f"{label} · {t('clipping_run_none', L)}",
                         f"{label} · {t('clipping_run_norm', L, c=f'{max_norm:g}')}",
                         f"{label} · {t('clipping_run_value', L, c=f'{clip_value:g}')}"])
reports = [clip_report(surf, runs[0]), clip_report(surf, runs[1], max_norm=max_norm),
           clip_report(surf, runs[2], clip_value=clip_value)]
vectors = wall_vectors(surf, runs[0], max_norm, clip_value)

st.subheader(t("clipping_h_paths", L))
fig = paths_figure(surf, traj, L, click_grid=False, height=520, name_paths=False)   # the wall arrows carry labels
if vectors is not None:
    add_wall_arrows(fig, vectors, L)
chart(fig, key="cl_paths")
if vectors is not None:
    st.caption(t("clipping_arrows_caption", L, step=vectors["step"], raw=f"{np.hypot(*vectors['raw']):.3g}",
                 norm=f"{np.hypot(*vectors['norm']):.3g}",
                 norm_turn=f"{turn_angle(vectors['raw'], vectors['norm']):.1f}",
                 value_turn=f"{turn_angle(vectors['raw'], vectors['value']):.1f}"))
else:
    st.info(t("clipping_no_wall", L))

left, right = st.columns(2)
with left:
    st.markdown("**" + t("clipping_h_norms", L) + "**")
    chart(grad_norm_figure(reports, traj, L, max_norm=max_norm), key="cl_norms")
with right:
    st.markdown("**" + t("clipping_h_steps", L) + "**")
    cap = max_norm * float(hyper["lr"]) if name == "sgd" else None
    chart(step_figure(reports, traj, L, cap=cap), key="cl_steps")
table(clip_rows(reports, traj, L))
st.caption(t("clipping_steps_caption", L))

st.subheader(t("clipping_h_compare", L))
st.markdown(t("clipping_compare_text", L))

torch_code([f"params = torch.tensor([{x0}, {y0}], dtype=torch.float64, requires_grad=True)",
            opt.torch_code("[params]"), "", *CLIFF_TORCH, "",
            f"for step in range({int(steps)}):",
            "    optimizer.zero_grad()",
            "    cliff(params).backward()",
            f"    torch.nn.utils.clip_grad_norm_([params], max_norm={max_norm:g})        # clip by norm, or",
            f"    # torch.nn.utils.clip_grad_value_([params], clip_value={clip_value:g})  # clip by value",
            "    optimizer.step()"], L)
if (info := lazy_expander("ℹ️ " + describe(surf, L, "title"), "info")) is not None:
    with info:
        st.latex(surf.tex)
        st.write(describe(surf, L))
