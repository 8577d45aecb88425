"""Issue 15: a restricted record is seen only by named users; anyone else in the team opens it with a
reason, for a limited time, and the data protection officer reviews it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people import selectors, services
from throughcare.people.models import BreakGlassAccess
from throughcare.people.restriction import break_glass_open, person_restrict, person_unrestrict
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(make_user):
    lead = make_user(Role.PRACTITIONER)
    named = make_user(Role.PRACTITIONER, organisation=lead.current_organisation)
    colleague = make_user(Role.PRACTITIONER, organisation=lead.current_organisation)
    partner = make_user(Role.PROVIDER_CASEWORKER)
    person = person_in(lead.current_organisation)
    services.care_team_add(actor=lead, person=person, organisation=partner.current_organisation, role="other")
    person_restrict(actor=lead, person=person, users=[named])
    return person, lead, named, colleague, partner


def test_only_named_users_see_a_restricted_record(setting):
    person, lead, named, colleague, partner = setting
    assert selectors.can_see(lead, person)  # the one restricting is always named
    assert selectors.can_see(named, person)
    assert not selectors.can_see(colleague, person)
    assert not selectors.can_see(partner, person)
    assert person not in selectors.people_page_for(colleague).object_list
    event = AuditEvent.objects.get(verb="person.restricted")
    assert set(event.payload["named_users"]) == {str(lead.pk), str(named.pk)}


def test_only_the_lead_restricts_and_only_team_members_are_named(setting, make_user):
    person, lead, _named, colleague, partner = setting
    with pytest.raises(ValidationError):
        person_restrict(actor=partner, person=person, users=[partner])
    with pytest.raises(ValidationError):
        person_restrict(actor=lead, person=person, users=[make_user(Role.PRACTITIONER)])
    with pytest.raises(ValidationError):
        person_unrestrict(actor=partner, person=person)
    person_unrestrict(actor=lead, person=person)
    assert selectors.can_see(colleague, person)


def test_break_glass_opens_for_a_while_with_a_reason_and_waits_for_review(setting):
    person, _lead, _named, colleague, _partner = setting
    candidate = selectors.break_glass_candidate(colleague, person.pk)
    with pytest.raises(ValidationError):
        break_glass_open(actor=colleague, person=candidate, reason="need")
    access = break_glass_open(
        actor=colleague, person=candidate, reason="Crisis call from their hostel tonight"
    )
    assert selectors.can_see(colleague, person)
    assert access.reviewed_at is None
    event = AuditEvent.objects.get(verb="person.break_glass_opened")
    assert "hostel" not in str(event.payload)
    BreakGlassAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not selectors.can_see(colleague, person)


def test_break_glass_is_only_for_the_team(setting, make_user):
    person, _lead, named, _colleague, _partner = setting
    with pytest.raises(Http404):
        selectors.break_glass_candidate(make_user(Role.PRACTITIONER), person.pk)
    with pytest.raises(Http404):
        selectors.break_glass_candidate(named, person.pk)  # already sees it


def test_the_pages_lead_a_colleague_to_break_glass_and_the_dpo_reviews(setting, make_user):
    person, lead, _named, colleague, _partner = setting
    client = Client()
    client.force_login(colleague)
    detail = reverse("people:detail", args=[person.id])
    assert client.get(detail)["Location"] == reverse("people:break-glass", args=[person.id])
    glass = reverse("people:break-glass", args=[person.id])
    assert client.post(glass, {"reason": ""}).status_code == 422
    assert client.post(glass, {"reason": "Crisis call from their hostel tonight"}).status_code == 302
    assert client.get(detail).status_code == 200
    outsider = Client()
    outsider.force_login(make_user(Role.PRACTITIONER))
    assert outsider.get(detail).status_code == 404
    assert outsider.get(glass).status_code == 404

    dpo = Client()
    dpo.force_login(make_user(Role.DPO, organisation=lead.current_organisation))
    page = dpo.get(reverse("rights:break-glass")).content.decode()
    assert "Crisis call from their hostel tonight" in page
    access = BreakGlassAccess.objects.get()
    assert dpo.post(reverse("rights:break-glass-reviewed", args=[access.id])).status_code == 302
    access.refresh_from_db()
    assert access.reviewed_at is not None
    assert "no break-glass access waiting" in dpo.get(reverse("rights:break-glass")).content.decode()


def test_the_restrict_page_names_people_and_refuses_strangers(setting, make_user):
    person, lead, named, colleague, _partner = setting
    client = Client()
    client.force_login(lead)
    url = reverse("people:restrict", args=[person.id])
    assert client.get(url).status_code == 200
    stranger = make_user(Role.PRACTITIONER)
    assert client.post(url, {"users": [str(stranger.pk)]}).status_code == 422
    assert client.post(url, {"users": ["not-a-uuid"]}).status_code == 422
    assert client.post(url, {"users": [str(colleague.pk)]}).status_code == 302
    assert selectors.can_see(colleague, person)
    assert not selectors.can_see(named, person)
    assert client.post(url, {"action": "lift"}).status_code == 302
    assert selectors.can_see(named, person)


def test_the_demo_restricts_natalie_price_and_noah_breaks_the_glass(make_user):
    from types import SimpleNamespace

    from throughcare.accounts.tests.factories import OrganisationFactory
    from throughcare.demo.seeding import demo_email
    from throughcare.people.demo import seed_restricted_record

    probation = OrganisationFactory(code="demo-probation", kind="probation")
    prison = OrganisationFactory(code="demo-prison", kind="prison")
    priya = make_user(Role.PRACTITIONER, organisation=probation, email=demo_email("practitioner"))
    noah = make_user(Role.PRACTITIONER, organisation=prison, email=demo_email("navigator"))
    natalie = person_in(probation, given_names="Natalie", family_name="Price")
    seed_restricted_record(SimpleNamespace(counts={}), demo_email)
    assert hasattr(natalie, "restriction")
    assert selectors.can_see(priya, natalie)
    access = BreakGlassAccess.objects.get()
    assert (access.user, access.person) == (noah, natalie)
