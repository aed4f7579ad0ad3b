"""Schedule lab: any torch LR scheduler (+ warm-up) against a constant lr; ReduceLROnPlateau reacting to the loss."""
import streamlit as st

import optviz
from optviz.figures import paths_figure
from optviz.figures.schedules import plateau_figure, schedule_lr_figure
from optviz.i18n import describe, t
from optviz.studies.lrlab import lr_drops, relabel
from optviz.torch_code import torch_loss_lines
from optviz.schedules import SCHEDULE_SPECS, schedule
from ui import cached
from ui.display import chart, invalid, torch_code
from ui.schedule_widgets import schedule_kwargs_editor, schedule_picker
from ui.state import lang, setting
from ui.widgets import optimizer_editor, start_picker, surface_editor

L = lang()
NOISE = [0.0, 0.1, 0.3, 1.0, 3.0, 10.0]
# widget defaults sized for runs of a few hundred steps (torch's own defaults are per epoch)
SCHEDULE_DEFAULTS = {
    "steplr": {"step_size": 100}, "multisteplr": {"milestones": (200, 350)}, "exponentiallr": {"gamma": 0.99},
    "cosineannealingwarmrestarts": {"T_0": 100}, "cycliclr": {"step_size_up": 100},
    "linearlr": {"start_factor": 1.0, "end_factor": 0.05, "total_iters": 400}, "constantlr": {"total_iters": 100},
    "polynomiallr": {"total_iters": 500}, "warmup": {"warmup_steps": 50},
    "reducelronplateau": {"factor": 0.5, "patience": 50},
}

st.title("📅 " + t("page_schedule", L))
st.caption(t("page_schedule_blurb", L))

with st.sidebar:
    surf, surf_err = surface_editor("scl", L, default="ravine")
    if surf_err:
        invalid(surf_err, L)
    start_i = start_picker("sclstart", surf, t("schedlab_start", L))
    steps = setting(st.slider, "sclsteps", 500, t("schedlab_steps", L), 50, 3000, step=50)
    noise = setting(st.select_slider, "sclnoise", 1.0, t("schedlab_noise", L), options=NOISE)
    seed = setting(st.number_input, "sclseed", 0, t("schedlab_seed", L), min_value=0, max_value=10_000, step=1)
    name, hyper = optimizer_editor("scl0", L, "sgd", {"lr": 0.03})

if surf is None:
    st.stop()
try:
    opt = optviz.optimizer(name, **hyper)
except ValueError as e:
    invalid(str(e), L)
    st.stop()
start = tuple(float(v) for v in surf.starts[start_i])
items = cached.hyper_items(hyper)
const_label = t("schedlab_run_const", L, lr=f"{opt.lr:.3g}")


def loop_lines(sched) -> list[str]:
    """The training loop in torch for `sched` (optimizer.step() first, then the scheduler)."""
    lines = [f"for step in range({steps}):",
             "    optimizer.zero_grad()",
             "    loss = f(params)",
             "    loss.backward()"]
    if noise:
        lines.append(f"    params.grad += {noise:g} * torch.randn(2, dtype=torch.float64)  " + t("schedlab_code_noise", L))
    lines.append("    optimizer.step()  " + t("schedlab_code_first", L))
    if sched.name == "sequentiallr" and sched.stateful:
        W = sched.kwargs["milestones"][0]
        lines += [f"    if step + 1 < {W}: scheduler[0].step()  " + t("schedlab_code_then", L),
                  f"    elif step + 1 == {W}: optimizer.param_groups[0][\"lr\"] = optimizer.defaults[\"lr\"]",
                  "    else: scheduler[1].step(f(params).item())  " + t("schedlab_code_loss", L)]
    elif sched.stateful:
        lines.append("    scheduler.step(f(params).item())  " + t("schedlab_code_loss", L))
    else:
        lines.append("    scheduler.step()  " + t("schedlab_code_then", L))
    return lines


def code(sched) -> list[str]:
    f_lines = torch_loss_lines(surf) or [f"def f(p): ...  # {describe(surf, L, 'title')}"]
    return f_lines + [f"params = torch.tensor([{start[0]:.6g}, {start[1]:.6g}], dtype=torch.float64, requires_grad=True)",
                      opt.torch_code("[params]"), sched.torch_code(steps=steps)] + loop_lines(sched)


# ---- the schedule ------------------------------------------------------------------------------------
st.subheader(t("schedlab_curve_title", L))
left, right = st.columns([1, 2.2])
with left:
    sched, sched_err, sname, warm = schedule_picker("scl", L, container=left, defaults=SCHEDULE_DEFAULTS)
    if sched_err:
        invalid(sched_err, L)
traj = None
if sched is not None:
    try:
        traj = cached.schedule_runs(surf, name, items, sched, start, steps, float(noise), int(seed))
    except ValueError as e:
        with left:
            invalid(str(e), L)
with right:
    if traj is not None:
        labels = (t("schedlab_run_sched", L, schedule=sched.label()), const_label)
        log_lr = setting(st.toggle, "scllog", False, t("schedlab_log_lr", L))
        chart(schedule_lr_figure(traj, labels, L, warmup=warm, log=log_lr), key="scl_lr")
    spec = SCHEDULE_SPECS[sname]
    st.markdown(t("schedlab_formula", L))
    st.latex(spec.tex)
    st.caption(describe(spec, L))
    if warm:
        st.caption(t("schedlab_warmup_text", L, W=warm))

if traj is not None:
    st.subheader(t("schedlab_runs_title", L))
    shown = relabel(traj, labels)
    chart(paths_figure(surf, shown, L, click_grid=False, height=500, loss=dict(f_min=surf.f_min, log=True)),
          key="scl_paths")
    tail = max(1, steps // 10)
    m1, m2 = st.columns(2)
    m1.metric(t("schedlab_final_sched", L), f"{traj.losses[0, 0, -tail:].mean():.3g}", help=t("schedlab_mean_note", L))
    m2.metric(t("schedlab_final_const", L), f"{traj.losses[1, 0, -tail:].mean():.3g}", help=t("schedlab_mean_note", L))
    st.caption(t("schedlab_runs_caption", L))
    st.markdown(t("schedlab_loop_order", L))
    torch_code(code(sched), L)

# ---- ReduceLROnPlateau -----------------------------------------------------------------------------
st.subheader(t("schedlab_plateau_title", L))
st.markdown(t("schedlab_plateau_text", L))
pleft, pright = st.columns([1, 2.2])
with pleft:
    st.caption(t("schedlab_plateau_settings", L))
    pkw, perr = schedule_kwargs_editor("reducelronplateau", "sclp", L, pleft, SCHEDULE_DEFAULTS["reducelronplateau"])
plateau = None
if perr:
    with pleft:
        invalid(perr, L)
else:
    try:
        plateau = schedule("reducelronplateau", **pkw)
    except ValueError as e:
        with pleft:
            invalid(str(e), L)
if plateau is not None:
    ptraj = cached.schedule_runs(surf, name, items, plateau, start, steps, float(noise), int(seed))
    plabels = (t("schedlab_run_sched", L, schedule=plateau.label()), const_label)
    with pright:
        chart(plateau_figure(ptraj, plabels, L, f_min=surf.f_min), key="scl_plateau")
        st.caption(t("schedlab_plateau_caption", L, n=len(lr_drops(ptraj.lrs[0, 0])), steps=steps))
    torch_code(code(plateau), L, key="plateau")
