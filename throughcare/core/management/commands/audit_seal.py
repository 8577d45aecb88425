from django.core.management.base import BaseCommand, CommandError

from throughcare.core.audit_chain import seal_and_checkpoint
from throughcare.core.audit_checkpoints import CheckpointError, sink_path


class Command(BaseCommand):
    help = (
        "Chain the audit events recorded since the last seal under the keyed MAC, then append a "
        "checkpoint of the chain's head to the checkpoint file (AUDIT_CHECKPOINT_FILE). Run it every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing when all is well.")

    def handle(self, *args, quiet, **options):
        try:
            result = seal_and_checkpoint()
        except CheckpointError as error:
            raise CommandError(str(error)) from error
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Sealed {result.sealed} audit event{'s' if result.sealed != 1 else ''}: the chain holds "
                    f"{result.length}, checkpointed in {sink_path()}."
                )
            )
