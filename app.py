"""optviz: see how neural-network optimizers move. Entry point: `streamlit run app.py`."""
from pathlib import Path

import streamlit as st

from optviz.i18n import LANG_NAMES, t
from ui.lesson import presenter
from ui.pages import PAGES
from ui.state import begin_page, lang, setting, sync_url

ROOT = Path(__file__).parent


def sections(language: str) -> dict[str, list]:
    """The navigation's pages by section in `language`: built once per session and language (st.Page
    resolves and checks every file; a page object is handed to one session only)."""
    built = st.session_state.setdefault("_nav_pages", {})
    if language not in built:
        out: dict[str, list] = {}
        for p in PAGES:
            if (ROOT / p.file).exists():
                out.setdefault(t(p.section, language), []).append(
                    st.Page(str(ROOT / p.file), title=t(p.title_key, language), icon=p.icon, default=(p.url == "home")))
        built[language] = out
    return built[language]


st.set_page_config(page_title="optviz", page_icon="📉", layout="wide")
# Slider ends and values readable from the back of a room: larger and darker than Streamlit's 10-12 px grey.
st.html("""<style>
[data-testid=stSliderTickBar] > div {font-size: 0.85rem; color: #30363D;}
[data-testid=stSliderThumbValue] {font-size: 0.9rem; color: #1F2328;}
</style>""")
begin_page()
with st.sidebar:
    setting(st.radio, "lang", "en", t("language", lang()), options=list(LANG_NAMES),
            format_func=LANG_NAMES.get, horizontal=True)
presenter()
L = lang()
page = st.navigation(sections(L), expanded=True)  # every page reachable without "View more"
try:
    page.run()
finally:  # a page that stops early (st.stop) still leaves the address bar matching the view
    sync_url()
