"""manage.py term_codes [--repair]: find, and if asked put right, services whose term codes disagree
with their terms (ADR 19)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.directory.term_codes import refresh_term_codes, services_out_of_step


class Command(BaseCommand):
    help = (
        "Check that every service's term codes (the text matching reads) agree with its terms. "
        "With --repair, work them out again for those that do not. Exits with an error if any "
        "disagree and --repair was not given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Put right the services that disagree.")

    def handle(self, *args, repair: bool = False, **options):
        out_of_step = services_out_of_step()
        if not out_of_step:
            self.stdout.write("Every service's term codes agree with its terms.")
            return
        if not repair:
            raise CommandError(
                f"Term codes disagree with the terms of {_services(len(out_of_step))} (first: "
                f"{out_of_step[0]}). Run `manage.py term_codes --repair` to put them right."
            )
        with transaction.atomic():
            refresh_term_codes(out_of_step)
            audit.record(
                actor=None,
                verb=AuditVerb.DIRECTORY_TERM_CODES_REPAIRED,
                target_type="directory.service",
                payload={"services": len(out_of_step)},
            )
        self.stdout.write(f"Put right the term codes of {_services(len(out_of_step))}.")


def _services(count: int) -> str:
    return f"{count} service" if count == 1 else f"{count} services"
