"""GET /api/v1/referrals: the caseload over the API, with the page's filters, 422 for unknown values."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from throughcare.accounts.services import token_issue
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals"


def client(user) -> Client:
    secret = token_issue(actor=None, user=user, name="test").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_the_receiver_lists_what_it_received_by_group(referrer, receiver, service):
    waiting = submitted(referrer, service)
    taken_on = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=taken_on, target="accepted")
    draft(referrer, service)
    response = client(receiver).get(URL, {"group": "waiting"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 1
    assert body["pages"] == 1
    assert body["page_size"] == 25
    [item] = body["results"]
    assert item["id"] == str(waiting.pk)
    assert item["direction"] == "received"
    assert item["group"] == "waiting"
    assert item["other_organisation"] == referrer.current_organisation.name
    everything = client(receiver).get(URL).json()
    assert {i["id"] for i in everything["results"]} == {str(waiting.pk), str(taken_on.pk)}


def test_the_referrer_lists_what_it_sent_by_person(referrer, service):
    person = person_in(referrer.current_organisation)
    theirs = draft(referrer, service, person=person)
    draft(referrer, service)
    body = client(referrer).get(URL, {"direction": "sent", "person": str(person.pk)}).json()
    assert [item["id"] for item in body["results"]] == [str(theirs.pk)]


def test_unknown_values_answer_422_with_each_field(referrer):
    response = client(referrer).get(URL, {"group": "open", "sort": "age", "page": "0", "person": "x"})
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["errors"]}
    assert set(errors) == {("query", "group"), ("query", "sort"), ("query", "page"), ("query", "person")}
    assert errors[("query", "group")].startswith("Status group must be one of 'draft', 'waiting'")
    assert "'0' is not" in errors[("query", "page")]


def test_a_role_without_referrals_is_refused(make_user):
    assert client(make_user(Role.COMMISSIONER)).get(URL).status_code == 403
    assert Client().get(URL).status_code == 401


def test_documented_in_the_openapi_with_its_filters():
    operation = Client().get("/api/v1/openapi.json").json()["paths"][URL]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == {"direction", "group", "service", "person", "worker", "overdue", "sort", "page"}
    assert "in_treatment" in parameters["group"]["schema"]["enum"]
    assert {"200", "422"} <= set(operation["responses"])


def test_the_same_number_of_queries_however_many_referrals(referrer, receiver, service):
    api = client(receiver)
    submitted(referrer, service)
    api.get(URL, {"group": "waiting"})
    with CaptureQueriesContext(connection) as one:
        api.get(URL, {"group": "waiting"})
    for _ in range(4):
        submitted(referrer, service)
    with CaptureQueriesContext(connection) as five:
        assert api.get(URL, {"group": "waiting"}).json()["count"] == 5
    assert len(five) == len(one)
