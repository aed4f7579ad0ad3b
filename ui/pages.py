"""The page list: one place for file, URL, title and section of every page."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    file: str
    url: str
    title_key: str     # i18n key of the title; "<title_key>_blurb" says what the page teaches
    icon: str
    section: str       # i18n key of the navigation section


PAGES = [
    PageInfo("pages/home.py", "home", "page_home", "🏠", "sec_start"),
    PageInfo("pages/playground.py", "playground", "page_playground", "🧭", "sec_learn"),
    PageInfo("pages/lr_lab.py", "learning-rate", "page_lr", "🎚️", "sec_learn"),
    PageInfo("pages/schedule_lab.py", "schedules", "page_schedule", "📅", "sec_learn"),
    PageInfo("pages/inside.py", "inside", "page_inside", "🔬", "sec_learn"),
    PageInfo("pages/batch_noise.py", "batch-size", "page_batch", "🎲", "sec_learn"),
    PageInfo("pages/clipping.py", "clipping", "page_clipping", "✂️", "sec_learn"),
    PageInfo("pages/which_optimizer.py", "which-optimizer", "page_which", "🏁", "sec_learn"),
    PageInfo("pages/real_network.py", "real-network", "page_network", "🧠", "sec_real"),
    PageInfo("pages/stability_map.py", "stability-map", "page_stability", "🗺️", "sec_beyond"),
    PageInfo("pages/basin_map.py", "basin-map", "page_basin", "🧲", "sec_beyond"),
    PageInfo("pages/lr_range_test.py", "lr-range-test", "page_lrrange", "📈", "sec_beyond"),
    PageInfo("pages/fair_comparison.py", "fair-comparison", "page_fair", "⚖️", "sec_beyond"),
    PageInfo("pages/mixed_precision.py", "mixed-precision", "page_amp", "🔢", "sec_beyond"),
    PageInfo("pages/data_parallel.py", "data-parallel", "page_ddp", "🖧", "sec_beyond"),
]
