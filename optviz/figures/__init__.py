"""Plotly figure builders. Pure functions of optviz results; never import streamlit."""
from ._style import COLORS, color_for, styles  # noqa: F401
from .paths import paths_figure, surface3d_figure, surface_values  # noqa: F401
from .curves import loss_figure, lr_figure  # noqa: F401
