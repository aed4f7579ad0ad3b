"""Lesson 7: the learning rate: too small, right, too big, and GD's bound 2/L."""
import streamlit as st

import optviz
from optviz.i18n import t
from optviz.studies.lrlab import stability
from ui import cached
from ui.lesson import footer, head, lab_surface, race, rule, try_this
from ui.state import lang, setting

L = lang()
LID = "learning_rate"
STEPS, START = 100, (-3.5, 0.5)
LRS = [0.002, 0.01, 0.05, 0.1, 0.15, 0.19, 0.21, 0.3]

head(LID, "🎚️", L)
try_this(LID, {"small": {"c7lr": 0.002}, "good": {"c7lr": 0.1}, "edge": {"c7lr": 0.19}, "big": {"c7lr": 0.21}}, L)
lr = setting(st.select_slider, "c7lr", 0.1, "η (lr)", options=LRS)
surf = optviz.surface("ravine")
key = cached.opt_key("sgd", {"lr": lr})
bound = stability(surf, "sgd", {}).bound
traj, right, k, tr = race("c7", surf, (key,), START, STEPS, L, key, widths=(1.3, 1))
with right:
    rule(r"\theta_{t+1} = \theta_t - \eta\,\nabla L(\theta_t) \qquad \text{stable}\iff \eta < \frac{2}{L}",
         [(r"\eta", "course_sym_lr", lr), ("L", "course_sym_L", 2 / bound), (r"2/L", "course_sym_bound", bound),
          (r"\nabla L", "course_sym_grad", tr["g"][k - 1]),
          (r"\theta_{t+1}-\theta_t", "course_sym_delta", tr["delta"][k - 1]),
          ("L(\\theta_t)", "course_sym_final", traj.losses[0, 0, min(k, traj.losses.shape[-1] - 1)])], L, step=k)
    st.caption(t("course_learning_rate_caption", L, bound=f"{bound:.3g}"))
footer(LID, "lesson_learning_rate", L, "views/lr_lab.py",
       {**lab_surface("lrl", surf), "lrlopt": "sgd", "lrlmode": "factor", "lrlgood": lr, "lrlsteps": STEPS})
