"""Release-plan items carry a time, and the item linked to an appointment follows it when it moves."""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.appointments import services
from throughcare.continuity.release.choices import PlanItemKind as K
from throughcare.continuity.release.forms import PlanItemForm
from throughcare.continuity.tests.release_helpers import at_local, planned, typical_plan
from throughcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_linking_an_appointment_fills_in_its_day_and_time(referrer, receiver, service):
    _, items, appointment = typical_plan(referrer, receiver, service)
    item = items[K.FIRST_MENTAL_HEALTH_APPOINTMENT]
    item.refresh_from_db()
    assert item.happens_on == timezone.localtime(appointment.starts_at).date()
    assert item.happens_at == time(14, 30)


def test_rescheduling_moves_the_linked_plan_item_to_the_new_day_and_time(referrer, receiver, service):
    person, items, appointment = typical_plan(referrer, receiver, service)
    new_day = timezone.localdate() + timedelta(days=12)
    moved = services.appointment_reschedule(
        actor=receiver,
        appointment=appointment,
        starts_at=at_local(new_day, 17, 15),
        requested_by="service",
        reason="Clinician on leave",
    )
    item = items[K.FIRST_MENTAL_HEALTH_APPOINTMENT]
    item.refresh_from_db()
    assert (item.appointment_id, item.happens_on, item.happens_at) == (moved.pk, new_day, time(17, 15))
    event = AuditEvent.objects.filter(verb="release_plan.item_updated", target_id=str(item.pk)).latest("id")
    assert event.payload["because"] == "appointment.rescheduled"
    assert event.actor_id == receiver.pk

    client = Client()
    client.force_login(referrer)
    page = client.get(reverse("continuity:release-plan", args=[person.pk])).content.decode()
    assert "at 5:15pm" in page


def test_an_items_time_is_typed_as_people_write_it(referrer):
    _, items = planned(referrer)
    item = items[K.PROBATION_FIRST_APPOINTMENT]
    form = PlanItemForm(
        {"status": "in_progress", "owner_side": item.owner_side, "happens_at": "9.15am"}, item=item
    )
    assert form.is_valid(), form.errors
    assert form.change().happens_at == time(9, 15)
    wrong = PlanItemForm(
        {"status": "in_progress", "owner_side": item.owner_side, "happens_at": "25pm"}, item=item
    )
    assert wrong.errors["happens_at"] == ["Enter a real time, like 2:30pm or 14:30"]
