import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from throughcare.accounts.models import Organisation
from throughcare.accounts.services import user_create, user_invite
from throughcare.core.errors import describe_validation_error
from throughcare.core.permissions import Role


class Command(BaseCommand):
    help = (
        "Create a user with a role in an organisation. The password comes from THROUGHCARE_PASSWORD, "
        "a prompt, or --no-password (the user is emailed an invitation link to choose one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="The person's full name.")
        parser.add_argument("--organisation", required=True, help="The organisation's code.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--no-password", action="store_true", help="Create without a password and email an invitation."
        )

    def handle(self, *args, email, name, organisation, role, no_password, **options):
        found = Organisation.objects.filter(code__iexact=organisation).first()
        if found is None:
            raise CommandError(f"No organisation has the code {organisation!r}.")
        password = None
        if not no_password:
            password = os.environ.get("THROUGHCARE_PASSWORD") or getpass.getpass("Password: ")
        try:
            if no_password:
                user = user_invite(actor=None, email=email, full_name=name, organisation=found, role=role)
            else:
                user = user_create(
                    actor=None, email=email, full_name=name, organisation=found, role=role, password=password
                )
        except ValidationError as exc:
            raise CommandError(describe_validation_error(exc)) from exc
        invited = " and emailed them an invitation" if no_password else ""
        self.stdout.write(
            self.style.SUCCESS(f"Created {user.email} as {Role(role).label} at {found.name}{invited}")
        )
