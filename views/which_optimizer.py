"""Which optimizer? The note's comparison table beside measured ranks from live runs."""
import math
from pathlib import Path

import streamlit as st

from optviz import optimizer, surface
from optviz.studies import maps
from optviz.figures import loss_figure, paths_figure
from optviz.figures.maps import evidence_figure, evidence_sweep_figure
from optviz.figures.nets import curves_figure, summary_rows
from optviz.i18n import t
from ui import cached, pages
from ui.display import chart, invalid, table, torch_code
from ui.state import lang, setting

L = lang()
ROOT = Path(__file__).resolve().parent.parent
SURFACES = list(maps.EVIDENCE_SURFACES)
LR_OPTIONS = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
NET_DATA, NET_EPOCHS = "digits", 15

st.title("🏁 " + t("page_which", L))
st.caption(t("page_which_blurb", L))
st.markdown(t("which_intro", L))

with st.sidebar:
    chosen = setting(st.multiselect, "wosurf", SURFACES, t("which_surfaces", L), options=SURFACES,
                     format_func=lambda s: t("which_surface_" + s, L))
    n_lr = setting(st.slider, "wonlr", 25, t("which_n_lr", L), 5, 49, step=2)
    lr_lo = setting(st.select_slider, "wolrlo", 1e-4, t("which_lr_lo", L), options=LR_OPTIONS[:-1],
                    format_func=lambda v: f"{v:g}")
    lr_hi = setting(st.select_slider, "wolrhi", 1.0, t("which_lr_hi", L), options=LR_OPTIONS[1:],
                    format_func=lambda v: f"{v:g}")
    if lr_hi <= lr_lo:
        invalid(t("which_lr_order", L), L)
        lr_hi = LR_OPTIONS[LR_OPTIONS.index(lr_lo) + 1]
    steps = setting(st.slider, "wosteps", 500, t("steps", L), 100, maps.MAX_MAP_STEPS, step=100)
    lr_choice = setting(st.radio, "wolr", "note", t("which_lr_choice", L), options=["note", "torch"],
                        format_func=lambda c: t("which_lr_" + c, L))

if not chosen:
    invalid(t("which_pick_surface", L), L)
    st.stop()
surfaces = tuple(s for s in SURFACES if s in chosen)
try:
    ev = cached.evidence(surfaces, n_lr, steps, lr_choice, (float(lr_lo), float(lr_hi)))
except ValueError as e:
    invalid(str(e), L)
    st.stop()

# ---- the note's table beside the measurements
means = ev.mean_ranks()
agree = ev.agreement()
V = len(ev.labels)


def cell(c, v):
    """"note's rating → measured rank" for criterion c of optimizer v."""
    claim = maps.NOTE_CLAIMS[ev.labels[v]][c]
    word = t(("which_claim_tuning_" if c == "tuning" else "which_claim_") + claim, L)
    return t("which_cell", L, claim=word, r=f"{means[c][v]:.1f}", n=V)


rows = []
for v, label in enumerate(ev.labels):
    general = t("which_claim_" + maps.NOTE_CLAIMS[label]["generalization"], L)
    rows.append({
        t("which_col_optimizer", L): label,
        t("which_col_speed", L): cell("speed", v),
        t("which_col_stability", L): cell("stability", v),
        t("which_col_tuning", L): cell("tuning", v),
        t("which_col_general", L): t("which_general_cell", L, claim=general),
    })
st.subheader(t("which_table_title", L))
table(rows)


def rho_text(c):
    """ρ to one decimal: over 5 optimizers with 2–3 distinct ratings it takes only a few values."""
    r = agree[c]
    if math.isnan(r):
        return "—"
    return t("which_rho", L, r=f"{r:+.1f}", k=maps.distinct_claims(ev.labels, c), n=V)


st.markdown(t("which_agreement", L, speed=rho_text("speed"), stability=rho_text("stability"),
              tuning=rho_text("tuning")))
st.caption(t("which_rho_caution", L, n=V))
st.info(t("which_adamw_note", L), icon="🪶")
st.info(t("which_generalisation", L), icon="🧠")
if (ROOT / "views" / "real_network.py").exists():
    st.page_link(pages.path("real_network"), label=t("page_network", L), icon="🧠")

# ---- the evidence, surface by surface
st.subheader(t("which_evidence_title", L))
criterion = setting(st.segmented_control, "wocrit", "speed", t("which_criterion", L), options=list(maps.CRITERIA),
                    format_func=lambda c: t("which_crit_" + c, L)) or "speed"
chart(evidence_figure(ev, L, criterion=criterion, height=120 + 45 * V), key="wo_evidence")
st.caption(t("which_crit_caption_" + criterion, L, n=len(ev.lrs), lo=f"{ev.lrs[0]:.0e}", hi=f"{ev.lrs[-1]:.0e}",
             steps=ev.steps))
sweep_on = setting(st.selectbox, "wosweep", surfaces[0], t("which_sweep_surface", L), options=list(surfaces),
                   format_func=lambda s: t("which_surface_" + s, L))
chart(evidence_sweep_figure(ev, surfaces.index(sweep_on), L), key="wo_sweep")
st.caption(t("which_sweep_caption", L))

# ---- the five at one lr each on one surface
st.subheader(t("which_default_title", L))
show = setting(st.selectbox, "woshow", surfaces[0], t("surface", L), options=list(surfaces),
               format_func=lambda s: t("which_surface_" + s, L))
s = surfaces.index(show)
kwargs, _, start = maps.EVIDENCE_SURFACES[show]
surf = surface(show, **kwargs)
opts = [optimizer(name, **{**dict(h), "lr": float(lr)}) for name, h, lr in zip(ev.names, ev.hypers, ev.default_lrs)]
traj = cached.run(surf, tuple(cached.opt_key(o.name, o.hyper) for o in opts), (tuple(surf.starts[start]),), steps)
c1, c2 = st.columns([1.15, 1])
with c1:
    chart(paths_figure(surf, traj, L, click_grid=False, height=440, frames=20, max_points=90), key="wo_paths")
with c2:
    chart(loss_figure(traj, L, f_min=surf.f_min, log=surf.f_min is not None, height=440), key="wo_loss")


def outcome(v, k):
    if ev.default_diverged[v, k]:
        return "✗ " + t("diverged", L)
    if ev.default_steps[v, k] >= 0:
        return "✓ " + t("which_steps", L, k=int(ev.default_steps[v, k]))
    return "… " + t("which_not_reached", L)


table([{t("which_col_optimizer", L): f"{lab} (lr={ev.default_lrs[v]:g})",
               **{t("which_surface_" + sn, L): outcome(v, k) for k, sn in enumerate(ev.surfaces)}}
              for v, lab in enumerate(ev.labels)])
st.caption(t("which_default_caption", L, target=f"{ev.targets[s]:g}"))

# ---- the same judgement on a real network, where generalisation can be measured
st.subheader(t("which_net_title", L))
with st.spinner(t("which_net_spinner", L)):
    hist = cached.network_evidence(NET_DATA, NET_EPOCHS)
chart(curves_figure(hist, L, metric="accuracy", height=380), key="wo_net")
table(summary_rows(hist, L))
st.caption(t("which_net_caption", L, data=NET_DATA, epochs=NET_EPOCHS))

# ---- the note's recommendations
st.subheader(t("which_reco_title", L))
RECOS = [("which_reco_default", "optimizer = torch.optim.Adam(\n    model.parameters(), lr=1e-3)"),
         ("which_reco_cnn", "optimizer = torch.optim.SGD(\n    model.parameters(), lr=0.1,\n    momentum=0.9, weight_decay=1e-4)"),
         ("which_reco_transformer", "optimizer = torch.optim.AdamW(\n    model.parameters(), lr=3e-4,\n    weight_decay=0.01)")]
cols = st.columns(3)
for col, (key, code) in zip(cols, RECOS):
    with col.container(border=True):
        st.markdown(t(key, L))
        st.code(code, language="python")

with st.expander("ℹ️ " + t("which_how_title", L)):
    st.markdown(t("which_how", L, n=len(ev.lrs), lo=f"{ev.lrs[0]:g}", hi=f"{ev.lrs[-1]:g}", steps=ev.steps))

torch_code(["# " + t("which_code_runs", L, surface=t("which_surface_" + show, L))]
           + [o.torch_code("[params]") for o in opts], L)
