"""Corrections to a person's record: what changed, from what to what, who changed it and why."""

from django.conf import settings
from django.db import models

from throughcare.core.models import BaseModel


class Rectification(BaseModel):
    """One field of a person's record changed, kept so the person and their DPO can see the history.

    Old and new values are personal data, so they live here (where retention can reach them), never
    in the audit trail, which names only the field.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="rectifications")
    field_name = models.CharField(max_length=64)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["person", "created_at"], name="rectification_person_idx")]

    def __str__(self) -> str:
        return f"{self.field_name} corrected for {self.person_id}"
