"""Real network: one small MLP trained with up to six optimizers at once, from the same weights on the
same mini-batches; curves, decision boundaries or a confusion matrix, the loss landscape, the torch code."""
from pathlib import Path

import streamlit as st

import optviz
from optviz.nets.data import SPECS
from optviz.figures.nets import (boundaries_figure, coinciding, confusion_figure, curves_figure, landscape_figure,
                                 steps_figure, summary_rows)
from optviz.i18n import describe, t
from optviz.torch_code import network_code
from optviz.nets import ACTIVATIONS
from ui import cached, training
from ui.display import chart, invalid, table, torch_code
from ui.state import lang, setting
from ui.widgets import clip_editor, optimizer_slots, optimizers_or_stop, schedule_editor

L = lang()
ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = [("sgd", {"lr": 0.1}), ("sgd", {"lr": 0.05, "momentum": 0.9}), ("adam", {"lr": 0.01}),
            ("adamw", {"lr": 0.01}), ("rmsprop", {"lr": 0.001}), ("nadam", {"lr": 0.01})]
WIDTHS = [2, 4, 8, 16, 32, 64, 128, 256]
BATCHES = [8, 16, 32, 64, 128, 256, 512, 1024]
GRID_N = 60                     # decision-boundary grid per side

st.title("🧠 " + t("page_network", L))
st.caption(t("page_network_blurb", L))

with st.sidebar:
    st.subheader(t("rn_data", L))
    ds = setting(st.selectbox, "rnds", "moons", t("rn_dataset", L), options=optviz.DATASETS,
                 format_func=lambda n: describe(SPECS[n], L, "title"))
    spec = SPECS[ds]
    n_samples = noise = None
    if spec.generated:
        n_samples = setting(st.slider, "rnn", spec.n_samples, t("rn_n_samples", L), 100, 2000, step=100)
        lo, hi = spec.noise_range
        noise = setting(st.slider, f"rnnoise{ds}", spec.noise, t("rn_noise", L), float(lo), float(hi), step=0.01)
    st.subheader(t("rn_network", L))
    n_layers = setting(st.slider, "rnlayers", 1, t("rn_layers", L), 1, 3)
    hidden = tuple(setting(st.select_slider, f"rnw{i}", 32, t("rn_width", L, i=i + 1), options=WIDTHS)
                   for i in range(n_layers))
    activation = setting(st.selectbox, "rnact", "relu", t("rn_activation", L), options=list(ACTIVATIONS))
    st.subheader(t("rn_training", L))
    epochs = setting(st.slider, "rnep", 20, t("rn_epochs", L), 1, 100)
    batch_size = setting(st.select_slider, "rnbs", 32, t("rn_batch", L), options=BATCHES)
    seed = setting(st.number_input, "rnseed", 0, t("seed", L), min_value=0, max_value=10_000, step=1)
    opts = optimizer_slots("rn", L, DEFAULTS)
    with st.expander(t("rn_schedule_clip", L)):
        sched, sched_err = schedule_editor("rnsch", L)
        if sched_err:
            invalid(sched_err, L)
        unit = setting(st.radio, "rnunit", "step", t("rn_schedule_unit", L), options=["step", "epoch"],
                       format_func=lambda u: t("rn_unit_" + u, L), horizontal=True)
        clip_kind, clip_at = clip_editor("rn", L)

if sched_err:
    st.stop()
optimizers = optimizers_or_stop(opts, L)

data_args = (ds, n_samples, noise, int(seed))
data = training.dataset(data_args)
opt_keys = tuple(cached.opt_key(n, h) for n, h in opts)
clip_norm = clip_at if clip_kind == "norm" else None
clip_value = clip_at if clip_kind == "value" else None
wanted = training.train_key(data_args, opt_keys, hidden, activation, epochs, batch_size, int(seed), sched, unit,
                                clip_norm, clip_value)
if st.session_state.get("_rn_stopped") == wanted:      # the user stopped this training: wait for a new go
    st.info(t("rn_stopped", L), icon="⏹️")
    if st.button("▶ " + t("rn_train", L), key="rn_go"):
        st.session_state.pop("_rn_stopped", None)
        st.rerun()
    st.stop()
stop_box = st.empty()


def live_view():
    """Only while a training lasts more than a moment: a Stop button (a click interrupts this run and
    keeps it from starting again), the progress bar and live curves with their legend."""
    return training.LiveView(epochs, len(opts), L, [
        lambda p, m=m: curves_figure(p, L, m, x_max=epochs, legend=True) for m in ("loss", "accuracy")],
        on_show=lambda: stop_box.button("⏹ " + t("rn_stop", L), key="rn_stop",
                                        on_click=lambda: st.session_state.__setitem__("_rn_stopped", wanted)))


try:
    h, key = training.train(
        data_args, opt_keys, hidden, activation, epochs, batch_size, int(seed), schedule=sched, schedule_unit=unit,
        clip_norm=clip_norm, clip_value=clip_value, live=live_view)
except ValueError as e:
    invalid(str(e), L)
    st.stop()
stop_box.empty()

st.caption(t("rn_summary", L, n_train=data.n_train, n_test=data.n_test, features=data.n_features,
             classes=data.n_classes, params=h.net.n_params, steps=h.steps_per_epoch) + " " + t("rn_cached", L))
table(summary_rows(h, L))

st.subheader(t("rn_curves_title", L))
c_loss, c_acc = st.columns(2)
with c_loss:
    st.markdown(f"**{t('rn_loss_title', L)}**")
    chart(curves_figure(h, L, "loss"), key="rn_loss")
with c_acc:
    st.markdown(f"**{t('rn_acc_title', L)}**")
    chart(curves_figure(h, L, "accuracy"), key="rn_acc")
st.caption(t("rn_curves_caption", L))
for i, j in coinciding(h):
    adamw = {opts[i][0], opts[j][0]} == {"adam", "adamw"}
    st.caption(t("rn_coincide", L, a=h.labels[i], b=h.labels[j]) + (" " + t("rn_coincide_adamw", L) if adamw else ""))

with st.expander(t("rn_steps_title", L)):
    c_what, c_log = st.columns([3, 1], vertical_alignment="bottom")
    what = setting(c_what.segmented_control, "rnwhat", "loss", t("rn_steps_what", L),
                   options=["loss", "grad_norm", "lr"], format_func=lambda w: t("rn_what_" + w, L)) or "loss"
    log_steps = setting(c_log.toggle, "rnlog", False, t("rn_log_y", L))
    chart(steps_figure(h, L, what, log=log_steps), key="rn_steps")

if data.is_2d:
    st.subheader(t("rn_boundary_title", L))
    snaps = [int(e) for e in h.snapshot_epochs]
    ep = setting(st.select_slider, "rnbep", snaps[-1], t("rn_boundary_epoch", L), options=snaps)
    grids = training.decision_grids(key, snaps.index(ep), GRID_N, _history=h, _data=data)
    chart(boundaries_figure(grids, data, h, L, epoch=ep), key="rn_boundary")
    st.caption(t("rn_boundary_caption", L))
else:
    st.subheader(t("rn_confusion_title", L))
    labels = list(range(h.n_optimizers))
    k = setting(st.selectbox, "rncm", h.best(), t("rn_confusion_which", L), options=labels,
                format_func=lambda i: h.labels[i])
    cm = training.confusion(key, k, _history=h, _data=data)
    chart(confusion_figure(cm, data.class_names, L, title=h.labels[k]), key="rn_confusion")
    st.caption(t("rn_confusion_caption", L, right=int(cm.trace()), total=int(cm.sum())))

st.subheader(t("rn_landscape_title", L))
if setting(st.toggle, "rnland", True, t("rn_landscape_show", L)):
    c1, c2, c3 = st.columns(3)
    method = setting(c1.radio, "rnlm", "pca", t("rn_landscape_method", L), options=["pca", "random"],
                     format_func=lambda m: t("rn_method_" + m, L), horizontal=True)
    n_max = training.landscape_max_n(h.net.n_params)
    n_grid = setting(c2.slider, "rnln", min(21, n_max), t("rn_landscape_n", L, n=n_max), 3, n_max, step=2)
    span = setting(c3.select_slider, "rnlspan", 1.0, t("rn_landscape_span", L), options=[0.5, 1.0, 1.5, 2.0, 3.0])
    ls = training.landscape(key, n_grid, span, method, _history=h, _data=data)
    chart(landscape_figure(ls, h, L), key="rn_landscape")
    centre = t("rn_centre", L, label=h.labels[ls.centre_index])
    st.caption(t("rn_landscape_caption_" + method, L, centre=centre, e1=ls.explained[0], e2=ls.explained[1]))

st.subheader(t("rn_notice_title", L))
st.markdown(t("rn_notice", L))
st.markdown(t("rn_links", L))
links = st.columns(3)
for i, (page, title, icon) in enumerate([("playground", "page_playground", "🧭"), ("lr_lab", "page_lr", "🎚️"),
                                         ("which_optimizer", "page_which", "🏁"), ("schedule_lab", "page_schedule", "📅"),
                                         ("clipping", "page_clipping", "✂️"), ("lr_range_test", "page_lrrange", "📈")]):
    path = ROOT / "views" / f"{page}.py"
    if path.exists():
        links[i % 3].page_link(str(path), label=t(title, L), icon=icon)

torch_code(network_code(data, optimizers, hidden=hidden, activation=activation, epochs=epochs, batch_size=batch_size,
                        seed=int(seed), schedule=sched, schedule_unit=unit, clip_grad_norm=clip_norm,
                        clip_grad_value=clip_value), L)
