"""Forms for the appointment pages. They only shape input (a date and a time into one moment):
every rule lives in the appointment services, so a page and the API refuse the same things alike."""

import re
from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from throughcare.appointments.models import (
    ATTENDANCE_OUTCOMES,
    Mode,
    NonAttendanceReason,
    Purpose,
    RequestedBy,
    Status,
)
from throughcare.core.forms import GovukForm
from throughcare.core.inputs import EVENT_DATES
from throughcare.directory.forms.fields import CodeChoiceField, GovukDateField

_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")
TIME_EXAMPLE = "like 2:30pm or 14:30"


class TimeOfDayField(forms.CharField):
    """A time typed as people write it: 2pm, 2:30pm, 14:30 or 9.15am."""

    def to_python(self, value):
        text = super().to_python(value).strip().lower().replace(" ", "")
        if not text:
            return None
        match = _TIME.match(text)
        if not match:
            raise ValidationError(f"Enter the time {TIME_EXAMPLE}")
        hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
        if half:
            if not 1 <= hour <= 12:
                raise ValidationError(f"Enter a real time, {TIME_EXAMPLE}")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(f"Enter a real time, {TIME_EXAMPLE}")
        return time(hour, minute)


def _when_fields(date_label: str):
    return (
        GovukDateField(
            date_range=EVENT_DATES,
            label=date_label,
            required=True,
            error_messages={"required": f"Enter the {date_label.lower()}"},
        ),
        TimeOfDayField(
            label="Time",
            required=True,
            help_text="For example, 2:30pm or 14:30",
            error_messages={"required": "Enter the time of the appointment"},
        ),
    )


class _WhenForm(GovukForm):
    """A date and a time, combined into `starts_at` in UK time."""

    first_field_id = "id_starts_on-day"

    def starts_at(self) -> datetime | None:
        day, at = self.cleaned_data.get("starts_on"), self.cleaned_data.get("time")
        if day is None or at is None:
            return None
        return timezone.make_aware(datetime.combine(day, at))


def _radios(label: str, choices, message: str, **kwargs) -> CodeChoiceField:
    return CodeChoiceField(label=label, choices=choices, error_messages={"required": message}, **kwargs)


def _requested_by() -> CodeChoiceField:
    return _radios("Who asked for this?", RequestedBy.choices, "Choose who asked for this")


def _reason(label: str) -> forms.CharField:
    # Required by the service, which says so in words that fit the change.
    return forms.CharField(label=label, required=False, widget=forms.Textarea)


class BookForm(_WhenForm):
    starts_on, time = _when_fields("Date of the appointment")
    duration_minutes = forms.IntegerField(
        label="How long, in minutes",
        help_text="Between 5 and 480 minutes, for example 60",
        error_messages={
            "required": "Enter how long the appointment is, in minutes",
            "invalid": "How long must be a whole number of minutes, like 60",
        },
    )
    purpose = _radios("What is the appointment for?", Purpose.choices, "Choose what the appointment is for")
    mode = _radios("How will it happen?", Mode.choices, "Choose how the appointment will happen")
    location = forms.CharField(
        label="Location or joining details",
        required=False,
        widget=forms.Textarea,
        help_text="The address, the phone number to call, or how to join the video call.",
    )
    # Only for an appointment that has already taken place: what happened, recorded as it is booked.
    attendance = CodeChoiceField(
        label="If the appointment has already taken place, did the person attend?",
        required=False,
        choices=[(s.value, s.label) for s in ATTENDANCE_OUTCOMES],
        help_text="Leave this out for an appointment still to come.",
    )
    non_attendance_reason = CodeChoiceField(
        label="If they did not attend, why not?",
        required=False,
        choices=NonAttendanceReason.choices,
        help_text="Only when they did not attend.",
    )
    note = _reason("Attendance note (optional)")
    note.help_text = "Needed when the reason for not attending is 'Other'. The referrer sees this note."


class RescheduleForm(_WhenForm):
    starts_on, time = _when_fields("New date")
    requested_by = _requested_by()
    reason = _reason("Why is it being moved?")


class CancelForm(GovukForm):
    first_field_id = "id_requested_by"
    requested_by = _requested_by()
    reason = _reason("Why is it being cancelled?")


class AttendanceForm(GovukForm):
    first_field_id = "id_outcome"
    outcome = _radios(
        "Did the person attend?",
        [(s.value, s.label) for s in (Status.ATTENDED, Status.ATTENDED_LATE, Status.DID_NOT_ATTEND)],
        "Choose whether the person attended, attended late or did not attend",
    )
    non_attendance_reason = CodeChoiceField(
        label="If they did not attend, why not?",
        required=False,
        choices=NonAttendanceReason.choices,
        help_text="Only when they did not attend.",
    )
    note = _reason("Note (optional)")
    note.help_text = "Needed when the reason is 'Other'. The referrer sees this note."


class ConcernForm(GovukForm):
    first_field_id = "id_note"
    note = forms.CharField(
        label="What is the concern?",
        required=False,
        widget=forms.Textarea,
        help_text="In 250 characters or fewer. The referrer sees it in Throughcare; it is not emailed.",
    )
