"""Scoring outcome measures: worked examples, every band boundary, refused input, and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from throughcare.outcomes.measures import CORE10, GAD7, PHQ9, SWEMWBS, SWEMWBS_METRIC_SCORES, WEMWBS
from throughcare.outcomes.scoring import InvalidAnswersError, record_total, score

ITEMISED = [PHQ9, GAD7, CORE10]


def answers_for_total(measure, total):
    """Answers whose score is `total`: fill items from the first, then turn reversed items round."""
    item_scores = []
    remaining = total - measure.lowest_total
    for _ in range(measure.item_count):
        step = min(remaining, measure.highest_answer - measure.lowest_answer)
        item_scores.append(measure.lowest_answer + step)
        remaining -= step
    return [
        measure.lowest_answer + measure.highest_answer - item if number in measure.reversed_items else item
        for number, item in enumerate(item_scores, start=1)
    ]


# Worked examples.


def test_phq9_worked_example():
    result = score(PHQ9, [1, 2, 1, 2, 1, 0, 1, 2, 0])
    assert result.total == 10
    assert result.band.code == "moderate"
    assert result.band.label == "Moderate"
    assert result.risk_to_self is False
    assert result.in_clinical_range is True


def test_phq9_flags_risk_to_self_from_item_9_whatever_the_total():
    result = score(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result.total == 1
    assert result.band.code == "none_minimal"
    assert result.risk_to_self is True
    assert result.in_clinical_range is False


def test_phq9_risk_comes_only_from_item_9():
    assert score(PHQ9, [3, 3, 3, 3, 3, 3, 3, 3, 0]).risk_to_self is False


def test_gad7_worked_examples():
    result = score(GAD7, [3, 3, 2, 2, 1, 1, 0])
    assert (result.total, result.band.code, result.in_clinical_range) == (12, "moderate", True)
    # NHS Talking Therapies' caseness for GAD-7 starts at 8, inside the "mild" band.
    assert (score(GAD7, [1] * 7).total, score(GAD7, [1] * 7).in_clinical_range) == (7, False)
    eight = score(GAD7, [2, 1, 1, 1, 1, 1, 1])
    assert (eight.total, eight.band.code, eight.in_clinical_range) == (8, "mild", True)
    assert eight.risk_to_self is False  # GAD-7 has no risk item


def test_core10_worked_example_reverses_items_2_and_3():
    result = score(CORE10, [2, 1, 1, 2, 1, 0, 3, 2, 2, 1])
    assert result.item_scores == (2, 3, 3, 2, 1, 0, 3, 2, 2, 1)
    assert result.total == 19
    assert result.band.code == "moderate"
    assert result.risk_to_self is False
    assert result.in_clinical_range is True


def test_core10_first_column_everywhere_scores_8():
    # The first column on items 2 and 3 is the distressed answer to a positively worded item.
    result = score(CORE10, [0] * 10)
    assert result.item_scores == (0, 4, 4, 0, 0, 0, 0, 0, 0, 0)
    assert (result.total, result.band.code, result.in_clinical_range) == (8, "low_level", False)


def test_core10_least_distressed_answers_score_0():
    result = score(CORE10, [0, 4, 4, 0, 0, 0, 0, 0, 0, 0])
    assert (result.total, result.band.code) == (0, "healthy")


def test_core10_most_distressed_answers_score_40_and_flag_risk():
    result = score(CORE10, [4, 0, 0, 4, 4, 4, 4, 4, 4, 4])
    assert (result.total, result.band.code, result.risk_to_self) == (40, "severe", True)


def test_core10_flags_risk_from_item_6():
    answers = [0, 4, 4, 0, 0, 1, 0, 0, 0, 0]
    result = score(CORE10, answers)
    assert (result.total, result.band.code, result.risk_to_self) == (1, "healthy", True)


def test_answers_are_kept_as_given():
    result = score(CORE10, [2, 1, 1, 2, 1, 0, 3, 2, 2, 1])
    assert result.answers == (2, 1, 1, 2, 1, 0, 3, 2, 2, 1)


# Every band boundary.

BAND_EDGES = [
    (PHQ9, 0, "none_minimal"),
    (PHQ9, 4, "none_minimal"),
    (PHQ9, 5, "mild"),
    (PHQ9, 9, "mild"),
    (PHQ9, 10, "moderate"),
    (PHQ9, 14, "moderate"),
    (PHQ9, 15, "moderately_severe"),
    (PHQ9, 19, "moderately_severe"),
    (PHQ9, 20, "severe"),
    (PHQ9, 27, "severe"),
    (GAD7, 0, "minimal"),
    (GAD7, 4, "minimal"),
    (GAD7, 5, "mild"),
    (GAD7, 9, "mild"),
    (GAD7, 10, "moderate"),
    (GAD7, 14, "moderate"),
    (GAD7, 15, "severe"),
    (GAD7, 21, "severe"),
    (CORE10, 0, "healthy"),
    (CORE10, 5, "healthy"),
    (CORE10, 6, "low_level"),
    (CORE10, 10, "low_level"),
    (CORE10, 11, "mild"),
    (CORE10, 14, "mild"),
    (CORE10, 15, "moderate"),
    (CORE10, 19, "moderate"),
    (CORE10, 20, "moderate_to_severe"),
    (CORE10, 24, "moderate_to_severe"),
    (CORE10, 25, "severe"),
    (CORE10, 40, "severe"),
]


@pytest.mark.parametrize(("measure", "total", "band"), BAND_EDGES, ids=lambda v: getattr(v, "code", v))
def test_band_boundaries(measure, total, band):
    result = score(measure, answers_for_total(measure, total))
    assert result.total == total
    assert result.band.code == band


def test_every_band_edge_is_listed():
    listed = {(measure.code, total) for measure, total, _ in BAND_EDGES}
    edges = {(m.code, edge) for m in ITEMISED for band in m.bands for edge in (band.lowest, band.highest)}
    assert listed == edges


@pytest.mark.parametrize(
    ("measure", "total", "in_range"),
    [
        (PHQ9, 9, False),
        (PHQ9, 10, True),
        (GAD7, 7, False),
        (GAD7, 8, True),
        (CORE10, 10, False),
        (CORE10, 11, True),
    ],
    ids=str,
)
def test_clinical_cut_offs(measure, total, in_range):
    assert score(measure, answers_for_total(measure, total)).in_clinical_range is in_range


# Refused input, with the exact message.


@pytest.mark.parametrize(
    ("measure", "answers", "message"),
    [
        (PHQ9, [0] * 8, "PHQ-9 needs 9 answers, one for each item; got 8."),
        (PHQ9, [0] * 10, "PHQ-9 needs 9 answers, one for each item; got 10."),
        (GAD7, [], "GAD-7 needs 7 answers, one for each item; got 0."),
        (CORE10, [0] * 9, "CORE-10 needs 10 answers, one for each item; got 9."),
        (PHQ9, [0, 0, 4, 0, 0, 0, 0, 0, 0], "PHQ-9 item 3 must be a whole number from 0 to 3; got 4."),
        (GAD7, [0, -1, 0, 0, 0, 0, 0], "GAD-7 item 2 must be a whole number from 0 to 3; got -1."),
        (CORE10, [0] * 9 + [5], "CORE-10 item 10 must be a whole number from 0 to 4; got 5."),
        (PHQ9, [0, 1.5, 0, 0, 0, 0, 0, 0, 0], "PHQ-9 item 2 must be a whole number from 0 to 3; got 1.5."),
        (PHQ9, [0, 0, 0, 0, "2", 0, 0, 0, 0], "PHQ-9 item 5 must be a whole number from 0 to 3; got '2'."),
        (PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, None], "PHQ-9 item 9 must be a whole number from 0 to 3; got None."),
        (GAD7, [True, 0, 0, 0, 0, 0, 0], "GAD-7 item 1 must be a whole number from 0 to 3; got True."),
        (GAD7, [2.0, 0, 0, 0, 0, 0, 0], "GAD-7 item 1 must be a whole number from 0 to 3; got 2.0."),
        (PHQ9, "000000000", "PHQ-9 answers must be a list of 9 whole numbers, item 1 first; got str."),
        (PHQ9, {1: 0}, "PHQ-9 answers must be a list of 9 whole numbers, item 1 first; got dict."),
        (PHQ9, None, "PHQ-9 answers must be a list of 9 whole numbers, item 1 first; got NoneType."),
    ],
    ids=repr,
)
def test_invalid_answers_are_refused_with_a_specific_message(measure, answers, message):
    with pytest.raises(InvalidAnswersError) as raised:
        score(measure, answers)
    assert str(raised.value) == message


def test_every_wrong_item_is_reported_by_number():
    with pytest.raises(InvalidAnswersError) as raised:
        score(CORE10, [0, 5, 0, 0, 0, 0, "x", 0, 0, 0])
    assert raised.value.item_errors == {
        2: "CORE-10 item 2 must be a whole number from 0 to 4; got 5.",
        7: "CORE-10 item 7 must be a whole number from 0 to 4; got 'x'.",
    }
    assert str(raised.value) == (
        "CORE-10 item 2 must be a whole number from 0 to 4; got 5. "
        "CORE-10 item 7 must be a whole number from 0 to 4; got 'x'."
    )


def test_invalid_answers_is_a_value_error():
    # So callers that only know about ValueError (forms, the API's error handler) still catch it.
    assert issubclass(InvalidAnswersError, ValueError)


# Totals of licensed measures.


@pytest.mark.parametrize(
    ("total", "metric"), [(7, "7.00"), (8, "9.51"), (21, "19.25"), (34, "32.55"), (35, "35.00")]
)
def test_swemwbs_totals_convert_to_metric_scores(total, metric):
    recorded = record_total(SWEMWBS, total)
    assert recorded.total == total
    assert recorded.metric_score == Decimal(metric)


def test_the_swemwbs_table_covers_every_total_and_rises_with_it():
    assert list(SWEMWBS_METRIC_SCORES) == list(range(7, 36))
    metrics = list(SWEMWBS_METRIC_SCORES.values())
    assert metrics == sorted(set(metrics))
    assert all(isinstance(metric, Decimal) for metric in metrics)


@pytest.mark.parametrize("total", [14, 42, 70])
def test_wemwbs_totals_are_recorded_without_conversion(total):
    recorded = record_total(WEMWBS, total)
    assert (recorded.total, recorded.metric_score) == (total, None)


@pytest.mark.parametrize(
    ("measure", "total", "message"),
    [
        (WEMWBS, 13, "The WEMWBS total must be a whole number from 14 to 70; got 13."),
        (WEMWBS, 71, "The WEMWBS total must be a whole number from 14 to 70; got 71."),
        (WEMWBS, 40.5, "The WEMWBS total must be a whole number from 14 to 70; got 40.5."),
        (WEMWBS, "40", "The WEMWBS total must be a whole number from 14 to 70; got '40'."),
        (SWEMWBS, 6, "The SWEMWBS total must be a whole number from 7 to 35; got 6."),
        (SWEMWBS, 36, "The SWEMWBS total must be a whole number from 7 to 35; got 36."),
        (SWEMWBS, 0, "The SWEMWBS total must be a whole number from 7 to 35; got 0."),
        (SWEMWBS, None, "The SWEMWBS total must be a whole number from 7 to 35; got None."),
        (SWEMWBS, True, "The SWEMWBS total must be a whole number from 7 to 35; got True."),
    ],
    ids=repr,
)
def test_totals_out_of_range_are_refused(measure, total, message):
    with pytest.raises(InvalidAnswersError) as raised:
        record_total(measure, total)
    assert str(raised.value) == message


# Properties.


@st.composite
def measures_and_answers(draw, measures=tuple(ITEMISED)):
    measure = draw(st.sampled_from(measures))
    answer = st.integers(min_value=measure.lowest_answer, max_value=measure.highest_answer)
    answers = draw(st.lists(answer, min_size=measure.item_count, max_size=measure.item_count))
    return measure, answers


def mirrored(measure, answers):
    return [measure.lowest_answer + measure.highest_answer - answer for answer in answers]


@given(measures_and_answers())
def test_totals_stay_within_the_measure_and_in_a_band_that_contains_them(measure_and_answers):
    measure, answers = measure_and_answers
    result = score(measure, answers)
    assert measure.lowest_total <= result.total <= measure.highest_total
    assert result.band.lowest <= result.total <= result.band.highest
    assert result.total == sum(result.item_scores)


@given(measures_and_answers())
def test_mirroring_every_answer_mirrors_the_total(measure_and_answers):
    # True item by item, reversed or not: the reverse of a reversed item is the plain scale.
    measure, answers = measure_and_answers
    total = score(measure, answers).total
    assert (
        total + score(measure, mirrored(measure, answers)).total
        == measure.lowest_total + measure.highest_total
    )


@given(measures_and_answers(measures=(CORE10,)), st.sampled_from(sorted(CORE10.reversed_items)))
def test_a_reversed_item_scores_as_the_mirror_of_its_answer(measure_and_answers, item):
    measure, answers = measure_and_answers
    result = score(measure, answers)
    assert result.item_scores[item - 1] == measure.highest_answer - answers[item - 1]
    plain = [n for n in range(1, measure.item_count + 1) if n not in measure.reversed_items]
    assert all(result.item_scores[n - 1] == answers[n - 1] for n in plain)


@given(measures_and_answers(measures=(PHQ9, CORE10)))
def test_the_risk_flag_follows_the_risk_item_alone(measure_and_answers):
    measure, answers = measure_and_answers
    assert score(measure, answers).risk_to_self is (answers[measure.risk_item - 1] > 0)


@given(measures_and_answers(), st.data())
def test_any_out_of_range_answer_is_named(measure_and_answers, data):
    measure, answers = measure_and_answers
    item = data.draw(st.integers(min_value=1, max_value=measure.item_count))
    bad = data.draw(
        st.integers(max_value=measure.lowest_answer - 1) | st.integers(min_value=measure.highest_answer + 1)
    )
    answers[item - 1] = bad
    with pytest.raises(InvalidAnswersError) as raised:
        score(measure, answers)
    assert list(raised.value.item_errors) == [item]
