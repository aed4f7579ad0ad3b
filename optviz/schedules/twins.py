"""torch.optim.lr_scheduler's schedulers, one twin class each: their get_lr ported step for step."""
from __future__ import annotations

import math
import numpy as np
from bisect import bisect_right
from collections import Counter


DEFAULT_STEPS = 500   # OneCycleLR's total_steps when neither it nor the run length is known

# ---- torch's schedulers, one twin each ---------------------------------------------------------

class _LRScheduler:
    """torch.optim.lr_scheduler.LRScheduler driving the single group `group`."""

    def __init__(self, group):
        self.group = group
        group.setdefault("initial_lr", group["lr"])
        self.base_lrs = group["initial_lr"]
        self.last_epoch = -1
        self.initial_step()

    @property
    def lr(self):
        return self.group["lr"]

    def initial_step(self):
        self._step_count = 0
        self._is_initial = True
        self.step()
        self._is_initial = False

    def step(self, metric=None):
        self._step_count += 1
        self.update_lr()

    def update_lr(self, epoch=None):
        """A plain step (epoch None) or torch's jump to `epoch` (closed form when there is one)."""
        if epoch is None:
            self.last_epoch += 1
            lr = self.get_lr()
        else:
            self.last_epoch = epoch
            closed = getattr(self, "closed_form", None)
            lr = closed() if closed is not None else self.get_lr()
        self.group["lr"] = lr


class _StepLR(_LRScheduler):
    def __init__(self, group, step_size, gamma):
        self.step_size, self.gamma = step_size, gamma
        super().__init__(group)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self.lr
        return self.lr * self.gamma

    def closed_form(self):
        return self.base_lrs * self.gamma ** (self.last_epoch // self.step_size)


class _MultiStepLR(_LRScheduler):
    def __init__(self, group, milestones, gamma):
        self.milestones, self.gamma = Counter(milestones), gamma
        super().__init__(group)

    def get_lr(self):
        if self.last_epoch not in self.milestones:
            return self.lr
        return self.lr * self.gamma ** self.milestones[self.last_epoch]

    def closed_form(self):
        return self.base_lrs * self.gamma ** bisect_right(sorted(self.milestones.elements()), self.last_epoch)


class _ConstantLR(_LRScheduler):
    def __init__(self, group, factor, total_iters):
        self.factor, self.total_iters = factor, total_iters
        super().__init__(group)

    def get_lr(self):
        if self.last_epoch == 0:
            return self.lr * self.factor
        if self.last_epoch != self.total_iters:
            return self.lr
        return self.lr * (1.0 / self.factor)

    def closed_form(self):
        return self.base_lrs * (self.factor + (self.last_epoch >= self.total_iters) * (1 - self.factor))


class _LinearLR(_LRScheduler):
    def __init__(self, group, start_factor, end_factor, total_iters):
        self.start_factor, self.end_factor, self.total_iters = start_factor, end_factor, total_iters
        super().__init__(group)

    def get_lr(self):
        if self.last_epoch == 0:
            return self.lr * self.start_factor
        if self._is_initial or self.last_epoch > self.total_iters:
            return self.lr
        change = self.end_factor - self.start_factor
        return self.lr * (1.0 + change / (self.total_iters * self.start_factor + (self.last_epoch - 1) * change))

    def closed_form(self):
        change = self.end_factor - self.start_factor
        return self.base_lrs * (self.start_factor + change * min(self.total_iters, self.last_epoch) / self.total_iters)


class _ExponentialLR(_LRScheduler):
    def __init__(self, group, gamma):
        self.gamma = gamma
        super().__init__(group)

    def get_lr(self):
        return self.lr if self._is_initial else self.lr * self.gamma

    def closed_form(self):
        return self.base_lrs * self.gamma ** self.last_epoch


class _PolynomialLR(_LRScheduler):
    def __init__(self, group, total_iters, power):
        self.total_iters, self.power = total_iters, power
        super().__init__(group)

    def get_lr(self):
        if self._is_initial or self.last_epoch > self.total_iters:
            return self.lr
        t, T = self.last_epoch, self.total_iters
        return self.lr * ((1.0 - t / T) / (1.0 - (t - 1) / T)) ** self.power

    def closed_form(self):
        return self.base_lrs * (1.0 - min(self.total_iters, self.last_epoch) / self.total_iters) ** self.power


class _CosineAnnealingLR(_LRScheduler):
    def __init__(self, group, T_max, eta_min):
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(group)

    def get_lr(self):
        t, T, eta_min = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return self.lr
        if self._step_count == 1 and t > 0:
            return eta_min + (self.base_lrs - eta_min) * (1 + math.cos(t * math.pi / T)) / 2
        if (t - 1 - T) % (2 * T) == 0:   # the previous step sat at a trough: the ratio below would be 0/0
            return self.lr + (self.base_lrs - eta_min) * (1 - math.cos(math.pi / T)) / 2
        return (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T)) * (self.lr - eta_min) + eta_min

    def closed_form(self):
        return self.eta_min + (self.base_lrs - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2


class _CosineAnnealingWarmRestarts(_LRScheduler):
    def __init__(self, group, T_0, T_mult, eta_min):
        self.T_0 = self.T_i = T_0
        self.T_mult, self.eta_min = T_mult, eta_min
        self.T_cur = -1
        super().__init__(group)

    def get_lr(self):
        return self.eta_min + (self.base_lrs - self.eta_min) * (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2

    def step(self, metric=None):
        if self.last_epoch < 0:          # torch's step(epoch=0)
            self.T_i, self.T_cur, self.last_epoch = self.T_0, 0, 0
        else:
            self.last_epoch += 1
            self.T_cur += 1
            if self.T_cur >= self.T_i:   # restart; the next cycle is T_mult times longer
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        self.group["lr"] = self.get_lr()


class _CyclicLR(_LRScheduler):
    def __init__(self, group, base_lr, max_lr, step_size_up, step_size_down, mode, gamma,
                 scale_fn, scale_mode, cycle_momentum):
        max_lr = group["optimizer_lr"] if max_lr is None else max_lr
        base_lr = max_lr / 10 if base_lr is None else base_lr
        group["lr"] = base_lr
        self.max_lrs = max_lr
        up = float(step_size_up)
        down = float(step_size_down) if step_size_down is not None else up
        self.total_size = up + down
        self.step_ratio = up / self.total_size
        self.gamma, self.custom_scale_fn = gamma, scale_fn
        self.scale_mode = scale_mode if scale_fn is not None else ("iterations" if mode == "exp_range" else "cycle")
        self.mode = mode
        super().__init__(group)
        self.base_lrs = base_lr          # set after the first step, as torch does

    def scale_fn(self, x):
        if self.custom_scale_fn is not None:
            return self.custom_scale_fn(x)
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma ** x

    def get_lr(self):
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)
        base_height = (self.max_lrs - self.base_lrs) * scale_factor
        return self.base_lrs + base_height * self.scale_fn(cycle if self.scale_mode == "cycle" else self.last_epoch)


class _OneCycleLR(_LRScheduler):
    def __init__(self, group, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy,
                 cycle_momentum, div_factor, final_div_factor, three_phase):
        self.total_steps = total_steps if total_steps is not None else epochs * steps_per_epoch
        up_end = float(pct_start * self.total_steps) - 1
        if three_phase:
            self.phases = [(up_end, "initial_lr", "max_lr"),
                           (float(2 * pct_start * self.total_steps) - 2, "max_lr", "initial_lr"),
                           (self.total_steps - 1, "initial_lr", "min_lr")]
        else:
            self.phases = [(up_end, "initial_lr", "max_lr"),
                           (self.total_steps - 1, "max_lr", "min_lr")]
        self.anneal_strategy = anneal_strategy
        max_lr = group["optimizer_lr"] if max_lr is None else max_lr
        group["initial_lr"] = max_lr / div_factor
        group["max_lr"] = max_lr
        group["min_lr"] = group["initial_lr"] / final_div_factor
        super().__init__(group)

    def anneal(self, start, end, pct):
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self):
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(f"Tried to step {step_num} times. The specified number of total steps is {self.total_steps}")
        start_step = 0.0
        for i, (end_step, start, end) in enumerate(self.phases):
            if step_num <= end_step or i == len(self.phases) - 1:
                if end_step == start_step:
                    raise ValueError(f"OneCycleLR: phase {i} has no steps at step {step_num} of {self.total_steps} "
                                     "(pct_start × total_steps = 1); torch divides by zero here")
                pct = (step_num - start_step) / (end_step - start_step)
                return self.anneal(self.group[start], self.group[end], pct)
            start_step = end_step


class _LambdaLR(_LRScheduler):
    def __init__(self, group, lr_lambda):
        self.lr_lambda = lr_lambda
        super().__init__(group)

    def get_lr(self):
        return self.base_lrs * self.lr_lambda(self.last_epoch)


class _SequentialLR(_LRScheduler):
    """SequentialLR: after milestone mᵢ the (i+1)-th schedule drives, entered by its closed form at 0."""

    def __init__(self, group, schedulers, milestones):
        self.group = group
        self._schedulers, self._milestones = schedulers, list(milestones)
        self.last_epoch = 0
        group["lr"] = group["initial_lr"]
        self.recursive_undo()
        self._schedulers[bisect_right(self._milestones, 0)].initial_step()

    def recursive_undo(self, sched=None):
        sched = self if sched is None else sched
        if isinstance(sched, _SequentialLR):
            for s in sched._schedulers:
                self.recursive_undo(s)
        else:
            sched.last_epoch -= 1

    def step(self, metric=None):
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        sched = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            sched.update_lr(0)
        else:
            sched.step(metric)

    def update_lr(self, epoch=None):
        raise ValueError("a SequentialLR can only be nested as the first schedule of another one "
                         "(torch's SequentialLR has no get_lr to enter it at a milestone)")


class _ReduceLROnPlateau:
    """ReduceLROnPlateau with every run's own best / bad-step count / cooldown (np.where per run).

    Inside a sequence (an optviz extension; torch's SequentialLR refuses it), the hand-over at a
    milestone resets the lr to the base lr and starts a fresh best/patience count; the loss observed
    at that hand-over step is not counted.
    """

    def __init__(self, group, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps):
        self.group = group
        group.setdefault("initial_lr", group["lr"])
        self.mode, self.factor, self.patience = mode, factor, patience
        self.threshold, self.threshold_mode = threshold, threshold_mode
        self.cooldown, self.min_lr, self.eps = cooldown, min_lr, eps
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.last_epoch = 0
        self.reset()

    def reset(self):
        self.best, self.cooldown_counter, self.num_bad_epochs = self.mode_worse, 0, 0

    def is_better(self, a, best):
        if self.mode == "min":
            return a < best * (1.0 - self.threshold) if self.threshold_mode == "rel" else a < best - self.threshold
        return a > best * (self.threshold + 1.0) if self.threshold_mode == "rel" else a > best + self.threshold

    def step(self, metric=None):
        if metric is None:
            raise ValueError("ReduceLROnPlateau needs the loss: observe(state, loss)")
        current = np.asarray(metric, dtype=np.float64)
        if current.ndim == 1:
            current = current[:, None]
        self.last_epoch += 1
        with np.errstate(invalid="ignore", over="ignore"):
            better = self.is_better(current, self.best)
        self.best = np.where(better, current, self.best)
        self.num_bad_epochs = np.where(better, 0, self.num_bad_epochs + 1)
        cooling = self.cooldown_counter > 0                       # bad steps in cooldown do not count
        self.cooldown_counter = np.where(cooling, self.cooldown_counter - 1, self.cooldown_counter)
        self.num_bad_epochs = np.where(cooling, 0, self.num_bad_epochs)
        reduce = self.num_bad_epochs > self.patience
        old = self.group["lr"]
        new = np.maximum(old * self.factor, self.min_lr)
        self.group["lr"] = np.where(reduce & (old - new > self.eps), new, old)
        self.cooldown_counter = np.where(reduce, self.cooldown, self.cooldown_counter)
        self.num_bad_epochs = np.where(reduce, 0, self.num_bad_epochs)

    def initial_step(self):
        self.reset()

    def update_lr(self, epoch=None):
        self.last_epoch = epoch
        self.reset()
        self.group["lr"] = self.group["initial_lr"]


class _LinearWarmup:
    """lr_lambda of the note's warm-up: (k+1)/W for k < W, then 1."""

    def __init__(self, warmup_steps):
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        return (step + 1) / self.warmup_steps if step < self.warmup_steps else 1.0

    def __repr__(self):
        W = self.warmup_steps
        return f"lambda step: (step + 1) / {W} if step < {W} else 1.0"
