"""The shape every Course lesson shares: a question, "predict first", one figure with the update rule
beside it (symbols defined, live values at the chosen step), "try this" presets, a take-away, "open in
the lab" and previous / next. Lessons pass curated settings; the text lives in optviz/i18n/course.py
under keys "course_<id>_…"."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import streamlit as st

from optviz.i18n import t
from optviz.figures import paths_figure
from ui import cached
from ui.display import chart
from ui.pages import PAGES
from ui.state import lang, put, setting

ROOT = Path(__file__).resolve().parent.parent
COURSE = [p for p in PAGES if p.section == "sec_course"]

PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] {display: none !important;}
.stMainBlockContainer, [data-testid="stMainBlockContainer"] {max-width: 100% !important;
  padding: 0.6rem 1.2rem 2rem 1.2rem !important;}
.stMainBlockContainer p, .stMainBlockContainer li, [data-testid="stMarkdownContainer"] p {font-size: 1.3rem !important;
  line-height: 1.45 !important;}
.stMainBlockContainer h1 {font-size: 2.1rem !important;}
.katex {font-size: 1.35em !important;}
.katex-display {overflow-x: auto; overflow-y: hidden;}
.stButton button p, [data-testid="stWidgetLabel"] p {font-size: 1.1rem !important;}
</style>
"""


def presenter() -> bool:
    """The presenter-mode toggle (in the sidebar; `?present=1` in the URL). When on, hide the sidebar and
    enlarge text and figures for a projector. Call once per run from app.py."""
    on = setting(st.sidebar.toggle, "present", False, t("course_present", lang()), help=t("course_present_help", lang()))
    if on:
        st.html(PRESENTER_CSS)
    return bool(on)


def presenting() -> bool:
    return bool(st.session_state.get("_settings", {}).get("present", False))


def fig_height(normal: int = 460) -> int:
    """Figure height: taller in presenter mode."""
    return int(normal * 1.15) if presenting() else normal


def head(lid: str, icon: str, L: str):
    """Title, the lesson's question and the "predict first" prompt."""
    if presenting():
        st.button("⤢ " + t("course_present_exit", L), key=f"{lid}_exit", on_click=put, args=("present", False))
    st.title(f"{icon} " + t(f"course_{lid}", L))
    st.markdown(f"#### ❓ {t(f'course_{lid}_question', L)}")
    st.info(f"**{t('course_predict', L)}** {t(f'course_{lid}_predict', L)}", icon="🤔")


def _apply(values: dict, lid: str, name: str):
    for k, v in values.items():
        put(k, v)
    st.session_state[f"_{lid}_tried"] = name


def try_this(lid: str, presets: dict[str, dict], L: str):
    """2–4 buttons that set a telling configuration; the last one pressed says what to look for."""
    st.markdown(f"**{t('course_try', L)}**")
    cols = st.columns(len(presets))
    for col, (name, values) in zip(cols, presets.items()):
        col.button(t(f"course_{lid}_try_{name}", L), key=f"{lid}_try_{name}", width="stretch",
                   on_click=_apply, args=(values, lid, name))
    tried = st.session_state.get(f"_{lid}_tried")
    if tried in presets:
        st.success("👀 " + t(f"course_{lid}_look_{tried}", L))


def fmt(v) -> str:
    """A live value: a number, or a vector (x, y), with 4 significant digits."""
    a = np.atleast_1d(np.asarray(v, dtype=float))
    if a.size == 1:
        return f"{a[0]:.4g}"
    return "(" + ", ".join(f"{x:.4g}" for x in a) + ")"


_RULE_CSS = """<style>
[data-testid=stMarkdownContainer] table th, [data-testid=stMarkdownContainer] table td {padding: 4px 6px;}
</style>"""


def _symbol(sym: str) -> str:
    """A symbol's cell: LaTeX, or plain text (which wraps) for a symbol that is only `\\text{…}`."""
    plain = re.fullmatch(r"\\text\{([^{}]*)\}", sym)
    return re.sub(r"([_*\\[\]|])", r"\\\1", plain.group(1)) if plain else f"${sym}$"


def rule(tex: str, symbols: list[tuple[str, str, object]], L: str, step: int | None = None):
    """The update rule, always visible: LaTeX, then one row per symbol: the symbol with its meaning, its
    live value (two columns, so that the table fits the narrow column beside the lesson's figure)."""
    st.markdown(f"**{t('course_rule', L)}**")
    for part in re.split(r"\\qquad", tex):      # one equation a line: they fit the narrow column
        st.latex(part.strip().rstrip(";"))
    st.html(_RULE_CSS)
    head_row = f"| {t('course_meaning', L)} | " + (t("course_value_at", L, step=step) if step is not None else "") + " |"
    rows = [head_row, "|---|---|"]
    for sym, meaning_key, value in symbols:
        rows.append(f"| {_symbol(sym)}: {t(meaning_key, L)} | {'' if value is None else fmt(value)} |")
    st.markdown("\n".join(rows))


def note_differs(text: str, L: str):
    """A "where the note differs" callout."""
    st.warning(f"**{t('course_note_differs', L)}** {text}", icon="📓")


def step_slider(lid: str, steps: int, L: str, default: int = 1) -> int:
    """The step whose values the rule panel shows."""
    return int(setting(st.slider, f"{lid}k", min(default, steps), t("course_inspect_step", L), 1, steps))


def race(lid: str, surf, keys: tuple, start, steps: int, L: str, traced, widths=(1.3, 1)):
    """A lesson's figure: the runs of `keys` from `start`, animated on the left; the step slider opens
    the right column. Returns (trajectories, right column, scrubbed step, the state along `traced`'s run)."""
    traj = cached.run(surf, keys, (start,), steps)
    left, right = st.columns(list(widths))
    with left:
        chart(paths_figure(surf, traj, L, click_grid=False, height=fig_height()), key=f"{lid}_paths")
    with right:
        k = step_slider(lid, steps, L)
    return traj, right, k, cached.inside_path(traced, surf, start, steps)


def takeaway(lid: str, L: str):
    st.markdown(f"### 🎯 {t('course_takeaway', L)}")
    st.markdown(t(f"course_{lid}_takeaway", L))


def lab_surface(prefix: str, surf) -> dict:
    """The lab settings that rebuild `surf` in ui.widgets.surface_editor(prefix): its name and its knobs."""
    return {f"{prefix}s": surf.name, **{f"{prefix}{surf.name}{k}": v for k, v in surf.params.items()}}


def _query_value(v) -> str:
    if isinstance(v, bool):
        return "1" if v else "0"
    return f"{v:.6g}" if isinstance(v, float) else str(v)


def _go(values: dict, page: str):
    """Forget the lab's remembered values for these keys, so the lab reads them from the URL (where each
    is checked against its widget and snapped to the nearest option)."""
    store = st.session_state.get("_settings", {})
    for k in values:
        store.pop(k, None)
        st.session_state.pop("w:" + k, None)
    st.session_state["_course_goto"] = (page, {k: _query_value(v) for k, v in values.items()})


def footer(lid: str, url: str, L: str, lab_file: str | None = None, lab_values: dict | None = None):
    """Take-away, "open in the lab" (carries `lab_values` into the lab page's settings) and previous / next."""
    goto = st.session_state.pop("_course_goto", None)
    if goto:
        st.switch_page(str(ROOT / goto[0]), query_params=goto[1])
    takeaway(lid, L)
    if lab_file:
        lab = next(p for p in PAGES if p.file == lab_file)
        st.button(f"{lab.icon} " + t("course_open_lab", L, page=t(lab.title_key, L)), key=f"{lid}_lab",
                  on_click=_go, args=(lab_values or {}, lab_file), help=t("course_open_lab_help", L))
    st.divider()
    i = next(k for k, p in enumerate(COURSE) if p.url == url)
    c1, c2 = st.columns(2)
    if i > 0:
        prev = COURSE[i - 1]
        c1.page_link(str(ROOT / prev.file), label="← " + t(prev.title_key, L), icon=prev.icon)
    if i + 1 < len(COURSE):
        nxt = COURSE[i + 1]
        c2.page_link(str(ROOT / nxt.file), label=t(nxt.title_key, L) + " →", icon=nxt.icon)


@st.cache_data(max_entries=16, show_spinner=False)
def note_check(name: str) -> dict | list:
    """One of optviz.note_checks' numbers (default arguments), cached."""
    from optviz.studies import note_checks
    return getattr(note_checks, name)()
