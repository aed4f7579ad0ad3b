"""Lesson 3: momentum: a velocity that keeps the consistent direction and cancels the zig-zag."""
import streamlit as st

import optviz
from optviz.i18n import describe, t
from ui import cached
from ui.lesson import footer, head, lab_surface, race, rule, try_this
from ui.state import lang, setting

L = lang()
LID = "momentum"
STARTS = {"ravine": (-3.5, 0.5), "plateau": (-4.0, 3.0)}
STEPS = 150

head(LID, "🎱", L)
try_this(LID, {"zero": {"c3beta": 0.0, "c3s": "ravine"}, "ravine": {"c3beta": 0.9, "c3s": "ravine"},
               "plateau": {"c3beta": 0.9, "c3s": "plateau"}, "too_much": {"c3beta": 0.99, "c3s": "ravine"}}, L)
c1, c2 = st.columns(2)
name = setting(c1.selectbox, "c3s", "ravine", t("surface", L), options=list(STARTS),
               format_func=lambda s: describe(optviz.surface(s), L, "title"))
beta = setting(c2.select_slider, "c3beta", 0.9, "β (momentum)", options=[0.0, 0.5, 0.8, 0.9, 0.95, 0.99])
lr = 0.02 if name == "ravine" else 0.1
surf, start = optviz.surface(name), STARTS[name]
keys = (cached.opt_key("sgd", {"lr": lr}), cached.opt_key("sgd", {"lr": lr, "momentum": beta}))
traj, right, k, tr = race("c3", surf, keys, start, STEPS, L, keys[1], widths=(1.3, 1))
with right:
    rule(r"v_t = \beta\,v_{t-1} + \nabla_\theta L \qquad \theta_{t+1} = \theta_t - \eta\,v_t",
         [(r"\nabla_\theta L", "course_sym_grad", tr["g"][k - 1]),
          ("v_t", "course_sym_v_mom", tr.get("momentum_buffer", tr["g"])[k - 1]),
          (r"\beta", "course_sym_beta_mom", beta), (r"\eta", "course_sym_lr", lr),
          (r"\theta_{t+1}-\theta_t", "course_sym_delta", tr["delta"][k - 1])], L, step=k)
    st.caption(t("course_momentum_caption", L))
footer(LID, "lesson_momentum", L, "views/playground.py",
       {**lab_surface("pg", surf), "pgx": start[0], "pgy": start[1], "pgk": 2, "pg0n": "sgd", "pg0lr": lr,
        "pg1n": "sgd", "pg1lr": lr, "pg1momentum": beta, "pgsteps": STEPS})
