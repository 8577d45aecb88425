"""Helpers for the release planning tests: a person in custody due out in some days, with a plan."""

from datetime import timedelta

from django.utils import timezone

from throughcare.continuity import release_services, services
from throughcare.continuity.tests.helpers import a_prison
from throughcare.people.tests.helpers import person_in


def in_custody(practitioner, *, days_to_release=30, prison=None, **person_fields):
    """A person in the practitioner's team, in custody, expected out in `days_to_release` days."""
    today = timezone.localdate()
    person = person_in(practitioner.current_organisation, **person_fields)
    services.custody_record_reception(
        actor=practitioner,
        person=person,
        prison=prison or a_prison(),
        reception_date=today - timedelta(days=200),
        expected_release_date=today + timedelta(days=days_to_release)
        if days_to_release is not None
        else None,
    )
    return person


def planned(practitioner, **kwargs):
    """A person in custody with their release plan started; returns (person, items by kind)."""
    person = in_custody(practitioner, **kwargs)
    items = release_services.release_plan_start(actor=practitioner, person=person)
    return person, {item.kind: item for item in items}
