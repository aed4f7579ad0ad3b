"""Real models: a small CNN, a tiny Transformer or an RNN trained with up to six optimizers at once (each
with its schedule and clipping), the note's claim next to what the run shows, and the torch code."""
import dataclasses

import streamlit as st

from optviz.figures.models import result_lines, warmup_lines
from optviz.torch_code import model_code
from optviz.figures.nets import curves_figure, steps_figure
from optviz.i18n import t
from optviz.nets.models import MODEL_SPECS, RECIPES
from optviz.optimizers import REGISTRY
from ui import cached, training
from ui.display import chart, invalid, torch_code
from ui.state import initial, lang, put, setting
from ui.widgets import optimizer_editor, optimizers_or_stop, preset_optimizer

L = lang()
MODELS = ["cnn", "transformer", "rnn"]
EXTRA = [("adam", {"lr": 1e-3}, "none", None), ("sgd", {"lr": 0.05, "momentum": 0.9}, "none", None),
         ("rmsprop", {"lr": 1e-3}, "none", None), ("adamw", {"lr": 1e-3}, "none", None),
         ("nadam", {"lr": 2e-3}, "none", None), ("sgd", {"lr": 0.01}, "none", None)]
CLIPS = [0.0, 0.1, 0.3, 1.0, 3.0, 10.0]
BATCHES = [8, 16, 32, 64, 128, 256]
MAX_OPT = 6


def defaults(model):
    rec = list(MODEL_SPECS[model].recommended)
    return (rec + EXTRA)[:MAX_OPT]


def apply_recommendations(model):
    """The note's recipe for this model: its optimizers, schedules and clipping in the first slots."""
    rec = MODEL_SPECS[model].recommended
    put(f"rm{model}k", len(rec))
    for i, (name, hyper, recipe, clip) in enumerate(rec):
        full = {p.name: p.default for p in REGISTRY[name].params} | dict(hyper)
        preset_optimizer(f"rm{model}{i}", name, full)
        put(f"rm{model}s{i}", recipe)
        put(f"rm{model}c{i}", 0.0 if clip is None else clip)


st.title("🤖 " + t("rm_title", L))
st.caption(t("rm_intro", L))

with st.sidebar:
    model = setting(st.selectbox, "rmmodel", "transformer", t("rm_model", L), options=MODELS,
                    format_func=lambda m: MODEL_SPECS[m].title(L))
    spec = MODEL_SPECS[model]
    st.caption(spec.desc(L))
    st.button("📓 " + t("rm_preset", L), on_click=apply_recommendations, args=(model,), width="stretch")
    st.subheader(t("rm_settings", L))
    epochs = setting(st.slider, f"rm{model}ep", spec.epochs, t("rm_epochs", L), 1, 30)
    batch_size = setting(st.select_slider, f"rm{model}bs", spec.batch_size, t("rm_batch", L), options=BATCHES)
    seed = setting(st.number_input, "rmseed", 0, t("rm_seed", L), 0, 10_000, step=1)
    slots = defaults(model)
    n = setting(st.slider, f"rm{model}k", len(spec.recommended), t("rm_n_opt", L), 1, MAX_OPT)
    opts, recipes, clips = [], [], []
    for i in range(n):
        dn, dh, dr, dc = slots[i]
        with st.expander(f"{i + 1}. {REGISTRY[initial(f'rm{model}{i}n', dn, list(REGISTRY))].label}", expanded=(i == 0)):
            opts.append(optimizer_editor(f"rm{model}{i}", L, dn, dh))
            recipes.append(setting(st.selectbox, f"rm{model}s{i}", dr, t("rm_schedule", L), options=list(RECIPES),
                                   format_func=lambda r: t("rm_sched_" + r, L)))
            c = setting(st.select_slider, f"rm{model}c{i}", 0.0 if dc is None else dc, t("rm_clip", L),
                        options=CLIPS, format_func=lambda v: t("rm_clip_off", L) if v == 0 else f"{v:g}")
            clips.append(None if c == 0 else float(c))

optimizers = optimizers_or_stop(opts, L)
opt_keys = tuple(cached.opt_key(name, hyper) for name, hyper in opts)
data = training.data_for(model, int(seed))
spe = training.steps_per_epoch(data, batch_size)


def labels():
    out = []
    for o, r, c in zip(optimizers, recipes, clips):
        extra = [t("rm_sched_" + r, L)] if r != "none" else []
        extra += [f"clip {c:g}"] if c is not None else []
        out.append(o.label() + (" · " + " · ".join(extra) if extra else ""))
    return tuple(out)


@st.fragment
def results():
    """Train (or fetch) and draw; a chart setting reruns only this part."""
    live = training.live_view(epochs, len(opts), L, [
        lambda p: curves_figure(dataclasses.replace(p, labels=labels()), L, "accuracy", x_max=epochs, height=260,
                                legend=False),
        lambda p: steps_figure(dataclasses.replace(p, labels=labels()), L, "loss", log=True, height=260,
                               legend=False)])
    try:
        h, _ = training.train_model(model, opt_keys, tuple(recipes), tuple(clips), epochs, batch_size, int(seed),
                                    live=live)
    except ValueError as e:
        invalid(t("rm_bad", L, error=str(e)), L)
        return
    h = dataclasses.replace(h, labels=labels())
    st.caption(t("rm_summary", L, data=data.title(L), n_train=data.n_train, n_test=data.n_test,
                 params=h.final_weights.shape[1], steps=spe))
    c_claim, c_show = st.columns(2)
    with c_claim:
        st.markdown(f"**{t('rm_claim', L)}**")
        st.info(t(f"rm_claim_{model}", L))
    with c_show:
        st.markdown(f"**{t('rm_shows', L)}**")
        st.markdown("\n".join(f"- {line}" for line in result_lines(h, L)))
        st.markdown(t("rm_best", L, label=h.labels[h.best()]))
    pairs = warmup_lines(h, recipes, clips, L)
    if pairs:
        st.markdown(f"**{t('rm_warmup_h', L)}**")
        st.markdown("\n".join(f"- {line}" for line in pairs))
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(f"**{t('rm_acc', L)}**")
        chart(curves_figure(h, L, "accuracy"), key="rm_acc")
    with c2:
        st.markdown(f"**{t('rm_loss', L)}**")
        chart(steps_figure(h, L, "loss", log=True), key="rm_loss")
    c3, c4 = st.columns(2)
    with c3:
        st.markdown(f"**{t('rm_gradnorm', L)}**")
        chart(steps_figure(h, L, "grad_norm", log=True), key="rm_gradnorm")
    with c4:
        st.markdown(f"**{t('rm_lr', L)}**")
        chart(steps_figure(h, L, "lr"), key="rm_lr")


results()
torch_code(model_code(model, data, optimizers, training.schedules(tuple(recipes), epochs * spe), clips,
                      epochs=epochs, batch_size=batch_size, seed=int(seed), size=dict(spec.size),
                      total_steps=epochs * spe), L)
