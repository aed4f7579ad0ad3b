"""Lesson 5: Adam: momentum's m and RMSprop's v, each corrected for starting at zero."""
import streamlit as st

import optviz
from optviz.i18n import t
from ui import cached
from ui.lesson import footer, head, note_check, note_differs, race, rule, try_this
from ui.state import lang, setting

L = lang()
LID = "adam"
STEPS, START = 300, (-1.5, 2.0)
EPS = optviz.OPTIMIZER_SPECS["adam"].defaults["eps"]

head(LID, "🅰️", L)
try_this(LID, {"default": {"c5b1": 0.9, "c5b2": 0.999, "c5lr": 0.05}, "no_momentum": {"c5b1": 0.0, "c5b2": 0.999, "c5lr": 0.05},
               "short_v": {"c5b1": 0.9, "c5b2": 0.9, "c5lr": 0.05}, "big_lr": {"c5b1": 0.9, "c5b2": 0.999, "c5lr": 0.5}}, L)
c1, c2, c3 = st.columns(3)
b1 = setting(c1.select_slider, "c5b1", 0.9, "β₁", options=[0.0, 0.5, 0.9, 0.99])
b2 = setting(c2.select_slider, "c5b2", 0.999, "β₂", options=[0.9, 0.99, 0.999])
lr = setting(c3.select_slider, "c5lr", 0.05, "η (lr)", options=[0.005, 0.01, 0.05, 0.1, 0.5])
surf = optviz.surface("rosenbrock")
key = cached.opt_key("adam", {"lr": lr, "betas": (b1, b2)})
traj, right, k, tr = race("c5", surf, (key,), START, STEPS, L, key, widths=(1.2, 1))
with right:
    rule(r"\begin{aligned}m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t & \hat m_t &= m_t/(1-\beta_1^t)\\"
         r"v_t &= \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2 & \hat v_t &= v_t/(1-\beta_2^t)\\"
         r"\theta_{t+1} &= \theta_t - \eta\,\hat m_t/(\sqrt{\hat v_t}+\epsilon)\end{aligned}",
         [("g_t", "course_sym_grad", tr["g"][k - 1]), ("m_t", "course_sym_m1", tr["exp_avg"][k - 1]),
          ("v_t", "course_sym_v2", tr["exp_avg_sq"][k - 1]), (r"\hat m_t", "course_sym_mhat", tr["m_hat"][k - 1]),
          (r"\hat v_t", "course_sym_vhat", tr["v_hat"][k - 1]),
          (r"\beta_1,\ \beta_2", "course_sym_betas", (b1, b2)), (r"\eta", "course_sym_lr", lr),
          (r"\epsilon", "course_sym_eps", EPS),
          (r"\theta_{t+1}-\theta_t", "course_sym_delta", tr["delta"][k - 1]),
          (r"-\eta\,m_t/(\sqrt{v_t}+\epsilon)", "course_sym_nobc", tr["step_no_bc"][k - 1])], L, step=k)
chk = note_check("adam_second_moment")
note_differs(t("course_adam_differs", L, v=f"{chk['v_hat']:.2f}", mean=f"{chk['mean_sq']:g}",
               var=f"{chk['variance']:g}"), L)
footer(LID, "lesson_adam", L, "views/inside.py", {"inbcb1": b1, "inbcb2": b2})
