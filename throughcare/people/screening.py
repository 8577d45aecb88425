"""Screening for the Offender Personality Disorder (OPD) pathway, recorded on the person.

OPD pathway services take only people screened in (matching/eligibility_rules.py); the latest
screening by date is the one that counts. A screening is recorded by someone in the person's team,
with its date and what it came from, and is never dated in the future.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.people.models import OpdScreening, OpdScreeningOutcome, OpdScreeningSource, Person


def _errors(screened_on: date | None, outcome: str, source: str) -> dict[str, str]:
    errors = {}
    if screened_on is None:
        errors["screened_on"] = "Enter the date of the screening"
    elif screened_on > timezone.localdate():
        errors["screened_on"] = "The date of the screening must be today or in the past"
    if outcome not in OpdScreeningOutcome.values:
        errors["outcome"] = "Choose whether the person was screened in or screened out"
    if source not in OpdScreeningSource.values:
        names = ", ".join(OpdScreeningSource.values)
        errors["source"] = f"Choose what the screening came from: {names}"
    return errors


def opd_screening_record(
    *, actor, person: Person, screened_on: date | None, outcome: str, source: str
) -> OpdScreening:
    """Record a screening for a person the actor's organisation can see (the caller fetched them
    through people_visible_to / person_for). Nothing is written when anything is wrong."""
    require_permission(actor, Permission.VIEW_PEOPLE)
    errors = _errors(screened_on, outcome, source)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        screening = OpdScreening.objects.create(
            person=person, screened_on=screened_on, outcome=outcome, source=source, recorded_by=actor
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.PERSON_OPD_SCREENING_RECORDED,
            target=screening,
            payload={"person": str(person.pk), "outcome": outcome, "source": source},
        )
    return screening


def opd_screenings_of(*, actor, person: Person) -> list[OpdScreening]:
    """The person's screenings, latest first; the read is audited."""
    require_permission(actor, Permission.VIEW_PEOPLE)
    screenings = list(OpdScreening.objects.filter(person=person))
    audit.record(
        actor=actor,
        verb=AuditVerb.PERSON_OPD_SCREENINGS_VIEWED,
        target=person,
        payload={"screenings": [str(s.pk) for s in screenings]},
    )
    return screenings
