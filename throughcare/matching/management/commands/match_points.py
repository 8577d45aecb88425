"""manage.py match_points [--repair]: find, and if asked put right, rows of matching's derived tables
that disagree with the directory (ADR 50)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.matching import match_points


class Command(BaseCommand):
    help = (
        "Check that matching's derived tables (each published service's places and areas, with its "
        "needs) agree with the directory, and that the triggers keeping them are in place. With "
        "--repair, put the triggers back and work the tables out again. Exits with an error if they "
        "disagree and --repair was not given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Put the tables and triggers right.")

    def handle(self, *args, repair: bool = False, **options):
        differing = sum(match_points.out_of_step().values())
        missing = not match_points.triggers_in_place()
        if not differing and not missing:
            self.stdout.write("Matching's places and areas agree with the directory, and are kept so.")
            return
        problem = f"{_rows(differing)} disagree with the directory" if differing else ""
        if missing:
            problem = " and ".join(
                filter(None, [problem, "the triggers that keep them are missing or out of date"])
            )
        if not repair:
            raise CommandError(
                f"Matching's places and areas: {problem}."
                " Run `manage.py match_points --repair` to put them right."
            )
        with transaction.atomic():
            if not match_points.install():
                match_points.rebuild()
            audit.record(
                actor=None,
                verb=AuditVerb.MATCHING_POINTS_REBUILT,
                target_type="matching.matchpoint",
                payload={"rows_differing": differing, "triggers_replaced": missing},
            )
        self.stdout.write(f"Put right matching's places and areas ({_rows(differing)} differed).")


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"
