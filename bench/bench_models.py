"""K = 4 optimizers on the CNN and the Transformer: trained together (optviz.train: one grouped model over stacked
weights) vs one after another (the ordinary torch.optim loop on the same nn.Module).

    python bench/bench_models.py [--repeats 5] [--epochs 3]

Both sides start from the same weights (torch.manual_seed before building the module), see the same
mini-batches (one torch.randperm per epoch from a seeded generator) and keep what a History holds: each
step's loss, gradient norm (torch.nn.utils.get_total_norm) and lr, and after every epoch the loss and
accuracy on both splits. Loops are timed with torch's default thread count and with one thread; the speed-up is
against the faster. Prints the times (best of --repeats, interleaved), the ratio of the best times and the
ratio within each repeat (the machine's speed drifts; a repeat's three runs follow each other), the largest
difference in final test accuracy, and the time of each model's default page run.
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
from optviz.nets import deepnets  # noqa: E402
from optviz.nets.models import MODEL_SPECS, recipe_schedule  # noqa: E402
from ui.training import data_for  # noqa: E402

SEED = 0
OPTIMIZERS = [  # (optviz optimizer, the torch.optim constructor with the same settings)
    (optviz.optimizer("sgd", lr=0.02, momentum=0.9), lambda p: torch.optim.SGD(p, lr=0.02, momentum=0.9)),
    (optviz.optimizer("adam", lr=1e-3), lambda p: torch.optim.Adam(p, lr=1e-3)),
    (optviz.optimizer("adamw", lr=1e-3, weight_decay=0.01), lambda p: torch.optim.AdamW(p, lr=1e-3, weight_decay=0.01)),
    (optviz.optimizer("rmsprop", lr=1e-3), lambda p: torch.optim.RMSprop(p, lr=1e-3)),
]


def together(model, data, epochs):
    h = optviz.train(data, [o for o, _ in OPTIMIZERS], model=model, epochs=epochs, seed=SEED)
    return h.test_accuracy[:, -1]


def one_after_another(model, data, epochs):
    batch = MODEL_SPECS[model].batch_size
    X, y, X_test, y_test = deepnets._tensors(model, data, torch.float32)
    acc = []
    for _, make in OPTIMIZERS:
        torch.manual_seed(SEED)
        net = deepnets.build(model, data)
        params = list(net.parameters())
        opt = make(params)
        order = torch.Generator().manual_seed(SEED)
        losses, norms, lrs = [], [], []                      # History's per-step records
        for _ in range(epochs):
            for idx in torch.randperm(len(y), generator=order).split(batch):
                opt.zero_grad()
                loss = deepnets.loss_of(model, net(X[idx]), y[idx])
                loss.backward()
                norms.append(torch.nn.utils.get_total_norm([p.grad for p in params]))
                lrs.append(opt.param_groups[0]["lr"])
                opt.step()
                losses.append(loss.detach())
            with torch.no_grad():                    # the same per-epoch record as optviz.train
                out = net(X)
                deepnets.loss_of(model, out, y).item(), deepnets.correct(model, out, y).item()
                out = net(X_test)
                deepnets.loss_of(model, out, y_test).item()
                a = deepnets.correct(model, out, y_test).item()
        torch.stack(losses).numpy(), torch.stack(norms).numpy()       # as History holds them
        acc.append(a)
    return np.array(acc)


def page_default(model):
    """The Real models page's default run for `model`: its recommended optimizers, schedules and clipping."""
    spec = MODEL_SPECS[model]
    data = data_for(model, SEED)
    total = spec.epochs * -(-data.n_train // spec.batch_size)
    rec = spec.recommended
    return optviz.train(data, [optviz.optimizer(n, **h) for n, h, _, _ in rec], model=model, seed=SEED,
                        schedule=[recipe_schedule(r, total) for _, _, r, _ in rec],
                        clip_grad_norm=[c for _, _, _, c in rec])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--models", default="cnn,transformer", help="comma-separated: which models to time")
    ap.add_argument("--one-thread-only", action="store_true",
                    help="time the loops with one thread only (on a crowded machine the default count is far slower)")
    args = ap.parse_args()
    default_threads = torch.get_num_threads()
    print(f"torch {torch.__version__}, {default_threads} threads")
    for model in args.models.split(","):
        data = data_for(model, SEED)
        together(model, data, 1)                                  # warm-up (first vmap call)
        t_tog, t_loop, t_loop1 = [], [], []
        for _ in range(args.repeats):
            t = time.perf_counter()
            acc_tog = together(model, data, args.epochs)
            t_tog.append(time.perf_counter() - t)
            if not args.one_thread_only:
                t = time.perf_counter()
                one_after_another(model, data, args.epochs)
                t_loop.append(time.perf_counter() - t)
            torch.set_num_threads(1)
            t = time.perf_counter()
            acc_loop = one_after_another(model, data, args.epochs)
            t_loop1.append(time.perf_counter() - t)
            torch.set_num_threads(default_threads)
        a, b, c = min(t_tog), min(t_loop, default=float("inf")), min(t_loop1)
        pairs = sorted(min(l2, l1) / t for t, l2, l1 in zip(t_tog, t_loop or [float("inf")] * len(t_tog), t_loop1))
        print(f"{model}: 4 optimizers, {args.epochs} epochs, batch {MODEL_SPECS[model].batch_size}")
        print(f"  together (optviz.train):              {a:7.3f} s")
        print(f"  one after another ({default_threads} threads):        {b:7.3f} s")
        print(f"  one after another (1 thread):         {c:7.3f} s")
        print(f"  speed-up vs the faster loop: {min(b, c) / a:.2f}x (best times); "
              f"per repeat {', '.join(f'{r:.2f}' for r in pairs)}x, median {np.median(pairs):.2f}x")
        print(f"  final test accuracy together {np.round(acc_tog, 4).tolist()}, loops {np.round(acc_loop, 4).tolist()}"
              f"  (max diff {np.abs(acc_tog - acc_loop).max():.1e})")
    for model in ("cnn", "transformer", "rnn"):
        s, h = best_of(lambda: page_default(model), 1)
        print(f"page default run, {model}: {h.n_optimizers} optimizers, {h.epochs} epochs: {s:.2f} s; "
              f"test accuracy {np.round(h.test_accuracy[:, -1], 3).tolist()}")


if __name__ == "__main__":
    main()
