"""LR range test: fastai's lr finder on the real network or on a 2-D surface, with both suggestions marked."""
import numpy as np
import streamlit as st

import optviz
from optviz.studies import lrlab
from optviz.nets.data import SPECS
from optviz.figures import paths_figure
from optviz.figures.nets import range_figure, range_rows, range_spread
from optviz.torch_code import network_range_code, surface_range_code, torch_loss_lines
from optviz.i18n import describe, t
from optviz.nets import ACTIVATIONS
from optviz.optimizers import REGISTRY
from ui import cached, pages, training
from ui.display import chart, invalid, table, torch_code
from ui.state import initial, lang, setting
from ui.widgets import (log_options, network_initial, param_widget, preset_network, preset_optimizer, start_picker,
                        surface_editor)

L = lang()
DEFAULTS = [("sgd", {"momentum": 0.9}), ("adam", {}), ("sgd", {}), ("adamw", {})]
WIDTHS = [2, 4, 8, 16, 32, 64, 128, 256]
BATCHES = [8, 16, 32, 64, 128, 256, 512, 1024]
BETAS = [0.0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99]
STOPS = [2.0, 3.0, 4.0, 5.0, 10.0]
BOUND_NAMES = {"gd": "2/L", "heavy_ball": "2(1+μ)/L", "nesterov": "2(1+μ)/((1+2μ)L)"}

st.title("📈 " + t("page_lrrange", L))
st.caption(t("page_lrrange_blurb", L))

with st.sidebar:
    where = setting(st.radio, "lrrwhere", "network", t("lrr_where", L), options=["network", "surface"],
                    format_func=lambda w: t("lrr_where_" + w, L), horizontal=True)
    if where == "network":   # defaults: the Real network page's current network
        ds = setting(st.selectbox, "lrrds", network_initial("rn", "ds", "moons"), t("rn_dataset", L), options=optviz.DATASETS,
                     format_func=lambda n: describe(SPECS[n], L, "title"))
        n_layers = setting(st.slider, "lrrlayers", int(network_initial("rn", "layers", 1)), t("rn_layers", L), 1, 3)
        hidden = tuple(setting(st.select_slider, f"lrrw{i}", network_initial("rn", f"w{i}", 32), t("rn_width", L, i=i + 1),
                               options=WIDTHS) for i in range(n_layers))
        activation = setting(st.selectbox, "lrract", network_initial("rn", "act", "relu"), t("rn_activation", L),
                             options=list(ACTIVATIONS))
        batch_size = setting(st.select_slider, "lrrbs", network_initial("rn", "bs", 32), t("rn_batch", L), options=BATCHES)
        max_default = 10.0
    else:
        surf, surf_err = surface_editor("lrrs", L, default="quadratic")
        if surf_err:
            invalid(surf_err, L)
        start_i = start_picker("lrrstart", surf, t("lrr_start", L))
        noise = setting(st.select_slider, "lrrnoise", 0.0, t("lrr_noise", L),
                        options=[0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0])
        max_default = 100.0
    seed = setting(st.number_input, "lrrseed", 0, t("seed", L), min_value=0, max_value=10_000, step=1)
    n_opt = setting(st.slider, "lrrk", 2, t("lrr_n_opt", L), 1, 4)
    opts = []
    for i in range(n_opt):
        dn, dh = DEFAULTS[i]
        with st.expander(f"{i + 1}. {REGISTRY[initial(f'lrr{i}n', dn, list(REGISTRY))].label}", expanded=(i < 2)):
            name = setting(st.selectbox, f"lrr{i}n", dn, t("optimizer", L), options=list(REGISTRY),
                           format_func=lambda n: REGISTRY[n].label)
            hyper = {p.name: param_widget(p, f"lrr{i}{name}{p.name}", L, dh.get(p.name) if name == dn else None)
                     for p in REGISTRY[name].params if p.main and p.name != "lr"}
            opts.append((name, hyper))
    st.subheader(t("lrr_ramp", L))
    min_lr = setting(st.select_slider, "lrrmin", 1e-5, t("lrr_min_lr", L), options=log_options(1e-7, 1e-2),
                     format_func=lambda v: f"{v:.3g}")
    max_lr = setting(st.select_slider, f"lrrmax{where}", max_default, t("lrr_max_lr", L),
                     options=log_options(0.1, 100.0), format_func=lambda v: f"{v:.3g}")
    steps = setting(st.slider, "lrrsteps", 100, t("lrr_steps", L), 20, 500, step=10)
    beta = setting(st.select_slider, "lrrbeta", 0.98, t("lrr_beta", L), options=BETAS)
    stop_factor = setting(st.select_slider, "lrrstop", 4.0, t("lrr_stop", L), options=STOPS,
                          format_func=lambda v: f"×{v:g}")

if where == "surface" and surf is None:
    st.stop()
if not min_lr < max_lr:
    invalid(t("lrr_order", L), L)
    st.stop()
try:
    ramped = [optviz.optimizer(n, lr=min_lr, **h) for n, h in opts]
except ValueError as e:
    invalid(str(e), L)
    st.stop()
opt_keys = tuple(cached.opt_key(n, h) for n, h in opts)
gamma = (max_lr / min_lr) ** (1 / (steps - 1))

st.markdown(t("lrr_how", L, gamma=gamma, stop=stop_factor))
st.markdown(t("lrr_smoothing", L))

bounds = []
if where == "network":
    data_args = (ds, None, None, int(seed))
    data = training.dataset(data_args)
    tests = [training.net_range_test(data_args, k, hidden, activation, batch_size, int(seed), min_lr, max_lr,
                                         steps, beta, stop_factor) for k in opt_keys]
    keys = [o.color_key for o in ramped]
    loss_title, log_default = t("lrr_loss_axis", L), False
else:
    start = tuple(float(v) for v in surf.starts[start_i])
    rt = training.surface_range_test(surf, opt_keys, start, min_lr, max_lr, steps, beta, stop_factor, noise,
                                         int(seed))
    tests, keys = list(rt.tests), [x.color_key for x in rt.tests]
    for (n, h), key in zip(opts, keys):
        stab = lrlab.stability(surf, n, h)
        if stab is not None and min_lr <= stab.bound <= max_lr:
            label = t("lrr_bound", L, name=BOUND_NAMES[stab.method], lr=stab.bound)
            if (stab.bound, label, key) not in bounds:
                bounds.append((stab.bound, label, key))
    loss_title, log_default = t("lrr_loss_axis_gap", L), True

st.subheader(t("lrr_plot_title", L))
log_y = setting(st.toggle, f"lrrlog{where}", log_default, t("lrr_log_y", L))
chart(range_figure(tests, L, keys=keys, log_y=log_y, bounds=bounds, stop_factor=stop_factor, loss_title=loss_title),
      key="lrr_plot")
table(range_rows(tests, L, stop_factor))

st.subheader(t("lrr_read_title", L))
st.markdown(t("lrr_read", L))
st.caption(t("lrr_caveats", L))

if where == "network":
    st.info(t("lrr_network_note", L, spread=range_spread(tests, L)), icon="🧠")
    st.markdown(f"**{t('lrr_try_title', L)}**")
    lr_opts = log_options(1e-5, 10.0)
    for i, (x, (n, h)) in enumerate(zip(tests, opts)):
        lr = min(lr_opts, key=lambda o: abs(np.log(o) - np.log(x.suggested_steep)))
        if st.button(t("lrr_try", L, name=REGISTRY[n].label, lr=f"{lr:.3g}"), key=f"lrr_try{i}"):
            preset_optimizer("rn0", n, {**h, "lr": lr})
            preset_network("rn", ds, n_layers, activation, batch_size, hidden)
            st.switch_page(pages.path("real_network"))
    torch_code(network_range_code(data, ramped, hidden=hidden, activation=activation, batch_size=batch_size,
                                  seed=int(seed), min_lr=min_lr, max_lr=max_lr, steps=steps, beta=beta,
                                  stop_factor=stop_factor), L)
else:
    st.info(t("lrr_surface_note", L), icon="📐")
    st.subheader(t("lrr_paths_title", L))
    chart(paths_figure(surf, rt.traj, L, click_grid=False, height=480), key="lrr_paths")
    f_lines = torch_loss_lines(surf) or [f"def f(p): ...  # {describe(surf, L, 'title')}"]
    torch_code(surface_range_code(f_lines, start, ramped, min_lr=min_lr, max_lr=max_lr, steps=steps, beta=beta,
                                  stop_factor=stop_factor, f_ref=rt.f_ref), L)
