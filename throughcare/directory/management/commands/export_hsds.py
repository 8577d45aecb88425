"""manage.py export_hsds DIR: the published directory as an HSDS tabular data package."""

from pathlib import Path

from django.core.management.base import BaseCommand

from throughcare.directory.oruk.tabular import export_package


class Command(BaseCommand):
    help = (
        "Write the published directory (active, public services) to DIR as an Open Referral UK "
        "tabular data package: one CSV per HSDS table and a datapackage.json describing them."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        counts = export_package(directory)
        tables = ", ".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(f"Wrote {counts['service']} services to {directory} ({tables}).")
