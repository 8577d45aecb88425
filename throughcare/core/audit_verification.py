"""Checking the sealed audit chain against its MACs and the checkpoints outside the database (ADR 20).

An incremental check starts at the newest checkpoint at or below where the last intact check
ended: it confirms that the event there still carries the checkpoint's MAC, then walks forward,
recomputing every MAC to the head. `full=True` walks from the first event. Both compare each
checkpoint they pass, and the newest one in the sink, with what the database holds. Runs from
`manage.py audit_verify` (or a scheduled job), never inside a web request.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from throughcare.core.audit_chain import GENESIS_MAC, event_mac, key_for
from throughcare.core.audit_checkpoints import Checkpoint, CheckpointError, checkpoints_newest_first
from throughcare.core.models import AuditChainHead, AuditEvent, AuditVerification


class ChainBrokenError(Exception):
    def __init__(self, problem: str, sequence: int | None = None):
        super().__init__(problem)
        self.problem, self.sequence = problem, sequence


@dataclass
class Verification:
    full: bool
    from_sequence: int = 0
    to_sequence: int = 0
    checked: int = 0
    checkpoints_checked: int = 0
    broken_at_sequence: int | None = None
    problem: str = ""
    started_at: datetime = field(default_factory=timezone.now)

    @property
    def intact(self) -> bool:
        return not self.problem


def _last_intact_sequence() -> int:
    last = AuditVerification.objects.filter(intact=True).order_by("-id").first()
    return last.to_sequence if last else 0


def _checkpoints_to_check(head: AuditChainHead, *, full: bool) -> tuple[list[Checkpoint], Checkpoint | None]:
    """The checkpoints this run compares (newest first), and the one it starts from, if any."""
    last_verified = _last_intact_sequence()
    if last_verified > head.length:
        raise ChainBrokenError(
            f"an earlier check verified {last_verified} sealed events, but the database's chain now "
            f"holds {head.length}: sealed events were removed"
        )
    verified_to = 0 if full else last_verified
    to_check, anchor = [], None
    for checkpoint in checkpoints_newest_first():
        if checkpoint.chain != str(head.chain_id):
            raise ChainBrokenError(
                f"the checkpoint written at {checkpoint.written_at} belongs to audit chain "
                f"{checkpoint.chain}, but this database holds chain {head.chain_id}: the chain was "
                "replaced, or the checkpoint file belongs to another database"
            )
        if checkpoint.sequence <= verified_to and verified_to:
            anchor = checkpoint
            break
        to_check.append(checkpoint)
    if to_check and to_check[0].sequence > head.length:
        raise ChainBrokenError(
            f"the checkpoint written at {to_check[0].written_at} records {to_check[0].sequence} "
            f"sealed events, but the database's chain holds {head.length}: sealed events were removed"
        )
    return to_check, anchor


def _differs_from_checkpoint(event: AuditEvent, checkpoint: Checkpoint) -> str:
    if event.mac == checkpoint.mac and event.id == checkpoint.event_id:
        return ""
    return (
        f"it differs from the checkpoint written at {checkpoint.written_at}, which recorded event "
        f"{checkpoint.event_id} with MAC {checkpoint.mac[:12]}: the chain was rewritten"
    )


def _walk(head: AuditChainHead, result: Verification, checkpoints: dict[int, Checkpoint], previous_mac: str):
    sequence = result.from_sequence
    events = AuditEvent.objects.filter(sequence__gt=sequence, sequence__lte=head.length).order_by("sequence")
    for event in events.iterator(chunk_size=5000):
        sequence += 1
        if event.sequence != sequence:
            raise ChainBrokenError(f"sealed event {sequence} is missing (events were removed)", sequence)
        if event.previous_mac != previous_mac:
            raise ChainBrokenError(
                f"event {event.id} does not follow the event before it (an event was removed or reordered)",
                sequence,
            )
        key = key_for(event.key_id)
        if key is None:
            raise ChainBrokenError(
                f"event {event.id} was sealed with key {event.key_id!r}, which is not configured", sequence
            )
        expected = event_mac(
            key, chain_id=head.chain_id, sequence=sequence, previous_mac=previous_mac, event=event
        )
        if expected != event.mac:
            raise ChainBrokenError(
                f"event {event.id}'s content does not match its MAC (it was altered)", sequence
            )
        if sequence in checkpoints:
            result.checkpoints_checked += 1
            if problem := _differs_from_checkpoint(event, checkpoints[sequence]):
                raise ChainBrokenError(f"event {event.id} {problem}", sequence)
        previous_mac = event.mac
        result.checked += 1
    if sequence != head.length or previous_mac != head.last_mac:
        raise ChainBrokenError(
            f"the chain's head expects {head.length} sealed events ending {head.last_mac[:12]}, "
            f"found {sequence} ending {previous_mac[:12]} (events were removed from the end)",
            sequence + 1,
        )


def _start(result: Verification, anchor: Checkpoint | None) -> str:
    """The MAC the walk starts after: the anchor checkpoint's, once its event is seen to still carry it."""
    if anchor is None:
        return GENESIS_MAC
    event = AuditEvent.objects.filter(sequence=anchor.sequence).first()
    if event is None:
        raise ChainBrokenError(
            f"sealed event {anchor.sequence}, named by a checkpoint, is missing", anchor.sequence
        )
    if problem := _differs_from_checkpoint(event, anchor):
        raise ChainBrokenError(f"event {event.id} {problem}", anchor.sequence)
    result.from_sequence = anchor.sequence
    result.checkpoints_checked += 1
    return anchor.mac


def check_chain(*, full: bool = False) -> Verification:
    """Check the chain (from the last verified checkpoint, or from the start with `full`); records nothing."""
    result = Verification(full=full)
    head = AuditChainHead.objects.filter(pk=1).first() or AuditChainHead(last_mac=GENESIS_MAC, length=0)
    try:
        to_check, anchor = _checkpoints_to_check(head, full=full)
        previous_mac = _start(result, anchor)
        _walk(head, result, {c.sequence: c for c in to_check}, previous_mac)
    except ChainBrokenError as broken:
        result.problem, result.broken_at_sequence = broken.problem, broken.sequence
    except CheckpointError as error:
        result.problem = str(error)
    result.to_sequence = result.from_sequence + result.checked
    return result


def verify_and_record(*, full: bool = False) -> AuditVerification:
    """Check the chain and record the run, for the audit page to show."""
    result = check_chain(full=full)
    return AuditVerification.objects.create(
        started_at=result.started_at,
        finished_at=timezone.now(),
        full=result.full,
        intact=result.intact,
        from_sequence=result.from_sequence,
        to_sequence=result.to_sequence,
        checked=result.checked,
        checkpoints_checked=result.checkpoints_checked,
        broken_at_sequence=result.broken_at_sequence,
        problem=result.problem,
    )
