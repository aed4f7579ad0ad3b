"""Batch size & noise: batch GD, SGD and mini-batches as one optimizer under the gradient noise
of several batch sizes."""
import math

import streamlit as st

import optviz
from optviz.figures.noise import (batch_loss_figure, batch_paths_figure, distance_figure, wander_rows,
                                  zoom_box)
from optviz.i18n import t
from optviz.optimizers import REGISTRY
from ui import cached
from ui.display import chart, invalid, table, torch_code
from ui.state import lang, put, setting
from ui.widgets import log_options, optimizer_editor, surface_editor

L = lang()
BATCH_OPTIONS = [1, 2, 4, 8, 16, 32, 64, "N"]
NOISE_OPTIONS = [0.0, 0.1, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0]
DATASET_OPTIONS = [100, 200, 500, 1000, 2000, 5000, 10000]


def _new_noise():
    put("bnseed", int(st.session_state.get("w:bnseed") or 0) + 1)


def _nearest_lr(lr: float) -> float:
    """The lr slider's option closest to `lr` (the slider only takes its own options)."""
    p = next(q for q in REGISTRY["sgd"].params if q.name == "lr")
    return min(log_options(p.low, p.high), key=lambda o: abs(math.log(o / lr)))


def _escape_example():
    """Six-hump camel from its suggested start, plain SGD at lr ≈ 0.03, σ = 2: the note's 'SGD can escape'."""
    s = optviz.surface("six_hump_camel")
    for key, value in (("bns", "six_hump_camel"), ("bnx", float(round(s.starts[0][0], 3))),
                       ("bny", float(round(s.starts[0][1], 3))), ("bnn", "sgd"), ("bnlr", _nearest_lr(0.03)),
                       ("bnmomentum", 0.0), ("bnnoise", 2.0), ("bnN", 1000), ("bnB", [1, 8, 64, "N"]),
                       ("bnsteps", 400)):
        put(key, value)


st.title("🎲 " + t("page_batch", L))
st.caption(t("page_batch_blurb", L))
st.markdown(t("batchnoise_intro", L))

with st.sidebar:
    surf, surf_err = surface_editor("bn", L, default="ravine")
    if surf_err:
        invalid(surf_err, L)
    c1, c2 = st.columns(2)
    sx0, sy0 = surf.starts[0] if surf is not None else (0.0, 0.0)
    x0 = setting(c1.number_input, "bnx", float(round(sx0, 3)), t("batchnoise_start_x", L), step=0.1, format="%.3f")
    y0 = setting(c2.number_input, "bny", float(round(sy0, 3)), t("batchnoise_start_y", L), step=0.1, format="%.3f")
    name, hyper = optimizer_editor("bn", L, "sgd", {"lr": 0.03})
    steps = setting(st.slider, "bnsteps", 400, t("batchnoise_steps", L), 50, 2000, step=50)
    noise = setting(st.select_slider, "bnnoise", 2.0, t("batchnoise_noise", L), options=NOISE_OPTIONS,
                    format_func=lambda v: f"{v:g}")
    N = setting(st.select_slider, "bnN", 1000, t("batchnoise_dataset", L), options=DATASET_OPTIONS)
    chosen = setting(st.multiselect, "bnB", [1, 8, 64, "N"], t("batchnoise_batches", L), options=BATCH_OPTIONS,
                     format_func=lambda b: t("batchnoise_full_option", L) if b == "N" else f"B = {b}")
    seed = setting(st.number_input, "bnseed", 0, t("batchnoise_seed", L), min_value=0, max_value=1_000_000, step=1)
    st.button(t("batchnoise_new_noise", L), on_click=_new_noise, help=t("batchnoise_new_noise_help", L),
              width="stretch")
    st.button(t("batchnoise_escape_button", L), on_click=_escape_example, width="stretch")

if surf is None:
    st.stop()
batch_sizes = tuple(sorted({N if b == "N" else int(b) for b in chosen}))
if not batch_sizes:
    st.info(t("batchnoise_pick_one", L))
    st.stop()
try:
    opt = optviz.optimizer(name, **hyper)
    runs = cached.batch_runs(surf, cached.opt_key(name, hyper), (x0, y0), int(steps), float(noise),
                                   batch_sizes, int(N), int(seed))
except ValueError as e:
    invalid(str(e), L)
    st.stop()
runs = list(zip(batch_sizes, runs))
half = int(steps) // 2

left, right = st.columns(2)
with left:
    st.markdown("**" + t("batchnoise_h_paths", L) + "**")
    chart(batch_paths_figure(surf, runs, N, L, height=480), key="bn_paths")
with right:
    st.markdown("**" + t("batchnoise_h_zoom", L) + "**")
    box = zoom_box(surf, runs, half)
    if box is None:
        st.info(t("batchnoise_no_minimum", L))
    else:
        chart(batch_paths_figure(surf, runs, N, L, view=box, from_step=half, height=480), key="bn_zoom")
        st.caption(t("batchnoise_zoom_caption", L))

left, right = st.columns(2)
with left:
    st.markdown("**" + t("batchnoise_h_loss", L) + "**")
    per = setting(st.radio, "bnper", "step", t("batchnoise_per", L), options=["step", "epoch"],
                  format_func=lambda p: t(f"batchnoise_per_{p}", L), horizontal=True)
    chart(batch_loss_figure(runs, N, L, per=per, f_min=surf.f_min), key="bn_loss")
    st.caption(t("batchnoise_loss_caption", L))
if box is not None:
    with right:
        st.markdown("**" + t("batchnoise_h_wander", L) + "**")
        chart(distance_figure(surf, runs, N, L, from_step=half), key="bn_dist")
else:
    st.markdown("**" + t("batchnoise_h_wander", L) + "**")
# the table's five columns need the page's width (half of a 1024 px page cuts its last column)
table(wander_rows(surf, runs, noise, N, L, from_step=half))
st.caption(t("batchnoise_wander_caption", L))
st.info(t("batchnoise_escape_text", L), icon="🎯")

torch_code([
    f"# N = {N} examples; batch_size=1 is SGD, batch_size=len(dataset) is batch gradient descent",
    *(f"loader_{b} = torch.utils.data.DataLoader(dataset, batch_size={b}, shuffle=True)" for b in batch_sizes),
    "model = ...   # your network",
    opt.torch_code(),
    "for epoch in range(num_epochs):",
    f"    for x_batch, y_batch in loader_{batch_sizes[0]}:   # N / B steps per epoch",
    "        optimizer.zero_grad()",
    "        loss = criterion(model(x_batch), y_batch)",
    "        loss.backward()",
    "        optimizer.step()",
    "",
    f"# this page: g = grad_f(theta) + noise * sqrt((N - B) / (B * (N - 1))) * torch.randn(2)   (noise = {noise:g})",
], L)
