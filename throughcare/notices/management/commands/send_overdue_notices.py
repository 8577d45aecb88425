from django.core.management.base import BaseCommand

from throughcare.notices.overdue import raise_overdue_notices


class Command(BaseCommand):
    help = "Flag referrals past their deadline to both sides, in Throughcare and by email (safe to re-run)."

    def handle(self, *args, **options):
        raised = raise_overdue_notices()
        self.stdout.write(f"{raised} overdue notice{'s' if raised != 1 else ''} raised.")
