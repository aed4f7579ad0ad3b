"""The shared look: number formatting for tables, colours of variants, readable chart text."""
import colorsys
import math

import pytest

from optviz.figures._style import TICK, base_layout, color_for, fmt_num, label_ends, log_ticks, styles, variant_colors


@pytest.mark.parametrize("value, text", [(4e-19, "4e-19"), (0.0123, "0.0123"), (-15_599_900, "-1.56e+7"),
                                         (12.3456, "12.35"), (0.0, "0"), (None, "—"), (float("nan"), "—"),
                                         (float("inf"), "∞"), (2, "2"), (9.9e-4, "9.9e-4")])
def test_fmt_num(value, text):
    assert fmt_num(value) == text
    if text not in ("—", "∞"):
        assert float(text) == pytest.approx(value, rel=1e-3)    # what is shown is the value, rounded


def _lightness(hex_color):
    return colorsys.rgb_to_hls(*(int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)))[1]


def _hue(hex_color):
    return colorsys.rgb_to_hls(*(int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0]


def test_variants_of_one_optimizer_get_distinct_shades_of_its_hue():
    out = styles(["sgd", "adam", "sgd", "sgd"])
    assert out[1][0] == color_for("adam")                        # a single run keeps its optimizer's colour
    sgd = [out[0][0], out[2][0], out[3][0]]
    assert len(set(sgd)) == 3
    light = [_lightness(c) for c in sgd]
    assert light == sorted(light) and min(b - a for a, b in zip(light, light[1:])) > 0.2   # dark → light, far apart
    gap = [abs(_hue(c) - _hue(color_for("sgd"))) for c in sgd]
    assert all(min(d, 1 - d) < 0.02 for d in gap)                                           # still SGD's red
    assert variant_colors("adam", 1) == [color_for("adam")]


def _luminance(hex_color):
    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(int(hex_color[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_tick_text_is_large_and_dark():
    layout = base_layout(xaxis=dict(title="x"), yaxis2=dict(title="y"))
    for axis in ("xaxis", "yaxis", "yaxis2"):
        font = layout[axis]["tickfont"]
        assert font["size"] >= 13
        assert (1.05) / (_luminance(font["color"]) + 0.05) >= 7.0       # WCAG AAA contrast on white
    assert layout["xaxis"]["title"]["text"] == "x" and TICK == layout["xaxis"]["tickfont"]["color"]


def test_label_ends_names_each_line_at_its_last_point():
    fig = {"data": [dict(type="scatter", mode="lines", name="a", x=[0, 1, 2], y=[1.0, 0.1, None],
                         line=dict(color="#123456")),
                    dict(type="scatter", mode="lines", name="b", x=[0, 5], y=[1.0, 0.01])], "layout": {}}
    notes = label_ends(fig, log_y=True)["layout"]["annotations"]
    assert [(n["text"], n["x"]) for n in notes] == [("a", 1), ("b", 5)]
    assert notes[0]["y"] == pytest.approx(math.log10(0.1)) and notes[0]["font"]["color"] == "#123456"


def test_log_ticks_label_2_and_5_only_over_one_to_three_and_a_half_decades():
    assert log_ticks([2.3, 0.9, 0.12, 0.09]) == {"dtick": "D2"}           # 1.4 decades
    assert log_ticks([0.86, 0.0061, None, float("nan"), 0.0]) == {"dtick": "D2"}   # 2.1; no data ignored
    assert log_ticks([2.0, 0.7]) == {}                                     # under one decade: plotly's own labels
    assert log_ticks([10.0, 1e-6]) == {}                                   # 7 decades: powers of 10
    assert log_ticks([]) == {} and log_ticks([0.0, -1.0]) == {}
