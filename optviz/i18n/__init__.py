"""Korean and English strings: one table, assembled from one text file per topic (`text/*.toml`,
`[key]` with `en = "…"` and `ko = "…"`) and the few modules that build their strings (`STRINGS`).

`t("key", lang)` returns the text in "en" or "ko"; `{name}` placeholders are filled from kwargs.
Every key must exist in both languages (tests check it).
"""
from __future__ import annotations

import importlib
import pkgutil
import tomllib
from pathlib import Path

LANGS = ("en", "ko")
LANG_NAMES = {"en": "English", "ko": "한국어"}


def _load() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}

    def add(source: str, strings: dict) -> None:
        for key, pair in strings.items():
            if key in table:
                raise KeyError(f"i18n key {key!r} defined twice (second time in {source})")
            table[key] = {"en": pair[0], "ko": pair[1]}

    for path in sorted((Path(__file__).parent / "text").glob("*.toml")):
        with path.open("rb") as fh:
            add(path.name, {k: (v["en"], v["ko"]) for k, v in tomllib.load(fh).items()})
    for mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        add(mod, importlib.import_module(f"{__name__}.{mod}").STRINGS)
    return table


TEXT = _load()


def t(key: str, lang: str = "en", **fmt) -> str:
    """The string for `key` in `lang` ("en" or "ko")."""
    entry = TEXT.get(key)
    if entry is None:
        raise KeyError(f"missing i18n key {key!r}")
    s = entry.get(lang) or entry["en"]
    return s.format(**fmt) if fmt else s


_KINDS = {"Spec": "optimizer", "Optimizer": "optimizer", "ScheduleSpec": "schedule", "Schedule": "schedule",
          "Surface": "surface", "DatasetSpec": "dataset", "Dataset": "dataset", "ModelSpec": "model"}


def describe(obj, lang: str = "en", what: str = "desc") -> str:
    """The title or description (`what` = "title" / "desc") of a registry entry in `lang`: an optimizer
    (its Spec or an Optimizer), a schedule (ScheduleSpec or Schedule), a surface, a data set (its
    DatasetSpec or a Dataset) or a model. The text lives in text/registry.toml and text/models.toml."""
    kind = _KINDS.get(type(obj).__name__)
    if kind is None:
        raise TypeError(f"describe() takes a registry entry, not {type(obj).__name__}")
    return t(f"{kind}_{what}_{obj.name}", lang)
