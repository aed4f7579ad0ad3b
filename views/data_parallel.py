"""Data parallel: K simulated workers average their gradients as DistributedDataParallel does."""
import streamlit as st

import optviz
from optviz.nets.data import DATASETS, SPECS
from optviz.figures.parallel import (cloud_figure, noise_figure, parallel_loss_figure, parallel_paths_figure,
                                     step_arrows_figure, step_rows)
from optviz.figures.noise import zoom_box
from optviz.i18n import describe, t
from optviz.nets.parallel import ring_traffic
from ui import cached
from ui.display import chart, invalid, table, torch_code
from ui.state import lang, setting
from ui.widgets import optimizer_editor, surface_editor

L = lang()
BATCHES = [4, 8, 16, 32, 64]
WIDTHS = [8, 16, 32, 64]
NOISE_WORKERS = (1, 2, 4, 8, 16)
DRAWS = 300
SURFACE_WORKERS = (1, 2, 4, 8)

st.title("🔗 " + t("page_ddp", L))
st.caption(t("page_ddp_blurb", L))
st.markdown(t("ddp_intro", L))

with st.sidebar:
    data = setting(st.selectbox, "ddpdata", "digits", t("ddp_dataset", L), options=DATASETS,
                   format_func=lambda n: describe(SPECS[n], L, "title"))
    width = setting(st.select_slider, "ddpw", 32, t("ddp_width", L), options=WIDTHS)
    K = setting(st.slider, "ddpk", 4, t("ddp_workers", L), 1, 16)
    B = setting(st.select_slider, "ddpb", 16, t("ddp_batch", L), options=BATCHES)
    seed = setting(st.number_input, "ddpseed", 0, t("ddp_seed", L), min_value=0, max_value=10_000, step=1)
    step_i = setting(st.number_input, "ddpstep", 0, t("ddp_step_index", L), min_value=0, max_value=50, step=1)

hidden = (int(width),)
n_train = optviz.dataset(data, seed=int(seed or 0)).n_train
# one part at a time: only the charts of the part shown are computed and sent to the browser
SECTIONS = ("step", "noise", "surface")
section = setting(st.segmented_control, "ddpsec", "step", t("ddp_section", L), options=list(SECTIONS),
                  format_func=lambda s: t("ddp_h_" + s, L)) or "step"
step = None
if section == "step":
    st.subheader(t("ddp_h_step", L))
    try:
        step = cached.ddp_step(data, int(K), int(B), hidden, int(seed or 0), int(step_i or 0))
    except ValueError as e:
        invalid(str(e), L)
if step is not None:
    left, right = st.columns([1.2, 1])
    with left:
        chart(step_arrows_figure(step, L), key="ddp_arrows")
        st.caption(t("ddp_step_caption", L))
    with right:
        table(step_rows(step, L))
        st.markdown("\n".join([
            f"- {t('ddp_metric_diff', L)}: **{step.max_difference:.1e}** — "
            f"{t('ddp_metric_diff_help', L, p=step.n_params)}",
            f"- {t('ddp_metric_spread', L)}: **{step.replica_spread:.1e}** — {t('ddp_metric_spread_help', L)}",
            f"- {t('ddp_metric_traffic', L)}: **{ring_traffic(step.n_params, step.workers):,.0f}** — "
            f"{t('ddp_metric_traffic_help', L, p=step.n_params)}"]))
    st.markdown(t("ddp_ring", L))

ks = tuple(k for k in NOISE_WORKERS if k * int(B) <= n_train)
if section == "noise":
    st.subheader(t("ddp_h_noise", L))
if section == "noise" and len(ks) < 2:
    st.info(t("ddp_noise_too_few", L, b=B, n=n_train))
elif section == "noise":
    noise = cached.ddp_noise(data, ks, int(B), hidden, int(seed or 0), DRAWS)
    left, right = st.columns(2)
    with left:
        chart(noise_figure(noise, L), key="ddp_noise")
        st.caption(t("ddp_noise_caption", L, draws=DRAWS, b=B, slope=noise.slope()))
    with right:
        chart(cloud_figure(noise, L), key="ddp_cloud")
        st.caption(t("ddp_cloud_caption", L))


def surface_part():
    """K workers on a 2-D surface: the noise of a K× larger batch (the Batch size & noise page's
    experiment, with workers)."""
    st.subheader(t("ddp_h_surface", L))
    st.markdown(t("ddp_surface_text", L))
    c1, c2, c3 = st.columns(3)
    with c1:
        surf, surf_err = surface_editor("ddps", L, default="ravine")
        if surf_err:
            invalid(surf_err, L)
        s_name, s_hyper = optimizer_editor("ddpo", L, "sgd", {"lr": 0.03}, names=["sgd", "adam"], show_more=False)
    with c2:
        sB = setting(st.select_slider, "ddpsB", 2, t("ddp_surface_batch", L), options=[1, 2, 4, 8, 16])
        sigma = setting(st.select_slider, "ddpsig", 2.0, t("ddp_surface_noise", L),
                        options=[0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0])
        sN = setting(st.select_slider, "ddpsN", 1000, t("ddp_surface_n", L), options=[200, 500, 1000, 2000, 5000, 10000])
    with c3:
        s_steps = setting(st.slider, "ddpT", 300, t("ddp_surface_steps", L), 50, 1000, step=50)
        s_seed = setting(st.number_input, "ddpnseed", 0, t("ddp_surface_seed", L), min_value=0, max_value=10_000, step=1)
        scale_lr = setting(st.toggle, "ddpslin", False, t("ddp_scale_lr", L), help=t("ddp_scale_lr_help", L))

    runs = None
    if surf is not None:
        try:
            s_opt = optviz.optimizer(s_name, **s_hyper)
            runs = cached.ddp_surface(surf, cached.opt_key(s_name, s_hyper), tuple(surf.starts[0]),
                                              SURFACE_WORKERS, int(sB), float(sigma), int(sN), int(s_steps),
                                              int(s_seed or 0), bool(scale_lr))
        except ValueError as e:
            invalid(str(e), L)
    if runs is not None:
        half = int(s_steps) // 2
        left, right = st.columns(2)
        with left:
            st.markdown("**" + t("ddp_h_paths", L) + "**")
            chart(parallel_paths_figure(surf, SURFACE_WORKERS, runs, int(sB), L), key="ddp_paths")
        with right:
            st.markdown("**" + t("ddp_h_zoom", L) + "**")
            box = zoom_box(surf, [(k * int(sB), r) for k, r in zip(SURFACE_WORKERS, runs)], half)
            if box is not None:
                chart(parallel_paths_figure(surf, SURFACE_WORKERS, runs, int(sB), L, view=box, from_step=half),
                      key="ddp_zoom")
        chart(parallel_loss_figure(SURFACE_WORKERS, runs, int(sB), L, f_min=surf.f_min, height=320),
              key="ddp_surface_loss")
        if scale_lr:
            st.caption(t("ddp_scale_lr_caption", L))


if section == "surface":
    surface_part()

st.subheader(t("ddp_h_real", L))
st.markdown(t("ddp_real", L))
torch_code([
    "# launch: torchrun --nproc_per_node=K train.py   (one process per GPU)",
    "import os",
    "import torch.distributed as dist",
    "from torch.nn.parallel import DistributedDataParallel as DDP",
    "from torch.utils.data import DataLoader, DistributedSampler",
    "",
    'dist.init_process_group("nccl")                 # "gloo" on CPUs',
    'local_rank = int(os.environ["LOCAL_RANK"])',
    "torch.cuda.set_device(local_rank)",
    f"model = torch.nn.Sequential(torch.nn.Linear({step.sizes[0] if step else 64}, {width}), torch.nn.ReLU(), "
    f"torch.nn.Linear({width}, {step.sizes[-1] if step else 10})).cuda()",
    "model = DDP(model, device_ids=[local_rank])      # same start on every rank; gradients all-reduced in backward",
    f"sampler = DistributedSampler(train_set, shuffle=True, seed={int(seed or 0)})   # disjoint shard per rank",
    f"loader = DataLoader(train_set, batch_size={B}, sampler=sampler)   # B per GPU, K·B per step",
    "optimizer = torch.optim.SGD(model.parameters(), lr=base_lr * dist.get_world_size())   # linear scaling rule",
    "for epoch in range(num_epochs):",
    "    sampler.set_epoch(epoch)                      # a different shuffle every epoch",
    "    for x, y in loader:",
    "        optimizer.zero_grad()",
    "        loss = torch.nn.functional.cross_entropy(model(x.cuda()), y.cuda())",
    "        loss.backward()                           # all-reduce: every rank now holds the mean gradient",
    "        optimizer.step()                          # identical step on every replica",
    "dist.destroy_process_group()",
], L)
