"""Funnel-plot control limits (Spiegelhalter 2005) as PHE/OHID Fingertips draws them.

An area is "out of line" at a level when its own confidence interval excludes the target (the
average of all areas). For a proportion with the Wilson score interval, that happens exactly when
the area's proportion lies outside target -/+ z sqrt(target (1 - target) / n): the score test uses
the variance at the target, so these are the funnel's limits at denominator n. For an indirectly
standardised ratio (observed / expected) the limits are the ratios whose Byar interval just
touches the target ratio (1 unless told otherwise).

Limits are drawn at 95% (about 2 standard deviations, "worth a look") and 99.8% (about 3,
"out of line"). With many areas, about 1 in 20 lies outside the 95% limits by chance alone.
"""

import enum
import functools
import math
from dataclasses import dataclass

from .intervals import byar_lower, byar_upper, solve_decreasing, z_for

WARNING_CONFIDENCE = 0.95
CONTROL_CONFIDENCE = 0.998


@dataclass(frozen=True)
class FunnelLimits:
    """Control limits at one denominator (people for a proportion, expected events for a ratio)."""

    denominator: float
    target: float
    lower_95: float
    upper_95: float
    lower_99_8: float
    upper_99_8: float


class FunnelPosition(enum.StrEnum):
    ABOVE_99_8 = "above_99_8", "Above the 99.8% limit"
    ABOVE_95 = "above_95", "Above the 95% limit"
    WITHIN = "within", "Within the 95% limits"
    BELOW_95 = "below_95", "Below the 95% limit"
    BELOW_99_8 = "below_99_8", "Below the 99.8% limit"

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


def _check_target_proportion(target: float) -> None:
    if not 0 <= target <= 1:
        raise ValueError(f"The target proportion must be between 0 and 1; got {target!r}.")


def _check_denominator(denominator: float) -> None:
    if not denominator > 0:
        raise ValueError(f"The denominator must be above 0; got {denominator!r}.")


def _proportion_limit(target: float, denominator: float, confidence: float, side: int) -> float:
    margin = z_for(confidence) * math.sqrt(target * (1 - target) / denominator)
    return min(1.0, max(0.0, target + side * margin))


def proportion_funnel_limits(target: float, denominator: float) -> FunnelLimits:
    """Limits for a proportion (0 to 1) around `target` at `denominator` people, clipped to [0, 1]."""
    _check_target_proportion(target)
    _check_denominator(denominator)
    return FunnelLimits(
        denominator=denominator,
        target=target,
        lower_95=_proportion_limit(target, denominator, WARNING_CONFIDENCE, -1),
        upper_95=_proportion_limit(target, denominator, WARNING_CONFIDENCE, +1),
        lower_99_8=_proportion_limit(target, denominator, CONTROL_CONFIDENCE, -1),
        upper_99_8=_proportion_limit(target, denominator, CONTROL_CONFIDENCE, +1),
    )


def _ratio_limit(expected: float, target: float, confidence: float, side: int) -> float:
    """The ratio O/E at which the Byar interval of O (treated as continuous) just touches target x E."""
    touching = target * expected
    ceiling = touching + 40 * math.sqrt(touching + 1) + 40
    if side > 0:
        # Upper limit: the observed count whose lower Byar bound equals target x E.
        observed = solve_decreasing(lambda o: touching - byar_lower(o, confidence), 0.0, ceiling)
    else:
        # Lower limit: the observed count whose upper Byar bound equals target x E.
        observed = solve_decreasing(lambda o: touching - byar_upper(o, confidence), 0.0, ceiling)
    return max(0.0, observed / expected)


# Each limit is a root found by bisection, and a funnel plot needs a hundred of them; the same
# figures give the same limits, so recent ones are kept (FunnelLimits cannot be changed).
@functools.lru_cache(maxsize=4096)
def ratio_funnel_limits(expected: float, target: float = 1.0) -> FunnelLimits:
    """Limits for an indirectly standardised ratio (observed / expected) at `expected` events."""
    _check_denominator(expected)
    if not target > 0:
        raise ValueError(f"The target ratio must be above 0; got {target!r}.")
    return FunnelLimits(
        denominator=expected,
        target=target,
        lower_95=_ratio_limit(expected, target, WARNING_CONFIDENCE, -1),
        upper_95=_ratio_limit(expected, target, WARNING_CONFIDENCE, +1),
        lower_99_8=_ratio_limit(expected, target, CONTROL_CONFIDENCE, -1),
        upper_99_8=_ratio_limit(expected, target, CONTROL_CONFIDENCE, +1),
    )


def position(value: float, limits: FunnelLimits) -> FunnelPosition:
    """Where a value sits against the limits; a value on a limit counts as within it."""
    if value > limits.upper_99_8:
        return FunnelPosition.ABOVE_99_8
    if value > limits.upper_95:
        return FunnelPosition.ABOVE_95
    if value < limits.lower_99_8:
        return FunnelPosition.BELOW_99_8
    if value < limits.lower_95:
        return FunnelPosition.BELOW_95
    return FunnelPosition.WITHIN


def proportion_position(numerator: int, denominator: int, target: float) -> FunnelPosition:
    """Where an area's proportion numerator / denominator sits in the funnel around `target`."""
    if numerator < 0 or numerator > denominator:
        raise ValueError(f"The numerator must be between 0 and the denominator; got {numerator!r}.")
    return position(numerator / denominator, proportion_funnel_limits(target, denominator))


def pooled_target(numerators: list[int], denominators: list[int]) -> float:
    """The funnel's centre line: all areas' numerators over all their denominators."""
    total = sum(denominators)
    if total <= 0:
        raise ValueError("The funnel needs at least one area with people in it.")
    return sum(numerators) / total


def proportion_funnel_curve(
    target: float, largest_denominator: float, points: int = 100
) -> list[FunnelLimits]:
    """Limits from a denominator of 1 up to `largest_denominator`, spaced evenly on a log scale,
    for drawing the funnel's curves."""
    _check_denominator(largest_denominator)
    if points < 2:
        raise ValueError(f"A curve needs at least 2 points; got {points!r}.")
    denominators = sorted({max(1, round(largest_denominator ** (i / (points - 1)))) for i in range(points)})
    return [proportion_funnel_limits(target, n) for n in denominators]
