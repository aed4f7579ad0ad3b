"""Lesson 9: choosing an optimizer: the note's five, side by side."""
import streamlit as st

import optviz
from optviz.figures import loss_figure
from optviz.i18n import describe, t
from ui import cached
from ui.display import chart
from ui.lesson import fig_height, footer, head, rule, step_slider, try_this
from ui.state import lang, setting

L = lang()
LID = "choosing"
STEPS = 500
SURFS = {"rosenbrock": (-1.5, 2.0), "ravine": (-3.5, 0.5), "styblinski_tang": (4.5, 4.5)}
FIVE = [("sgd", {"lr": 1e-3}), ("sgd", {"lr": 1e-3, "momentum": 0.9}), ("rmsprop", {"lr": 1e-2}),
        ("adam", {"lr": 5e-2}), ("adamw", {"lr": 5e-2, "weight_decay": 0.0})]

head(LID, "🧭", L)
try_this(LID, {"valley": {"c9s": "rosenbrock", "c9wd": 0.0}, "ravine": {"c9s": "ravine", "c9wd": 0.0},
               "local": {"c9s": "styblinski_tang", "c9wd": 0.0}, "wd": {"c9s": "rosenbrock", "c9wd": 0.1}}, L)
c1, c2 = st.columns(2)
name = setting(c1.selectbox, "c9s", "rosenbrock", t("surface", L), options=list(SURFS),
               format_func=lambda s: describe(optviz.surface(s), L, "title"))
wd = setting(c2.select_slider, "c9wd", 0.0, "AdamW λ (weight_decay)", options=[0.0, 0.01, 0.1])
surf, start = optviz.surface(name), SURFS[name]
keys = tuple(cached.opt_key(n, {**h, "weight_decay": wd} if n == "adamw" else h) for n, h in FIVE)
traj = cached.run(surf, keys, (start,), STEPS)
left, right = st.columns([1.3, 1])
with left:
    chart(loss_figure(traj, L, f_min=surf.f_min, height=fig_height(420)), key="c9_loss")
with right:
    k = step_slider("c9", STEPS, L, default=STEPS)
    rule(r"\theta_{t+1} = \theta_t - \eta\,u_t", [(r"\text{" + label + "}", "course_sym_final", traj.losses[i, 0, k])
                                                   for i, label in enumerate(traj.labels)], L, step=k)
    st.caption(t("course_choosing_caption", L))
footer(LID, "lesson_choosing", L, "views/which_optimizer.py", {})
