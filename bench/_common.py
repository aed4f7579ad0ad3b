"""Timing shared by the benchmarks."""
import time


def best_of(fn, repeats):
    """(fastest wall time in seconds of `repeats` calls of fn(), the last call's result)."""
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out
