import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from throughcare.core import audit
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


def test_events_chain_each_hash_to_the_one_before():
    first, second, third = _record_three()
    assert first.previous_hash == audit.GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.length, head.last_hash) == (3, third.hash)


def test_intact_chain_verifies():
    _record_three()
    report = audit.verify_chain()
    assert report.intact
    assert report.checked == 3


def test_altered_payload_is_reported_at_that_event():
    _, second, _ = _record_three()
    _raw(
        f"UPDATE {AuditEvent._meta.db_table} SET payload = %s WHERE id = %s", ['{"n": "changed"}', second.id]
    )
    report = audit.verify_chain()
    assert report.broken_at == second.id
    assert "altered" in report.reason
    assert report.checked == 1


def test_removed_event_is_reported_at_the_next_one():
    _, second, third = _record_three()
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [second.id])
    report = audit.verify_chain()
    assert report.broken_at == third.id
    assert "removed" in report.reason


def test_removing_the_newest_event_is_caught_by_the_chain_head():
    *_, third = _record_three()
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [third.id])
    report = audit.verify_chain()
    assert not report.intact
    assert "removed from the end" in report.reason


def test_audit_verify_command_exits_non_zero_on_tampering(capsys):
    _, second, _ = _record_three()
    call_command("audit_verify")
    assert "intact: 3 events" in capsys.readouterr().out
    _raw(f"UPDATE {AuditEvent._meta.db_table} SET verb = %s WHERE id = %s", ["thing.forged", second.id])
    with pytest.raises(CommandError, match=f"broken at event {second.id}"):
        call_command("audit_verify")


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
    assert AuditChainHead.objects.get(pk=1).length == 0
    audit.record(actor=None, verb="thing.done")
    assert audit.verify_chain().intact


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
    assert events[1].previous_hash == events[0].hash
    assert (events[1].target_id, events[1].actor_id) == (str(user.pk), user.pk)
    assert AuditChainHead.objects.get(pk=1).length == audit.chain_length() == AuditEvent.objects.count()
    assert audit.verify_chain().intact


def test_a_bad_verb_among_several_records_none_of_them():
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="dotted lower-case"):
        audit.record_many(actor=None, entries=[audit.Entry(verb="test.good"), audit.Entry(verb="Bad verb")])
    assert AuditEvent.objects.count() == before


def test_recording_no_events_writes_nothing():
    before = (AuditEvent.objects.count(), audit.chain_length())
    assert audit.record_many(actor=None, entries=[]) == []
    assert (AuditEvent.objects.count(), audit.chain_length()) == before
