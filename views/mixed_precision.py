"""Mixed precision: float32, float16 without loss scaling and float16 with dynamic loss scaling
(torch's GradScaler) trained side by side; underflowing gradients made visible."""
import streamlit as st

import optviz
from optviz.nets.data import DATASETS, SPECS
from optviz.figures.amp import (precision_loss_figure, range_figure, scale_figure, summary_rows,
                                underflow_figure)
from optviz.i18n import describe, t
from ui import cached
from ui.display import chart, invalid, table, torch_code
from ui.state import lang, put, setting
from ui.widgets import optimizer_editor

L = lang()
OPTIMIZERS = ["adam", "adamw", "sgd", "rmsprop"]
BATCHES = [64, 128, 256]
WIDTHS = [16, 32, 64, 128]
INTERVALS = [5, 10, 20, 50, 100, 200, 500, 1000, 2000]


def _example(k: int, init_k: int, interval: int):
    def apply():
        for key, value in (("ampc", k), ("ampS", init_k), ("ampgi", interval), ("ampgf", 2.0), ("ampbf", 0.5)):
            put(key, value)
    return apply


st.title("🔢 " + t("page_amp", L))
st.caption(t("page_amp_blurb", L))
st.markdown(t("amp_intro", L))

with st.sidebar:
    data = setting(st.selectbox, "ampdata", "digits", t("amp_dataset", L), options=DATASETS,
                   format_func=lambda n: describe(SPECS[n], L, "title"))
    c1, c2 = st.columns(2)
    width = setting(c1.select_slider, "ampw", 64, t("amp_width", L), options=WIDTHS)
    depth = setting(c2.slider, "ampd", 2, t("amp_depth", L), 1, 3)
    name, hyper = optimizer_editor("amp", L, "adam", {"lr": 1e-3}, names=OPTIMIZERS)
    c1, c2 = st.columns(2)
    epochs = setting(c1.slider, "ampep", 5, t("amp_epochs", L), 1, 10)
    batch = setting(c2.select_slider, "ampb", 64, t("amp_batch", L), options=BATCHES)
    k = setting(st.slider, "ampc", -16, t("amp_factor", L), -24, 0, help=t("amp_factor_help", L))
    st.markdown("**" + t("amp_scaler", L) + "**")
    init_k = setting(st.slider, "ampS", 16, t("amp_init_scale", L), 0, 40)
    interval = setting(st.select_slider, "ampgi", 50, t("amp_growth_interval", L), options=INTERVALS)
    c1, c2 = st.columns(2)
    growth = setting(c1.select_slider, "ampgf", 2.0, t("amp_growth_factor", L), options=[1.5, 2.0, 4.0])
    backoff = setting(c2.select_slider, "ampbf", 0.5, t("amp_backoff_factor", L), options=[0.25, 0.5, 0.75])
    seed = setting(st.number_input, "ampseed", 0, t("amp_seed", L), min_value=0, max_value=10_000, step=1)
    st.button(t("amp_underflow_button", L), on_click=_example(-18, 16, 50), width="stretch")
    st.button(t("amp_overflow_button", L), on_click=_example(-16, 36, 20), width="stretch")

hidden = (int(width),) * int(depth)
try:
    opt = optviz.optimizer(name, **hyper)
    runs = cached.precision_runs(data, cached.opt_key(name, hyper), int(epochs), int(batch), hidden,
                                         int(seed or 0), 2.0 ** init_k, float(growth), float(backoff), int(interval),
                                         2.0 ** k)
except ValueError as e:
    invalid(str(e), L)
    st.stop()

st.caption(t("amp_steps_info", L, steps=runs.total_steps, epochs=runs.epochs, spe=runs.steps_per_epoch))
left, right = st.columns(2)
with left:
    st.markdown("**" + t("amp_h_range", L) + "**")
    chart(range_figure(runs, L), key="amp_range")
    st.caption(t("amp_range_caption", L))
with right:
    st.markdown("**" + t("amp_h_loss", L) + "**")
    chart(precision_loss_figure(runs, L), key="amp_loss")
    st.caption(t("amp_loss_caption", L))
left, right = st.columns(2)
with left:
    st.markdown("**" + t("amp_h_underflow", L) + "**")
    chart(underflow_figure(runs, L), key="amp_underflow")
    st.caption(t("amp_underflow_caption", L))
with right:
    st.markdown("**" + t("amp_h_scale", L) + "**")
    chart(scale_figure(runs, L), key="amp_scale")
    st.caption(t("amp_scale_caption", L))
table(summary_rows(runs, L))
st.info(t("amp_why_factor", L), icon="🔍")
st.info(t("amp_bf16", L), icon="🧮")

sizes = runs.sizes
layers = []
for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
    layers.append(f"torch.nn.Linear({n_in}, {n_out})")
    if i < len(sizes) - 2:
        layers.append("torch.nn.ReLU()")
torch_code([
    'device = "cuda" if torch.cuda.is_available() else "cpu"   # float16 autocast also runs on the CPU (slowly)',
    "torch.manual_seed(0)",
    f"model = torch.nn.Sequential({', '.join(layers)}).to(device)",
    opt.torch_code(),
    f"scaler = torch.amp.GradScaler(device, init_scale=2.0**{init_k}, growth_factor={growth}, "
    f"backoff_factor={backoff}, growth_interval={interval})",
    f"loader = torch.utils.data.DataLoader(train_set, batch_size={batch}, shuffle=True)",
    f"c = 2.0**{k}   # loss factor: shrinks every gradient, as in large models",
    f"for epoch in range({epochs}):",
    "    for x, y in loader:",
    "        x, y = x.to(device), y.to(device)",
    "        optimizer.zero_grad()",
    "        with torch.autocast(device, dtype=torch.float16):   # matmuls in float16, loss in float32",
    "            loss = c * torch.nn.functional.cross_entropy(model(x), y)",
    "        scaler.scale(loss).backward()   # backward of S·loss: gradients S times larger in float16",
    "        scaler.step(optimizer)          # grads ÷ S in float32; skipped if any is inf/NaN",
    "        scaler.update()                 # S × backoff_factor after an overflow, × growth_factor after",
    "                                        # growth_interval clean steps",
    "",
    "# without loss scaling: loss.backward(); optimizer.step()   (tiny gradients underflow to 0)",
    "# bfloat16 needs no scaler: torch.autocast(device, dtype=torch.bfloat16)",
], L)
