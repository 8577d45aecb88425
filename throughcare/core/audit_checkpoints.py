"""Checkpoints of the sealed audit chain, appended to a sink outside the database (ADR 20).

Each checkpoint is one JSON line: the chain's id, its length, the id and MAC of its newest event,
the key that sealed it, and when it was written. `audit_verify` checks the chain against them,
so a chain rewritten by someone who holds the database, and even the key, but not the sink is
found out.
"""

import json
import logging
import logging.handlers
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from throughcare.core.audit_chain import locked_head

logger = logging.getLogger(__name__)
_BLOCK = 64 * 1024


class CheckpointError(RuntimeError):
    """The sink cannot be read or written as it stands; the message says what to do."""


@dataclass(frozen=True)
class Checkpoint:
    chain: str
    sequence: int
    event_id: int
    mac: str
    key_id: str
    written_at: str

    @classmethod
    def from_line(cls, line: str, path: Path) -> "Checkpoint":
        try:
            values = json.loads(line)
            return cls(
                chain=str(values["chain"]),
                sequence=int(values["sequence"]),
                event_id=int(values["event_id"]),
                mac=str(values["mac"]),
                key_id=str(values["key_id"]),
                written_at=str(values["written_at"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise CheckpointError(
                f"The checkpoint file {path} has a line that is not a checkpoint: {line[:80]!r}"
            ) from error


def sink_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def checkpoints_newest_first(path: Path | None = None) -> Iterator[Checkpoint]:
    """Read the sink from its end, a block at a time, so finding recent checkpoints costs little."""
    path = path or sink_path()
    if not path.exists():
        return
    with path.open("rb") as sink:
        position = sink.seek(0, os.SEEK_END)
        tail = b""
        while position > 0:
            step = min(_BLOCK, position)
            position -= step
            sink.seek(position)
            lines = (sink.read(step) + tail).split(b"\n")
            # The first piece may be the end of a line that starts in an earlier block.
            tail = lines.pop(0) if position > 0 else b""
            for line in reversed(lines):
                if line.strip():
                    yield Checkpoint.from_line(line.decode("utf-8"), path)


def newest_checkpoint(path: Path | None = None) -> Checkpoint | None:
    return next(iter(checkpoints_newest_first(path)), None)


def _set_aside(path: Path, old_chain: str) -> None:
    moved = path.with_name(f"{path.name}.{old_chain[:8]}.replaced")
    path.rename(moved)
    logger.warning("Audit checkpoints of a replaced chain %s were moved to %s.", old_chain, moved)


def _append(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as sink:
        sink.write(line + "\n")
        sink.flush()
        os.fsync(sink.fileno())
    if settings.AUDIT_CHECKPOINT_SYSLOG:
        address = settings.AUDIT_CHECKPOINT_SYSLOG
        host, _, port = address.rpartition(":")
        handler = logging.handlers.SysLogHandler(
            address=(host, int(port)) if port.isdigit() and host else address
        )
        try:
            handler.emit(logging.makeLogRecord({"msg": f"throughcare-audit-checkpoint {line}"}))
        finally:
            handler.close()


def write_checkpoint() -> Checkpoint | None:
    """Append the sealed head to the sink, unless the newest checkpoint already records it.

    Holds the head's lock while writing, so checkpoints reach the sink in the chain's order.
    """
    path = sink_path()
    with transaction.atomic():
        head = locked_head()
        if head.length == 0:
            return None
        newest = newest_checkpoint(path)
        if newest is not None and newest.chain != str(head.chain_id):
            if settings.PRODUCTION:
                raise CheckpointError(
                    f"The checkpoint file {path} holds checkpoints of another audit chain ({newest.chain}), "
                    f"not this database's ({head.chain_id}). Either this database's chain was replaced, "
                    "which audit_verify reports, or the file belongs to another database. If this "
                    "database was deliberately recreated, move the old file aside and seal again."
                )
            _set_aside(path, newest.chain)
            newest = None
        if newest is not None and newest.sequence >= head.length:
            if newest.sequence > head.length:
                raise CheckpointError(
                    f"The newest checkpoint records {newest.sequence} sealed audit events, but the "
                    f"database holds {head.length}: sealed events were removed. Run audit_verify."
                )
            return newest
        checkpoint = Checkpoint(
            chain=str(head.chain_id),
            sequence=head.length,
            event_id=head.last_event_id,
            mac=head.last_mac,
            key_id=head.key_id,
            written_at=timezone.now().isoformat(timespec="seconds"),
        )
        _append(path, json.dumps(asdict(checkpoint), sort_keys=True))
        return checkpoint
