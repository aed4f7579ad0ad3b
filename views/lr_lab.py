"""Learning-rate lab: one optimizer at a too-small, a good and a too-big lr; an lr sweep; GD's 2/L bound."""
import numpy as np
import streamlit as st

import optviz
from optviz.figures.lrlab import sweep_figure, trio_loss_figure, trio_paths_figure
from optviz.i18n import describe, t
from optviz.studies.lrlab import SWEEP_RANGE, SWEEP_SIZE, lr_trio, stability
from optviz.torch_code import torch_loss_lines
from optviz.optimizers import REGISTRY
from ui import cached
from ui.display import chart, invalid, lazy_expander, table, torch_code
from ui.state import lang, put, setting
from ui.widgets import log_options, param_widget, start_picker, surface_editor

L = lang()
FACTORS = [1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0]
REGIME_KEYS = ("small", "good", "big")

st.title("🎚️ " + t("page_lr", L))
st.caption(t("page_lr_blurb", L))

with st.sidebar:
    surf, surf_err = surface_editor("lrl", L, default="ravine")
    if surf_err:
        invalid(surf_err, L)
    start_i = start_picker("lrlstart", surf, t("lrlab_start", L))
    steps = setting(st.slider, "lrlsteps", 200, t("lrlab_steps", L), 10, 2000, step=10)
    name = setting(st.selectbox, "lrlopt", "sgd", t("optimizer", L), options=list(REGISTRY),
                   format_func=lambda n: REGISTRY[n].label)
    spec = REGISTRY[name]
    lr_param = next(p for p in spec.params if p.name == "lr")
    lr_opts = log_options(lr_param.low, lr_param.high)

    def snap(v):
        return min(lr_opts, key=lambda o: abs(np.log(o) - np.log(v)))

    mode = setting(st.radio, "lrlmode", "factor", t("lrlab_mode", L), options=["factor", "direct"],
                   format_func=lambda m: t("lrlab_mode_" + m, L), horizontal=True)
    if mode == "factor":
        good = setting(st.select_slider, "lrlgood", snap(0.05), t("lrlab_good_lr", L), options=lr_opts,
                       format_func=lambda v: f"{v:.3g}")
        factor = setting(st.select_slider, "lrlfac", 10.0, t("lrlab_factor", L), options=FACTORS,
                         format_func=lambda v: f"×{v:g}")
        lrs = lr_trio(good, factor)
    else:
        lrs = tuple(setting(st.select_slider, f"lrl{r}", snap(d), t(f"lrlab_lr_{r}", L), options=lr_opts,
                            format_func=lambda v: f"{v:.3g}")
                    for r, d in zip(REGIME_KEYS, (0.005, 0.05, 0.5)))
    st.caption(t("lrlab_hyper", L))
    hyper = {}
    for p in spec.params:
        if p.main and p.name != "lr":
            hyper[p.name] = param_widget(p, f"lrlh{name}{p.name}", L)
    rest = [p for p in spec.params if not p.main]
    if rest:
        with st.expander(t("more_hyper", L)):
            for p in rest:
                hyper[p.name] = param_widget(p, f"lrlh{name}{p.name}", L)

if surf is None:
    st.stop()
if not lrs[0] < lrs[1] < lrs[2]:
    invalid(t("lrlab_order", L), L)
    st.stop()
try:
    optviz.optimizer(name, lr=lrs[1], **hyper)
except ValueError as e:
    invalid(str(e), L)
    st.stop()

start = tuple(float(v) for v in surf.starts[start_i])
items = cached.hyper_items(hyper)
traj = cached.lr_runs(surf, name, items, lrs, start, steps)
low, high = min(SWEEP_RANGE[0], lr_param.low), max(SWEEP_RANGE[1], lr_param.high)
sweep = cached.sweep(surf, name, items, start, steps, low, high, SWEEP_SIZE)
stab = stability(surf, name, hyper)

st.subheader(t("lrlab_paths_title", L))
chart(trio_paths_figure(surf, traj, L), key="lrl_paths")
cols = st.columns(3)
for c, r in zip(cols, REGIME_KEYS):
    c.markdown(t(f"lrlab_regime_{r}_text", L))

st.subheader(t("lrlab_loss_title", L))
log_loss = setting(st.toggle, "lrllog", True, t("lrlab_log_loss", L))
chart(trio_loss_figure(traj, L, f_min=surf.f_min, log=log_loss), key="lrl_loss")

st.subheader(t("lrlab_sweep_title", L, n=SWEEP_SIZE))
chart(sweep_figure(sweep, L, stability=stab, chosen=lrs), key="lrl_sweep")
st.caption(t("lrlab_sweep_caption", L, steps=steps, n=SWEEP_SIZE, low=f"{low:g}", high=f"{high:g}"))
if sweep.best_lr is not None:
    best = snap(sweep.best_lr)   # the good lr's widget is "lrlgood" in both modes
    st.button(t("lrlab_use_best", L, lr=f"{best:.3g}"), key="lrl_use_best", on_click=put, args=("lrlgood", best))
st.info(t("lrlab_ranges", L))

st.subheader(t("lrlab_stability_title", L))
if stab is not None:
    st.markdown(t("lrlab_stability_gd", L))
    if stab.method != "gd":
        st.markdown(t(f"lrlab_stability_{stab.method if stab.method == 'nesterov' else 'momentum'}", L))
    st.latex(stab.tex)
    wd = hyper.get("weight_decay", 0.0)
    st.markdown(t("lrlab_stability_numbers", L, curv=", ".join(f"{v:.4g}" for v in stab.curvatures),
                  wd=t("lrlab_with_wd", L, wd=f"{wd:g}") if wd else "", L=f"{stab.L:.4g}",
                  bound=f"{stab.bound:.4g}"))
    rows = []
    for i, (r, lr) in enumerate(zip(REGIME_KEYS, lrs)):
        rho = stab.rate(lr)
        verdict = "edge" if abs(rho - 1) < 1e-12 else ("converges" if rho < 1 else "diverges")
        d = int(traj.diverged_at[i, 0])
        rows.append({
            t("lrlab_col_run", L): t(f"lrlab_regime_{r}", L),
            t("lrlab_col_lr", L): f"{lr:.3g}",
            t("lrlab_col_factors", L) + " (" + t("lrlab_factors_gd" if stab.method == "gd" else "lrlab_factors_mom", L)
            + ")": ", ".join(f"{v:+.3g}" if stab.method == "gd" else f"{v:.3g}" for v in stab.factors(lr)),
            t("lrlab_col_rate", L): f"{rho:.4g}",
            t("lrlab_col_verdict", L): t(f"lrlab_verdict_{verdict}", L),
            t("lrlab_col_outcome", L): t("diverged_at", L, step=d) if d >= 0
            else t("lrlab_outcome_ok", L, loss=f"{traj.final_losses[i, 0]:.3g}"),
        })
    table(rows)
    st.caption(t("lrlab_rate_caption", L))
elif name == "sgd" and hyper.get("maximize"):
    st.info(t("lrlab_no_bound_maximize", L))
elif name == "sgd" and surf.hessian is not None:
    st.info(t("lrlab_no_bound_indefinite", L))
elif name == "sgd":
    st.info(t("lrlab_no_bound_surface", L))
else:
    st.info(t("lrlab_no_bound_optimizer", L, name=spec.label))

opt = optviz.optimizer(name, lr=lrs[1], **hyper)
f_lines = torch_loss_lines(surf) or [f"def f(p): ...  # {describe(surf, L, 'title')}: ℹ️"]
torch_code(f_lines + [
    f"start = [{start[0]:.6g}, {start[1]:.6g}]",
    f"for lr in [{', '.join(f'{v:.6g}' for v in lrs)}]:  # too small, good, too big",
    "    params = torch.tensor(start, dtype=torch.float64, requires_grad=True)",
    "    " + opt.torch_code("[params]").replace(f"lr={lrs[1]!r}", "lr=lr"),
    f"    for step in range({steps}):  " + t("lrlab_torch_loop", L),
    "        optimizer.zero_grad()",
    "        loss = f(params)",
    "        loss.backward()",
    "        optimizer.step()",
    t("lrlab_torch_sweep", L, n=SWEEP_SIZE) + f": lr in torch.logspace({np.log10(low):g}, {np.log10(high):g}, {SWEEP_SIZE})",
], L)
if (info := lazy_expander("ℹ️ " + describe(surf, L, "title"), "info")) is not None:
    with info:
        st.latex(surf.tex)
        st.write(describe(surf, L))
        st.markdown(f"**{spec.label}** — " + describe(spec, L))
        st.latex(spec.rule)
