"""Rewriting the audit chain is found out: without the key by the MACs, with the key by the checkpoints."""

import hashlib
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from throughcare.core import audit
from throughcare.core.audit_chain import GENESIS_MAC, seal, seal_and_checkpoint
from throughcare.core.audit_checkpoints import newest_checkpoint
from throughcare.core.audit_verification import check_chain
from throughcare.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table
HEAD_TABLE = AuditChainHead._meta.db_table


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _a_day_of_work(views=3):
    """Edits and views of a person's record, sealed and checkpointed as the scheduled job does."""
    for n in range(views):
        audit.record(actor=None, verb="person.updated", target_type="people.person", target_id=f"p{n}")
        audit.record(actor=None, verb="person.viewed", target_type="people.person", target_id=f"p{n}")
    seal_and_checkpoint()


def _delete_every_person_viewed():
    _raw(f"DELETE FROM {TABLE} WHERE verb = %s", ["person.viewed"])


def _rechain_with_plain_sha256():
    """What someone holding the database but not the key would do: renumber and rehash every event."""
    previous, sequence = GENESIS_MAC, 0
    rows = list(AuditEvent.objects.order_by("id").values_list("id", "verb", "target_type", "target_id"))
    _raw(f"UPDATE {TABLE} SET sequence = NULL")
    for event_id, verb, target_type, target_id in rows:
        sequence += 1
        body = json.dumps([sequence, previous, event_id, verb, target_type, target_id])
        mac = hashlib.sha256(body.encode()).hexdigest()
        _raw(
            f"UPDATE {TABLE} SET sequence = %s, previous_mac = %s, mac = %s WHERE id = %s",
            [sequence, previous, mac, event_id],
        )
        previous = mac
    _raw(
        f"UPDATE {HEAD_TABLE} SET length = %s, last_mac = %s, last_event_id = %s",
        [sequence, previous, rows[-1][0]],
    )


def _rechain_with_the_key(*, new_chain=False):
    """What someone holding the database and the key, but not the checkpoint file, would do."""
    _raw(f"UPDATE {TABLE} SET sequence = NULL, previous_mac = '', mac = '', key_id = ''")
    chain_id = uuid.uuid4().hex if new_chain else AuditChainHead.objects.get(pk=1).chain_id.hex
    _raw(
        f"UPDATE {HEAD_TABLE} SET length = 0, last_mac = %s, last_event_id = 0, chain_id = %s",
        [GENESIS_MAC, chain_id],
    )
    seal()


def test_deleting_every_view_and_rehashing_without_the_key_fails_verification():
    _a_day_of_work()
    _delete_every_person_viewed()
    _rechain_with_plain_sha256()
    # The checkpoint file says the chain was longer; the MACs say the rest (next test).
    assert "records 6 sealed events, but the database's chain holds 3" in check_chain(full=True).problem
    with pytest.raises(CommandError, match="Audit chain broken"):
        call_command("audit_verify")


def test_rehashing_without_the_key_fails_even_with_no_checkpoint_written():
    for n in range(3):
        audit.record(actor=None, verb="person.viewed", target_type="people.person", target_id=f"p{n}")
    audit.record(actor=None, verb="person.updated", target_type="people.person", target_id="p0")
    seal()
    _delete_every_person_viewed()
    _rechain_with_plain_sha256()
    report = check_chain(full=True)
    assert report.broken_at_sequence == 1
    assert "does not match its MAC" in report.problem
    with pytest.raises(CommandError, match="Audit chain broken at sealed event 1"):
        call_command("audit_verify")


def test_deleting_every_view_and_resealing_with_the_key_fails_against_the_checkpoints():
    _a_day_of_work()
    _delete_every_person_viewed()
    _rechain_with_the_key()
    report = check_chain(full=True)
    assert not report.intact
    assert "records 6 sealed events, but the database's chain holds 3" in report.problem
    with pytest.raises(CommandError, match="against its checkpoints"):
        call_command("audit_verify")


def test_a_resealed_chain_grown_back_past_the_checkpoint_still_differs_from_it():
    _a_day_of_work()
    _delete_every_person_viewed()
    for n in range(3):  # pad the chain back to its old length so the count alone would not tell
        audit.record(actor=None, verb="thing.padding", target_id=str(n))
    _rechain_with_the_key()
    report = check_chain(full=True)
    assert report.broken_at_sequence == 6
    assert "differs from the checkpoint" in report.problem
    assert "the chain was rewritten" in report.problem


def test_a_chain_replaced_under_a_new_id_is_reported_against_the_old_checkpoints():
    _a_day_of_work()
    _delete_every_person_viewed()
    _rechain_with_the_key(new_chain=True)
    report = check_chain(full=True)
    assert "belongs to audit chain" in report.problem
    assert "the chain was replaced" in report.problem


def test_incremental_verification_starts_at_the_last_verified_checkpoint(capsys):
    _a_day_of_work()
    call_command("audit_verify")
    assert "6 events checked (from sealed event 1 to 6), 1 checkpoint matched" in capsys.readouterr().out
    _a_day_of_work(views=2)
    call_command("audit_verify")
    # It confirms the checkpoint at event 6 is untouched, then walks only the four new events.
    assert "4 events checked (from sealed event 7 to 10), 2 checkpoints matched" in capsys.readouterr().out


def test_incremental_verification_finds_a_rewrite_that_reaches_its_checkpoint():
    _a_day_of_work()
    call_command("audit_verify")
    _a_day_of_work(views=1)
    first_checkpoint_event = AuditEvent.objects.get(sequence=6)
    _raw(f"UPDATE {TABLE} SET mac = %s WHERE id = %s", ["f" * 64, first_checkpoint_event.id])
    with pytest.raises(CommandError, match="differs from the checkpoint"):
        call_command("audit_verify")


def test_an_edit_before_the_last_checkpoint_is_found_by_the_full_walk():
    # Incremental checks trust what an earlier check verified, up to its checkpoint; --full does not.
    _a_day_of_work()
    call_command("audit_verify")
    _a_day_of_work(views=1)
    _raw(f"UPDATE {TABLE} SET target_id = %s WHERE sequence = 2", ["someone-else"])
    call_command("audit_verify")
    with pytest.raises(CommandError, match="broken at sealed event 2"):
        call_command("audit_verify", "--full")


def test_a_removed_tail_is_found_even_when_the_head_row_is_rewritten_to_match():
    _a_day_of_work()
    newest = AuditEvent.objects.get(sequence=6)
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", [newest.id])
    fifth = AuditEvent.objects.get(sequence=5)
    _raw(f"UPDATE {HEAD_TABLE} SET length = 5, last_mac = %s, last_event_id = %s", [fifth.mac, fifth.id])
    report = check_chain(full=True)
    assert "records 6 sealed events, but the database's chain holds 5" in report.problem


def test_a_failed_run_is_recorded_and_the_next_incremental_run_starts_where_the_last_good_one_did():
    _a_day_of_work()
    call_command("audit_verify")
    _raw(f"UPDATE {TABLE} SET mac = %s WHERE sequence = 6", ["0" * 64])
    with pytest.raises(CommandError):
        call_command("audit_verify")
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert newest_checkpoint().sequence == 6


def test_a_tail_removed_after_the_last_checkpoint_is_found_by_the_last_verification():
    _a_day_of_work()
    audit.record(actor=None, verb="person.viewed", target_type="people.person", target_id="p9")
    seal()  # sealed and verified, but not yet checkpointed
    call_command("audit_verify")
    newest = AuditEvent.objects.get(sequence=7)
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", [newest.id])
    sixth = AuditEvent.objects.get(sequence=6)
    _raw(f"UPDATE {HEAD_TABLE} SET length = 6, last_mac = %s, last_event_id = %s", [sixth.mac, sixth.id])
    with pytest.raises(CommandError, match="an earlier check verified 7 sealed events"):
        call_command("audit_verify")
