"""The timeline, probation changes and licence conditions, through the pages and the API."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.accounts.services import token_issue
from throughcare.continuity.custody import services
from throughcare.continuity.models import JourneyEvent, LicenceCondition
from throughcare.continuity.orders.services import order_create
from throughcare.continuity.tests.helpers import a_prison, community_order, released_person
from throughcare.core.permissions import Role
from throughcare.geography.models import Pdu, ProbationRegion
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


def _api(user):
    return Client(headers={"Authorization": f"Bearer {token_issue(actor=None, user=user, name='t').secret}"})


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leeds():
    region = ProbationRegion.objects.create(code="N01", name="Yorkshire and the Humber")
    return Pdu.objects.create(code="N01LDS", name="Leeds", region=region)


def test_the_timeline_through_the_api_is_newest_first(practitioner):
    person = released_person(practitioner)
    events = _api(practitioner).get(f"/api/v1/people/{person.pk}/journey-events").json()
    assert [e["kind"] for e in events] == ["release", "reception"]


def test_the_timeline_of_another_organisations_person_is_404(practitioner, make_user):
    person = released_person(practitioner)
    response = _api(make_user(Role.PRACTITIONER)).get(f"/api/v1/people/{person.pk}/journey-events")
    assert response.status_code == 404


def test_a_probation_change_through_the_api(practitioner, leeds):
    person = person_in(practitioner.current_organisation)
    response = _api(practitioner).post(
        f"/api/v1/people/{person.pk}/probation-changes",
        {"changed_on": "2025-02-01", "practitioner_name": "Alex Officer", "pdu_code": "N01LDS"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert services.current_pdu(person) == leeds


def test_a_probation_change_to_an_unknown_unit_is_422(practitioner):
    person = person_in(practitioner.current_organisation)
    response = _api(practitioner).post(
        f"/api/v1/people/{person.pk}/probation-changes",
        {"changed_on": "2025-02-01", "pdu_code": "NOPE"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "pdu_code"]
    assert not JourneyEvent.objects.exists()


def test_a_licence_condition_through_the_api(practitioner):
    person = released_person(practitioner)
    licence = order_create(actor=practitioner, person=person, kind="licence", starts_on=date(2025, 9, 1))
    response = _api(practitioner).post(
        f"/api/v1/orders/{licence.pk}/licence-conditions",
        {"kind": "mental_health_appointments"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert LicenceCondition.objects.get().order == licence


def test_a_licence_condition_on_the_page(practitioner):
    person = released_person(practitioner)
    licence = order_create(actor=practitioner, person=person, kind="licence", starts_on=date(2025, 9, 1))
    response = _client(practitioner).post(
        reverse("continuity:condition-add", kwargs={"order_id": licence.pk}), {"kind": "other_health"}
    )
    assert response.status_code == 422
    assert "Say what the condition is" in response.content.decode()


def test_a_probation_change_on_the_page(practitioner, leeds):
    person = person_in(practitioner.current_organisation)
    response = _client(practitioner).post(
        reverse("continuity:probation-change", kwargs={"person_id": person.pk}),
        {"changed_on_day": "1", "changed_on_month": "2", "changed_on_year": "2025", "pdu": "N01LDS"},
    )
    assert response.status_code == 302
    assert services.current_pdu(person) == leeds


def test_the_journey_page_takes_the_same_queries_however_long_the_journey(practitioner, service):
    person = released_person(practitioner)
    community_order(practitioner, person, service=service)
    client = _client(practitioner)
    url = reverse("continuity:journey", kwargs={"person_id": person.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    community_order(practitioner, person, service=service, kinds=("mhtr_primary", "drr"))
    community_order(practitioner, person, service=service, kinds=("atr",))
    services.custody_record_reception(
        actor=practitioner, person=person, prison=a_prison(), reception_date=date(2025, 12, 1)
    )
    with CaptureQueriesContext(connection) as long:
        response = client.get(url)
    assert response.status_code == 200
    assert len(long.captured_queries) == len(short.captured_queries)
