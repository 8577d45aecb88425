"""Scoring: one function for measures scored from their items, one for measures recorded as totals.

Both check what they are given and say exactly what is wrong, in words a caseworker can act on.
Answers must already be whole numbers (a form's integer field, not text): "2" and 2.0 are refused
rather than guessed at, because a wrongly coerced answer would silently change someone's score.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from throughcare.outcomes.measures import Band, ItemisedMeasure, TotalOnlyMeasure


class InvalidAnswersError(ValueError):
    """The answers cannot be scored. `item_errors` maps item numbers to what is wrong with each."""

    def __init__(self, message: str, item_errors: dict[int, str] | None = None):
        super().__init__(message)
        self.item_errors = item_errors or {}


@dataclass(frozen=True)
class Score:
    measure: ItemisedMeasure
    answers: tuple[int, ...]
    item_scores: tuple[int, ...]  # after reverse scoring
    total: int
    band: Band
    # The risk item was answered above its lowest: ask about risk to self now, whatever the total.
    risk_to_self: bool
    in_clinical_range: bool | None  # None for a measure without a clinical cut-off


@dataclass(frozen=True)
class RecordedTotal:
    measure: TotalOnlyMeasure
    total: int
    metric_score: Decimal | None  # for measures with a published conversion table, else None


def score(measure: ItemisedMeasure, answers: Sequence[int]) -> Score:
    """Score a complete set of answers, item 1 first, by the measure's published rules."""
    answers = _checked_answers(measure, answers)
    item_scores = tuple(
        measure.lowest_answer + measure.highest_answer - answer
        if number in measure.reversed_items
        else answer
        for number, answer in enumerate(answers, start=1)
    )
    total = sum(item_scores)
    risk_to_self = measure.risk_item is not None and (
        item_scores[measure.risk_item - 1] > measure.lowest_answer
    )
    in_clinical_range = None if measure.clinical_cut_off is None else total >= measure.clinical_cut_off
    return Score(
        measure=measure,
        answers=answers,
        item_scores=item_scores,
        total=total,
        band=measure.band_for(total),
        risk_to_self=risk_to_self,
        in_clinical_range=in_clinical_range,
    )


def record_total(measure: TotalOnlyMeasure, total: int) -> RecordedTotal:
    """Check a total from a licensed form, and convert it where the measure publishes a conversion."""
    check_total(measure, total)
    metric_score = None if measure.metric_conversion is None else measure.metric_conversion[total]
    return RecordedTotal(measure=measure, total=total, metric_score=metric_score)


def check_total(measure: ItemisedMeasure | TotalOnlyMeasure, total: object, what: str = "total") -> None:
    """Refuse a total that the measure cannot produce."""
    if not _is_whole_number(total) or not measure.lowest_total <= total <= measure.highest_total:
        raise InvalidAnswersError(
            f"The {measure.code} {what} must be a whole number from {measure.lowest_total} "
            f"to {measure.highest_total}; got {total!r}."
        )


def _checked_answers(measure: ItemisedMeasure, answers: object) -> tuple[int, ...]:
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise InvalidAnswersError(
            f"{measure.code} answers must be a list of {measure.item_count} whole numbers, item 1 first; "
            f"got {type(answers).__name__}."
        )
    if len(answers) != measure.item_count:
        raise InvalidAnswersError(
            f"{measure.code} needs {measure.item_count} answers, one for each item; got {len(answers)}."
        )
    item_errors = {
        number: (
            f"{measure.code} item {number} must be a whole number from {measure.lowest_answer} "
            f"to {measure.highest_answer}; got {answer!r}."
        )
        for number, answer in enumerate(answers, start=1)
        if not _is_whole_number(answer) or not measure.lowest_answer <= answer <= measure.highest_answer
    }
    if item_errors:
        raise InvalidAnswersError(" ".join(item_errors.values()), item_errors)
    return tuple(answers)


def _is_whole_number(value: object) -> bool:
    # bool is a subclass of int, but True is not an answer anyone gave.
    return isinstance(value, int) and not isinstance(value, bool)
