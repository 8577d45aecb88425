from django.core.management.base import BaseCommand

from throughcare.people.custody_places import prison_places_end_due


class Command(BaseCommand):
    help = (
        "End the care team places whose last day has passed: a prison's, once the RECONNECT window "
        "after release has closed (safe to re-run)."
    )

    def handle(self, *args, **options):
        ended = prison_places_end_due()
        self.stdout.write(f"{ended} care team place{'s' if ended != 1 else ''} ended.")
