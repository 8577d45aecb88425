"""Reads of appointments, scoped through their referral and audited.

Either side of a referral sees its appointments; anyone else gets 404 (the referral's own rule),
and roles that neither make nor receive referrals get 403. The receiving organisation also has a
list of its upcoming appointments across its referrals.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from throughcare.appointments.models import Appointment, Concern, Mode, NonAttendanceReason, Purpose, Status
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.referrals.selectors import referral_in_scope, require_referral_role
from throughcare.referrals.services import side_of

UPCOMING_DAYS = 14
UPCOMING_LIMIT = 500


@dataclass(frozen=True)
class ConcernView:
    note: str
    raised_at: datetime


@dataclass(frozen=True)
class AppointmentView:
    id: str
    starts_at: datetime
    duration_minutes: int
    mode: str
    mode_label: str
    location: str
    purpose: str
    purpose_label: str
    status: str
    status_label: str
    non_attendance_reason: str
    non_attendance_reason_label: str
    outcome_note: str
    outcome_recorded_at: datetime | None
    change_requested_by: str
    change_requested_by_label: str
    change_reason: str
    changed_at: datetime | None
    rescheduled_from_id: str | None
    rescheduled_to_id: str | None
    rescheduled_to_starts_at: datetime | None
    has_started: bool
    concerns: list[ConcernView] = field(default_factory=list)


@dataclass(frozen=True)
class ReferralAppointments:
    referral_id: str
    side: str
    referral_state: str
    appointments: list[AppointmentView]


def appointment_in_scope(user, appointment_id) -> Appointment:
    """One appointment for a change by the user, if they are on either side of its referral; else 404.

    Not audited: the change it is fetched for is.
    """
    referral_id = Appointment.objects.filter(pk=appointment_id).values_list("referral_id", flat=True).first()
    if referral_id is None:
        require_referral_role(user)  # 403 for roles without referrals, as for a referral
        raise Http404("No such appointment.")
    referral = referral_in_scope(user, referral_id)
    appointment = Appointment.objects.get(pk=appointment_id)
    appointment.referral = referral
    return appointment


def appointments_for(user, referral_id) -> ReferralAppointments:
    """Every appointment on the referral, in time order, as either side sees it; the read is audited.

    One query for the appointments and one for the concerns raised from them, however many there are.
    """
    referral = referral_in_scope(user, referral_id)
    side = side_of(user, referral)
    rows = list(Appointment.objects.filter(referral_id=referral.pk).order_by("starts_at", "created_at"))
    concerns: dict = {}
    if rows:
        for concern in Concern.objects.filter(referral_id=referral.pk).order_by("created_at"):
            concerns.setdefault(concern.appointment_id, []).append(
                ConcernView(concern.note, concern.created_at)
            )
    replacements = {row.rescheduled_from_id: row for row in rows if row.rescheduled_from_id}
    now = timezone.now()
    views = [_view(row, replacements.get(row.pk), concerns.get(row.pk, []), now) for row in rows]
    audit.record(
        actor=user,
        verb=AuditVerb.APPOINTMENT_LISTED,
        target=referral,
        payload={"side": side, "appointment_ids": [view.id for view in views]},
    )
    return ReferralAppointments(str(referral.pk), side, referral.state, views)


def _label(choices, value: str) -> str:
    return choices(value).label if value in choices.values else ""


def _view(
    row: Appointment, replacement: Appointment | None, concerns: list, now: datetime
) -> AppointmentView:
    return AppointmentView(
        id=str(row.pk),
        starts_at=row.starts_at,
        duration_minutes=row.duration_minutes,
        mode=row.mode,
        mode_label=_label(Mode, row.mode),
        location=row.location,
        purpose=row.purpose,
        purpose_label=_label(Purpose, row.purpose),
        status=row.status,
        status_label=_label(Status, row.status),
        non_attendance_reason=row.non_attendance_reason,
        non_attendance_reason_label=_label(NonAttendanceReason, row.non_attendance_reason),
        outcome_note=row.outcome_note,
        outcome_recorded_at=row.outcome_recorded_at,
        change_requested_by=row.change_requested_by,
        change_requested_by_label=row.get_change_requested_by_display() if row.change_requested_by else "",
        change_reason=row.change_reason,
        changed_at=row.changed_at,
        rescheduled_from_id=str(row.rescheduled_from_id) if row.rescheduled_from_id else None,
        rescheduled_to_id=str(replacement.pk) if replacement else None,
        rescheduled_to_starts_at=replacement.starts_at if replacement else None,
        has_started=row.starts_at <= now,
        concerns=concerns,
    )


COUNTED = (Status.BOOKED, Status.ATTENDED, Status.ATTENDED_LATE, Status.DID_NOT_ATTEND, Status.CANCELLED)


def attendance_counts(referral_id) -> dict[str, int]:
    """How many appointments on the referral are still booked, attended, attended late, missed or
    cancelled, in one query. Rescheduled originals are not counted: their replacements are.

    Not scoped or audited (it reveals only numbers): callers have already fetched the referral
    through `referral_for` or `referral_in_scope`.
    """
    totals = Appointment.objects.filter(referral_id=referral_id).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in COUNTED}
    )
    return {str(status): totals[status] for status in COUNTED}


@dataclass(frozen=True)
class UpcomingAppointment:
    id: str
    referral_id: str
    person_name: str
    service_name: str
    starts_at: datetime
    duration_minutes: int
    mode_label: str
    purpose_label: str
    location: str


def upcoming_for(user, *, days: int = UPCOMING_DAYS) -> list[UpcomingAppointment]:
    """The receiving organisation's booked appointments from now to `days` ahead, soonest first.

    One query however many there are, and the audit event. 403 for roles that do not receive referrals.
    """
    require_permission(user, Permission.RECEIVE_REFERRALS)
    now = timezone.now()
    rows = (
        Appointment.objects.filter(
            referral__receiving_organisation_id=user.current_organisation_id,
            status=Status.BOOKED,
            starts_at__gte=now,
            starts_at__lt=now + timedelta(days=days),
        )
        .select_related("referral__person", "referral__service")
        .order_by("starts_at", "created_at")[:UPCOMING_LIMIT]
    )
    items = [
        UpcomingAppointment(
            id=str(row.pk),
            referral_id=str(row.referral_id),
            person_name=row.referral.person.full_name,
            service_name=row.referral.service.name,
            starts_at=row.starts_at,
            duration_minutes=row.duration_minutes,
            mode_label=_label(Mode, row.mode),
            purpose_label=_label(Purpose, row.purpose),
            location=row.location,
        )
        for row in rows
    ]
    audit.record(
        actor=user,
        verb=AuditVerb.APPOINTMENT_UPCOMING_VIEWED,
        target_type="appointments.appointment",
        payload={"appointment_ids": [item.id for item in items]},
    )
    return items
