"""manage.py referral_states: draw the referral lifecycle from the table that enforces it."""

from django.core.management.base import BaseCommand

from throughcare.referrals.drawing import RENDERERS, render


class Command(BaseCommand):
    help = (
        "Print the referral lifecycle: its states, the allowed transitions, which side may make each "
        "and which need a reason. --format dot for Graphviz (pipe to `dot -Tsvg`), table to read, "
        "json for tools."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(RENDERERS), default="table", dest="output_format")

    def handle(self, *args, output_format: str, **options):
        self.stdout.write(render(output_format), ending="")
