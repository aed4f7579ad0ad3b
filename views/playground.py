"""Playground: up to six optimizers racing on one surface, animated."""
import streamlit as st

from optviz.export import animation_gif, trajectories_csv
from optviz.figures import loss_figure, paths_figure, surface3d_figure
from optviz.i18n import describe, t
from optviz.figures.curves import results_rows
from ui import cached
from ui.display import chart, invalid, lazy_expander, table, torch_code
from ui.live_chart import clicked
from ui.state import lang, put, setting, sync_url
from ui.widgets import clip_editor, optimizer_slots, optimizers_or_stop, schedule_editor, surface_editor

L = lang()
DEFAULTS = [("sgd", {"lr": 1e-3}), ("sgd", {"lr": 1e-3, "momentum": 0.9}), ("rmsprop", {"lr": 1e-2}),
            ("adam", {"lr": 5e-2}), ("adamw", {"lr": 5e-2}), ("lion", {"lr": 1e-2})]

st.title("🧭 " + t("page_playground", L))
st.caption(t("page_playground_blurb", L))


def start_from_click() -> bool:
    """A click on the contour moves the start there (before the start widgets are drawn)."""
    pt = clicked("pg_chart")
    if pt is None or (pt["x"], pt["y"]) == st.session_state.get("_pg_last_click"):
        return False
    st.session_state["_pg_last_click"] = (pt["x"], pt["y"])
    put("pgx", round(float(pt["x"]), 3))
    put("pgy", round(float(pt["y"]), 3))
    return True


start_from_click()

with st.sidebar:
    surf, surf_err = surface_editor("pg", L)
    if surf_err:
        invalid(surf_err, L)
    c1, c2 = st.columns(2)
    sx0, sy0 = (surf.starts[0] if surf is not None else (0.0, 0.0))
    x0 = setting(c1.number_input, "pgx", float(round(sx0, 3)), t("start_x", L), step=0.1, format="%.3f")
    y0 = setting(c2.number_input, "pgy", float(round(sy0, 3)), t("start_y", L), step=0.1, format="%.3f")
    if st.button(t("suggested_start", L), width="stretch") and surf is not None:
        put("pgx", float(round(surf.starts[0][0], 3)))
        put("pgy", float(round(surf.starts[0][1], 3)))
        st.rerun()
    steps = setting(st.slider, "pgsteps", 500, t("steps", L), 10, 3000, step=10)
    opts = optimizer_slots("pg", L, DEFAULTS)
    with st.expander(t("schedule_clip_noise", L)):
        sched, sched_err = schedule_editor("pgsch", L)
        if sched_err:
            invalid(sched_err, L)
        clip_kind, clip_at = clip_editor("pg", L)
        noise = setting(st.select_slider, "pgnoise", 0.0, t("grad_noise", L),
                        options=[0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0])
        seed = setting(st.number_input, "pgseed", 0, t("seed", L), min_value=0, max_value=10_000, step=1)

if surf is None:
    st.stop()

optimizers = optimizers_or_stop(opts, L)

traj = cached.run(surf, tuple(cached.opt_key(n, h) for n, h in opts), ((x0, y0),), steps,
                   schedule=sched, clip_norm=clip_at if clip_kind == "norm" else None,
                   clip_value=clip_at if clip_kind == "value" else None, noise=noise, seed=int(seed))


@st.fragment
def results(surf, traj):
    """Charts and table: view, log scale and tolerance rerun only this panel, never the runs."""
    if start_from_click():
        st.rerun()                          # a click moves the start: the whole page runs again
    c_view, c_log, c_tol = st.columns([1.3, 1, 1.7], vertical_alignment="bottom")
    view3d = setting(c_view.segmented_control, "pgview", "2d", t("view", L), options=["2d", "3d"],
                     format_func=lambda v: t("view_" + v, L)) or "2d"
    log_loss = setting(c_log.toggle, "pglog", True, t("log_scale", L))
    tol = setting(c_tol.select_slider, "pgtol", 1e-3, t("tolerance", L), options=[1e-6, 1e-4, 1e-3, 1e-2, 1e-1])
    if view3d == "3d":
        left, right = st.columns([1.25, 1])
        with left:
            chart(surface3d_figure(surf, traj, L), key="pg_chart3d")
        with right:
            chart(loss_figure(traj, L, f_min=surf.f_min, log=log_loss), key="pg_loss")
    else:
        chart(paths_figure(surf, traj, L, height=600, loss=dict(f_min=surf.f_min, log=log_loss)), key="pg_chart",
              on_click=True)
        st.caption(t("click_to_start", L))
    rows = results_rows(traj, surf, tol, L)
    table([{t("col_" + k, L): v for k, v in r.items()} for r in rows])
    sync_url()                              # a run of this panel alone still writes its settings to the URL


results(surf, traj)

d1, d2, d3 = st.columns(3)
d1.download_button("⬇ CSV", lambda: trajectories_csv(traj), file_name=f"optviz-{surf.name}.csv", mime="text/csv",
                   on_click="ignore", width="stretch", help=t("csv_help", L))
d2.download_button("⬇ GIF", lambda: animation_gif(surf, traj), file_name=f"optviz-{surf.name}.gif",
                   mime="image/gif", on_click="ignore", width="stretch", help=t("gif_help", L))
d3.caption(t("png_help", L))

lines = [o.torch_code("[params]") for o in optimizers]
if sched is not None and sched.name != "constant":
    lines.append(sched.torch_code())
if clip_kind == "norm":
    lines.append(f"# each step, before optimizer.step():\ntorch.nn.utils.clip_grad_norm_([params], max_norm={clip_at})")
elif clip_kind == "value":
    lines.append(f"# each step, before optimizer.step():\ntorch.nn.utils.clip_grad_value_([params], clip_value={clip_at})")
torch_code([f"params = torch.tensor([{x0}, {y0}], dtype=torch.float64, requires_grad=True)"] + lines, L)
if (info := lazy_expander("ℹ️ " + describe(surf, L, "title"), "info")) is not None:
    with info:
        st.latex(surf.tex)
        st.write(describe(surf, L))
        for o in optimizers:
            st.markdown(f"**{o.spec.label}** — " + describe(o.spec, L))
            st.latex(o.spec.rule)
