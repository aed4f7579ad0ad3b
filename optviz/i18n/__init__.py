"""Korean and English strings: one table, assembled from one module per topic.

`t("key", lang)` returns the text in "en" or "ko"; `{name}` placeholders are filled from kwargs.
Every key must exist in both languages (tests check it).
"""
from __future__ import annotations

import importlib
import pkgutil

LANGS = ("en", "ko")
LANG_NAMES = {"en": "English", "ko": "한국어"}


def _load() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        strings = importlib.import_module(f"{__name__}.{mod}").STRINGS
        for key, pair in strings.items():
            if key in table:
                raise KeyError(f"i18n key {key!r} defined twice (second time in {mod})")
            table[key] = {"en": pair[0], "ko": pair[1]}
    return table


TEXT = _load()


def t(key: str, lang: str = "en", **fmt) -> str:
    """The string for `key` in `lang` ("en" or "ko")."""
    entry = TEXT.get(key)
    if entry is None:
        raise KeyError(f"missing i18n key {key!r}")
    s = entry.get(lang) or entry["en"]
    return s.format(**fmt) if fmt else s
