"""Export: trajectories and curves as CSV, the playground animation as an animated GIF."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .figures._style import styles
from .figures.paths import surface_values

# light blue ramp matching the contour colours, from low to high loss
_RAMP = np.array([[247, 251, 255], [219, 233, 246], [169, 204, 227], [91, 141, 184]], dtype=float)


def trajectories_csv(traj) -> str:
    """One row per optimizer × start × step: optimizer, start, step, x, y, loss, lr, grad_norm, diverged."""
    O, S, T1, _ = traj.positions.shape
    o, s, k = np.meshgrid(np.arange(O), np.arange(S), np.arange(T1), indexing="ij")
    pad = lambda a: np.concatenate([a, np.full(a.shape[:-1] + (1,), np.nan)], -1)  # no lr after the last step
    lr, gn = pad(traj.lrs), pad(traj.grad_norms)
    dead = (traj.diverged_at[..., None] >= 0) & (k >= traj.diverged_at[..., None])
    out = io.StringIO()
    out.write("optimizer,start,step,x,y,loss,lr,grad_norm,diverged\n")
    labels = np.array([f'"{lab}"' for lab in traj.labels])
    for row in zip(labels[o.ravel()], s.ravel(), k.ravel(), traj.positions[..., 0].ravel(),
                   traj.positions[..., 1].ravel(), traj.losses.ravel(), lr.ravel(), gn.ravel(), dead.ravel()):
        out.write("%s,%d,%d,%.10g,%.10g,%.10g,%.6g,%.6g,%d\n" % row)
    return out.getvalue().replace("nan", "")


def _hex(c: str):
    return tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))


def _background(surface, size):
    xs, ys, Z = surface.grid(size)
    V = surface_values(surface, Z)
    lo, hi = np.nanmin(V), np.nanmax(V)
    u = np.clip((V - lo) / (hi - lo or 1.0), 0, 1) * (len(_RAMP) - 1)
    i = np.minimum(u.astype(int), len(_RAMP) - 2)
    w = (u - i)[..., None]
    rgb = _RAMP[i] * (1 - w) + _RAMP[i + 1] * w
    levels = np.floor(u * 6) != np.floor(np.roll(u, 1, 0) * 6)          # thin contour lines
    rgb[levels] *= 0.85
    return Image.fromarray(np.flipud(rgb).astype(np.uint8), "RGB")


def animation_gif(surface, traj, frames: int = 40, size: int = 420, ms_per_frame: int = 80) -> bytes:
    """The paths of `traj` drawn step by step over the surface's colours, as GIF bytes."""
    frames = int(np.clip(frames, 2, 120))
    size = int(np.clip(size, 120, 800))
    (x0, x1), (y0, y1) = surface.domain
    bg = _background(surface, size)
    O, S, T1, _ = traj.positions.shape
    to_px = lambda p: np.column_stack([(p[:, 0] - x0) / (x1 - x0) * (size - 1),
                                       (y1 - p[:, 1]) / (y1 - y0) * (size - 1)])
    cols = [_hex(c) for c, _ in styles(traj.color_keys or traj.names)]
    font = ImageFont.load_default()
    images = []
    for k in np.unique(np.linspace(0, T1 - 1, frames).round().astype(int)):
        im = bg.copy()
        d = ImageDraw.Draw(im)
        for i in range(O):
            for j in range(S):
                end = traj.diverged_at[i, j] if traj.diverged_at[i, j] > 0 else T1
                p = to_px(traj.positions[i, j, :min(k + 1, end)])
                p = np.clip(p, -size, 2 * size)
                if len(p) > 1:
                    d.line([tuple(q) for q in p], fill=cols[i], width=2)
                cx, cy = p[-1]
                d.ellipse([cx - 4, cy - 4, cx + 4, cy + 4], fill=cols[i], outline=(255, 255, 255))
                if 0 < traj.diverged_at[i, j] <= k:
                    d.text((cx + 6, cy - 6), "✕ diverged", fill=cols[i], font=font)
        for i, label in enumerate(traj.labels):
            d.text((6, 6 + 12 * i), label, fill=cols[i], font=font)
        d.text((size - 70, size - 16), f"step {k}", fill=(30, 30, 30), font=font)
        images.append(im.convert("P", palette=Image.ADAPTIVE, colors=64))
    buf = io.BytesIO()
    images[0].save(buf, format="GIF", save_all=True, append_images=images[1:], duration=ms_per_frame, loop=0)
    return buf.getvalue()
