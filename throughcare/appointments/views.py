"""The appointment pages: thin views over the appointment selectors (scoped reads) and services.

Only the receiving service books and records; the referrer sees appointments on the referral page
(see `templatetags/appointments.py`). Refusals from the services become GOV.UK error summaries, 422.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from throughcare.appointments import forms, selectors, services
from throughcare.appointments.models import ATTENDANCE_OUTCOMES, Appointment, Status
from throughcare.appointments.services import when_text
from throughcare.core.errors import add_to_form
from throughcare.core.once import one_submission
from throughcare.core.permissions import Permission, permission_required
from throughcare.referrals.selectors import referral_for, referral_in_scope
from throughcare.referrals.services import require_receiver

# Service fields that the forms ask for under another name.
_FORM_FIELD = {"starts_at": "starts_on"}


def _back(referral_id):
    return redirect("referrals:detail", referral_id=referral_id)


def _page(request, template, form, referral_id, appointment=None):
    context = {
        "form": form,
        "referral": referral_for(request.user, referral_id),
        "appointment": appointment,
        "when": when_text(appointment.starts_at, with_time=True) if appointment else "",
    }
    return render(request, template, context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@one_submission
def book(request, referral_id):
    referral = referral_in_scope(request.user, referral_id)
    require_receiver(request.user, referral, services.APPOINTMENT_WORK)
    form = forms.BookForm(
        request.POST if request.method == "POST" else None, initial={"duration_minutes": 60}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_book(
                actor=request.user,
                referral=referral,
                starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"],
                mode=data["mode"],
                purpose=data["purpose"],
                location=data["location"],
                attendance=data["attendance"] or "",
                non_attendance_reason=data["non_attendance_reason"] or "",
                note=data["note"],
            )
        except ValidationError as exc:
            add_to_form(form, exc, renamed=_FORM_FIELD)
        else:
            when = when_text(appointment.starts_at, with_time=True)
            done = appointment.status != Status.BOOKED
            messages.success(
                request,
                f"Appointment on {when} entered as {appointment.get_status_display().lower()}."
                if done
                else f"Appointment booked for {when}.",
            )
            return _back(referral.pk)
    return _page(request, "appointments/book.html", form, referral.pk)


def _receivers_appointment(request, appointment_id) -> Appointment:
    appointment = selectors.appointment_in_scope(request.user, appointment_id)
    require_receiver(request.user, appointment.referral, services.APPOINTMENT_WORK)
    return appointment


def _changeable(request, appointment_id, form_class, template, change, success):
    """The pages that change a booked appointment: a form, the service call, back to the referral."""
    appointment = _receivers_appointment(request, appointment_id)
    if request.method == "GET" and appointment.status != Status.BOOKED:
        status = appointment.get_status_display().lower()
        already = (
            f"Attendance is already recorded for this appointment: {status}."
            if appointment.status in ATTENDANCE_OUTCOMES
            else f"This appointment was {status}, so it cannot be changed."
        )
        messages.info(request, already)
        return _back(appointment.referral_id)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = success(change(appointment, form))
        except ValidationError as exc:
            add_to_form(form, exc, renamed=_FORM_FIELD)
        else:
            messages.success(request, message)
            return _back(appointment.referral_id)
    return _page(request, template, form, appointment.referral_id, appointment)


@require_http_methods(["GET", "POST"])
@one_submission
def reschedule(request, appointment_id):
    def change(appointment, form):
        data = form.cleaned_data
        return services.appointment_reschedule(
            actor=request.user,
            appointment=appointment,
            starts_at=form.starts_at(),
            requested_by=data["requested_by"],
            reason=data["reason"],
        )

    return _changeable(
        request,
        appointment_id,
        forms.RescheduleForm,
        "appointments/reschedule.html",
        change,
        lambda moved: f"Appointment moved to {when_text(moved.starts_at, with_time=True)}.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def cancel(request, appointment_id):
    def change(appointment, form):
        data = form.cleaned_data
        return services.appointment_cancel(
            actor=request.user,
            appointment=appointment,
            requested_by=data["requested_by"],
            reason=data["reason"],
        )

    return _changeable(
        request,
        appointment_id,
        forms.CancelForm,
        "appointments/cancel.html",
        change,
        lambda cancelled: "Appointment cancelled. The referrer has been told.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def attendance(request, appointment_id):
    def change(appointment, form):
        data = form.cleaned_data
        return services.appointment_record_attendance(
            actor=request.user,
            appointment=appointment,
            outcome=data["outcome"],
            non_attendance_reason=data["non_attendance_reason"] or "",
            note=data["note"],
        )

    def success(appointment):
        told = " The referrer has been told." if appointment.status == Status.DID_NOT_ATTEND else ""
        return f"Attendance recorded: {appointment.get_status_display().lower()}.{told}"

    return _changeable(
        request, appointment_id, forms.AttendanceForm, "appointments/attendance.html", change, success
    )


@require_http_methods(["GET", "POST"])
@one_submission
def concern(request, appointment_id):
    appointment = _receivers_appointment(request, appointment_id)
    form = forms.ConcernForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_raise_concern(
                actor=request.user, appointment=appointment, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_to_form(form, exc, renamed=_FORM_FIELD)
        else:
            messages.success(request, "Concern raised. The referrer will see it in Throughcare.")
            return _back(appointment.referral_id)
    return _page(request, "appointments/concern.html", form, appointment.referral_id, appointment)


@require_GET
@permission_required(Permission.RECEIVE_REFERRALS)
def upcoming(request):
    items = selectors.upcoming_for(request.user)
    rows = [{"item": item, "when": when_text(item.starts_at, with_time=True)} for item in items]
    return render(
        request,
        "appointments/upcoming.html",
        {"rows": rows, "days": selectors.UPCOMING_DAYS, "limit": selectors.UPCOMING_LIMIT},
    )
