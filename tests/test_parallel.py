"""optviz.parallel against torch: DistributedSampler's shards, autograd's gradients, a real
two-process DistributedDataParallel run (Gloo), and the 1/K law of the averaged gradient's noise."""
import itertools
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import torch
from torch.utils.data.distributed import DistributedSampler

import optviz
from optviz.nets import MLP
from optviz.nets.parallel import (data_parallel_step, distributed_shards, gradient_noise, per_example_grads,
                             ring_all_reduce, ring_traffic, surface_runs)

ROOT = Path(__file__).resolve().parent.parent
DIGITS = optviz.dataset("digits")
IRIS = optviz.dataset("iris")


def torch_grad(net, w, X, y):
    """Gradient of the mean cross-entropy by torch autograd on nn.Sequential."""
    m = net.module(w)
    torch.nn.functional.cross_entropy(m(X), y).backward()
    return torch.cat([p.grad.reshape(-1) for p in m.parameters()])


# ---- sampling ----------------------------------------------------------------------------------

@pytest.mark.parametrize("n, K, B, seed, epoch, step", [(10, 3, 2, 1, 0, 0), (100, 4, 8, 0, 2, 1),
                                                        (1347, 8, 16, 5, 0, 3), (7, 3, 3, 2, 1, 0)])
def test_shards_equal_distributed_sampler(n, K, B, seed, epoch, step):
    shards = distributed_shards(n, K, B, seed, epoch, step)
    for k in range(K):
        sampler = DistributedSampler(list(range(n)), num_replicas=K, rank=k, shuffle=True, seed=seed)
        sampler.set_epoch(epoch)
        assert shards[k].tolist() == list(sampler)[step * B:(step + 1) * B]


def test_shards_are_disjoint_and_one_block_of_the_permutation():
    shards = distributed_shards(1347, 8, 16, seed=3)
    perm = torch.randperm(1347, generator=torch.Generator().manual_seed(3)).numpy()
    assert len(np.unique(shards)) == 8 * 16
    assert sorted(shards.ravel()) == sorted(perm[:128])


# ---- the all-reduce --------------------------------------------------------------------------------

@pytest.mark.parametrize("K, P", [(1, 5), (2, 7), (3, 3), (5, 13), (7, 4)])
def test_ring_all_reduce_sums_and_replicas_are_identical(K, P):
    x = np.random.default_rng(K * 100 + P).standard_normal((K, P))
    out = ring_all_reduce(x)
    assert out.shape == (K, P)
    assert np.allclose(out, x.sum(0), rtol=1e-14, atol=1e-14)
    assert all(np.array_equal(out[k], out[0]) for k in range(K))     # all-gather copies, bit for bit


def test_ring_all_reduce_adds_in_ring_order():
    """Chunk c is summed starting at worker c and going around the ring: visible with float32 rounding."""
    x = np.array([[1.0, 1.0], [1e8, 1e8], [-1e8, -1e8]], dtype=np.float32)
    out = ring_all_reduce(x)
    # chunk 0 is summed 0 → 1 → 2: (1 + 1e8) − 1e8 = 0 in float32;
    # chunk 1 is summed 1 → 2 → 0: (1e8 − 1e8) + 1 = 1
    assert out[0].tolist() == [0.0, 1.0]


def test_ring_traffic():
    assert ring_traffic(1000, 1) == 0
    assert ring_traffic(1000, 4) == pytest.approx(1500)
    assert ring_traffic(1000, 1000) == pytest.approx(1998)


# ---- gradients -------------------------------------------------------------------------------------

def test_per_example_grads_equal_torch_func():
    from torch.func import functional_call, grad, vmap
    net = MLP((64, 16, 12, 10))
    w = net.init(1, torch.float64)
    X, y = torch.tensor(DIGITS.X_train[:40], dtype=torch.float64), torch.tensor(DIGITS.y_train[:40])
    m = net.module(w)
    params = {k: v.detach() for k, v in m.named_parameters()}

    def one(p, x, t):
        return torch.nn.functional.cross_entropy(functional_call(m, p, (x[None],)), t[None])
    ref = vmap(grad(one), in_dims=(None, 0, 0))(params, X, y)
    ref = torch.cat([ref[k].reshape(40, -1) for k, _ in net.shapes], 1)
    G = per_example_grads(net, w, X, y)
    assert torch.allclose(G, ref, rtol=1e-12, atol=1e-14)


def test_shard_average_equals_big_batch_and_autograd():
    step = data_parallel_step(DIGITS, workers=4, batch_size=16, hidden=(32,), seed=0)
    net = MLP(step.sizes)
    w = torch.tensor(step.weights)
    X, y = torch.tensor(DIGITS.X_train, dtype=torch.float64), torch.tensor(DIGITS.y_train)
    scale = np.abs(step.big_batch).max()
    assert step.max_difference <= 1e-14 * scale
    assert step.replica_spread == 0.0
    for k in range(4):      # each worker's gradient is autograd's on its shard
        idx = torch.from_numpy(step.shards[k])
        assert np.allclose(step.worker_grads[k], torch_grad(net, w, X[idx], y[idx]).numpy(), rtol=1e-12, atol=1e-15)
    big = torch_grad(net, w, X[torch.from_numpy(step.shards.ravel())], y[torch.from_numpy(step.shards.ravel())])
    assert np.allclose(step.averaged, big.numpy(), rtol=1e-12, atol=1e-15)
    assert np.allclose(step.full_grad, torch_grad(net, w, X, y).numpy(), rtol=1e-12, atol=1e-15)
    assert np.mean(step.worker_losses) == pytest.approx(step.big_loss, rel=1e-13)


def test_one_worker_is_plain_sgd():
    step = data_parallel_step(IRIS, workers=1, batch_size=32, hidden=(), seed=4)
    assert np.array_equal(step.averaged, step.worker_grads[0])
    assert step.max_difference <= 1e-15


WORKER = textwrap.dedent('''
    import os
    import sys
    import torch
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel as DDP
    from torch.utils.data import DataLoader, DistributedSampler, TensorDataset
    from optviz.nets import MLP

    rank, world, store, inputs, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    d = torch.load(inputs)
    dist.init_process_group("gloo", init_method="file://" + store, rank=rank, world_size=world)
    model = DDP(MLP(tuple(d["sizes"])).module(d["w"]))
    data = TensorDataset(d["X"], d["y"])
    sampler = DistributedSampler(data, shuffle=True, seed=d["seed"])
    x, y = next(iter(DataLoader(data, batch_size=d["B"], sampler=sampler)))
    torch.nn.functional.cross_entropy(model(x), y).backward()
    torch.save(torch.cat([p.grad.reshape(-1) for p in model.parameters()]), out)
    # Both ranks have written their gradient once the barrier returns. Leave without running Gloo's
    # teardown, which can abort ("terminate called without an active exception") while the peer closes.
    dist.barrier()
    sys.stdout.flush()
    os._exit(0)
''')


@pytest.mark.slow
def test_equals_real_distributed_data_parallel(tmp_path):
    """Two Gloo processes running torch's DDP on their DistributedSampler shards end with our average."""
    K, B, seed = 2, 16, 7
    step = data_parallel_step(IRIS, workers=K, batch_size=B, hidden=(8,), seed=seed)
    torch.save(dict(sizes=list(step.sizes), w=torch.tensor(step.weights), y=torch.tensor(IRIS.y_train), seed=seed,
                    X=torch.tensor(IRIS.X_train, dtype=torch.float64), B=B), tmp_path / "inputs.pt")
    (tmp_path / "worker.py").write_text(WORKER)
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")
    procs = [subprocess.Popen([sys.executable, str(tmp_path / "worker.py"), str(r), str(K), str(tmp_path / "store"),
                               str(tmp_path / "inputs.pt"), str(tmp_path / f"grad{r}.pt")], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for r in range(K)]
    try:
        for p in procs:
            out, _ = p.communicate(timeout=120)
            assert p.returncode == 0, out.decode(errors="replace")[-2000:]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    grads = [torch.load(tmp_path / f"grad{r}.pt").numpy() for r in range(K)]
    assert np.array_equal(grads[0], grads[1])                   # DDP's replicas hold one gradient
    assert np.allclose(grads[0], step.averaged, rtol=1e-12, atol=1e-15)


# ---- noise against K -------------------------------------------------------------------------------

def test_theory_by_enumerating_every_batch():
    """E‖ḡ − ∇L‖² over all C(N, n) batches equals σ²/n · (N − n)/(N − 1) (the formula gradient_noise uses)."""
    rng = np.random.default_rng(0)
    G = rng.standard_normal((7, 3))
    full = G.mean(0)
    sigma2 = ((G - full) ** 2).sum(1).mean()
    for n in (1, 2, 3, 6):
        errs = [((G[list(s)].mean(0) - full) ** 2).sum() for s in itertools.combinations(range(7), n)]
        assert np.mean(errs) == pytest.approx(sigma2 / n * (7 - n) / 6, rel=1e-12)


@pytest.fixture(scope="module")
def noise():
    return gradient_noise(DIGITS, workers=(1, 2, 4, 8, 16), batch_size=16, draws=400, hidden=(16,), seed=3,
                          dtype="float64")


def test_sigma2_from_torch_per_example_gradients(noise):
    net = MLP(noise.sizes)
    w = net.init(3, torch.float64)
    X, y = torch.tensor(DIGITS.X_train, dtype=torch.float64), torch.tensor(DIGITS.y_train)
    G = torch.stack([torch_grad(net, w, X[i:i + 1], y[i:i + 1]) for i in range(0, len(y), 7)])
    full = torch_grad(net, w, X, y)
    # a 1-in-7 subsample estimates σ² to a few per cent; ‖∇L‖ is exact
    assert noise.sigma2 == pytest.approx(float(((G - full) ** 2).sum(1).mean()), rel=0.1)
    assert noise.full_norm == pytest.approx(float(full.norm()), rel=1e-12)


def test_noise_matches_theory_and_shrinks_like_one_over_k(noise):
    assert np.allclose(noise.sq_error / noise.theory, 1.0, atol=0.1)
    assert np.allclose(noise.sq_error_big / noise.theory, 1.0, atol=0.1)
    ratio = noise.sq_error / noise.sq_error[0]
    assert np.allclose(ratio * noise.workers, noise.theory / noise.theory[0] * noise.workers, rtol=0.12)
    theory_slope = np.polyfit(np.log(noise.workers), np.log(noise.theory), 1)[0]
    assert noise.slope() == pytest.approx(theory_slope, abs=0.06)
    assert -1.15 < noise.slope() < -0.95


def test_cloud_shrinks_like_one_over_sqrt_k(noise):
    spread = np.sqrt((noise.cloud ** 2).sum(-1).mean(-1))      # RMS radius per K
    assert spread[-1] / spread[0] == pytest.approx(np.sqrt(noise.theory[-1] / noise.theory[0]), rel=0.2)


def test_noise_is_seeded():
    a = gradient_noise(IRIS, workers=(1, 2), batch_size=8, draws=20, hidden=(4,), seed=1)
    b = gradient_noise(IRIS, workers=(1, 2), batch_size=8, draws=20, hidden=(4,), seed=1)
    assert np.array_equal(a.sq_error, b.sq_error) and np.array_equal(a.cloud, b.cloud)


# ---- the 2-D surface ----------------------------------------------------------------------------

def test_surface_runs_equal_one_big_batch_run():
    surf = optviz.surface("ravine")
    sgd = optviz.optimizer("sgd", lr=0.02)
    runs = surface_runs(surf, sgd, surf.starts[0], workers=(1, 4), batch_size=2, noise=2.0, dataset_size=500,
                        steps=50, seed=3)
    ref = optviz.run(surf, [sgd], starts=[list(surf.starts[0])], steps=50, noise=2.0, batch_size=8,
                     dataset_size=500, seed=3)
    assert np.array_equal(runs[1].positions, ref.positions)
    scaled = surface_runs(surf, sgd, surf.starts[0], workers=(4,), batch_size=2, noise=2.0, dataset_size=500,
                          steps=50, seed=3, scale_lr=True)
    ref = optviz.run(surf, [optviz.optimizer("sgd", lr=0.08)], starts=[list(surf.starts[0])], steps=50, noise=2.0,
                     batch_size=8, dataset_size=500, seed=3)
    assert np.array_equal(scaled[0].positions, ref.positions)


# ---- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("kw", [dict(workers=0), dict(workers=16, batch_size=64), dict(batch_size=0),
                                dict(hidden=(0,)), dict(weights=[1.0, 2.0]), dict(dtype="float16"), dict(step=99)])
def test_bad_arguments_raise_value_error(kw):
    with pytest.raises(ValueError):
        data_parallel_step(IRIS, **{"workers": 2, "batch_size": 8, **kw})


def test_bad_noise_and_surface_arguments():
    with pytest.raises(ValueError):
        gradient_noise(IRIS, workers=(1, 64), batch_size=8)
    with pytest.raises(ValueError):
        gradient_noise(IRIS, draws=1)
    surf = optviz.surface("ravine")
    with pytest.raises(ValueError):
        surface_runs(surf, optviz.optimizer("sgd", lr=0.1), surf.starts[0], workers=(8,), batch_size=200,
                     dataset_size=1000)
