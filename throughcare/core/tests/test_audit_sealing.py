"""Sealing: late-committing events, key rotation and the checkpoint file."""

import json

import pytest
from django.core.management import CommandError, call_command

from throughcare.core import audit
from throughcare.core.audit_chain import seal, seal_and_checkpoint
from throughcare.core.audit_checkpoints import (
    CheckpointError,
    checkpoints_newest_first,
    newest_checkpoint,
    write_checkpoint,
)
from throughcare.core.audit_verification import check_chain
from throughcare.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _late_event(below_id: int) -> AuditEvent:
    """An event whose id was handed out before `below_id` but whose transaction committed after it."""
    event = AuditEvent(occurred_at=AuditEvent.objects.get(id=below_id).occurred_at, verb="thing.late")
    event.id = below_id - 1
    event.save(force_insert=True)
    return event


def _line(*, sequence: int) -> str:
    values = {"chain": "0" * 32, "sequence": sequence, "event_id": sequence, "mac": "a" * 64}
    return json.dumps({**values, "key_id": "k", "written_at": "2026-12-06T00:00:00+00:00"})


def test_an_event_committed_after_later_ids_were_sealed_is_sealed_next_at_the_next_place():
    audit.record(actor=None, verb="thing.placeholder")  # its id is taken, as a rolled-back one would be
    AuditEvent.objects.filter(verb="thing.placeholder")._raw_delete(AuditEvent.objects.db)
    sealed = audit.record(actor=None, verb="thing.first")
    seal_and_checkpoint()
    late = _late_event(sealed.id)
    assert seal().sealed == 1
    assert AuditEvent.objects.get(id=late.id).sequence == 2
    assert check_chain(full=True).intact


def test_ids_left_unused_by_rolled_back_transactions_are_no_gap_in_the_chain():
    first = audit.record(actor=None, verb="thing.first")
    AuditEvent.objects.filter(id=first.id)._raw_delete(AuditEvent.objects.db)  # as if rolled back
    audit.record(actor=None, verb="thing.second")
    seal()
    assert check_chain(full=True).intact


def test_rotating_the_key_keeps_the_chain_verifiable_while_the_old_key_is_kept(settings):
    audit.record(actor=None, verb="thing.before_rotation")
    seal()
    settings.AUDIT_CHAIN_KEYS = {**settings.AUDIT_CHAIN_KEYS, "2027-01": "a-newer-audit-chain-key-0123456789"}
    settings.AUDIT_CHAIN_SEALING_KEY_ID = "2027-01"
    audit.record(actor=None, verb="thing.after_rotation")
    seal()
    assert list(AuditEvent.objects.order_by("sequence").values_list("key_id", flat=True))[-1] == "2027-01"
    assert check_chain(full=True).intact
    settings.AUDIT_CHAIN_KEYS = {"2027-01": "a-newer-audit-chain-key-0123456789"}
    report = check_chain(full=True)
    assert report.broken_at_sequence == 1
    assert "which is not configured" in report.problem


def test_a_checkpoint_is_one_json_line_naming_the_chain_its_length_head_and_key(settings):
    audit.record(actor=None, verb="thing.done")
    call_command("audit_seal", "--quiet")
    (line,) = settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()
    head = AuditChainHead.objects.get(pk=1)
    written = json.loads(line)
    assert {k: written[k] for k in ("chain", "sequence", "event_id", "mac", "key_id")} == {
        "chain": str(head.chain_id),
        "sequence": 1,
        "event_id": head.last_event_id,
        "mac": head.last_mac,
        "key_id": settings.AUDIT_CHAIN_SEALING_KEY_ID,
    }


def test_sealing_with_nothing_new_writes_no_further_checkpoint(settings):
    audit.record(actor=None, verb="thing.done")
    seal_and_checkpoint()
    seal_and_checkpoint()
    assert len(settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()) == 1
    audit.record(actor=None, verb="thing.more")
    seal_and_checkpoint()
    assert [json.loads(x)["sequence"] for x in settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()] == [
        1,
        2,
    ]


def test_many_checkpoints_are_read_back_newest_first_across_blocks(tmp_path):
    sink = tmp_path / "many.jsonl"
    # About 190 KB: the backwards reader meets lines split across its 64 KB blocks.
    sink.write_text("".join(_line(sequence=n) + "\n" for n in range(1, 1201)))
    assert [c.sequence for c in checkpoints_newest_first(sink)] == list(range(1200, 0, -1))


def test_every_checkpoint_passed_is_compared_on_a_full_walk():
    for _ in range(5):
        audit.record(actor=None, verb="thing.done")
        seal_and_checkpoint()
    assert check_chain(full=True).checkpoints_checked == 5


def test_outside_production_a_checkpoint_file_of_a_replaced_database_is_set_aside(settings):
    settings.AUDIT_CHECKPOINT_FILE.write_text(
        json.dumps(
            {"chain": "0" * 32, "sequence": 9, "event_id": 9, "mac": "a", "key_id": "k", "written_at": "x"}
        )
        + "\n"
    )
    audit.record(actor=None, verb="thing.done")
    seal_and_checkpoint()
    assert newest_checkpoint().chain == str(AuditChainHead.objects.get(pk=1).chain_id)
    assert (settings.AUDIT_CHECKPOINT_FILE.parent / "audit-checkpoints.jsonl.00000000.replaced").exists()


def test_in_production_a_checkpoint_file_of_another_chain_stops_sealing(settings):
    settings.PRODUCTION = True
    settings.AUDIT_CHECKPOINT_FILE.write_text(
        json.dumps(
            {"chain": "0" * 32, "sequence": 9, "event_id": 9, "mac": "a", "key_id": "k", "written_at": "x"}
        )
        + "\n"
    )
    audit.record(actor=None, verb="thing.done")
    with pytest.raises(CommandError, match="holds checkpoints of another audit chain"):
        call_command("audit_seal")
    assert "belongs to audit chain" in check_chain().problem


def test_a_line_that_is_not_a_checkpoint_is_reported(settings):
    audit.record(actor=None, verb="thing.done")
    seal_and_checkpoint()
    with settings.AUDIT_CHECKPOINT_FILE.open("a") as sink:
        sink.write("not json\n")
    with pytest.raises(CheckpointError, match="has a line that is not a checkpoint"):
        write_checkpoint()
    assert "is not a checkpoint" in check_chain().problem


def test_nothing_sealed_yet_writes_no_checkpoint(settings):
    assert write_checkpoint() is None
    assert not settings.AUDIT_CHECKPOINT_FILE.exists()


def test_a_checkpoint_also_goes_to_syslog_when_configured(settings):
    import socket

    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(10)
    settings.AUDIT_CHECKPOINT_SYSLOG = f"127.0.0.1:{receiver.getsockname()[1]}"
    try:
        audit.record(actor=None, verb="thing.done")
        checkpoint = seal_and_checkpoint() and newest_checkpoint()
        message = receiver.recv(4096).decode()
    finally:
        receiver.close()
    assert "throughcare-audit-checkpoint" in message
    assert f'"mac": "{checkpoint.mac}"' in message


def test_sealing_rows_another_sealer_already_sealed_fails_rather_than_forking():
    from throughcare.core.audit_chain import ChainSealingError, _write_seals

    event = audit.record(actor=None, verb="thing.done")
    seal()
    with pytest.raises(ChainSealingError, match="sealed by another sealer"):
        _write_seals([(2, "0" * 64, "1" * 64, "k", event.id)])
    assert AuditEvent.objects.get(id=event.id).sequence == 1
