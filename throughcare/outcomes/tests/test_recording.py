"""Recording outcome measures through the service: every validation rule, sides, states, audit, risk."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.outcomes.measures import ITEMISED_MEASURES, PHQ9, TOTAL_ONLY_MEASURES
from throughcare.outcomes.models import MeasureCode, OutcomeMeasurement
from throughcare.outcomes.scoring import score
from throughcare.outcomes.tests.helpers import LOW_PHQ9, S, in_treatment, move, record, write_summary
from throughcare.referrals import services as referral_services
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(referrer, receiver, service):
    return in_treatment(referrer, receiver, service)


def refused(receiver, referral, measure="PHQ-9", **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record(receiver, referral, measure, **kwargs)
    assert not OutcomeMeasurement.objects.exists()
    return caught.value.message_dict


def test_phq9_is_stored_with_its_total_band_and_flags(receiver, referral):
    measurement = record(receiver, referral, "PHQ-9", answers=[2, 2, 2, 1, 1, 1, 1, 1, 0])
    measurement.refresh_from_db()
    assert measurement.answers == [2, 2, 2, 1, 1, 1, 1, 1, 0]
    assert (measurement.total, measurement.band) == (11, "moderate")
    assert measurement.in_clinical_range is True
    assert measurement.risk_to_self is False
    assert measurement.recorded_by == receiver


def test_every_measure_the_package_scores_can_be_recorded():
    assert set(MeasureCode.values) == set(ITEMISED_MEASURES) | set(TOTAL_ONLY_MEASURES)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_what_is_stored_is_what_the_package_scores(receiver, referral, answers):
    measurement = record(receiver, referral, answers=answers)
    scored = score(PHQ9, answers)
    assert (measurement.total, measurement.band) == (scored.total, scored.band.code)
    assert measurement.risk_to_self is (answers[8] > 0)


def test_core10_reverse_scores_items_2_and_3(receiver, referral):
    # Columns chosen 0 for items 2 and 3 score 4 each, by CORE-10's rules (the package's scoring).
    measurement = record(receiver, referral, "CORE-10", answers=[0] * 10)
    assert measurement.total == 8


def test_recording_is_audited_without_scores(receiver, referral):
    measurement = record(receiver, referral)
    event = AuditEvent.objects.get(verb="outcome.recorded")
    assert event.target_id == str(measurement.pk)
    assert event.payload == {"referral": str(referral.pk), "occasion": "first"}


def test_a_wrong_number_of_answers_says_how_many_questions(receiver, referral):
    errors = refused(receiver, referral, answers=[0] * 8)
    assert errors == {"answers": ["PHQ-9 has 9 questions: give 9 answers, question 1 first, not 8"]}


def test_no_answers_at_all_asks_for_them(receiver, referral):
    errors = refused(receiver, referral, "GAD-7", answers="0000000")
    assert errors == {"answers": ["Answer all 7 questions of GAD-7"]}


def test_an_unanswered_question_is_named(receiver, referral):
    errors = refused(receiver, referral, answers=[0, 0, 0, 0, 0, 0, 0, 0, None])
    assert errors == {"question_9": ["Answer question 9"]}


@pytest.mark.parametrize("bad", [4, -1, "2", 2.0, 1.5, True])
def test_an_answer_outside_the_scale_is_named(receiver, referral, bad):
    answers = [0, 0, 0, bad, 0, 0, 0, 0, 0]
    errors = refused(receiver, referral, answers=answers)
    assert errors == {"question_4": ["Question 4: choose an answer from 0 to 3"]}


def test_core10_allows_answers_up_to_4_only(receiver, referral):
    errors = refused(receiver, referral, "CORE-10", answers=[5] + [0] * 9)
    assert errors == {"question_1": ["Question 1: choose an answer from 0 to 4"]}


def test_a_total_is_not_taken_for_a_measure_scored_from_its_answers(receiver, referral):
    errors = refused(receiver, referral, answers=LOW_PHQ9, total=12)
    assert errors == {"total": ["PHQ-9 is scored from its answers: leave the total empty"]}


@pytest.mark.parametrize(
    ("measure", "total"), [("WEMWBS", 14), ("WEMWBS", 70), ("SWEMWBS", 7), ("SWEMWBS", 35)]
)
def test_licensed_totals_at_the_ends_of_their_range_are_kept_without_items(
    receiver, referral, measure, total
):
    measurement = record(receiver, referral, measure, total=total)
    measurement.refresh_from_db()
    assert (measurement.total, measurement.answers, measurement.band) == (total, None, "")


def test_swemwbs_keeps_its_metric_score(receiver, referral):
    measurement = record(receiver, referral, "SWEMWBS", total=20)
    measurement.refresh_from_db()
    assert measurement.metric_score == Decimal("18.59")


@pytest.mark.parametrize(
    ("measure", "total", "message"),
    [
        ("WEMWBS", 13, "The WEMWBS total must be a whole number from 14 to 70"),
        ("WEMWBS", 71, "The WEMWBS total must be a whole number from 14 to 70"),
        ("WEMWBS", 50.5, "The WEMWBS total must be a whole number from 14 to 70"),
        ("WEMWBS", "fifty", "The WEMWBS total must be a whole number from 14 to 70"),
        ("SWEMWBS", 6, "The SWEMWBS total must be a whole number from 7 to 35"),
        ("SWEMWBS", 36, "The SWEMWBS total must be a whole number from 7 to 35"),
        ("SWEMWBS", None, "Enter the SWEMWBS total"),
    ],
)
def test_a_licensed_total_outside_its_range_is_refused(receiver, referral, measure, total, message):
    assert refused(receiver, referral, measure, total=total) == {"total": [message]}


def test_licensed_items_are_never_taken(receiver, referral):
    errors = refused(receiver, referral, "WEMWBS", answers=[3] * 14, total=42)
    assert errors == {
        "answers": ["Record only the WEMWBS total: its questions are licensed and are not recorded"]
    }


def test_the_database_refuses_licensed_items_too(receiver, referral):
    with pytest.raises(IntegrityError):
        OutcomeMeasurement.objects.create(
            referral=referral,
            measure="SWEMWBS",
            occasion="first",
            recorded_on=date(2026, 1, 1),
            answers=[3] * 7,
            total=21,
            recorded_by=receiver,
        )


def test_an_unknown_measure_and_occasion_are_named(receiver, referral):
    with pytest.raises(ValidationError) as caught:
        record(receiver, referral, "BDI-II", answers=[0] * 21, occasion="middle")
    assert caught.value.message_dict == {
        "measure": ["Choose a measure: PHQ-9, GAD-7, CORE-10, WEMWBS or SWEMWBS"],
        "occasion": ["Choose when the measure was taken: first, at a session, or last"],
    }


def test_the_date_must_be_given_and_not_in_the_future(receiver, referral):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert refused(receiver, referral, on=tomorrow) == {
        "recorded_on": ["The date the measure was completed must be today or in the past"]
    }
    assert refused(receiver, referral, on=None) == {
        "recorded_on": ["Enter the date the measure was completed"]
    }


def test_today_is_allowed(receiver, referral):
    assert record(receiver, referral, on=timezone.localdate()).recorded_on == timezone.localdate()


def test_every_problem_is_reported_at_once(receiver, referral):
    errors = refused(receiver, referral, answers=[None, 9, 0, 0, 0, 0, 0, 0, 0], on=None, occasion="")
    assert set(errors) == {"occasion", "recorded_on", "question_1", "question_2"}


@pytest.mark.parametrize(
    "targets",
    [
        (S.ACCEPTED,),
        (S.ACCEPTED, S.ASSESSMENT_BOOKED),
        (S.ACCEPTED, S.ASSESSMENT_BOOKED, S.IN_TREATMENT),
        (S.ACCEPTED, S.ASSESSMENT_BOOKED, S.IN_TREATMENT, S.COMPLETED),
    ],
)
def test_measures_are_recorded_once_the_service_has_taken_the_person_on(referrer, receiver, service, targets):
    referral = move(receiver, submitted(referrer, service), *targets)
    assert record(receiver, referral).referral_id == referral.pk


@pytest.mark.parametrize(
    ("target", "reason"), [(S.PAUSED, "returned_to_custody"), (S.ENDED_EARLY, "did_not_attend")]
)
def test_paused_and_ended_early_referrals_take_measures(referrer, receiver, referral, target, reason):
    move(receiver, referral, target, reason_code=reason)
    assert record(receiver, referral).pk


@pytest.mark.parametrize(
    ("targets", "reason", "state"),
    [
        ((), "", "submitted"),
        ((S.ACKNOWLEDGED,), "", "acknowledged"),
        ((S.WAITLISTED,), "", "on the waiting list"),
        ((S.WITHDRAWN,), "person_declined", "withdrawn"),
    ],
)
def test_measures_are_refused_before_a_place_or_after_withdrawal(
    referrer, receiver, service, targets, reason, state
):
    referral = move(receiver, submitted(referrer, service), *targets, reason_code=reason)
    errors = refused(receiver, referral)
    assert errors == {
        "referral": [
            "Outcome measures are recorded once the service has accepted the referral: "
            f"this referral is {state}"
        ]
    }


def test_a_declined_referral_takes_no_measures(referrer, receiver, service):
    referral = submitted(referrer, service)
    referral_services.referral_transition(
        actor=receiver, referral=referral, target=S.DECLINED, reason_code="no_capacity", note="Full."
    )
    assert "this referral is declined" in refused(receiver, referral)["referral"][0]


def test_a_draft_is_not_the_services_to_measure(referrer, receiver, service):
    with pytest.raises(Http404):
        record(receiver, draft(referrer, service))


def test_the_referrer_reads_but_does_not_record(referrer, referral):
    with pytest.raises(PermissionDenied):
        record(referrer, referral)


def test_another_provider_gets_not_found(make_user, referral):
    with pytest.raises(Http404):
        record(make_user(Role.PROVIDER_CASEWORKER), referral)


def test_no_more_measures_once_the_summary_is_written(referrer, receiver, service):
    referral = move(receiver, in_treatment(referrer, receiver, service), S.COMPLETED)
    write_summary(receiver, referral)
    assert refused(receiver, referral) == {
        "referral": ["The end-of-service summary has been written: no more measures can be recorded"]
    }
