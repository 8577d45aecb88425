"""Booking, moving, cancelling and recording appointments: every rule, and every refusal leaving
nothing behind."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from throughcare.appointments import services
from throughcare.appointments.models import Appointment, Concern, Status
from throughcare.appointments.tests.helpers import accepted, booked, in_days, started
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.notices.email import send_notice_emails
from throughcare.notices.models import Notice, NoticeKind
from throughcare.referrals import services as referral_services
from throughcare.referrals.models import Referral, ReferralTransition
from throughcare.referrals.tests.helpers import service_of, submitted

pytestmark = pytest.mark.django_db


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


def book(receiver, referral, **overrides):
    values = {
        "starts_at": in_days(3),
        "duration_minutes": 60,
        "mode": "phone",
        "purpose": "assessment",
        "location": "07700 900123",
    }
    values.update(overrides)
    return services.appointment_book(actor=receiver, referral=referral, **values)


def nothing_written(referral, appointments: int = 0) -> None:
    assert Appointment.objects.filter(referral=referral).count() == appointments


# Booking


def test_first_booking_on_an_accepted_referral_books_the_assessment(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    appointment = book(receiver, referral)
    assert appointment.status == Status.BOOKED
    assert appointment.booked_by == receiver
    assert Referral.objects.get(pk=referral.pk).state == "assessment_booked"
    move = ReferralTransition.objects.filter(referral=referral).last()
    assert (move.from_state, move.to_state, move.actor) == ("accepted", "assessment_booked", receiver)
    assert AuditEvent.objects.filter(verb="appointment.booked", target_id=str(appointment.pk)).exists()
    # The referrer hears that the assessment is booked, through the referral's own notice.
    assert Notice.objects.filter(
        referral=referral, organisation=referral.referring_organisation, kind=NoticeKind.STATUS_CHANGED
    ).exists()


def test_a_second_booking_leaves_the_referral_where_it_is(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    book(receiver, referral)
    moves = ReferralTransition.objects.filter(referral=referral).count()
    book(receiver, referral, purpose="treatment", starts_at=in_days(10))
    assert Referral.objects.get(pk=referral.pk).state == "assessment_booked"
    assert ReferralTransition.objects.filter(referral=referral).count() == moves


def test_a_past_appointment_before_the_referral_and_without_attendance_is_refused(
    referrer, receiver, service
):
    referral = accepted(referrer, receiver, service)
    with pytest.raises(ValidationError) as refused:
        book(receiver, referral, starts_at=timezone.now() - timedelta(minutes=5))
    errors = errors_of(refused)
    assert errors["starts_at"][0].startswith("The appointment must be after the referral was sent on ")
    assert errors["attendance"] == [
        "This appointment has already taken place: say whether the person attended, attended late "
        "or did not attend"
    ]
    nothing_written(referral)
    assert Referral.objects.get(pk=referral.pk).state == "accepted"


@pytest.mark.parametrize("minutes", [None, 0, 4, 481, 1000])
def test_duration_must_be_from_5_to_480_minutes(referrer, receiver, service, minutes):
    referral = accepted(referrer, receiver, service)
    with pytest.raises(ValidationError) as refused:
        book(receiver, referral, duration_minutes=minutes)
    assert list(errors_of(refused)) == ["duration_minutes"]
    nothing_written(referral)


@pytest.mark.parametrize("minutes", [5, 480])
def test_the_shortest_and_longest_durations_are_allowed(referrer, receiver, service, minutes):
    referral = accepted(referrer, receiver, service)
    assert book(receiver, referral, duration_minutes=minutes).duration_minutes == minutes


def test_unknown_mode_and_purpose_are_named(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    with pytest.raises(ValidationError) as refused:
        book(receiver, referral, mode="carrier_pigeon", purpose="", starts_at=None)
    assert set(errors_of(refused)) == {"mode", "purpose", "starts_at"}
    nothing_written(referral)


@pytest.mark.parametrize("state", ["submitted", "waitlisted", "paused", "completed"])
def test_booking_needs_an_accepted_referral(referrer, receiver, service, state):
    referral = submitted(referrer, service)
    Referral.objects.filter(pk=referral.pk).update(state=state)
    referral.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        book(receiver, referral)
    [message] = errors_of(refused)["referral"]
    assert message.startswith("Appointments are booked once the referral is accepted")
    nothing_written(referral)


def test_the_referrer_cannot_book(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    with pytest.raises(PermissionDenied):
        book(referrer, referral)
    nothing_written(referral)


def test_another_provider_cannot_book(referrer, receiver, service, make_user):
    referral = accepted(referrer, receiver, service)
    with pytest.raises(Http404):
        book(make_user(Role.PROVIDER_CASEWORKER), referral)
    nothing_written(referral)


def test_a_failed_move_of_the_referral_undoes_the_booking(referrer, receiver, service, monkeypatch):
    referral = accepted(referrer, receiver, service)

    def refuse(**kwargs):
        raise ValidationError({"target": "refused"})

    monkeypatch.setattr(services, "referral_transition", refuse)
    with pytest.raises(ValidationError):
        book(receiver, referral)
    nothing_written(referral)
    assert not AuditEvent.objects.filter(verb="appointment.booked").exists()


# Rescheduling and cancelling


def test_rescheduling_keeps_the_original_with_who_asked_and_why(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    original = booked(receiver, referral)
    moved = services.appointment_reschedule(
        actor=receiver,
        appointment=original,
        starts_at=in_days(5),
        requested_by="person",
        reason="Job interview",
    )
    original.refresh_from_db()
    assert original.status == Status.RESCHEDULED
    assert (original.change_requested_by, original.change_reason, original.changed_by) == (
        "person",
        "Job interview",
        receiver,
    )
    assert moved.rescheduled_from == original
    assert moved.status == Status.BOOKED
    assert (moved.mode, moved.purpose, moved.duration_minutes) == (original.mode, original.purpose, 60)
    assert AuditEvent.objects.filter(verb="appointment.rescheduled", target_id=str(original.pk)).exists()
    [notice] = Notice.objects.filter(kind=NoticeKind.APPOINTMENT_CHANGED)
    assert notice.organisation_id == referral.referring_organisation_id
    assert "asked by the person" in notice.summary


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"requested_by": ""}, "requested_by"),
        ({"requested_by": "the_moon"}, "requested_by"),
        ({"starts_at": timezone.now() - timedelta(days=1)}, "starts_at"),
    ],
)
def test_rescheduling_needs_a_future_time_who_asked_and_why(referrer, receiver, service, overrides, field):
    referral = accepted(referrer, receiver, service)
    original = booked(receiver, referral)
    values = {"starts_at": in_days(5), "requested_by": "service", "reason": "Clinician unwell"} | overrides
    with pytest.raises(ValidationError) as refused:
        services.appointment_reschedule(actor=receiver, appointment=original, **values)
    assert list(errors_of(refused)) == [field]
    original.refresh_from_db()
    assert original.status == Status.BOOKED
    nothing_written(referral, appointments=1)
    assert not Notice.objects.filter(kind=NoticeKind.APPOINTMENT_CHANGED).exists()


def test_cancelling_keeps_who_asked_and_why_and_tells_the_referrer(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    appointment = booked(receiver, referral)
    services.appointment_cancel(
        actor=receiver, appointment=appointment, requested_by="referrer", reason="Recalled"
    )
    appointment.refresh_from_db()
    assert (appointment.status, appointment.change_requested_by, appointment.change_reason) == (
        Status.CANCELLED,
        "referrer",
        "Recalled",
    )
    assert AuditEvent.objects.filter(verb="appointment.cancelled", target_id=str(appointment.pk)).exists()
    assert Notice.objects.filter(kind=NoticeKind.APPOINTMENT_CHANGED, referral=referral).count() == 1


def test_cancelling_without_a_reason_is_refused(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    with pytest.raises(ValidationError) as refused:
        services.appointment_cancel(actor=receiver, appointment=appointment, requested_by="person", reason="")
    assert errors_of(refused) == {"reason": ["Enter why the appointment is being cancelled"]}
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED


def test_a_cancelled_appointment_cannot_be_moved(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    services.appointment_cancel(
        actor=receiver, appointment=appointment, requested_by="person", reason="Moved"
    )
    with pytest.raises(ValidationError) as refused:
        services.appointment_reschedule(
            actor=receiver, appointment=appointment, starts_at=in_days(4), requested_by="person", reason="x"
        )
    assert errors_of(refused) == {"appointment": ["This appointment was cancelled, so it cannot be moved"]}


def test_the_referrer_cannot_cancel(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    with pytest.raises(PermissionDenied):
        services.appointment_cancel(
            actor=referrer, appointment=appointment, requested_by="person", reason="x"
        )


# Attendance


def test_attendance_is_recorded_once_the_appointment_has_started(referrer, receiver, service):
    appointment = started(booked(receiver, accepted(referrer, receiver, service)))
    services.appointment_record_attendance(actor=receiver, appointment=appointment, outcome="attended_late")
    appointment.refresh_from_db()
    assert appointment.status == Status.ATTENDED_LATE
    assert appointment.outcome_recorded_by == receiver
    event = AuditEvent.objects.get(verb="appointment.attendance_recorded")
    assert event.payload["status"] == "attended_late"
    # Attending is not news for the referrer: only a missed appointment alerts them.
    assert not Notice.objects.filter(kind=NoticeKind.DID_NOT_ATTEND).exists()


def test_attendance_before_the_start_is_refused(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    with pytest.raises(ValidationError) as refused:
        services.appointment_record_attendance(actor=receiver, appointment=appointment, outcome="attended")
    [message] = errors_of(refused)["outcome"]
    assert message.startswith("Attendance is recorded once the appointment has started")
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED


def test_did_not_attend_needs_a_category(referrer, receiver, service):
    appointment = started(booked(receiver, accepted(referrer, receiver, service)))
    with pytest.raises(ValidationError) as refused:
        services.appointment_record_attendance(
            actor=receiver, appointment=appointment, outcome="did_not_attend"
        )
    assert errors_of(refused) == {"non_attendance_reason": ["Choose why the person did not attend"]}
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED
    assert not Notice.objects.filter(kind=NoticeKind.DID_NOT_ATTEND).exists()


def test_other_needs_a_note(referrer, receiver, service):
    appointment = started(booked(receiver, accepted(referrer, receiver, service)))
    with pytest.raises(ValidationError) as refused:
        services.appointment_record_attendance(
            actor=receiver, appointment=appointment, outcome="did_not_attend", non_attendance_reason="other"
        )
    assert list(errors_of(refused)) == ["note"]


@pytest.mark.parametrize(("outcome", "reason"), [("attended", "unwell"), ("nope", ""), ("booked", "")])
def test_bad_outcomes_are_named(referrer, receiver, service, outcome, reason):
    appointment = started(booked(receiver, accepted(referrer, receiver, service)))
    with pytest.raises(ValidationError) as refused:
        services.appointment_record_attendance(
            actor=receiver, appointment=appointment, outcome=outcome, non_attendance_reason=reason
        )
    assert set(errors_of(refused)) <= {"outcome", "non_attendance_reason"}
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED


def test_attendance_already_recorded_is_not_changed(referrer, receiver, service):
    appointment = started(booked(receiver, accepted(referrer, receiver, service)))
    services.appointment_record_attendance(actor=receiver, appointment=appointment, outcome="attended")
    with pytest.raises(ValidationError) as refused:
        services.appointment_record_attendance(
            actor=receiver, appointment=appointment, outcome="did_not_attend", non_attendance_reason="forgot"
        )
    assert errors_of(refused) == {
        "appointment": [
            "Attendance is already recorded for this appointment as 'Attended', so it cannot be "
            "recorded again"
        ]
    }
    appointment.refresh_from_db()
    assert appointment.status == Status.ATTENDED
    assert AuditEvent.objects.filter(verb="appointment.attendance_recorded").count() == 1


def test_a_missed_appointment_alerts_the_referrer_without_detail_by_email(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    started(appointment, hours_ago=2)
    send_notice_emails()  # what earlier steps raised
    mail.outbox.clear()
    services.appointment_record_attendance(
        actor=receiver, appointment=appointment, outcome="did_not_attend", non_attendance_reason="unwell"
    )
    send_notice_emails()
    [notice] = Notice.objects.filter(kind=NoticeKind.DID_NOT_ATTEND)
    assert notice.organisation_id == appointment.referral.referring_organisation_id
    assert notice.summary == f"Missed the appointment on {services.when_text(appointment.starts_at)}: unwell"
    [email] = mail.outbox
    assert email.to == [referrer.email]
    assert "unwell" not in email.body
    assert "unwell" not in email.subject
    assert appointment.referral.person.family_name not in email.body


def test_a_concern_alerts_the_referrer_in_throughcare_only(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    send_notice_emails()  # what earlier steps raised
    mail.outbox.clear()
    concern = services.appointment_raise_concern(
        actor=receiver, appointment=appointment, note="Talked about not coping at home"
    )
    send_notice_emails()
    assert concern.raised_by == receiver
    [notice] = Notice.objects.filter(kind=NoticeKind.CONCERN)
    assert "Talked about not coping at home" in notice.summary
    assert notice.organisation_id == appointment.referral.referring_organisation_id
    [email] = mail.outbox
    assert "coping" not in email.body
    assert "coping" not in email.subject
    assert AuditEvent.objects.filter(verb="appointment.concern_raised", target_id=str(concern.pk)).exists()


@pytest.mark.parametrize("note", ["", "   ", "x" * 251])
def test_a_concern_needs_a_short_note(referrer, receiver, service, note):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    with pytest.raises(ValidationError) as refused:
        services.appointment_raise_concern(actor=receiver, appointment=appointment, note=note)
    assert list(errors_of(refused)) == ["note"]
    assert not Concern.objects.exists()
    assert not Notice.objects.filter(kind=NoticeKind.CONCERN).exists()


def test_the_referrer_cannot_raise_a_concern_here(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    with pytest.raises(PermissionDenied):
        services.appointment_raise_concern(actor=referrer, appointment=appointment, note="Worried")


def test_an_organisation_referring_to_itself_books_as_the_receiver(make_user):
    caseworker = make_user(Role.PROVIDER_CASEWORKER)
    practitioner = make_user(Role.PRACTITIONER, organisation=caseworker.current_organisation)
    own_service = service_of(caseworker.current_organisation)
    referral = accepted(practitioner, caseworker, own_service)
    with pytest.raises(PermissionDenied):
        book(practitioner, referral)
    assert book(caseworker, referral).status == Status.BOOKED


def test_when_text_reads_in_uk_time():
    moment = datetime(2026, 12, 3, 14, 30, tzinfo=UTC)
    assert services.when_text(moment, with_time=True) == "3 December 2026 at 2:30pm"
    summer = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert services.when_text(summer, with_time=True) == "1 July 2026 at 9am"


def test_referral_services_still_move_a_booked_referral(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    book(receiver, referral)
    referral_services.referral_transition(actor=receiver, referral=referral, target="in_treatment")
    assert book(receiver, referral, purpose="treatment").status == Status.BOOKED
