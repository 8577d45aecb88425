"""Running the scheduled jobs that are due, once each however many servers ask at the same time."""

import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from throughcare.schedule.jobs import JOBS, Job
from throughcare.schedule.models import JobRun, Outcome

logger = logging.getLogger(__name__)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MESSAGE_LENGTH = 2000


@dataclass(frozen=True)
class Ran:
    job: str
    outcome: Outcome
    message: str


def next_due(after: datetime, every: timedelta) -> datetime:
    """The first multiple of `every` (counted from 1970) later than `after`: a job every minute is
    due on the minute, so a cron line each minute always finds it due rather than a moment early."""
    periods = (after - EPOCH) // every
    return EPOCH + (periods + 1) * every


def server_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:255]


def ensure_rows(jobs: tuple[Job, ...] = JOBS, now: datetime | None = None) -> None:
    """A row for every job, due at once when new; rows of jobs no longer listed are left as history."""
    now = now or timezone.now()
    JobRun.objects.bulk_create([JobRun(job=job.command, due_at=now) for job in jobs], ignore_conflicts=True)


def claim(job: Job, *, now: datetime, holder: str) -> bool:
    """Take the job for this run if it is due and nobody holds it: one UPDATE whose condition is
    checked again under the row's lock, so of several servers asking at once exactly one gets it."""
    free = Q(held_until__isnull=True) | Q(held_until__lte=now)
    return bool(
        JobRun.objects.filter(Q(job=job.command, due_at__lte=now) & free).update(
            held_until=now + job.lease, held_by=holder, last_started_at=now
        )
    )


def _finish(job: Job, *, holder: str, started: datetime, outcome: Outcome, message: str) -> None:
    finished = timezone.now()
    JobRun.objects.filter(job=job.command, held_by=holder).update(
        due_at=next_due(started, job.every),
        held_until=None,
        held_by="",
        last_finished_at=finished,
        last_outcome=outcome,
        last_message=message[-MESSAGE_LENGTH:],
    )


def run_job(job: Job, *, holder: str, started: datetime) -> Ran:
    """Run a claimed job and record how it went. A failure is recorded, logged and reported, never
    raised: the other due jobs still run, and this one is tried again when next due."""
    output = StringIO()
    try:
        call_command(job.command, stdout=output, stderr=output)
    except Exception as error:  # any failure of any job is recorded the same way
        logger.exception("Scheduled job %s failed", job.command)
        message = f"{type(error).__name__}: {error}"
        outcome = Outcome.FAILED
    else:
        message = output.getvalue().strip()
        outcome = Outcome.SUCCEEDED
    _finish(job, holder=holder, started=started, outcome=outcome, message=message)
    return Ran(job.command, outcome, message)


def run_due(jobs: tuple[Job, ...] = JOBS, *, holder: str | None = None) -> list[Ran]:
    """Run each job that is due and that this server claims; what ran, in the order listed."""
    holder = holder or server_name()
    ensure_rows(jobs)
    ran = []
    for job in jobs:
        now = timezone.now()
        if claim(job, now=now, holder=holder):
            ran.append(run_job(job, holder=holder, started=now))
    return ran


def seconds_until_next_due(jobs: tuple[Job, ...] = JOBS, *, longest: float = 60.0) -> float:
    """How long the loop may sleep: until the soonest due job, at least a second, at most `longest`."""
    soonest = JobRun.objects.filter(job__in=[job.command for job in jobs]).order_by("due_at").first()
    if soonest is None:
        return 1.0
    wait = (soonest.due_at - timezone.now()).total_seconds()
    return min(longest, max(1.0, wait))


def run_until_stopped(
    *,
    stopped: Callable[[], bool],
    report: Callable[[list[Ran]], None] = lambda ran: None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    jobs: tuple[Job, ...] = JOBS,
) -> int:
    """Run what is due, sleep until the next job is due (waking each second to see whether to stop),
    and again, until `stopped()`; how many rounds ran."""
    rounds = 0
    while not stopped():
        report(run_due(jobs))
        rounds += 1
        deadline = clock() + seconds_until_next_due(jobs)
        while not stopped() and clock() < deadline:
            sleep(min(1.0, deadline - clock()))
    return rounds
