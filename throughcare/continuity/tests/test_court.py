"""Treatment requirement availability for court teams: providers by area, combinations, register
figures, bad area codes, access, audit and a constant query count."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from throughcare.continuity.court import selectors
from throughcare.continuity.custody.services import probation_record_change
from throughcare.continuity.tests.court_helpers import a_service, leeds_area
from throughcare.continuity.tests.helpers import community_order
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.directory.services import rebuild_coverage
from throughcare.geography.models import Pdu
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import service_of

pytestmark = pytest.mark.django_db

URL = "/court/treatment-availability/"


@pytest.fixture
def leeds():
    return leeds_area()


def _names(providers):
    return [p.service.name for p in providers]


def test_mhtr_providers_are_those_the_directory_says_deliver_them(practitioner, leeds):
    a_service("Primary MHTR", stages=["mhtr_primary"])
    a_service("Secondary MHTR", stages=["mhtr_secondary"])
    a_service("Talking therapies", tier="primary", stages=["community_sentence"])
    result = selectors.availability_for(practitioner, "E08000035")
    assert (_names(result.mhtr_primary), _names(result.mhtr_secondary)) == (
        ["Primary MHTR"],
        ["Secondary MHTR"],
    )


def test_drug_or_alcohol_providers_work_with_substance_use_and_community_sentences(practitioner, leeds):
    a_service("Recovery service", stages=["community_sentence"], needs=["substance_use"])
    a_service("Harm reduction drop-in", needs=["substance_use"])
    assert _names(selectors.availability_for(practitioner, "E08000035").substance) == ["Recovery service"]


def test_services_elsewhere_are_left_out_and_national_ones_kept(practitioner, leeds):
    a_service("Wakefield MHTR", stages=["mhtr_primary"], areas=["E08000036"])
    a_service("National MHTR", stages=["mhtr_primary"], england=True)
    assert _names(selectors.availability_for(practitioner, "E08000035").mhtr_primary) == ["National MHTR"]


def test_closed_services_are_left_out(practitioner, leeds):
    a_service("Closed MHTR", stages=["mhtr_primary"], status="temporarily closed")
    assert selectors.availability_for(practitioner, "E08000035").mhtr_primary == []


def test_a_pdu_code_covers_its_local_authorities(practitioner, leeds):
    a_service("Leeds MHTR", stages=["mhtr_secondary"])
    result = selectors.availability_for(practitioner, "N01LDS")
    assert (result.area.local_authority_codes, _names(result.mhtr_secondary)) == (
        ("E08000035",),
        ["Leeds MHTR"],
    )


def test_providers_come_shortest_wait_first_with_capacity(practitioner, leeds):
    a_service("Slow", stages=["mhtr_primary"], typical_wait_days=40)
    a_service(
        "Quick", stages=["mhtr_primary"], typical_wait_days=5, capacity_available=2, capacity_maximum=10
    )
    providers = selectors.availability_for(practitioner, "E08000035").mhtr_primary
    assert [(p.service.name, p.service.capacity_available) for p in providers] == [
        ("Quick", 2),
        ("Slow", None),
    ]


def test_dual_diagnosis_needs_an_mhtr_and_a_substance_provider(practitioner, leeds):
    a_service("Primary MHTR", stages=["mhtr_primary"])
    combinations = selectors.availability_for(practitioner, "E08000035").combinations
    assert [c.available for c in combinations] == [False, False]


def test_dual_diagnosis_counts_services_offering_both(practitioner, leeds):
    a_service("Dual diagnosis", stages=["mhtr_secondary", "community_sentence"], needs=["substance_use"])
    a_service("Primary MHTR", stages=["mhtr_primary"])
    combinations = selectors.availability_for(practitioner, "E08000035").combinations
    assert [(c.label, c.available, c.mhtr_providers, c.in_one_service) for c in combinations] == [
        ("MHTR with drug rehabilitation requirement", True, 2, 1),
        ("MHTR with alcohol treatment requirement", True, 2, 1),
    ]


def test_register_figures_count_live_mhtrs_and_the_median_wait(practitioner, service, leeds):
    for first in (date(2025, 10, 11), date(2025, 10, 21), None):
        order = community_order(
            practitioner,
            person_in(practitioner.current_organisation),
            service=service,
            first_appointment_on=first,
        )
        order.pdu = leeds
        order.save()
    figures = selectors.availability_for(practitioner, "E08000035").register
    # Ordered on 1 October 2025 (the order's start): waits of 10 and 20 days.
    assert (figures.live_requirements, figures.median_days_to_first_appointment) == (3, 15)


def test_live_mhtrs_recorded_without_a_delivery_unit_are_counted_where_they_are_supervised(
    practitioner, service, leeds
):
    """The report's case: 3 live MHTRs, counted as 0, because their orders were recorded before the
    person's delivery unit was known. Each is now placed another way; one elsewhere is left out."""
    moved_here = person_in(practitioner.current_organisation)
    community_order(practitioner, moved_here, service=service)
    probation_record_change(actor=practitioner, person=moved_here, changed_on=date(2025, 11, 1), pdu=leeds)
    treated_in_leeds = service_of(practitioner.current_organisation, covers_england=False)
    treated_in_leeds.local_authorities.set(["E08000035"])
    rebuild_coverage(treated_in_leeds)
    community_order(practitioner, person_in(practitioner.current_organisation), service=treated_in_leeds)
    supervised_here = community_order(
        practitioner, person_in(practitioner.current_organisation), service=service
    )
    supervised_here.pdu = leeds
    supervised_here.save()
    moved_away = person_in(practitioner.current_organisation)
    community_order(practitioner, moved_away, service=treated_in_leeds)
    wakefield = Pdu.objects.create(code="N01WKF", name="Wakefield PDU", region=leeds.region)
    probation_record_change(
        actor=practitioner, person=moved_away, changed_on=date(2025, 11, 1), pdu=wakefield
    )

    for code in ("E08000035", "N01LDS"):
        assert selectors.availability_for(practitioner, code).register.live_requirements == 3


@pytest.mark.parametrize("code", ["", "  ", "E99999999", "not-a-code"])
def test_an_unknown_area_is_a_field_error(practitioner, leeds, code):
    with pytest.raises(ValidationError) as raised:
        selectors.availability_for(practitioner, code)
    assert list(raised.value.message_dict) == ["area"]


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_roles_without_people_or_support_are_refused(make_user, leeds, role):
    with pytest.raises(PermissionDenied):
        selectors.availability_for(make_user(role), "E08000035")


def test_reading_availability_is_audited_by_area(practitioner, leeds):
    selectors.availability_for(practitioner, "N01LDS")
    event = AuditEvent.objects.get(verb="court.availability_viewed")
    assert (event.target_type, event.target_id) == ("geography.pdu", "N01LDS")


def _queries(action) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        action()
    return len(context)


def test_the_query_count_does_not_grow_with_providers(practitioner, leeds, django_assert_max_num_queries):
    a_service("One", stages=["mhtr_primary"])
    # The role check, the area (two lookups for a PDU code) and its authorities, the candidates (two),
    # the services, their terms, the register figures, and the audit event's five.
    with django_assert_max_num_queries(14):
        selectors.availability_for(practitioner, "N01LDS")
    few = _queries(lambda: selectors.availability_for(practitioner, "N01LDS"))
    for n in range(5):
        a_service(f"More {n}", stages=["mhtr_secondary", "community_sentence"], needs=["substance_use"])
    assert _queries(lambda: selectors.availability_for(practitioner, "N01LDS")) == few


# The page


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_lists_providers_and_how_they_were_chosen(practitioner, leeds):
    a_service("Leeds MHTR", stages=["mhtr_primary"], typical_wait_days=12)
    response = _client(practitioner).get(URL, {"area": "E08000035"})
    assert response.status_code == 200
    assert b"Leeds MHTR" in response.content
    assert selectors.IDENTIFIED_BY["mhtr_primary"].encode() in response.content


def test_the_page_answers_an_unknown_area_with_an_error_summary(practitioner, leeds):
    response = _client(practitioner).get(URL, {"area": "E99999999"})
    assert response.status_code == 422
    assert b"govuk-error-summary" in response.content
    assert b"No local authority or probation delivery unit has the code E99999999" in response.content


def test_the_page_without_an_area_asks_for_one(practitioner):
    response = _client(practitioner).get(URL)
    assert (response.status_code, b"govuk-error-summary" in response.content) == (200, False)


def test_a_person_defaults_the_area_to_their_delivery_unit(practitioner, leeds):
    from throughcare.continuity.custody.services import probation_record_change

    person = person_in(practitioner.current_organisation)
    probation_record_change(actor=practitioner, person=person, changed_on=date(2025, 1, 1), pdu=leeds)
    response = _client(practitioner).get(URL, {"person": str(person.pk)})
    assert response.status_code == 200
    assert response.context["availability"].area.code == "N01LDS"
    assert AuditEvent.objects.filter(verb="person.viewed", target_id=str(person.pk)).exists()


def test_a_person_without_a_delivery_unit_is_asked_for_an_area(practitioner):
    person = person_in(practitioner.current_organisation)
    response = _client(practitioner).get(URL, {"person": str(person.pk)})
    assert response.status_code == 422
    assert b"No probation delivery unit is recorded" in response.content


def test_a_person_outside_the_team_is_not_found(practitioner, make_user, leeds):
    other = person_in(make_user(Role.PRACTITIONER).current_organisation)
    assert _client(practitioner).get(URL, {"person": str(other.pk)}).status_code == 404


def test_a_malformed_person_link_is_a_field_error(practitioner, leeds):
    assert _client(practitioner).get(URL, {"person": "nope", "area": "N01LDS"}).status_code == 422


def test_the_page_query_count_is_constant(practitioner, leeds):
    client = _client(practitioner)
    a_service("First", stages=["mhtr_primary"])
    client.get(URL, {"area": "N01LDS"})  # the session settles on the first request
    few = _queries(lambda: client.get(URL, {"area": "N01LDS"}))
    for n in range(4):
        a_service(f"Service {n}", stages=["mhtr_primary", "community_sentence"], needs=["substance_use"])
    assert _queries(lambda: client.get(URL, {"area": "N01LDS"})) == few


# The API


def _api(user):
    from throughcare.accounts.services import token_issue

    return Client(headers={"Authorization": f"Bearer {token_issue(actor=None, user=user, name='t').secret}"})


def test_the_api_returns_providers_and_combinations(practitioner, leeds):
    a_service(
        "Dual", stages=["mhtr_primary", "community_sentence"], needs=["substance_use"], typical_wait_days=9
    )
    body = _api(practitioner).get("/api/v1/court/treatment-availability", {"area": "N01LDS"}).json()
    assert (body["mhtr_primary"][0]["name"], body["mhtr_primary"][0]["typical_wait_days"]) == ("Dual", 9)
    assert [c["available"] for c in body["dual_diagnosis"]] == [True, True]


def test_the_api_answers_an_unknown_area_with_422(practitioner, leeds):
    response = _api(practitioner).get("/api/v1/court/treatment-availability", {"area": "E99999999"})
    assert response.status_code == 422
    assert "area" in str(response.json())


def test_the_api_refuses_commissioners(make_user, leeds):
    response = _api(make_user(Role.COMMISSIONER)).get(
        "/api/v1/court/treatment-availability", {"area": "N01LDS"}
    )
    assert response.status_code == 403


# Finding the area without codes


def _leeds_postcode_district():
    from throughcare.geography.models import Country, PostcodeDistrict

    PostcodeDistrict.objects.create(
        code="LS1", latitude=53.797, longitude=-1.548, country=Country.ENGLAND, local_authority_id="E08000035"
    )
    PostcodeDistrict.objects.create(code="EH1", latitude=55.95, longitude=-3.19, country=Country.SCOTLAND)


@pytest.mark.parametrize("postcode", ["LS1 4AP", "ls1", " Ls14ap "])
def test_a_postcode_finds_its_local_authority(practitioner, leeds, postcode):
    _leeds_postcode_district()
    a_service("Leeds MHTR", stages=["mhtr_primary"])

    response = _client(practitioner).get(URL, {"postcode": postcode, "area": "E08000036"})

    assert response.status_code == 200
    assert response.context["availability"].area.code == "E08000035"  # the postcode, not the old area
    assert b"Leeds MHTR" in response.content
    assert b"The area of the postcode" in response.content


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("LS99", "We could not find the postcode district LS99"),
        ("EH1 1AA", "EH1 1AA is not in a local authority in England: choose the area by name"),
        ("LS1 4A?", "a postcode has only letters, numbers and a space"),
    ],
)
def test_a_postcode_that_finds_no_area_says_why_on_its_box(practitioner, leeds, postcode, message):
    _leeds_postcode_district()

    response = _client(practitioner).get(URL, {"postcode": postcode})

    page = response.content.decode()
    assert response.status_code == 422
    assert page.count(message) == 2  # in the summary and beside the postcode box
    assert 'href="#postcode"' in page


def test_the_area_is_chosen_by_name_from_a_list_without_codes(practitioner, leeds):
    page = _client(practitioner).get(URL).content.decode()

    assert '<option value="E08000035">Leeds (local authority)</option>' in page
    assert '<option value="N01LDS">Leeds PDU (probation delivery unit)</option>' in page
    assert "like E08000003" not in page


@pytest.mark.parametrize("typed", ["leeds pdu", "Leeds PDU (probation delivery unit)", "n01lds"])
def test_a_name_typed_in_the_suggesting_box_finds_the_area(practitioner, leeds, typed):
    response = _client(practitioner).get(URL, {"area_name": typed, "area": "E08000036"})

    assert response.context["availability"].area.code == "N01LDS"


def test_a_misspelt_name_suggests_the_nearest(practitioner, leeds):
    response = _client(practitioner).get(URL, {"area_name": "Wakefeld"})

    assert response.status_code == 422
    assert "did you mean Wakefield (local authority)?" in response.content.decode()


def test_the_persons_page_links_to_availability_for_them(practitioner, leeds):
    person = person_in(practitioner.current_organisation)

    page = _client(practitioner).get(f"/people/{person.pk}/").content.decode()

    assert f'/court/treatment-availability/?person={person.pk}"' in page


def test_only_the_number_columns_are_right_aligned(practitioner, leeds):
    a_service(
        "Leeds MHTR", stages=["mhtr_primary"], typical_wait_days=12, capacity_available=3, capacity_maximum=9
    )

    page = _client(practitioner).get(URL, {"area": "E08000035"}).content.decode()

    assert 'govuk-table__header--numeric">Typical wait (days)' in page
    assert '<th scope="col" class="govuk-table__header">Capacity</th>' in page
    assert 'govuk-table__cell--numeric">3 of 9' not in page
