"""Recording outcome measures on a referral, and writing its end-of-service summary.

Only the receiving service records either; the referrer reads them. Each function checks everything
first and then writes in one transaction with its audit event and notices, so a refused entry
leaves nothing behind. Scoring is the scoring package's; this module turns its refusals into
messages that name the question, and says when a referral may take a measure at all.
"""

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.notices.models import NoticeKind
from throughcare.notices.services import notice_raise
from throughcare.outcomes.measures import ITEMISED_MEASURES, TOTAL_ONLY_MEASURES, ItemisedMeasure
from throughcare.outcomes.models import EndOfServiceSummary, MeasureCode, Occasion, OutcomeMeasurement
from throughcare.outcomes.progress import Score, measure_changes, recovery
from throughcare.outcomes.scoring import InvalidAnswersError, record_total, score
from throughcare.outcomes.scoring import Score as ScoredAnswers
from throughcare.referrals.models import Referral
from throughcare.referrals.services import require_receiver
from throughcare.referrals.states import ReferralState, Side, states_where

if TYPE_CHECKING:
    from throughcare.accounts.models import User

_S = ReferralState
# The person has been taken on (or the work has ended and its last scores are still coming in).
MEASURABLE_STATES = frozenset(states_where(measurable=True))
ENDED_STATES = frozenset({_S.COMPLETED, _S.ENDED_EARLY})
MEASURE_CHOICES = ", ".join(MeasureCode.values[:-1]) + " or " + MeasureCode.values[-1]


def question_field(number: int) -> str:
    """The field an answer and its error belong to, on the form and in the API: "question_9"."""
    return f"question_{number}"


def _state_name(state: str) -> str:
    return "a draft" if state == _S.DRAFT else ReferralState(state).label.lower()


def _check_answers(measure: ItemisedMeasure, answers) -> tuple[dict[str, str], ScoredAnswers | None]:
    """Errors by field, naming each question; otherwise the package's score."""
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        return {"answers": f"Answer all {measure.item_count} questions of {measure.code}"}, None
    if len(answers) != measure.item_count:
        return {
            "answers": f"{measure.code} has {measure.item_count} questions: "
            f"give {measure.item_count} answers, question 1 first, not {len(answers)}"
        }, None
    missing = {number for number, answer in enumerate(answers, start=1) if answer is None or answer == ""}
    # Unanswered questions stand in as the lowest answer, so the package checks the rest in the same pass.
    given = [measure.lowest_answer if n in missing else a for n, a in enumerate(answers, start=1)]
    try:
        scored = score(measure, given)
    except InvalidAnswersError as refused:
        scored, out_of_range = None, set(refused.item_errors)
    else:
        out_of_range = set()
    scale = f"from {measure.lowest_answer} to {measure.highest_answer}"
    errors = {}
    for number in sorted(missing | out_of_range):
        errors[question_field(number)] = (
            f"Answer question {number}"
            if number in missing
            else f"Question {number}: choose an answer {scale}"
        )
    return errors, None if errors else scored


def _check_measurement(measure_code, occasion, recorded_on, answers, total) -> tuple[dict, dict]:
    """(errors by field, the values to store)."""
    errors: dict[str, str] = {}
    values: dict = {}
    if occasion not in Occasion.values:
        errors["occasion"] = "Choose when the measure was taken: first, at a session, or last"
    if recorded_on is None:
        errors["recorded_on"] = "Enter the date the measure was completed"
    elif recorded_on > timezone.localdate():
        errors["recorded_on"] = "The date the measure was completed must be today or in the past"
    if measure_code in ITEMISED_MEASURES:
        measure = ITEMISED_MEASURES[measure_code]
        if total is not None and total != "":
            errors["total"] = f"{measure.code} is scored from its answers: leave the total empty"
        answer_errors, scored = _check_answers(measure, answers)
        errors.update(answer_errors)
        if scored is not None:
            values = {
                "answers": list(scored.answers),
                "total": scored.total,
                "band": scored.band.code,
                "risk_to_self": scored.risk_to_self,
                "in_clinical_range": scored.in_clinical_range,
            }
    elif measure_code in TOTAL_ONLY_MEASURES:
        total_only = TOTAL_ONLY_MEASURES[measure_code]
        if answers is not None and answers != []:
            errors["answers"] = (
                f"Record only the {total_only.code} total: its questions are licensed and are not recorded"
            )
        if total is None or total == "":
            errors["total"] = f"Enter the {total_only.code} total"
        else:
            try:
                recorded = record_total(total_only, total)
            except InvalidAnswersError:
                errors["total"] = (
                    f"The {total_only.code} total must be a whole number from "
                    f"{total_only.lowest_total} to {total_only.highest_total}"
                )
            else:
                values = {"answers": None, "total": recorded.total, "metric_score": recorded.metric_score}
    else:
        errors["measure"] = f"Choose a measure: {MEASURE_CHOICES}"
    return errors, values


def _risk_summary(measurement: OutcomeMeasurement) -> str:
    question = ITEMISED_MEASURES[measurement.measure].risk_item
    return (
        f"{measurement.measure} question {question} answered above zero on "
        f"{measurement.recorded_on:%-d %B %Y}: check risk to self"
    )


def outcome_record(
    *,
    actor: "User",
    referral: Referral,
    measure: str,
    occasion: str,
    recorded_on: date | None,
    answers: Sequence | None = None,
    total: int | None = None,
) -> OutcomeMeasurement:
    """Record one completed measure. A risk item answered above zero tells both sides at once.

    Raises Http404 outside both organisations, PermissionDenied for the referrer, and
    ValidationError naming each field (each question by number) that is wrong.
    """
    require_receiver(actor, referral, "records outcome measures")
    errors, values = _check_measurement(measure, occasion, recorded_on, answers, total)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Locked, so a move or a summary written at the same moment is seen before this is saved.
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.state not in MEASURABLE_STATES:
            raise ValidationError(
                {
                    "referral": "Outcome measures are recorded once the service has accepted the "
                    f"referral: this referral is {_state_name(locked.state)}"
                }
            )
        if EndOfServiceSummary.objects.filter(referral=locked).exists():
            raise ValidationError(
                {"referral": "The end-of-service summary has been written: no more measures can be recorded"}
            )
        assert recorded_on is not None  # _check_measurement refused a missing date
        measurement = OutcomeMeasurement.objects.create(
            referral=locked,
            measure=measure,
            occasion=occasion,
            recorded_on=recorded_on,
            recorded_by=actor,
            **values,
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.OUTCOME_RECORDED,
            target=measurement,
            payload={"referral": str(locked.pk), "occasion": occasion},
        )
        if measurement.risk_to_self:
            notice_raise(
                referral=locked,
                kind=NoticeKind.RISK_TO_SELF,
                sides=[Side.REFERRER, Side.RECEIVER],
                summary=_risk_summary(measurement),
                actor=actor,
            )
    return measurement


def attendance_for(referral_id) -> dict | None:
    """Appointment counts from the appointments app, or None where it is not installed."""
    if not apps.is_installed("throughcare.appointments"):
        return None
    # Imported here: the appointments app is optional, and this module must load without it.
    from throughcare.appointments.selectors import attendance_counts

    return dict(attendance_counts(referral_id))


def summary_write(
    *, actor: "User", referral: Referral, offered: str, recommendations: str, next_steps: str
) -> EndOfServiceSummary:
    """The receiving service's summary for the referrer, once the referral is completed or ended early.

    Written once: the attendance and the first and last scores are copied in as they stand now.
    """
    require_receiver(actor, referral, "writes the end-of-service summary")
    texts = {"offered": offered, "recommendations": recommendations, "next_steps": next_steps}
    texts = {name: (value or "").strip() for name, value in texts.items()}
    errors = {}
    if not texts["offered"]:
        errors["offered"] = "Enter what the service offered"
    if not texts["recommendations"]:
        errors["recommendations"] = "Enter your recommendations for the referrer, or say there are none"
    if not texts["next_steps"]:
        errors["next_steps"] = "Enter the next steps for the referrer, or say there are none"
    with transaction.atomic():
        locked = Referral.objects.select_for_update().select_related("service").get(pk=referral.pk)
        if locked.state not in ENDED_STATES:
            errors["referral"] = (
                "The end-of-service summary is written once the referral is completed or ended early: "
                f"this referral is {_state_name(locked.state)}"
            )
        elif EndOfServiceSummary.objects.filter(referral=locked).exists():
            errors["referral"] = "The end-of-service summary for this referral has already been written"
        if errors:
            raise ValidationError(errors)
        scores = [
            Score(*row)
            for row in OutcomeMeasurement.objects.filter(referral=locked)
            .order_by("recorded_on", "created_at")
            .values_list("measure", "recorded_on", "total")
        ]
        changes = measure_changes(scores)
        summary = EndOfServiceSummary.objects.create(
            referral=locked,
            ending_state=locked.state,
            attendance=attendance_for(locked.pk),
            outcomes=[change.as_json() for change in changes],
            recovery=recovery(changes),
            written_by=actor,
            written_at=timezone.now(),
            **texts,
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.OUTCOME_SUMMARY_WRITTEN,
            target=summary,
            payload={"referral": str(locked.pk), "measures": len(changes)},
        )
        notice_raise(
            referral=locked,
            kind=NoticeKind.STATUS_CHANGED,
            sides=[Side.REFERRER],
            summary=f"{locked.service.name}: end-of-service summary written",
            actor=actor,
        )
    return summary
