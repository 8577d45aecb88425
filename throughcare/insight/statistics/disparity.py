"""The relative rate index (RRI): each ethnic group's rate against the White group's.

RRI = (a / n1) / (c / n0), where a of n1 people in a group and c of n0 people in the reference
group had the outcome (referred, seen, discharged...). Its 95% interval is Wald on the log scale:
exp(ln RRI -/+ z SE) with SE = sqrt(1/a - 1/n1 + 1/c - 1/n0), the standard error of a log risk
ratio (Altman, Practical Statistics for Medical Research, 1991; Morris and Gardner 1988).

Flag rule: a disparity is flagged when the interval excludes 1 AND the RRI is outside the band
(default 0.8 to 1.25). The band is the "four-fifths rule" for adverse impact from the US Uniform
Guidelines on Employee Selection Procedures (1978, 29 CFR 1607.4(D)), made symmetric on the ratio
scale (1 / 0.8 = 1.25). Requiring both stops large groups flagging trivial differences and small
groups flagging noise.
"""

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass

from throughcare.core.ethnicity import GROUPS, group_of

from .intervals import Interval, log_wald_interval

DEFAULT_BAND = (0.8, 1.25)
WHITE = "white"


class Disparity(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NOT_FLAGGED = "not_flagged"
    NOT_CALCULABLE = "not_calculable"


@dataclass(frozen=True)
class GroupCount:
    """`events` of `people` in a group had the outcome."""

    events: int
    people: int

    def __post_init__(self):
        for name, value in (("events", self.events), ("people", self.people)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"The number of {name} must be a whole number of 0 or more; got {value!r}.")
        if self.events > self.people:
            raise ValueError(f"Events ({self.events}) cannot exceed people ({self.people}).")


@dataclass(frozen=True)
class RelativeRateIndex:
    """One group against the reference. `interval` is None, and `disparity` NOT_CALCULABLE, when
    either group has no events or no people (`note` says which)."""

    group: str
    reference: str
    counts: GroupCount
    reference_counts: GroupCount
    interval: Interval | None
    band: tuple[float, float]
    disparity: Disparity
    note: str | None = None

    @property
    def index(self) -> float | None:
        return self.interval.estimate if self.interval else None


def _check_band(band: tuple[float, float]) -> None:
    low, high = band
    if not 0 < low <= 1 <= high:
        raise ValueError(f"The band must run from a value in (0, 1] to a value of 1 or more; got {band!r}.")


def relative_rate_index(
    counts: GroupCount,
    reference_counts: GroupCount,
    *,
    group: str = "",
    reference: str = WHITE,
    confidence: float = 0.95,
    band: tuple[float, float] = DEFAULT_BAND,
) -> RelativeRateIndex:
    """The RRI of `counts` against `reference_counts`, with its interval and flag."""
    _check_band(band)

    def not_calculable(note: str) -> RelativeRateIndex:
        return RelativeRateIndex(
            group, reference, counts, reference_counts, None, band, Disparity.NOT_CALCULABLE, note
        )

    if counts.people == 0 or reference_counts.people == 0:
        return not_calculable("no_people")
    if counts.events == 0 or reference_counts.events == 0:
        return not_calculable("no_events")
    index = (counts.events / counts.people) / (reference_counts.events / reference_counts.people)
    variance = (
        1 / counts.events - 1 / counts.people + 1 / reference_counts.events - 1 / reference_counts.people
    )
    interval = log_wald_interval(index, math.sqrt(max(0.0, variance)), confidence)
    low, high = band
    if interval.excludes(1.0) and index > high:
        disparity = Disparity.HIGHER
    elif interval.excludes(1.0) and index < low:
        disparity = Disparity.LOWER
    else:
        disparity = Disparity.NOT_FLAGGED
    return RelativeRateIndex(group, reference, counts, reference_counts, interval, band, disparity)


def by_ethnic_group(counts_by_category: Mapping[str, GroupCount]) -> dict[str, GroupCount]:
    """Add up the 19 ONS 2021 categories into the 5 groups; "prefer not to say" is left out."""
    totals = {code: [0, 0] for code in GROUPS}
    for category, count in counts_by_category.items():
        group = group_of(category)
        if group is None:
            continue
        if group not in totals:
            raise ValueError(f"Unknown ethnicity category {category!r}.")
        totals[group][0] += count.events
        totals[group][1] += count.people
    return {code: GroupCount(events, people) for code, (events, people) in totals.items()}


def relative_rate_indices(
    counts: Mapping[str, GroupCount],
    *,
    reference: str = WHITE,
    confidence: float = 0.95,
    band: tuple[float, float] = DEFAULT_BAND,
) -> list[RelativeRateIndex]:
    """The RRI of every group other than `reference` against it (groups or categories alike:
    pass `reference="white_british"` to compare the 19 categories with White British)."""
    if reference not in counts:
        raise ValueError(f"The reference group {reference!r} is not among the groups given.")
    return [
        relative_rate_index(
            count, counts[reference], group=code, reference=reference, confidence=confidence, band=band
        )
        for code, count in counts.items()
        if code != reference
    ]
