"""Lesson 8: learning-rate schedules and warm-up."""
import streamlit as st

import optviz
from optviz.figures.schedules import schedule_lr_figure
from optviz.i18n import t
from ui import cached
from ui.display import chart
from ui.lesson import lab_surface, fig_height, footer, head, note_check, note_differs, rule, step_slider, try_this
from ui.state import lang, setting

L = lang()
LID = "schedules"
STEPS, START, LR = 300, (-3.5, 0.5), 0.1
SCHEDS = {"steplr": dict(step_size=100, gamma=0.3), "exponentiallr": dict(gamma=0.99),
          "cosineannealinglr": dict(T_max=STEPS)}
KNOBS = {"gamma": (r"\gamma", "course_sym_gamma"), "step_size": (r"\text{step size}", "course_sym_step_size"),
         "T_max": ("T", "course_sym_T")}
TEX = {"steplr": r"\eta_t = \eta\,\gamma^{\lfloor t/\text{step size}\rfloor}",
       "exponentiallr": r"\eta_t = \eta\,\gamma^{t}",
       "cosineannealinglr": r"\eta_t = \tfrac{\eta}{2}\left(1+\cos\frac{\pi t}{T}\right)"}

head(LID, "📅", L)
try_this(LID, {"cosine": {"c8n": "cosineannealinglr", "c8w": 0}, "step": {"c8n": "steplr", "c8w": 0},
               "warmup": {"c8n": "cosineannealinglr", "c8w": 50}}, L)
c1, c2 = st.columns(2)
name = setting(c1.selectbox, "c8n", "cosineannealinglr", t("schedule", L), options=list(SCHEDS),
               format_func=lambda n: optviz.SCHEDULE_SPECS[n].label)
warm = setting(c2.select_slider, "c8w", 0, t("warmup_steps", L), options=[0, 10, 50, 100])
sched = optviz.schedule(name, **SCHEDS[name])
if warm:
    sched = optviz.with_warmup(sched, warm)
surf = optviz.surface("ravine")
traj = cached.schedule_runs(surf, "sgd", (("lr", LR),), sched, START, STEPS, 0.0, 0)
labels = [sched.label(), t("course_schedules_const", L, lr=LR)]
left, right = st.columns([1.3, 1])
with left:
    chart(schedule_lr_figure(traj, labels, L, warmup=warm, height=fig_height(380)), key="c8_lr")
with right:
    k = step_slider("c8", STEPS, L)
    tex = TEX[name] + (r"\quad(t \ge W);\qquad \eta_t = \eta\left(\tfrac13 + \tfrac23\,\tfrac{t}{W}\right)\ (t<W)" if warm else "")
    rule(tex, [(r"\eta", "course_sym_lr", LR), (r"\eta_t", "course_sym_lr_t", traj.lrs[0, 0, k - 1]),
               ("W", "course_sym_W", warm)] + [(*KNOBS[k_], v) for k_, v in SCHEDS[name].items()], L, step=k)
chk = note_check("warmup_as_written")
note_differs(t("course_schedules_differs", L, got=f"{chk['end_of_warmup']:.0e}", meant="1e-03",
               factor=f"{chk['factor']:.0f}"), L)
st.code("def warmup_lr(epoch, warmup_epochs=5):\n    " + t("course_schedules_code_factor", L)
        + "\n    return (epoch + 1) / warmup_epochs if epoch < warmup_epochs else 1.0\n\n"
        "scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=warmup_lr)", language="python")
footer(LID, "lesson_schedules", L, "views/schedule_lab.py",
       {**lab_surface("scl", surf), "scl0n": "sgd", "scl0lr": LR, "sclsteps": STEPS, "scln": name, "sclwarm": warm})
