from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from throughcare.accounts.models import User
from throughcare.accounts.services import token_issue
from throughcare.core.errors import describe_validation_error


class Command(BaseCommand):
    help = "Issue an API bearer token for a user. The token is printed once and only its hash is kept."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="API token", help="What the token is for.")
        parser.add_argument("--days", type=int, default=None, help="Days until it expires (default 90).")

    def handle(self, *args, email, name, days, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user has the email address {email!r}.")
        try:
            issued = token_issue(actor=None, user=user, name=name, days=days)
        except ValidationError as exc:
            raise CommandError(describe_validation_error(exc)) from exc
        self.stderr.write(
            f"Token {issued.token.prefix} for {user.email}, expires {issued.token.expires_at:%Y-%m-%d}. "
            "Store it now: it will not be shown again."
        )
        self.stdout.write(issued.secret)
