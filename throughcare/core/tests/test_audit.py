import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from throughcare.core import audit
from throughcare.core.audit_chain import GENESIS_MAC, seal
from throughcare.core.audit_verification import check_chain
from throughcare.core.models import AppendOnlyError, AuditChainHead, AuditEvent
from throughcare.core.request_context import begin_request, end_request

pytestmark = pytest.mark.django_db


def _record_three(actor=None):
    return [
        audit.record(actor=actor, verb=f"thing.step_{n}", payload={"n": n}) for n in ("one", "two", "three")
    ]


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_recording_is_one_plain_insert_that_waits_for_no_lock(django_assert_num_queries):
    with django_assert_num_queries(1) as context:
        event = audit.record(actor=None, verb="thing.done")
    assert context.captured_queries[0]["sql"].lstrip().upper().startswith("INSERT")
    assert (event.sequence, event.mac, event.previous_mac) == (None, "", "")


def test_several_events_are_one_insert(django_assert_num_queries):
    with django_assert_num_queries(1):
        audit.record_many(actor=None, entries=[audit.Entry(verb="thing.one"), audit.Entry(verb="thing.two")])


def test_sealing_chains_the_waiting_events_in_id_order():
    first, second, third = _record_three()
    result = seal()
    assert (result.sealed, result.length) == (3, 3)
    first, second, third = AuditEvent.objects.order_by("id")
    assert [e.sequence for e in (first, second, third)] == [1, 2, 3]
    assert first.previous_mac == GENESIS_MAC
    assert (second.previous_mac, third.previous_mac) == (first.mac, second.mac)
    assert {e.key_id for e in (first, second, third)} == {settings.AUDIT_CHAIN_SEALING_KEY_ID}
    head = AuditChainHead.objects.get(pk=1)
    assert (head.length, head.last_mac, head.last_event_id) == (3, third.mac, third.id)
    assert audit.chain_length() == 3


def test_sealing_twice_continues_the_chain_and_seals_nothing_twice():
    _record_three()
    seal()
    assert seal().sealed == 0
    later = audit.record(actor=None, verb="thing.later")
    assert seal().sealed == 1
    later = AuditEvent.objects.get(id=later.id)
    assert later.sequence == 4
    assert later.previous_mac == AuditEvent.objects.get(sequence=3).mac


def test_sealing_in_small_batches_gives_the_same_chain():
    _record_three()
    assert seal(batch_size=2).sealed == 3
    assert [e.sequence for e in AuditEvent.objects.order_by("id")] == [1, 2, 3]
    assert audit.verify_chain().intact


def test_intact_chain_verifies():
    _record_three()
    report = audit.verify_chain()
    assert report.intact
    assert report.checked == 3


def test_altered_payload_is_reported_at_that_event():
    _, second, _ = _record_three()
    seal()
    _raw(
        f"UPDATE {AuditEvent._meta.db_table} SET payload = %s WHERE id = %s", ['{"n": "changed"}', second.id]
    )
    report = check_chain(full=True)
    assert report.broken_at_sequence == 2
    assert "altered" in report.problem
    assert report.checked == 1


def test_removed_event_is_reported_at_the_next_one():
    _, second, _ = _record_three()
    seal()
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [second.id])
    report = check_chain(full=True)
    assert report.broken_at_sequence == 2
    assert "removed" in report.problem


def test_removing_the_newest_event_is_caught_by_the_chain_head():
    *_, third = _record_three()
    seal()
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [third.id])
    report = check_chain(full=True)
    assert not report.intact
    assert "removed from the end" in report.problem


def test_audit_verify_command_exits_non_zero_on_tampering(capsys):
    _, second, _ = _record_three()
    call_command("audit_seal")
    call_command("audit_verify")
    assert "intact: 3 events checked" in capsys.readouterr().out
    _raw(f"UPDATE {AuditEvent._meta.db_table} SET verb = %s WHERE id = %s", ["thing.forged", second.id])
    with pytest.raises(CommandError, match="broken at sealed event 2"):
        call_command("audit_verify", "--full")


def test_events_cannot_be_changed_or_removed_through_the_orm():
    event = audit.record(actor=None, verb="thing.done")
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(id=event.id).update(verb="thing.undone")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_event_is_rolled_back_with_the_change_it_records():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=None, verb="thing.done")
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == 0
    audit.record(actor=None, verb="thing.done")
    assert audit.verify_chain().intact
    assert audit.chain_length() == 1


def test_actor_and_request_id_are_recorded(make_user):
    user = make_user("practitioner")
    token = begin_request("req-12345678")
    try:
        event = audit.record(actor=user, verb="thing.done", target=user)
    finally:
        end_request(token)
    assert event.actor == user
    assert event.actor_label == user.email
    assert event.organisation_id == user.current_organisation_id
    assert event.request_id == "req-12345678"
    assert (event.target_type, event.target_id) == ("accounts.user", str(user.id))


def test_payload_values_are_stored_as_plain_json_so_they_hash_the_same_when_read_back():
    import datetime
    import decimal

    event = audit.record(
        actor=None,
        verb="thing.done",
        payload={"when": datetime.date(2026, 1, 2), "x": decimal.Decimal("1.5")},
    )
    assert AuditEvent.objects.get(id=event.id).payload == {"when": "2026-01-02", "x": "1.5"}
    assert audit.verify_chain().intact


@pytest.mark.parametrize("verb", ["", "Signed In", "user", "user.", "user..x", "user.signed-in"])
def test_verbs_must_be_dotted_codes(verb):
    with pytest.raises(ValueError, match="dotted"):
        audit.record(actor=None, verb=verb)
    assert AuditEvent.objects.count() == 0


def test_events_recorded_together_continue_the_chain_in_order(make_user):
    user = make_user("practitioner")
    audit.record(actor=None, verb="test.before")
    events = audit.record_many(
        actor=user,
        entries=[
            audit.Entry(verb="test.first", payload={"n": 1}),
            audit.Entry(verb="test.second", target=user),
        ],
    )
    audit.record(actor=None, verb="test.after")
    assert [e.verb for e in AuditEvent.objects.order_by("id")][-4:] == [
        "test.before",
        "test.first",
        "test.second",
        "test.after",
    ]
    assert (events[1].target_id, events[1].actor_id) == (str(user.pk), user.pk)
    assert audit.verify_chain().intact
    first, second = AuditEvent.objects.filter(id__in=[e.id for e in events]).order_by("id")
    assert (first.sequence + 1, first.mac) == (second.sequence, second.previous_mac)
    assert audit.chain_length() == AuditEvent.objects.count()


def test_a_bad_verb_among_several_records_none_of_them():
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="dotted lower-case"):
        audit.record_many(actor=None, entries=[audit.Entry(verb="test.good"), audit.Entry(verb="Bad verb")])
    assert AuditEvent.objects.count() == before


def test_recording_no_events_writes_nothing():
    before = AuditEvent.objects.count()
    assert audit.record_many(actor=None, entries=[]) == []
    assert AuditEvent.objects.count() == before
