"""Sealing the audit trail: one job chains committed events under a keyed MAC (ADR 20).

Writers append events unchained. `seal()` takes the chain's head row (the only lock, held by the
sealer alone), reads the events still waiting in id order, gives each the next `sequence` and an
HMAC-SHA-256 over its content, its position, the chain's id and the MAC before it, and moves the
head. An event whose transaction commits after later ids were sealed is simply sealed in the next
run, at the next position: the chain's order is the order of sealing, which is id order within
each run. Nothing waits for transactions in flight, and no gap in the ids is ever an error.

`seal_and_checkpoint()` is the schedulable job: it seals and then appends a checkpoint.
"""

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from throughcare.core.models import AuditChainHead, AuditEvent

GENESIS_MAC = "0" * 64
SEAL_BATCH_SIZE = 2000


class ChainSealingError(RuntimeError):
    """Raised when sealing would fork the chain: an event was sealed by someone else meanwhile."""


def sealing_key() -> tuple[str, bytes]:
    key_id = settings.AUDIT_CHAIN_SEALING_KEY_ID
    return key_id, settings.AUDIT_CHAIN_KEYS[key_id].encode("utf-8")


def key_for(key_id: str) -> bytes | None:
    secret = settings.AUDIT_CHAIN_KEYS.get(key_id)
    return secret.encode("utf-8") if secret is not None else None


def mac_fields(event: AuditEvent) -> dict[str, Any]:
    """What an event's MAC covers, besides its place in the chain."""
    return {
        "id": event.id,
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


def event_mac(key: bytes, *, chain_id, sequence: int, previous_mac: str, event: AuditEvent) -> str:
    body = json.dumps(
        {"chain": str(chain_id), "sequence": sequence, "previous_mac": previous_mac, **mac_fields(event)},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def locked_head() -> AuditChainHead:
    """The chain's head, locked until the transaction ends (SQLite's immediate transactions lock it)."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"chain_id": uuid.uuid4(), "last_mac": GENESIS_MAC}
    )
    return head


@dataclass(frozen=True)
class SealResult:
    sealed: int
    length: int
    head_mac: str


def _write_seals(rows: list[tuple[int, str, str, str, int]]) -> None:
    table = AuditEvent._meta.db_table
    # The `sequence IS NULL` guard makes a second sealer's write fail loudly rather than fork.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for the batch: row-by-row updates cost a round trip each.
            values = ", ".join(["(%s::bigint, %s, %s, %s, %s::bigint)"] * len(rows))
            cursor.execute(
                f"UPDATE {table} AS e SET sequence = v.sequence, previous_mac = v.previous_mac, "  # noqa: S608
                f"mac = v.mac, key_id = v.key_id FROM (VALUES {values}) "
                "AS v(sequence, previous_mac, mac, key_id, id) WHERE e.id = v.id AND e.sequence IS NULL",
                [value for row in rows for value in row],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET sequence = %s, previous_mac = %s, mac = %s, key_id = %s "  # noqa: S608
                "WHERE id = %s AND sequence IS NULL",
                rows,
            )
        if cursor.rowcount != len(rows):
            raise ChainSealingError("Some of these audit events were sealed by another sealer meanwhile.")


def _seal_batch(batch_size: int) -> tuple[int, AuditChainHead]:
    with transaction.atomic():
        head = locked_head()
        waiting = list(AuditEvent.objects.filter(sequence__isnull=True).order_by("id")[:batch_size])
        if not waiting:
            return 0, head
        key_id, key = sealing_key()
        previous_mac, sequence, rows = head.last_mac, head.length, []
        for event in waiting:
            sequence += 1
            mac = event_mac(
                key, chain_id=head.chain_id, sequence=sequence, previous_mac=previous_mac, event=event
            )
            rows.append((sequence, previous_mac, mac, key_id, event.id))
            previous_mac = mac
        _write_seals(rows)
        head.last_event_id, head.last_mac, head.length = waiting[-1].id, previous_mac, sequence
        head.key_id, head.sealed_at = key_id, timezone.now()
        head.save(update_fields=["last_event_id", "last_mac", "length", "key_id", "sealed_at"])
        return len(waiting), head


def seal(*, batch_size: int = SEAL_BATCH_SIZE) -> SealResult:
    """Chain every committed event not yet sealed, a batch per transaction so the head is held briefly."""
    total = 0
    while True:
        sealed, head = _seal_batch(batch_size)
        total += sealed
        if sealed < batch_size:
            return SealResult(sealed=total, length=head.length, head_mac=head.last_mac)


def seal_and_checkpoint() -> SealResult:
    """The scheduled job: seal what is waiting, then append a checkpoint of the head to the sink."""
    from throughcare.core.audit_checkpoints import write_checkpoint

    result = seal()
    write_checkpoint()
    return result


def events_waiting() -> int:
    """How many committed events wait to be sealed (read through the index of unsealed events)."""
    return AuditEvent.objects.filter(sequence__isnull=True).count()
