"""Timing helpers for benchmarks: they print figures, and never pass or fail anything."""

import statistics
import time
from collections.abc import Callable


def measure(name: str, action: Callable[[], object], *, repeat: int = 200, warmup: int = 10) -> dict:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    result = {
        "name": name,
        "median_ms": statistics.median(samples),
        "p95_ms": samples[max(0, int(len(samples) * 0.95) - 1)],
        "runs": repeat,
    }
    print(
        f"  {name:<58} median {result['median_ms']:8.2f} ms  p95 {result['p95_ms']:8.2f} ms  ({repeat} runs)"
    )
    return result


def ratio(label: str, numerator: dict, denominator: dict) -> float:
    value = numerator["p95_ms"] / denominator["p95_ms"] if denominator["p95_ms"] else float("inf")
    print(f"  {label:<58} ratio {value:6.2f}x (p95 over p95)")
    return value


def machine_steadiness() -> dict:
    """The same fixed piece of pure Python, timed again and again: how much this machine alone
    spreads timings, for reading the 95th percentiles that follow (1.0x would be perfectly steady)."""

    def fixed_work():
        total = 0
        for n in range(100_000):
            total += n * n
        return total

    result = measure("machine steadiness: fixed pure-Python work", fixed_work, repeat=200)
    print(
        f"  {'machine steadiness: p95 over median':<58} ratio {result['p95_ms'] / result['median_ms']:6.2f}x"
    )
    return result
