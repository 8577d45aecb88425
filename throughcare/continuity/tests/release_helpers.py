"""Helpers for the release planning tests: a person in custody due out in some days, with a plan."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from throughcare.continuity.custody import services
from throughcare.continuity.release import services as release_services
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


def at_local(day, hour: int, minute: int = 0):
    """A moment on `day` at hour:minute UK time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def typical_plan(practitioner, caseworker, service, *, days_to_release=5):
    """A plan as a worker fills it in the week before release: seven things arranged, with places,
    days and numbers to call (the mental health appointment linked to a booked one at 2:30pm), and
    two still being sorted out. Returns (person, items by kind, the appointment)."""
    from throughcare.appointments.models import Appointment
    from throughcare.appointments.tests.helpers import accepted, booked
    from throughcare.continuity.release.choices import PlanItemKind as K

    person, items = planned(practitioner, days_to_release=days_to_release)
    release = timezone.localdate() + timedelta(days=days_to_release)
    appointment = booked(caseworker, accepted(practitioner, caseworker, service, person=person))
    appointment.starts_at = at_local(release + timedelta(days=3), 14, 30)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=appointment.starts_at)
    arranged = {
        K.PROBATION_FIRST_APPOINTMENT: {
            "place": "Probation office, 12 Canal Street, Nottingham NG1 7EH",
            "happens_on": release + timedelta(days=1),
            "contact": "Sam Okafor, probation practitioner, 0115 496 0123",
        },
        K.MET_AT_GATE: {"place": "The main gate", "happens_on": release, "contact": "Jo, 07700 900123"},
        K.FIRST_MENTAL_HEALTH_APPOINTMENT: {
            "appointment_id": appointment.pk,
            "place": "1 High St, Nottingham",
            "contact": "RECONNECT, 0115 496 0555",
        },
        K.GP_REGISTRATION: {
            "place": "Osmaston Road Medical Centre, Derby",
            "happens_on": release + timedelta(days=2),
            "contact": "Reception, 01332 496 000",
        },
        K.MEDICATION: {
            "place": "Boots, 1 Station Street, Nottingham",
            "happens_on": release,
            "contact": "Pharmacy, 0115 496 0777",
        },
        K.HOUSING: {
            "place": "Room 4, 20 Arboretum Street, Nottingham",
            "happens_on": release,
            "contact": "Housing support worker, 07700 900456",
        },
        K.ID: {"place": "Given to you at the gate", "happens_on": release},
    }
    for kind, change in arranged.items():
        release_services.release_plan_item_update(
            actor=practitioner,
            item=items[kind],
            change=release_services.ItemChange(status="done", owner_side=items[kind].owner_side, **change),
        )
    return person, items, appointment
