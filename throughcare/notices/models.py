"""Notices: what one side of a referral must hear about what happened on the other.

A notice is shown to its organisation in Throughcare (worklist and referral page) and emailed to the
people who work the referral. Its summary stays inside Throughcare; the email carries only the kind
of notice and a link, so no health or offence detail travels by email.
"""

from django.conf import settings
from django.db import models

from throughcare.core.models import BaseModel


class NoticeKind(models.TextChoices):
    NEW_REFERRAL = "new_referral", "A new referral has been sent to your service"
    STATUS_CHANGED = "status_changed", "A referral has moved on"
    OVERDUE = "overdue", "A referral is overdue"
    DID_NOT_ATTEND = "did_not_attend", "An appointment was missed"
    CONCERN = "concern", "A concern has been raised"
    RISK_TO_SELF = "risk_to_self", "A possible risk to self has been recorded"
    RETURNED_TO_CUSTODY = "returned_to_custody", "A person has returned to custody"
    APPOINTMENT_CHANGED = "appointment_changed", "An appointment has changed"


# Kinds someone must look at promptly: shown as red tags and listed first.
URGENT_KINDS = frozenset({NoticeKind.RISK_TO_SELF, NoticeKind.CONCERN, NoticeKind.DID_NOT_ATTEND})


class Notice(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="notices"
    )
    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=32, choices=NoticeKind.choices)
    # Read only inside Throughcare, by the organisation the notice is for; never put in an email.
    summary = models.CharField(max_length=300)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Makes raising idempotent where a job may run twice, e.g. "overdue:<deadline>".
    dedupe_key = models.CharField(max_length=100, blank=True)
    # Filled in by `notices.email.queue_notice_emails` once one delivery per person is queued (how many).
    emailed_at = models.DateTimeField(null=True, blank=True)
    emailed_to = models.PositiveIntegerField(default=0)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "cleared_at", "created_at"], name="notice_inbox_idx"),
            models.Index(
                fields=["created_at"], condition=models.Q(emailed_at__isnull=True), name="notice_unsent_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "referral", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notice_raised_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.referral_id})"

    @property
    def is_urgent(self) -> bool:
        return self.kind in URGENT_KINDS


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be sent"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"


class OutboxMessage(BaseModel):
    """One email or text to one address, waiting in an outbox that `notices.email.deliver` empties.

    Notices' deliveries and the messages sent to a person about their own plan are both outboxes,
    sent, retried and given up on by the one loop. A text's address is a mobile number (+447...),
    and it has no subject.
    """

    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    address = models.CharField(max_length=320)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # Why the last try failed, as the provider said it, with the address taken out.
    failure = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


class Delivery(OutboxMessage):
    """One message to one recipient: the outbox row `notices.email.deliver` sends.

    Kept per recipient so that a provider refusing one address (GOV.UK Notify's 400 "Not a valid
    email address") fails that row alone: nobody else is emailed twice and nobody's mail waits behind
    it. The body carries only the kind of notice and a link, like every Throughcare email.
    """

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="deliveries")

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="delivery_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.notice_id})"
