"""The release plan: one checklist row per item for a custody episode's release.

Rows are made all at once when a plan is started, so "what is still missing" is a count of rows not
settled, never a guess about rows that do not exist.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from throughcare.continuity.release.choices import (
    DONE_NEEDS,
    SETTLED_STATUSES,
    OwnerSide,
    PlanItemKind,
    PlanItemStatus,
)
from throughcare.core.models import BaseModel


def _one_message(message: str) -> dict[str, str]:
    """`error_messages` for a coded field: one message for a code outside the list, or none at all."""
    return dict.fromkeys(("invalid_choice", "blank", "null"), message)


def _length_message(limit: int) -> dict[str, str]:
    return {"max_length": f"Keep this to {limit} characters or fewer"}


class ReleasePlanItem(BaseModel):
    episode = models.ForeignKey(
        "continuity.CustodyEpisode", on_delete=models.PROTECT, related_name="plan_items"
    )
    kind = models.CharField(max_length=40, choices=PlanItemKind.choices)
    owner_side = models.CharField(
        max_length=16,
        choices=OwnerSide.choices,
        error_messages=_one_message("Choose who owns this item: the prison side or the community side"),
    )
    status = models.CharField(
        max_length=16,
        choices=PlanItemStatus.choices,
        default=PlanItemStatus.NOT_STARTED,
        error_messages=_one_message("Choose a status: not started, in progress, done or not needed"),
    )
    not_needed_reason = models.CharField(max_length=300, blank=True, error_messages=_length_message(300))
    due_on = models.DateField(null=True, blank=True)
    # What the person is told: where, when, and who to call.
    place = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where: a practice, pharmacy, address.",
        error_messages=_length_message(200),
    )
    happens_on = models.DateField(null=True, blank=True, help_text="When: the day it happens.")
    happens_at = models.TimeField(null=True, blank=True, help_text="When: the time, if it has one.")
    contact = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who to call, with their number.",
        error_messages=_length_message(200),
    )
    detail = models.TextField(blank=True)
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appointment = models.ForeignKey(
        "appointments.Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["episode", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "kind"], name="one_plan_item_per_kind"),
            models.CheckConstraint(
                condition=~models.Q(status=PlanItemStatus.NOT_NEEDED) | ~models.Q(not_needed_reason=""),
                name="plan_item_not_needed_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["episode", "status"], name="plan_item_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display()}"

    def clean(self) -> None:
        """ "Not needed" needs a reason; "done" needs what the person must know for its kind."""
        errors = {}
        if self.status == PlanItemStatus.NOT_NEEDED and not self.not_needed_reason:
            errors["not_needed_reason"] = "Say why this is not needed"
        if self.status == PlanItemStatus.DONE:
            for name, (kinds, message) in DONE_NEEDS.items():
                if self.kind in kinds and not getattr(self, name):
                    errors[name] = message
        if errors:
            raise ValidationError(errors)

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED_STATUSES

    def days_after_release(self, release_date) -> int | None:
        """Days from release to when this happens (derived, never stored: release dates move)."""
        if self.happens_on is None or release_date is None:
            return None
        return (self.happens_on - release_date).days
