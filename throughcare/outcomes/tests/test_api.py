"""Outcomes over the API: read by either side, written by the receiving service, 422s that name items."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from throughcare.accounts.services import token_issue
from throughcare.core.permissions import Role
from throughcare.outcomes.models import OutcomeMeasurement
from throughcare.outcomes.tests.helpers import completed, in_treatment, record, write_summary

pytestmark = pytest.mark.django_db


def client(user) -> Client:
    secret = token_issue(actor=None, user=user, name="test").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def outcomes_url(referral) -> str:
    return f"/api/v1/referrals/{referral.pk}/outcomes"


def summary_url(referral) -> str:
    return f"/api/v1/referrals/{referral.pk}/end-of-service-summary"


@pytest.fixture
def referral(referrer, receiver, service):
    return in_treatment(referrer, receiver, service)


PHQ9 = {"measure": "PHQ-9", "occasion": "first", "recorded_on": "2026-03-02", "answers": [1] * 9}


def test_the_receiving_service_records_a_measure(receiver, referral):
    response = client(receiver).post(outcomes_url(referral), PHQ9, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["total"], body["band"], body["answers"]) == (9, "Mild", [1] * 9)
    assert body["flags"] == ["Risk to self: question 9 above zero"]


def test_a_422_names_each_question(receiver, referral):
    body = {**PHQ9, "answers": [1, 1, 1, 1, 1, 1, 1, 9, None]}
    response = client(receiver).post(outcomes_url(referral), body, content_type="application/json")
    assert response.status_code == 422
    assert {(e["loc"][-1], e["msg"]) for e in response.json()["errors"]} == {
        ("question_8", "Question 8: choose an answer from 0 to 3"),
        ("question_9", "Answer question 9"),
    }
    assert not OutcomeMeasurement.objects.exists()


def test_a_licensed_total_out_of_range_is_a_422(receiver, referral):
    body = {"measure": "WEMWBS", "occasion": "last", "recorded_on": "2026-03-02", "total": 80}
    response = client(receiver).post(outcomes_url(referral), body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["body", "total"], "msg": "The WEMWBS total must be a whole number from 14 to 70"}
    ]


def test_the_referrer_may_read_but_not_record(referrer, receiver, referral):
    record(receiver, referral)
    reading = client(referrer).get(outcomes_url(referral))
    assert reading.status_code == 200
    [measure] = reading.json()["measures"]
    assert (measure["measure"], measure["change"]["change_words"]) == ("PHQ-9", "Only one score so far")
    assert reading.json()["can_record"] is False
    writing = client(referrer).post(outcomes_url(referral), PHQ9, content_type="application/json")
    assert writing.status_code == 403


@pytest.mark.parametrize(("role", "status"), [(Role.PROVIDER_MANAGER, 404), (Role.COMMISSIONER, 403)])
def test_others_are_kept_out(make_user, referral, role, status):
    caller = client(make_user(role))
    assert caller.get(outcomes_url(referral)).status_code == status
    assert caller.post(outcomes_url(referral), PHQ9, content_type="application/json").status_code == status
    assert caller.get(summary_url(referral)).status_code == status


def test_anonymous_callers_get_401(referral):
    assert Client().get(outcomes_url(referral)).status_code == 401


def test_reading_costs_the_same_queries_however_many_measures(receiver, referral):
    caller = client(receiver)
    record(receiver, referral)
    caller.get(outcomes_url(referral))  # the first call with a token also notes when it was last used
    with CaptureQueriesContext(connection) as one:
        assert caller.get(outcomes_url(referral)).status_code == 200
    for month in range(1, 9):
        record(receiver, referral, "GAD-7", on=date(2026, month, 1))
    with CaptureQueriesContext(connection) as nine:
        assert caller.get(outcomes_url(referral)).status_code == 200
    assert len(nine) == len(one)


def test_the_summary_is_not_found_until_written(referrer, receiver, service):
    referral = completed(referrer, receiver, service)
    assert client(referrer).get(summary_url(referral)).status_code == 404
    write_summary(receiver, referral)
    body = client(referrer).get(summary_url(referral)).json()
    assert body["ending_state"] == "completed"
    assert body["attendance"]["attended"] == 0


def test_the_receiving_service_writes_the_summary_once(referrer, receiver, service):
    referral = completed(referrer, receiver, service)
    texts = {"offered": "Six sessions.", "recommendations": "None.", "next_steps": "None."}
    caller = client(receiver)
    assert caller.post(summary_url(referral), texts, content_type="application/json").status_code == 201
    again = caller.post(summary_url(referral), texts, content_type="application/json")
    assert again.status_code == 422
    assert again.json()["errors"][0]["loc"] == ["body", "referral"]


def test_the_summary_is_refused_while_in_treatment(receiver, referral):
    texts = {"offered": "", "recommendations": "x", "next_steps": "x"}
    response = client(receiver).post(summary_url(referral), texts, content_type="application/json")
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["errors"]} == {"offered", "referral"}


def test_the_endpoints_are_in_the_openapi():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/referrals/{referral_id}/outcomes"]) == {"get", "post"}
    assert set(paths["/api/v1/referrals/{referral_id}/end-of-service-summary"]) == {"get", "post"}
