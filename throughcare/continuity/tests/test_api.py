"""The journey API: the same services as the pages, 422 field errors, 404 out of scope, 403 by role."""

import pytest
from django.test import Client

from throughcare.accounts.services import token_issue
from throughcare.continuity.models import JourneyEvent, Order, Requirement
from throughcare.continuity.tests.helpers import a_prison, community_order, referral_at, released_person
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.models import Referral, ReferralTransition

pytestmark = pytest.mark.django_db


def _api(user):
    secret = token_issue(actor=None, user=user, name="test").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_reception_release_and_listing_through_the_api(practitioner):
    person = person_in(practitioner.current_organisation)
    prison = a_prison(code="hmp-leeds")
    client = _api(practitioner)
    base = f"/api/v1/people/{person.pk}"
    response = _post(
        client, f"{base}/custody-episodes", {"prison_code": "hmp-leeds", "reception_date": "2025-03-01"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["prison_name"] == prison.name
    response = _post(client, f"{base}/release", {"released_on": "2025-09-01", "release_type": "licence"})
    assert response.status_code == 200
    listed = client.get(f"{base}/custody-episodes").json()
    assert [e["actual_release_date"] for e in listed] == ["2025-09-01"]


def test_overlapping_reception_through_the_api_is_422_naming_the_field(practitioner):
    person = released_person(practitioner)
    response = _post(
        _api(practitioner),
        f"/api/v1/people/{person.pk}/custody-episodes",
        {"prison_name": "HMP Hull", "reception_date": "2025-06-01"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "reception_date"]
    assert "overlaps" in response.json()["errors"][0]["msg"]


def test_recall_of_someone_not_released_through_the_api_is_422(practitioner):
    person = person_in(practitioner.current_organisation)
    response = _post(
        _api(practitioner),
        f"/api/v1/people/{person.pk}/recall",
        {"prison_name": "HMP Hull", "recalled_on": "2025-11-01"},
    )
    assert response.status_code == 422
    assert "cannot be recalled" in response.json()["errors"][0]["msg"]


def test_recall_and_re_release_through_the_api_have_the_same_effects_as_the_pages(
    practitioner, caseworker, service
):
    person = released_person(practitioner)
    referral = referral_at("assessment_booked", practitioner, caseworker, service, person)
    community_order(practitioner, person, service=service)
    client = _api(practitioner)
    response = _post(
        client, f"/api/v1/people/{person.pk}/recall", {"prison_name": "HMP Hull", "recalled_on": "2025-11-01"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["paused_referrals"] == [str(referral.pk)]
    assert len(body["paused_requirements"]) == 1
    assert Referral.objects.get(pk=referral.pk).state == "paused"
    assert ReferralTransition.objects.get(referral=referral, to_state="paused").side == "system"
    assert Requirement.objects.get().status == "paused"
    response = _post(
        client,
        f"/api/v1/people/{person.pk}/re-release",
        {"released_on": "2026-01-10", "release_type": "licence"},
    )
    assert response.status_code == 200
    assert response.json()["referrals_to_resume"] == [str(referral.pk)]
    assert Requirement.objects.get().status == "awaiting_start"
    assert JourneyEvent.objects.filter(person=person, kind__in=["recall", "re_release"]).count() == 2


def test_an_order_with_a_requirement_missing_its_provider_is_refused_whole(practitioner, service):
    person = person_in(practitioner.current_organisation)
    response = _post(
        _api(practitioner),
        f"/api/v1/people/{person.pk}/orders",
        {
            "kind": "community_order",
            "starts_on": "2025-10-01",
            "requirements": [{"kind": "drr", "service_id": str(service.pk)}, {"kind": "mhtr_primary"}],
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "requirements.1.service_id"]
    assert not Order.objects.exists()
    assert not Requirement.objects.exists()


def test_an_order_and_a_status_change_through_the_api(practitioner, service):
    person = person_in(practitioner.current_organisation)
    client = _api(practitioner)
    response = _post(
        client,
        f"/api/v1/people/{person.pk}/orders",
        {
            "kind": "community_order",
            "starts_on": "2025-10-01",
            "requirements": [{"kind": "mhtr_secondary", "service_id": str(service.pk)}],
        },
    )
    assert response.status_code == 201
    requirement_id = response.json()["requirements"][0]["id"]
    response = _post(
        client,
        f"/api/v1/requirements/{requirement_id}/status",
        {"status": "active", "first_appointment_on": "2025-10-15"},
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["waiting_days"]) == ("active", 14)


def test_starting_a_requirement_without_its_first_appointment_is_422(practitioner, service):
    person = person_in(practitioner.current_organisation)
    requirement = community_order(practitioner, person, service=service).requirements.get()
    response = _post(
        _api(practitioner), f"/api/v1/requirements/{requirement.pk}/status", {"status": "active"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "first_appointment_on"]


def test_another_organisations_person_is_404_through_the_api(make_user, practitioner):
    person = released_person(practitioner)
    response = _post(
        _api(make_user(Role.PRACTITIONER)),
        f"/api/v1/people/{person.pk}/recall",
        {"prison_name": "X", "recalled_on": "2025-11-01"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_commissioners_and_administrators_get_403_through_the_api(make_user, role):
    assert _api(make_user(role)).get("/api/v1/mhtr-register").status_code == 403


def test_the_journey_endpoints_are_in_the_openapi_document(practitioner):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in ("recall", "re-release", "custody-episodes", "orders"):
        assert f"/api/v1/people/{{person_id}}/{path}" in paths
    assert "/api/v1/mhtr-register" in paths


def test_a_licence_names_the_release_it_follows(practitioner):
    person = released_person(practitioner)
    episode = person.custody_episodes.get()
    response = _post(
        _api(practitioner),
        f"/api/v1/people/{person.pk}/orders",
        {"kind": "licence", "starts_on": "2025-09-01", "episode_id": str(episode.pk)},
    )
    assert response.status_code == 201
    assert Order.objects.get().episode == episode


def test_a_licence_naming_another_persons_episode_is_422(practitioner):
    other = released_person(practitioner)
    person = person_in(practitioner.current_organisation)
    response = _post(
        _api(practitioner),
        f"/api/v1/people/{person.pk}/orders",
        {"kind": "licence", "starts_on": "2025-09-01", "episode_id": str(other.custody_episodes.get().pk)},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "episode_id"]
