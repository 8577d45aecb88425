"""Audit trail: audited writes at 1, 4 and 16 threads, sealing and verifying (ADR 20).

An audited write is a transaction inserting one row of its own and recording its audit event, as
every service does. It is timed beside the same transaction without the event (the floor), and
with the event plus the lock on the chain's head that every writer took before ADR 20 (the old
design, emulated on the same machine). Then sealing and verifying are timed per event.

Standalone on a scratch PostgreSQL database (created if missing):
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tc_audit_bench .venv/bin/python -m bench.bench_audit
"""

import os
import statistics
import sys
import threading
import time

from django.db import connection, transaction

THREADS = (1, 4, 16)
WRITES_PER_LEVEL = 3200
WARMUP_PER_THREAD = 10


def _scratch_table() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS bench_audit_rows (id BIGSERIAL PRIMARY KEY, body TEXT)"
            )
        else:
            cursor.execute("CREATE TABLE IF NOT EXISTS bench_audit_rows (id INTEGER PRIMARY KEY, body TEXT)")


def _write_row() -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_audit_rows (body) VALUES (%s)", ["x" * 200])


def plain_write() -> None:
    with transaction.atomic():
        _write_row()


def audited_write() -> None:
    from throughcare.core import audit

    with transaction.atomic():
        _write_row()
        audit.record(actor=None, verb="demo.seeded", target_type="bench", payload={"n": 1})


def audited_write_with_head_lock() -> None:
    """Before ADR 20 every audited write locked the one head row to chain its event."""
    from throughcare.core import audit
    from throughcare.core.models import AuditChainHead

    with transaction.atomic():
        _write_row()
        AuditChainHead.objects.select_for_update().filter(pk=1).first()
        audit.record(actor=None, verb="demo.seeded", target_type="bench", payload={"n": 1})
        AuditChainHead.objects.filter(pk=1).update(last_event_id=0)


def _at(threads: int, action) -> dict:
    per_thread = WRITES_PER_LEVEL // threads
    samples: list[list[float]] = [[] for _ in range(threads)]
    ready = threading.Barrier(threads + 1)

    def worker(index: int) -> None:
        try:
            for _ in range(WARMUP_PER_THREAD):
                action()
            ready.wait()
            for _ in range(per_thread):
                started = time.perf_counter()
                action()
                samples[index].append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for each in workers:
        each.start()
    ready.wait()
    started, cpu_started = time.perf_counter(), time.process_time()
    for each in workers:
        each.join()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    flat = sorted(ms for thread_samples in samples for ms in thread_samples)
    return {
        "threads": threads,
        "median": statistics.median(flat),
        "p95": flat[int(len(flat) * 0.95) - 1],
        "rate": len(flat) / wall,
        "cpu_per_write_ms": cpu / len(flat) * 1000,
        "runs": len(flat),
    }


def _level_table(name: str, action) -> list[dict]:
    print(f"  {name}")
    results = [_at(threads, action) for threads in THREADS]
    base = results[0]["rate"]
    for r in results:
        print(
            f"    {r['threads']:>2} threads: median {r['median']:7.2f} ms  p95 {r['p95']:7.2f} ms  "
            f"{r['rate']:8.0f} writes/s  ({r['rate'] / base:4.2f}x the 1-thread rate; "
            f"client CPU {r['cpu_per_write_ms']:.2f} ms/write; {r['runs']} runs)"
        )
    return results


def _per_event(name: str, action, events: int) -> None:
    started, cpu_started = time.perf_counter(), time.process_time()
    action()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"  {name:<52} {events / wall:9.0f} events/s  ({cpu / events * 1e6:.1f} us client CPU/event)")


def run() -> None:
    from throughcare.core.audit_chain import events_waiting, seal, seal_and_checkpoint
    from throughcare.core.audit_verification import check_chain

    _scratch_table()
    seal_and_checkpoint()  # start from a sealed chain, as a running service would
    print(f"  database: {connection.vendor}; {WRITES_PER_LEVEL} writes per level, spread over the threads")
    plain = _level_table("plain write (one insert, no audit event): the floor", plain_write)
    audited = _level_table("audited write (insert + audit.record, no lock: ADR 20)", audited_write)
    locked = _level_table(
        "audited write with the old head lock (before ADR 20)", audited_write_with_head_lock
    )
    for label, results in (("audited", audited), ("old head lock", locked)):
        ratios = ", ".join(
            f"{r['threads']}: {r['rate'] / p['rate']:.2f}x" for r, p in zip(results, plain, strict=True)
        )
        print(f"  {label} rate / plain rate by threads ({ratios})")
    waiting = events_waiting()
    _per_event(f"seal {waiting} waiting events (one sealer)", seal, waiting)
    chain = check_chain(full=True)
    _per_event(f"verify --full over {chain.checked} events", lambda: check_chain(full=True), chain.checked)
    seal_and_checkpoint()
    print(f"  chain intact after the run: {check_chain(full=True).intact}")


def _ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tc_audit_bench")
    if url.startswith("postgres"):
        _ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.harness import machine_steadiness

    call_command("migrate", verbosity=0)
    machine_steadiness()
    print(f"{__doc__.strip().splitlines()[0]} ({url})")
    run()
    sys.exit(0)
