"""Waiting times: median, 90th percentile and the share seen within a number of weeks.

Percentiles use linear interpolation between the closest ranks (Hyndman and Fan's definition 7,
as Excel's PERCENTILE.INC, R's default and Python's statistics.quantiles(method="inclusive")):
for sorted values x[0..n-1], the p-th percentile is at position h = (n - 1) p, interpolated
between x[floor h] and x[ceil h]. Durations are in days; "within 6 weeks" means 42 days or fewer.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .intervals import Interval, wilson_interval

DAYS_PER_WEEK = 7


def _check_durations(durations_days: Sequence[float]) -> list[float]:
    checked = []
    for days in durations_days:
        if isinstance(days, bool) or not isinstance(days, int | float) or not math.isfinite(days):
            raise ValueError(f"Each duration must be a number of days; got {days!r}.")
        if days < 0:
            raise ValueError(f"A duration cannot be negative; got {days!r} days.")
        checked.append(float(days))
    return checked


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` (0 to 1) percentile by linear interpolation between closest ranks."""
    if not 0 <= fraction <= 1:
        raise ValueError(f"The percentile must be a fraction from 0 to 1; got {fraction!r}.")
    ordered = sorted(_check_durations(values))
    if not ordered:
        raise ValueError("A percentile needs at least one value.")
    position = (len(ordered) - 1) * fraction
    below = math.floor(position)
    above = math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass(frozen=True)
class Share:
    """How many of `people` were seen within `weeks`, with its 95% Wilson interval."""

    weeks: int
    within: int
    people: int
    interval: Interval

    @property
    def proportion(self) -> float:
        return self.interval.estimate


def share_within(durations_days: Sequence[float], weeks: int, confidence: float = 0.95) -> Share:
    """The share of durations of `weeks` x 7 days or fewer."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 0:
        raise ValueError(f"Weeks must be a whole number of 0 or more; got {weeks!r}.")
    checked = _check_durations(durations_days)
    if not checked:
        raise ValueError("A share needs at least one person.")
    within = sum(1 for days in checked if days <= weeks * DAYS_PER_WEEK)
    return Share(weeks, within, len(checked), wilson_interval(within, len(checked), confidence))


@dataclass(frozen=True)
class WaitSummary:
    """Waits in days for `people`: median, 90th percentile and shares within 6 and 18 weeks."""

    people: int
    median_days: float
    percentile_90_days: float
    within_6_weeks: Share
    within_18_weeks: Share


def summarise_waits(durations_days: Sequence[float]) -> WaitSummary:
    """The headline wait figures for time to decision or to first appointment."""
    checked = _check_durations(durations_days)
    if not checked:
        raise ValueError("A waiting-time summary needs at least one person.")
    return WaitSummary(
        people=len(checked),
        median_days=percentile(checked, 0.5),
        percentile_90_days=percentile(checked, 0.9),
        within_6_weeks=share_within(checked, 6),
        within_18_weeks=share_within(checked, 18),
    )
