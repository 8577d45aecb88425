"""manage.py import_hsds DIR: import an HSDS tabular data package (as export_hsds writes)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from throughcare.directory.management.commands.import_oruk import actor_by_email
from throughcare.directory.oruk.schemas import StandardsNotFoundError
from throughcare.directory.oruk.sources import SourceError
from throughcare.directory.oruk.tabular_import import import_package


class Command(BaseCommand):
    help = (
        "Import an Open Referral UK tabular data package from DIR: its taxonomies, then each service "
        "put back together and checked as import_oruk checks a JSON service."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--actor", help="Email of the user running the import, for the audit trail.")
        parser.add_argument("--show", type=int, default=100, help="How many problems to list.")

    def handle(self, *args, directory: Path, actor=None, show=100, **options):
        try:
            report = import_package(directory, actor=actor_by_email(actor))
        except (SourceError, StandardsNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        for problem in report.problems[:show]:
            self.stderr.write(str(problem))
        if len(report.problems) > show:
            self.stderr.write(f"... and {len(report.problems) - show} more problems.")
        self.stdout.write(f"Imported from {directory}: {report.summary}.")
