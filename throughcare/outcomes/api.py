"""Outcome measures and the end-of-service summary under /api/v1/referrals/{id}/.

The same selectors and services as the pages: either side reads (audited), only the receiving
service writes (the referrer gets 403), a referral outside both organisations is 404, and bad input
answers 422 with an error per field, each question by name ("question_9": "Answer question 9").
"""

from datetime import date, datetime
from uuid import UUID

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from throughcare.core.inputs import EventDate, Words, code_from
from throughcare.outcomes import selectors, services
from throughcare.outcomes.measures import ITEMISED_MEASURES, TOTAL_ONLY_MEASURES
from throughcare.outcomes.models import Occasion
from throughcare.outcomes.progress import MeasureChange, recovery_words
from throughcare.referrals.selectors import referral_in_scope

router = Router(tags=["outcomes"])


def _completion_date_required(schema: dict) -> None:
    # The date is required, but checked by the service with the rest, so every missing answer is named at
    # once in its own words; the document still says it is required.
    schema.setdefault("required", []).append("recorded_on")


class MeasurementIn(Schema):
    model_config = ConfigDict(json_schema_extra=_completion_date_required)

    measure: code_from(ITEMISED_MEASURES, TOTAL_ONLY_MEASURES)
    occasion: code_from(Occasion)
    recorded_on: EventDate | None = Field(None, description="When the person completed it: today or earlier.")
    answers: list[int | float | str | None] | None = Field(
        None,
        description=(
            "PHQ-9, GAD-7 and CORE-10 only: one whole number per question, question 1 first, the column "
            "chosen counted from 0. Never sent for WEMWBS or SWEMWBS (their items are licensed)."
        ),
    )
    total: int | float | str | None = Field(
        None, description="WEMWBS (14 to 70) and SWEMWBS (7 to 35) only: the total from the licensed form."
    )


class MeasurementOut(Schema):
    id: str
    measure: str
    occasion: str
    recorded_on: date
    total: int
    metric_score: str | None = Field(None, description="SWEMWBS's metric score from its conversion table.")
    band: str = Field(..., description="The severity band, or empty for a measure without bands.")
    flags: list[str]
    answers: list[int] | None


class ChangeOut(Schema):
    measure: str
    scores: int
    first_on: date
    first_total: int
    last_on: date
    last_total: int
    difference: int
    change_words: str
    reliable_change: str = Field(..., description="reliable_improvement, no_reliable_change, ... or empty.")
    reliable_change_words: str


class MeasureOut(Schema):
    measure: str
    name: str
    measurements: list[MeasurementOut]
    change: ChangeOut


class RecoveryOut(Schema):
    at_caseness_at_start: bool
    recovered: bool
    reliable_improvement: bool
    reliable_deterioration: bool
    reliable_recovery: bool


class OutcomesOut(Schema):
    side: str
    measures: list[MeasureOut]
    recovery: RecoveryOut | None = Field(None, description="NHS Talking Therapies, from PHQ-9 and GAD-7.")
    recovery_words: str
    can_record: bool
    can_write_summary: bool


class SummaryIn(Schema):
    offered: Words
    recommendations: Words
    next_steps: Words


class AttendanceOut(Schema):
    booked: int = 0
    attended: int = 0
    attended_late: int = 0
    did_not_attend: int = 0
    cancelled: int = 0


class SummaryOut(Schema):
    ending_state: str
    offered: str
    attendance: AttendanceOut | None = Field(None, description="Null where appointments are not recorded.")
    outcomes: list[ChangeOut]
    recovery: RecoveryOut | None
    recovery_words: str
    recommendations: str
    next_steps: str
    written_by: str
    written_at: datetime


def _change(change: MeasureChange) -> dict:
    return {
        **change.as_json(),
        "difference": change.difference,
        "change_words": change.change_words,
        "reliable_change_words": change.reliable_change_words,
    }


def _measurement(row: selectors.MeasurementRow) -> dict:
    return {name: getattr(row, name) for name in MeasurementOut.model_fields}


def _summary(summary: selectors.SummaryView) -> dict:
    return {
        "ending_state": summary.ending_state,
        "offered": summary.offered,
        "attendance": summary.attendance,
        "outcomes": [_change(change) for change in summary.outcomes],
        "recovery": summary.recovery,
        "recovery_words": recovery_words(summary.recovery),
        "recommendations": summary.recommendations,
        "next_steps": summary.next_steps,
        "written_by": summary.written_by,
        "written_at": summary.written_at,
    }


@router.get(
    "/referrals/{referral_id}/outcomes",
    response=OutcomesOut,
    summary="A referral's outcome measures, with the change first to last (audited)",
)
def list_outcomes(request, referral_id: UUID):
    view = selectors.outcomes_for(request.auth, referral_id)
    return {
        "side": view.side,
        "measures": [
            {
                "measure": table.measure,
                "name": table.name,
                "measurements": [_measurement(row) for row in table.rows],
                "change": _change(table.change),
            }
            for table in view.tables
        ],
        "recovery": view.recovery,
        "recovery_words": recovery_words(view.recovery),
        "can_record": view.can_record,
        "can_write_summary": view.can_write_summary,
    }


@router.post(
    "/referrals/{referral_id}/outcomes",
    response={201: MeasurementOut},
    summary="Record a completed outcome measure (receiving service); a risk item above zero tells both sides",
)
def record_outcome(request, referral_id: UUID, payload: MeasurementIn):
    referral = referral_in_scope(request.auth, referral_id)
    measurement = services.outcome_record(actor=request.auth, referral=referral, **payload.dict())
    return Status(201, _measurement(selectors.measurement_row(measurement)))


@router.get(
    "/referrals/{referral_id}/end-of-service-summary",
    response=SummaryOut,
    summary="The end-of-service summary; 404 until the receiving service has written it (audited)",
)
def get_summary(request, referral_id: UUID):
    view = selectors.outcomes_for(request.auth, referral_id)
    if view.summary is None:
        raise Http404("No end-of-service summary has been written for this referral.")
    return _summary(view.summary)


@router.post(
    "/referrals/{referral_id}/end-of-service-summary",
    response={201: SummaryOut},
    summary="Write the end-of-service summary (receiving service, once, when completed or ended early)",
)
def write_summary(request, referral_id: UUID, payload: SummaryIn):
    referral = referral_in_scope(request.auth, referral_id)
    summary = services.summary_write(actor=request.auth, referral=referral, **payload.dict())
    return Status(201, _summary(selectors.summary_view(summary)))
