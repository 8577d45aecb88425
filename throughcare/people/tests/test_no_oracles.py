"""Issue 15: posting another organisation's identifier or name and date of birth reveals nothing
about their record; the lead of that person's team is asked instead; every check is audited and limited."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import OrganisationKind, Role
from throughcare.core.rate_limits import RateLimitedError
from throughcare.people import selectors, services
from throughcare.people.duplicate_checks import KNOWN_ELSEWHERE
from throughcare.people.models import CareTeamNotice, Person, TeamNoticeKind
from throughcare.people.team_notices import join_request_raise, team_notice_answer
from throughcare.people.tests.helpers import details, person_in, valid_nhs_number

pytestmark = pytest.mark.django_db

IDENTIFIERS = {
    "nhs_number": valid_nhs_number(7),
    "crn": "X123456",
    "prison_number": "A1234BC",
    "pnc": "2001/0171310W",
}


@pytest.fixture
def lead_user(make_user):
    return make_user(Role.PRACTITIONER)


@pytest.fixture
def provider(make_user):
    return make_user(Role.PROVIDER_CASEWORKER)


@pytest.mark.parametrize("field", list(IDENTIFIERS))
def test_another_organisations_identifier_becomes_a_request_to_their_lead(lead_user, provider, field):
    held = person_in(lead_user.current_organisation, **{field: IDENTIFIERS[field]})
    with pytest.raises(ValidationError) as caught:
        services.person_create(actor=provider, details=details(**{field: IDENTIFIERS[field]}))
    assert caught.value.message_dict == {field: [KNOWN_ELSEWHERE]}
    assert held.family_name not in str(caught.value)
    notice = CareTeamNotice.objects.get()
    assert (notice.kind, notice.person, notice.organisation) == (
        TeamNoticeKind.JOIN_REQUEST,
        held,
        lead_user.current_organisation,
    )
    assert notice.from_organisation == provider.current_organisation
    assert notice.matched_on == field
    check = AuditEvent.objects.get(verb="person.duplicate_checked", actor=provider)
    assert check.payload["held_elsewhere"] == [field]
    assert check.payload["named"] == []
    assert check.payload["join_requests"] == [str(notice.id)]
    assert not selectors.can_see(provider, held)


def test_asking_again_keeps_one_open_request(lead_user, provider):
    person_in(lead_user.current_organisation, crn="X123456")
    for _ in range(2):
        with pytest.raises(ValidationError):
            services.person_create(actor=provider, details=details(crn="X123456"))
    assert CareTeamNotice.objects.count() == 1
    assert AuditEvent.objects.filter(verb="person.duplicate_checked", actor=provider).count() == 2


def test_the_lead_adds_the_asker_who_then_sees_the_person(lead_user, provider):
    held = person_in(lead_user.current_organisation, crn="X123456")
    with pytest.raises(ValidationError):
        services.person_create(actor=provider, details=details(crn="X123456"))
    notice = selectors.team_notice_for(lead_user, CareTeamNotice.objects.get().id)
    team_notice_answer(actor=lead_user, notice=notice, outcome="joined")
    assert selectors.can_see(provider, held)
    assert held.care_team.get(organisation=provider.current_organisation).role == "provider_caseworker"
    assert AuditEvent.objects.filter(verb="care_team.notice_answered").get().payload["outcome"] == "joined"


def test_only_the_organisation_asked_can_answer(lead_user, provider):
    person_in(lead_user.current_organisation, crn="X123456")
    with pytest.raises(ValidationError):
        services.person_create(actor=provider, details=details(crn="X123456"))
    notice_id = CareTeamNotice.objects.get().id
    client = Client()
    client.force_login(provider)
    url = reverse("people:team-notice-answer", args=[notice_id])
    assert client.post(url, {"outcome": "joined"}).status_code == 404
    client.force_login(lead_user)
    assert client.post(url, {"outcome": "maybe"}).status_code == 302
    assert CareTeamNotice.objects.get().answered_at is None
    assert client.post(url, {"outcome": "declined"}).status_code == 302
    assert CareTeamNotice.objects.get().outcome == "declined"


def test_the_notices_page_names_the_person_to_the_lead(lead_user, provider, django_assert_max_num_queries):
    held = person_in(lead_user.current_organisation, crn="X123456")
    for _ in range(3):
        asker = OrganisationFactory(kind=OrganisationKind.VCSE_PROVIDER)
        join_request_raise(actor=None, person=held, organisation=asker, matched_on="crn")
    client = Client()
    client.force_login(lead_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:team-notices"))
    assert response.status_code == 200
    assert response.content.decode().count(held.full_name) >= 3
    assert "the same case reference number (CRN) as" in response.content.decode()


def test_a_name_and_birthday_in_another_team_gives_no_count_through_the_api(lead_user, provider, token_for):
    person_in(lead_user.current_organisation, given_names="Rowan", family_name="Ash")
    client = Client(headers={"Authorization": f"Bearer {token_for(Role.PROVIDER_CASEWORKER)}"})
    body = {"given_names": "Rowan", "family_name": "Ash", "date_of_birth": "1990-05-17"}
    response = client.post("/api/v1/people", body, content_type="application/json")
    assert response.status_code == 201
    assert "hidden_possible_duplicates" not in response.json()


def test_checks_are_rate_limited_per_user(settings, lead_user, provider):
    settings.DUPLICATE_CHECK_RATE_LIMIT = (2, 3600)
    services.person_create(actor=provider, details=details())
    services.person_create(actor=provider, details=details())
    with pytest.raises(RateLimitedError):
        services.person_create(actor=provider, details=details())
    assert Person.objects.count() == 2
    assert AuditEvent.objects.filter(verb="person.duplicate_check_refused", actor=provider).count() == 1
    # Someone else's allowance is their own.
    services.person_create(actor=lead_user, details=details())


def test_rate_limited_checks_answer_429_on_the_page_and_api(settings, users_by_role, token_for):
    settings.DUPLICATE_CHECK_RATE_LIMIT = (1, 3600)
    page = Client()
    page.force_login(users_by_role[Role.PRACTITIONER])
    form = {
        "given_names": "Ada",
        "family_name": "Page",
        "date_of_birth_day": "1",
        "date_of_birth_month": "2",
        "date_of_birth_year": "1980",
        "gender": "not_known",
    }
    assert page.post(reverse("people:create"), form).status_code == 302
    refused = page.post(reverse("people:create"), {**form, "family_name": "Other"})
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert "Try again in" in refused.content.decode()
    api = Client(headers={"Authorization": f"Bearer {token_for(Role.PRACTITIONER)}"})
    body = {"given_names": "Ada", "family_name": "Api", "date_of_birth": "1980-02-01"}
    response = api.post("/api/v1/people", body, content_type="application/json")
    assert response.status_code == 429
    assert response["Retry-After"]


def test_a_dpo_correcting_a_record_raises_no_join_request(lead_user, make_user):
    person_in(lead_user.current_organisation, crn="X123456")
    dpo = make_user(Role.DPO)
    own = person_in(dpo.current_organisation)
    changed = details(given_names=own.given_names, family_name=own.family_name, crn="X123456")
    with pytest.raises(ValidationError):
        services.person_update(actor=dpo, person=own, details=changed, reason="The person told us")
    assert not CareTeamNotice.objects.exists()
