"""Lesson 2: batch gradient descent, SGD and mini-batch: how many examples per step."""
import streamlit as st

import optviz
from optviz.figures.noise import batch_noise_std, batch_paths_figure
from optviz.i18n import t
from ui import cached
from ui.display import chart
from ui.lesson import lab_surface, fig_height, footer, head, rule, step_slider, try_this
from ui.state import lang, setting

L = lang()
LID = "batch"
N, NOISE, STEPS, START = 1000, 2.0, 200, (-3.5, 0.5)
BATCHES = [1, 4, 16, 64, 256, N]

head(LID, "🎲", L)
try_this(LID, {"sgd": {"c2m": 1, "c2lr": 0.03}, "mini": {"c2m": 64, "c2lr": 0.03}, "full": {"c2m": N, "c2lr": 0.03},
               "small_lr": {"c2m": 1, "c2lr": 0.01}}, L)
c1, c2 = st.columns(2)
m = setting(c1.select_slider, "c2m", 64, t("course_batch_m", L), options=BATCHES,
            format_func=lambda b: f"m = N = {N}" if b == N else f"m = {b}")
lr = setting(c2.select_slider, "c2lr", 0.03, "η (lr)", options=[0.003, 0.01, 0.03, 0.1])
surf, key = optviz.surface("ravine"), cached.opt_key("sgd", {"lr": lr})
sizes = tuple(sorted({m, N}))
runs = list(zip(sizes, cached.batch_runs(surf, key, START, STEPS, NOISE, sizes, N, 0)))
left, right = st.columns([1.3, 1])
with left:
    chart(batch_paths_figure(surf, runs, N, L, height=fig_height()), key="c2_paths")
with right:
    k = step_slider("c2", STEPS, L)
    traj = dict(runs)[m]
    rule(r"\theta_{t+1} = \theta_t - \eta\,\frac{1}{m}\sum_{i=1}^{m}\nabla_\theta L_i(\theta_t)",
         [("L_i", "course_sym_Li", None), ("m", "course_sym_m", m), ("N", "course_sym_N", N), (r"\eta", "course_sym_lr", lr),
          (r"\sigma_m", "course_sym_sigma", batch_noise_std(NOISE, m, N)),
          (r"\lVert g\rVert", "course_sym_gnorm", traj.grad_norms[0, 0, k - 1]),
          (r"\theta_t", "course_sym_theta", traj.positions[0, 0, k - 1])], L, step=k)
    st.caption(t("course_batch_caption", L, sigma=NOISE, n=N))
footer(LID, "lesson_batch", L, "views/batch_noise.py",
       {**lab_surface("bn", surf), "bnx": START[0], "bny": START[1], "bnn": "sgd", "bnlr": lr, "bnsteps": STEPS,
        "bnnoise": NOISE, "bnN": N, "bnB": ",".join(str(b) if b != N else "N" for b in (1, m, N) if b)})
