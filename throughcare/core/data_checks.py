"""Stored values no edge would now accept, found (and, where safe, repaired) so they cannot break a read.

Before issue 21 the API took custody dates in years 1 and 9999 and SQLite stored NUL bytes; a page
reading such a row then failed on every visit. `manage.py check_data` runs these checks:
- every date column of every Throughcare model against its kind's range (core.inputs.DATE_RANGES;
  `DATE_FIELD_RANGES` names the kind of each date that is not "any");
- every text column for control characters (core.inputs.CONTROL_CHARACTER).
A safe repair exists for an optional date out of range (it becomes "not known") and for control
characters (they are removed: no one types them on purpose). A required date out of range has no
safe repair: it is reported for a person to correct. The audit trail is never checked or changed
here: its events are hash-chained as written (`manage.py audit_verify` checks them).
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Cast, StrIndex

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.inputs import ANY_DATE, CONTROL_CHARACTER, CUSTODY_DATES, EVENT_DATES, DateRange

DATE_FIELD_RANGES: dict[str, DateRange] = {
    **{
        f"continuity.{name}": CUSTODY_DATES
        for name in (
            "CustodyEpisode.reception_date",
            "CustodyEpisode.expected_release_date",
            "CustodyEpisode.actual_release_date",
            "Order.starts_on",
            "Order.ends_on",
            "Requirement.ordered_on",
            "Requirement.ends_on",
            "Requirement.first_appointment_on",
            "JourneyEvent.occurred_on",
        )
    },
    "referrals.Referral.release_date": CUSTODY_DATES,
    "referrals.Referral.expected_start_on": EVENT_DATES,
    "referrals.Consent.given_on": EVENT_DATES,
    "outcomes.OutcomeMeasurement.recorded_on": EVENT_DATES,
    "continuity.ReleasePlanItem.due_on": EVENT_DATES,
    "continuity.ReleasePlanItem.happens_on": EVENT_DATES,
    "people.CareTeamMember.started_on": EVENT_DATES,
    "people.CareTeamMember.ended_on": EVENT_DATES,
}
NOT_CHECKED = {"core"}  # the audit trail: hash-chained, never rewritten
# Control characters other than NUL, as a pattern each database's REGEXP understands.
OTHER_CONTROLS = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]"


@dataclass(frozen=True)
class Finding:
    model: type[models.Model]
    field: models.Field
    kind: str  # "date" or "text"
    ids: tuple
    problem: str

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"

    @property
    def repairable(self) -> bool:
        return self.kind == "text" or self.field.null

    def __str__(self) -> str:
        shown = ", ".join(str(pk) for pk in self.ids[:5]) + (" ..." if len(self.ids) > 5 else "")
        return f"{self.label}: {len(self.ids)} row(s) {self.problem} ({shown})"


def _models():
    for model in apps.get_models():
        ours = model.__module__.startswith("throughcare.") and model._meta.app_label not in NOT_CHECKED
        if ours and not model._meta.proxy and model._meta.managed:
            yield model


def date_range_of(model, field) -> DateRange:
    return DATE_FIELD_RANGES.get(f"{model._meta.label}.{field.name}", ANY_DATE)


def _date_findings(model) -> list[Finding]:
    found = []
    for field in model._meta.concrete_fields:
        if type(field) is not models.DateField:
            continue
        span = date_range_of(model, field)
        outside = Q(**{f"{field.name}__lt": span.earliest}) | Q(**{f"{field.name}__gt": span.latest})
        ids = tuple(model.objects.filter(outside).order_by("pk").values_list("pk", flat=True))
        if ids:
            problem = f"outside {span.earliest.isoformat()} to {span.latest.isoformat()} ({span.name} dates)"
            found.append(Finding(model, field, "date", ids, problem))
    return found


def _text_findings(model) -> list[Finding]:
    found = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        rows = model.objects.filter(**{f"{field.name}__regex": OTHER_CONTROLS})
        if connection.vendor == "sqlite":  # PostgreSQL cannot hold NUL in text at all
            # A NUL cannot be passed as a parameter (SQLite ends the string there), so look for the byte.
            as_bytes = Cast(field.name, models.BinaryField())
            nul = Value(b"\x00", output_field=models.BinaryField())
            with_nul = model.objects.alias(nul_at=StrIndex(as_bytes, nul)).filter(nul_at__gt=0)
            rows = rows | with_nul
        ids = tuple(rows.order_by("pk").values_list("pk", flat=True))
        if ids:
            found.append(Finding(model, field, "text", ids, "hold control characters"))
    return found


def find_impossible_values() -> list[Finding]:
    findings = []
    for model in _models():
        findings += _date_findings(model) + _text_findings(model)
    return findings


def repair_findings(findings: list[Finding]) -> list[Finding]:
    """Put right what can safely be put right, each with an audit event; returns what was repaired."""
    repaired = []
    with transaction.atomic():
        for finding in findings:
            if not finding.repairable:
                continue
            rows = finding.model._default_manager.filter(pk__in=finding.ids)
            if finding.kind == "date":
                rows.update(**{finding.field.name: None})
            else:
                for pk, text in rows.values_list("pk", finding.field.name):
                    cleaned = CONTROL_CHARACTER.sub("", text)
                    finding.model._default_manager.filter(pk=pk).update(**{finding.field.name: cleaned})
            audit.record(
                actor=None,
                verb=AuditVerb.DATA_IMPOSSIBLE_VALUES_REPAIRED,
                target_type=finding.model._meta.label_lower,
                payload={
                    "field": finding.field.name,
                    "kind": finding.kind,
                    "ids": [str(pk) for pk in finding.ids],
                    "repair": "set to not known" if finding.kind == "date" else "control characters removed",
                },
            )
            repaired.append(finding)
    return repaired
