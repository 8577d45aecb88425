"""manage.py apply_retention [--dry-run]: empty the personal free text of referrals past retention."""

from django.conf import settings
from django.core.management.base import BaseCommand

from throughcare.rights.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Remove personal free text from draft referrals older than RETENTION_DRAFT_REFERRAL_DAYS and ended "
        "referrals older than RETENTION_CLOSED_REFERRAL_YEARS, and from plan links, requests to be contacted "
        "and people's words past their own periods, keeping the rows so figures stay true."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be removed; change nothing"
        )

    def handle(self, *args, **options):
        report = apply_retention(dry_run=options["dry_run"])
        verb = "Would empty" if report.dry_run else "Emptied"
        self.stdout.write(
            f"{len(report.draft_referral_ids)} draft referrals older than "
            f"{settings.RETENTION_DRAFT_REFERRAL_DAYS} days and {len(report.closed_referral_ids)} ended "
            f"referrals older than {settings.RETENTION_CLOSED_REFERRAL_YEARS} years are past retention."
        )
        own_door = report.own_door
        self.stdout.write(
            f"{len(own_door.plan_access_ids)} plan links ended over {settings.RETENTION_PLAN_ACCESS_DAYS} "
            f"days ago, {len(own_door.self_referral_ids)} requests to be contacted and "
            f"{len(own_door.feedback_ids)} people's words about services are past retention."
        )
        if not report.fields_emptied:
            self.stdout.write("Nothing to remove: their personal text is already gone.")
        for field, count in sorted(report.fields_emptied.items()):
            self.stdout.write(f"{verb} {field} on {count} record{'s' if count != 1 else ''}")
