"""App-wide checks: every page exists and opens, every string in both languages, layering."""
import ast
import re
from pathlib import Path

import pytest

from optviz.i18n import TEXT, t
from tests.apptest import open_page
from ui.pages import PAGES

ROOT = Path(__file__).resolve().parent.parent
HANGUL = re.compile("[\uac00-\ud7a3]")


def test_every_page_file_exists_and_has_title_and_blurb():
    for p in PAGES:
        assert (ROOT / p.file).exists(), p.file
        for lang in ("en", "ko"):
            assert t(p.title_key, lang) and t(p.title_key + "_blurb", lang) if p.url != "home" else True


def test_every_string_exists_in_english_and_korean():
    for key, entry in TEXT.items():
        assert entry["en"].strip(), key
        assert entry["ko"].strip(), key
        if HANGUL.search(entry["en"]) is None and entry["en"] != entry["ko"]:
            assert HANGUL.search(entry["ko"]) or not re.search("[A-Za-z]{4,}", entry["ko"]), \
                f"{key}: Korean text has no Hangul: {entry['ko']!r}"
        fields = lambda s: sorted(re.findall(r"\{(\w*)\}", s))
        assert fields(entry["en"]) == fields(entry["ko"]), f"{key}: placeholders differ"


def test_layering_optviz_never_imports_streamlit_or_ui():
    for path in (ROOT / "optviz").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for n in names:
                assert not n.startswith(("streamlit", "ui")), f"{path} imports {n}"


@pytest.mark.parametrize("page", [p for p in PAGES], ids=lambda p: p.url)
def test_page_opens_in_both_languages_without_exception(page):
    for lang in ("en", "ko"):
        at = open_page(None if page.url == "home" else page.file, lang, timeout=90)
        title = t("app_title" if page.url == "home" else page.title_key, lang)
        assert title in at.title[0].value
