"""Lesson 4: RMSprop: one step size per coordinate, from the running mean of g²."""
import streamlit as st

import optviz
from optviz.i18n import t
from optviz.studies.lrlab import stability
from ui import cached
from ui.lesson import footer, head, lab_surface, race, rule, try_this
from ui.state import lang, setting

L = lang()
LID = "rmsprop"
STEPS, START = 150, (-3.5, 0.5)

head(LID, "📏", L)
try_this(LID, {"steep": {"c4cond": 200.0, "c4alpha": 0.99}, "short_memory": {"c4cond": 25.0, "c4alpha": 0.0},
               "round": {"c4cond": 1.0, "c4alpha": 0.99}}, L)
c1, c2 = st.columns(2)
cond = setting(c1.select_slider, "c4cond", 25.0, t("course_rmsprop_cond", L), options=[1.0, 5.0, 25.0, 200.0])
alpha = setting(c2.select_slider, "c4alpha", 0.99, "β (alpha)", options=[0.0, 0.5, 0.9, 0.99])
surf = optviz.surface("ravine", condition=cond)
sgd_lr = float(f"{0.9 * stability(surf, 'sgd', {}).bound:.3g}")   # 0.9 × SGD's stability limit 2/L
keys = (cached.opt_key("sgd", {"lr": sgd_lr}), cached.opt_key("rmsprop", {"lr": 0.05, "alpha": alpha}))
traj, right, k, tr = race("c4", surf, keys, START, STEPS, L, keys[1], widths=(1.3, 1))
with right:
    rule(r"s_t = \beta\,s_{t-1} + (1-\beta)\,g_t^2 \qquad \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{s_t}+\epsilon}\,g_t",
         [("g_t", "course_sym_grad", tr["g"][k - 1]), ("s_t", "course_sym_s", tr["square_avg"][k - 1]),
          (r"\beta", "course_sym_alpha", alpha), (r"\eta", "course_sym_lr", 0.05),
          (r"\epsilon", "course_sym_eps", optviz.OPTIMIZER_SPECS["rmsprop"].defaults["eps"]),
          (r"\tfrac{\eta}{\sqrt{s_t}+\epsilon}", "course_sym_eff", tr["eff_lr"][k - 1]),
          (r"\theta_{t+1}-\theta_t", "course_sym_delta", tr["delta"][k - 1])], L, step=k)
    st.caption(t("course_rmsprop_caption", L, lr=f"{sgd_lr:.3g}"))
footer(LID, "lesson_rmsprop", L, "views/playground.py",
       {**lab_surface("pg", surf), "pgx": START[0], "pgy": START[1], "pgk": 2, "pg0n": "sgd",
        "pg0lr": sgd_lr, "pg1n": "rmsprop", "pg1lr": 0.05, "pg1alpha": alpha, "pgsteps": STEPS})
