"""Issue 15: a join request raised before the lead changed goes to the new lead, who sees and answers it;
the former lead, who can no longer add anyone, no longer holds it. Audited, and the asker learns nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people import selectors, services
from throughcare.people.models import CareTeamNotice, CareTeamRole, TeamNoticeKind
from throughcare.people.team_notices import join_request_raise, team_notice_answer
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(make_user):
    """A person led by a probation service, with a prison in the team, and a provider asking to join."""
    probation = make_user(Role.PRACTITIONER)
    prison = make_user(Role.PRACTITIONER, organisation=None)
    prison.current_organisation.kind = "prison"
    prison.current_organisation.save()
    provider = make_user(Role.PROVIDER_CASEWORKER)
    person = person_in(probation.current_organisation, actor=probation)
    prison_row = services.care_team_add(
        actor=probation,
        person=person,
        organisation=prison.current_organisation,
        role=CareTeamRole.PRISON_KEY_WORKER,
    )
    request = join_request_raise(
        actor=provider, person=person, organisation=provider.current_organisation, matched_on="crn"
    )
    return person, probation, prison, provider, prison_row, request


def _inbox(user) -> list[CareTeamNotice]:
    return [n for n in selectors.team_notices_for(user) if n.kind == TeamNoticeKind.JOIN_REQUEST]


def test_a_new_lead_receives_the_open_join_request(asked):
    person, probation, prison, _provider, prison_row, request = asked
    services.care_team_set_lead(actor=probation, member=prison_row)
    request.refresh_from_db()
    assert request.organisation == prison.current_organisation
    assert _inbox(prison) == [request]
    assert _inbox(probation) == []
    event = AuditEvent.objects.get(verb="care_team.join_request_passed_on")
    assert event.payload == {
        "person": str(person.pk),
        "from_lead": str(probation.current_organisation_id),
        "to_lead": str(prison.current_organisation_id),
        "closed_as_joined": False,
    }


def test_the_new_lead_answers_it_and_the_former_lead_cannot(asked):
    person, probation, prison, provider, prison_row, request = asked
    services.care_team_set_lead(actor=probation, member=prison_row)
    answer = reverse("people:team-notice-answer", args=[request.id])
    former = Client()
    former.force_login(probation)
    assert former.post(answer, {"outcome": "joined"}).status_code == 404
    team_notice_answer(actor=prison, notice=selectors.team_notice_for(prison, request.id), outcome="joined")
    assert selectors.can_see(provider, person)


def test_a_lead_added_as_lead_also_receives_it(asked, make_user):
    person, probation, _prison, _provider, _prison_row, request = asked
    council = make_user(Role.PRACTITIONER)
    services.care_team_add(
        actor=probation,
        person=person,
        organisation=council.current_organisation,
        role=CareTeamRole.OTHER,
        is_lead=True,
    )
    request.refresh_from_db()
    assert request.organisation == council.current_organisation


def test_a_request_from_the_organisation_that_now_leads_is_closed_as_joined(asked):
    person, probation, _prison, provider, _prison_row, request = asked
    provider_row = services.care_team_add(
        actor=probation,
        person=person,
        organisation=provider.current_organisation,
        role=CareTeamRole.OTHER,
    )
    services.care_team_set_lead(actor=probation, member=provider_row)
    request.refresh_from_db()
    assert request.outcome == "joined"
    assert request.answered_by == probation
    assert AuditEvent.objects.get(verb="care_team.join_request_passed_on").payload["closed_as_joined"]


def test_the_asker_is_not_told_who_leads_now(asked):
    _person, probation, _prison, provider, prison_row, _request = asked
    services.care_team_set_lead(actor=probation, member=prison_row)
    assert not CareTeamNotice.objects.filter(organisation=provider.current_organisation).exists()
