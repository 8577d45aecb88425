"""Reliable change and NHS Talking Therapies recovery for PHQ-9 and GAD-7."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from throughcare.outcomes.change import Change, at_caseness, reliable_change, talking_therapies_outcome
from throughcare.outcomes.measures import CORE10, GAD7, PHQ9, Band, ItemisedMeasure
from throughcare.outcomes.scoring import InvalidAnswersError


@pytest.mark.parametrize(
    ("measure", "before", "after", "change"),
    [
        (PHQ9, 15, 9, Change.RELIABLE_IMPROVEMENT),  # a fall of 6
        (PHQ9, 15, 10, Change.NO_RELIABLE_CHANGE),  # a fall of 5
        (PHQ9, 9, 15, Change.RELIABLE_DETERIORATION),
        (PHQ9, 10, 15, Change.NO_RELIABLE_CHANGE),
        (PHQ9, 12, 12, Change.NO_RELIABLE_CHANGE),
        (GAD7, 12, 8, Change.RELIABLE_IMPROVEMENT),  # a fall of 4
        (GAD7, 12, 9, Change.NO_RELIABLE_CHANGE),
        (GAD7, 8, 12, Change.RELIABLE_DETERIORATION),
        (CORE10, 20, 14, Change.RELIABLE_IMPROVEMENT),  # CORE-10's reliable change index is 6
        (CORE10, 20, 15, Change.NO_RELIABLE_CHANGE),
    ],
    ids=str,
)
def test_reliable_change(measure, before, after, change):
    assert reliable_change(measure, before, after) is change


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (28, 10, "The PHQ-9 total before must be a whole number from 0 to 27; got 28."),
        (10, -1, "The PHQ-9 total after must be a whole number from 0 to 27; got -1."),
        (10.0, 4, "The PHQ-9 total before must be a whole number from 0 to 27; got 10.0."),
    ],
)
def test_reliable_change_refuses_impossible_totals(before, after, message):
    with pytest.raises(InvalidAnswersError) as raised:
        reliable_change(PHQ9, before, after)
    assert str(raised.value) == message


def test_reliable_change_needs_a_threshold():
    unthresholded = ItemisedMeasure("TEST-2", "Test", 2, 0, 1, bands=(Band("all", "All", 0, 2),))
    with pytest.raises(ValueError, match=r"^TEST-2 has no reliable change threshold\.$"):
        reliable_change(unthresholded, 2, 0)


@pytest.mark.parametrize(
    ("phq9", "gad7", "expected"),
    [(10, 0, True), (0, 8, True), (9, 7, False), (9, 8, True), (27, 21, True), (0, 0, False)],
)
def test_at_caseness(phq9, gad7, expected):
    assert at_caseness(phq9=phq9, gad7=gad7) is expected


def test_at_caseness_refuses_an_impossible_total():
    with pytest.raises(
        InvalidAnswersError, match=r"^The GAD-7 total must be a whole number from 0 to 21; got 22\.$"
    ):
        at_caseness(phq9=0, gad7=22)


OUTCOMES = [
    # (phq9 before, gad7 before, phq9 after, gad7 after) -> caseness, recovered, improved, deteriorated, rr
    ((15, 12, 5, 6), (True, True, True, False, True)),  # the hoped-for course
    ((10, 8, 9, 7), (True, True, False, False, False)),  # recovered, but not by more than measurement error
    ((20, 15, 12, 10), (True, False, True, False, False)),  # much better, still at caseness
    ((14, 9, 9, 8), (True, False, False, False, False)),  # GAD-7 of 8 is still caseness
    ((8, 6, 2, 1), (False, False, True, False, False)),  # improved, but never at caseness: not "recovered"
    ((12, 10, 18, 10), (True, False, False, True, False)),
    ((18, 5, 10, 12), (True, False, False, False, False)),  # one reliably better, the other reliably worse
    ((16, 7, 9, 6), (True, True, True, False, True)),  # one measure alone improves reliably: enough
]


@pytest.mark.parametrize(("totals", "expected"), OUTCOMES, ids=str)
def test_talking_therapies_outcome(totals, expected):
    phq9_before, gad7_before, phq9_after, gad7_after = totals
    outcome = talking_therapies_outcome(
        phq9_before=phq9_before, gad7_before=gad7_before, phq9_after=phq9_after, gad7_after=gad7_after
    )
    assert (
        outcome.at_caseness_at_start,
        outcome.recovered,
        outcome.reliable_improvement,
        outcome.reliable_deterioration,
        outcome.reliable_recovery,
    ) == expected


def test_talking_therapies_outcome_reports_each_measures_change():
    outcome = talking_therapies_outcome(phq9_before=18, gad7_before=5, phq9_after=10, gad7_after=12)
    assert outcome.phq9_change is Change.RELIABLE_IMPROVEMENT
    assert outcome.gad7_change is Change.RELIABLE_DETERIORATION


def test_talking_therapies_outcome_takes_keywords_only():
    with pytest.raises(TypeError):
        talking_therapies_outcome(15, 12, 5, 6)


phq9_totals = st.integers(min_value=0, max_value=27)
gad7_totals = st.integers(min_value=0, max_value=21)


@given(phq9_totals, gad7_totals, phq9_totals, gad7_totals)
def test_outcome_flags_are_consistent(phq9_before, gad7_before, phq9_after, gad7_after):
    outcome = talking_therapies_outcome(
        phq9_before=phq9_before, gad7_before=gad7_before, phq9_after=phq9_after, gad7_after=gad7_after
    )
    assert not (outcome.reliable_improvement and outcome.reliable_deterioration)
    assert outcome.reliable_recovery == (outcome.recovered and outcome.reliable_improvement)
    if outcome.recovered:
        assert outcome.at_caseness_at_start
        assert phq9_after < 10
        assert gad7_after < 8


@given(phq9_totals, phq9_totals)
def test_reliable_change_is_antisymmetric(before, after):
    opposite = {
        Change.RELIABLE_IMPROVEMENT: Change.RELIABLE_DETERIORATION,
        Change.RELIABLE_DETERIORATION: Change.RELIABLE_IMPROVEMENT,
        Change.NO_RELIABLE_CHANGE: Change.NO_RELIABLE_CHANGE,
    }
    assert reliable_change(PHQ9, after, before) is opposite[reliable_change(PHQ9, before, after)]
