"""Every change to an appointment: booked, moved, cancelled, attendance recorded, a concern raised.

Only the receiving service makes these changes; the referrer sees them on the referral page and
hears of missed appointments, concerns and changes through notices. Each function checks first,
then writes in one transaction with its audit event, so a refused change leaves nothing behind.
Audit payloads carry ids, statuses and field names, never why someone missed or what was said.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from throughcare.appointments.models import (
    ATTENDANCE_OUTCOMES,
    Appointment,
    Concern,
    Mode,
    NonAttendanceReason,
    Purpose,
    RequestedBy,
    Status,
)
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.templatetags.govuk_dates import govuk_date_text, govuk_datetime_text
from throughcare.notices.completion import notices_settle_attended
from throughcare.notices.models import NoticeKind
from throughcare.notices.services import notice_raise
from throughcare.referrals.models import Referral
from throughcare.referrals.services import referral_transition, require_receiver
from throughcare.referrals.states import ReferralState, Side, states_where

if TYPE_CHECKING:
    from throughcare.accounts.models import User

_S = ReferralState
# A place is held and the work is under way: the service may book with the person.
BOOKABLE_STATES = states_where(bookable=True)
SHORTEST_MINUTES, LONGEST_MINUTES = 5, 480
CONCERN_LENGTH = 250


def when_text(moment: datetime, *, with_time: bool = False) -> str:
    """'3 December 2026' (or '3 December 2026 at 2:30pm'), in UK time, for pages and notices."""
    return govuk_datetime_text(moment) if with_time else govuk_date_text(moment)


APPOINTMENT_WORK = "books and records appointments"


def _check_bookable(referral: Referral) -> None:
    if referral.state not in BOOKABLE_STATES:
        raise ValidationError(
            {
                "referral": f"Appointments are booked once the referral is accepted: this referral is "
                f"{ReferralState(referral.state).label.lower()}"
            }
        )


def _check_start(
    starts_at: datetime | None, errors: dict, field: str = "starts_at", *, past_allowed: bool = False
) -> None:
    if starts_at is None:
        errors[field] = "Enter the date and time of the appointment"
    elif timezone.is_naive(starts_at):
        errors[field] = "Give the appointment time with its time zone"
    elif starts_at <= timezone.now() and not past_allowed:
        errors[field] = "The appointment must be in the future: enter a date and time after now"


def _check_attendance(outcome: str, non_attendance_reason: str, note: str, errors: dict, field="outcome"):
    if outcome not in ATTENDANCE_OUTCOMES:
        errors[field] = "Choose whether the person attended, attended late or did not attend"
    elif outcome == Status.DID_NOT_ATTEND:
        if non_attendance_reason not in NonAttendanceReason.values:
            errors["non_attendance_reason"] = "Choose why the person did not attend"
        elif non_attendance_reason == NonAttendanceReason.OTHER and not note.strip():
            errors["note"] = "Add a note saying why the person did not attend: 'Other' needs one"
    elif non_attendance_reason:
        errors["non_attendance_reason"] = "A reason for not attending is only given when they did not attend"


def _check_past_appointment(referral: Referral, starts_at, attendance: str, errors: dict) -> None:
    """An appointment that has already happened is entered with what happened, after the referral."""
    if starts_at is None or timezone.is_naive(starts_at):
        return
    if starts_at > timezone.now():
        if attendance:
            errors["attendance"] = (
                "Attendance is recorded once the appointment has started: leave it out for an "
                "appointment still to come"
            )
        return
    sent = referral.submitted_at or referral.created_at
    if starts_at < sent:
        errors["starts_at"] = (
            f"The appointment must be after the referral was sent on {when_text(sent, with_time=True)}"
        )
    if not attendance:
        errors["attendance"] = (
            "This appointment has already taken place: say whether the person attended, attended late "
            "or did not attend"
        )


def _check_duration(duration_minutes, errors: dict) -> None:
    if duration_minutes is None:
        errors["duration_minutes"] = "Enter how long the appointment is, in minutes"
    elif not SHORTEST_MINUTES <= duration_minutes <= LONGEST_MINUTES:
        errors["duration_minutes"] = (
            f"The appointment must last between {SHORTEST_MINUTES} and {LONGEST_MINUTES} minutes (8 hours)"
        )


def _locked_referral(referral_id) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral_id)


def _locked_appointment(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().select_related("referral").get(pk=appointment.pk)


def appointment_book(
    *,
    actor: "User",
    referral: Referral,
    starts_at: datetime | None,
    duration_minutes: int | None,
    mode: str,
    purpose: str,
    location: str = "",
    attendance: str = "",
    non_attendance_reason: str = "",
    note: str = "",
) -> Appointment:
    """Book an appointment; on an accepted referral this is the assessment, and the referral moves on.

    One that has already taken place is entered with its attendance (`attendance`, and for a missed
    one its reason), as `appointment_record_attendance` would record it; it must be after the referral.
    """
    with transaction.atomic():
        locked = _locked_referral(referral.pk)
        require_receiver(actor, locked, APPOINTMENT_WORK)
        _check_bookable(locked)
        errors: dict[str, str] = {}
        _check_start(starts_at, errors, past_allowed=True)
        _check_past_appointment(locked, starts_at, attendance, errors)
        if attendance and "attendance" not in errors:
            _check_attendance(attendance, non_attendance_reason, note, errors, field="attendance")
        _check_duration(duration_minutes, errors)
        if mode not in Mode.values:
            errors["mode"] = "Choose how the appointment will happen: in person, phone, video or other"
        if purpose not in Purpose.values:
            errors["purpose"] = "Choose what the appointment is for"
        if len(location.strip()) > 300:
            errors["location"] = "The location or joining details must be 300 characters or fewer"
        if errors:
            raise ValidationError(errors)
        assert starts_at is not None  # refused above when missing
        assert duration_minutes is not None  # refused above when missing
        appointment = Appointment.objects.create(
            referral=locked,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            mode=mode,
            location=location.strip(),
            purpose=purpose,
            booked_by=actor,
            **_attendance_fields(attendance, non_attendance_reason, note, actor),
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.APPOINTMENT_BOOKED,
            target=appointment,
            payload={
                "referral": str(locked.pk),
                "purpose": purpose,
                "mode": mode,
                **({"status": attendance} if attendance else {}),
            },
        )
        _after_attendance(appointment, locked, attendance, non_attendance_reason, actor)
        if locked.state == _S.ACCEPTED:
            # The first appointment is the assessment the service offered: the referrer hears of it.
            referral_transition(actor=actor, referral=locked, target=_S.ASSESSMENT_BOOKED)
    referral.state = locked.state
    return appointment


def _check_still_booked(appointment: Appointment, doing: str) -> None:
    if appointment.status == Status.BOOKED:
        return
    if appointment.status in ATTENDANCE_OUTCOMES:
        message = (
            f"Attendance is already recorded for this appointment as "
            f"'{appointment.get_status_display()}', so it cannot be {doing}"
        )
    else:
        message = f"This appointment was {appointment.get_status_display().lower()}, so it cannot be {doing}"
    raise ValidationError({"appointment": message})


def _check_change(requested_by: str, reason: str, errors: dict, doing: str) -> None:
    if requested_by not in RequestedBy.values:
        errors["requested_by"] = f"Choose who asked for the appointment to be {doing}"
    if not reason.strip():
        errors["reason"] = f"Enter why the appointment is being {doing}"


def _tell_referrer(appointment: Appointment, kind: str, summary: str, actor: "User | None") -> None:
    notice_raise(
        referral=appointment.referral, kind=kind, sides=[Side.REFERRER], summary=summary, actor=actor
    )


def _release_plan_items_follow(actor, original: Appointment, moved: Appointment) -> None:
    """A release-plan item linked to the appointment moves with it, so the plan the person is given
    never names the old day and time."""
    from throughcare.continuity.models import ReleasePlanItem

    starts_at = timezone.localtime(moved.starts_at)
    for item in ReleasePlanItem.objects.select_for_update().filter(appointment=original):
        item.appointment, item.happens_on, item.happens_at = moved, starts_at.date(), starts_at.time()
        item.updated_by = actor
        item.save(update_fields=["appointment", "happens_on", "happens_at", "updated_by", "updated_at"])
        audit.record(
            actor=actor,
            verb=AuditVerb.RELEASE_PLAN_ITEM_UPDATED,
            target=item,
            payload={
                "person": str(original.referral.person_id),
                "episode": str(item.episode_id),
                "kind": item.kind,
                "status": item.status,
                "fields": ["appointment", "happens_on", "happens_at"],
                "because": "appointment.rescheduled",
            },
        )


def appointment_reschedule(
    *,
    actor: "User",
    appointment: Appointment,
    starts_at: datetime | None,
    requested_by: str,
    reason: str,
) -> Appointment:
    """Move a booked appointment: the original is kept as "rescheduled", a new one is booked after it."""
    with transaction.atomic():
        original = _locked_appointment(appointment)
        require_receiver(actor, original.referral, APPOINTMENT_WORK)
        _check_still_booked(original, "moved")
        _check_bookable(original.referral)
        errors: dict[str, str] = {}
        _check_start(starts_at, errors)
        _check_change(requested_by, reason, errors, "moved")
        if errors:
            raise ValidationError(errors)
        assert starts_at is not None  # refused above when missing
        now = timezone.now()
        original.status = Status.RESCHEDULED
        original.change_requested_by, original.change_reason = requested_by, reason.strip()
        original.changed_by, original.changed_at = actor, now
        original.save()
        moved = Appointment.objects.create(
            referral=original.referral,
            starts_at=starts_at,
            duration_minutes=original.duration_minutes,
            mode=original.mode,
            location=original.location,
            purpose=original.purpose,
            booked_by=actor,
            rescheduled_from=original,
        )
        _release_plan_items_follow(actor, original, moved)
        audit.record(
            actor=actor,
            verb=AuditVerb.APPOINTMENT_RESCHEDULED,
            target=original,
            payload={
                "referral": str(original.referral_id),
                "new_appointment": str(moved.pk),
                "requested_by": requested_by,
            },
        )
        _tell_referrer(
            original,
            NoticeKind.APPOINTMENT_CHANGED,
            f"The appointment on {when_text(original.starts_at, with_time=True)} has moved to "
            f"{when_text(starts_at, with_time=True)}, asked by {RequestedBy(requested_by).label.lower()}",
            actor,
        )
    _copy_back(original, appointment)
    return moved


def appointment_cancel(
    *, actor: "User | None", appointment: Appointment, requested_by: str, reason: str
) -> Appointment:
    """Cancel a booked appointment, keeping it with who asked and why."""
    with transaction.atomic():
        locked = _locked_appointment(appointment)
        require_receiver(actor, locked.referral, APPOINTMENT_WORK)
        _check_still_booked(locked, "cancelled")
        errors: dict[str, str] = {}
        _check_change(requested_by, reason, errors, "cancelled")
        if errors:
            raise ValidationError(errors)
        locked.status = Status.CANCELLED
        locked.change_requested_by, locked.change_reason = requested_by, reason.strip()
        locked.changed_by, locked.changed_at = actor, timezone.now()
        locked.save()
        audit.record(
            actor=actor,
            verb=AuditVerb.APPOINTMENT_CANCELLED,
            target=locked,
            payload={"referral": str(locked.referral_id), "requested_by": requested_by},
        )
        _tell_referrer(
            locked,
            NoticeKind.APPOINTMENT_CHANGED,
            f"The appointment on {when_text(locked.starts_at, with_time=True)} was cancelled, "
            f"asked by {RequestedBy(requested_by).label.lower()}",
            actor,
        )
    _copy_back(locked, appointment)
    return appointment


def appointment_record_attendance(
    *,
    actor: "User | None",
    appointment: Appointment,
    outcome: str,
    non_attendance_reason: str = "",
    note: str = "",
) -> Appointment:
    """Record whether the person came, once the appointment has started; a missed one alerts the referrer."""
    with transaction.atomic():
        locked = _locked_appointment(appointment)
        require_receiver(actor, locked.referral, APPOINTMENT_WORK)
        _check_still_booked(locked, "recorded again")
        if locked.starts_at > timezone.now():
            raise ValidationError(
                {
                    "outcome": f"Attendance is recorded once the appointment has started: it starts on "
                    f"{when_text(locked.starts_at, with_time=True)}"
                }
            )
        errors: dict[str, str] = {}
        _check_attendance(outcome, non_attendance_reason, note, errors)
        if errors:
            raise ValidationError(errors)
        for name, value in _attendance_fields(outcome, non_attendance_reason, note, actor).items():
            setattr(locked, name, value)
        locked.save()
        audit.record(
            actor=actor,
            verb=AuditVerb.APPOINTMENT_ATTENDANCE_RECORDED,
            target=locked,
            payload={"referral": str(locked.referral_id), "status": outcome},
        )
        _after_attendance(locked, locked.referral, outcome, non_attendance_reason, actor)
    _copy_back(locked, appointment)
    return appointment


def _attendance_fields(outcome: str, non_attendance_reason: str, note: str, actor: "User | None") -> dict:
    if not outcome:
        return {}
    return {
        "status": outcome,
        "non_attendance_reason": non_attendance_reason if outcome == Status.DID_NOT_ATTEND else "",
        "outcome_note": note.strip(),
        "outcome_recorded_by": actor,
        "outcome_recorded_at": timezone.now(),
    }


def _after_attendance(
    appointment: Appointment, referral, outcome: str, non_attendance_reason: str, actor: "User | None"
):
    """A missed appointment alerts the referrer; an attended one answers earlier missed ones' notices."""
    if outcome in (Status.ATTENDED, Status.ATTENDED_LATE):
        notices_settle_attended(referral, actor=actor)
    elif outcome == Status.DID_NOT_ATTEND:
        reason = NonAttendanceReason(non_attendance_reason).label.lower()
        _tell_referrer(
            appointment,
            NoticeKind.DID_NOT_ATTEND,
            f"Missed the appointment on {when_text(appointment.starts_at)}: {reason}",
            actor,
        )


def appointment_raise_concern(*, actor: "User", appointment: Appointment, note: str) -> Concern:
    """A concern about the person from an appointment; the referrer sees it in Throughcare, not by email."""
    note = note.strip()
    with transaction.atomic():
        locked = _locked_appointment(appointment)
        require_receiver(actor, locked.referral, APPOINTMENT_WORK)
        if not note:
            raise ValidationError({"note": "Enter the concern, briefly"})
        if len(note) > CONCERN_LENGTH:
            raise ValidationError({"note": f"The concern must be {CONCERN_LENGTH} characters or fewer"})
        concern = Concern.objects.create(
            appointment=locked, referral_id=locked.referral_id, note=note, raised_by=actor
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.APPOINTMENT_CONCERN_RAISED,
            target=concern,
            payload={"referral": str(locked.referral_id), "appointment": str(locked.pk)},
        )
        _tell_referrer(
            locked,
            NoticeKind.CONCERN,
            f"Concern from the appointment on {when_text(locked.starts_at)}: {note}",
            actor,
        )
    return concern


_REFRESHED = (
    "status",
    "non_attendance_reason",
    "outcome_note",
    "outcome_recorded_by_id",
    "outcome_recorded_at",
    "change_requested_by",
    "change_reason",
    "changed_by_id",
    "changed_at",
    "updated_at",
)


def _copy_back(locked: Appointment, appointment: Appointment) -> None:
    """The caller's object reflects the change, as if it had been read again."""
    for name in _REFRESHED:
        setattr(appointment, name, getattr(locked, name))
