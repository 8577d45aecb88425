"""What a bar chart of shares draws beside each bar: its interval, and a line to compare against."""

from throughcare.core.disclosure import Disclosed
from throughcare.insight.statistics import wilson_interval


def with_interval(label: str, rate: Disclosed, shown: Disclosed, base: Disclosed) -> tuple:
    """A bar with its 95% Wilson interval, in percent, from the published counts (never the true
    ones, which the interval's width would otherwise give back)."""
    interval = wilson_interval(shown.value or 0, base.value or 0)
    lower, upper = round(100 * interval.lower, 1), round(100 * interval.upper, 1)
    return (label, round(rate.value or 0.0, 1), lower, upper)


def in_words(rows: list[tuple]) -> str:
    """The bars as the chart's description reads them out."""
    return "; ".join(f"{label}: {value}% ({lower}% to {upper}%)" for label, value, lower, upper in rows)


def reference_line(percent: float | None, words: str) -> tuple[float, str] | None:
    return None if percent is None else (round(percent, 1), f"{words}: {percent:.1f}%")
