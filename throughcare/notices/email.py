"""Emailing notices: the outbox that `manage.py send_notice_emails` empties (run it every minute).

A notice is committed with its change; the email follows from here, one message per person so nobody
learns who else works the referral, with only the kind of notice and a link. A notice whose email
fails stays unsent and is tried again on the next run; one that has nobody to tell is marked done.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from throughcare.notices.models import Notice, NoticeKind
from throughcare.notices.services import recipients
from throughcare.referrals.states import Side

logger = logging.getLogger(__name__)
BATCH = 200


def email_body(kind: str, referral_id) -> str:
    link = settings.THROUGHCARE_SITE_URL.rstrip("/") + reverse("referrals:detail", args=[referral_id])
    return (
        f"{NoticeKind(kind).label}.\n\n"
        f"Sign in to Throughcare to see it: {link}\n\n"
        "For the person's privacy this email does not say who it is about or what happened."
    )


def _messages(notice: Notice, addresses: list[str]) -> list[EmailMessage]:
    subject = f"Throughcare: {NoticeKind(notice.kind).label.lower()}"
    body = email_body(notice.kind, notice.referral_id)
    return [EmailMessage(subject=subject, body=body, to=[address]) for address in addresses]


def send_notice_emails(batch: int = BATCH) -> int:
    """Email the people behind each unsent notice, oldest first; returns how many notices were sent.

    Each notice is locked while it is sent (skipping ones another run holds), so two runs at once
    never email the same notice twice.
    """
    sent = 0
    pending = (
        Notice.objects.filter(emailed_at__isnull=True).order_by("created_at").values_list("pk", flat=True)
    )
    connection = get_connection()
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
            try:
                connection.send_messages(_messages(notice, addresses))
            except Exception:
                # Left unsent, to be tried again; the log names no person and no address.
                logger.exception("Could not email notice %s; it will be tried again", notice.pk)
                continue
            notice.emailed_at, notice.emailed_to = timezone.now(), len(addresses)
            notice.save(update_fields=["emailed_at", "emailed_to", "updated_at"])
            sent += 1
    return sent
