"""Case notes between the two sides of a referral, and the earlier texts of each edited note.

Both sides read every note on the referral. A note is changed only by its author, and a change
keeps the text it replaces as a `CaseNoteVersion`, which, like the referral's history, is never
changed or removed.
"""

from django.conf import settings
from django.db import models

from throughcare.core.models import AppendOnlyError, BaseModel


class CaseNote(BaseModel):
    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="case_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The author's organisation when they wrote it, so the note still says which side it came from.
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=16)
    text = models.TextField()
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["referral", "created_at"], name="case_note_referral_idx")]

    def __str__(self) -> str:
        return f"Case note on {self.referral_id}"


class CaseNoteVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("A note's earlier text is never changed.")

    def delete(self):
        raise AppendOnlyError("A note's earlier text is never removed.")


class CaseNoteVersion(models.Model):
    """The text a note had until `replaced_at`, when its author changed it."""

    id = models.BigAutoField(primary_key=True)
    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="versions")
    text = models.TextField()
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField()

    objects = CaseNoteVersionQuerySet.as_manager()

    class Meta:
        ordering = ["note", "id"]

    def __str__(self) -> str:
        return f"Earlier text of {self.note_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("A note's earlier text is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("A note's earlier text is never removed.")
