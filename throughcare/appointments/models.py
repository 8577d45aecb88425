"""Appointments the receiving service books on a referral, and what happened at each.

An appointment's history is never overwritten: moving one keeps the original row (status
"rescheduled", with who asked and why) and books a new row that points back to it, and an
attendance once recorded stays as recorded. Status changes are made only by `services.py`.
"""

from django.conf import settings
from django.db import models

from throughcare.core.models import BaseModel


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    OTHER = "other", "Other"


class Purpose(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    TREATMENT = "treatment", "Treatment session"
    REVIEW = "review", "Review"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    ATTENDED_LATE = "attended_late", "Attended late"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED = "cancelled", "Cancelled"
    RESCHEDULED = "rescheduled", "Rescheduled"


# What can be recorded once the appointment has started: each is final.
ATTENDANCE_OUTCOMES = (Status.ATTENDED, Status.ATTENDED_LATE, Status.DID_NOT_ATTEND)


class NonAttendanceReason(models.TextChoices):
    NO_REASON_GIVEN = "no_reason_given", "No reason given"
    UNWELL = "unwell", "Unwell"
    IN_CUSTODY = "in_custody", "In custody"
    COULD_NOT_GET_THERE = "could_not_get_there", "Could not get there"
    FORGOT = "forgot", "Forgot"
    DECLINED = "declined", "Declined to attend"
    OTHER = "other", "Other"


class RequestedBy(models.TextChoices):
    """Who asked for an appointment to be moved or cancelled."""

    PERSON = "person", "The person"
    SERVICE = "service", "The service"
    REFERRER = "referrer", "The referrer"


class Appointment(BaseModel):
    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=16, choices=Mode.choices)
    # The address for "in person", the number or joining link for phone and video.
    location = models.CharField("Location or joining details", max_length=300, blank=True)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BOOKED)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # Attendance, recorded once, after the appointment has started.
    non_attendance_reason = models.CharField(max_length=32, choices=NonAttendanceReason.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    # Rescheduled or cancelled: who asked, why, and who recorded it when.
    change_requested_by = models.CharField(max_length=16, choices=RequestedBy.choices, blank=True)
    change_reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    # The appointment this one replaces; the original keeps its row with status "rescheduled".
    rescheduled_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="rescheduled_to"
    )

    class Meta:
        ordering = ["starts_at", "created_at"]
        indexes = [
            models.Index(fields=["referral", "starts_at"], name="appointment_referral_idx"),
            models.Index(fields=["status", "starts_at"], name="appointment_upcoming_idx"),
            # The latest change to any appointment, which says whether insight's kept facts are current.
            models.Index(fields=["updated_at"], name="appointment_updated_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_purpose_display()} at {self.starts_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"
        )


class Concern(BaseModel):
    """A concern about the person raised from an appointment: shown to the referrer in Throughcare only."""

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="concerns")
    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=250)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Concern on {self.appointment_id}"
