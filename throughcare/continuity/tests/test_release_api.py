"""Release plan items through the API: list, start and update, with the services' rules and scope."""

import pytest
from django.test import Client

from throughcare.accounts.services import token_issue
from throughcare.continuity.models import CustodyEpisode, ReleasePlanItem
from throughcare.continuity.tests.helpers import released_person
from throughcare.continuity.tests.release_helpers import in_custody, planned
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role

pytestmark = pytest.mark.django_db


def _api(user):
    return Client(headers={"Authorization": f"Bearer {token_issue(actor=None, user=user, name='t').secret}"})


def _episode(person):
    return CustodyEpisode.objects.filter(person=person).latest("reception_date")


def test_listing_gives_the_items_in_checklist_order(practitioner):
    person, _items = planned(practitioner, days_to_release=10)
    response = _api(practitioner).get(f"/api/v1/custody-episodes/{_episode(person).pk}/release-plan")
    assert response.status_code == 200
    assert [row["kind"] for row in response.json()][:3] == [
        "gp_registration",
        "first_gp_appointment",
        "medication",
    ]


def test_listing_is_audited(practitioner):
    person, _items = planned(practitioner)
    episode = _episode(person)
    _api(practitioner).get(f"/api/v1/custody-episodes/{episode.pk}/release-plan")
    event = AuditEvent.objects.filter(verb="release_plan.viewed").latest("occurred_at")
    assert (event.target_id, event.payload["episode"]) == (str(person.pk), str(episode.pk))


def test_listing_queries_do_not_grow_with_items(practitioner, django_assert_max_num_queries):
    person, _items = planned(practitioner)
    client = _api(practitioner)
    with django_assert_max_num_queries(20):
        client.get(f"/api/v1/custody-episodes/{_episode(person).pk}/release-plan")


def test_an_episode_outside_the_team_is_not_found(practitioner, make_user):
    person, _items = planned(make_user(Role.PRACTITIONER))
    assert (
        _api(practitioner).get(f"/api/v1/custody-episodes/{_episode(person).pk}/release-plan").status_code
        == 404
    )


def test_starting_makes_one_item_per_kind_and_audits(practitioner):
    person = in_custody(practitioner)
    response = _api(practitioner).post(f"/api/v1/custody-episodes/{_episode(person).pk}/release-plan")
    assert response.status_code == 201
    assert len(response.json()) == ReleasePlanItem.objects.filter(episode__person=person).count() == 9
    assert AuditEvent.objects.filter(verb="release_plan.started").count() == 1


def test_starting_twice_adds_nothing(practitioner):
    person = in_custody(practitioner)
    client = _api(practitioner)
    client.post(f"/api/v1/custody-episodes/{_episode(person).pk}/release-plan")
    assert client.post(f"/api/v1/custody-episodes/{_episode(person).pk}/release-plan").status_code == 201
    assert ReleasePlanItem.objects.filter(episode__person=person).count() == 9


def test_starting_without_an_expected_release_date_is_a_field_error(practitioner):
    person = in_custody(practitioner, days_to_release=None)
    response = _api(practitioner).post(f"/api/v1/custody-episodes/{_episode(person).pk}/release-plan")
    assert response.status_code == 422
    assert "episode" in str(response.json())
    assert not ReleasePlanItem.objects.exists()


def test_starting_for_an_ended_episode_is_refused(practitioner):
    person = released_person(practitioner)
    response = _api(practitioner).post(f"/api/v1/custody-episodes/{_episode(person).pk}/release-plan")
    assert response.status_code == 422


def test_starting_needs_plan_releases(practitioner, caseworker):
    person = in_custody(practitioner)
    response = _api(caseworker).post(f"/api/v1/custody-episodes/{_episode(person).pk}/release-plan")
    assert response.status_code == 403


def _put(user, item, **body):
    return _api(user).post(
        f"/api/v1/release-plan-items/{item.pk}",
        {"status": "in_progress", "owner_side": "community", **body},
        content_type="application/json",
    )


def test_updating_an_item_saves_it_and_audits_field_names(practitioner):
    _person, items = planned(practitioner, days_to_release=10)
    response = _put(practitioner, items["housing"], place="Approved premises, Leeds")
    assert (response.status_code, response.json()["place"]) == (200, "Approved premises, Leeds")
    event = AuditEvent.objects.get(verb="release_plan.item_updated")
    assert set(event.payload["fields"]) == {"status", "place"}
    assert "Leeds" not in str(event.payload)


def test_done_without_what_the_person_must_know_is_a_field_error(practitioner):
    _person, items = planned(practitioner)
    response = _put(practitioner, items["gp_registration"], status="done")
    assert response.status_code == 422
    assert "place" in str(response.json())
    items["gp_registration"].refresh_from_db()
    assert items["gp_registration"].status == "not_started"


def test_not_needed_needs_a_reason(practitioner):
    _person, items = planned(practitioner)
    assert _put(practitioner, items["naloxone"], status="not_needed").status_code == 422


def test_an_unknown_status_is_a_field_error(practitioner):
    _person, items = planned(practitioner)
    response = _put(practitioner, items["naloxone"], status="finished")
    assert (response.status_code, "status" in str(response.json())) == (422, True)


def test_updating_needs_plan_releases(practitioner, caseworker):
    _person, items = planned(practitioner)
    assert _put(caseworker, items["housing"]).status_code == 403


def test_updating_an_item_outside_the_team_is_not_found(practitioner, make_user):
    _person, items = planned(make_user(Role.PRACTITIONER))
    assert _put(practitioner, items["housing"]).status_code == 404


def test_the_release_plan_and_court_endpoints_are_in_the_openapi_document():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/custody-episodes/{episode_id}/release-plan",
        "/api/v1/release-plan-items/{item_id}",
        "/api/v1/court/treatment-availability",
    } <= set(paths)
