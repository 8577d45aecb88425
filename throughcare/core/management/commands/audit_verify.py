from django.core.management.base import BaseCommand, CommandError

from throughcare.core.audit_chain import events_waiting
from throughcare.core.audit_verification import verify_and_record


class Command(BaseCommand):
    help = (
        "Check the sealed audit chain against its keyed MACs and the checkpoint file, from the last "
        "verified checkpoint (--full: from the first event); exit non-zero if any sealed event was "
        "altered, removed or reordered, or the chain was rewritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Walk the whole chain, not only what is new.")
        parser.add_argument("--quiet", action="store_true", help="Print nothing when the chain is intact.")

    def handle(self, *args, full, quiet, **options):
        run = verify_and_record(full=full)
        if not run.intact:
            where = (
                f"at sealed event {run.broken_at_sequence}"
                if run.broken_at_sequence
                else "against its checkpoints"
            )
            raise CommandError(
                f"Audit chain broken {where}: {run.problem}. Checked {run.checked} events from event "
                f"{run.from_sequence + 1} before it."
            )
        if not quiet:
            matched = run.checkpoints_checked
            scope = "the whole chain" if full else f"from sealed event {run.from_sequence + 1}"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Audit chain intact: {run.checked} events checked ({scope} to {run.to_sequence}), "
                    f"{matched} checkpoint{'s' if matched != 1 else ''} matched. "
                    f"{events_waiting()} recorded since the last seal wait for audit_seal."
                )
            )
