"""Lesson 6: AdamW: weight decay applied to θ directly, not through the gradient."""
import streamlit as st

import optviz
from optviz.i18n import t
from ui import cached
from ui.lesson import footer, head, lab_surface, note_check, note_differs, race, rule, try_this
from ui.state import lang, setting

L = lang()
LID = "adamw"
STEPS, START = 600, (-0.3, -0.9)

head(LID, "🪶", L)
try_this(LID, {"none": {"c6lam": 0.0, "c6lr": 0.05}, "strong": {"c6lam": 0.5, "c6lr": 0.05}, "small_lr": {"c6lam": 0.5, "c6lr": 0.01}}, L)
c1, c2 = st.columns(2)
lam = setting(c1.select_slider, "c6lam", 0.5, "λ (weight_decay)", options=[0.0, 0.01, 0.1, 0.5, 1.0])
lr = setting(c2.select_slider, "c6lr", 0.05, "η (lr)", options=[0.01, 0.05, 0.1])
surf = optviz.surface("himmelblau")
keys = (cached.opt_key("adam", {"lr": lr, "weight_decay": lam}), cached.opt_key("adamw", {"lr": lr, "weight_decay": lam}))
traj, right, k, tr = race("c6", surf, keys, START, STEPS, L, keys[1], widths=(1.2, 1))
with right:
    rule(r"\theta_{t+1} = \theta_t - \eta\left(\frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon} + \lambda\,\theta_t\right)",
         [(r"\theta_t", "course_sym_theta", tr["theta_prev"][k - 1]), (r"\hat m_t", "course_sym_mhat", tr["m_hat"][k - 1]),
          (r"\hat v_t", "course_sym_vhat", tr["v_hat"][k - 1]), (r"\lambda", "course_sym_lambda", lam),
          (r"\eta", "course_sym_lr", lr), (r"\epsilon", "course_sym_eps", optviz.OPTIMIZER_SPECS["adamw"].defaults["eps"]),
          (r"\eta\lambda\theta_t", "course_sym_decay", lr * lam * tr["theta_prev"][k - 1]),
          (r"\theta_{t+1}-\theta_t", "course_sym_delta", tr["delta"][k - 1])], L, step=k)
    st.caption(t("course_adamw_caption", L))
chk = note_check("adamw_penalty")
note_differs(t("course_adamw_differs", L, grad=f"{chk['penalty_grad']:g}", decay=f"{chk['adamw_decay_per_lr']:.3g}",
               ratio=f"{chk['ratio']:.0f}"), L)
footer(LID, "lesson_adamw", L, "views/inside.py",
       {**lab_surface("inwd", surf), "inwdlam": lam, "inwdlr": lr, "inwdsteps": STEPS, "inwdx": START[0], "inwdy": START[1]})
