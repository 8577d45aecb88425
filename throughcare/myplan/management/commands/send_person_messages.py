from django.core.management.base import BaseCommand

from throughcare.myplan.outbox import send_person_messages


class Command(BaseCommand):
    help = (
        "Send the emails and texts due to people about their own plan (links, sign-in codes and "
        "reminders); run it every "
        "minute; safe to run twice at once."
    )

    def handle(self, *args, **options):
        sent = send_person_messages()
        self.stdout.write(f"{sent} message{'s' if sent != 1 else ''} sent.")
