"""A person asks a service to get in touch, from its public page: a self-referral (ADR 32).

Kept apart from Referral: a referral shares a known person's record between two organisations under
consent a referrer recorded, while this is a stranger's own words, unverified, held by the service
they asked alone. When the service takes them on it records the person and works with them as usual.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from throughcare.core.models import BaseModel

# A service gets in touch within this many working days of the request.
CONTACT_WITHIN_WORKING_DAYS = 2


class ContactBy(models.TextChoices):
    PHONE = "phone", "Call me"
    TEXT = "text", "Send me a text message"
    EMAIL = "email", "Email me"


class Status(models.TextChoices):
    NEW = "new", "Waiting to be contacted"
    CONTACTED = "contacted", "Contacted"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    """How a request ends: taken on as a referral, or declined for one of the other reasons."""

    TAKEN_ON = "taken_on", "Taken on by the service"
    SIGNPOSTED = "signposted", "Helped to find another service"
    NO_REPLY = "no_reply", "Could not get hold of them"
    NOT_GENUINE = "not_genuine", "Not a genuine request"
    OUTSIDE_CRITERIA = "outside_criteria", "Not something the service helps with"
    NO_CAPACITY = "no_capacity", "The service has no places"


# The reasons a service gives for not taking someone on; taking on is done by opening a referral.
DECLINE_OUTCOMES = tuple(outcome for outcome in Outcome if outcome != Outcome.TAKEN_ON)
DECLINE_MESSAGE = "Choose why you are not taking them on"


class SelfReferral(BaseModel):
    # Worked out by the worklist selector for the page, not stored.
    is_overdue: bool

    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="self_referrals")
    # The Throughcare organisation that runs the service when the request came: it alone sees it.
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=100)
    contact_by = models.CharField(max_length=16, choices=ContactBy.choices)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    help_with = models.TextField()
    best_time = models.CharField(max_length=100, blank=True)
    consent_given_at = models.DateTimeField()
    contact_by_deadline = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    contacted_at = models.DateTimeField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(
        max_length=16, choices=Outcome.choices, blank=True, error_messages={"invalid_choice": DECLINE_MESSAGE}
    )
    # The referral the service opened when it took the person on (outcome "taken on").
    referral = models.OneToOneField(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="self_referral",
    )
    # The digest of the form's one-time key: sending the same form twice makes one request.
    request_key_digest = models.CharField(max_length=64, unique=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["receiving_organisation", "status", "contact_by_deadline"],
                name="self_referral_worklist_idx",
            )
        ]

    def clean(self) -> None:
        # Taken on means a referral was opened for them, and only that: a decline names its reason.
        if self.outcome == Outcome.TAKEN_ON and self.referral_id is None:
            raise ValidationError({"outcome": DECLINE_MESSAGE})
        if self.referral_id is not None and self.outcome != Outcome.TAKEN_ON:
            raise ValidationError({"outcome": "A request taken on as a referral cannot be declined"})
        if self.status == Status.CLOSED and not self.outcome:
            raise ValidationError({"outcome": DECLINE_MESSAGE})

    def __str__(self) -> str:
        return f"Self-referral to {self.service_id} ({self.get_status_display()})"
