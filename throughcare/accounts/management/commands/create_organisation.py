from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from throughcare.accounts.services import organisation_create
from throughcare.core.errors import describe_validation_error
from throughcare.core.permissions import OrganisationKind


class Command(BaseCommand):
    help = "Create an organisation whose staff will use Throughcare."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Short stable code, such as an ODS or Delius code.")
        parser.add_argument("name", help="The organisation's name.")
        parser.add_argument("--kind", required=True, choices=OrganisationKind.values)
        parser.add_argument("--ods-code", default="", help="Its NHS ODS code, if it has one (sent in FHIR).")

    def handle(self, *args, code, name, kind, ods_code, **options):
        try:
            organisation = organisation_create(actor=None, code=code, name=name, kind=kind, ods_code=ods_code)
        except ValidationError as exc:
            raise CommandError(describe_validation_error(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Created {organisation.name} ({organisation.code}), id {organisation.id}")
        )
