"""The audit trail: the one way to record an event, and the check that nothing was altered.

Every write in Throughcare calls `record()` inside the same transaction as the change, so the
change and its audit event are committed together or not at all. Reads of personal data call it
too. Events form a hash chain: each hash covers the event and the hash before it.
"""

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from throughcare.core.models import AuditChainHead, AuditEvent
from throughcare.core.request_context import current_request_id

GENESIS_HASH = "0" * 64
VERB_PATTERN = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")


def _canonical(payload: Any) -> Any:
    """Payload as plain JSON values, so the stored value hashes the same when read back."""
    return json.loads(json.dumps(payload or {}, default=str, sort_keys=True))


def event_hash(*, sequence: int, previous_hash: str, fields: dict[str, Any]) -> str:
    body = json.dumps(
        {"sequence": sequence, "previous_hash": previous_hash, **fields},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _hashed_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": str(event.actor_id) if event.actor_id else None,
        "actor_label": event.actor_label,
        "organisation_id": str(event.organisation_id) if event.organisation_id else None,
        "verb": event.verb,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "payload": event.payload,
        "request_id": event.request_id,
    }


@dataclass(frozen=True)
class Entry:
    """One event for `record_many`: what was done, to what, and its details."""

    verb: str
    target: models.Model | None = None
    payload: dict[str, Any] | None = None
    target_type: str = ""
    target_id: str = ""


def record(
    *,
    actor,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    payload: dict[str, Any] | None = None,
    organisation_id=None,
) -> AuditEvent:
    """Append one event to the audit trail; call it inside the transaction of the change it records.

    `actor` is the signed-in user, or None for the system and for anonymous attempts.
    Keep personal details out of `payload`: name the target by id instead.
    """
    entry = Entry(verb=verb, target=target, payload=payload, target_type=target_type, target_id=target_id)
    return record_many(actor=actor, entries=[entry], organisation_id=organisation_id)[0]


def record_many(*, actor, entries: list[Entry], organisation_id=None) -> list[AuditEvent]:
    """Append events made by one actor at one time, in order, taking the chain's head once.

    A change that touches several records (a recall pausing each referral) records one event per
    record, as `record` would, with one insert instead of one each.
    """
    for entry in entries:
        if not VERB_PATTERN.match(entry.verb):
            raise ValueError(
                f"Audit verb {entry.verb!r} must be dotted lower-case words, like 'user.signed_in'."
            )
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_label = actor.get_username()
        if organisation_id is None:
            organisation_id = getattr(actor, "current_organisation_id", None)
    else:
        actor, actor_label = None, ""
    if not entries:
        return []

    occurred_at, request_id = timezone.now(), current_request_id()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH, "length": 0}
        )
        events, previous_hash, sequence = [], head.last_hash, head.length
        for entry in entries:
            target_type, target_id = entry.target_type, entry.target_id
            if entry.target is not None:
                target_type = target_type or entry.target._meta.label_lower
                target_id = target_id or str(entry.target.pk)
            event = AuditEvent(
                occurred_at=occurred_at,
                actor=actor,
                actor_label=actor_label,
                organisation_id=organisation_id,
                verb=entry.verb,
                target_type=target_type,
                target_id=str(target_id),
                payload=_canonical(entry.payload),
                request_id=request_id,
                previous_hash=previous_hash,
            )
            sequence += 1
            event.hash = event_hash(
                sequence=sequence, previous_hash=previous_hash, fields=_hashed_fields(event)
            )
            previous_hash = event.hash
            events.append(event)
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            # One multi-row insert; both databases number the rows in the order given.
            AuditEvent.objects.bulk_create(events)
        AuditChainHead.objects.filter(pk=1).update(
            last_event_id=events[-1].id, last_hash=previous_hash, length=sequence
        )
    return events


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None and not self.reason


def chain_length() -> int:
    return AuditChainHead.objects.filter(pk=1).values_list("length", flat=True).first() or 0


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("id").iterator(chunk_size=5000)


def verify_chain() -> ChainReport:
    """Walk the chain from the start and report the first event that does not follow from the last."""
    previous_hash = GENESIS_HASH
    sequence = 0
    for event in _events():
        sequence += 1
        if event.previous_hash != previous_hash:
            return ChainReport(
                sequence - 1,
                event.id,
                "its previous-hash does not match the event before it (an event was removed or reordered)",
            )
        expected = event_hash(sequence=sequence, previous_hash=previous_hash, fields=_hashed_fields(event))
        if expected != event.hash:
            return ChainReport(sequence - 1, event.id, "its content does not match its hash (it was altered)")
        previous_hash = event.hash
    head = AuditChainHead.objects.filter(pk=1).first() or AuditChainHead(last_hash=GENESIS_HASH, length=0)
    if head.length != sequence or head.last_hash != previous_hash:
        return ChainReport(
            sequence,
            None,
            f"the chain head expects {head.length} events ending {head.last_hash[:12]}, "
            f"found {sequence} ending {previous_hash[:12]} (events were removed from the end)",
        )
    return ChainReport(sequence)
