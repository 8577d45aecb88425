"""Emailing notices: the outbox that `manage.py send_notice_emails` empties (run it every minute).

A notice is committed with its change. Here it becomes one delivery per person (so nobody learns who
else works the referral, and one refused address fails only its own row), each carrying only the
kind of notice and a link. Deliveries are sent on their own: a provider's permanent refusal marks
that delivery failed with the reason and is never tried again; an outage or a rate limit backs off
and tries again later, up to `MAX_ATTEMPTS`, without holding up anything due after it.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from throughcare.core.notify import failure_text, is_permanent_refusal
from throughcare.core.texts import TextBackend, text_backend
from throughcare.notices.models import Channel, Delivery, DeliveryStatus, Notice, NoticeKind, OutboxMessage
from throughcare.notices.services import recipients
from throughcare.referrals.states import Side

logger = logging.getLogger(__name__)
BATCH = 200
MAX_ATTEMPTS = 8
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=2)


def email_body(kind: str, referral_id) -> str:
    link = settings.THROUGHCARE_SITE_URL.rstrip("/") + reverse("referrals:detail", args=[referral_id])
    return (
        f"{NoticeKind(kind).label}.\n\n"
        f"Sign in to Throughcare to see it: {link}\n\n"
        "For the person's privacy this email does not say who it is about or what happened."
    )


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4 ... minutes after each failed try, never more than two hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def queue_notice_emails(batch: int = BATCH) -> int:
    """Turn each notice not yet queued into one delivery per person to tell; returns how many notices.

    Each notice is locked while it is queued (skipping ones another run holds), so two runs at once
    never queue the same notice twice.
    """
    queued = 0
    pending = (
        Notice.objects.filter(emailed_at__isnull=True).order_by("created_at").values_list("pk", flat=True)
    )
    for notice_id in list(pending[:batch]):
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update(skip_locked=True)
                .select_related("referral")
                .filter(pk=notice_id, emailed_at__isnull=True)
                .first()
            )
            if notice is None:
                continue
            referral = notice.referral
            side = (
                Side.REFERRER
                if notice.organisation_id == referral.referring_organisation_id
                else Side.RECEIVER
            )
            addresses = recipients(referral, side)
            now = timezone.now()
            subject = f"Throughcare: {NoticeKind(notice.kind).label.lower()}"
            body = email_body(notice.kind, notice.referral_id)
            Delivery.objects.bulk_create(
                Delivery(notice=notice, address=address, subject=subject, body=body, next_attempt_at=now)
                for address in addresses
            )
            notice.emailed_at, notice.emailed_to = now, len(addresses)
            notice.save(update_fields=["emailed_at", "emailed_to", "updated_at"])
            queued += 1
    return queued


def _failed(delivery: OutboxMessage, error: Exception, now) -> None:
    delivery.attempts += 1
    delivery.failure = failure_text(error, delivery.address)
    if is_permanent_refusal(error) or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
    # The log names no person and no address.
    logger.warning(
        "Could not send %s %s (try %s, %s): %s",
        delivery.channel,
        delivery.pk,
        delivery.attempts,
        "given up" if delivery.status == DeliveryStatus.FAILED else "will try again",
        delivery.failure,
    )


class _Senders:
    """The email connection and the text backend, each made once per run and only if needed (so a
    missing text template fails the texts, as a failure to retry, and never the emails)."""

    def __init__(self) -> None:
        self._email = None
        self._text: TextBackend | None = None

    def send(self, message: OutboxMessage) -> None:
        if message.channel == Channel.TEXT:
            self._text = self._text or text_backend()
            self._text.send(phone_number=message.address, body=message.body)
            return
        self._email = self._email or get_connection()
        email = EmailMessage(subject=message.subject, body=message.body, to=[message.address])
        self._email.send_messages([email])


def deliver(batch: int = BATCH, *, outbox: type[OutboxMessage] = Delivery, only=None) -> int:
    """Send the messages of `outbox` that are due, soonest first (or just the ones `only` names);
    returns how many went."""
    sent = 0
    now = timezone.now()
    due = outbox.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    if only is not None:
        due = due.filter(pk__in=only)
    due = due.order_by("next_attempt_at").values_list("pk", flat=True)
    senders = _Senders()
    for delivery_id in list(due[:batch]):
        with transaction.atomic():
            delivery = (
                outbox.objects.select_for_update(skip_locked=True)
                .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
                .first()
            )
            if delivery is None:
                continue
            try:
                senders.send(delivery)
            except Exception as error:  # every failure is recorded on its own row
                _failed(delivery, error, now)
            else:
                delivery.status, delivery.sent_at = DeliveryStatus.SENT, timezone.now()
                delivery.attempts += 1
                delivery.failure = ""
                sent += 1
            delivery.save(
                update_fields=["status", "attempts", "next_attempt_at", "sent_at", "failure", "updated_at"]
            )
    return sent


def send_notice_emails(batch: int = BATCH) -> tuple[int, int]:
    """Queue new notices' emails, then send what is due: (notices queued, emails sent)."""
    return queue_notice_emails(batch), deliver(batch)
