"""Appointment reminders the person chose: the day before, once, time and place only, and stopped
from the plan or with one button from the link in the email."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.appointments.models import Appointment
from throughcare.appointments.tests.helpers import accepted, booked
from throughcare.core.models import AuditEvent
from throughcare.myplan.models import AppointmentReminder
from throughcare.myplan.reminders import queue_appointment_reminders
from throughcare.myplan.tests.helpers import give, signed_in_client
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


def _tomorrow_at(hour: int):
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


@pytest.fixture
def tomorrow(practitioner, caseworker, service):
    """A person with access to their plan and an appointment tomorrow at 2:30pm."""
    person = person_in(practitioner.current_organisation)
    appointment = booked(
        caseworker, accepted(practitioner, caseworker, service, person=person), location="1 High St"
    )
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=_tomorrow_at(14))
    return give(practitioner, person), appointment


def _turn_on(access) -> Client:
    client = signed_in_client(access)
    assert client.post(reverse("myplan:reminders"), {"by": "email"}).status_code == 302
    return client


def test_no_reminder_is_sent_unless_the_person_asked(tomorrow):
    assert queue_appointment_reminders() == 0


def test_a_person_who_asked_gets_one_reminder_with_time_and_place_only(tomorrow, service):
    access, _appointment = tomorrow
    _turn_on(access)
    assert queue_appointment_reminders() == 1
    assert queue_appointment_reminders() == 0  # once, however often the job runs
    call_command("send_appointment_reminders")
    reminder = [message for message in mail.outbox if message.subject == "Your appointment tomorrow"]
    assert len(reminder) == 1
    body = reminder[0].body
    assert "at 2:30pm" in body
    assert "Where: 1 High St" in body
    assert service.name not in body
    assert AuditEvent.objects.filter(verb="plan_access.reminders_started").exists()
    assert AppointmentReminder.objects.count() == 1


def test_appointments_on_other_days_or_cancelled_get_no_reminder(tomorrow):
    access, appointment = tomorrow
    _turn_on(access)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=_tomorrow_at(14) + timedelta(days=1))
    assert queue_appointment_reminders() == 0
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=_tomorrow_at(14), status="cancelled")
    assert queue_appointment_reminders() == 0


def test_the_person_can_stop_reminders_from_their_plan(tomorrow):
    access, _ = tomorrow
    client = _turn_on(access)
    assert "Stop reminders" in client.get(reverse("myplan:plan")).content.decode()
    client.post(reverse("myplan:reminders"), {"by": "none"})
    assert queue_appointment_reminders() == 0


def test_the_link_in_a_reminder_stops_them_with_one_button(tomorrow):
    access, _ = tomorrow
    _turn_on(access)
    queue_appointment_reminders()
    call_command("send_appointment_reminders")
    body = next(m.body for m in mail.outbox if m.subject == "Your appointment tomorrow")
    path = re.search(r"(/my-plan/reminders/stop/\S+/)", body).group(1)
    assert "Stop reminders" in Client().get(path).content.decode()
    access.refresh_from_db()
    assert access.reminders_since is not None  # opening the link changes nothing
    page = Client().post(path)
    assert "Reminders are stopped" in page.content.decode()
    access.refresh_from_db()
    assert access.reminders_since is None
    assert AuditEvent.objects.filter(verb="plan_access.reminders_stopped").exists()


def test_a_forged_stop_link_does_not_work():
    assert Client().post(reverse("myplan:reminders-stop", args=["forged"])).status_code == 404


def test_an_ended_access_gets_no_reminders(tomorrow, practitioner):
    from throughcare.myplan.services import plan_access_end

    access, _ = tomorrow
    _turn_on(access)
    plan_access_end(actor=practitioner, access=access)
    assert queue_appointment_reminders() == 0
