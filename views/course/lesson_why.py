"""Lesson 1: why optimizers? The four troubles of plain gradient descent."""
import streamlit as st

import optviz
from optviz.i18n import describe, t
from ui import cached
from ui.lesson import footer, head, lab_surface, race, rule, try_this
from ui.state import lang, setting

L = lang()
LID = "why"
STARTS = {"ravine": (-3.5, 0.5), "styblinski_tang": (4.5, 4.5), "plateau": (-4.0, 3.0), "quadratic": (-2.5, 2.0)}
LRS = [1e-3, 3e-3, 0.01, 0.03, 0.1, 0.18, 0.3, 1.0, 1.9, 2.1]
STEPS = 150

head(LID, "⛰️", L)
try_this(LID, {"zigzag": {"c1s": "ravine", "c1lr": 0.18}, "local": {"c1s": "styblinski_tang", "c1lr": 0.01},
               "plateau": {"c1s": "plateau", "c1lr": 0.1}, "overshoot": {"c1s": "quadratic", "c1lr": 2.1}}, L)
c1, c2 = st.columns(2)
name = setting(c1.selectbox, "c1s", "ravine", t("surface", L), options=list(STARTS),
               format_func=lambda s: describe(optviz.surface(s), L, "title"))
lr = setting(c2.select_slider, "c1lr", 0.18, "η (lr)", options=LRS)
surf, start, key = optviz.surface(name), STARTS[name], cached.opt_key("sgd", {"lr": lr})
traj, right, k, tr = race("c1", surf, (key,), start, STEPS, L, key, widths=(1.3, 1))
with right:
    rule(r"\theta_{t+1} = \theta_t - \eta\,\nabla_\theta L(\theta_t)",
         [(r"\theta_t", "course_sym_theta", tr["theta_prev"][k - 1]),
          (r"\nabla_\theta L", "course_sym_grad", tr["g"][k - 1]),
          (r"\eta", "course_sym_lr", lr),
          (r"\theta_{t+1}-\theta_t", "course_sym_delta", tr["delta"][k - 1])], L, step=k)
footer(LID, "lesson_why", L, "views/playground.py",
       {**lab_surface("pg", surf), "pgx": start[0], "pgy": start[1], "pgk": 1, "pg0n": "sgd", "pg0lr": lr, "pgsteps": STEPS})
