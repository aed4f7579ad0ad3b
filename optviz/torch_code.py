"""Every line of PyTorch code the app shows, built in one place: the optimizer and scheduler lines,
a surface as a torch loss, and the scripts that reproduce a network's training, a learning-rate range
test on a network or a surface, a real model's training and the edge-of-stability run.

Each builder returns lines of Python (or one string) that run as they are with torch; the pages show
them, with comments translated by optviz.i18n.code_comments."""
from __future__ import annotations

import numpy as np

from .schedules.twins import _LinearWarmup
from .studies.lr_range import ramp_label
from .schedules.value import Schedule, _code_value, _onecycle_total


# ---- one optimizer, one scheduler -------------------------------------------------------------------

def _changed_args(opt) -> str:
    """lr and every keyword of `opt` that differs from torch's default, as source text."""
    from .optimizers._base import _fmt, _same
    return ", ".join(f"{k}={_fmt(v)}" for k, v in opt.hyper.items()
                     if k == "lr" or not _same(v, opt.spec.defaults.get(k)))


def optimizer_expr(opt, params: str = "model.parameters()") -> str | None:
    """`torch.optim.Adam(params, lr=…)` for `opt`, or None for an extra torch lacks."""
    if opt.spec.torch_class is None:
        return None
    return f"torch.optim.{opt.spec.torch_class}({params}, {_changed_args(opt)})"


def optimizer_code(opt, params: str = "model.parameters()", var: str = "optimizer") -> str:
    """The torch line that builds the same optimizer as `opt` (an extra torch lacks: a comment saying so)."""
    expr = optimizer_expr(opt, params)
    if expr is None:
        return (f"# {opt.spec.label} is not in torch.optim ({opt.spec.paper}); "
                f"optviz.optimizer({opt.name!r}, {_changed_args(opt)})")
    return f"{var} = {expr}"


def _maker(o, label: str) -> str:
    """One entry of an `optimizers = [...]` list: (label, params ↦ torch optimizer), or a comment for an extra."""
    expr = optimizer_expr(o, "params")
    return f"    ({label!r}, lambda params: {expr})," if expr else "    " + optimizer_code(o, "params")


def schedule_code(s: Schedule, optimizer_var: str = "optimizer", steps: int | None = None) -> str:
    """Python lines that build the same torch scheduler as `s` (named `scheduler`; torch and the
    optimizer in scope). `steps` is the run length, used only where optviz derives total_steps (OneCycleLR)."""
    lines: list[str] = []
    _emit(s, optimizer_var, "scheduler", steps, lines, [0])
    return "\n".join(lines)


def _torch_kwargs(s: Schedule, opt: str, span) -> dict[str, str]:
    """Keyword → source text, with the values optviz derives (from the optimizer's lr, the run length)
    written out."""
    kw = s.kwargs
    if s.name == "constant":
        return {"factor": "1.0", "total_iters": "0"}
    if s.name == "warmup":
        return {"lr_lambda": repr(_LinearWarmup(kw["warmup_steps"]))}
    optimizer_lr = f'{opt}.defaults["lr"]'
    derived = {}
    if s.name == "cycliclr":
        derived["max_lr"] = optimizer_lr if kw["max_lr"] is None else _code_value(kw["max_lr"])
        derived["base_lr"] = f"{derived['max_lr']} / 10" if kw["base_lr"] is None else _code_value(kw["base_lr"])
    if s.name == "onecyclelr":
        if kw["max_lr"] is None:
            derived["max_lr"] = optimizer_lr
        if kw["epochs"] is None:
            derived["total_steps"] = repr(_onecycle_total(kw, span))
    return {k: derived.get(k) or _code_value(v, k) for k, v in kw.items() if v is not None or k in derived}


def _emit(s: Schedule, opt: str, var: str, span, lines: list, counter: list):
    if s.name != "sequentiallr":
        args = ", ".join([opt] + [f"{k}={v}" for k, v in _torch_kwargs(s, opt, span).items()])
        note = "  # keeps the lr constant" if s.name == "constant" else ""
        for k, v in s.kwargs.items():
            if callable(v) and not isinstance(v, (Schedule, _LinearWarmup)) and _code_value(v, k) == k:
                lines.append(f"# {k}: the function you gave optviz")
        lines.append(f"{var} = torch.optim.lr_scheduler.{s.torch_class}({args}){note}")
        return
    names = []
    starts = [0, *s.kwargs["milestones"]]
    ends = [*s.kwargs["milestones"], span]
    for sub, b, e in zip(s.kwargs["schedulers"], starts, ends):
        counter[0] += 1
        names.append(f"scheduler{counter[0]}")
        _emit(sub, opt, names[-1], None if e is None else max(e - b, 1), lines, counter)
    milestones = list(s.kwargs["milestones"])
    if not s.stateful:
        lines.append(f"{var} = torch.optim.lr_scheduler.SequentialLR({opt}, schedulers=[{', '.join(names)}], "
                     f"milestones={milestones})")
        return
    lines.append("# torch's SequentialLR refuses ReduceLROnPlateau: step by hand after each optimizer.step() (k = 0, 1, …)")
    if len(names) == 2 and s.kwargs["schedulers"][1].name == "reducelronplateau":
        W = milestones[0]
        lines += [f"#     if k + 1 < {W}: {names[0]}.step()",
                  f"#     elif k + 1 == {W}: {opt}.param_groups[0][\"lr\"] = {opt}.defaults[\"lr\"]  # hand-over",
                  f"#     else: {names[1]}.step(loss)"]
    else:
        lines.append(f"# switching at milestones {milestones}; at a milestone ReduceLROnPlateau restarts from "
                     f"{opt}.defaults[\"lr\"] and gets .step(loss) from the next step on, the others .step()")
    lines.append(f"{var} = [{', '.join(names)}]")


# ---- a surface as a torch loss -----------------------------------------------------------------

def torch_loss_lines(surface) -> list[str] | None:
    """Python lines defining `f(p)` in torch for a quadratic surface with a minimum:
    f(p) = ½ (p − m)ᵀ H (p − m) + f_min. None for other surfaces."""
    H = getattr(surface, "hessian", None)
    if H is None or len(surface.minima) != 1 or surface.f_min is None:
        return None
    m = surface.minima[0]
    rows = ", ".join("[" + ", ".join(f"{v:.10g}" for v in r) + "]" for r in np.asarray(H))
    tail = f" + {surface.f_min:.10g}" if surface.f_min else ""
    return [f"H = torch.tensor([{rows}], dtype=torch.float64)",
            f"m = torch.tensor([{m[0]:.10g}, {m[1]:.10g}], dtype=torch.float64)",
            f"def f(p): return 0.5 * (p - m) @ H @ (p - m){tail}"]


# ---- scripts: a network, a range test, a real model, the edge of stability ------------------------

_TORCH_ACT = {"relu": "ReLU", "tanh": "Tanh", "gelu": "GELU", "sigmoid": "Sigmoid"}


def _dataset_call(data) -> str:
    from .nets.data import SPECS
    args = [repr(data.name)]
    if SPECS[data.name].generated:
        args += [f"n_samples={data.n_train + data.n_test}", f"noise={data.noise:g}"]
    elif data.n_train + data.n_test < SPECS[data.name].n_samples:
        args.append(f"n_samples={data.n_train + data.n_test}")
    args.append(f"seed={data.seed}")
    return f"optviz.dataset({', '.join(args)})"


def _torch_layers(data, hidden, activation) -> list[str]:
    """The torch.nn modules of the MLP features → hidden… → classes, as source text."""
    sizes = [data.n_features, *hidden, data.n_classes]
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        if i:
            layers.append(f"torch.nn.{_TORCH_ACT[activation]}()")
        layers.append(f"torch.nn.Linear({a}, {b})")
    return layers


def network_code(data, optimizers, *, hidden, activation="relu", epochs=20, batch_size=64, seed=0, schedule=None,
                 schedule_unit="step", clip_grad_norm=None, clip_grad_value=None, dtype="float32") -> list[str]:
    """Lines of a plain PyTorch script that trains the same network with each optimizer: same data
    (optviz.dataset), same initial weights (torch.manual_seed before building the model), same mini-batches
    (one torch.randperm per epoch from a seeded generator). Prints each optimizer's final losses."""
    layers = _torch_layers(data, hidden, activation)
    bs = min(batch_size, data.n_train)
    lines = ["import optviz  # only for the data set", ""]
    if dtype == "float64":
        lines.append("torch.set_default_dtype(torch.float64)")
    as_dtype = ", dtype=torch.float64" if dtype == "float64" else ""
    lines += [f"data = {_dataset_call(data)}",
              f"X, y = torch.tensor(data.X_train{as_dtype}), torch.tensor(data.y_train)",
              f"X_test, y_test = torch.tensor(data.X_test{as_dtype}), torch.tensor(data.y_test)",
              "",
              "",
              "def make_model():",
              f"    torch.manual_seed({seed})  # the same initial weights for every optimizer",
              "    return torch.nn.Sequential(" + ", ".join(layers) + ")",
              "",
              "",
              "optimizers = ["]
    lines += [_maker(o, o.label()) for o in optimizers]
    lines += ["]", "", "for name, make_optimizer in optimizers:",
              "    model = make_model()",
              "    optimizer = make_optimizer(model.parameters())"]
    plateau = schedule is not None and schedule.stateful
    if schedule is not None:
        steps = epochs * -(-data.n_train // bs) if schedule_unit == "step" else epochs
        lines += ["    " + s for s in schedule_code(schedule, "optimizer", steps).splitlines()]
    lines += [f"    g = torch.Generator().manual_seed({seed})  # the same mini-batches for every optimizer",
              f"    for epoch in range({epochs}):",
              "        perm = torch.randperm(len(y), generator=g)",
              f"        for i in range(0, len(y), {bs}):",
              f"            idx = perm[i:i + {bs}]",
              "            loss = torch.nn.functional.cross_entropy(model(X[idx]), y[idx])",
              "            optimizer.zero_grad()",
              "            loss.backward()"]
    if clip_grad_norm is not None:
        lines.append(f"            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm={clip_grad_norm:g})")
    if clip_grad_value is not None:
        lines.append(f"            torch.nn.utils.clip_grad_value_(model.parameters(), clip_value={clip_grad_value:g})")
    lines.append("            optimizer.step()")
    if schedule is not None and schedule_unit == "step":
        lines.append("            scheduler.step(loss.item())" if plateau else "            scheduler.step()")
    lines += ["        with torch.no_grad():",
              "            train_loss = torch.nn.functional.cross_entropy(model(X), y).item()"]
    if schedule is not None and schedule_unit == "epoch":
        lines.append("        scheduler.step(train_loss)" if plateau else "        scheduler.step()")
    lines += ["    with torch.no_grad():",
              "        test_loss = torch.nn.functional.cross_entropy(model(X_test), y_test).item()",
              "        test_acc = (model(X_test).argmax(1) == y_test).float().mean().item()",
              "    print(f\"{name}: train loss {train_loss:.6g}, test loss {test_loss:.6g}, "
              "test accuracy {test_acc:.4f}\")"]
    return lines


def _range_loop(optimizers, min_lr, max_lr, steps, beta, stop_factor, make, batch_lines, loss_line) -> list[str]:
    """The range-test loop shared by networks and surfaces: ExponentialLR from min_lr, EMA with bias
    correction, stop at stop_factor × the best smoothed loss."""
    gamma = (max_lr / min_lr) ** (1.0 / (steps - 1))
    lines = ["optimizers = ["]
    lines += [_maker(o, ramp_label(o)) for o in optimizers]
    lines += ["]", "", "for name, make_optimizer in optimizers:", *["    " + s for s in make],
              f"    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma={gamma:.10g})",
              "    avg, best, lrs, smoothed = 0.0, float('inf'), [], []",
              f"    for t in range({steps}):",
              *["        " + s for s in batch_lines],
              f"        {loss_line}",
              f"        avg = {beta:g} * avg + {1 - beta:.6g} * loss.item()",
              f"        s = avg / (1 - {beta:g} ** (t + 1))   # bias-corrected moving average",
              "        lrs.append(scheduler.get_last_lr()[0])",
              "        smoothed.append(s)",
              "        best = min(best, s)",
              f"        if s > {stop_factor:g} * best:   # the loss blew up: stop",
              "            break",
              "        optimizer.zero_grad()",
              "        loss.backward()",
              "        optimizer.step()",
              "        scheduler.step()",
              "    i = min(range(len(smoothed)), key=smoothed.__getitem__)",
              "    print(f\"{name}: lowest smoothed loss at lr={lrs[i]:.4g}, suggestion lr={lrs[i] / 10:.4g}\")"]
    return lines


def network_range_code(data, optimizers, *, hidden, activation, batch_size, seed, min_lr, max_lr, steps,
                       beta=0.98, stop_factor=4.0) -> list[str]:
    """A torch script running the range test on the page's network (optimizers built with lr = min_lr)."""
    layers = _torch_layers(data, hidden, activation)
    bs = min(batch_size, data.n_train)
    setup = ["import optviz  # only for the data set", "",
             f"data = {_dataset_call(data)}",
             "X, y = torch.tensor(data.X_train), torch.tensor(data.y_train)", ""]
    make = [f"torch.manual_seed({seed})",
            "model = torch.nn.Sequential(" + ", ".join(layers) + ")",
            "optimizer = make_optimizer(model.parameters())",
            f"g = torch.Generator().manual_seed({seed})",
            "batches = iter(())"]
    batch = ["idx = next(batches, None)", "if idx is None:  # a new epoch: a new shuffle",
             f"    batches = iter(torch.randperm(len(y), generator=g).split({bs}))", "    idx = next(batches)"]
    return setup + _range_loop(optimizers, min_lr, max_lr, steps, beta, stop_factor, make, batch,
                               "loss = torch.nn.functional.cross_entropy(model(X[idx]), y[idx])")


def surface_range_code(f_lines, start, optimizers, *, min_lr, max_lr, steps, beta=0.98, stop_factor=4.0,
                       f_ref=0.0) -> list[str]:
    """A torch script running the range test on a 2-D surface defined by `f_lines` (a function f(p))."""
    make = [f"params = torch.tensor([{start[0]:.6g}, {start[1]:.6g}], dtype=torch.float64, requires_grad=True)",
            "optimizer = make_optimizer([params])"]
    tail = f" - {f_ref:.10g}" if f_ref else ""
    return list(f_lines) + [""] + _range_loop(optimizers, min_lr, max_lr, steps, beta, stop_factor, make, [],
                                              f"loss = f(params){tail}")


def model_code(model: str, data, optimizers, schedules, clips, *, epochs: int, batch_size: int, seed: int,
               size: dict, total_steps: int) -> list[str]:
    """A plain PyTorch script training the same model with each optimizer (its schedule and clipping):
    optviz only provides the data and the nn.Module class; the loop is the ordinary one."""
    seq = data.name in ("reverse", "adding")
    call = (f"optviz.sequence_dataset({data.name!r}, seed={seed})" if seq
            else f"optviz.dataset({data.name!r}, seed={seed})")
    x_dtype = "torch.long" if model == "transformer" else "torch.float32"
    y_dtype = "torch.float32" if model == "rnn" else "torch.long"
    loss = ("torch.nn.functional.mse_loss(out, y[idx])" if model == "rnn" else
            "torch.nn.functional.cross_entropy(out.reshape(-1, out.shape[-1]), y[idx].reshape(-1))")
    lines = ["import optviz  # the data set and the model class", "from optviz.nets import deepnets", "",
             f"data = {call}",
             f"X, y = torch.tensor(data.X_train, dtype={x_dtype}), torch.tensor(data.y_train, dtype={y_dtype})",
             "", "", "def make_model():",
             f"    torch.manual_seed({seed})  # the same initial weights for every optimizer",
             f"    return deepnets.build({model!r}, data, **{dict(size)!r})", ""]
    runs = []
    for i, (o, sch, c) in enumerate(zip(optimizers, schedules, clips)):
        lines += ["", "", f"def run_{i}(model):"]
        lines.append("    " + optimizer_code(o, "model.parameters()").replace("\n", "\n    "))
        if sch is not None:
            lines += ["    " + line for line in schedule_code(sch, "optimizer", total_steps).splitlines()]
        else:
            lines.append("    scheduler = None")
        lines.append(f"    return optimizer, scheduler, {c!r}  # clip_grad_norm")
        runs.append(f"({o.label()!r}, run_{i})")
    lines += ["", "", "runs = [" + ", ".join(runs) + "]"]
    lines += ["", "for name, setup in runs:",
              "    model = make_model()",
              "    optimizer, scheduler, clip = setup(model)",
              f"    g = torch.Generator().manual_seed({seed})  # the same mini-batches for every optimizer",
              f"    for epoch in range({epochs}):",
              f"        for idx in torch.randperm(len(y), generator=g).split({batch_size}):",
              "            out = model(X[idx])",
              f"            loss = {loss}",
              "            optimizer.zero_grad()",
              "            loss.backward()",
              "            if clip is not None:",
              "                torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=clip)",
              "            optimizer.step()",
              "            if scheduler is not None:",
              "                scheduler.step()",
              "    print(name, loss.item())"]
    return lines


def eos_code(lrs, steps, every, seed) -> list[str]:
    """The run in a few lines of PyTorch: full-batch GD and a power iteration on Hessian-vector products."""
    return [
        "import optviz  # the data (first 200 digits) and the network's shape",
        "from torch.func import grad, jvp",
        "",
        f"r = optviz.edge_of_stability(lrs={tuple(float(v) for v in lrs)!r}, steps={steps}, every={every}, seed={seed})",
        "",
        "# the same thing by hand for one lr: w ← w − η ∇L(w); sharpness = top eigenvalue of ∇²L(w)",
        "def sharpness(loss_fn, w, iters=50):",
        "    v = torch.randn_like(w)",
        "    for _ in range(iters):                      # power iteration on H v = jvp(grad(L), w, v)",
        "        hv = jvp(grad(loss_fn), (w,), (v / v.norm(),))[1]",
        "        lam, v = torch.dot(v / v.norm(), hv).item(), hv",
        "    return lam",
    ]
