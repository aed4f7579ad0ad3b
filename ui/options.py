"""Round value grids for the sliders and plain-text parameter symbols (ui.widgets and ui.schedule_widgets both use them)."""
from __future__ import annotations

import re

import numpy as np

NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)   # ten round values per decade


def log_options(low: float, high: float) -> list[float]:
    """Round values (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ᵏ) from low to high, ends included."""
    vals = {float(f"{m * 10.0 ** e:.3g}") for e in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
            for m in NICE}
    return sorted(v for v in vals | {float(f"{low:.3g}"), float(f"{high:.3g}")} if low <= v <= high)


def near_one_options(low: float, high: float) -> list[float]:
    """For decay rates like β₂: linear up to 0.9, then 0.95, 0.98, 0.99, 0.995, 0.999, …"""
    lin = [round(v, 2) for v in np.arange(max(low, 0.0), 0.9, 0.05) if v >= low - 1e-12]
    tail = [0.9, 0.92, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999, 0.99999]
    return sorted({v for v in lin + tail if low - 1e-12 <= v <= high + 1e-12})


GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε", "eta": "η",
         "kappa": "κ", "lambda": "λ", "mu": "μ", "phi": "φ", "psi": "ψ", "rho": "ρ", "tau": "τ", "theta": "θ",
         "min": "min", "max": "max"}
SUBSCRIPT = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")


def plain_symbol(tex: str) -> str:
    """A parameter's LaTeX symbol as plain Unicode text (screen readers read it; no "$…$" in a label):
    r"\beta_1" → "β₁", r"\eta_+" → "η₊", r"\lambda_{wd}" → "λ_wd", r"\Delta_{\min}" → "Δ_min"."""
    s = re.sub(r"\\([A-Za-z]+)", lambda m: GREEK.get(m.group(1), m.group(1)), tex)
    def sub(m):
        body = m.group(1) if m.group(1) is not None else m.group(2)
        return body.translate(SUBSCRIPT) if all(c in "0123456789+-" for c in body) else "_" + body
    return re.sub(r"_\{([^}]*)\}|_(.)", sub, s)
