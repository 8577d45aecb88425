"""Reliable and clinically significant change, as NHS Talking Therapies reports it for PHQ-9 and GAD-7.

Thresholds (NHS Talking Therapies for anxiety and depression, formerly IAPT; the IAPT Manual and
NHS Digital's "Psychological Therapies" reports; also set out in Gyani et al. (2013), Behaviour
Research and Therapy 51:597-606, and Clark et al. (2018), Lancet 391:679-686):

- caseness at the start of treatment: PHQ-9 of 10 or more, or GAD-7 of 8 or more (either or both);
- recovery: at caseness at the start, and below caseness on both measures at the end;
- reliable change: a change of 6 or more on PHQ-9, or 4 or more on GAD-7 (beyond measurement error);
- reliable improvement: a reliable fall on at least one measure, and no reliable rise on the other;
- reliable deterioration: a reliable rise on at least one measure, and no reliable fall on the other;
- reliable recovery: both recovery and reliable improvement.

The numbers (10, 8, 6 and 4) were checked against public descriptions of the NHS Talking Therapies
definitions (NHS.uk's recovery indicator and OHID's Fingertips glossary for the idea of caseness and
recovery; trial registrations and commentary quoting the IAPT Manual for the numbers). The paired
"no reliable change the other way" rule follows NHS Digital's published definitions.

NHS Talking Therapies pairs PHQ-9 with a disorder-specific anxiety measure where one applies (for
example for PTSD); this module covers the common PHQ-9 and GAD-7 pairing only. Lower is better on
every measure here, so a fall is an improvement.
"""

from dataclasses import dataclass
from enum import StrEnum

from throughcare.outcomes.measures import GAD7, PHQ9, ItemisedMeasure
from throughcare.outcomes.scoring import check_total


class Change(StrEnum):
    RELIABLE_IMPROVEMENT = "reliable_improvement"
    NO_RELIABLE_CHANGE = "no_reliable_change"
    RELIABLE_DETERIORATION = "reliable_deterioration"


def reliable_change(measure: ItemisedMeasure, before: int, after: int) -> Change:
    """Whether one measure's total moved by more than measurement error, and which way."""
    if measure.reliable_change is None:
        raise ValueError(f"{measure.code} has no reliable change threshold.")
    check_total(measure, before, "total before")
    check_total(measure, after, "total after")
    if before - after >= measure.reliable_change:
        return Change.RELIABLE_IMPROVEMENT
    if after - before >= measure.reliable_change:
        return Change.RELIABLE_DETERIORATION
    return Change.NO_RELIABLE_CHANGE


def at_caseness(*, phq9: int, gad7: int) -> bool:
    """At or above the clinical cut-off on PHQ-9, GAD-7 or both."""
    check_total(PHQ9, phq9)
    check_total(GAD7, gad7)
    return phq9 >= PHQ9.clinical_cut_off or gad7 >= GAD7.clinical_cut_off


@dataclass(frozen=True)
class TalkingTherapiesOutcome:
    at_caseness_at_start: bool
    recovered: bool  # always False for someone who was not at caseness at the start
    reliable_improvement: bool
    reliable_deterioration: bool
    reliable_recovery: bool
    phq9_change: Change
    gad7_change: Change


def talking_therapies_outcome(
    *, phq9_before: int, gad7_before: int, phq9_after: int, gad7_after: int
) -> TalkingTherapiesOutcome:
    """The outcome of a course of treatment from first and last PHQ-9 and GAD-7 totals.

    Keyword-only, because swapping a "before" for an "after" would turn recovery into deterioration.
    """
    phq9_change = reliable_change(PHQ9, phq9_before, phq9_after)
    gad7_change = reliable_change(GAD7, gad7_before, gad7_after)
    changes = {phq9_change, gad7_change}
    reliable_improvement = (
        Change.RELIABLE_IMPROVEMENT in changes and Change.RELIABLE_DETERIORATION not in changes
    )
    reliable_deterioration = (
        Change.RELIABLE_DETERIORATION in changes and Change.RELIABLE_IMPROVEMENT not in changes
    )
    at_caseness_at_start = at_caseness(phq9=phq9_before, gad7=gad7_before)
    recovered = at_caseness_at_start and not at_caseness(phq9=phq9_after, gad7=gad7_after)
    return TalkingTherapiesOutcome(
        at_caseness_at_start=at_caseness_at_start,
        recovered=recovered,
        reliable_improvement=reliable_improvement,
        reliable_deterioration=reliable_deterioration,
        reliable_recovery=recovered and reliable_improvement,
        phq9_change=phq9_change,
        gad7_change=gad7_change,
    )
