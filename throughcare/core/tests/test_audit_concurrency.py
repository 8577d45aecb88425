"""Sealing under real concurrency: two sealers at once, and a transaction that commits late.

These use real connections in threads (transactional tests), which is what PostgreSQL serves in
production; SQLite serialises writers from the start of each transaction, so there the same runs
show that sealing stays linear when writers queue.
"""

import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from throughcare.core import audit
from throughcare.core.audit_chain import seal
from throughcare.core.audit_verification import check_chain
from throughcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_as_a_database_file_would(action):
    """SQLite's in-memory test database shares one cache between threads, which reports a locked
    table at once where a database file would wait out its busy timeout: wait here instead."""
    for _ in range(2000):
        try:
            return action()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.005)
    raise AssertionError("the database stayed locked")


def _thread(target):
    errors = []

    def run():
        try:
            target()
        except Exception as error:  # handed back to the test to re-raise
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_two_sealers_at_once_make_one_linear_chain():
    audit.record_many(
        actor=None, entries=[audit.Entry(verb="thing.done", payload={"n": n}) for n in range(300)]
    )
    start = threading.Barrier(2)

    def sealer():
        start.wait()
        _waiting_as_a_database_file_would(lambda: seal(batch_size=7))

    threads = [_thread(sealer) for _ in range(2)]
    for thread, errors in threads:
        thread.join(timeout=60)
        assert not errors, errors
    sequences = list(AuditEvent.objects.order_by("id").values_list("sequence", flat=True))
    assert sequences == list(range(1, 301))
    assert check_chain(full=True).intact


def test_sealing_while_events_are_recorded_keeps_every_event_in_one_chain():
    stop = threading.Event()

    def writer():
        n = 0
        while not stop.is_set() and n < 200:
            _waiting_as_a_database_file_would(
                lambda n=n: audit.record(actor=None, verb="thing.done", payload={"n": n})
            )
            n += 1

    def sealer():
        while not stop.is_set():
            _waiting_as_a_database_file_would(lambda: seal(batch_size=5))

    writers = [_thread(writer) for _ in range(3)]
    sealers = [_thread(sealer) for _ in range(2)]
    for thread, errors in writers:
        thread.join(timeout=120)
        assert not errors, errors
    stop.set()
    for thread, errors in sealers:
        thread.join(timeout=60)
        assert not errors, errors
    seal()
    assert AuditEvent.objects.filter(sequence__isnull=True).count() == 0
    assert sorted(AuditEvent.objects.values_list("sequence", flat=True)) == list(range(1, 601))
    assert check_chain(full=True).intact


def test_an_event_whose_transaction_commits_late_is_sealed_after_the_ids_above_it():
    if connection.vendor != "postgresql":
        # SQLite hands out ids in commit order (writers hold the lock from BEGIN IMMEDIATE), so no
        # transaction can commit below an id already committed; test_audit_sealing makes that state.
        with transaction.atomic():
            early = audit.record(actor=None, verb="thing.early")
        assert AuditEvent.objects.get(id=early.id).id == AuditEvent.objects.order_by("-id").first().id
        return
    recorded, release = threading.Event(), threading.Event()
    late_ids = []

    def slow_transaction():
        with transaction.atomic():
            late_ids.append(audit.record(actor=None, verb="thing.late").id)
            recorded.set()
            release.wait(timeout=30)

    thread, errors = _thread(slow_transaction)
    assert recorded.wait(timeout=30)
    above = audit.record(actor=None, verb="thing.above")
    assert above.id > late_ids[0]
    assert seal().sealed == 1  # the late event's transaction is still open: it is not seen yet
    release.set()
    thread.join(timeout=30)
    assert not errors, errors
    assert seal().sealed == 1
    assert AuditEvent.objects.get(id=above.id).sequence == 1
    assert AuditEvent.objects.get(id=late_ids[0]).sequence == 2
    assert check_chain(full=True).intact
