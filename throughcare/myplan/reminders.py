"""Appointment reminders the person chose: an email or a text the day before each booked appointment.

The person chooses on their plan: by email (to the address their link went to), by text to a UK
mobile number they give (or, if their link came by text, to that number), or none; they stop them
there or with the link in any reminder. A reminder says the day, the time and the place, and
nothing about health, offences or the service. The hourly job (`send_appointment_reminders`)
queues one per appointment starting tomorrow, UK time, for each live access with reminders on; a
unique constraint keeps it to one however often the job runs.

The mobile number is held only while texts are wanted: choosing email, stopping reminders or the
access ending empties it, and the number on texts already sent with it (pending ones are not sent).
An access whose link went by text needs its number for sign-in codes, so only its ending does.
"""

import base64
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from throughcare.appointments.models import Appointment, Status
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.mobile_numbers import normalised_uk_mobile
from throughcare.core.templatetags.govuk_dates import govuk_date_text, govuk_time_text
from throughcare.core.validation import raise_model_errors
from throughcare.myplan.models import AppointmentReminder, PersonMessage, PersonSession, PlanAccess
from throughcare.myplan.services import (
    REMINDER_FIELDS,
    STOPPED_BEFORE_SENDING,
    forget_mobile_number,
    site_link,
)
from throughcare.notices.models import Channel, DeliveryStatus

STOP_SALT = "myplan.reminders.stop"
NO_EMAIL = "We do not have an email address for you. Choose text messages or no reminders"


def _unpadded(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def stop_token_mac(ident: str) -> str:
    return _unpadded(salted_hmac(STOP_SALT, ident, algorithm="sha256").digest()[:12])


def stop_token(access: PlanAccess) -> str:
    """The access's id and a keyed MAC of it (96 bits), 39 characters: short enough for a text."""
    ident = _unpadded(access.pk.bytes)
    return f"{ident}.{stop_token_mac(ident)}"


def access_from_stop_token(token: str) -> PlanAccess | None:
    ident, _dot, mac = token.partition(".")
    if mac and constant_time_compare(mac, stop_token_mac(ident)):
        try:
            access_id = base64.urlsafe_b64decode(ident + "==")
        except ValueError:
            return None
        return PlanAccess.objects.select_related("person").filter(pk=access_id.hex()).first()
    try:  # links in emails sent before the short form
        access_id = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    return PlanAccess.objects.select_related("person").filter(pk=access_id).first()


def _payload(access: PlanAccess, session: PersonSession | None, actor, via: str) -> dict:
    payload = {"access": str(access.pk), "by": access.reminders_by}
    if via:
        payload["via"] = via
    if session is not None:
        payload["session"] = str(session.pk)
    if actor is not None:
        payload["consent"] = True  # staff said the person agreed; the form asks them to confirm
    return payload


@transaction.atomic
def reminders_choose(
    *,
    access: PlanAccess,
    by: Channel | None,
    mobile_number: str = "",
    session: PersonSession | None = None,
    actor=None,
    via: str = "",
) -> None:
    """Reminders by email, by text to `mobile_number`, or none (`by` None).

    The person chooses from their plan (`session`), a reminder's stop link, or a reply to a text
    (`via="reply"`); or staff choose for them with their agreement (`actor`).
    A wrong number raises ValidationError({"mobile_number": ...}) in GOV.UK words; nothing is saved.
    """
    access = PlanAccess.objects.select_for_update().get(pk=access.pk)
    was_on, old_by, old_number = access.reminders_since is not None, access.reminders_by, access.mobile_number
    # An access sent by text keeps its number while it lasts (its codes go there): reminders stop
    # without forgetting it, and reminders by text go to that number and no other.
    keeps_number = access.by_text and access.ended_at is None
    if by is None:
        if not was_on and (keeps_number or not old_number):
            return
        access.reminders_since = None
        if keeps_number:
            _cancel_unsent_reminders(access)
        else:
            forget_mobile_number(access)
        verb = AuditVerb.PLAN_ACCESS_REMINDERS_STOPPED
    else:
        new_number = ""
        if by == Channel.EMAIL and not access.email:
            raise ValidationError({"by": NO_EMAIL})
        if by == Channel.TEXT and keeps_number:
            new_number = access.mobile_number
        elif by == Channel.TEXT:
            try:
                new_number = normalised_uk_mobile(mobile_number)
            except ValidationError as wrong:
                raise ValidationError({"mobile_number": wrong.messages[0]}) from None
        if old_number and old_number != new_number:  # a number no longer wanted goes everywhere
            forget_mobile_number(access)
        access.mobile_number = new_number
        access.reminders_by = by
        access.reminders_since = access.reminders_since or timezone.now()
        raise_model_errors(access, order=["mobile_number"])
        if was_on and (old_by, old_number) == (access.reminders_by, access.mobile_number):
            return
        verb = AuditVerb.PLAN_ACCESS_REMINDERS_CHANGED if was_on else AuditVerb.PLAN_ACCESS_REMINDERS_STARTED
    access.save(update_fields=REMINDER_FIELDS)
    audit.record(actor=actor, verb=verb, target=access.person, payload=_payload(access, session, actor, via))


def _cancel_unsent_reminders(access: PlanAccess) -> None:
    """Reminders not yet sent never go; the access's sign-in codes are not reminders and still do."""
    PersonMessage.objects.filter(
        pk__in=AppointmentReminder.objects.filter(access=access).values("message_id"),
        status=DeliveryStatus.PENDING,
    ).update(status=DeliveryStatus.FAILED, failure=STOPPED_BEFORE_SENDING)


def _when(appointment: Appointment) -> str:
    starts = timezone.localtime(appointment.starts_at)
    return f"{starts:%A} {govuk_date_text(starts)} at {govuk_time_text(starts)}"


def _stop_link(access: PlanAccess) -> str:
    return site_link(reverse("myplan:reminders-stop", args=[stop_token(access)]))


def reminder_body(appointment: Appointment, access: PlanAccess) -> str:
    lines = [f"You have an appointment tomorrow, {_when(appointment)}."]
    if appointment.location:
        lines.append(f"Where: {appointment.location}")
    lines.append("To see your plan, open the link in the first email we sent you.")
    lines.append(f"To stop these reminders: {_stop_link(access)}")
    return "\n\n".join(lines)


def reminder_text(appointment: Appointment, access: PlanAccess) -> str:
    """The text message: the email's words, shorter (a text over 160 characters costs more)."""
    lines = [f"You have an appointment tomorrow, {_when(appointment)}."]
    if appointment.location:
        lines.append(f"Where: {appointment.location}")
    if settings.NOTIFY_SMS_REPLIES:
        lines.append(f"To stop these texts, reply STOP or go to {_stop_link(access)}")
    else:
        lines.append(f"To stop these texts: {_stop_link(access)}")
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
        by_text = access.reminders_by == Channel.TEXT and bool(access.mobile_number)
        with transaction.atomic():
            message = PersonMessage.objects.create(
                access=access,
                channel=Channel.TEXT if by_text else Channel.EMAIL,
                address=access.mobile_number if by_text else access.email,
                subject="Your appointment tomorrow",
                body=reminder_text(appointment, access) if by_text else reminder_body(appointment, access),
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
