"""Reason codes: why a referral was declined, paused, withdrawn or ended, as a coded list.

Reasons are codes, not free text, so commissioner insight can count them: who is declined and for
what, who is lost to custody, who never makes contact. Each code belongs to a group so reports can
roll up ("outside criteria", whatever the criterion) and drill down again by criterion. "Other" is
the escape hatch and always needs a note, so a growing pile of "other" shows where the list falls
short.
"""

from django.db import models


class ReasonCode(models.TextChoices):
    OUTSIDE_CRITERIA_SUBSTANCE_USE = (
        "outside_criteria_substance_use",
        "Outside the service's criteria: current drug or alcohol use",
    )
    OUTSIDE_CRITERIA_RISK = "outside_criteria_risk", "Outside the service's criteria: risk"
    OUTSIDE_CRITERIA_AREA = "outside_criteria_area", "Outside the service's criteria: lives outside its area"
    OUTSIDE_CRITERIA_NEEDS_TOO_HIGH = (
        "outside_criteria_needs_too_high",
        "Outside the service's criteria: needs are too high for it",
    )
    OUTSIDE_CRITERIA_NEEDS_TOO_LOW = (
        "outside_criteria_needs_too_low",
        "Outside the service's criteria: needs are too low for it",
    )
    OUTSIDE_CRITERIA_AGE = "outside_criteria_age", "Outside the service's criteria: age"
    OUTSIDE_CRITERIA_GENDER = "outside_criteria_gender", "Outside the service's criteria: gender"
    NO_CAPACITY = "no_capacity", "The service has no places"
    COULD_NOT_CONTACT = "could_not_contact", "Could not contact the person"
    PERSON_DECLINED = "person_declined", "The person decided not to go ahead"
    CONSENT_WITHDRAWN = "consent_withdrawn", "The person withdrew their consent"
    RETURNED_TO_CUSTODY = "returned_to_custody", "The person returned to custody"
    NEEDS_MET_ELSEWHERE = "needs_met_elsewhere", "Needs are being met by another service"
    DID_NOT_ATTEND = "did_not_attend", "The person did not attend appointments"
    TREATMENT_COMPLETED = "treatment_completed", "Treatment completed"
    OTHER = "other", "Other (say what in the note)"


class ReasonGroup(models.TextChoices):
    OUTSIDE_CRITERIA = "outside_criteria", "Outside the service's criteria"
    CAPACITY = "capacity", "No capacity"
    ENGAGEMENT = "engagement", "Could not contact or did not attend"
    PERSONS_CHOICE = "persons_choice", "The person's choice"
    CUSTODY = "custody", "Returned to custody"
    NEEDS_MET_ELSEWHERE = "needs_met_elsewhere", "Needs met elsewhere"
    COMPLETED = "completed", "Completed"
    OTHER = "other", "Other"


class Criterion(models.TextChoices):
    """Which of a service's criteria a person fell outside: the drill-down under OUTSIDE_CRITERIA."""

    SUBSTANCE_USE = "substance_use", "Current drug or alcohol use"
    RISK = "risk", "Risk"
    AREA = "area", "Area"
    NEEDS_TOO_HIGH = "needs_too_high", "Needs too high"
    NEEDS_TOO_LOW = "needs_too_low", "Needs too low"
    AGE = "age", "Age"
    GENDER = "gender", "Gender"


_R = ReasonCode
REASON_GROUP: dict[ReasonCode, ReasonGroup] = {
    _R.OUTSIDE_CRITERIA_SUBSTANCE_USE: ReasonGroup.OUTSIDE_CRITERIA,
    _R.OUTSIDE_CRITERIA_RISK: ReasonGroup.OUTSIDE_CRITERIA,
    _R.OUTSIDE_CRITERIA_AREA: ReasonGroup.OUTSIDE_CRITERIA,
    _R.OUTSIDE_CRITERIA_NEEDS_TOO_HIGH: ReasonGroup.OUTSIDE_CRITERIA,
    _R.OUTSIDE_CRITERIA_NEEDS_TOO_LOW: ReasonGroup.OUTSIDE_CRITERIA,
    _R.OUTSIDE_CRITERIA_AGE: ReasonGroup.OUTSIDE_CRITERIA,
    _R.OUTSIDE_CRITERIA_GENDER: ReasonGroup.OUTSIDE_CRITERIA,
    _R.NO_CAPACITY: ReasonGroup.CAPACITY,
    _R.COULD_NOT_CONTACT: ReasonGroup.ENGAGEMENT,
    _R.DID_NOT_ATTEND: ReasonGroup.ENGAGEMENT,
    _R.PERSON_DECLINED: ReasonGroup.PERSONS_CHOICE,
    _R.CONSENT_WITHDRAWN: ReasonGroup.PERSONS_CHOICE,
    _R.RETURNED_TO_CUSTODY: ReasonGroup.CUSTODY,
    _R.NEEDS_MET_ELSEWHERE: ReasonGroup.NEEDS_MET_ELSEWHERE,
    _R.TREATMENT_COMPLETED: ReasonGroup.COMPLETED,
    _R.OTHER: ReasonGroup.OTHER,
}

CRITERION: dict[ReasonCode, Criterion] = {
    _R.OUTSIDE_CRITERIA_SUBSTANCE_USE: Criterion.SUBSTANCE_USE,
    _R.OUTSIDE_CRITERIA_RISK: Criterion.RISK,
    _R.OUTSIDE_CRITERIA_AREA: Criterion.AREA,
    _R.OUTSIDE_CRITERIA_NEEDS_TOO_HIGH: Criterion.NEEDS_TOO_HIGH,
    _R.OUTSIDE_CRITERIA_NEEDS_TOO_LOW: Criterion.NEEDS_TOO_LOW,
    _R.OUTSIDE_CRITERIA_AGE: Criterion.AGE,
    _R.OUTSIDE_CRITERIA_GENDER: Criterion.GENDER,
}


def reasons_in(group: ReasonGroup) -> frozenset[ReasonCode]:
    return frozenset(code for code, in_group in REASON_GROUP.items() if in_group == group)


def note_always_required(code: ReasonCode) -> bool:
    """A code that says nothing on its own: the note is the reason."""
    return code == ReasonCode.OTHER
