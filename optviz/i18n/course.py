"""The course's navigation blurbs: each lesson's question (text/course.toml)."""
from __future__ import annotations

import tomllib
from pathlib import Path

with (Path(__file__).parent / "text" / "course.toml").open("rb") as fh:
    STRINGS = {k.replace("_question", "_blurb"): (v["en"], v["ko"]) for k, v in tomllib.load(fh).items()
               if k.endswith("_question")}
