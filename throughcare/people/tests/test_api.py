"""The people API: field-level 422s, 409 for a possible duplicate, 404 outside scope, 403 by role."""

import pytest
from django.test import Client

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import OrganisationKind, Role
from throughcare.people.models import Person
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(token_for):
    def make(role):
        return Client(headers={"Authorization": f"Bearer {token_for(role)}"})

    return make


BODY = {
    "given_names": "Rowan",
    "family_name": "Ash",
    "date_of_birth": "1988-02-03",
    "nhs_number": "943 476 5919",
}


def test_create_then_read_and_find_by_identifier(api_as, users_by_role):
    client = api_as(Role.PRACTITIONER)
    response = client.post("/api/v1/people", BODY, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nhs_number"] == "9434765919"
    assert body["care_team"][0]["is_lead"] is True
    assert "confirm_not_duplicate" not in body

    read = client.get(f"/api/v1/people/{body['id']}")
    assert read.status_code == 200
    assert AuditEvent.objects.filter(verb="person.viewed", target_id=body["id"]).count() == 1

    found = client.get("/api/v1/people", {"identifier": "9434765919"}).json()
    assert [p["id"] for p in found] == [body["id"]]
    assert found[0]["lead_organisation"] == users_by_role[Role.PRACTITIONER].current_organisation.name


def test_field_level_errors_are_422(api_as):
    response = api_as(Role.PRACTITIONER).post(
        "/api/v1/people", {**BODY, "nhs_number": "9434765918", "crn": "12"}, content_type="application/json"
    )
    assert response.status_code == 422
    by_field = {e["loc"][-1]: e["msg"] for e in response.json()["errors"]}
    assert "check digit should be 9" in by_field["nhs_number"]
    assert "X123456" in by_field["crn"]
    assert not Person.objects.exists()


def test_possible_duplicate_is_409_until_confirmed(api_as):
    client = api_as(Role.PRACTITIONER)
    client.post("/api/v1/people", {**BODY, "nhs_number": ""}, content_type="application/json")
    again = client.post("/api/v1/people", {**BODY, "nhs_number": ""}, content_type="application/json")
    assert again.status_code == 409
    assert len(again.json()["possible_duplicates"]) == 1
    confirmed = client.post(
        "/api/v1/people",
        {**BODY, "nhs_number": "", "confirm_not_duplicate": True},
        content_type="application/json",
    )
    assert confirmed.status_code == 201


def test_scope_and_roles(api_as, users_by_role):
    theirs = person_in(OrganisationFactory())
    assert api_as(Role.PRACTITIONER).get(f"/api/v1/people/{theirs.id}").status_code == 404
    assert api_as(Role.COMMISSIONER).get(f"/api/v1/people/{theirs.id}").status_code == 403
    assert (
        api_as(Role.ADMINISTRATOR).post("/api/v1/people", BODY, content_type="application/json").status_code
        == 403
    )
    assert api_as(Role.PRACTITIONER).get("/api/v1/people", {"identifier": "X123456"}).json() == []


def test_add_to_care_team(api_as, users_by_role):
    ours = person_in(users_by_role[Role.PRACTITIONER].current_organisation)
    prison = OrganisationFactory(kind=OrganisationKind.PRISON, code="hmp-test")
    client = api_as(Role.PRACTITIONER)
    url = f"/api/v1/people/{ours.id}/care-team"
    response = client.post(
        url, {"organisation_code": "hmp-test", "role": "prison_key_worker"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["organisation_id"] == str(prison.id)
    bad = client.post(url, {"organisation_code": "nope", "role": "wizard"}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "organisation_code"]
    theirs = person_in(OrganisationFactory())
    outside = client.post(
        f"/api/v1/people/{theirs.id}/care-team",
        {"organisation_code": "hmp-test", "role": "other"},
        content_type="application/json",
    )
    assert outside.status_code == 404
