"""The journey pages: the same services as the API, GOV.UK errors with 422, scope and roles."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.continuity.models import CustodyEpisode, JourneyEvent, Requirement
from throughcare.continuity.orders.services import order_create
from throughcare.continuity.tests.court_helpers import a_service, leeds_area
from throughcare.continuity.tests.helpers import (
    RELEASED,
    a_prison,
    community_order,
    referral_at,
    released_person,
)
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.models import Referral

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _date(name, value):
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def test_the_person_page_links_to_the_journey(practitioner):
    person = person_in(practitioner.current_organisation)
    response = _client(practitioner).get(reverse("people:detail", kwargs={"person_id": person.pk}))
    assert reverse("continuity:journey", kwargs={"person_id": person.pk}) in response.content.decode()


def test_the_journey_page_shows_the_timeline_and_audits_the_read(practitioner):
    person = released_person(practitioner)
    response = _client(practitioner).get(reverse("continuity:journey", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Received into custody" in body
    assert "Record a recall to custody" in body
    assert AuditEvent.objects.filter(verb="journey.viewed", target_id=str(person.pk)).exists()


def test_recording_a_reception_on_the_page(practitioner):
    from datetime import date

    person = person_in(practitioner.current_organisation)
    prison = a_prison()
    url = reverse("continuity:reception", kwargs={"person_id": person.pk})
    response = _client(practitioner).post(
        url, {"prison": str(prison.pk), **_date("reception_date", date(2025, 3, 1))}
    )
    assert response.status_code == 302
    assert CustodyEpisode.objects.get(person=person).prison == prison


def test_release_before_reception_on_the_page_answers_422_with_the_message(practitioner):
    from datetime import date

    person = person_in(practitioner.current_organisation)
    client = _client(practitioner)
    client.post(
        reverse("continuity:reception", kwargs={"person_id": person.pk}),
        {"prison_name": "HMP Leeds", **_date("reception_date", date(2025, 3, 1))},
    )
    response = client.post(
        reverse("continuity:release", kwargs={"person_id": person.pk}),
        {"release_type": "licence", **_date("released_on", date(2025, 2, 1))},
    )
    assert response.status_code == 422
    assert "The release date must be on or after the date they were received" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_recall_then_re_release_on_the_pages_lists_the_paused_referrals(practitioner, caseworker, service):
    from datetime import date

    person = released_person(practitioner)
    referral = referral_at("in_treatment", practitioner, caseworker, service, person)
    client = _client(practitioner)
    response = client.post(
        reverse("continuity:recall", kwargs={"person_id": person.pk}),
        {"prison_name": "HMP Hull", **_date("recalled_on", date(2025, 11, 1))},
    )
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).state == "paused"
    response = client.post(
        reverse("continuity:re-release", kwargs={"person_id": person.pk}),
        {"release_type": "licence", **_date("released_on", date(2026, 1, 10))},
    )
    event = JourneyEvent.objects.get(kind="re_release")
    assert response["Location"] == reverse("continuity:paused-referrals", kwargs={"event_id": event.pk})
    page = client.get(response["Location"]).content.decode()
    assert service.name in page
    assert "Ask the service to resume" in page
    assert f"/find-support/?person={person.pk}" in page


def test_an_order_requirement_without_a_provider_on_the_page_answers_422(practitioner):
    person = released_person(practitioner)
    order = community_order(practitioner, person, kinds=("rar",))
    response = _client(practitioner).post(
        reverse("continuity:requirement-add", kwargs={"order_id": order.pk}), {"kind": "mhtr_primary"}
    )
    assert response.status_code == 422
    assert "needs a treating provider" in response.content.decode()
    assert not Requirement.objects.filter(kind="mhtr_primary").exists()


def test_another_organisations_person_is_404(make_user, practitioner):
    person = released_person(practitioner)
    other = _client(make_user(Role.PRACTITIONER))
    assert other.get(reverse("continuity:journey", kwargs={"person_id": person.pk})).status_code == 404
    assert other.get(reverse("continuity:recall", kwargs={"person_id": person.pk})).status_code == 404


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_commissioners_and_administrators_get_403(make_user, practitioner, role):
    person = released_person(practitioner)
    client = _client(make_user(role))
    assert client.get(reverse("continuity:journey", kwargs={"person_id": person.pk})).status_code == 403
    assert client.get(reverse("continuity:register")).status_code == 403


def test_the_register_is_in_the_navigation_for_practitioners(practitioner):
    response = _client(practitioner).get(reverse("core:home"))
    assert reverse("continuity:register") in response.content.decode()


def _listed(page: str, name: str) -> bool:
    return f"{name} (" in page


def _order_page(user, url_name: str, order) -> str:
    return (
        _client(user).get(reverse(f"continuity:{url_name}", kwargs={"order_id": order.pk})).content.decode()
    )


def test_a_requirement_lists_services_that_can_treat_in_the_orders_probation_unit(practitioner):
    pdu = leeds_area()
    a_service("Leeds MHTR", stages=["mhtr_primary"])
    a_service("Leeds drug service", needs=["substance_use"], stages=["community_sentence"])
    a_service("National MHTR", stages=["mhtr_secondary"], england=True)
    a_service("Leeds talking therapies", needs=["anxiety"])  # works there, but not for requirements
    a_service("Wakefield MHTR", stages=["mhtr_primary"], areas=["E08000036"])  # outside the unit
    person = released_person(practitioner)
    order = order_create(
        actor=practitioner, person=person, kind="community_order", starts_on=RELEASED, pdu=pdu
    )
    page = _order_page(practitioner, "requirement-add", order)
    assert "Services working in Leeds PDU that can deliver a treatment requirement." in page
    assert [
        name for name in ("Leeds MHTR", "Leeds drug service", "National MHTR") if _listed(page, name)
    ] == [
        "Leeds MHTR",
        "Leeds drug service",
        "National MHTR",
    ]
    assert page.index("Leeds MHTR (") < page.index("National MHTR (")  # by name
    assert not _listed(page, "Leeds talking therapies")
    assert not _listed(page, "Wakefield MHTR")


def test_without_a_probation_unit_every_service_that_can_treat_is_listed(practitioner):
    leeds_area()
    a_service("Wakefield MHTR", stages=["mhtr_primary"], areas=["E08000036"])
    a_service("Wakefield talking therapies", needs=["anxiety"], areas=["E08000036"])
    order = community_order(practitioner, released_person(practitioner), kinds=())
    page = _order_page(practitioner, "requirement-add", order)
    assert "Services across England that can deliver a treatment requirement." in page
    assert _listed(page, "Wakefield MHTR")
    assert not _listed(page, "Wakefield talking therapies")


def test_a_licence_condition_may_name_any_service_working_in_the_probation_unit(practitioner):
    pdu = leeds_area()
    a_service("Leeds talking therapies", needs=["anxiety"])
    a_service("Wakefield talking therapies", needs=["anxiety"], areas=["E08000036"])
    order = order_create(
        actor=practitioner, person=released_person(practitioner), kind="licence", starts_on=RELEASED, pdu=pdu
    )
    page = _order_page(practitioner, "condition-add", order)
    assert "Services working in Leeds PDU." in page
    assert _listed(page, "Leeds talking therapies")
    assert not _listed(page, "Wakefield talking therapies")
