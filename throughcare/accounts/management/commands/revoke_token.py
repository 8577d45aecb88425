from django.core.management.base import BaseCommand, CommandError

from throughcare.accounts.models import ApiToken
from throughcare.accounts.services import token_revoke


class Command(BaseCommand):
    help = "Revoke an API token by its prefix (the 8 characters after 'tc_'), or all of a user's tokens."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("prefix", nargs="?")
        group.add_argument("--all-for", metavar="EMAIL", help="Revoke every token of this user.")

    def handle(self, *args, prefix, all_for, **options):
        if all_for:
            tokens = list(ApiToken.objects.filter(user__email__iexact=all_for, revoked_at__isnull=True))
        else:
            tokens = list(ApiToken.objects.filter(prefix=prefix.removeprefix("tc_")[:8]))
            if not tokens:
                raise CommandError(f"No token has the prefix {prefix!r}.")
        for token in tokens:
            token_revoke(actor=None, token=token)
        self.stdout.write(
            self.style.SUCCESS(f"Revoked {len(tokens)} token{'s' if len(tokens) != 1 else ''}.")
        )
