from django.core.management.base import BaseCommand, CommandError

from throughcare.core.audit import verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain; exit non-zero at the first altered, removed or reordered event."
    )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.intact:
            where = f"at event {report.broken_at}" if report.broken_at else "at the end of the chain"
            raise CommandError(
                f"Audit chain broken {where}: {report.reason}. {report.checked} events before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events checked."))
