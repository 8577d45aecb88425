from django.core.management.base import BaseCommand

from throughcare.notices.email import send_notice_emails


class Command(BaseCommand):
    help = (
        "Queue an email for each person behind new notices and send those due (run it every minute; "
        "safe to run twice at once)."
    )

    def handle(self, *args, **options):
        queued, sent = send_notice_emails()
        notices = f"{queued} notice{'s' if queued != 1 else ''}"
        emails = f"{sent} email{'s' if sent != 1 else ''}"
        self.stdout.write(f"{notices} queued, {emails} sent.")
