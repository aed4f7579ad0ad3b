"""Lesson 10: the training loop: gradient clipping, mixed precision, data parallel."""
import streamlit as st

import optviz
from optviz.figures import paths_figure
from optviz.studies.clipping import merge_runs, wall_step
from optviz.i18n import t
from ui import cached
from ui.display import chart
from ui.lesson import fig_height, footer, head, note_check, note_differs, rule, step_slider, try_this
from ui.state import lang, setting

L = lang()
LID = "training_loop"
STEPS, START = 200, (0.4, 2.0)

head(LID, "🔁", L)
try_this(LID, {"none": {"c10c": 100.0}, "tight": {"c10c": 1.0}, "loose": {"c10c": 10.0}}, L)
c1, c2 = st.columns(2)
c = setting(c1.select_slider, "c10c", 1.0, "c (max_norm)", options=[0.1, 0.3, 1.0, 3.0, 10.0, 100.0])
lr = setting(c2.select_slider, "c10lr", 0.1, "η (lr)", options=[0.03, 0.1, 0.3])
surf = optviz.surface("cliff")
key = cached.opt_key("sgd", {"lr": lr})
runs = cached.clip_runs(surf, key, START, STEPS, c, 1.0)
traj = merge_runs(runs[:2], [t("course_training_loop_raw", L), t("course_training_loop_clipped", L, c=c)])
left, right = st.columns([1.3, 1])
with left:
    chart(paths_figure(surf, traj, L, click_grid=False, height=fig_height()), key="c10_paths")
with right:
    k = step_slider("c10", STEPS, L, default=max(wall_step(runs[0].grad_norms[0, 0]), 1))   # the step that hits the wall
    raw = runs[1].grad_norms[0, 0, k - 1]
    rule(r"g \leftarrow g\cdot\min\!\left(1,\ \frac{c}{\lVert g\rVert}\right)",
         [(r"\lVert g\rVert", "course_sym_gnorm", raw), ("c", "course_sym_c", c),
          (r"\lVert g_{\text{clip}}\rVert", "course_sym_gclip", min(raw, c))], L, step=k)
amp = note_check("amp_clip_without_unscale")
note_differs(t("course_training_loop_differs_unscale", L, scale=f"{amp['scale']:g}", note=f"{amp['note_step']:.2e}",
               right=f"{amp['unscaled_step']:.3g}"), L)
note_differs(t("course_training_loop_differs_amp", L, msg=note_check("amp_deprecation")[0]), L)
st.code("scaler = torch.amp.GradScaler(\"cuda\")\nfor x, y in loader:\n    optimizer.zero_grad()\n"
        "    with torch.autocast(\"cuda\", dtype=torch.float16):\n        loss = criterion(model(x), y)\n"
        "    scaler.scale(loss).backward()\n    scaler.unscale_(optimizer)   " + t("course_training_loop_code_unscale", L)
        + "\n    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)\n"
        "    scaler.step(optimizer)\n    scaler.update()", language="python")
st.markdown(t("course_training_loop_ddp", L))
footer(LID, "lesson_training_loop", L, "views/clipping.py",
       {"clx": START[0], "cly": START[1], "cln": "sgd", "cllr": lr, "clsteps": STEPS, "clnorm": c})
