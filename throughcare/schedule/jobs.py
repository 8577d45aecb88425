"""The jobs Throughcare runs on a schedule: the one list `manage.py run_scheduled` reads.

Each job is a management command that is safe to run again (each says so in its help), so a run
that fails, or a server that stops half-way, is put right by the next run. Add a job by adding a
line here; the command, its lock and its record of runs need nothing else.
"""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Job:
    command: str  # the management command to run, which also names the job
    every: timedelta  # due at each multiple of this since midnight UTC, 1 January 1970
    # How long a server may hold the job before another may take it over (it stopped mid-run).
    lease: timedelta = timedelta(minutes=15)


JOBS: tuple[Job, ...] = (
    # The email outbox: notices not yet emailed (failures are retried next run).
    Job("send_notice_emails", every=timedelta(minutes=1), lease=timedelta(minutes=5)),
    # People's own emails: links to their plan and sign-in codes (each is also tried as it is made).
    Job("send_person_messages", every=timedelta(minutes=1), lease=timedelta(minutes=5)),
    # Reminders the day before each appointment, for people who asked for them.
    Job("send_appointment_reminders", every=timedelta(hours=1)),
    # Replies to reminder texts: STOP ends them (reads nothing unless NOTIFY_SMS_REPLIES is on).
    Job("read_text_replies", every=timedelta(minutes=5)),
    # Referrals past their deadline, flagged to both sides.
    Job("send_overdue_notices", every=timedelta(hours=1)),
    # Prisons' places in the care teams of people released more than the RECONNECT window ago (ADR 40).
    # Access already stops after the last day; this records the end, and tells the prison.
    Job("end_care_team_places", every=timedelta(hours=1)),
    # The audit trail: events recorded since the last seal are chained and checkpointed (ADR 20),
    # then checked from the last verified checkpoint, so a rewrite is found within the hour.
    Job("audit_seal", every=timedelta(minutes=1), lease=timedelta(minutes=5)),
    Job("audit_verify", every=timedelta(hours=1)),
    # Registered council Open Referral feeds that are due (each has its own schedule: directory/feeds.py).
    # A national feed can take several minutes to read, so the lease is long.
    Job("sync_directory_feeds", every=timedelta(minutes=15), lease=timedelta(hours=2)),
    # Insight's kept referral facts (ADR 41): views catch up before they read, so this only keeps that
    # catch-up small, and works out again the last few minutes, whose changes may have committed late.
    Job("refresh_insight_facts", every=timedelta(minutes=5), lease=timedelta(minutes=10)),
    # Every referral's facts from the referrals alone, nightly, so nothing can drift for long.
    Job("rebuild_insight_facts", every=timedelta(days=1), lease=timedelta(hours=1)),
)
BY_COMMAND = {job.command: job for job in JOBS}
