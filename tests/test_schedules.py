from optviz.i18n import describe
"""Every schedule against torch.optim.lr_scheduler, step by step.

torch is driven the documented way: SGD([param], lr=base_lr); each step records
optimizer.param_groups[0]["lr"], then optimizer.step(), then scheduler.step().
"""
import math
import pickle

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler as tl

from optviz.optimizers._base import Param
from optviz.schedules import SCHEDULE_SPECS, SCHEDULES, Schedule, schedule, with_warmup
from tests.torch_ref import torch_lrs

STEPS = 300
BASE = 0.1
RTOL = 1e-9
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def torch_scheduler(s: Schedule, opt, steps):
    """torch's scheduler built from s.torch_class and s.kwargs, writing out the values optviz derives
    (cyclic/one-cycle lr from the optimizer's lr, one-cycle total_steps from the run length)."""
    kw = dict(s.kwargs)
    if s.name == "constant":
        return tl.ConstantLR(opt, factor=1.0, total_iters=0)
    if s.name == "warmup":
        W = kw["warmup_steps"]
        return tl.LambdaLR(opt, lr_lambda=lambda step: (step + 1) / W if step < W else 1.0)
    if s.name == "sequentiallr":
        ends = [*kw["milestones"], steps]
        starts = [0, *kw["milestones"]]
        subs = [torch_scheduler(sub, opt, e - b) for sub, b, e in zip(kw["schedulers"], starts, ends)]
        return tl.SequentialLR(opt, subs, kw["milestones"])
    if s.name == "cycliclr":
        kw["max_lr"] = opt.defaults["lr"] if kw["max_lr"] is None else kw["max_lr"]
        kw["base_lr"] = kw["max_lr"] / 10 if kw["base_lr"] is None else kw["base_lr"]
    if s.name == "onecyclelr":
        kw["max_lr"] = opt.defaults["lr"] if kw["max_lr"] is None else kw["max_lr"]
        if kw["total_steps"] is None and kw["epochs"] is None:
            kw["total_steps"] = steps
    assert s.torch_class is not None
    return getattr(tl, s.torch_class)(opt, **{k: v for k, v in kw.items() if v is not None or k == "step_size_down"})


def lam_exp(step):
    return 0.97 ** step


CASES = {
    "constant": [schedule("constant")],
    "steplr": [schedule("steplr", step_size=30), schedule("steplr", step_size=1, gamma=0.99),
               schedule("steplr", step_size=100, gamma=0.5), schedule("steplr", step_size=7, gamma=1.5)],
    "multisteplr": [schedule("multisteplr", milestones=[50, 100, 200]),
                    schedule("multisteplr", milestones=[30, 30, 90], gamma=0.5),        # repeated milestone
                    schedule("multisteplr", milestones=[0, 150], gamma=0.3),            # milestone at step 0
                    schedule("multisteplr", milestones=[200, 50], gamma=0.2)],          # unsorted (torch accepts)
    "exponentiallr": [schedule("exponentiallr", gamma=0.99), schedule("exponentiallr", gamma=0.9),
                      schedule("exponentiallr", gamma=1.001)],
    "cosineannealinglr": [schedule("cosineannealinglr", T_max=100),                    # three half-periods
                          schedule("cosineannealinglr", T_max=300),
                          schedule("cosineannealinglr", T_max=50, eta_min=1e-3),        # past T_max, floor
                          schedule("cosineannealinglr", T_max=1),
                          schedule("cosineannealinglr", T_max=7, eta_min=0.05)],
    "cosineannealingwarmrestarts": [schedule("cosineannealingwarmrestarts", T_0=50),
                                    schedule("cosineannealingwarmrestarts", T_0=20, T_mult=2, eta_min=1e-3),
                                    schedule("cosineannealingwarmrestarts", T_0=1),
                                    schedule("cosineannealingwarmrestarts", T_0=7, T_mult=3)],
    "onecyclelr": [schedule("onecyclelr", total_steps=STEPS),
                   schedule("onecyclelr", total_steps=STEPS, anneal_strategy="linear"),
                   schedule("onecyclelr", total_steps=STEPS, three_phase=True),
                   schedule("onecyclelr", total_steps=400, three_phase=True, anneal_strategy="linear",
                            pct_start=0.25, div_factor=10.0, final_div_factor=100.0),
                   schedule("onecyclelr", max_lr=0.5, epochs=10, steps_per_epoch=30),
                   schedule("onecyclelr")],                                              # total_steps = run length
    "linearlr": [schedule("linearlr"), schedule("linearlr", start_factor=0.1, total_iters=100),
                 schedule("linearlr", start_factor=1.0, end_factor=0.1, total_iters=200),  # decreasing
                 schedule("linearlr", start_factor=0.5, end_factor=0.0, total_iters=150)],  # down to zero
    "constantlr": [schedule("constantlr"), schedule("constantlr", factor=0.5, total_iters=100),
                   schedule("constantlr", factor=1.0, total_iters=0),
                   schedule("constantlr", factor=0.1, total_iters=0)],
    "polynomiallr": [schedule("polynomiallr"), schedule("polynomiallr", total_iters=200, power=2.0),
                     schedule("polynomiallr", total_iters=300, power=0.5),
                     schedule("polynomiallr", total_iters=1000)],
    "cycliclr": [schedule("cycliclr", step_size_up=50),
                 schedule("cycliclr", step_size_up=40, step_size_down=60, mode="triangular2"),
                 schedule("cycliclr", step_size_up=30, mode="exp_range", gamma=0.995),
                 schedule("cycliclr", base_lr=0.01, max_lr=0.2, step_size_up=25, step_size_down=5),
                 schedule("cycliclr", max_lr=0.3, step_size_up=20, scale_fn=lam_exp, scale_mode="iterations")],
    "lambdalr": [schedule("lambdalr", lr_lambda=lam_exp), schedule("lambdalr", lr_lambda=lambda k: 1 / (1 + k)),
                 schedule("lambdalr", lr_lambda=lambda k: 1.0 + math.sin(k / 10))],
    "warmup": [schedule("warmup"), schedule("warmup", warmup_steps=50), schedule("warmup", warmup_steps=1)],
    "sequentiallr": [
        schedule("sequentiallr", schedulers=[schedule("linearlr", start_factor=0.1, total_iters=50),
                                             schedule("cosineannealinglr", T_max=250)], milestones=[50]),
        schedule("sequentiallr", schedulers=[schedule("constantlr", factor=0.5, total_iters=10),
                                             schedule("exponentiallr", gamma=0.98),
                                             schedule("steplr", step_size=30, gamma=0.5)], milestones=[20, 120]),
        schedule("sequentiallr", schedulers=[schedule("exponentiallr", gamma=0.99),
                                             schedule("multisteplr", milestones=[0, 40], gamma=0.5)], milestones=[100]),
        schedule("sequentiallr", schedulers=[schedule("linearlr", total_iters=20),
                                             schedule("onecyclelr", total_steps=200)], milestones=[100]),
        schedule("sequentiallr", schedulers=[schedule("cycliclr", step_size_up=30),
                                             schedule("cosineannealinglr", T_max=100)], milestones=[150]),
        schedule("sequentiallr", schedulers=[schedule("linearlr", total_iters=20),
                                             schedule("cycliclr", base_lr=0.02, max_lr=0.2, step_size_up=30)],
                 milestones=[40]),
        schedule("sequentiallr", schedulers=[schedule("linearlr", total_iters=20),
                                             schedule("cosineannealingwarmrestarts", T_0=40, T_mult=2)], milestones=[30]),
        schedule("sequentiallr", schedulers=[schedule("polynomiallr", total_iters=80, power=2.0),
                                             schedule("lambdalr", lr_lambda=lam_exp),
                                             schedule("constantlr", factor=0.25, total_iters=30)], milestones=[60, 200]),
        schedule("sequentiallr", schedulers=[
            schedule("sequentiallr", schedulers=[schedule("linearlr", total_iters=10), schedule("exponentiallr", gamma=0.97)],
                     milestones=[20]),
            schedule("steplr", step_size=25, gamma=0.5)], milestones=[100]),
        schedule("sequentiallr", schedulers=[schedule("warmup", warmup_steps=10), schedule("constant"),
                                             schedule("cosineannealinglr", T_max=60, eta_min=0.01)], milestones=[10, 200]),
    ],
}
ALL = [(f"{name}-{i}", s) for name, ss in CASES.items() for i, s in enumerate(ss)]
IDS = [i for i, _ in ALL]
SCHEDS = [s for _, s in ALL]


def test_cases_cover_every_loss_free_schedule():
    assert set(CASES) == set(SCHEDULES) - {"reducelronplateau"}
    assert all(len(v) >= 3 for k, v in CASES.items() if k != "constant")


@pytest.mark.parametrize("s", SCHEDS, ids=IDS)
def test_equals_torch_every_step(s):
    ours = s.lrs(BASE, STEPS)
    ref = torch_lrs(lambda opt: torch_scheduler(s, opt, STEPS), BASE, STEPS)
    assert ours.shape == (STEPS,)
    np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=1e-300)


@pytest.mark.parametrize("s", SCHEDS, ids=IDS)
def test_vectorised_over_base_lr_equals_per_run(s):
    base = np.array([[0.1], [0.03], [1.0]])
    ours = s.lrs(base, STEPS)
    assert ours.shape == (STEPS, 3, 1)
    for r in range(3):
        np.testing.assert_allclose(ours[:, r, 0], s.lrs(float(base[r, 0]), STEPS), rtol=1e-13, atol=1e-300)


@pytest.mark.parametrize("s", SCHEDS, ids=IDS)
def test_stepping_equals_lrs(s):
    base = np.array([[0.1], [0.5]])
    table = s.lrs(base, 120)
    st = s.init(base, steps=120)
    for k in range(120):
        np.testing.assert_array_equal(s.current(st), table[k])
        st = s.observe(st, np.zeros(2))


def test_observe_returns_a_new_state():
    s = schedule("exponentiallr", gamma=0.5)
    st0 = s.init(1.0)
    st1 = s.observe(st0)
    assert s.current(st0) == 1.0 and s.current(st1) == 0.5
    assert isinstance(s.current(st1), float)


def test_cosine_past_t_max_climbs_back_and_matches_closed_form():
    s = schedule("cosineannealinglr", T_max=100, eta_min=0.01)
    lrs = s.lrs(1.0, 301)
    t = np.arange(301)
    closed = 0.01 + (1.0 - 0.01) * (1 + np.cos(np.pi * t / 100)) / 2
    np.testing.assert_allclose(lrs, closed, rtol=1e-9)
    assert lrs[100] == pytest.approx(0.01) and lrs[200] == pytest.approx(1.0)


def test_warm_restarts_t_mult_2_restart_points():
    lrs = schedule("cosineannealingwarmrestarts", T_0=20, T_mult=2).lrs(1.0, 141)
    for restart in (0, 20, 60, 140):              # cycles of 20, 40, 80 steps
        assert lrs[restart] == 1.0
    assert lrs[59] < 0.01 and lrs[19] < 0.01


def test_warmup_is_the_notes_formula():
    np.testing.assert_array_equal(schedule("warmup", warmup_steps=5).lrs(0.2, 8),
                                  0.2 * np.array([1 / 5, 2 / 5, 3 / 5, 4 / 5, 1, 1, 1, 1]))


def test_hyperparameter_arrays_vectorise():
    gamma = np.array([[0.9], [0.99]])
    ours = schedule("exponentiallr", gamma=gamma).lrs(BASE, STEPS)
    for r in range(2):
        ref = torch_lrs(lambda opt: tl.ExponentialLR(opt, gamma=float(gamma[r, 0])), BASE, STEPS)
        np.testing.assert_allclose(ours[:, r, 0], ref, rtol=RTOL)
    eta = [0.0, 0.02]
    ours = schedule("cosineannealinglr", T_max=80, eta_min=eta).lrs(BASE, STEPS)
    for r in range(2):
        ref = torch_lrs(lambda opt: tl.CosineAnnealingLR(opt, T_max=80, eta_min=eta[r]), BASE, STEPS)
        np.testing.assert_allclose(ours[:, r, 0], ref, rtol=RTOL)


def test_more_hyperparameter_arrays():
    start = np.array([0.1, 0.5, 1.0])
    ours = schedule("linearlr", start_factor=start, end_factor=0.2, total_iters=100).lrs(BASE, STEPS)
    for r in range(3):
        ref = torch_lrs(lambda opt: tl.LinearLR(opt, start_factor=start[r], end_factor=0.2, total_iters=100), BASE, STEPS)
        np.testing.assert_allclose(ours[:, r, 0], ref, rtol=RTOL)
    factor = np.array([[0.1], [0.5]])
    loss = losses(0)
    ours = schedule("reducelronplateau", factor=factor, patience=3).lrs(BASE, STEPS, metrics=loss)
    for r in range(2):
        ref = torch_lrs(lambda opt: tl.ReduceLROnPlateau(opt, factor=float(factor[r, 0]), patience=3), BASE, STEPS,
                        metrics=loss)
        np.testing.assert_allclose(ours[:, r, 0], ref, rtol=RTOL)
    with pytest.raises(ValueError):
        schedule("exponentiallr", gamma=[0.9, -0.1])


def test_onecycle_refuses_to_step_past_total_steps_like_torch():
    s = schedule("onecyclelr", total_steps=100)
    assert s.lrs(BASE, 101).shape == (101,)       # lr at step 100 is still defined
    with pytest.raises(ValueError, match="Tried to step 101 times"):
        s.lrs(BASE, 102)
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=BASE)
    t = tl.OneCycleLR(opt, max_lr=BASE, total_steps=100, cycle_momentum=False)
    for _ in range(100):
        t.step()
    with pytest.raises(ValueError, match="Tried to step 101 times"):
        t.step()


# ---- SequentialLR and with_warmup ---------------------------------------------------------------

def test_with_warmup_equals_torch_sequential():
    cases = [
        (with_warmup(schedule("cosineannealinglr", T_max=250), 50),
         lambda o: tl.SequentialLR(o, [tl.LinearLR(o, start_factor=1 / 3, total_iters=50),
                                       tl.CosineAnnealingLR(o, T_max=250)], milestones=[50])),
        (with_warmup(schedule("steplr", step_size=40, gamma=0.5), 10, start_factor=0.1),
         lambda o: tl.SequentialLR(o, [tl.LinearLR(o, start_factor=0.1, total_iters=10),
                                       tl.StepLR(o, step_size=40, gamma=0.5)], milestones=[10])),
        (with_warmup(schedule("onecyclelr"), 30),              # one-cycle fills the rest of the run
         lambda o: tl.SequentialLR(o, [tl.LinearLR(o, start_factor=1 / 3, total_iters=30),
                                       tl.OneCycleLR(o, max_lr=BASE, total_steps=STEPS - 30, cycle_momentum=False)],
                                   milestones=[30])),
        (with_warmup("exponentiallr" if False else schedule("exponentiallr", gamma=0.99), 1),
         lambda o: tl.SequentialLR(o, [tl.LinearLR(o, start_factor=1 / 3, total_iters=1),
                                       tl.ExponentialLR(o, gamma=0.99)], milestones=[1])),
        (with_warmup(schedule("sequentiallr", schedulers=[schedule("constant"), schedule("exponentiallr", gamma=0.98)],
                              milestones=[100]), 20),         # flattened: milestones shift by the warm-up
         lambda o: tl.SequentialLR(o, [tl.LinearLR(o, start_factor=1 / 3, total_iters=20),
                                       tl.ConstantLR(o, factor=1.0, total_iters=0),
                                       tl.ExponentialLR(o, gamma=0.98)], milestones=[20, 120])),
        (with_warmup(schedule("constant"), 25),
         lambda o: tl.SequentialLR(o, [tl.LinearLR(o, start_factor=1 / 3, total_iters=25),
                                       tl.ConstantLR(o, factor=1.0, total_iters=0)], milestones=[25])),
    ]
    for s, make in cases:
        np.testing.assert_allclose(s.lrs(BASE, STEPS), torch_lrs(make, BASE, STEPS), rtol=RTOL, atol=1e-300)
        assert s.name == "sequentiallr" and not s.stateful


def test_sequential_onecycle_second_reproduces_torch_initial_lr_quirk():
    # OneCycleLR's constructor overwrites the group's initial_lr, so the warm-up before it ramps
    # towards max_lr/div_factor, not towards the optimizer's lr: the same in both.
    s = with_warmup(schedule("onecyclelr", total_steps=200, div_factor=5.0), 40)
    lrs = s.lrs(1.0, 200)
    assert lrs[0] == pytest.approx(0.2 / 3) and lrs[39] < 0.2


# ---- ReduceLROnPlateau --------------------------------------------------------------------------

def losses(seed, n=STEPS):
    rng = np.random.default_rng(seed)
    return np.concatenate([np.linspace(1.0, 0.5, 60), np.full(80, 0.5),
                           0.5 + 0.01 * rng.standard_normal(n - 140)])


PLATEAU_KW = [
    dict(),
    dict(patience=5),
    dict(patience=3, factor=0.5, cooldown=4),
    dict(patience=2, threshold=0.02, threshold_mode="abs", min_lr=2e-3),
    dict(mode="max", patience=4, factor=0.3),
    dict(mode="max", patience=0, threshold=0.01, threshold_mode="abs", cooldown=2),
    dict(patience=1, factor=0.5, min_lr=0.01, eps=1e-3),
    dict(patience=0, threshold=0.0),
]


@pytest.mark.parametrize("kw", PLATEAU_KW, ids=[str(k) for k in PLATEAU_KW])
def test_plateau_equals_torch(kw):
    loss = losses(0) if kw.get("mode") != "max" else 1.0 - losses(0)
    s = schedule("reducelronplateau", **kw)
    assert s.stateful
    ref = torch_lrs(lambda opt: tl.ReduceLROnPlateau(opt, **kw), BASE, STEPS, metrics=loss)
    assert len(set(ref)) > 1                   # the schedule did react
    np.testing.assert_allclose(s.lrs(BASE, STEPS, metrics=loss), ref, rtol=RTOL)
    st = s.init(BASE)                          # the runner's way: init / current / observe
    stepped = []
    for k in range(STEPS):
        stepped.append(s.current(st))
        st = s.observe(st, loss[k])
    np.testing.assert_allclose(stepped, ref, rtol=RTOL)


def test_plateau_runs_are_independent():
    kw = dict(patience=3, factor=0.5, cooldown=2)
    runs = np.stack([losses(0), losses(1), np.linspace(2.0, 0.1, STEPS), 1.0 + 0.1 * np.sin(np.arange(STEPS))], 1)
    base = np.array([[0.1], [0.2], [0.05], [1.0]])
    s = schedule("reducelronplateau", **kw)
    st = s.init(base)
    ours = []
    for k in range(STEPS):
        ours.append(s.current(st))
        st = s.observe(st, runs[k])            # loss [runs]
    ours = np.array(ours)
    assert ours.shape == (STEPS, 4, 1)
    for r in range(4):
        ref = torch_lrs(lambda opt: tl.ReduceLROnPlateau(opt, **kw), float(base[r, 0]), STEPS, metrics=runs[:, r])
        np.testing.assert_allclose(ours[:, r, 0], ref, rtol=RTOL)
    # a scalar base lr with per-run losses also splits into runs
    split = s.lrs(0.1, STEPS, metrics=runs)
    assert split.shape == (STEPS, 4, 1)
    np.testing.assert_allclose(split[:, 1, 0],
                               torch_lrs(lambda opt: tl.ReduceLROnPlateau(opt, **kw), 0.1, STEPS, metrics=runs[:, 1]),
                               rtol=RTOL)


def test_plateau_needs_the_loss():
    with pytest.raises(ValueError, match="loss"):
        schedule("reducelronplateau").lrs(BASE, 10)


def plateau_after(first_make, W, kw):
    """torch recipe for [schedule, ReduceLROnPlateau] switching at W (SequentialLR refuses it)."""
    def run(base, loss, steps):
        p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
        opt = torch.optim.SGD([p], lr=base)
        first = first_make(opt)
        plateau = tl.ReduceLROnPlateau(opt, **kw)
        out = []
        for k in range(steps):
            out.append(opt.param_groups[0]["lr"])
            opt.step()
            if k + 1 < W:
                first.step()
            elif k + 1 == W:
                opt.param_groups[0]["lr"] = opt.defaults["lr"]
            else:
                plateau.step(float(loss[k]))
        return np.array(out)
    return run


@pytest.mark.parametrize("W", [1, 20, 100])
def test_with_warmup_plateau_follows_the_documented_torch_recipe(W):
    kw = dict(patience=4, factor=0.5)
    s = with_warmup(schedule("reducelronplateau", **kw), W, start_factor=0.2)
    assert s.stateful
    loss = losses(3)
    ref = plateau_after(lambda o: tl.LinearLR(o, start_factor=0.2, total_iters=W), W, kw)(BASE, loss, STEPS)
    np.testing.assert_allclose(s.lrs(BASE, STEPS, metrics=loss), ref, rtol=RTOL)
    code = s.torch_code()
    assert "ReduceLROnPlateau(optimizer, mode='min', factor=0.5, patience=4" in code
    assert f"if k + 1 < {W}: scheduler1.step()" in code and "scheduler2.step(loss)" in code


def test_sequential_with_plateau_in_the_middle():
    kw = dict(patience=2, factor=0.5)
    s = schedule("sequentiallr", schedulers=[schedule("constantlr", factor=0.5, total_iters=10),
                                             schedule("reducelronplateau", **kw),
                                             schedule("exponentiallr", gamma=0.99)], milestones=[50, 200])
    assert s.stateful
    loss = losses(5)
    ours = s.lrs(BASE, STEPS, metrics=loss)
    head = torch_lrs(lambda o: tl.ConstantLR(o, factor=0.5, total_iters=10), BASE, 50)
    mid = plateau_after(lambda o: tl.ConstantLR(o, factor=1.0, total_iters=0), 1, kw)(BASE, loss[49:], 151)
    np.testing.assert_allclose(ours[:50], head, rtol=RTOL)
    np.testing.assert_allclose(ours[50:200], mid[1:], rtol=RTOL)
    np.testing.assert_allclose(ours[200:], BASE * 0.99 ** np.arange(100), rtol=1e-12)


# ---- torch code, registry, errors ---------------------------------------------------------------

@pytest.mark.parametrize("s", SCHEDS, ids=IDS)
def test_torch_code_names_the_class_and_every_keyword(s):
    code = s.torch_code("opt", steps=STEPS)
    flat = [s] if s.name != "sequentiallr" else _leaves(s)
    for sub in flat:
        assert f"torch.optim.lr_scheduler.{sub.torch_class}(opt, " in code
        for k, v in sub.kwargs.items():
            if v is None or sub.name in ("warmup", "constant"):
                continue
            assert f"{k}=" in code
            if isinstance(v, (int, float, str)) and not isinstance(v, bool) and k not in ("base_lr", "max_lr"):
                assert f"{k}={v!r}" in code
    if s.name == "sequentiallr":
        assert f"milestones={list(s.kwargs['milestones'])}" in code and code.splitlines()[-1].startswith("scheduler = ")
    for sub in flat:
        if sub.name in ("cycliclr", "onecyclelr"):
            assert "cycle_momentum=False" in code
        if sub.name == "warmup":
            W = sub.kwargs["warmup_steps"]
            assert f"lr_lambda=lambda step: (step + 1) / {W} if step < {W} else 1.0" in code
        if sub.name == "constant":
            assert "ConstantLR(opt, factor=1.0, total_iters=0)" in code


def _leaves(s):
    return [x for sub in s.kwargs["schedulers"] for x in (_leaves(sub) if sub.name == "sequentiallr" else [sub])]


def test_torch_code_writes_out_derived_values():
    code = schedule("cycliclr", step_size_up=10).torch_code()
    assert 'base_lr=optimizer.defaults["lr"] / 10, max_lr=optimizer.defaults["lr"]' in code
    assert "total_steps=750" in schedule("onecyclelr").torch_code(steps=750)
    assert "total_steps=500" in schedule("onecyclelr").torch_code()
    assert "epochs=3, steps_per_epoch=7" in schedule("onecyclelr", epochs=3, steps_per_epoch=7).torch_code()
    assert "total_steps" not in schedule("onecyclelr", epochs=3, steps_per_epoch=7).torch_code()


def test_registry_specs():
    assert SCHEDULES[0] == "constant" and set(SCHEDULES) == set(SCHEDULE_SPECS)
    for name in SCHEDULES:
        spec = SCHEDULE_SPECS[name]
        assert spec.label and spec.tex and len(describe(spec, "en")) > 40
        assert any("\uac00" <= ch <= "\ud7a3" for ch in describe(spec, "ko"))
        if spec.torch_class is not None:
            assert hasattr(tl, spec.torch_class)
        for p in spec.params:
            assert isinstance(p, Param) and p.name in spec.defaults
            if p.low is not None:
                assert p.low <= p.default <= p.high
        if name in ("lambdalr", "sequentiallr"):
            continue
        # the sliders' defaults build a schedule that matches torch
        kw = {p.name: p.default for p in spec.params if p.low is not None or p.kind in ("list", "choice", "bool")}
        s = schedule(name, **kw)
        if not s.stateful:
            ref = torch_lrs(lambda opt: torch_scheduler(s, opt, 100), BASE, 100)
            np.testing.assert_allclose(s.lrs(BASE, 100), ref, rtol=RTOL, atol=1e-300)


def test_stateful_flags():
    plateau = schedule("reducelronplateau")
    assert plateau.stateful and with_warmup(plateau, 5).stateful
    assert not any(s.stateful for s in SCHEDS)


def test_schedules_pickle_and_compare():
    s = with_warmup(schedule("cosineannealinglr", T_max=100), 10)
    assert pickle.loads(pickle.dumps(s)) == s
    assert s != with_warmup(schedule("cosineannealinglr", T_max=101), 10)
    assert schedule("StepLR", step_size=3) == schedule("steplr", step_size=3.0)


def test_kwargs_hold_every_keyword_with_torch_defaults():
    s = schedule("cosineannealinglr", T_max=500)
    assert s.name == "cosineannealinglr" and s.kwargs == {"T_max": 500, "eta_min": 0.0}
    assert schedule("reducelronplateau").kwargs == dict(mode="min", factor=0.1, patience=10, threshold=1e-4,
                                                        threshold_mode="rel", cooldown=0, min_lr=0.0, eps=1e-8)


BAD = [
    ("nope", {}), ("steplr", {}), ("steplr", {"step_size": 10, "foo": 1}),
    ("steplr", {"step_size": 10, "gamma": -0.1}), ("steplr", {"step_size": 0}), ("steplr", {"step_size": 2.5}),
    ("multisteplr", {"milestones": [10], "gamma": -1.0}), ("multisteplr", {"milestones": [1.5]}),
    ("exponentiallr", {}), ("exponentiallr", {"gamma": -0.5}),
    ("cosineannealinglr", {"T_max": 0}), ("cosineannealinglr", {"T_max": -5}),
    ("cosineannealinglr", {"T_max": 10, "eta_min": -1.0}),
    ("cosineannealingwarmrestarts", {"T_0": 0}), ("cosineannealingwarmrestarts", {"T_0": 2.5}),
    ("cosineannealingwarmrestarts", {"T_0": 10, "T_mult": 0}),
    ("linearlr", {"start_factor": 0.0}), ("linearlr", {"start_factor": 1.5}), ("linearlr", {"end_factor": -0.1}),
    ("linearlr", {"end_factor": 1.1}), ("linearlr", {"total_iters": 0}),
    ("constantlr", {"factor": 1.5}), ("constantlr", {"factor": -0.1}), ("constantlr", {"total_iters": -1}),
    ("polynomiallr", {"power": -1.0}), ("polynomiallr", {"total_iters": 0}),
    ("onecyclelr", {"pct_start": 1.5}), ("onecyclelr", {"anneal_strategy": "exp"}), ("onecyclelr", {"epochs": 3}),
    ("onecyclelr", {"total_steps": 0}), ("onecyclelr", {"cycle_momentum": True}),
    ("onecyclelr", {"div_factor": 0.0}),
    ("cycliclr", {"mode": "sawtooth"}), ("cycliclr", {"step_size_up": 0}), ("cycliclr", {"cycle_momentum": True}),
    ("cycliclr", {"max_lr": -0.1}), ("cycliclr", {"scale_mode": "epochs"}),
    ("reducelronplateau", {"factor": 1.0}), ("reducelronplateau", {"factor": -0.5}),
    ("reducelronplateau", {"mode": "avg"}), ("reducelronplateau", {"threshold_mode": "pct"}),
    ("reducelronplateau", {"patience": -1}), ("reducelronplateau", {"threshold": -1e-3}),
    ("lambdalr", {}), ("lambdalr", {"lr_lambda": 3}),
    ("warmup", {"warmup_steps": 0}),
    ("sequentiallr", {"schedulers": [], "milestones": []}),
    ("sequentiallr", {"schedulers": [schedule("constant"), schedule("constant")], "milestones": []}),
    ("sequentiallr", {"schedulers": ["steplr"], "milestones": []}),
    ("sequentiallr", {"schedulers": [schedule("constant"),
                                     schedule("sequentiallr", schedulers=[schedule("constant")], milestones=[])],
                      "milestones": [5]}),
]


@pytest.mark.parametrize("name,kw", BAD, ids=[f"{n}-{k}" for n, k in BAD])
def test_bad_kwargs_raise_value_error(name, kw):
    with pytest.raises(ValueError):
        schedule(name, **kw)


# where torch itself checks, it refuses the same values
TORCH_REFUSES = [
    ("cosineannealingwarmrestarts", {"T_0": 0}), ("cosineannealingwarmrestarts", {"T_0": 10, "T_mult": 0}),
    ("linearlr", {"start_factor": 0.0}), ("linearlr", {"end_factor": 1.1}), ("constantlr", {"factor": 1.5}),
    ("onecyclelr", {"total_steps": 100, "pct_start": 1.5}), ("onecyclelr", {"total_steps": 100, "anneal_strategy": "exp"}),
    ("onecyclelr", {"epochs": 3}), ("onecyclelr", {"total_steps": 0}),
    ("cycliclr", {"base_lr": 0.01, "max_lr": 0.1, "mode": "sawtooth"}),
    ("reducelronplateau", {"factor": 1.0}), ("reducelronplateau", {"mode": "avg"}),
    ("reducelronplateau", {"threshold_mode": "pct"}),
]


@pytest.mark.parametrize("name,kw", TORCH_REFUSES, ids=[f"{n}-{k}" for n, k in TORCH_REFUSES])
def test_torch_refuses_the_same(name, kw):
    with pytest.raises(ValueError):
        schedule(name, **kw)
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    extra = {"max_lr": 0.1} if name == "onecyclelr" else {}
    with pytest.raises(ValueError):
        getattr(tl, SCHEDULE_SPECS[name].torch_class)(opt, **kw, **extra)


def test_negative_base_lr_and_bad_steps():
    with pytest.raises(ValueError):
        schedule("constant").lrs(-0.1, 10)
    with pytest.raises(ValueError):
        schedule("constant").lrs(0.1, 2.5)
    assert schedule("constant").lrs(0.1, 0).shape == (0,)
