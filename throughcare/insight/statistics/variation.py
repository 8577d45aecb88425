"""Variation between areas: fold variation and the coefficient of variation.

Fold variation follows the NHS Atlas of Variation in Healthcare: the highest area's value divided
by the lowest, and the same after setting aside the 5 highest and 5 lowest areas, so one or two
unusual areas do not make the spread look wider than it is.
"""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

TRIMMED_AREAS = 5


@dataclass(frozen=True)
class FoldVariation:
    """Highest / lowest, in full and with `trimmed` areas set aside at each end.

    A fold is None when it cannot be stated, and the matching `*_note` says why:
    "too_few_areas" (fewer than 2 areas are left) or "lowest_is_zero" (a ratio to zero is
    undefined; report the range instead).
    """

    areas: int
    highest: float | None
    lowest: float | None
    fold: float | None
    fold_note: str | None
    trimmed: int
    trimmed_highest: float | None
    trimmed_lowest: float | None
    trimmed_fold: float | None
    trimmed_note: str | None


def _check_values(values: Sequence[float]) -> list[float]:
    checked = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"Each area's value must be a finite number; got {value!r}.")
        if value < 0:
            raise ValueError(f"Fold variation needs values of 0 or more; got {value!r}.")
        checked.append(float(value))
    return checked


def _fold(ordered: list[float]) -> tuple[float | None, float | None, float | None, str | None]:
    if len(ordered) < 2:
        return None, None, None, "too_few_areas"
    lowest, highest = ordered[0], ordered[-1]
    if lowest == 0:
        return highest, lowest, None, "lowest_is_zero"
    return highest, lowest, highest / lowest, None


def fold_variation(values: Sequence[float], trimmed: int = TRIMMED_AREAS) -> FoldVariation:
    """Fold variation of one value per area (rates, percentages or counts per head; not raw counts
    of areas of different sizes). The trimmed fold needs at least 2 x `trimmed` + 2 areas."""
    if trimmed < 0:
        raise ValueError(f"The number of areas to set aside must be 0 or more; got {trimmed!r}.")
    ordered = sorted(_check_values(values))
    highest, lowest, fold, note = _fold(ordered)
    inner = ordered[trimmed : len(ordered) - trimmed] if len(ordered) > 2 * trimmed else []
    trimmed_highest, trimmed_lowest, trimmed_fold, trimmed_note = _fold(inner)
    return FoldVariation(
        areas=len(ordered),
        highest=highest,
        lowest=lowest,
        fold=fold,
        fold_note=note,
        trimmed=trimmed,
        trimmed_highest=trimmed_highest,
        trimmed_lowest=trimmed_lowest,
        trimmed_fold=trimmed_fold,
        trimmed_note=trimmed_note,
    )


@dataclass(frozen=True)
class CoefficientOfVariation:
    """Sample standard deviation (n - 1) over the mean, between areas; unitless."""

    areas: int
    mean: float
    standard_deviation: float
    coefficient: float


def coefficient_of_variation(values: Sequence[float]) -> CoefficientOfVariation:
    """The between-area coefficient of variation, using the sample standard deviation."""
    checked = _check_values(values)
    if len(checked) < 2:
        raise ValueError(f"The coefficient of variation needs at least 2 areas; got {len(checked)}.")
    mean = statistics.fmean(checked)
    if mean == 0:
        raise ValueError("The coefficient of variation is undefined when every area is 0.")
    deviation = statistics.stdev(checked)
    return CoefficientOfVariation(len(checked), mean, deviation, deviation / mean)
