import contextlib
import signal

from django.core.management.base import BaseCommand, CommandError

from throughcare.schedule.jobs import JOBS
from throughcare.schedule.models import JobRun, Outcome
from throughcare.schedule.running import run_due, run_until_stopped


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs that are due (throughcare/schedule/jobs.py), each under a database lock "
        "so that several servers may run this at once. With --once, run what is due and exit (from cron, "
        "every minute); without it, keep running and sleep until the next job is due."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due now, then exit.")
        parser.add_argument(
            "--list", action="store_true", dest="show_jobs", help="List the jobs and how each last ran."
        )

    def handle(self, *args, once=False, show_jobs=False, **options):
        if show_jobs:
            self._list()
        elif once:
            failed = [ran for ran in self._report(run_due()) if ran.outcome == Outcome.FAILED]
            if failed:
                raise CommandError("Failed: " + "; ".join(f"{ran.job} ({ran.message})" for ran in failed))
        else:
            self._loop()

    def _report(self, ran):
        for each in ran:
            write = self.stdout.write if each.outcome == Outcome.SUCCEEDED else self.stderr.write
            write(f"{each.job} {each.outcome}: {each.message}")
        return ran

    def _loop(self) -> None:
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self.stdout.write(f"Running {len(JOBS)} scheduled jobs until stopped (Ctrl+C or SIGTERM).")
        with contextlib.suppress(KeyboardInterrupt):
            run_until_stopped(stopped=lambda: bool(stopping), report=self._report)
        self.stdout.write("Stopped.")

    def _list(self) -> None:
        rows = {row.job: row for row in JobRun.objects.all()}
        for job in JOBS:
            row = rows.get(job.command)
            if row is None or row.last_started_at is None:
                self.stdout.write(f"{job.command} (every {job.every}): not run yet")
                continue
            self.stdout.write(
                f"{job.command} (every {job.every}): last {row.last_outcome or 'running'} at "
                f"{row.last_started_at:%Y-%m-%d %H:%M:%S}, next due {row.due_at:%Y-%m-%d %H:%M:%S}"
            )
