"""Edge of stability: full-batch gradient descent on a small network; the sharpness rises to 2/η and
hovers there while the loss keeps falling (Cohen et al., 2021): the LR lab's 2/L bound on a real network."""
from pathlib import Path

import streamlit as st

from optviz.figures.models import eos_loss_figure, eos_summary, sharpness_figure
from optviz.torch_code import eos_code
from optviz.i18n import t
from optviz.nets.sharpness import DEFAULT_LRS
from ui import pages, training
from ui.display import chart, invalid, torch_code
from ui.state import lang, setting

L = lang()
ROOT = Path(__file__).resolve().parent.parent
LR_OPTIONS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]

st.title("⛰️ " + t("eos_title", L))
st.markdown(t("eos_intro", L))

with st.sidebar:
    lrs = setting(st.multiselect, "eoslrs", list(DEFAULT_LRS), t("eos_lrs", L), options=LR_OPTIONS, max_selections=4)
    steps = setting(st.select_slider, "eossteps", 800, t("eos_steps", L), options=[200, 400, 800, 1200, 1600])
    every = setting(st.select_slider, "eosevery", 25, t("eos_every", L), options=[10, 25, 50, 100])
    seed = setting(st.number_input, "eosseed", 0, t("rm_seed", L), min_value=0, max_value=10_000, step=1)


@st.fragment
def results():
    if not lrs:
        invalid(t("eos_bad", L, error="—"), L)
        return
    try:
        r = training.edge_of_stability(tuple(sorted(lrs)), steps, every, int(seed), L)
    except ValueError as e:
        invalid(t("eos_bad", L, error=str(e)), L)
        return
    st.caption(t("eos_setup", L, sizes=" → ".join(map(str, r.sizes)), n=r.n_samples))
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(f"**{t('eos_sharpness', L)}**")
        chart(sharpness_figure(r, L), key="eos_sharpness")
    with c2:
        st.markdown(f"**{t('eos_loss', L)}**")
        chart(eos_loss_figure(r, L), key="eos_loss")
    st.markdown("\n".join(f"- {line}" for line in eos_summary(r, L)))


results()
st.page_link(pages.path("lr_lab"), label=t("eos_link", L), icon="🎚️")
torch_code(eos_code(sorted(lrs) or list(DEFAULT_LRS), steps, every, int(seed)), L)
