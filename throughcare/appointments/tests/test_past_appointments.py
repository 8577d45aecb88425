"""An appointment that has already taken place is entered with what happened, after the referral."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.appointments import services
from throughcare.appointments.models import Appointment, Status
from throughcare.appointments.tests.helpers import accepted
from throughcare.notices.models import Notice, NoticeKind
from throughcare.referrals.models import Referral

pytestmark = pytest.mark.django_db


def sent_days_ago(referral, days: int):
    Referral.objects.filter(pk=referral.pk).update(submitted_at=timezone.now() - timedelta(days=days))
    referral.refresh_from_db()
    return referral


def enter(receiver, referral, starts_at, **fields):
    values = {"duration_minutes": 60, "mode": "phone", "purpose": "assessment"} | fields
    return services.appointment_book(actor=receiver, referral=referral, starts_at=starts_at, **values)


def test_a_past_appointment_is_entered_with_its_attendance(referrer, receiver, service):
    referral = sent_days_ago(accepted(referrer, receiver, service), 10)
    appointment = enter(receiver, referral, timezone.now() - timedelta(days=2), attendance="attended")
    appointment.refresh_from_db()
    assert appointment.status == Status.ATTENDED
    assert appointment.outcome_recorded_by == receiver
    assert Referral.objects.get(pk=referral.pk).state == "assessment_booked"


def test_a_missed_past_appointment_tells_the_referrer(referrer, receiver, service):
    referral = sent_days_ago(accepted(referrer, receiver, service), 10)
    enter(
        receiver,
        referral,
        timezone.now() - timedelta(days=1),
        attendance="did_not_attend",
        non_attendance_reason="unwell",
    )
    assert Notice.objects.filter(
        organisation=referrer.current_organisation, kind=NoticeKind.DID_NOT_ATTEND
    ).exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "attendance", "This appointment has already taken place: say whether the person attended"),
        ({"attendance": "came"}, "attendance", "Choose whether the person attended"),
        ({"attendance": "did_not_attend"}, "non_attendance_reason", "Choose why the person did not attend"),
    ],
)
def test_a_past_appointment_needs_what_happened(referrer, receiver, service, fields, field, message):
    referral = sent_days_ago(accepted(referrer, receiver, service), 10)
    with pytest.raises(ValidationError) as refused:
        enter(receiver, referral, timezone.now() - timedelta(days=1), **fields)
    assert refused.value.message_dict[field][0].startswith(message)
    assert not Appointment.objects.exists()


def test_a_past_appointment_cannot_be_before_the_referral(referrer, receiver, service):
    referral = sent_days_ago(accepted(referrer, receiver, service), 3)
    with pytest.raises(ValidationError) as refused:
        enter(receiver, referral, timezone.now() - timedelta(days=5), attendance="attended")
    assert refused.value.message_dict["starts_at"][0].startswith(
        "The appointment must be after the referral was sent on "
    )
    assert not Appointment.objects.exists()


def test_a_future_appointment_has_no_attendance_yet(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    with pytest.raises(ValidationError) as refused:
        enter(receiver, referral, timezone.now() + timedelta(days=1), attendance="attended")
    assert (
        "Attendance is recorded once the appointment has started"
        in refused.value.message_dict["attendance"][0]
    )


def test_the_page_enters_a_past_appointment(referrer, receiver, service):
    referral = sent_days_ago(accepted(referrer, receiver, service), 10)
    moment = timezone.localtime(timezone.now() - timedelta(days=2))
    client = Client()
    client.force_login(receiver)
    data = {
        "starts_on_day": moment.day,
        "starts_on_month": moment.month,
        "starts_on_year": moment.year,
        "time": "10:00",
        "duration_minutes": "60",
        "purpose": "assessment",
        "mode": "phone",
    }
    url = reverse("appointments:book", kwargs={"referral_id": referral.pk})
    missing = client.post(url, data)
    assert missing.status_code == 422
    assert "This appointment has already taken place" in missing.content.decode()
    response = client.post(url, data | {"attendance": "attended_late"}, follow=True)
    assert "entered as attended late" in response.content.decode()
    assert Appointment.objects.get().status == Status.ATTENDED_LATE
