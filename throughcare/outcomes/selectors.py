"""Reads of a referral's outcome measures and end-of-service summary, for either side, audited.

Scope is the referral's: the referring and receiving organisations see them (404 for anyone else,
403 for roles that neither make nor receive referrals). The whole section is a fixed number of
queries however many measures are recorded.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.outcomes.measures import ITEMISED_MEASURES, TOTAL_ONLY_MEASURES
from throughcare.outcomes.models import EndOfServiceSummary, Occasion, OutcomeMeasurement
from throughcare.outcomes.progress import MEASURE_ORDER, MeasureChange, Score, measure_changes, recovery
from throughcare.outcomes.services import ENDED_STATES, MEASURABLE_STATES
from throughcare.referrals.selectors import referral_in_scope
from throughcare.referrals.services import side_of
from throughcare.referrals.states import Side

ATTENDANCE_LABELS = {
    "booked": "Appointments booked",
    "attended": "Attended",
    "attended_late": "Attended late",
    "did_not_attend": "Did not attend",
    "cancelled": "Cancelled",
}


def attendance_rows(counts: dict | None) -> list[tuple[str, int]] | None:
    """Appointment counts as (label, number) rows in a fixed order; None where none were recorded."""
    if counts is None:
        return None
    return [(label, counts.get(key, 0)) for key, label in ATTENDANCE_LABELS.items()]


@dataclass(frozen=True)
class MeasurementRow:
    id: str
    measure: str
    occasion: str
    occasion_label: str
    recorded_on: date
    total: int
    metric_score: str | None
    band: str  # the band's label, or "" for a measure without bands
    flags: list[str]  # as words: shown as text tags, never as colour alone
    answers: list[int] | None


@dataclass(frozen=True)
class MeasureTable:
    measure: str
    name: str
    rows: list[MeasurementRow]
    change: MeasureChange


@dataclass(frozen=True)
class SummaryView:
    ending_state: str
    offered: str
    attendance: dict | None
    attendance_rows: list[tuple[str, int]] | None
    outcomes: list[MeasureChange]
    recovery: dict | None
    recommendations: str
    next_steps: str
    written_by: str
    written_at: datetime


@dataclass(frozen=True)
class OutcomesView:
    referral_id: str
    side: str
    state: str
    tables: list[MeasureTable] = field(default_factory=list)
    recovery: dict | None = None
    summary: SummaryView | None = None
    can_record: bool = False
    can_write_summary: bool = False


def _flags(measurement: OutcomeMeasurement) -> list[str]:
    flags = []
    if measurement.risk_to_self:
        question = ITEMISED_MEASURES[measurement.measure].risk_item
        flags.append(f"Risk to self: question {question} above zero")
    if measurement.in_clinical_range:
        flags.append("In the clinical range")
    return flags


def measurement_row(measurement: OutcomeMeasurement) -> MeasurementRow:
    itemised = ITEMISED_MEASURES.get(measurement.measure)
    band = next((b.label for b in itemised.bands if b.code == measurement.band), "") if itemised else ""
    return MeasurementRow(
        id=str(measurement.pk),
        measure=measurement.measure,
        occasion=measurement.occasion,
        occasion_label=Occasion(measurement.occasion).label,
        recorded_on=measurement.recorded_on,
        total=measurement.total,
        metric_score=None if measurement.metric_score is None else f"{measurement.metric_score:.2f}",
        band=band,
        flags=_flags(measurement),
        answers=measurement.answers,
    )


def summary_view(summary: EndOfServiceSummary) -> SummaryView:
    return SummaryView(
        ending_state=summary.ending_state,
        offered=summary.offered,
        attendance=summary.attendance,
        attendance_rows=attendance_rows(summary.attendance),
        outcomes=[MeasureChange.from_json(values) for values in summary.outcomes],
        recovery=summary.recovery,
        recommendations=summary.recommendations,
        next_steps=summary.next_steps,
        written_by=str(summary.written_by),
        written_at=summary.written_at,
    )


def outcomes_for(user, referral_id) -> OutcomesView:
    """The referral's measures by measure, the change first to last, and the summary; the read audited."""
    referral = referral_in_scope(user, referral_id)
    side = side_of(user, referral)
    measurements = list(
        OutcomeMeasurement.objects.filter(referral=referral).order_by("recorded_on", "created_at")
    )
    summary = EndOfServiceSummary.objects.select_related("written_by").filter(referral=referral).first()
    changes = {
        c.measure: c for c in measure_changes(Score(m.measure, m.recorded_on, m.total) for m in measurements)
    }
    tables = [
        MeasureTable(
            measure=code,
            name=(ITEMISED_MEASURES.get(code) or TOTAL_ONLY_MEASURES[code]).name,
            rows=[measurement_row(m) for m in measurements if m.measure == code],
            change=changes[code],
        )
        for code in MEASURE_ORDER
        if code in changes
    ]
    audit.record(
        actor=user,
        verb=AuditVerb.OUTCOME_VIEWED,
        target=referral,
        payload={"side": side, "measurements": [str(m.pk) for m in measurements]},
    )
    receiver = side == Side.RECEIVER
    return OutcomesView(
        referral_id=str(referral.pk),
        side=side,
        state=referral.state,
        tables=tables,
        recovery=recovery(list(changes.values())),
        summary=summary_view(summary) if summary else None,
        can_record=receiver and referral.state in MEASURABLE_STATES and summary is None,
        can_write_summary=receiver and referral.state in ENDED_STATES and summary is None,
    )
