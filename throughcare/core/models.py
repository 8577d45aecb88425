"""Core models: the base every Throughcare record builds on, and the append-only audit trail."""

import uuid

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """A record with an unguessable id and when it was created and last changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are never changed.")

    def delete(self):
        raise AppendOnlyError("Audit events are never removed.")


class AuditEvent(models.Model):
    """One thing that happened, in Activity Streams terms: who (actor) did what (verb) to what (target).

    Rows are written only by `throughcare.core.audit.record`, unchained, in the transaction of the
    change they record. The sealing job (`throughcare.core.audit_chain.seal`) later gives each its
    place in the chain (`sequence`) and a keyed MAC over its content and the MAC before it, so
    altering, removing or reordering a sealed row breaks the chain (ADR 20).
    """

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    organisation_id = models.UUIDField(null=True, blank=True, db_index=True)
    verb = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # Set once, by the sealing job; empty while the event waits to be sealed.
    sequence = models.BigIntegerField(null=True, blank=True)
    key_id = models.CharField(max_length=32, blank=True)
    previous_mac = models.CharField(max_length=64, blank=True)
    mac = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["actor", "id"], name="audit_actor_idx"),
            # Holds only the events still waiting to be sealed, so the sealer finds them without
            # reading the sealed millions.
            models.Index(fields=["id"], condition=models.Q(sequence__isnull=True), name="audit_unsealed_idx"),
        ]
        constraints = [
            # Partial, so that recording an event adds nothing to it: the sealer does.
            models.UniqueConstraint(
                fields=["sequence"], condition=models.Q(sequence__isnull=False), name="audit_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label or 'system'} {self.verb}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are never removed.")


class AuditChainHead(models.Model):
    """The single row that holds the sealed chain's newest MAC and length.

    Only the sealing job locks and moves it, so appending an event never waits for it. It also lets
    `audit_verify` notice that sealed rows were removed from the end.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    # Names this chain in every checkpoint, so a checkpoint file cannot be mistaken for another
    # database's, and is covered by every MAC.
    chain_id = models.UUIDField(default=uuid.uuid4)
    last_event_id = models.BigIntegerField(default=0)
    last_mac = models.CharField(max_length=64)
    length = models.BigIntegerField(default=0)
    key_id = models.CharField(max_length=32, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"audit chain of {self.length} sealed events"


class AuditVerification(models.Model):
    """One run of `audit_verify`: what it checked and what it found, for the audit page to show."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(db_index=True)
    full = models.BooleanField(default=False)
    intact = models.BooleanField()
    from_sequence = models.BigIntegerField(default=0)
    to_sequence = models.BigIntegerField(default=0)
    checked = models.BigIntegerField(default=0)
    checkpoints_checked = models.IntegerField(default=0)
    broken_at_sequence = models.BigIntegerField(null=True, blank=True)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        outcome = "intact" if self.intact else "broken"
        return f"audit verification at {self.finished_at:%Y-%m-%d %H:%M}: {outcome}"


# Loaded here so that Django finds them; they live in their own module (see core/once.py).
from throughcare.core.once_models import IdempotencyRecord, SubmissionToken  # noqa: E402, F401
