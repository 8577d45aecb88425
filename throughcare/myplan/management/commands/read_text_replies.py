from django.core.management.base import BaseCommand

from throughcare.myplan.replies import read_text_replies


class Command(BaseCommand):
    help = (
        "Read replies to reminder texts from GOV.UK Notify and stop the texts of anyone who replied "
        "STOP (run it every five minutes; each reply is read once however often it runs)."
    )

    def handle(self, *args, **options):
        read, stopped = read_text_replies()
        self.stdout.write(f"{read} repl{'ies' if read != 1 else 'y'} read; texts stopped for {stopped}.")
