"""manage.py import_oruk SOURCE: import services from an Open Referral UK API or a JSON file."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from throughcare.directory.oruk.importing import BATCH_SIZE, import_services
from throughcare.directory.oruk.schemas import StandardsNotFoundError
from throughcare.directory.oruk.sources import SourceError, records_from
from throughcare.directory.oruk.tabular_import import import_package


def actor_by_email(email: str | None):
    if not email:
        return None
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise CommandError(f"No user has the email address {email}.")
    return user


class Command(BaseCommand):
    help = (
        "Import services from an Open Referral UK API (give its base URL, like "
        "https://example.org/openreferral), a JSON file holding a list of full services, a page of "
        "them, an organisation with its services or one service (HSDS 3.0 or ORUK 1.0), or a "
        "folder holding an HSDS tabular data package (as export_hsds "
        "writes). Services are matched by id; unchanged ones are left alone. Each record is checked "
        "against the UK profile and Throughcare's rules, and problems are listed by record."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="An API base URL, or a JSON document's URL or file.")
        parser.add_argument("--actor", help="Email of the user running the import, for the audit trail.")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--show", type=int, default=100, help="How many problems to list (all are counted)."
        )

    def handle(self, *args, source, actor=None, batch_size=BATCH_SIZE, show=100, **options):
        actor = actor_by_email(actor)
        try:
            if Path(source).is_dir():  # an HSDS tabular data package, as export_hsds writes
                report = import_package(Path(source), actor=actor)
            else:
                report = import_services(
                    records_from(source), actor=actor, source=source, batch_size=max(1, batch_size)
                )
        except (SourceError, StandardsNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        if not (report.created or report.updated or report.unchanged or report.failed):
            raise CommandError(f"{source} holds no services: nothing was imported.")
        for problem in report.problems[:show]:
            self.stderr.write(str(problem))
        if len(report.problems) > show:
            self.stderr.write(f"... and {len(report.problems) - show} more problems.")
        for note in report.not_kept[:show]:
            self.stdout.write(str(note))
        if len(report.not_kept) > show:
            self.stdout.write(f"... and {len(report.not_kept) - show} more fields not kept.")
        self.stdout.write(f"Imported from {source}: {report.summary}.")
