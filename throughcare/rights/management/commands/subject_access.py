"""manage.py subject_access PERSON_ID OUTPUT.zip: everything held about a person, for a DPO."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from throughcare.people.models import Person
from throughcare.people.selectors import survivor_of
from throughcare.rights.export import subject_access_archive


class Command(BaseCommand):
    help = "Write everything Throughcare holds about a person (a readable document and JSON) to a zip file."

    def add_arguments(self, parser):
        parser.add_argument("person_id", help="The person's Throughcare id")
        parser.add_argument("output", help="Where to write the zip file, such as request-123.zip")

    def handle(self, *args, **options):
        try:
            person = Person.objects.filter(pk=options["person_id"]).first()
        except ValidationError as exc:
            raise CommandError(f"{options['person_id']} is not a Throughcare person id") from exc
        if person is None:
            raise CommandError(f"No person has the id {options['person_id']}")
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist")
        person = survivor_of(person)
        output.write_bytes(subject_access_archive(actor=None, person=person, via="command"))
        self.stdout.write(f"Wrote everything held about person {person.pk} to {output}")
