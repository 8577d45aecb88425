import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from throughcare.geography.importing import configured_folder, import_geography
from throughcare.geography.sources import SourceError


class Command(BaseCommand):
    help = (
        "Create or update NHS regions, ICBs, probation regions and PDUs, local authorities and postcode "
        "districts from the shared geography files. Safe to run again: unchanged data stays as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="folder", type=Path, help="The geography folder (default: GEOGRAPHY_DATA_DIR)."
        )
        parser.add_argument("--quiet", action="store_true", help="Print one summary line.")

    def handle(self, *args, folder: Path | None, quiet: bool, **options):
        folder = folder or configured_folder()
        if folder is None:
            # Set-up must still work without the data: the demo then uses its built-in sample.
            self.stdout.write(
                self.style.WARNING(
                    "Geography data was not found (set GEOGRAPHY_DATA_DIR), so none was imported."
                )
            )
            return
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        started = time.perf_counter()
        try:
            report = import_geography(folder=folder)
        except (SourceError, ValueError, KeyError) as exc:
            raise CommandError(
                f"The geography files could not be read, so nothing was imported: {exc}"
            ) from exc
        elapsed = f" ({time.perf_counter() - started:.1f}s)"
        if quiet:
            self.stdout.write(report.summary() + elapsed)
            return
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(report.summary() + elapsed))
