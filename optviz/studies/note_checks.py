"""Where the study note differs from torch: each point as a number torch computes.

    warmup_as_written()      the note's lr_lambda run through LambdaLR: lr climbs to base_lr², not base_lr
    adam_second_moment()     Adam's v is the mean of g² (uncentred), not the variance of g
    adamw_penalty()          the gradient of λ‖θ‖² is 2λθ; AdamW(weight_decay=λ) removes lr·λ·θ
    amp_deprecation()        torch.cuda.amp.* warns FutureWarning: use torch.amp.* with a device
    amp_clip_without_unscale()  clipping scaled gradients shrinks the step by the loss scale

torch is imported inside each function, so `import optviz` stays light.
"""
from __future__ import annotations

import warnings

import numpy as np


def _torch():
    import torch
    return torch


def warmup_as_written(base_lr: float = 1e-3, warmup: int = 5, epochs: int = 8) -> dict:
    """The note's `warmup_lr` (returns base_lr·(epoch+1)/warmup) given to LambdaLR on an optimizer whose
    lr is already base_lr; LambdaLR multiplies the optimizer's lr by what lr_lambda returns.

    Returns {"as_written": [lr per epoch], "intended": [lr per epoch], "end_of_warmup": lr at epoch
    warmup−1 as written, "factor": intended / as-written there}.
    """
    torch = _torch()

    def warmup_lr(epoch, warmup_epochs=warmup, base_lr=base_lr):      # the note's function, verbatim
        if epoch < warmup_epochs:
            return base_lr * (epoch + 1) / warmup_epochs
        return base_lr

    def intended(epoch):                                                # a factor, as LambdaLR expects
        return (epoch + 1) / warmup if epoch < warmup else 1.0

    out = {}
    for name, fn in (("as_written", warmup_lr), ("intended", intended)):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=base_lr)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=fn)
        lrs = []
        for _ in range(epochs):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        out[name] = lrs
    k = min(warmup, epochs) - 1
    out["end_of_warmup"] = out["as_written"][k]
    out["factor"] = out["intended"][k] / out["as_written"][k]
    return out


def adam_second_moment(grads=(1.0, 3.0) * 200, betas=(0.9, 0.999)) -> dict:
    """Adam's v̂ after feeding `grads` (optviz's torch-exact kernel) beside the mean of g² and the
    variance of g. For gradients alternating 1, 3: v̂ ≈ mean(g²) = 5, while the variance is 1."""
    from .inside import trace
    from ..optimizers import optimizer
    tr = trace(optimizer("adam", lr=1e-3, betas=tuple(betas)), list(grads))
    g = np.asarray(grads, dtype=np.float64)
    return {"v_hat": float(tr["v_hat"][-1]), "mean_sq": float(np.mean(g ** 2)),
            "variance": float(np.var(g)), "steps": len(g)}


def adamw_penalty(lam: float = 0.01, lr: float = 1e-3, theta: float = 1.0) -> dict:
    """The note's penalty λ‖θ‖² differentiated by autograd, beside the decay AdamW(weight_decay=λ)
    applies in one step with a zero loss gradient (optviz's kernel): torch decays by lr·λ·θ,
    the note's penalty asks for lr·2λ·θ."""
    torch = _torch()
    from ..optimizers import optimizer
    p = torch.tensor([theta], dtype=torch.float64, requires_grad=True)
    (lam * (p ** 2).sum()).backward()
    penalty_grad = float(p.grad[0])
    opt = optimizer("adamw", lr=lr, weight_decay=lam)
    params = np.array([[theta]])
    new, _ = opt.step(params, np.zeros_like(params), opt.init(params))
    decay = float(params[0, 0] - np.asarray(new)[0, 0])
    return {"penalty_grad": penalty_grad, "adamw_decay_per_lr": decay / lr, "ratio": penalty_grad / (decay / lr)}


def amp_deprecation() -> list[str]:
    """The FutureWarnings torch gives for the note's `from torch.cuda.amp import autocast, GradScaler`."""
    torch = _torch()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.cuda.amp.GradScaler()
        torch.cuda.amp.autocast()
    return [str(w.message) for w in caught if issubclass(w.category, FutureWarning)]


def amp_clip_without_unscale(max_norm: float = 1.0, grad: tuple = (3.0, 4.0), lr: float = 1.0) -> dict:
    """One SGD step through torch.amp.GradScaler with clip_grad_norm_(max_norm), twice: as the note writes
    it (clip the scaled gradients) and with scaler.unscale_(optimizer) before clipping.

    The loss is ⟨grad, w⟩, so the true gradient is `grad` (norm 5 by default). Returns the norm of the
    step each takes, the loss scale, and their ratio."""
    torch = _torch()
    g = torch.tensor(grad, dtype=torch.float32)
    out = {}
    for name in ("note", "unscaled"):
        w = torch.zeros(len(grad), requires_grad=True)
        opt = torch.optim.SGD([w], lr=lr)
        scaler = torch.amp.GradScaler("cpu")
        opt.zero_grad()
        scaler.scale((g * w).sum()).backward()
        if name == "unscaled":
            scaler.unscale_(opt)
        torch.nn.utils.clip_grad_norm_([w], max_norm=max_norm)
        scale = scaler.get_scale()
        scaler.step(opt)
        scaler.update()
        out[name + "_step"] = float(w.detach().norm())
    out["scale"] = float(scale)
    out["ratio"] = out["unscaled_step"] / out["note_step"]
    return out
