import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from throughcare.geography.nspl import DEFAULT_BATCH_SIZE, NsplFormatError, import_nspl

ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Create or update full postcodes from an ONS postcode directory CSV (NSPL or ONSPD). "
        "Safe to run again; rows that cannot be read are listed and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path, help="The directory's CSV file (the national one or a part).")
        parser.add_argument(
            "--batch", type=int, default=DEFAULT_BATCH_SIZE, help="Rows written per statement."
        )

    def handle(self, *args, csv: Path, batch: int, **options):
        if not csv.is_file():
            raise CommandError(f"{csv} is not a file.")
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        started = time.perf_counter()
        try:
            report = import_nspl(path=csv, batch_size=batch)
        except (NsplFormatError, UnicodeDecodeError) as exc:
            raise CommandError(f"{csv.name} could not be read, so nothing was imported: {exc}") from exc
        for reason, count in report.skipped.most_common():
            self.stdout.write(f"Skipped {count:,}: {reason}.")
        for line, message in report.errors[:ERRORS_SHOWN]:
            self.stdout.write(self.style.WARNING(f"Line {line}: {message}."))
        if report.error_count > ERRORS_SHOWN:
            self.stdout.write(
                self.style.WARNING(f"... and {report.error_count - ERRORS_SHOWN:,} more errors.")
            )
        elapsed = f" ({time.perf_counter() - started:.1f}s)"
        if not report.changed:
            self.stdout.write(self.style.SUCCESS(report.summary() + " Nothing changed." + elapsed))
        else:
            self.stdout.write(self.style.SUCCESS(report.summary() + elapsed))
