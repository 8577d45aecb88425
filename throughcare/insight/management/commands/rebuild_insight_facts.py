import time

from django.core.management.base import BaseCommand
from django.db import transaction

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.insight import summary


class Command(BaseCommand):
    help = (
        "Work out insight's kept referral facts again for every referral, from the referrals alone "
        "(ADR 41): after loading data outside Throughcare's own writes, or to be sure nothing has "
        "drifted. Safe to run again at any time; writes to referrals wait while it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")

    def handle(self, *args, quiet, **options):
        started = time.perf_counter()
        with transaction.atomic():
            count = summary.rebuild()
            audit.record(
                actor=None,
                verb=AuditVerb.INSIGHT_FACTS_REBUILT,
                target_type="insight_facts",
                payload={"referrals": count},
            )
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Insight facts rebuilt for {count:,} referrals ({time.perf_counter() - started:.1f}s)."
                )
            )
