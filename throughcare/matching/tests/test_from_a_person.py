"""Find support started from a person's record: answers filled in from it, and "Refer" knows who for."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.matching.forms import initial_from_person
from throughcare.matching.tests.walk import CHECK_ANSWERS, find_support
from throughcare.people.models import Person
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import draft, service_of

pytestmark = pytest.mark.django_db
URL = reverse("matching:find-support")


def test_a_search_for_someone_goes_straight_to_check_answers_filled_from_their_record(
    client_for, users_by_role
):
    person = person_in(
        users_by_role["practitioner"].current_organisation,
        gender="woman",
        ethnicity="black_caribbean",
    )
    Person.objects.filter(pk=person.pk).update(residence_district="LS6")  # as a recorded address sets it
    client = client_for("practitioner")
    response = client.get(URL, {"person": person.pk})
    assert response["Location"] == CHECK_ANSWERS
    assert AuditEvent.objects.filter(verb="person.viewed", target_id=str(person.pk)).exists()
    page = client.get(CHECK_ANSWERS).content.decode()
    assert f"Find support for {person.full_name}" in page
    assert f'href="{reverse("people:detail", args=[person.pk])}" class="govuk-back-link"' in page
    assert "Woman" in page
    assert "Caribbean" in page
    assert "black_caribbean" not in page
    assert "LS6" in page
    page = client.get(reverse("matching:question", args=["circumstances"])).content.decode()
    assert 'value="woman" checked' in page


def test_what_the_team_last_told_a_service_is_filled_in(users_by_role):
    practitioner = users_by_role["practitioner"]
    person = person_in(practitioner.current_organisation)
    earlier = draft(practitioner, service_of(OrganisationFactory()), person=person)
    earlier.need_codes = ["depression", "no_longer_a_need"]
    earlier.uses_substances = False
    earlier.risk_to_others_level = 2
    earlier.at_risk_to_self = True
    earlier.gp_details = "Not registered with a GP."
    earlier.save()
    initial = initial_from_person(person, viewer=practitioner)
    assert initial["need_codes"] == ["depression"]
    assert (initial["uses_substances"], initial["risk_to_others"], initial["risk_to_self"]) == (
        "no",
        2,
        "yes",
    )
    assert initial["gp_registered"] == "no"
    someone_else = users_by_role["provider_caseworker"]
    assert "need_codes" not in initial_from_person(person, viewer=someone_else)


def test_age_is_worked_out_from_the_date_of_birth(users_by_role):
    person = person_in(users_by_role["practitioner"].current_organisation, date_of_birth=date(1990, 5, 17))
    today = date.today()
    expected = today.year - 1990 - ((today.month, today.day) < (5, 17))
    assert initial_from_person(person)["age"] == expected


@pytest.mark.parametrize("person_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_person_is_not_found(client_for, person_id):
    assert client_for("practitioner").get(URL, {"person": person_id}).status_code == 404


def test_someone_outside_the_team_is_not_found(client_for):
    outsider = person_in(OrganisationFactory())
    assert client_for("practitioner").get(URL, {"person": outsider.pk}).status_code == 404


def test_refer_from_a_result_goes_straight_to_the_draft_for_that_person(client_for, users_by_role):
    practitioner = users_by_role["practitioner"]
    person = person_in(practitioner.current_organisation)
    service = service_of(OrganisationFactory())
    start = reverse("referrals:start", args=[service.pk]) + f"?person={person.pk}"
    page = client_for("practitioner").get(start).content.decode()
    assert "Reason for the referral" in page
    assert f'name="person" value="{person.pk}"' in page


def test_the_person_page_offers_find_support(client_for, users_by_role):
    person = person_in(users_by_role["practitioner"].current_organisation)
    page = client_for("practitioner").get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f"{URL}?person={person.pk}" in page


def test_each_result_refers_for_the_same_person(client_for, users_by_role, leeds_directory):
    person = person_in(users_by_role["practitioner"].current_organisation)
    answers = {
        "postcode": "LS1 4AP",
        "travel_miles": "10",
        "need_codes": ["depression"],
        "uses_substances": "no",
        "risk_to_others": "1",
        "risk_to_self": "no",
        "gp_registered": "yes",
        "legal_status": "community_order",
        "referral_routes": ["probation", "self"],
        "sort": "best_fit",
    }
    response = find_support(client_for("practitioner"), answers, person=person)
    page = response.content.decode()
    assert "Refer to this service" in page
    assert f"?person={person.pk}" in page
    assert str(person.pk) not in response.request["QUERY_STRING"]  # who it is for stays in the session


def test_custody_orders_and_screening_start_from_the_persons_record(users_by_role):
    from throughcare.continuity.models import CustodyEpisode, Order, Requirement
    from throughcare.people.models import OpdScreening

    practitioner = users_by_role["practitioner"]
    person = person_in(practitioner.current_organisation)
    assert "legal_status" not in initial_from_person(person)  # nothing recorded: left for them to say
    released_on = date.today() - timedelta(days=40)
    CustodyEpisode.objects.create(
        person=person,
        prison_name="HMP Leeds",
        reception_date=date(2024, 1, 1),
        actual_release_date=released_on,
    )
    Order.objects.create(person=person, kind="licence", starts_on=released_on)
    other = Order.objects.create(
        person=person, kind="community_order", starts_on=date(2023, 1, 1), ends_on=date(2023, 12, 1)
    )
    Requirement.objects.create(
        order=other, kind="mhtr_primary", status="completed", ordered_on=date(2023, 1, 1)
    )
    OpdScreening.objects.create(
        person=person,
        screened_on=date.today(),
        outcome="screened_in",
        source="oasys",
        recorded_by=practitioner,
    )
    initial = initial_from_person(person)
    assert (initial["legal_status"], initial["release_date"]) == ("on_licence", released_on)
    assert (initial["mhtr_kinds"], initial["opd_screened_in"]) == ([], True)


def test_someone_in_custody_starts_from_in_custody_and_their_expected_release(client_for, users_by_role):
    from throughcare.continuity.tests.release_helpers import in_custody

    person = in_custody(users_by_role["practitioner"], days_to_release=20)
    release = date.today() + timedelta(days=20)
    client = client_for("practitioner")
    client.get(URL, {"person": person.pk})
    page = client.get(reverse("matching:question", args=["legal-status"])).content.decode()
    assert re.search(r'<option value="in_custody"[^>]*selected', page)
    for part, value in (("day", release.day), ("month", release.month), ("year", release.year)):
        assert re.search(rf'id="id_release_date-{part}"[^>]*value="{value}"', page)
    assert f"{release:%-d %B %Y}" in client.get(CHECK_ANSWERS).content.decode()
    # Nothing about risk is on the person's record: no risk answer is chosen for the practitioner.
    page = client.get(reverse("matching:question", args=["circumstances"])).content.decode()
    assert not re.search(r'name="risk_to_(others|self)"[^>]*checked', page)
