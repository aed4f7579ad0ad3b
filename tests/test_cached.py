"""The cached layer's hashing rule: Optimizer, Surface and Schedule arguments hash by their lossless key()."""
import numpy as np
import pytest

import optviz
import ui.cached as layer
from ui.cached import HASH_FUNCS, cached, optimizer_of, optimizers, schedule_key

SURF = optviz.surface("quadratic")
STARTS = ((1.0, 1.0), (-1.0, 0.5))
OPTS = (layer.opt_key("sgd", {"lr": 0.1}),)


def _direct(schedule):
    return optviz.run(SURF, [optviz.optimizer("sgd", lr=0.1)], starts=[list(s) for s in STARTS], steps=20,
                      schedule=schedule)


@pytest.mark.parametrize("a, b", [
    # the same repr ("gamma=array[2, 1]"), different arrays
    (optviz.schedule("steplr", step_size=5, gamma=np.array([[0.5], [0.1]])),
     optviz.schedule("steplr", step_size=5, gamma=np.array([[0.5], [0.2]]))),
    # the same repr ("lr_lambda=lr_lambda"), different functions
    (optviz.schedule("lambdalr", lr_lambda=lambda k: 0.9 ** k),
     optviz.schedule("lambdalr", lr_lambda=lambda k: 0.5 ** k)),
], ids=["array", "lambda"])
def test_schedules_that_print_alike_get_different_cached_results(a, b):
    assert repr(a) == repr(b) and a != b                   # repr could not tell them apart
    layer.run.clear()
    ra = layer.run(SURF, OPTS, STARTS, 20, schedule=a)
    rb = layer.run(SURF, OPTS, STARTS, 20, schedule=b)
    np.testing.assert_array_equal(ra.lrs, _direct(a).lrs)
    np.testing.assert_array_equal(rb.lrs, _direct(b).lrs)
    assert not np.array_equal(ra.lrs, rb.lrs)
    np.testing.assert_array_equal(ra.positions, _direct(a).positions)
    np.testing.assert_array_equal(rb.positions, _direct(b).positions)


def test_equal_values_share_an_entry_and_keys_are_lossless():
    calls = []

    @cached(max_entries=8)
    def f(surface, opt, schedule):
        calls.append(1)
        return surface.name, opt.name, schedule.name

    s1 = optviz.schedule("steplr", step_size=5, gamma=np.array([[0.5], [0.1]]))
    s2 = optviz.schedule("steplr", step_size=5, gamma=np.array([[0.5], [0.1]]))    # equal, another object
    o = optviz.optimizer("adam", lr=np.array([0.1, 0.2]))
    f(SURF, o, s1)
    f(optviz.surface("quadratic"), optviz.optimizer("adam", lr=np.array([0.1, 0.2])), s2)
    assert len(calls) == 1
    f(SURF, optviz.optimizer("adam", lr=np.array([0.1, 0.3])), s2)              # another lr array
    f(optviz.surface("quadratic", scale=2.0), o, s2)                              # another surface
    assert len(calls) == 3
    assert set(HASH_FUNCS) == {optviz.Optimizer, optviz.Surface, optviz.Schedule}
    assert schedule_key([s1, None]) == (s2.key(), None)


def test_one_optimizer_builder():
    key = layer.opt_key("sgd", {"momentum": 0.9, "lr": 0.05})
    assert optimizer_of(key) == optviz.optimizer("sgd", lr=0.05, momentum=0.9)
    assert optimizers([key, ("adam", ())]) == [optviz.optimizer("sgd", lr=0.05, momentum=0.9), optviz.optimizer("adam")]


@pytest.mark.parametrize("surface, kw", [
    ("rosenbrock", {}),
    ("beale", {"noise": 0.3, "seed": 4, "clip_norm": 1.0}),
    ("himmelblau", {"clip_value": 0.5, "schedule": optviz.schedule("reducelronplateau", patience=3)}),
    ("rastrigin", {"schedule": [optviz.schedule("cosineannealinglr", T_max=40), None,
                                optviz.schedule("steplr", step_size=7), None]}),
])
def test_runs_cached_per_optimizer_equal_the_group_run_exactly(surface, kw):
    """cached.run stores each optimizer's run apart; joined, they equal optviz.run of the whole group."""
    surf = optviz.surface(surface)
    keys = (layer.opt_key("sgd", {"lr": 1e-3, "momentum": 0.9}), layer.opt_key("adam", {"lr": 0.05}),
            layer.opt_key("rmsprop", {"lr": 0.01}), layer.opt_key("lion", {"lr": 0.01}))
    starts = (tuple(surf.starts[0]), (0.5, -0.25))
    layer.run.clear()
    got = layer.run(surf, keys, starts, 60, **kw)
    want = optviz.run(surf, optimizers(keys), starts=[list(s) for s in starts], steps=60,
                      schedule=kw.get("schedule"), clip_grad_norm=kw.get("clip_norm"),
                      clip_grad_value=kw.get("clip_value"), noise=kw.get("noise", 0.0), seed=kw.get("seed", 0))
    for name in ("positions", "losses", "lrs", "grad_norms", "diverged_at", "starts"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)
    assert (got.labels, got.names, got.color_keys, got.surface) == (want.labels, want.names, want.color_keys,
                                                                      want.surface)
    # a change to one optimizer computes that optimizer alone
    calls = []
    real = optviz.run
    try:
        optviz.run = lambda *a, **k: calls.append(len(a[1])) or real(*a, **k)
        layer.run(surf, keys[:3] + (layer.opt_key("lion", {"lr": 0.02}),), starts, 60, **kw)
    finally:
        optviz.run = real
    assert calls == [1]


def test_concat_refuses_runs_that_do_not_belong_together():
    a = optviz.run(SURF, [optviz.optimizer("sgd", lr=0.1)], steps=10)
    with pytest.raises(ValueError):
        optviz.Trajectories.concat([a, optviz.run(SURF, [optviz.optimizer("adam")], steps=11)])
    with pytest.raises(ValueError):
        optviz.Trajectories.concat([])
    assert optviz.Trajectories.concat([a, a]).positions.shape[0] == 2
