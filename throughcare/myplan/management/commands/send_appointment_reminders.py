from django.core.management.base import BaseCommand

from throughcare.myplan.outbox import send_person_messages
from throughcare.myplan.reminders import queue_appointment_reminders


class Command(BaseCommand):
    help = (
        "Email or text a reminder for each appointment tomorrow to the people who asked for reminders, "
        "then send what is due (run it every hour; each appointment is reminded once however often it runs)."
    )

    def handle(self, *args, **options):
        queued = queue_appointment_reminders()
        sent = send_person_messages()
        reminders = f"{queued} reminder{'s' if queued != 1 else ''}"
        self.stdout.write(f"{reminders} queued, {sent} message{'s' if sent != 1 else ''} sent.")
