"""Stability map: the outcome of every (lr, β) pair of a grid, computed in one batch."""
import streamlit as st

from optviz.studies import maps
from optviz.figures import paths_figure
from optviz.figures.maps import beta_title, stability_figure
from optviz.i18n import t
from optviz.optimizers import REGISTRY
from ui import cached
from ui.display import chart, invalid, torch_code
from ui.live_chart import clicked
from ui.state import initial, lang, put, setting
from ui.widgets import near_one_options, param_widget, surface_editor

L = lang()
LR_OPTIONS = [float(f"{m}e{e}") for e in range(-5, 1) for m in (1, 2, 5)] + [10.0]   # 1-2-5 steps
TOLS = [1e-6, 1e-4, 1e-3, 1e-2, 1e-1]


def fmt(v):
    return f"{v:.3g}"


def beta_spec(name, bp):
    """The registry Param of the swept β (for its slider range)."""
    spec = REGISTRY[name]
    p = next(q for q in spec.params if q.name == bp)
    return p.parts[0] if p.kind == "pair" else p


def cell_value(key, options, default):
    """The remembered value of a cell selector, moved to `default` when the grid no longer has it."""
    v = st.session_state.get("w:" + key, initial(key, default, options))   # the widget's latest value first
    if v not in options:
        put(key, default)
        v = default
    return v


st.title("🗺️ " + t("page_stability", L))
st.caption(t("page_stability_blurb", L))

with st.sidebar:
    surf, surf_err = surface_editor("sm", L, default="ravine")
    if surf_err:
        invalid(surf_err, L)
    name = setting(st.selectbox, "smopt", "sgd", t("optimizer", L), options=list(REGISTRY),
                   format_func=lambda n: REGISTRY[n].label)
    bp = maps.beta_param(name)
    c1, c2 = st.columns(2)
    lr_lo = setting(c1.select_slider, "smlr0", 1e-4, t("stab_lr_from", L), options=LR_OPTIONS, format_func=fmt)
    lr_hi = setting(c2.select_slider, "smlr1", 1.0, t("stab_lr_to", L), options=LR_OPTIONS, format_func=fmt)
    beta_range = (0.0, 0.0)
    if bp is not None:
        p = beta_spec(name, bp)
        b_opts = near_one_options(p.low, min(p.high, 0.999))
        d0, d1 = (b_opts[0], 0.99) if p.low == 0 else (p.low, 0.999)
        c1, c2 = st.columns(2)
        b_lo = setting(c1.select_slider, f"smb0{name}", d0, t("stab_beta_from", L, beta=beta_title(bp, L)),
                       options=b_opts, format_func=fmt)
        b_hi = setting(c2.select_slider, f"smb1{name}", d1, t("stab_beta_to", L, beta=beta_title(bp, L)),
                       options=b_opts, format_func=fmt)
        beta_range = (b_lo, b_hi)
    n = setting(st.slider, "smn", 100, t("stab_grid", L), 10, maps.MAX_GRID, step=10)
    steps = setting(st.slider, "smsteps", 500, t("steps", L), 50, maps.MAX_MAP_STEPS, step=50)
    tol = setting(st.select_slider, "smtol", 1e-3, t("tolerance", L), options=TOLS, format_func=fmt)
    sx0, sy0 = surf.starts[0] if surf is not None else (0.0, 0.0)
    c1, c2 = st.columns(2)
    x0 = setting(c1.number_input, "smx", float(round(sx0, 3)), t("start_x", L), step=0.1, format="%.3f")
    y0 = setting(c2.number_input, "smy", float(round(sy0, 3)), t("start_y", L), step=0.1, format="%.3f")
    hyper = {}
    others = [q for q in REGISTRY[name].params if q.name not in ("lr", bp)]
    pair = next((q for q in REGISTRY[name].params if q.name == bp and q.kind == "pair"), None)
    with st.expander(t("stab_other_hyper", L)):
        if pair is not None:
            beta2 = param_widget(pair.parts[1], f"sm{name}beta2", L)
            hyper[bp] = (pair.default[0], beta2)
        for q in others:
            hyper[q.name] = param_widget(q, f"sm{name}{q.name}", L)

st.markdown(t("stab_intro", L))
if surf is None:
    st.stop()
if lr_lo >= lr_hi:
    invalid(t("stab_bad_lr_range", L), L)
    st.stop()
if bp is not None and beta_range[0] > beta_range[1]:
    invalid(t("stab_bad_beta_range", L), L)
    st.stop()

# the grid is known before the runs: a click on the map selects a cell before its widgets are drawn
try:
    lrs, betas = maps.grid_values((lr_lo, lr_hi), n, beta_range, n if bp else 1)
except ValueError as e:
    invalid(str(e), L)
    st.stop()
lr_cells, beta_cells = [float(v) for v in lrs], [float(v) for v in betas]
pt = clicked("sm_chart")
if pt is not None and (pt["x"], pt["y"]) != st.session_state.get("_sm_last_click"):
    st.session_state["_sm_last_click"] = (pt["x"], pt["y"])
    put("smcl", maps.nearest_value(lr_cells, 10 ** min(max(float(pt["x"]), -300.0), 300.0), log=True))
    if bp is not None:
        put("smcb", maps.nearest_value(beta_cells, float(pt["y"])))

try:
    smap = cached.stability(surf, name, cached.opt_key(name, hyper)[1], (lr_lo, lr_hi), n, beta_range, n,
                                  (x0, y0), steps, tol)
except ValueError as e:
    invalid(str(e), L)
    st.stop()

metric = setting(st.segmented_control, "smmetric", "loss", t("stab_metric", L), options=["loss", "steps"],
                 format_func=lambda m: t("stab_metric_" + m, L)) or "loss"
if metric == "steps" and smap.target is None:
    st.info(t("stab_no_minimum", L))
    metric = "loss"

default_lr = lr_cells[len(lr_cells) // 2]
default_b = maps.nearest_value(beta_cells, 0.9)
lr_cell = cell_value("smcl", lr_cells, default_lr)
b_cell = cell_value("smcb", beta_cells, default_b) if bp is not None else None
i, j = smap.nearest_cell(lr_cell, b_cell)

div = smap.diverged_at >= 0
col_map, col_path = st.columns([1.15, 1])
with col_map:
    chart(stability_figure(smap, L, metric=metric, selected=(i, j)), key="sm_chart", on_click=True)
    st.caption(t("stab_click", L))
    stats = t("stab_stats", L, div=f"{100 * div.mean():.1f}", reached=f"{100 * (smap.steps_to_target >= 0).mean():.1f}",
              cells=div.size, steps=smap.steps)
    agree = maps.boundary_agreement(smap)
    if agree is not None:
        stats += " " + t("stab_agree", L, pct=f"{100 * agree:.1f}")
    st.markdown(stats)
with col_path:
    c1, c2 = st.columns(2)
    setting(c1.select_slider, "smcl", default_lr, t("stab_cell_lr", L), options=lr_cells, format_func=fmt)
    if bp is not None:
        setting(c2.select_slider, "smcb", default_b, t("stab_cell_beta", L, beta=beta_title(bp, L)),
                options=beta_cells, format_func=fmt)
    cell_opt = smap.optimizer_at(i, j)
    traj = cached.run(surf, (cached.opt_key(cell_opt.name, cell_opt.hyper),), ((x0, y0),), steps)
    d, reach = int(smap.diverged_at[i, j]), int(smap.steps_to_target[i, j])
    status = (t("diverged_at", L, step=d) if d >= 0 else t("stab_reached", L, step=reach) if reach >= 0
              else t("stab_not_reached", L, steps=smap.steps))
    st.markdown(t("stab_cell", L, opt=cell_opt.label(), loss=f"{smap.final_loss[i, j]:.4g}", status=status))
    chart(paths_figure(surf, traj, L, click_grid=False, height=520, frames=40,
                       loss=dict(f_min=surf.f_min, log=surf.f_min is not None, below=True)), key="sm_path")

with st.expander("ℹ️ " + t("stab_theory_title", L), expanded=smap.boundary is not None):
    st.markdown(t("stab_theory", L))
    st.latex(r"\text{GD: } \eta < \frac{2}{L}, \qquad \text{heavy ball: } \eta < \frac{2(1+\beta)}{(1-\tau)L},"
             r"\qquad \text{Nesterov: } \eta < \frac{2(1+\beta)}{(1+2\beta)L}")
    if smap.boundary is None:
        st.caption(t("stab_no_theory", L))

torch_code([f"params = torch.tensor([{x0}, {y0}], dtype=torch.float64, requires_grad=True)",
            "# " + t("stab_code_cell", L),
            cell_opt.torch_code("[params]"),
            "# " + t("stab_code_sweep", L, n_lr=len(lrs), n_beta=len(betas))], L)
