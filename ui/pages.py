"""The page list: one place for file, URL, title and section of every page."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageInfo:
    file: str
    url: str           # URL path: the file's stem, as st.page_link derives it ("" for home)
    title_key: str     # i18n key of the title; "<title_key>_blurb" says what the page teaches
    icon: str
    section: str       # i18n key of the navigation section


COURSE_PAGES = [  # the study note's order
    ("why", "⛰️"), ("batch", "🎲"), ("momentum", "🎱"), ("rmsprop", "📏"), ("adam", "🅰️"), ("adamw", "🪶"),
    ("learning_rate", "🎚️"), ("schedules", "📅"), ("choosing", "🧭"), ("training_loop", "🔁"),
]

PAGES = [PageInfo(f"views/course/lesson_{k}.py", f"lesson_{k}", f"course_{k}", icon, "sec_course")
         for k, icon in COURSE_PAGES] + [
    PageInfo("views/home.py", "home", "page_home", "🏠", "sec_start"),
    PageInfo("views/playground.py", "playground", "page_playground", "🧭", "sec_learn"),
    PageInfo("views/lr_lab.py", "lr_lab", "page_lr", "🎚️", "sec_learn"),
    PageInfo("views/schedule_lab.py", "schedule_lab", "page_schedule", "📅", "sec_learn"),
    PageInfo("views/inside.py", "inside", "page_inside", "🔬", "sec_learn"),
    PageInfo("views/batch_noise.py", "batch_noise", "page_batch", "🎲", "sec_learn"),
    PageInfo("views/clipping.py", "clipping", "page_clipping", "✂️", "sec_learn"),
    PageInfo("views/which_optimizer.py", "which_optimizer", "page_which", "🏁", "sec_learn"),
    PageInfo("views/real_network.py", "real_network", "page_network", "🧠", "sec_real"),
    PageInfo("views/real_models.py", "real_models", "page_models", "🤖", "sec_real"),
    PageInfo("views/edge_of_stability.py", "edge_of_stability", "page_eos", "⛰️", "sec_real"),
    PageInfo("views/stability_map.py", "stability_map", "page_stability", "🗺️", "sec_beyond"),
    PageInfo("views/basin_map.py", "basin_map", "page_basin", "🧲", "sec_beyond"),
    PageInfo("views/lr_range_test.py", "lr_range_test", "page_lrrange", "📈", "sec_beyond"),
    PageInfo("views/fair_comparison.py", "fair_comparison", "page_fair", "⚖️", "sec_beyond"),
    PageInfo("views/mixed_precision.py", "mixed_precision", "page_amp", "🔢", "sec_beyond"),
    PageInfo("views/data_parallel.py", "data_parallel", "page_ddp", "🔗", "sec_beyond"),
]

BY_URL = {p.url: p for p in PAGES}


def path(url: str) -> str:
    """The page file behind URL path `url`, as st.page_link / st.switch_page take it."""
    return str(ROOT / BY_URL[url].file)
