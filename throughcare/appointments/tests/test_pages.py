"""The appointment pages: the section on the referral page for both sides, each form with its
errors (422) and success, and the receiving organisation's upcoming appointments."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.appointments import services
from throughcare.appointments.models import Appointment, Concern, Status
from throughcare.appointments.tests.helpers import accepted, booked, in_days, started
from throughcare.notices.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail(referral) -> str:
    return reverse("referrals:detail", kwargs={"referral_id": referral.pk})


def url(name, appointment) -> str:
    return reverse(f"appointments:{name}", kwargs={"appointment_id": appointment.pk})


def book_url(referral) -> str:
    return reverse("appointments:book", kwargs={"referral_id": referral.pk})


def when_fields(moment, prefix="starts_on") -> dict:
    local = moment.astimezone(services.timezone.get_current_timezone())
    return {
        f"{prefix}_day": local.day,
        f"{prefix}_month": local.month,
        f"{prefix}_year": local.year,
        "time": f"{local:%H:%M}",
    }


def test_the_receiver_sees_appointments_with_their_actions(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    future = booked(receiver, referral, days=5)
    past = started(booked(receiver, referral, days=1))
    html = signed_in(receiver).get(detail(referral)).content.decode()
    assert "Appointments" in html
    assert book_url(referral) in html
    assert url("attendance", past) in html
    assert url("attendance", future) not in html  # not started yet
    for name in ("reschedule", "cancel", "concern"):
        assert url(name, future) in html
    assert services.when_text(future.starts_at, with_time=True) in html
    assert "govuk-tag--blue" in html


def test_the_referrer_sees_each_step_but_no_actions(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    original = booked(receiver, referral)
    moved = services.appointment_reschedule(
        actor=receiver,
        appointment=original,
        starts_at=in_days(6),
        requested_by="person",
        reason="Job interview",
    )
    services.appointment_record_attendance(
        actor=receiver, appointment=started(moved), outcome="did_not_attend", non_attendance_reason="unwell"
    )
    html = signed_in(referrer).get(detail(referral)).content.decode()
    assert f"Moved to {services.when_text(moved.starts_at, with_time=True)}" in html
    assert "asked by the person, because Job interview" in html
    assert "Did not attend" in html
    assert "Unwell" in html
    assert book_url(referral) not in html
    assert url("reschedule", moved) not in html
    assert "Missed the appointment" in html  # the urgent notice


def test_referral_page_queries_do_not_grow_with_appointments(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    booked(receiver, referral)
    client = signed_in(referrer)
    client.get(detail(referral))
    with CaptureQueriesContext(connection) as one:
        client.get(detail(referral))
    for days in (4, 5, 6):
        booked(receiver, referral, days=days)
    with CaptureQueriesContext(connection) as four:
        response = client.get(detail(referral))
    assert response.content.decode().count('class="govuk-summary-card__title"') == 4
    assert len(four) == len(one)


def test_booking_from_the_page(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    client = signed_in(receiver)
    assert client.get(book_url(referral)).status_code == 200
    data = when_fields(in_days(3)) | {"duration_minutes": "45", "purpose": "assessment", "mode": "video"}
    response = client.post(book_url(referral), data | {"location": "Link sent by text"}, follow=True)
    assert response.redirect_chain[-1][0] == detail(referral)
    assert "Appointment booked for" in response.content.decode()
    appointment = Appointment.objects.get(referral=referral)
    assert (appointment.mode, appointment.duration_minutes) == ("video", 45)
    assert response.context["referral"].state == "assessment_booked"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_on_year": "2020"}, "The appointment must be after the referral was sent"),
        ({"time": "25:00"}, "Enter a real time, like 2:30pm or 14:30"),
        ({"time": "teatime"}, "Enter the time like 2:30pm or 14:30"),
        ({"time": ""}, "Enter the time of the appointment"),
        ({"starts_on_day": "31", "starts_on_month": "2"}, "must be a real date"),
        ({"duration_minutes": "600"}, "between 5 and 480 minutes"),
        ({"duration_minutes": "an hour"}, "must be a whole number of minutes"),
        ({"mode": ""}, "Choose how the appointment will happen"),
        ({"purpose": "party"}, "Choose what the appointment is for"),
    ],
)
def test_booking_errors_are_shown_with_422(referrer, receiver, service, changes, message):
    referral = accepted(referrer, receiver, service)
    data = when_fields(in_days(3)) | {"duration_minutes": "60", "purpose": "assessment", "mode": "phone"}
    response = signed_in(receiver).post(book_url(referral), data | changes)
    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not Appointment.objects.exists()


def test_afternoon_times_are_read_as_people_write_them(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    day = in_days(3)
    data = when_fields(day) | {
        "time": "2:30pm",
        "duration_minutes": "60",
        "purpose": "review",
        "mode": "phone",
    }
    signed_in(receiver).post(book_url(referral), data)
    local = Appointment.objects.get().starts_at.astimezone(services.timezone.get_current_timezone())
    assert (local.hour, local.minute) == (14, 30)


def test_the_referrer_cannot_reach_the_booking_page(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    assert signed_in(referrer).get(book_url(referral)).status_code == 403


def test_recording_attendance_from_the_page(referrer, receiver, service):
    appointment = started(booked(receiver, accepted(referrer, receiver, service)))
    client = signed_in(receiver)
    assert client.get(url("attendance", appointment)).status_code == 200
    refused = client.post(url("attendance", appointment), {"outcome": "did_not_attend"})
    assert refused.status_code == 422
    assert "Choose why the person did not attend" in refused.content.decode()
    response = client.post(
        url("attendance", appointment),
        {"outcome": "did_not_attend", "non_attendance_reason": "forgot"},
        follow=True,
    )
    assert "Attendance recorded: did not attend. The referrer has been told." in response.content.decode()
    assert Notice.objects.filter(kind=NoticeKind.DID_NOT_ATTEND).count() == 1
    # Recorded once: the page now sends them back, and a second post is refused.
    again = client.get(url("attendance", appointment), follow=True)
    assert "Attendance is already recorded for this appointment: did not attend." in again.content.decode()
    assert again.redirect_chain[-1][0] == detail(appointment.referral)
    twice = client.post(url("attendance", appointment), {"outcome": "attended"})
    assert twice.status_code == 422
    assert "Attendance is already recorded for this appointment" in twice.content.decode()


def test_attendance_before_the_start_is_refused_on_the_page(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    response = signed_in(receiver).post(url("attendance", appointment), {"outcome": "attended"})
    assert response.status_code == 422
    assert "Attendance is recorded once the appointment has started" in response.content.decode()


def test_rescheduling_from_the_page(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    client = signed_in(receiver)
    data = when_fields(in_days(8)) | {"requested_by": "service"}
    refused = client.post(url("reschedule", appointment), data)
    assert refused.status_code == 422
    assert "Enter why the appointment is being moved" in refused.content.decode()
    response = client.post(
        url("reschedule", appointment), data | {"reason": "Clinician on leave"}, follow=True
    )
    assert "Appointment moved to" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Status.RESCHEDULED


def test_cancelling_from_the_page(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    client = signed_in(receiver)
    refused = client.post(url("cancel", appointment), {"reason": "No longer needed"})
    assert refused.status_code == 422
    assert "Choose who asked for this" in refused.content.decode()
    client.post(url("cancel", appointment), {"reason": "No longer needed", "requested_by": "person"})
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED


def test_raising_a_concern_from_the_page(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    client = signed_in(receiver)
    assert client.post(url("concern", appointment), {"note": ""}).status_code == 422
    response = client.post(url("concern", appointment), {"note": "Seemed very withdrawn"}, follow=True)
    assert "Concern raised" in response.content.decode()
    assert Concern.objects.get().note == "Seemed very withdrawn"
    assert "Seemed very withdrawn" in signed_in(referrer).get(detail(appointment.referral)).content.decode()


def test_upcoming_appointments_page(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    appointment = booked(receiver, referral, days=2)
    client = signed_in(receiver)
    response = client.get(reverse("appointments:upcoming"))
    html = response.content.decode()
    assert referral.person.full_name in html
    assert services.when_text(appointment.starts_at, with_time=True) in html
    assert 'href="/appointments/"' in html  # in the navigation


def test_upcoming_page_queries_do_not_grow(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    booked(receiver, referral, days=1)
    client = signed_in(receiver)
    client.get(reverse("appointments:upcoming"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("appointments:upcoming"))
    for days in (2, 3, 4):
        booked(receiver, accepted(referrer, receiver, service), days=days)
    with CaptureQueriesContext(connection) as four:
        client.get(reverse("appointments:upcoming"))
    assert len(four) == len(one)


def test_the_referrer_has_no_upcoming_appointments_page(referrer):
    client = signed_in(referrer)
    assert client.get(reverse("appointments:upcoming")).status_code == 403
    assert 'href="/appointments/"' not in client.get(reverse("referrals:worklist")).content.decode()
