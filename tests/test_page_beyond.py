"""AppTest for the "Mixed precision" and "Data parallel" pages: chart data against the library and
theory, every slider at its ends, every choice once, the Korean switch."""
from functools import partial

import numpy as np
import pytest

import optviz
from optviz.nets.amp import train_precisions
from tests import apptest
from tests.apptest import specs, n_charts

AMP = "views/mixed_precision.py"
DDP = "views/data_parallel.py"


open_page = partial(apptest.open_page, timeout=90)


def trace(spec, name):
    return next(d for d in spec["data"] if d.get("name") == name)


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.title])


# ---- mixed precision -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def amp():
    return open_page(AMP)


@pytest.fixture(scope="module")
def amp_reference():
    """What the page computes with its defaults."""
    return train_precisions("digits", optviz.optimizer("adam", lr=1e-3), epochs=5, batch_size=64, hidden=(64, 64),
                            seed=0, loss_factor=2.0 ** -16, growth_interval=50)


def test_amp_default_charts_show_the_library_numbers(amp, amp_reference):
    r = amp_reference
    hist, loss, under, scale = specs(amp)
    assert [d["name"] for d in loss["data"] if d["name"] and "raw" not in d["name"]] == \
        ["float16, no scaling", "float16 + dynamic scaling", "float32"]
    raw = trace(loss, "float32 (raw)")
    assert np.allclose(raw["y"], r.step_loss[0], rtol=1e-3)
    u16 = trace(under, "float16, no scaling")["y"]
    us = trace(under, "float16 + dynamic scaling")["y"]
    assert np.allclose(u16, 100 * r.underflow[1], rtol=1e-3)
    assert np.mean(u16) > 30 and max(us) < 0.1
    s = trace(scale, "loss scale S")
    assert s["y"][0] == 16 and s["y"][-1] == 16 + (r.total_steps - 1) // 50
    assert trace(scale, "skipped step (0)")["x"] == []
    raw_bars = hist["data"][0]
    assert sum(raw_bars["y"]) == pytest.approx(100, rel=1e-3)
    peak = raw_bars["x"][int(np.argmax(raw_bars["y"]))]
    assert -28 < peak < -20                       # c = 2⁻¹⁶ puts the gradients around float16's floor


def test_amp_table(amp):
    df = amp.table[0].value
    under = [float(v) for v in df["mean underflow (%)"]]
    loss = [float(v) for v in df["final training loss"]]
    assert under[0] == 0 and under[1] > 30 and under[2] < 0.1
    assert loss[1] > 2 * loss[0] and loss[2] == pytest.approx(loss[0], rel=0.02)


def test_amp_torch_code(amp):
    code = " ".join(c.value for c in apptest.open_code(amp).code)
    assert "torch.amp.GradScaler(device, init_scale=2.0**16" in code
    assert "growth_interval=50" in code and "torch.autocast(device, dtype=torch.float16)" in code
    assert "torch.optim.Adam(model.parameters(), lr=0.001)" in code
    assert ("torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(), "
            "torch.nn.Linear(64, 10)") in code


def test_amp_overflow_example_skips_steps():
    at = open_page(AMP)
    at.button[1].click().run()
    assert not at.exception
    scale = specs(at)[3]
    skipped = next(d for d in scale["data"] if d["name"].startswith("skipped step"))
    assert len(skipped["x"]) >= 3 and skipped["x"][0] == 0          # 2³⁶ overflows at once
    assert scale["data"][0]["y"][0] == 36 and min(scale["data"][0]["y"]) < 36
    at.button[0].click().run()                    # the underflow example
    assert not at.exception
    under = specs(at)[2]
    assert np.mean(trace(under, "float16, no scaling")["y"]) > 60


@pytest.mark.parametrize("key, values", [("ampc", [-24, 0]), ("ampS", [0, 40]), ("ampep", [1, 10]), ("ampd", [1, 3])])
def test_amp_sliders_at_both_ends(key, values):
    at = open_page(AMP, after_home={} if key == "ampep" else {"ampep": "2"})
    for v in values:
        at.slider(key="w:" + key).set_value(v).run()
        assert not at.exception
        assert n_charts(at) == 4
        for spec in specs(at):
            for d in spec["data"]:
                assert all(y is None or np.isfinite(y) for y in d.get("y", []) if not isinstance(y, str))


def test_amp_select_sliders_and_choices():
    at = open_page(AMP, after_home={"ampep": "1"})          # one epoch keeps the many reruns quick
    for key, values in (("ampw", [16, 128]), ("ampb", [256, 64]), ("ampgi", [5, 2000]), ("ampgf", [1.5, 4.0]),
                        ("ampbf", [0.25, 0.75])):
        for v in values:
            at.select_slider(key="w:" + key).set_value(v).run()
            assert not at.exception
            assert n_charts(at) == 4
    for name in ["sgd", "rmsprop", "adamw", "adam"]:
        at.selectbox(key="w:ampn").set_value(name).run()
        assert not at.exception
    for data in optviz.DATASETS:
        at.selectbox(key="w:ampdata").set_value(data).run()
        assert not at.exception
        assert n_charts(at) == 4


def test_amp_low_init_scale_and_growth_shows_small_c_still_scaled():
    """init_scale 2⁰ with c = 2⁻¹⁶: the scaled run starts as unscaled, then the scale climbs every 5 steps."""
    at = open_page(AMP, after_home={"ampS": "0", "ampgi": "5"})
    under = specs(at)[2]
    us = trace(under, "float16 + dynamic scaling")["y"]
    assert us[0] > 30 and us[-1] < 0.1


def test_amp_bad_url_values_do_not_crash():
    at = open_page(AMP, after_home={"ampc": "abc", "ampgi": "7", "ampep": "nan", "ampdata": "nope"})
    assert n_charts(at) == 4


def test_amp_korean():
    at = open_page(AMP, lang="ko")
    assert "혼합 정밀도" in at.title[0].value
    assert "언더플로" in texts(at)
    loss = specs(at)[1]
    assert "float16, 스케일링 없음" in [d["name"] for d in loss["data"]]


# ---- data parallel --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ddp():
    return open_page(DDP)


@pytest.fixture(scope="module")
def ddp_noise():
    return open_page(DDP, after_home={"ddpsec": "noise"})


@pytest.fixture(scope="module")
def ddp_surface():
    return open_page(DDP, after_home={"ddpsec": "surface"})


def test_ddp_shows_one_part_at_a_time(ddp, ddp_noise, ddp_surface):
    """Only the part picked is computed and drawn: arrows; noise and cloud; paths, zoom and loss."""
    assert [len(specs(a)) for a in (ddp, ddp_noise, ddp_surface)] == [1, 2, 3]


def arrow_end(spec, name):
    d = trace(spec, name)
    return np.array([d["x"][-1], d["y"][-1]])


def test_ddp_step_average_is_the_big_batch(ddp):
    arrows = specs(ddp)[0]
    workers = [d for d in arrows["data"] if d.get("legendgroup") == "workers"]
    assert len(workers) == 4
    avg = arrow_end(arrows, "all-reduce mean of 4")
    assert np.allclose(avg, arrow_end(arrows, "one batch of 64"), atol=1e-12)
    assert np.allclose(avg, np.mean([[w["x"][-1], w["y"][-1]] for w in workers], 0), atol=1e-9)
    assert avg[1] == pytest.approx(0, abs=1e-9) and avg[0] > 0          # e₁ points along the average
    df = ddp.table[0].value
    assert float(df["loss"][4]) == pytest.approx(float(df["loss"][5]), rel=1e-4)
    assert float(df["loss"][4]) == pytest.approx(np.mean([float(v) for v in df["loss"][:4]]), rel=1e-4)


def test_ddp_noise_follows_theory(ddp_noise):
    ddp = ddp_noise
    noise = specs(ddp)[0]
    theory = np.array(trace(noise, "theory σ²/(KB)·(N−KB)/(N−1)")["y"])
    avg = np.array(trace(noise, "K workers × B = 16, averaged")["y"])
    big = np.array(trace(noise, "one batch of K·16")["y"])
    assert trace(noise, "K workers × B = 16, averaged")["x"] == [1, 2, 4, 8, 16]
    assert np.allclose(avg / theory, 1, atol=0.15) and np.allclose(big / theory, 1, atol=0.15)
    assert avg[-1] / avg[0] == pytest.approx(theory[-1] / theory[0], rel=0.2)
    assert any("slope" in c.value for c in ddp.caption)
    cloud = specs(ddp)[1]
    assert [d["name"] for d in cloud["data"]][:5] == ["K = 16", "K = 8", "K = 4", "K = 2", "K = 1"]


def test_ddp_surface_paths_start_at_the_start(ddp_surface):
    surf = optviz.surface("ravine", condition=25.0, angle=30.0)
    paths = specs(ddp_surface)[0]
    lines = [d for d in paths["data"] if d.get("mode") == "lines"]
    assert [d["name"] for d in lines] == ["K = 1 (batch 2)", "K = 2 (batch 4)", "K = 4 (batch 8)", "K = 8 (batch 16)"]
    for d in lines:
        assert (d["x"][0], d["y"][0]) == pytest.approx(tuple(surf.starts[0]), abs=1e-4)
    loss = specs(ddp_surface)[2]
    tails = [np.mean(d["y"][len(d["y"]) // 2:]) for d in loss["data"]]
    assert tails[0] > tails[-1]                  # more workers, less noise near the minimum


def test_ddp_linear_scaling_has_a_ceiling():
    at = open_page(DDP, after_home={"ddpsec": "surface"})
    at.toggle(key="w:ddpslin").set_value(True).run()
    assert not at.exception
    names = [d["name"] for d in specs(at)[0]["data"] if d.get("mode") == "lines"]
    assert "diverged" not in names[0] and "diverged" not in names[1]      # lr 0.03, 0.06 < 2/25
    assert "diverged" in names[3]                                          # lr 0.24 > 2/25


@pytest.mark.parametrize("key, values, part, n", [("ddpk", [1, 16], "step", 1), ("ddpk", [1, 16], "noise", 2),
                                                  ("ddpT", [50, 1000], "surface", 3)])
def test_ddp_sliders_at_both_ends(key, values, part, n):
    at = open_page(DDP, after_home={"ddpsec": part})
    for v in values:
        at.slider(key="w:" + key).set_value(v).run()
        assert not at.exception
        assert n_charts(at) == n
    if part == "step":
        assert len([d for d in specs(at)[0]["data"] if d.get("legendgroup") == "workers"]) == 16


def test_ddp_select_sliders_and_choices():
    at = open_page(DDP, after_home={"ddpT": "50", "ddpsec": "surface"})   # short 2-D runs: quick reruns
    for key, values in (("ddpb", [4, 64]), ("ddpw", [8, 64]), ("ddpsB", [1, 16]), ("ddpsig", [0.0, 10.0]),
                        ("ddpsN", [200, 10000])):
        for v in values:
            at.select_slider(key="w:" + key).set_value(v).run()
            assert not at.exception
    for data in optviz.DATASETS:
        at.selectbox(key="w:ddpdata").set_value(data).run()
        assert not at.exception
    at.selectbox(key="w:ddpon").set_value("adam").run()
    assert not at.exception


def test_ddp_impossible_settings_are_reported():
    at = open_page(DDP, after_home={"ddpdata": "iris", "ddpk": "16", "ddpb": "64"})
    assert at.error and "examples" in at.error[0].value            # 16 × 64 > 112 training examples
    at = open_page(DDP, after_home={"ddpdata": "iris", "ddpk": "16", "ddpb": "64", "ddpsec": "noise"})
    assert any("K = 1" in i.value for i in at.info)
    at = open_page(DDP, after_home={"ddpstep": "50"})
    assert at.error
    at.segmented_control(key="w:ddpsec").set_value("surface").run()
    assert not at.exception and n_charts(at) == 3    # the other parts still draw


def test_ddp_korean():
    at = open_page(DDP, lang="ko")
    assert "데이터 병렬" in at.title[0].value
    assert "워커" in texts(at)
    assert "워커 4개의 all-reduce 평균" in [d["name"] for d in specs(at)[0]["data"]]
