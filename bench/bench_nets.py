"""Six optimizers on a real network: trained together (optviz.train) vs one after another (torch.optim).

    python bench/bench_nets.py [--repeats 3]

Digits, MLP 64-64-10, 20 epochs, batch 64. Both sides start from the same initial weights, see the
same mini-batches, and measure the same things after every epoch (train/test loss and accuracy).
optviz.train runs on one intra-op thread (nets.THREADS); the loops are timed both with torch's
default thread count and with one thread, and the speed-up is taken against the faster of the two.
Prints the times (best of --repeats, interleaved so machine noise hits all alike), the ratio,
the largest difference in final test accuracy, and the time of the page's default run.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from bench._common import best_of  # noqa: E402
import optviz  # noqa: E402
from optviz import nets  # noqa: E402
from optviz.nets import MLP  # noqa: E402

EPOCHS, BATCH, HIDDEN, SEED = 20, 64, (64, 64), 0

OPTIMIZERS = [  # (optviz optimizer, the torch.optim constructor with the same settings)
    (optviz.optimizer("sgd", lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    (optviz.optimizer("sgd", lr=0.05, momentum=0.9), lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    (optviz.optimizer("sgd", lr=0.05, momentum=0.9, nesterov=True),
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    (optviz.optimizer("adam", lr=1e-3), lambda p: torch.optim.Adam(p, lr=1e-3)),
    (optviz.optimizer("adamw", lr=1e-3), lambda p: torch.optim.AdamW(p, lr=1e-3)),
    (optviz.optimizer("adam", lr=1e-2), lambda p: torch.optim.Adam(p, lr=1e-2)),
]


def together(data):
    return optviz.train(data, [o for o, _ in OPTIMIZERS], epochs=EPOCHS, batch_size=BATCH, hidden=HIDDEN, seed=SEED)


def one_after_another(data):
    """The ordinary loop, once per optimizer: nn.Sequential, cross_entropy, backward, step, loss.item()."""
    X, y = torch.tensor(data.X_train), torch.tensor(data.y_train)
    X_test, y_test = torch.tensor(data.X_test), torch.tensor(data.y_test)
    net = MLP((data.n_features, *HIDDEN, data.n_classes))
    w0 = net.init(SEED)
    accuracy = []
    for _, make in OPTIMIZERS:
        model = net.module(w0)
        opt = make(model.parameters())
        order = torch.Generator().manual_seed(SEED)
        step_losses = []
        for _ in range(EPOCHS):
            for idx in torch.randperm(len(y), generator=order).split(BATCH):
                opt.zero_grad()
                loss = torch.nn.functional.cross_entropy(model(X[idx]), y[idx])
                loss.backward()
                opt.step()
                step_losses.append(loss.item())
            with torch.no_grad():
                train_out, test_out = model(X), model(X_test)
                metrics = [torch.nn.functional.cross_entropy(train_out, y).item(),
                           (train_out.argmax(1) == y).float().mean().item(),
                           torch.nn.functional.cross_entropy(test_out, y_test).item(),
                           (test_out.argmax(1) == y_test).float().mean().item()]
        accuracy.append(metrics[3])
    return np.array(accuracy)


def page_run():
    """The real-network page's default: moons, 4 optimizers, MLP 2-32-2, 20 epochs, batch 32; then its
    loss landscape (21 × 21) and each optimizer's decision boundary (60 × 60)."""
    data = optviz.dataset("moons")
    opts = [optviz.optimizer("sgd", lr=0.1), optviz.optimizer("sgd", lr=0.05, momentum=0.9),
            optviz.optimizer("adam", lr=0.01), optviz.optimizer("adamw", lr=0.01)]
    hist = optviz.train(data, opts, epochs=20, batch_size=32, hidden=(32,))
    nets.landscape(hist, data, n=21)
    for k in range(hist.n_optimizers):
        nets.predict_grid(hist, data, k, n=60)
    return hist


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")

    t = time.perf_counter()
    page = page_run()                          # first call: includes one-time warm-up costs
    cold = time.perf_counter() - t
    warm, page = best_of(page_run, args.repeats)

    data = optviz.dataset("digits")
    default_threads = torch.get_num_threads()
    t_together, t_loops, t_loops_1 = [], [], []
    for _ in range(args.repeats):              # interleaved, best of each
        t = time.perf_counter()
        hist = together(data)
        t_together.append(time.perf_counter() - t)
        t = time.perf_counter()
        acc_loops = one_after_another(data)
        t_loops.append(time.perf_counter() - t)
        torch.set_num_threads(1)
        t = time.perf_counter()
        one_after_another(data)
        t_loops_1.append(time.perf_counter() - t)
        torch.set_num_threads(default_threads)
    together_s, loops_s, loops_1_s = min(t_together), min(t_loops), min(t_loops_1)
    baseline = min(loops_s, loops_1_s)         # compare with the faster of the two loop settings
    acc_together = hist.test_accuracy[:, -1]
    print(f"6 optimizers on digits, MLP 64-64-10, {EPOCHS} epochs, batch {BATCH} "
          f"({hist.total_steps} steps each)")
    print(f"  trained together (optviz.train, {nets.THREADS} thread):        {together_s:7.3f} s")
    print(f"  one after another (torch.optim loops, {default_threads} threads): {loops_s:7.3f} s")
    print(f"  one after another (torch.optim loops, 1 thread):  {loops_1_s:7.3f} s")
    print(f"  speed-up vs the faster loop: {baseline / together_s:.2f}x")
    print(f"  final test accuracy, together: {np.round(acc_together, 4).tolist()}")
    print(f"  final test accuracy, loops:    {np.round(acc_loops, 4).tolist()}")
    print(f"  max |difference| in final test accuracy: {np.abs(acc_together - acc_loops).max():.2e}")
    print(f"default page run (moons, 4 optimizers, MLP 2-32-2, 20 epochs, batch 32, + landscape and boundaries): "
          f"{warm:.3f} s warm, {cold:.3f} s first call in this process; "
          f"test accuracy {np.round(page.test_accuracy[:, -1], 3).tolist()}")


if __name__ == "__main__":
    main()
