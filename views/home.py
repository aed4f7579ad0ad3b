"""Home: what each page teaches, and one live example."""
from pathlib import Path

import streamlit as st

import optviz
from optviz.figures import paths_figure
from optviz.i18n import t
from ui import cached
from ui.display import chart
from ui.pages import PAGES
from ui.state import lang

L = lang()
ROOT = Path(__file__).resolve().parent.parent

st.title("📉 " + t("app_title", L))
st.markdown(t("home_intro", L))

surf = optviz.surface("ravine", condition=50, angle=30)
opts = (("sgd", (("lr", 0.038),)), ("sgd", (("lr", 0.038), ("momentum", 0.6))), ("adam", (("lr", 0.1),)))
traj = cached.run(surf, opts, (tuple(surf.starts[0]),), 150)
st.subheader(t("home_example", L))
chart(paths_figure(surf, traj, L, click_grid=False, height=470, loss=dict(f_min=surf.f_min, log=True)),
      key="home_paths")
st.caption(t("home_example_caption", L))

st.subheader(t("home_pages", L))
cols = st.columns(3)
for n, p in enumerate(q for q in PAGES if q.url != "home" and (ROOT / q.file).exists()):
    with cols[n % 3].container(border=True):
        st.page_link(str(ROOT / p.file), label=t(p.title_key, L), icon=p.icon)
        st.caption(t(p.title_key + "_blurb", L))
