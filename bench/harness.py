"""Timing helpers for benchmarks: they print figures, and never pass or fail anything.

A goal's verdict ("meets" or "MISSES") is printed only when it can be trusted: the figure comes from
at least MIN_RUNS runs, and the machine measured steady just before (`machine_steadiness`). Otherwise
the figure is printed with the reason no verdict is given.
"""

import math
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

# Below 100 runs the 95th percentile is one of the few slowest runs (of 15, the slowest itself).
MIN_RUNS = 100
# Fixed work whose p95 is more than this over its median means other work on the machine is
# setting the tail: a p95 measured then says more about the neighbours than about Throughcare.
STEADY_RATIO_LIMIT = 1.25

_last_steadiness: dict = {}


def percentile(sorted_samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least `fraction` of samples at or below it."""
    rank = max(1, math.ceil(fraction * len(sorted_samples)))
    return sorted_samples[rank - 1]


def summarise(name: str, samples: list[float]) -> dict:
    """Median, p95 and p99 of timings in milliseconds, printed on one line."""
    samples = sorted(samples)
    result = {
        "name": name,
        "median_ms": statistics.median(samples),
        "p95_ms": percentile(samples, 0.95),
        "p99_ms": percentile(samples, 0.99),
        "runs": len(samples),
    }
    few = "" if len(samples) >= MIN_RUNS else f", too few for a p95 (needs {MIN_RUNS})"
    print(
        f"  {name:<58} median {result['median_ms']:8.2f} ms  p95 {result['p95_ms']:8.2f} ms"
        f"  ({len(samples)} runs{few})"
    )
    return result


def measure(name: str, action: Callable[[], object], *, repeat: int = 200, warmup: int = 10) -> dict:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return summarise(name, samples)


def cpu_seconds() -> float:
    """CPU time used so far by this process and, on PostgreSQL on this machine, by the database server
    process serving its connection: what an operation costs whatever else the machine is doing.
    The server's share is counted in clock ticks (10 ms), so read it around many runs, not one."""
    from django.db import connection

    total = time.process_time()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:  # a database on another machine: its CPU is not ours to read
            return total
        utime, stime = stat[stat.rindex(")") + 2 :].split()[11:13]
        total += (int(utime) + int(stime)) / os.sysconf("SC_CLK_TCK")
    return total


def ratio(label: str, numerator: dict, denominator: dict) -> float:
    value = numerator["p95_ms"] / denominator["p95_ms"] if denominator["p95_ms"] else float("inf")
    print(f"  {label:<58} ratio {value:6.2f}x (p95 over p95)")
    return value


def machine_steadiness() -> dict:
    """The same fixed piece of pure Python, timed again and again: how much this machine alone
    spreads timings, for reading the 95th percentiles that follow (1.0x would be perfectly steady).
    Remembered, so the goals judged after it can refuse a verdict when the machine was noisy."""

    def fixed_work():
        total = 0
        for n in range(100_000):
            total += n * n
        return total

    result = measure("machine steadiness: fixed pure-Python work", fixed_work, repeat=200)
    result["ratio"] = result["p95_ms"] / result["median_ms"]
    result["load"] = os.getloadavg()[0]
    result["steady"] = result["ratio"] <= STEADY_RATIO_LIMIT
    state = "steady enough for verdicts" if result["steady"] else "TOO NOISY: no verdicts"
    print(
        f"  {'machine steadiness: p95 over median':<58} ratio {result['ratio']:6.2f}x "
        f"(limit {STEADY_RATIO_LIMIT}x; load average {result['load']:.2f} on {os.cpu_count()} cores): {state}"
    )
    _last_steadiness.clear()
    _last_steadiness.update(result)
    return result


def judge_on(*steadiness: dict) -> None:
    """Judge the goals that follow on the noisiest of these steadiness measurements (say, one taken
    before a long run and one after it)."""
    worst = max(steadiness, key=lambda result: result["ratio"])
    _last_steadiness.clear()
    _last_steadiness.update(worst, steady=all(result["steady"] for result in steadiness))


def why_no_verdict(result: dict | None = None) -> str:
    """Why a goal cannot be judged on this figure on this machine now, or "" when it can."""
    if not _last_steadiness:
        return "machine steadiness not measured"
    if not _last_steadiness["steady"]:
        return f"machine too noisy (steadiness {_last_steadiness['ratio']:.2f}x)"
    if result is not None and result.get("runs", MIN_RUNS) < MIN_RUNS:
        return f"only {result['runs']} runs"
    return ""


def goal(label: str, result: dict, limit: float, *, key: str = "p95_ms") -> None:
    """Print the figure against its goal (`key` of `result` at most `limit`: milliseconds for a
    *_ms key, otherwise a ratio), with a verdict only when the figure can be trusted."""
    value = result[key]
    unit = " ms" if key.endswith("_ms") else "x"
    reason = why_no_verdict(result)
    verdict = f"no verdict: {reason}" if reason else ("meets it" if value <= limit else "MISSES it")
    print(f"  {label:<58} goal {key.removesuffix('_ms')} <= {limit:g}{unit}: {verdict} ({value:.2f}{unit})")
