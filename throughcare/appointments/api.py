"""Appointments under /api/v1/, through the same services and selectors as the pages.

Either side of a referral lists its appointments; only the receiving service books and records
(the referrer gets 403). A referral or appointment outside the caller's organisation is 404, and
bad input answers 422 naming each field.
"""

from dataclasses import asdict
from datetime import datetime
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.responses import Status

from throughcare.appointments import selectors, services
from throughcare.appointments.models import (
    ATTENDANCE_OUTCOMES,
    Mode,
    NonAttendanceReason,
    Purpose,
    RequestedBy,
)
from throughcare.core.inputs import Words, code_from
from throughcare.referrals.selectors import referral_in_scope

router = Router(tags=["appointments"])


class ConcernOut(Schema):
    note: str
    raised_at: datetime


class AppointmentOut(Schema):
    id: str
    starts_at: datetime
    duration_minutes: int
    mode: str = Field(..., description="in_person, phone, video or other")
    mode_label: str
    location: str = Field(..., description="The address, or the phone or video joining details.")
    purpose: str = Field(..., description="assessment, treatment, review or other")
    purpose_label: str
    status: str = Field(
        ..., description="booked, attended, attended_late, did_not_attend, cancelled or rescheduled"
    )
    status_label: str
    non_attendance_reason: str = Field(..., description="Why a missed appointment was missed (a code).")
    non_attendance_reason_label: str
    outcome_note: str
    outcome_recorded_at: datetime | None
    change_requested_by: str = Field(
        ..., description="Who asked to move or cancel it: person, service or referrer."
    )
    change_requested_by_label: str
    change_reason: str
    changed_at: datetime | None
    rescheduled_from_id: str | None = Field(..., description="The appointment this one replaces.")
    rescheduled_to_id: str | None = Field(..., description="The appointment that replaced this one.")
    rescheduled_to_starts_at: datetime | None
    has_started: bool
    concerns: list[ConcernOut]


class AppointmentsOut(Schema):
    referral_id: str
    side: str = Field(..., description="Your side: referrer or receiver.")
    referral_state: str
    appointments: list[AppointmentOut]


class BookIn(Schema):
    starts_at: datetime = Field(
        ...,
        description="With its time zone. In the past only for an appointment that has taken place, "
        "after the referral was sent, entered with its attendance.",
    )
    duration_minutes: int = Field(
        ..., json_schema_extra={"minimum": 5, "maximum": 480}, description="From 5 to 480."
    )
    mode: code_from(Mode)
    purpose: code_from(Purpose)
    location: str = ""
    attendance: code_from(ATTENDANCE_OUTCOMES, blank=True) = Field(
        "", description="Only for a past appointment: how it went."
    )
    non_attendance_reason: code_from(NonAttendanceReason, blank=True) = Field(
        "", description="Needed with did_not_attend, as for attendance."
    )
    note: str = ""


class AttendanceIn(Schema):
    outcome: code_from(ATTENDANCE_OUTCOMES)
    non_attendance_reason: code_from(NonAttendanceReason, blank=True) = Field(
        "",
        description="Needed for did_not_attend; other needs a note.",
    )
    note: str = ""


class RescheduleIn(Schema):
    starts_at: datetime = Field(..., description="The new time, with its time zone; must be in the future.")
    requested_by: code_from(RequestedBy)
    reason: Words


class CancelIn(Schema):
    requested_by: code_from(RequestedBy)
    reason: Words


def _listing(request, referral_id) -> dict:
    return asdict(selectors.appointments_for(request.auth, referral_id))


@router.get(
    "/referrals/{referral_id}/appointments",
    response=AppointmentsOut,
    summary="A referral's appointments, for either side (audited)",
)
def list_appointments(request, referral_id: UUID):
    return _listing(request, referral_id)


@router.post(
    "/referrals/{referral_id}/appointments",
    response={201: AppointmentOut},
    summary="Book an appointment (receiving service); the first on an accepted referral is the assessment",
)
def book_appointment(request, referral_id: UUID, payload: BookIn):
    referral = referral_in_scope(request.auth, referral_id)
    appointment = services.appointment_book(actor=request.auth, referral=referral, **payload.dict())
    return Status(201, _one_of(request, appointment))


@router.post(
    "/appointments/{appointment_id}/attendance",
    response=AppointmentOut,
    summary="Record attendance once the appointment has started; a missed one alerts the referrer",
)
def record_attendance(request, appointment_id: UUID, payload: AttendanceIn):
    appointment = selectors.appointment_in_scope(request.auth, appointment_id)
    services.appointment_record_attendance(actor=request.auth, appointment=appointment, **payload.dict())
    return _one_of(request, appointment)


@router.post(
    "/appointments/{appointment_id}/reschedule",
    response={201: AppointmentOut},
    summary="Move an appointment: the original is kept as rescheduled; answers with the new appointment",
)
def reschedule_appointment(request, appointment_id: UUID, payload: RescheduleIn):
    appointment = selectors.appointment_in_scope(request.auth, appointment_id)
    moved = services.appointment_reschedule(actor=request.auth, appointment=appointment, **payload.dict())
    return Status(201, _one_of(request, moved))


@router.post(
    "/appointments/{appointment_id}/cancel",
    response=AppointmentOut,
    summary="Cancel an appointment, with who asked and why; the referrer is told",
)
def cancel_appointment(request, appointment_id: UUID, payload: CancelIn):
    appointment = selectors.appointment_in_scope(request.auth, appointment_id)
    services.appointment_cancel(actor=request.auth, appointment=appointment, **payload.dict())
    return _one_of(request, appointment)


def _one_of(request, appointment) -> dict:
    """The appointment as the caller's side sees it, read again through the scoped, audited selector."""
    listing = selectors.appointments_for(request.auth, appointment.referral_id)
    return next(asdict(a) for a in listing.appointments if a.id == str(appointment.pk))
