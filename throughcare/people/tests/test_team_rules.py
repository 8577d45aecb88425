"""Issue 15: no care-team takeover. Only the lead steers the team, the organisation affected is told,
and the probation service holding the statutory case leaves only with a reason, which is audited."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people import selectors, services
from throughcare.people.models import CareTeamNotice, CareTeamRole, TeamNoticeKind
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_user):
    """A person led by the probation service that recorded them, with a prison in the team."""
    probation = make_user(Role.PRACTITIONER)
    prison = make_user(Role.PRACTITIONER, organisation=None)
    prison.current_organisation.kind = "prison"
    prison.current_organisation.save()
    person = person_in(probation.current_organisation, actor=probation)
    services.care_team_add(
        actor=probation,
        person=person,
        organisation=prison.current_organisation,
        role=CareTeamRole.PRISON_KEY_WORKER,
    )
    member = lambda user: person.care_team.get(organisation=user.current_organisation)  # noqa: E731
    return person, probation, prison, member


def _messages(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


def test_a_member_cannot_make_itself_lead(team):
    _person, probation, prison, member = team
    assert "leads the team" in _messages(
        lambda: services.care_team_set_lead(actor=prison, member=member(prison))
    )
    assert member(probation).is_lead


def test_a_member_cannot_end_the_creators_membership(team):
    person, probation, prison, member = team
    message = _messages(
        lambda: services.care_team_end(actor=prison, member=member(probation), reason="case_transferred")
    )
    assert "leads the team" in message
    assert selectors.can_see(probation, person)


def test_the_takeover_from_the_issue_fails_through_the_pages(team):
    person, probation, prison, member = team
    client = Client()
    client.force_login(prison)
    client.post(reverse("people:care-team-set-lead", args=[person.id, member(prison).id]))
    end = reverse("people:care-team-end", args=[person.id, member(probation).id])
    assert client.post(end, {"reason": "case_transferred"}).status_code == 422
    assert member(probation).is_lead
    client.force_login(probation)
    assert client.get(reverse("people:detail", args=[person.id])).status_code == 200


def test_a_member_may_leave_of_its_own_accord(team):
    person, _probation, prison, member = team
    services.care_team_end(actor=prison, member=member(prison))
    assert not selectors.can_see(prison, person)
    assert not CareTeamNotice.objects.exists()  # nobody else did it, so nobody is told


def test_the_organisation_removed_by_the_lead_is_told_without_being_named_the_person(team):
    person, probation, prison, member = team
    services.care_team_end(actor=probation, member=member(prison), reason="work_finished")
    notice = CareTeamNotice.objects.get()
    assert (notice.kind, notice.organisation, notice.reason) == (
        TeamNoticeKind.MEMBERSHIP_ENDED,
        prison.current_organisation,
        "work_finished",
    )
    client = Client()
    client.force_login(prison)
    page = client.get(reverse("people:team-notices")).content.decode()
    assert "a person's care team" in page
    assert person.full_name not in page
    assert "their work with the person has finished" in page
    answer = reverse("people:team-notice-answer", args=[notice.id])
    assert client.post(answer, {"outcome": "read"}).status_code == 302
    notice.refresh_from_db()
    assert notice.outcome == "read"


def test_the_former_lead_is_told_when_an_administrator_moves_the_lead(team, make_user):
    _person, probation, prison, member = team
    administrator = make_user(Role.ADMINISTRATOR)
    services.care_team_set_lead(actor=administrator, member=member(prison))
    notice = CareTeamNotice.objects.get()
    assert (notice.kind, notice.organisation) == (TeamNoticeKind.LEAD_CHANGED, probation.current_organisation)


def test_the_statutory_case_holder_leaves_only_with_an_audited_reason(team):
    _person, probation, prison, member = team
    services.care_team_set_lead(actor=probation, member=member(prison))
    assert "holds the probation case" in _messages(
        lambda: services.care_team_end(actor=prison, member=member(probation))
    )
    assert "from the list" in _messages(
        lambda: services.care_team_end(actor=prison, member=member(probation), reason="bored")
    )
    ended = member(probation)
    services.care_team_end(actor=prison, member=ended, reason="sentence_ended")
    ended.refresh_from_db()
    assert ended.end_reason == "sentence_ended"
    event = AuditEvent.objects.filter(verb="care_team.ended").get()
    assert event.payload["reason"] == "sentence_ended"
    assert event.payload["told"] == str(CareTeamNotice.objects.get(kind=TeamNoticeKind.MEMBERSHIP_ENDED).id)


def test_the_person_page_offers_team_changes_only_to_the_lead(team):
    person, probation, prison, member = team
    client = Client()
    client.force_login(prison)
    page = client.get(reverse("people:detail", args=[person.id])).content.decode()
    assert "Make lead" not in page
    assert reverse("people:care-team-end", args=[person.id, member(prison).id]) in page  # leaving is theirs
    assert "Only the organisation that leads the team" in page
    client.force_login(probation)
    page = client.get(reverse("people:detail", args=[person.id])).content.decode()
    assert "Make lead" in page
    assert reverse("people:care-team-end", args=[person.id, member(prison).id]) in page


def test_every_kind_of_team_notice_has_its_answers():
    from throughcare.people.models import TeamNoticeKind
    from throughcare.people.team_notices import ANSWERS

    assert set(ANSWERS) == set(TeamNoticeKind.values)
    assert all(ANSWERS.values())
