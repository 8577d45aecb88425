"""The release plan: one checklist row per item for a custody episode's release.

Rows are made all at once when a plan is started, so "what is still missing" is a count of rows not
settled, never a guess about rows that do not exist.
"""

from django.conf import settings
from django.db import models

from throughcare.continuity.release.choices import SETTLED_STATUSES, OwnerSide, PlanItemKind, PlanItemStatus
from throughcare.core.models import BaseModel


class ReleasePlanItem(BaseModel):
    episode = models.ForeignKey(
        "continuity.CustodyEpisode", on_delete=models.PROTECT, related_name="plan_items"
    )
    kind = models.CharField(max_length=40, choices=PlanItemKind.choices)
    owner_side = models.CharField(max_length=16, choices=OwnerSide.choices)
    status = models.CharField(
        max_length=16, choices=PlanItemStatus.choices, default=PlanItemStatus.NOT_STARTED
    )
    not_needed_reason = models.CharField(max_length=300, blank=True)
    due_on = models.DateField(null=True, blank=True)
    # What the person is told: where, when, and who to call.
    place = models.CharField(max_length=200, blank=True, help_text="Where: a practice, pharmacy, address.")
    happens_on = models.DateField(null=True, blank=True, help_text="When: the day it happens.")
    happens_at = models.TimeField(null=True, blank=True, help_text="When: the time, if it has one.")
    contact = models.CharField(max_length=200, blank=True, help_text="Who to call, with their number.")
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

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED_STATUSES

    def days_after_release(self, release_date) -> int | None:
        """Days from release to when this happens (derived, never stored: release dates move)."""
        if self.happens_on is None or release_date is None:
            return None
        return (self.happens_on - release_date).days
