"""Optimizer paths over a surface: contour with animated paths, and a 3-D view."""
from __future__ import annotations

import functools
import re

import numpy as np

from ..i18n import t
from ._style import base_layout, rounded, styles, thin

CONTOUR_SCALE = [[0.0, "#f7fbff"], [0.35, "#dbe9f6"], [0.7, "#a9cce3"], [1.0, "#5b8db8"]]


def surface_values(surface, Z):
    """What the colours show: log10(f − f_min + 1) for steep surfaces, f otherwise."""
    if surface.log_scale:
        floor = surface.f_min if surface.f_min is not None else np.nanmin(Z)
        return np.log10(np.maximum(Z - floor, 0) + 1.0)
    return Z


def surface_layer(surface, box, *, xref="x", yref="y", px=300) -> dict:
    """The filled contour of `surface` over `box` ((x0, x1), (y0, y1)) as a layout image under the axes
    `xref`/`yref` (see `surface_image`): the browser draws it once, and a change of the paths on top
    never makes plotly contour it again."""
    (x0, x1), (y0, y1) = box
    return dict(source=surface_image(surface, box, px=px), xref=xref, yref=yref, x=x0, y=y1, sizex=x1 - x0,
                sizey=y1 - y0, sizing="stretch", layer="below", xanchor="left", yanchor="top")


def _surface_value_of(surface, f, Z):
    if surface.log_scale:
        floor = surface.f_min if surface.f_min is not None else np.nanmin(Z)
        return np.log10(np.maximum(f - floor, 0) + 1.0)
    return f


def _exit_point(p, inside, box):
    """Where the segment from the last inside point to the first outside one crosses the box."""
    k = int(np.argmin(inside))
    a, b = p[k - 1], p[k]
    (x0, x1), (y0, y1) = box
    s = 1.0
    for lo, hi, i in ((x0, x1, 0), (y0, y1, 1)):
        d = b[i] - a[i]
        if d > 0 and b[i] > hi:
            s = min(s, (hi - a[i]) / d)
        elif d < 0 and b[i] < lo:
            s = min(s, (lo - a[i]) / d)
    return k, a + s * (b - a)


def _hex_rgb(c: str) -> np.ndarray:
    return np.array([int(c[k:k + 2], 16) for k in (1, 3, 5)], dtype=float)


_IMAGES: dict = {}


def surface_image(surface, box, *, px=300, bands=24) -> str:
    """The filled contour of `surface` over `box` as a PNG data URI (bands of CONTOUR_SCALE, thin
    darker lines between bands), row 0 at the top of the box.

    An image under the axes is drawn once by the browser: an lr change or ▶ never re-contours it,
    and animation frames (which only touch the moving traces) cannot erase it.
    """
    key = (repr(surface), tuple(map(tuple, box)), px, bands)
    if key in _IMAGES:
        return _IMAGES[key]
    import base64
    import io

    from PIL import Image

    (x0, x1), (y0, y1) = box
    xs, ys = np.linspace(x0, x1, px), np.linspace(y1, y0, px)          # top row first
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        Z = np.asarray(surface.f(np.stack([X.ravel(), Y.ravel()], -1)), dtype=float).reshape(px, px)
        V = surface_values(surface, np.where(np.isfinite(Z), Z, np.nan))
    finite = np.isfinite(V)
    lo, hi = (float(np.min(V[finite])), float(np.max(V[finite]))) if finite.any() else (0.0, 1.0)
    band = np.zeros((px, px), dtype=np.int64)
    if hi > lo:
        band[finite] = np.clip(((V[finite] - lo) / (hi - lo) * bands).astype(int), 0, bands - 1)
    line = np.zeros_like(band, dtype=bool)
    line[:, 1:] |= band[:, 1:] != band[:, :-1]
    line[1:, :] |= band[1:, :] != band[:-1, :]
    stops = np.array([s for s, _ in CONTOUR_SCALE])
    rgb = np.array([_hex_rgb(c) for _, c in CONTOUR_SCALE])
    mid = (np.arange(bands) + 0.5) / bands
    colors = np.stack([np.interp(mid, stops, rgb[:, k]) for k in range(3)], 1)
    lines = 0.75 * colors + 0.25 * np.array([40.0, 60.0, 90.0])
    palette = np.concatenate([colors, lines]).round().astype(np.uint8)
    img = Image.fromarray((band + bands * line).astype(np.uint8), mode="P")
    img.putpalette(palette.ravel().tolist())
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    if len(_IMAGES) > 64:
        _IMAGES.clear()
    _IMAGES[key] = uri
    return uri


def short_names(traj, lang="en") -> list[str]:
    """A name per optimizer for labels on the plot: its label without the hyperparameters ("Adam",
    "SGD+momentum") when that is unique in the figure, the full label otherwise ("SGD(lr=10.0)")."""
    keys = [str(k) for k in (traj.color_keys or traj.names)] or [""] * len(traj.labels)
    base = [str(lab).split("(")[0].strip() if re.fullmatch(r"[^()]+\([^()]*\)", str(lab)) else str(lab)
            for lab in traj.labels]                # "Adam(lr=0.05)" -> "Adam"; other labels stay whole
    base = [b + "+" + t("short_" + k.split("+", 1)[1], lang) if k in ("sgd+momentum", "sgd+nesterov") and "+" not in b
            else b for b, k in zip(base, keys)]
    return [b if base.count(b) == 1 else str(lab) for b, lab in zip(base, traj.labels)]


def _chars(text: str) -> float:
    """Width of `text` in Latin characters (a Hangul syllable is about two)."""
    return sum(1.9 if ord(c) >= 0x1100 else 1.0 for c in text)


@functools.lru_cache(maxsize=4096)
def _frame_points(upto: int, frame_points: int) -> tuple:
    """Indices drawn for a path cut at step `upto` in an animation frame: a thinned prefix and its end."""
    return tuple(thin(upto, frame_points).tolist()) + (upto,) if upto else (0,)


def path_labels(traj, box, lang="en", plot_px=400) -> list[dict]:
    """One annotation per optimizer naming its path where it ends (first start), in its colour:
    at its last point when that is in `box`, else where it left the box. A diverged run says
    "✖ diverged at step k" there; a run that left the view says where (a long label takes two
    lines). Labels that would overlap are moved apart vertically (a thin leader line keeps them on
    their point); each grows towards the side with room and is kept inside the plot. `plot_px`: the
    plot's height in pixels (for the stacking)."""
    run_styles = styles(traj.color_keys or traj.names)
    names = short_names(traj, lang)
    T1 = traj.positions.shape[2]
    runs = []
    for i in range(traj.positions.shape[0]):
        d = int(traj.diverged_at[i, 0])
        runs.append((traj.positions[i, 0, :d if d > 0 else T1], d, names[i], run_styles[i][0], 0))
    return place_labels(runs, box, lang, plot_px)


def place_labels(runs, box, lang="en", plot_px=400, width_px=300) -> list[dict]:
    """The annotations of `path_labels` for runs given as (positions [T, 2] up to the divergence,
    diverged_at or −1, name, colour, step of positions[0]). `width_px`: the narrowest the plot is
    expected to be drawn (labels are sized for it)."""
    (x0, x1), (y0, y1) = box
    w, h = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    placed, notes = [], []                         # placed: label boxes in units of the plot (0..1)
    for p, d, name, color, first in runs:
        if not len(p):
            continue
        inside = (p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)
        if not inside[0]:
            continue                               # starts outside the view: nothing to point at
        lines = [name]
        if inside[-1]:
            q = p[-1]
            if d >= 0:
                lines.append(t("diverged_mark", lang, step=d))
        else:
            k, q = _exit_point(p, inside, box)
            side = np.argmin([q[1] - y0, y1 - q[1], q[0] - x0, x1 - q[0]])        # the edge it crossed
            lines.append(t("diverged_mark", lang, step=d) if d >= 0 else
                         t("left_mark", lang, step=first + k, arrow="↓↑←→"[side]))
        if sum(map(_chars, lines)) > 26:           # a long label takes two lines
            lines = [lines[0], " ".join(lines[1:])] if len(lines) > 1 else lines
        else:
            lines = [" ".join(lines)]
        text = "<br>".join(lines)
        u, v = (q[0] - x0) / w, (q[1] - y0) / h
        slot_px, line_px = 8, 16                   # stacking step and text line height, in pixels
        width, height = 6.6 / width_px * max(map(_chars, lines)), (line_px * len(lines) + 4) / plot_px
        right = u + 0.03 + width <= 1 if u < 0.5 else u - 0.03 - width < 0 and 1 - u > u   # the side with room
        tail = max(0.0, min(u + 0.03, 1 - width)) if right else min(1.0, max(u - 0.03, width))
        lo = (tail, tail + width) if right else (tail - width, tail)
        up = -1 if v > 0.5 else 1                  # stack away from the nearer edge
        for slot in [0] + [s for n in range(1, 25) for s in (up * n, -up * n)]:
            c = v + slot * slot_px / plot_px
            if c - height / 2 < -0.02 or c + height / 2 > 1.02:
                continue
            if not any(a < lo[1] and lo[0] < b and abs(c - cy) < (height + hy) / 2 for a, b, cy, hy in placed):
                break
        else:
            slot, c = 0, v
        placed.append((lo[0], lo[1], c, height))
        notes.append(dict(x=float(q[0]), y=float(q[1]), text=text, showarrow=True, arrowhead=0, arrowwidth=1,
                          arrowcolor=color, standoff=3, axref="x", ax=float(x0 + tail * w),
                          ay=-slot * slot_px, xanchor="left" if right else "right", yanchor="middle",
                          align="left" if right else "right",
                          font=dict(size=12, color=color), bgcolor="rgba(255,255,255,0.8)",
                          borderpad=1, name="path label"))
    return notes


# ms between frames; plotly shows the next frame on the first screen refresh after that time, so on a
# 60 Hz screen 1× (28 ms) draws every second refresh: 30 frames per second, 90 frames in 3 s; ½× every
# fourth (6 s), 2× every refresh (1.5 s).
SPEEDS = (("½×", 56), ("1×", 28), ("2×", 10))
CONTROL_ROW = 32   # px per row of controls; two rows (play at three speeds; pause and single steps) fit a narrow column


def _anim(duration, **extra):
    return dict(frame=dict(duration=duration, redraw=False), transition=dict(duration=0), mode="immediate", **extra)


def paths_figure(surface, traj, lang="en", *, frames=90, max_points=120, frame_points=10, click_grid=True,
                 height=560, view=None, grid_n=90, title=None, loss=None, name_paths=True):
    """Surface of `surface` (an image under the axes) with every run of `traj`, animated: ▶ (1×), ½× and
    2×, ❚❚, single frames back and forward (◀ ▶|) and a step scrubber.

    Paths that leave the view are marked where they leave and diverged runs end in a ✕ (hover says
    where and when); the path's label says it too ("✖ diverged at step k"). An invisible lattice of
    points makes a click report (x, y).
    `loss`: None, or dict(f_min=…, log=…, below=False) to draw the loss curves in a second panel (to
    the right, or below the paths for a narrow column) whose cursors, one per run, follow the
    animation frame by frame.
    name_paths: each path named on the plot where it ends (no legend); False: a legend above the plot
    (for figures that add their own annotations near the paths).
    """
    box = view or surface.domain
    (x0, x1), (y0, y1) = box
    data = []
    if click_grid:
        gx, gy = np.meshgrid(np.linspace(x0, x1, 31), np.linspace(y0, y1, 31))
        data.append(dict(
            type="scatter", x=rounded(gx.ravel(), 3), y=rounded(gy.ravel(), 3), mode="markers",
            marker=dict(size=12, opacity=0, maxdisplayed=1),   # hit by hover and click, 1 of 961 drawn
            hoverinfo="none", showlegend=False, name="click"))
    if len(surface.minima):
        m = np.asarray(surface.minima)
        data.append(dict(type="scatter", x=m[:, 0].tolist(), y=m[:, 1].tolist(), mode="markers", name=t("minimum", lang),
                                 marker=dict(symbol="star", size=15, color="gold", line=dict(width=1, color="black")),
                                 hovertemplate=t("minimum", lang) + " (%{x:.3g}, %{y:.3g})<extra></extra>"))

    O, S, T1, _ = traj.positions.shape
    run_styles = styles(traj.color_keys or traj.names)
    n_frames = max(2, min(frames, T1))
    frame_steps = np.unique(np.linspace(0, T1 - 1, n_frames).round().astype(int))
    animated, frame_data = [], [[] for _ in frame_steps]
    heads, head_frames = [], [[] for _ in frame_steps]    # every run's head: one trace, one point per run
    cursors = []                                  # (run index, loss series, end) for the loss panel
    markers = dict(x=[], y=[], text=[], color=[], symbol=[], group=[])
    for i in range(O):
        color, dash = run_styles[i]
        for j in range(S):
            end = traj.diverged_at[i, j] if traj.diverged_at[i, j] > 0 else T1
            p = traj.positions[i, j, :end]
            losses = traj.losses[i, j, :end]
            keep = thin(len(p), max_points)
            hover = (f"<b>{traj.labels[i]}</b><br>{t('step', lang)} %{{customdata[0]}}"
                     "<br>x=%{x:.4f}, y=%{y:.4f}<br>" + t("loss", lang) + "=%{customdata[1]:.4g}<extra></extra>")
            data.append(dict(
                type="scatter", x=rounded(p[keep, 0]), y=rounded(p[keep, 1]), mode="lines", name=traj.labels[i],
                legendgroup=f"o{i}", showlegend=(j == 0), line=dict(color=color, width=2.5, dash=dash),
                customdata=np.stack([keep, rounded(losses[keep], 5)], 1).tolist(), hovertemplate=hover))
            path_idx = len(data) - 1
            animated.append(path_idx)
            heads.append((rounded(p[-1:, 0])[0], rounded(p[-1:, 1])[0], color, f"o{i}"))
            x3, y3 = rounded(p[:, 0], 3), rounded(p[:, 1], 3)     # rounded once, sliced per frame
            x5, y5 = rounded(p[:, 0]), rounded(p[:, 1])
            for f, k in enumerate(frame_steps):
                upto = min(k, len(p) - 1)
                if f == len(frame_steps) - 1:  # the last frame restores the full path and its hover
                    path = dict(x=data[path_idx]["x"], y=data[path_idx]["y"], hovertemplate=hover)
                    hx, hy = x5, y5
                else:                          # a moving path: a few points are enough for its shape; its
                    sel = _frame_points(upto, frame_points)                       # hover: the name
                    path = dict(x=[x3[s] for s in sel], y=[y3[s] for s in sel], hovertemplate="", hoverinfo="name")
                    hx, hy = x3, y3
                frame_data[f].append(path)
                head_frames[f].append((hx[upto], hy[upto]))
            cursors.append((i, losses, end))
            markers["x"].append(p[0, 0]); markers["y"].append(p[0, 1])
            markers["text"].append(t("start", lang)); markers["color"].append(color); markers["symbol"].append("circle-open")
            markers["group"].append(f"o{i}")
            inside = (p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)
            if inside[0] and not inside.all():
                k, q = _exit_point(p, inside, box)
                markers["x"].append(q[0]); markers["y"].append(q[1])
                markers["text"].append(t("left_view", lang, step=k)); markers["color"].append(color)
                markers["symbol"].append("triangle-up"); markers["group"].append(f"o{i}")
            if traj.diverged_at[i, j] >= 0:
                markers["x"].append(p[-1, 0]); markers["y"].append(p[-1, 1])
                markers["text"].append(t("diverged_at", lang, step=int(traj.diverged_at[i, j])))
                markers["color"].append(color); markers["symbol"].append("x-thin-open"); markers["group"].append(f"o{i}")
    if heads:                          # meta.groups: each point's legend group (a run hidden from the legend
        # hides its head, its start and event markers and its loss cursor too: static/live_chart.js)
        data.append(dict(type="scatter", x=[h[0] for h in heads], y=[h[1] for h in heads], mode="markers",
                         showlegend=False, hoverinfo="skip", name="heads", meta=dict(groups=[h[3] for h in heads]),
                         marker=dict(size=10, color=[h[2] for h in heads], line=dict(width=1.5, color="white"))))
        animated.append(len(data) - 1)
        for f, points in enumerate(head_frames):
            frame_data[f].append(dict(x=[q[0] for q in points], y=[q[1] for q in points]))
    data.append(dict(
        type="scatter", x=rounded(markers["x"]), y=rounded(markers["y"]), mode="markers", showlegend=False, name="events",
        text=markers["text"], hovertemplate="%{text}<br>(%{x:.3g}, %{y:.3g})<extra></extra>", meta=dict(groups=markers["group"]),
        marker=dict(size=13, color=markers["color"], symbol=markers["symbol"], line=dict(width=2.5, color=markers["color"]))))
    stacked = bool(loss.get("below", False)) if loss is not None else False
    paths_px = (height - 190 - CONTROL_ROW - (16 if loss is not None else 0)) * (0.58 if stacked else 1.0)
    annotations = path_labels(traj, box, lang, plot_px=max(paths_px, 120)) if name_paths else []

    extra_axes, loss = {}, dict(loss) if loss is not None else None
    stacked = bool(loss.pop("below", False)) if loss is not None else False
    if loss is not None:
        from .curves import loss_panel
        panel, cursor_frames, extra_axes, heading = loss_panel(traj, cursors, frame_steps, lang, **loss,
                                                               domain=(0.0, 1.0) if stacked else (0.67, 1.0),
                                                               y_domain=(0.0, 0.3) if stacked else (0.0, 1.0),
                                                               heading_inside=stacked)
        annotations.append(heading)
        first = len(data)
        data += panel
        cursor_idx = [first + k for k, tr in enumerate(panel) if tr.get("name") == "cursor"]
        animated += cursor_idx
        for f in range(len(frame_steps)):
            frame_data[f] += cursor_frames[f]

    names = [str(k) for k in frame_steps]
    frames = [dict(data=d, traces=animated, name=n, group="play") for d, n in zip(frame_data, names)]
    # Single steps: plotly continues from the current frame with the frame after it in a list, so a
    # step button plays a list in which every real frame follows a no-op frame (shown for 0 ms) and
    # waits on that real frame until the next press.
    frames += [dict(data=[], traces=[], name=f"~{n}", group="nop") for n in range(len(names))]
    fwd = [x for n, k in enumerate(names) for x in (f"~{n}", k)]
    bwd = [x for n, k in enumerate(names[-2::-1] + names[-1:]) for x in (f"~{n}", k)]
    plot_px = max(height - 190 - CONTROL_ROW - (16 if loss is not None else 0), 120)   # controls sit a fixed number of pixels below the axis
    below = lambda px: -px / plot_px
    one = [dict(duration=0, redraw=False), dict(duration=10 ** 9, redraw=False)]   # per position in the list
    step_back = dict(label="◀", method="animate", args=[bwd, {**_anim(0, fromcurrent=True), "frame": one}])
    step_fwd = dict(label="▶|", method="animate", args=[fwd, {**_anim(0, fromcurrent=True), "frame": one}])
    # speeds without their own ▶: the row of three fits the plot width of a column a quarter of the page wide
    play = [dict(label=("▶ " + t("play", lang)) if name == "1×" else name, method="animate",
                 args=["play", _anim(ms, fromcurrent=True)]) for name, ms in SPEEDS]
    play = [play[1], play[0], play[2]]
    # stacked panels sit in a narrow column: a shorter pause button, controls below the loss axis' title
    pause = dict(label="❚❚" if stacked else "❚❚ " + t("pause", lang), method="animate", args=[[None], _anim(0)])
    drop = 16 if loss is not None else 0              # the loss panel's "step" title sits above the controls
    x_right = 0.62 if loss is not None and not stacked else 1.0
    layout = base_layout(
        height=height, title=title, annotations=annotations, showlegend=not name_paths,
        xaxis=dict(range=[x0, x1], showgrid=False, zeroline=False, domain=[0, x_right]),
        yaxis=dict(range=[y0, y1], title="y", showgrid=False, zeroline=False,
                   domain=[0.42, 1.0] if stacked else [0.0, 1.0]), clickmode="event+select",
        dragmode="pan", hovermode="closest",
        images=[surface_layer(surface, box)],
        updatemenus=[dict(type="buttons", direction="left", x=0, y=below(42 + drop + k * CONTROL_ROW), xanchor="left",
                          yanchor="top", pad=dict(t=0, r=10), showactive=False, buttons=buttons)
                     for k, buttons in enumerate((play, [pause, step_back, step_fwd]))],
        sliders=[dict(active=len(frame_steps) - 1, x=0, len=1.0, y=below(80 + drop + CONTROL_ROW), yanchor="top", pad=dict(t=0, b=0),
                      currentvalue=dict(prefix=t("step", lang) + " ", font=dict(size=12, color="#333"), xanchor="right", visible=True),
                      ticklen=3, minorticklen=2, font=dict(size=1, color="rgba(0,0,0,0)"),  # the value shows the step
                      steps=[dict(label=str(k), method="animate", args=[[str(k)], _anim(0)]) for k in frame_steps])],
        **extra_axes,
    )
    layout["margin"] = dict(l=45, r=15, t=40, b=150 + drop + CONTROL_ROW)
    return dict(data=data, layout=layout, frames=frames)


def surface3d_figure(surface, traj=None, lang="en", *, height=560, grid_n=80, max_points=200):
    """3-D surface in the 2-D view's blues (light = low) with the paths drawn above it: lifted by a
    few per cent of the height range, thick, on a see-through mesh, seen from above, each named at
    its end (cut where it leaves the surface's box, so the scene keeps the surface's size). The z
    axis says what it shows (log loss or loss)."""
    xs, ys, Z = surface.grid(grid_n)
    box = surface.domain
    (x0, x1), (y0, y1) = box
    V = surface_values(surface, Z)
    lift = 0.03 * float(np.nanmax(V) - np.nanmin(V) or 1.0)
    data = [dict(type="surface", x=rounded(xs), y=rounded(ys), z=rounded(V, 4), colorscale=CONTOUR_SCALE,
                 showscale=False, opacity=0.72, hoverinfo="skip", name="surface",
                 contours=dict(z=dict(show=True, usecolormap=True, project_z=True, width=1)))]
    if traj is not None:
        run_styles = styles(traj.color_keys or traj.names)
        names = short_names(traj, lang)
        O, S, T1, _ = traj.positions.shape
        for i in range(O):
            for j in range(S):
                d = int(traj.diverged_at[i, j])
                p = traj.positions[i, j, :d if d > 0 else T1]
                f = traj.losses[i, j, :len(p)]
                inside = (p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)
                if not inside[0]:
                    continue
                if not inside.all():            # cut where it leaves the box: the scene keeps the surface's size
                    k, q = _exit_point(p, inside, box)
                    p = np.vstack([p[:k], q])
                    f = np.append(f[:k], surface.f(q[None])[0])
                keep = thin(len(p), max_points)
                p = p[keep]
                z = _surface_value_of(surface, f[keep], Z) + lift
                color = run_styles[i][0]
                data.append(dict(
                    type="scatter3d", x=rounded(p[:, 0]), y=rounded(p[:, 1]), z=rounded(z), mode="lines",
                    name=traj.labels[i], legendgroup=f"o{i}", showlegend=(j == 0), line=dict(color=color, width=7),
                    hovertemplate=f"<b>{traj.labels[i]}</b><br>x=%{{x:.3f}}, y=%{{y:.3f}}<extra></extra>"))
                if j == 0:                      # the path's end, with its name
                    data.append(dict(
                        type="scatter3d", x=rounded(p[-1:, 0]), y=rounded(p[-1:, 1]), z=rounded(z[-1:]),
                        mode="markers+text", showlegend=False,      # the text grows towards the middle
                        textposition="top left" if p[-1, 0] > (x0 + x1) / 2 else "top right",
                        text=[names[i] + (" " + t("diverged_mark", lang, step=d) if d >= 0 else "")],
                        legendgroup=f"o{i}", textfont=dict(size=12, color=color), hoverinfo="skip",
                        marker=dict(size=5, color=color, line=dict(width=1, color="white"))))
    ztitle = t("loss", lang)
    if surface.log_scale:
        ztitle = t("z_log_gap" if surface.f_min is not None else "z_log_low", lang)

    def axis(title, lo=None, hi=None):
        return dict(title=dict(text=title, font=dict(size=13)), tickfont=dict(size=11, color="#30363D"),
                    **(dict(range=[float(lo), float(hi)]) if lo is not None else {}))

    layout = base_layout(height=height, margin=dict(l=0, r=0, t=10, b=0), showlegend=False,
                         scene=dict(xaxis=axis("x", x0, x1), yaxis=axis("y", y0, y1), zaxis=axis(ztitle),
                                    camera=dict(eye=dict(x=1.8, y=-1.8, z=2.3)),
                                    aspectmode="manual", aspectratio=dict(x=1, y=1, z=0.6)))
    return dict(data=data, layout=layout)
