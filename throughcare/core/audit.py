"""The audit trail: the one way to record an event.

Every write in Throughcare calls `record()` inside the same transaction as the change, so the
change and its audit event are committed together or not at all. Reads of personal data call it
too. Recording is a plain insert that waits for nobody: the sealing job (`audit_chain.seal`) later
chains the committed events under a keyed MAC, and `audit_verify` checks the chain (ADR 20).
"""

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.utils import timezone

from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.models import AuditChainHead, AuditEvent
from throughcare.core.request_context import current_request_id

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from throughcare.accounts.models import User

    # Who acted: a user, or nobody signed in (Throughcare itself, or an anonymous attempt).
    Actor = User | AnonymousUser | None

VERB_PATTERN = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")


def _canonical(payload: Any) -> Any:
    """Payload as plain JSON values, so the stored value MACs the same when read back."""
    return json.loads(json.dumps(payload or {}, default=str, sort_keys=True))


@dataclass(frozen=True)
class Entry:
    """One event for `record_many`: what was done, to what, and its details."""

    verb: AuditVerb
    target: models.Model | None = None
    payload: dict[str, Any] | None = None
    target_type: str = ""
    target_id: str = ""


def record(
    *,
    actor: "Actor",
    verb: AuditVerb,
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


def record_many(*, actor: "Actor", entries: list[Entry], organisation_id=None) -> list[AuditEvent]:
    """Append events made by one actor at one time, in order, with one insert.

    A change that touches several records (a recall pausing each referral) records one event per
    record, as `record` would. Nothing is locked: the events are chained later, by the sealing job.
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
    events = []
    for entry in entries:
        target_type, target_id = entry.target_type, entry.target_id
        if entry.target is not None:
            target_type = target_type or entry.target._meta.label_lower
            target_id = target_id or str(entry.target.pk)
        events.append(
            AuditEvent(
                occurred_at=occurred_at,
                actor=cast("User | None", actor),  # a signed-in user, or None (made so above)
                actor_label=actor_label,
                organisation_id=organisation_id,
                verb=entry.verb,
                target_type=target_type,
                target_id=str(target_id),
                payload=_canonical(entry.payload),
                request_id=request_id,
            )
        )
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        # One multi-row insert; both databases number the rows in the order given.
        AuditEvent.objects.bulk_create(events)
    return events


def chain_length() -> int:
    """How many events the sealed chain holds (events recorded since the last seal wait outside it)."""
    return AuditChainHead.objects.filter(pk=1).values_list("length", flat=True).first() or 0


def verify_chain():
    """Seal what is waiting, then walk the whole chain: for tests and tools, never for pages.

    Returns the `audit_verification.Verification` found; it is not recorded as a run.
    """
    from throughcare.core.audit_chain import seal
    from throughcare.core.audit_verification import check_chain

    seal()
    return check_chain(full=True)
