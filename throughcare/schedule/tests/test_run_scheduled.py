"""manage.py run_scheduled: each due job runs once, however many servers ask, and its run is recorded."""

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from throughcare.schedule import running
from throughcare.schedule.jobs import BY_COMMAND, JOBS, Job
from throughcare.schedule.models import JobRun, Outcome
from throughcare.schedule.running import claim, ensure_rows, next_due, run_due, run_until_stopped

pytestmark = pytest.mark.django_db
EVERY_MINUTE = Job("send_notice_emails", every=timedelta(minutes=1), lease=timedelta(minutes=5))


def test_the_email_outbox_runs_every_minute_and_the_overdue_check_hourly():
    assert BY_COMMAND["send_notice_emails"].every == timedelta(minutes=1)
    assert BY_COMMAND["send_overdue_notices"].every == timedelta(hours=1)
    assert len(BY_COMMAND) == len(JOBS), "a job is listed twice"


def test_a_job_is_due_on_the_next_multiple_of_its_period():
    moment = datetime(2026, 12, 6, 9, 41, 30, tzinfo=UTC)
    assert next_due(moment, timedelta(minutes=1)) == datetime(2026, 12, 6, 9, 42, tzinfo=UTC)
    assert next_due(moment, timedelta(hours=1)) == datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    on_the_hour = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    assert next_due(on_the_hour, timedelta(hours=1)) == datetime(2026, 12, 6, 11, 0, tzinfo=UTC)


def test_once_runs_every_new_job_and_records_how_it_went():
    out = StringIO()
    call_command("run_scheduled", "--once", stdout=out)
    assert "send_notice_emails succeeded: 0 notices queued, 0 emails sent." in out.getvalue()
    assert "send_overdue_notices succeeded: 0 overdue notices raised." in out.getvalue()
    rows = {row.job: row for row in JobRun.objects.all()}
    assert set(rows) == set(BY_COMMAND)
    for job in JOBS:
        row = rows[job.command]
        assert row.last_outcome == Outcome.SUCCEEDED
        assert row.last_started_at <= row.last_finished_at
        assert row.due_at == next_due(row.last_started_at, job.every)
        assert (row.held_until, row.held_by) == (None, "")


def test_a_job_not_yet_due_does_not_run_again():
    call_command("run_scheduled", "--once", stdout=StringIO())
    out = StringIO()
    call_command("run_scheduled", "--once", stdout=out)
    assert out.getvalue() == ""


def test_of_two_servers_claiming_a_due_job_only_the_first_gets_it():
    now = timezone.now()
    ensure_rows((EVERY_MINUTE,), now=now)
    assert claim(EVERY_MINUTE, now=now, holder="server-a:1")
    assert not claim(EVERY_MINUTE, now=now, holder="server-b:2")
    row = JobRun.objects.get(job=EVERY_MINUTE.command)
    assert (row.held_by, row.held_until) == ("server-a:1", now + EVERY_MINUTE.lease)


def test_a_job_held_by_a_server_that_stopped_is_taken_over_when_its_lease_ends():
    now = timezone.now()
    ensure_rows((EVERY_MINUTE,), now=now)
    assert claim(EVERY_MINUTE, now=now, holder="server-a:1")
    assert not claim(EVERY_MINUTE, now=now + EVERY_MINUTE.lease - timedelta(seconds=1), holder="server-b:2")
    assert claim(EVERY_MINUTE, now=now + EVERY_MINUTE.lease, holder="server-b:2")
    assert JobRun.objects.get(job=EVERY_MINUTE.command).held_by == "server-b:2"


def test_a_failing_job_is_recorded_and_the_others_still_run(monkeypatch):
    real = running.call_command

    def fail_the_outbox(command, **kwargs):
        if command == "send_notice_emails":
            raise ConnectionError("Notify did not answer")
        return real(command, **kwargs)

    monkeypatch.setattr(running, "call_command", fail_the_outbox)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"Failed: send_notice_emails \(ConnectionError: Notify did not"):
        call_command("run_scheduled", "--once", stdout=out, stderr=err)
    assert "send_notice_emails failed: ConnectionError: Notify did not answer" in err.getvalue()
    assert "send_overdue_notices succeeded" in out.getvalue()
    outbox = JobRun.objects.get(job="send_notice_emails")
    assert (outbox.last_outcome, outbox.last_message) == (
        Outcome.FAILED,
        "ConnectionError: Notify did not answer",
    )
    assert outbox.held_until is None, "a failed run lets go of the job, to be tried when next due"


def test_a_server_whose_lease_was_taken_over_does_not_overwrite_the_new_holders_record():
    now = timezone.now()
    ensure_rows((EVERY_MINUTE,), now=now)
    claim(EVERY_MINUTE, now=now, holder="server-a:1")
    later = now + EVERY_MINUTE.lease
    claim(EVERY_MINUTE, now=later, holder="server-b:2")
    running.run_job(EVERY_MINUTE, holder="server-a:1", started=now)
    row = JobRun.objects.get(job=EVERY_MINUTE.command)
    assert (row.held_by, row.last_outcome, row.last_started_at) == ("server-b:2", "", later)


def test_list_says_what_ran_and_what_has_not():
    out = StringIO()
    call_command("run_scheduled", "--list", stdout=out)
    assert "send_notice_emails (every 0:01:00): not run yet" in out.getvalue()
    call_command("run_scheduled", "--once", stdout=StringIO())
    out = StringIO()
    call_command("run_scheduled", "--list", stdout=out)
    assert "send_overdue_notices (every 1:00:00): last succeeded at" in out.getvalue()


def test_the_loop_runs_what_is_due_sleeps_a_second_at_a_time_and_stops_when_asked(monkeypatch):
    # The wall clock stands still ten seconds into a minute: had it passed the minute while the first
    # round ran, the every-minute job would rightly have been due again in the second.
    standing = datetime(2026, 1, 5, 12, 0, 10, tzinfo=UTC)
    monkeypatch.setattr(running.timezone, "now", lambda: standing)
    rounds, sleeps, now = [], [], [0.0]

    def sleep(seconds):
        sleeps.append(seconds)
        now[0] += seconds

    ran = run_until_stopped(
        stopped=lambda: len(rounds) == 2, report=rounds.append, sleep=sleep, clock=lambda: now[0]
    )
    assert ran == 2
    assert {each.job for each in rounds[0]} == set(BY_COMMAND)
    assert rounds[1] == [], "nothing is due again until the next minute"
    assert sleeps
    assert all(0 < seconds <= 1.0 for seconds in sleeps)
    assert 1.0 <= sum(sleeps) <= 60.0


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite takes one writer at a time (and its shared in-memory test "
    "database refuses a second rather than waiting), so servers cannot race there; the claim's "
    "exclusivity on SQLite is covered by test_of_two_servers_claiming_a_due_job_only_the_first_gets_it.",
)
@pytest.mark.django_db(transaction=True)
def test_servers_asking_at_the_same_moment_run_each_job_once():
    """Several threads, each with its own database connection, run the schedule at once."""
    start, results = threading.Barrier(4), []

    def server(number):
        try:
            start.wait()
            results.append(run_due(JOBS, holder=f"server-{number}:1"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=server, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    ran = sorted(each.job for server_ran in results for each in server_ran)
    assert len(results) == 4
    assert ran == sorted(BY_COMMAND)
