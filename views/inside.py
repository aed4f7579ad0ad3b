"""Inside the optimizer: the state of one optimizer step by step, Adam's bias correction, and
Adam + L2 against AdamW."""
import streamlit as st

import optviz
from optviz.figures import paths_figure
from optviz.figures.inside import bias_figure, decay_figure, endpoint_rows, step_table, trace_figure, walkthrough
from optviz.i18n import describe, t
from optviz.studies.inside import NumberListError, parse_numbers
from optviz.optimizers import Param
from ui import cached
from ui.display import chart, invalid, table, torch_code
from ui.state import lang, setting
from ui.widgets import optimizer_editor, param_widget, surface_editor

L = lang()
MAX_GRADS = 200
# example -> (optimizer, hyperparameters, gradients): the note's worked examples first
EXAMPLES = {
    "momentum": ("sgd", {"lr": 0.1, "momentum": 0.9}, "2.0, 1.8"),
    "rmsprop": ("rmsprop", {"lr": 0.1, "alpha": 0.9}, "10, 12"),
    "adam": ("adam", {"lr": 0.1}, "2.0, 1.8, 1.5, -1.0, 1.2, 1.0, 0.8, 0.8"),
    "custom": ("adam", {"lr": 0.01}, "1, -0.5, 2, 0.1, 0, -1, 3"),
}
MORALS = {"sgd": "inside_moral_momentum", "rmsprop": "inside_moral_rmsprop", "adam": "inside_moral_adam",
          "adamw": "inside_moral_adam"}
G_SCALES = [1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0, 1e3, 1e4]
BIAS_LR = 0.01
WD_SURFACES = ["himmelblau", "booth", "rosenbrock", "beale", "quadratic", "ravine"]

st.title("🔬 " + t("page_inside", L))
st.caption(t("page_inside_blurb", L))
st.markdown(t("inside_intro", L))

# one part at a time: only the charts of the part shown are computed and sent to the browser
section = setting(st.segmented_control, "insec", "steps", t("inside_section", L), options=["steps", "bias", "wd"],
                  format_func=lambda s: t("inside_h_" + s, L)) or "steps"


def steps_part():
    """1. one optimizer's state, step by step, for gradients the user types."""
    st.subheader(t("inside_h_steps", L))
    left, right = st.columns([1, 2.2])
    with left:
        ex = setting(st.selectbox, "inex", "momentum", t("inside_example", L), options=list(EXAMPLES),
                     format_func=lambda e: t(f"inside_ex_{e}", L), help=t("inside_example_help", L))
        dn, dh, dg = EXAMPLES[ex]
        name, hyper = optimizer_editor(f"in{ex}", L, dn, dh)
        grads_text = setting(st.text_input, f"in{ex}g", dg, t("inside_grads", L), help=t("inside_grads_help", L))
        theta0 = setting(st.number_input, "inth0", 0.0, t("inside_theta0", L), step=0.5, format="%.4g")

    opt, grads = None, None
    with left:
        try:
            opt = optviz.optimizer(name, **hyper)
        except ValueError as e:
            invalid(str(e), L)
        try:
            grads = parse_numbers(grads_text, MAX_GRADS)
        except NumberListError as e:
            invalid(t(f"inside_err_{e.kind}", L, index=e.index, token=e.token, limit=e.limit), L)

    if opt is not None and grads is not None:
        tr = cached.inside_trace(cached.opt_key(name, hyper), tuple(grads), float(theta0))
        with right:
            table(step_table(tr, L))
            st.caption(t("inside_table_caption", L))
            for line in walkthrough(opt, tr, L):
                st.markdown(line)
            if "delta_eps_inside" in tr:
                moves = {k: ", ".join(f"{abs(d):.3f}" for d in tr[k][:3]) for k in ("delta", "delta_eps_inside")}
                st.info(t("inside_eps_note", L, eps=f"{hyper['eps']:g}", torch=moves["delta"],
                          note=moves["delta_eps_inside"]), icon="ℹ️")
            if name in MORALS and (name != "sgd" or hyper["momentum"] > 0):
                st.markdown(t(MORALS[name], L))
        chart(trace_figure(tr, L, color_key=opt.color_key), key="in_trace")
        torch_code([f"theta = torch.tensor([{float(theta0)!r}], dtype=torch.float64, requires_grad=True)",
                    opt.torch_code("[theta]"),
                    f"for g in {[float(g) for g in grads]}:",
                    "    optimizer.zero_grad()",
                    "    theta.grad = torch.tensor([g], dtype=torch.float64)   # the gradient you typed",
                    "    optimizer.step()",
                    "    print(theta.item(), optimizer.state[theta])   # momentum_buffer / exp_avg / exp_avg_sq / …"], L)
        with st.expander("ℹ️ " + opt.spec.label):
            st.latex(opt.spec.rule)
            st.write(describe(opt.spec, L))


# ---- 2. Adam's bias correction ---------------------------------------------------------------
def bias_part():
    """2. Adam with and without bias correction."""
    st.subheader(t("inside_h_bias", L))
    st.markdown(t("inside_bias_text", L))
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        b1 = param_widget(Param("beta1", 0.9, 0.0, 0.999, symbol=r"\beta_1"), "inbcb1", L)
    with c2:
        b2 = param_widget(Param("beta2", 0.999, 0.5, 0.9999, symbol=r"\beta_2"), "inbcb2", L)
    with c3:
        g_bias = setting(st.select_slider, "inbcg", 1.0, t("inside_bias_g", L), options=G_SCALES,
                         format_func=lambda v: f"{v:g}")
    with c4:
        bias_steps = setting(st.slider, "inbcsteps", 200, t("inside_bias_steps", L), 10, 2000, step=10)
    adam_key = cached.opt_key("adam", {"lr": BIAS_LR, "betas": (b1, b2)})
    tr_bias = cached.inside_trace(adam_key, (float(g_bias),) * int(bias_steps))
    chart(bias_figure(tr_bias, float(g_bias), BIAS_LR, L), key="in_bias")
    first_gs = (1e-3, 1.0, 1e3, -1e3)
    adam_first = cached.first_steps(adam_key, first_gs)
    sgd_first = cached.first_steps(cached.opt_key("sgd", {"lr": BIAS_LR}), first_gs)
    st.caption(t("inside_first_step_caption", L, lr=BIAS_LR))
    table([{t("inside_col_g1", L): g, "Adam |Δθ₁|": float(a), "SGD |Δθ₁|": float(s)}
           for g, a, s in zip(first_gs, adam_first, sgd_first)])
    torch_code([f"optimizer = torch.optim.Adam([theta], lr={BIAS_LR}, betas=({b1}, {b2}))",
                "# torch always corrects both moments:",
                "#   step = lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)"], L)


# ---- 3. Adam + L2 vs AdamW -------------------------------------------------------------------
def wd_part():
    """3. Adam + L2 against AdamW on a surface."""
    st.subheader(t("inside_h_wd", L))
    st.markdown(t("inside_wd_text", L))
    w1, w2, w3 = st.columns(3)
    with w1:
        surf, surf_err = surface_editor("inwd", L, default="himmelblau", names=WD_SURFACES)
        if surf_err:
            invalid(surf_err, L)
    with w2:
        lam = param_widget(Param("weight_decay", 0.5, 0.0, 1.0, symbol=r"\lambda"), "inwdlam", L,
                           label=t("inside_wd_lambda", L))
        wd_lr = param_widget(Param("lr", 0.05, 1e-4, 1.0, log=True, symbol=r"\eta"), "inwdlr", L)
        wd_steps = setting(st.slider, "inwdsteps", 600, t("inside_wd_steps", L), 10, 2000, step=10)
    with w3:
        sx, sy = surf.starts[0] if surf is not None else (0.0, 0.0)
        x0 = setting(st.number_input, "inwdx", float(round(sx, 3)), t("inside_start_x", L), step=0.1, format="%.3f")
        y0 = setting(st.number_input, "inwdy", float(round(sy, 3)), t("inside_start_y", L), step=0.1, format="%.3f")

    if surf is not None:
        keys = (cached.opt_key("adam", {"lr": wd_lr, "weight_decay": lam}),
                cached.opt_key("adamw", {"lr": wd_lr, "weight_decay": lam}))
        traj = cached.run(surf, keys, ((x0, y0),), int(wd_steps))
        p1, p2 = st.columns([1.2, 1])
        with p1:
            chart(paths_figure(surf, traj, L, click_grid=False, height=480), key="in_wd_paths")
        with p2:
            paths = [cached.inside_path(k, surf, (x0, y0), int(wd_steps)) for k in keys]
            chart(decay_figure([("Adam + L2", "adam", paths[0]), ("AdamW", "adamw", paths[1])], L, height=300),
                  key="in_wd_decay")
            table(endpoint_rows(traj, surf, L))
            st.caption(t("inside_wd_caption", L))
        torch_code([f"params = torch.tensor([{x0}, {y0}], dtype=torch.float64, requires_grad=True)",
                    f"adam_l2 = torch.optim.Adam([params], lr={wd_lr}, weight_decay={lam})   # λθ added to the gradient",
                    f"adamw = torch.optim.AdamW([params], lr={wd_lr}, weight_decay={lam})    # θ ← θ(1 − lr·λ), then Adam"],
                   L)


{"steps": steps_part, "bias": bias_part, "wd": wd_part}[section]()
