"""CSV and GIF export."""
import csv
import io

import numpy as np
from PIL import Image

import optviz
from optviz.export import animation_gif, trajectories_csv


def _traj():
    surf = optviz.surface("quadratic")
    return surf, optviz.run(surf, [optviz.optimizer("sgd", lr=0.1), optviz.optimizer("sgd", lr=3.0 / optviz.surface("quadratic").lipschitz)],
                            starts=[[1.0, 1.0], [-1.0, 0.5]], steps=30)


def test_csv_rows_equal_trajectory_values():
    surf, traj = _traj()
    rows = list(csv.DictReader(io.StringIO(trajectories_csv(traj))))
    assert len(rows) == 2 * 2 * 31
    for r in rows[::17]:
        o, s, k = (int(r[c]) if c != "optimizer" else traj.labels.index(r[c]) for c in ("optimizer", "start", "step"))
        assert float(r["x"]) == np.float64(f"{traj.positions[o, s, k, 0]:.10g}")
        assert float(r["loss"]) == np.float64(f"{traj.losses[o, s, k]:.10g}")
        if k < 30:
            assert float(r["lr"]) == traj.lrs[o, s, k]
        else:
            assert r["lr"] == ""
    k_div = traj.diverged_at[1, 0]
    assert k_div > 0
    flags = [r["diverged"] for r in rows if r["optimizer"] == traj.labels[1] and r["start"] == "0"]
    assert flags.index("1") == k_div


def test_gif_has_one_frame_per_step_shown_and_moves():
    surf, traj = _traj()
    data = animation_gif(surf, traj, frames=12, size=200)
    im = Image.open(io.BytesIO(data))
    assert im.format == "GIF" and im.size == (200, 200)
    assert im.n_frames == 12
    im.seek(0)
    first = np.asarray(im.convert("RGB")).copy()
    im.seek(11)
    last = np.asarray(im.convert("RGB"))
    assert (first != last).any()
