from django.core.management.base import BaseCommand

from throughcare.notices.email import send_notice_emails


class Command(BaseCommand):
    help = "Email the people behind notices not yet emailed (run it every minute; safe to run at once twice)."

    def handle(self, *args, **options):
        sent = send_notice_emails()
        self.stdout.write(f"{sent} notice{'s' if sent != 1 else ''} emailed.")
