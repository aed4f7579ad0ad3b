"""Basin map: which minimum each start of a lattice reaches, one map per optimizer."""
import streamlit as st

from optviz import optimizer
from optviz.studies import maps
from optviz.figures.maps import basin_figure
from optviz.i18n import describe, t
from optviz.optimizers import REGISTRY
from optviz.surfaces import SURFACES, surface
from ui import cached
from ui.display import chart, invalid, lazy_expander, table, torch_code
from ui.state import initial, lang, setting
from ui.widgets import optimizer_editor, surface_editor

L = lang()
DEFAULTS = [("sgd", {"lr": 0.01}), ("sgd", {"lr": 0.01, "momentum": 0.9}), ("adam", {"lr": 0.05}),
            ("rmsprop", {"lr": 0.01})]
# surfaces with known minima (global or local) to colour by
NAMES = [n for n in SURFACES if n != "custom" and len(maps.known_minima(surface(n))[0])]

st.title("🧲 " + t("page_basin", L))
st.caption(t("page_basin_blurb", L))

with st.sidebar:
    surf, surf_err = surface_editor("bm", L, default="himmelblau", names=NAMES)
    if surf_err:
        invalid(surf_err, L)
    n = setting(st.slider, "bmn", 60, t("basin_lattice", L), 10, maps.MAX_LATTICE, step=5)
    steps = setting(st.slider, "bmsteps", 300, t("steps", L), 50, maps.MAX_MAP_STEPS, step=50)
    k = setting(st.slider, "bmk", 3, t("n_optimizers", L), 1, maps.MAX_BASIN_OPTIMIZERS)
    opts = []
    for i in range(k):
        dn, dh = DEFAULTS[i]
        with st.expander(f"{i + 1}. {REGISTRY[initial(f'bm{i}n', dn, list(REGISTRY))].label}", expanded=(i == 0)):
            opts.append(optimizer_editor(f"bm{i}", L, dn, dh))

st.markdown(t("basin_intro", L))
if surf is None:
    st.stop()
try:
    optimizers = [optimizer(name, **h) for name, h in opts]
    bmap = cached.basins(surf, tuple(cached.opt_key(name, h) for name, h in opts), n, steps)
except ValueError as e:
    invalid(str(e), L)
    st.stop()

chart(basin_figure(bmap, surf, L, height=460 if k > 2 else 520), key="bm_chart")
st.caption(t("basin_caption", L, radius=f"{bmap.radius:.3g}", steps=bmap.steps))

frac = bmap.fractions()
g = bmap.n_global
rows = [{t("basin_col_optimizer", L): bmap.optimizer_labels[o],
         t("basin_col_global", L): f"{100 * frac[o, :g].sum():.1f}%",
         t("basin_col_local", L): f"{100 * frac[o, g:-2].sum():.1f}%",
         t("basin_col_none", L): f"{100 * frac[o, -2]:.1f}%",
         t("basin_col_diverged", L): f"{100 * frac[o, -1]:.1f}%"} for o in range(len(optimizers))]
table(rows)

if (info := lazy_expander("ℹ️ " + describe(surf, L, "title"), "info")) is not None:
    with info:
        st.latex(surf.tex)
        st.write(describe(surf, L))
        st.markdown(t("basin_explain", L))

torch_code(["# " + t("basin_code", L, n=n)] + [o.torch_code("[params]") for o in optimizers], L)
