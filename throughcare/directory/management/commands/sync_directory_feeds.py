"""manage.py sync_directory_feeds: import each registered Open Referral feed that is due."""

from django.core.management.base import BaseCommand

from throughcare.directory.feeds import sync_due_feeds


class Command(BaseCommand):
    help = (
        "Sync every active registered Open Referral feed that is due: import what changed, retire "
        "services a feed no longer publishes, and record the run. Safe to run again: an import "
        "changes only what differs, and a feed is next due a schedule's length after it ran."
    )

    def handle(self, *args, **options):
        runs = sync_due_feeds()
        for run in runs:
            outcome = "synced" if run.succeeded else "failed"
            self.stdout.write(
                f"{run.feed.name}: {outcome}: {run.created} created, {run.updated} updated, "
                f"{run.unchanged} unchanged, {run.refused} refused, {run.retired} retired"
                + (f" ({run.message.splitlines()[0]})" if not run.succeeded and run.message else "")
            )
        if not runs:
            self.stdout.write("No feed is due.")
