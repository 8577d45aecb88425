"""The appointments API: listing for both sides, booking, attendance, rescheduling, cancelling,
422 field errors, 403 for the referrer's writes, 404 out of scope, and the OpenAPI document."""

import pytest
from django.test import Client

from throughcare.accounts.services import token_issue
from throughcare.appointments.models import Appointment, Status
from throughcare.appointments.tests.helpers import accepted, booked, in_days, started
from throughcare.core.permissions import Role

pytestmark = pytest.mark.django_db


def client(user) -> Client:
    secret = token_issue(actor=None, user=user, name="test").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def post(caller, path, body):
    return caller.post(path, body, content_type="application/json")


def book_body(**overrides):
    return {
        "starts_at": in_days(3).isoformat(),
        "duration_minutes": 60,
        "mode": "in_person",
        "purpose": "assessment",
        "location": "Room 2",
    } | overrides


def test_book_and_list_over_the_api(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    created = post(client(receiver), f"/api/v1/referrals/{referral.pk}/appointments", book_body())
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "booked"
    listing = client(referrer).get(f"/api/v1/referrals/{referral.pk}/appointments")
    assert listing.status_code == 200
    body = listing.json()
    assert body["side"] == "referrer"
    assert body["referral_state"] == "assessment_booked"
    assert [a["id"] for a in body["appointments"]] == [created.json()["id"]]


def test_booking_in_the_past_answers_422_naming_the_field(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    response = post(
        client(receiver),
        f"/api/v1/referrals/{referral.pk}/appointments",
        book_body(starts_at="2020-01-01T09:00:00+00:00", duration_minutes=2),
    )
    assert response.status_code == 422
    fields = {error["loc"][-1]: error["msg"] for error in response.json()["errors"]}
    assert set(fields) == {"starts_at", "duration_minutes", "attendance"}
    assert "must be after the referral was sent" in fields["starts_at"]
    assert not Appointment.objects.exists()


def test_the_referrer_may_not_book_over_the_api(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    response = post(client(referrer), f"/api/v1/referrals/{referral.pk}/appointments", book_body())
    assert response.status_code == 403


def test_another_organisation_gets_404(referrer, receiver, service, make_user):
    referral = accepted(referrer, receiver, service)
    appointment = booked(receiver, referral)
    stranger = client(make_user(Role.PROVIDER_CASEWORKER))
    assert stranger.get(f"/api/v1/referrals/{referral.pk}/appointments").status_code == 404
    assert (
        post(
            stranger,
            f"/api/v1/appointments/{appointment.pk}/cancel",
            {"requested_by": "person", "reason": "x"},
        ).status_code
        == 404
    )


def test_anonymous_gets_401(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    assert Client().get(f"/api/v1/referrals/{referral.pk}/appointments").status_code == 401


def test_attendance_over_the_api(referrer, receiver, service):
    appointment = started(booked(receiver, accepted(referrer, receiver, service)))
    caller = client(receiver)
    path = f"/api/v1/appointments/{appointment.pk}/attendance"
    missing = post(caller, path, {"outcome": "did_not_attend"})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["body", "non_attendance_reason"]
    recorded = post(caller, path, {"outcome": "did_not_attend", "non_attendance_reason": "in_custody"})
    assert recorded.status_code == 200
    assert recorded.json()["status"] == "did_not_attend"
    assert recorded.json()["non_attendance_reason_label"] == "In custody"
    twice = post(caller, path, {"outcome": "attended"})
    assert twice.status_code == 422
    assert twice.json()["errors"][0]["loc"] == ["body", "appointment"]


def test_reschedule_and_cancel_over_the_api(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    caller = client(receiver)
    path = f"/api/v1/appointments/{appointment.pk}/reschedule"
    no_reason = post(
        caller, path, {"starts_at": in_days(6).isoformat(), "requested_by": "person", "reason": ""}
    )
    assert no_reason.status_code == 422
    moved = post(
        caller, path, {"starts_at": in_days(6).isoformat(), "requested_by": "person", "reason": "Work"}
    )
    assert moved.status_code == 201
    assert moved.json()["rescheduled_from_id"] == str(appointment.pk)
    appointment.refresh_from_db()
    assert appointment.status == Status.RESCHEDULED
    cancelled = post(
        caller,
        f"/api/v1/appointments/{moved.json()['id']}/cancel",
        {"requested_by": "service", "reason": "Closed"},
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"


def test_the_openapi_document_describes_the_appointment_endpoints():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/referrals/{referral_id}/appointments"])
    for action in ("attendance", "reschedule", "cancel"):
        assert "post" in paths[f"/api/v1/appointments/{{appointment_id}}/{action}"]
