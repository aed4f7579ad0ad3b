"""References computed by torch itself, shared by the schedule tests."""
import numpy as np
import torch


def torch_lrs(make, base_lr, steps, metrics=None) -> np.ndarray:
    """lr used at each step by the torch scheduler `make(optimizer)` on SGD(lr=base_lr): record the lr,
    optimizer.step(), then scheduler.step() (or .step(metrics[k]) for ReduceLROnPlateau)."""
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=base_lr)
    sched = make(opt)
    out = []
    for k in range(steps):
        out.append(float(opt.param_groups[0]["lr"]))
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(float(metrics[k]))
    return np.array(out)
