"""optviz.run against torch.optim loops on the same surfaces.

Kernels match torch to 1e-9 on fixed gradient sequences (test_optimizers). Here the gradient
depends on the path, so torch's fused multiply-adds (lerp/addcmul round once, numpy twice) can be
amplified along chaotic paths: closed-loop comparisons use CLOSED_LOOP_RTOL.
"""
import pickle

import numpy as np
import pytest
import torch

import optviz

CLOSED_LOOP_RTOL = 1e-7

CASES = [("sgd", dict(lr=1e-3)), ("sgd", dict(lr=1e-3, momentum=0.9, nesterov=True)),
         ("rmsprop", dict(lr=1e-2, centered=True)), ("adam", dict(lr=2e-2, amsgrad=True)),
         ("adamw", dict(lr=2e-2, weight_decay=0.1)), ("nadam", dict(lr=2e-2)), ("adagrad", dict(lr=0.1)),
         ("rprop", dict(lr=1e-2))]
TORCH = {"sgd": torch.optim.SGD, "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam,
         "adamw": torch.optim.AdamW, "nadam": torch.optim.NAdam, "adagrad": torch.optim.Adagrad,
         "rprop": torch.optim.Rprop}


def torch_path(surf, name, kw, start, steps, scheduler=None, clip_norm=None, clip_value=None):
    """Reference: torch.optim on one point fed the surface's gradient (the surfaces' gradients are
    checked against autograd in test_surfaces; feeding the same gradient keeps this comparison
    free of autograd's different rounding, which the chaotic surfaces would amplify)."""
    p = torch.tensor([start], dtype=torch.float64, requires_grad=True)
    opt = TORCH[name]([p], foreach=False, **kw)
    sched = scheduler(opt) if scheduler else None
    path, lrs = [p.detach().numpy()[0].copy()], []
    for _ in range(steps):
        p.grad = torch.from_numpy(surf.grad(p.detach().numpy()))
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_([p], clip_norm)
        if clip_value is not None:
            torch.nn.utils.clip_grad_value_([p], clip_value)
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        loss = surf.f(p.detach()).item()
        if sched is not None:
            sched.step(loss) if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau) else sched.step()
        path.append(p.detach().numpy()[0].copy())
    return np.array(path), np.array(lrs)


@pytest.mark.parametrize("name,kw", CASES)
@pytest.mark.parametrize("surface_name", ["rosenbrock", "himmelblau"])
def test_run_equals_torch_loop(name, kw, surface_name):
    surf = optviz.surface(surface_name)
    start = [float(v) for v in surf.starts[0]]
    traj = optviz.run(surf, [optviz.optimizer(name, **kw)], starts=[start], steps=200)
    ref, _ = torch_path(surf, name, kw, start, 200)
    assert traj.diverged_at[0, 0] == -1
    np.testing.assert_allclose(traj.positions[0, 0], ref, rtol=CLOSED_LOOP_RTOL, atol=1e-10)
    np.testing.assert_allclose(traj.losses[0, 0], surf.f(ref), rtol=CLOSED_LOOP_RTOL, atol=1e-10)


def test_schedule_and_clipping_equal_torch():
    surf = optviz.surface("rosenbrock")
    start = [-1.5, 2.0]
    sched = optviz.schedule("steplr", step_size=30, gamma=0.5)
    traj = optviz.run(surf, [optviz.optimizer("sgd", lr=1e-3, momentum=0.9)], starts=[start], steps=150,
                      schedule=sched, clip_grad_norm=5.0)
    ref, lrs = torch_path(surf, "sgd", dict(lr=1e-3, momentum=0.9), start, 150,
                          scheduler=lambda o: torch.optim.lr_scheduler.StepLR(o, 30, 0.5), clip_norm=5.0)
    np.testing.assert_allclose(traj.positions[0, 0], ref, rtol=CLOSED_LOOP_RTOL, atol=1e-10)
    np.testing.assert_allclose(traj.lrs[0, 0], lrs, rtol=1e-12)
    traj = optviz.run(surf, [optviz.optimizer("adam", lr=0.01)], starts=[start], steps=150, clip_grad_value=1.0)
    ref, _ = torch_path(surf, "adam", dict(lr=0.01), start, 150, clip_value=1.0)
    np.testing.assert_allclose(traj.positions[0, 0], ref, rtol=CLOSED_LOOP_RTOL, atol=1e-10)


def test_plateau_schedule_reacts_to_loss_like_torch():
    surf = optviz.surface("rastrigin")
    start = [float(v) for v in surf.starts[0]]
    sched = optviz.schedule("reducelronplateau", factor=0.5, patience=5)
    traj = optviz.run(surf, [optviz.optimizer("sgd", lr=0.01, momentum=0.5)], starts=[start], steps=300,
                      schedule=sched)
    ref, lrs = torch_path(surf, "sgd", dict(lr=0.01, momentum=0.5), start, 300,
                          scheduler=lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=5))
    np.testing.assert_allclose(traj.lrs[0, 0], lrs, rtol=1e-12)
    np.testing.assert_allclose(traj.positions[0, 0], ref, rtol=CLOSED_LOOP_RTOL, atol=1e-10)
    assert len(np.unique(lrs)) > 1, "the loss plateaued at least once in this setting"


def test_many_runs_at_once_equal_one_by_one():
    surf = optviz.surface("rosenbrock")
    rng = np.random.default_rng(1)
    starts = np.column_stack([rng.uniform(-2, 2, 5), rng.uniform(-1, 3, 5)])
    lrs = np.array([1e-4, 3e-4, 1e-3, 3e-3, 1e-2])[:, None]
    opts = [optviz.optimizer("adam", lr=lrs), optviz.optimizer("sgd", lr=1e-4, momentum=0.9)]
    together = optviz.run(surf, opts, starts=starts, steps=300)
    for j in range(5):
        alone = optviz.run(surf, [optviz.optimizer("adam", lr=float(lrs[j, 0])),
                                  optviz.optimizer("sgd", lr=1e-4, momentum=0.9)], starts=starts[j:j + 1], steps=300)
        np.testing.assert_array_equal(together.positions[:, j], alone.positions[:, 0])
        np.testing.assert_array_equal(together.diverged_at[:, j], alone.diverged_at[:, 0])


def test_gd_diverges_above_two_over_L_and_stops_there():
    surf = optviz.surface("ravine", condition=10, angle=0)
    L = surf.lipschitz
    start = [float(v) for v in surf.starts[0]]
    traj = optviz.run(surf, [optviz.optimizer("sgd", lr=0.95 * 2 / L), optviz.optimizer("sgd", lr=1.05 * 2 / L)],
                      starts=[start], steps=2000)
    assert traj.diverged_at[0, 0] == -1 and traj.final_losses[0, 0] < 1e-6
    k = traj.diverged_at[1, 0]
    assert k > 0
    assert np.all(np.isfinite(traj.positions)) and np.all(np.isfinite(traj.losses))
    frozen = traj.positions[1, 0, k - 1]
    np.testing.assert_array_equal(traj.positions[1, 0, k:], np.broadcast_to(frozen, traj.positions[1, 0, k:].shape))
    # the growth before divergence is geometric with the unstable eigenvalue |1 − ηL|
    d = np.abs(np.linalg.norm(traj.positions[1, 0, 1:k], axis=1))
    ratio = d[-1] / d[-2]
    assert ratio == pytest.approx(abs(1 - 1.05 * 2), rel=1e-3)


def test_non_finite_custom_surface_marks_divergence_at_step_zero():
    surf = optviz.surface("custom", formula="log(x)", domain=((-3, 3), (-3, 3)))
    traj = optviz.run(surf, [optviz.optimizer("sgd", lr=0.1)], starts=[[-1.0, 0.0], [1.0, 0.0]], steps=20)
    assert traj.diverged_at[0, 0] == 0
    assert np.all(np.isfinite(traj.positions)) and np.all(np.isfinite(traj.losses[0, 1]))


def test_noise_is_seeded_shared_and_scaled_by_batch_size():
    surf = optviz.surface("quadratic")
    starts = np.zeros((4000, 2))
    opt = optviz.optimizer("sgd", lr=1.0)
    a = optviz.run(surf, [opt, opt], starts=starts, steps=1, noise=2.0, batch_size=10, dataset_size=1000, seed=3)
    b = optviz.run(surf, [opt], starts=starts, steps=1, noise=2.0, batch_size=10, dataset_size=1000, seed=3)
    np.testing.assert_array_equal(a.positions[0], b.positions[0])          # seeded
    np.testing.assert_array_equal(a.positions[0], a.positions[1])          # common random numbers
    expected = 2.0 * np.sqrt((1000 - 10) / (10 * 999))                     # finite-population mini-batch std
    assert np.std(a.positions[0, :, 1]) == pytest.approx(expected, rel=0.05)
    full = optviz.run(surf, [opt], starts=starts[:3], steps=5, noise=2.0, batch_size=1000, dataset_size=1000)
    np.testing.assert_array_equal(full.positions[0, :, -1], 0.0)          # batch GD: no noise
    c = optviz.run(surf, [opt], starts=starts, steps=1, noise=2.0, batch_size=10, dataset_size=1000, seed=4)
    assert not np.array_equal(c.positions, b.positions)


def test_shapes_lrs_and_pickle():
    surf = optviz.surface("beale")
    sched = optviz.schedule("cosineannealinglr", T_max=50)
    traj = optviz.run(surf, [optviz.optimizer("adam", lr=0.1), optviz.optimizer("sgd", lr=0.01)],
                      starts=[[1.0, 1.0], [-1.0, 1.0], [2.0, -1.0]], steps=50, schedule=sched)
    assert traj.positions.shape == (2, 3, 51, 2) and traj.losses.shape == (2, 3, 51)
    assert traj.lrs.shape == (2, 3, 50) and traj.diverged_at.shape == (2, 3)
    np.testing.assert_array_equal(traj.positions[:, :, 0], np.broadcast_to([[1.0, 1.0], [-1.0, 1.0], [2.0, -1.0]], (2, 3, 2)))
    np.testing.assert_allclose(traj.lrs[0, 0], sched.lrs(0.1, 50), rtol=1e-15)
    back = pickle.loads(pickle.dumps(traj))
    np.testing.assert_array_equal(back.positions, traj.positions)


@pytest.mark.parametrize("kwargs,match", [
    (dict(steps=0), "steps"), (dict(steps=10 ** 7), "steps"), (dict(steps=2.5), "whole"),
    (dict(starts=[[0.0]]), "shape"), (dict(starts=[[np.nan, 0.0]]), "finite"),
    (dict(noise=-1.0), "noise"), (dict(clip_grad_norm=0.0), "clip_grad_norm"),
    (dict(clip_grad_value=-1.0), "clip_grad_value"), (dict(noise=1.0, batch_size=0), "batch_size"),
])
def test_bad_arguments_raise_clear_errors(kwargs, match):
    surf = optviz.surface("quadratic")
    args = dict(starts=[[1.0, 1.0]], steps=10)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        optviz.run(surf, [optviz.optimizer("sgd", lr=0.1)], **args)


def test_hyper_array_length_must_match_starts():
    surf = optviz.surface("quadratic")
    with pytest.raises(ValueError, match="one value per start"):
        optviz.run(surf, [optviz.optimizer("sgd", lr=np.array([0.1, 0.2, 0.3]))], starts=[[1.0, 1.0]] * 2, steps=5)


def test_beta_sweep_labels_and_runs():
    surf = optviz.surface("rosenbrock")
    b1 = np.array([0.5, 0.9])[:, None]
    opt = optviz.optimizer("adam", lr=0.01, betas=(b1, 0.999))
    assert "betas" in opt.label() and opt == optviz.optimizer("adam", lr=0.01, betas=(b1.copy(), 0.999))
    traj = optviz.run(surf, [opt], starts=[[-1.5, 2.0]] * 2, steps=50)
    for j, b in enumerate((0.5, 0.9)):
        alone = optviz.run(surf, [optviz.optimizer("adam", lr=0.01, betas=(b, 0.999))], starts=[[-1.5, 2.0]], steps=50)
        np.testing.assert_array_equal(traj.positions[0, j], alone.positions[0, 0])
