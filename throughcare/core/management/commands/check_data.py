"""manage.py check_data [--repair]: find stored values no edge would now accept (see core/data_checks.py)."""

from django.core.management.base import BaseCommand, CommandError

from throughcare.core.data_checks import find_impossible_values, repair_findings


class Command(BaseCommand):
    help = (
        "Find stored values that cannot be right: dates outside their kind's range and text holding "
        "control characters. With --repair, an optional date out of range becomes not known and "
        "control characters are removed, each with an audit event. Exits with an error while any "
        "impossible value remains."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Put right what can safely be put right.")

    def handle(self, *args, repair: bool = False, **options):
        findings = find_impossible_values()
        if not findings:
            self.stdout.write("No impossible values are stored.")
            return
        for finding in findings:
            self.stderr.write(str(finding))
        if repair:
            done = repair_findings(findings)
            for finding in done:
                self.stdout.write(f"Repaired {finding.label}: {len(finding.ids)} row(s).")
            findings = [finding for finding in findings if finding not in done]
            if not findings:
                return
        fixable = any(finding.repairable for finding in findings)
        raise CommandError(
            f"{len(findings)} field(s) hold impossible values."
            + (" Run `manage.py check_data --repair` to put right those that can be." if fixable else "")
            + (
                " Required dates out of range have no safe repair: correct them by hand."
                if any(not finding.repairable for finding in findings)
                else ""
            )
        )
