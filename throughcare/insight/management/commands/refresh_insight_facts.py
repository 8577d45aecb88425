import time

from django.core.management.base import BaseCommand

from throughcare.insight import summary


class Command(BaseCommand):
    help = (
        "Bring insight's kept referral facts up to date with the referrals (ADR 41): the referrals "
        "changed since the last catch-up, and every one changed in the few minutes before it, are "
        "worked out again. Safe to run again at any time; views also catch up before they read."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")

    def handle(self, *args, quiet, **options):
        started = time.perf_counter()
        count = summary.catch_up(always=True)
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Insight facts up to date: {count:,} referrals worked out again "
                    f"({time.perf_counter() - started:.1f}s)."
                )
            )
