"""Appointment reminders the person chose: an email the day before each booked appointment.

The person turns them on or off on their plan, or off with the link in any reminder. A reminder says
the day, the time and the place, and nothing about health, offences or the service. The hourly job
(`send_appointment_reminders`) queues one per appointment starting tomorrow, UK time, for each live
access with reminders on; a unique constraint keeps it to one however often the job runs.
"""

from datetime import datetime, time, timedelta

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from throughcare.appointments.models import Appointment, Status
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.templatetags.govuk_dates import govuk_date_text, govuk_time_text
from throughcare.myplan.models import AppointmentReminder, PersonMessage, PersonSession, PlanAccess
from throughcare.myplan.services import site_link

STOP_SALT = "myplan.reminders.stop"


def stop_token(access: PlanAccess) -> str:
    return signing.dumps(str(access.pk), salt=STOP_SALT)


def access_from_stop_token(token: str) -> PlanAccess | None:
    try:
        access_id = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    return PlanAccess.objects.select_related("person").filter(pk=access_id).first()


@transaction.atomic
def reminders_set(*, access: PlanAccess, wanted: bool, session: PersonSession | None = None) -> None:
    """The person turns reminders on or off (from their plan, or off from a reminder's link)."""
    if wanted == (access.reminders_since is not None):
        return
    access.reminders_since = timezone.now() if wanted else None
    access.save(update_fields=["reminders_since", "updated_at"])
    payload = {"access": str(access.pk)}
    if session is not None:
        payload["session"] = str(session.pk)
    audit.record(
        actor=None,
        verb=AuditVerb.PLAN_ACCESS_REMINDERS_STARTED if wanted else AuditVerb.PLAN_ACCESS_REMINDERS_STOPPED,
        target=access.person,
        payload=payload,
    )


def reminder_body(appointment: Appointment, access: PlanAccess) -> str:
    starts = timezone.localtime(appointment.starts_at)
    when = f"{starts:%A} {govuk_date_text(starts)} at {govuk_time_text(starts)}"
    lines = [f"You have an appointment tomorrow, {when}."]
    if appointment.location:
        lines.append(f"Where: {appointment.location}")
    lines.append("To see your plan, open the link in the first email we sent you.")
    lines.append(
        f"To stop these reminders: {site_link(reverse('myplan:reminders-stop', args=[stop_token(access)]))}"
    )
    return "\n\n".join(lines)


def _tomorrow(now) -> tuple[datetime, datetime]:
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    return start, start + timedelta(days=1)


def queue_appointment_reminders(now=None) -> int:
    """Queue a reminder for each appointment tomorrow of each person who asked; returns how many."""
    now = now or timezone.now()
    start, end = _tomorrow(now)
    accesses = {
        access.person_id: access
        for access in PlanAccess.objects.filter(
            ended_at__isnull=True, expires_at__gt=now, reminders_since__isnull=False
        )
    }
    if not accesses:
        return 0
    appointments = list(
        Appointment.objects.filter(
            referral__person_id__in=list(accesses),
            status=Status.BOOKED,
            starts_at__gte=start,
            starts_at__lt=end,
        ).select_related("referral")
    )
    done = set(
        AppointmentReminder.objects.filter(appointment__in=appointments).values_list(
            "access_id", "appointment_id"
        )
    )
    queued = 0
    for appointment in appointments:
        access = accesses[appointment.referral.person_id]
        if (access.pk, appointment.pk) in done:
            continue
        with transaction.atomic():
            message = PersonMessage.objects.create(
                access=access,
                address=access.email,
                subject="Your appointment tomorrow",
                body=reminder_body(appointment, access),
                next_attempt_at=now,
            )
            AppointmentReminder.objects.create(access=access, appointment=appointment, message=message)
            audit.record(
                actor=None,
                verb=AuditVerb.PLAN_ACCESS_REMINDER_QUEUED,
                target=appointment,
                payload={"access": str(access.pk)},
            )
        queued += 1
    return queued
