"""The people pages: list and search, add (errors, duplicate warning), person page, edit, care team."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people import services
from throughcare.people.models import CareTeamMember, Person
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db

FORM = {
    "given_names": "Robin",
    "family_name": "Hollow",
    "date_of_birth_day": "3",
    "date_of_birth_month": "2",
    "date_of_birth_year": "1988",
    "gender": "not_known",
    "nhs_number": "943 476 5919",
}


@pytest.fixture
def practitioner(users_by_role):
    return users_by_role[Role.PRACTITIONER]


@pytest.fixture
def client_p(client, practitioner):
    client.force_login(practitioner)
    return client


def test_list_searches_and_keeps_a_constant_number_of_queries(client_p, practitioner):
    organisation = practitioner.current_organisation
    person_in(organisation, given_names="Ada", family_name="Lovelace", crn="X123456")
    person_in(OrganisationFactory(), given_names="Ada", family_name="Elsewhere")
    page = client_p.get(reverse("people:list"), {"q": "ada"}).content.decode()
    assert "Lovelace" in page
    assert "Elsewhere" not in page
    assert "Lovelace" in client_p.get(reverse("people:list"), {"q": "x123456"}).content.decode()

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_p.get(reverse("people:list")).status_code == 200
        return len(captured)

    few = count()
    for _ in range(12):
        services.care_team_add(
            actor=None, person=person_in(OrganisationFactory()), organisation=organisation, role="other"
        )
    assert count() == few


def test_add_a_person_then_see_them(client_p, practitioner):
    response = client_p.post(reverse("people:create"), FORM)
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.id])
    page = client_p.get(response["Location"]).content.decode()
    assert "9434765919" in page
    assert practitioner.current_organisation.name in page
    assert "Lead" in page
    assert AuditEvent.objects.filter(verb="person.viewed", target_id=str(person.id)).exists()


def test_add_shows_each_problem(client_p):
    response = client_p.post(
        reverse("people:create"), {**FORM, "given_names": "", "nhs_number": "9434765918", "crn": "Y1"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "govuk-error-summary" in page
    assert "Enter their given names" in page
    assert "check digit should be 9" in page
    assert "a letter and 6 digits" in page
    assert not Person.objects.exists()


def test_a_possible_duplicate_must_be_confirmed(client_p):
    client_p.post(reverse("people:create"), FORM)
    again = {**FORM, "nhs_number": ""}
    response = client_p.post(reverse("people:create"), again)
    assert response.status_code == 422
    assert "may already be recorded" in response.content.decode()
    assert Person.objects.count() == 1
    response = client_p.post(reverse("people:create"), {**again, "confirm_not_duplicate": "yes"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_edit(client_p, practitioner):
    person = person_in(practitioner.current_organisation)
    url = reverse("people:edit", args=[person.id])
    assert client_p.get(url).status_code == 200
    response = client_p.post(url, {**FORM, "family_name": "Renamed", "aliases": "Rob\nRobbie"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Renamed"
    assert sorted(person.aliases.values_list("name", flat=True)) == ["Rob", "Robbie"]


def test_care_team_add_set_lead_and_end(client_p, practitioner):
    person = person_in(practitioner.current_organisation)
    prison = OrganisationFactory(kind="prison")
    url = reverse("people:care-team-add", args=[person.id])
    response = client_p.post(
        url, {"organisation": str(prison.id), "role": "prison_key_worker", "is_lead": "no"}
    )
    assert response.status_code == 302
    member = CareTeamMember.objects.get(organisation=prison)

    client_p.post(reverse("people:care-team-set-lead", args=[person.id, member.id]))
    member.refresh_from_db()
    assert member.is_lead

    ours = person.care_team.get(organisation=practitioner.current_organisation)
    response = client_p.post(
        reverse("people:care-team-end", args=[person.id, ours.id]), {"reason": "case_transferred"}
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.ended_on is not None
    # Having left the team, the practitioner's organisation can no longer see the person.
    assert client_p.get(reverse("people:detail", args=[person.id])).status_code == 404


def test_care_team_add_errors(client_p, practitioner):
    person = person_in(practitioner.current_organisation)
    response = client_p.post(reverse("people:care-team-add", args=[person.id]), {"role": "", "is_lead": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose the organisation joining the team" in page
    assert "Select yes if this organisation should lead the team" in page


def test_merged_person_redirects_to_survivor(client_p, practitioner):
    organisation = practitioner.current_organisation
    survivor, merged = person_in(organisation), person_in(organisation)
    services.person_merge(actor=None, survivor=survivor, merged=merged)
    response = client_p.get(reverse("people:detail", args=[merged.id]))
    assert response["Location"] == reverse("people:detail", args=[survivor.id])


def test_demo_people_are_valid_and_shared_through_the_gate(db):
    from types import SimpleNamespace

    from throughcare.demo.people_catalogue import DEMO_PEOPLE
    from throughcare.people.demo import seed_people

    kinds = {p.lead for p in DEMO_PEOPLE} | {p.shared_with for p in DEMO_PEOPLE if p.shared_with}
    for code in kinds:
        OrganisationFactory(code=code, kind="prison" if code.endswith("prison") else "probation")
    ctx = SimpleNamespace(counts={})
    seed_people(ctx)
    assert Person.objects.count() == len(DEMO_PEOPLE) == ctx.counts["people"]
    assert all(p.nhs_number.startswith("9") for p in Person.objects.all())
    assert CareTeamMember.objects.filter(is_lead=True).count() == len(DEMO_PEOPLE)


def test_demo_shows_care_team_notices(db):
    from types import SimpleNamespace

    from throughcare.demo.people_catalogue import DEMO_PEOPLE
    from throughcare.people.demo import seed_people
    from throughcare.people.models import CareTeamNotice

    codes = {p.lead for p in DEMO_PEOPLE} | {p.shared_with for p in DEMO_PEOPLE if p.shared_with}
    for code in codes:
        OrganisationFactory(code=code, kind="prison" if code.endswith("prison") else "probation")
    OrganisationFactory(code="demo-vcse", kind="vcse_provider")
    OrganisationFactory(code="demo-nhs", kind="nhs_provider")
    seed_people(SimpleNamespace(counts={}))
    kinds = sorted(CareTeamNotice.objects.values_list("organisation__code", "kind"))
    assert kinds == [("demo-nhs", "membership_ended"), ("demo-probation", "join_request")]
