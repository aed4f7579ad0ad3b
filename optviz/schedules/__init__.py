"""Learning-rate schedules: torch.optim.lr_scheduler's names, keywords and step-by-step numerics.

A `Schedule` is plain data (a name and its keyword arguments). It becomes numbers in two ways:

    sched = schedule("cosineannealinglr", T_max=500)
    sched.lrs(base_lr, steps)                 # lr used at optimizer step k = 0 … steps−1
    st = sched.init(base_lr)                  # or step by step (required when the loss drives it)
    lr = sched.current(st); st = sched.observe(st, loss)

"The lr used at step k" is torch's `optimizer.param_groups[0]["lr"]` just before the (k+1)-th
`optimizer.step()`, when `scheduler.step()` follows every `optimizer.step()`.

Each torch scheduler has a small twin class below (`_StepLR`, …) that ports its `get_lr` — the
recursive ("chainable") rule, which reads the group's current lr — and its closed form where torch
has one. The twins act on a one-group optimizer `group = {"lr": …, "initial_lr": …}` whose values
are floats or arrays `[runs, 1]`, so a whole sweep of base learning rates steps at once, and
SequentialLR's hand-overs (with their quirks) come out exactly as in torch.
"""
from .construct import schedule, with_warmup
from .registry import SCHEDULE_SPECS, SCHEDULES, Choice, ScheduleSpec
from .value import Schedule, ScheduleState

__all__ = ["schedule", "with_warmup", "Schedule", "ScheduleState", "SCHEDULE_SPECS", "SCHEDULES", "ScheduleSpec",
           "Choice"]
