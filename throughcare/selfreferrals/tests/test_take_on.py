"""The service takes the person who asked on, as a referral in the usual lifecycle, or declines the
request with a reason. Matching offers only people the service already sees."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.models import CareTeamMember, Person
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.models import ConsentMethod, Referral
from throughcare.referrals.services import referral_transition
from throughcare.referrals.states import ReferralState, Side
from throughcare.selfreferrals.models import Outcome, SelfReferral, Status
from throughcare.selfreferrals.services import self_referral_receive

pytestmark = pytest.mark.django_db

NEW_JAY = {
    "person": "new",
    "given_names": "Jay",
    "family_name": "Marlowe",
    "date_of_birth_day": "4",
    "date_of_birth_month": "11",
    "date_of_birth_year": "1991",
}


@pytest.fixture
def asked(open_door) -> SelfReferral:
    details = {
        "name": "Jay Marlowe",
        "contact_by": "phone",
        "phone": "07700 900982",
        "help_with": "I feel low since I got out.",
        "best_time": "Mornings",
    }
    request, _ = self_referral_receive(service=open_door, details=details, request_key="take-on-key")
    return request


@pytest.fixture
def staff(caseworker) -> Client:
    client = Client()
    client.force_login(caseworker)
    return client


def _take_on_url(request) -> str:
    return reverse("selfreferrals:take-on", args=[request.pk])


def test_taking_on_someone_new_opens_a_submitted_referral_with_their_consent(asked, staff, caseworker):
    response = staff.post(_take_on_url(asked), NEW_JAY)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    organisation = caseworker.current_organisation
    assert referral.state == ReferralState.SUBMITTED
    assert referral.referring_organisation == referral.receiving_organisation == organisation
    assert referral.referral_route == "self"
    assert referral.reason_for_referral == "I feel low since I got out."
    assert referral.acknowledge_by is not None
    assert referral.due_by == referral.acknowledge_by
    [move] = referral.transitions.all()
    assert (move.from_state, move.to_state, move.side, move.actor) == (
        "draft",
        "submitted",
        "referrer",
        caseworker,
    )
    [consent] = referral.consents.all()
    assert consent.how_obtained == ConsentMethod.ELECTRONIC
    assert consent.given_on == asked.consent_given_at.date()
    person = referral.person
    assert (person.given_names, person.family_name, person.phone) == ("Jay", "Marlowe", "07700 900982")
    assert CareTeamMember.objects.filter(person=person, organisation=organisation, is_lead=True).exists()
    asked.refresh_from_db()
    assert (asked.status, asked.outcome, asked.referral) == (Status.CLOSED, Outcome.TAKEN_ON, referral)
    verbs = set(AuditEvent.objects.filter(actor=caseworker).values_list("verb", flat=True))
    assert {
        "self_referral.taken_on",
        "self_referral.matches_viewed",
        "referral.created",
        "referral.consent_recorded",
        "referral.transitioned",
        "person.created",
    } <= verbs
    detail = staff.get(reverse("selfreferrals:detail", args=[asked.pk])).content.decode()
    assert reverse("referrals:detail", args=[referral.pk]) in detail
    assert "Take them on</a>" not in detail


def test_the_referral_then_follows_the_lifecycle_as_any_other(asked, staff, caseworker):
    staff.post(_take_on_url(asked), NEW_JAY)
    referral = Referral.objects.get()
    move = referral_transition(actor=caseworker, referral=referral, target=ReferralState.ACCEPTED)
    assert move.side == Side.RECEIVER
    assert Referral.objects.get().state == ReferralState.ACCEPTED
    page = staff.get(reverse("referrals:detail", args=[referral.pk]))
    assert page.status_code == 200


def test_someone_the_service_already_works_with_is_offered_and_chosen(asked, staff, caseworker):
    known = person_in(caseworker.current_organisation, given_names="Jay", family_name="Marlowe")
    page = staff.get(_take_on_url(asked)).content.decode()
    assert f'value="{known.pk}"' in page
    response = staff.post(_take_on_url(asked), {"person": str(known.pk)})
    assert response.status_code == 302
    assert Referral.objects.get().person == known
    assert Person.objects.count() == 1


def test_people_the_service_does_not_see_are_never_offered_or_accepted(asked, staff, make_user):
    elsewhere = make_user(Role.PRACTITIONER).current_organisation
    hidden = person_in(elsewhere, given_names="Jay", family_name="Marlowe", phone="07700 900982")
    page = staff.get(_take_on_url(asked)).content.decode()
    assert str(hidden.pk) not in page
    assert "Nobody your service works with" in page
    response = staff.post(_take_on_url(asked), {"person": str(hidden.pk)})
    assert response.status_code == 400
    assert not Referral.objects.exists()
    assert SelfReferral.objects.get().status == Status.NEW


def test_a_new_record_missing_its_details_is_refused_with_every_error_and_nothing_written(asked, staff):
    response = staff.post(_take_on_url(asked), {"person": "new"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    for message in ("Enter their given names", "Enter their family name", "Enter their date of birth"):
        assert message in body
    assert not Referral.objects.exists()
    assert Person.objects.count() == 0
    assert SelfReferral.objects.get().status == Status.NEW


def test_a_possible_duplicate_the_service_sees_is_offered_before_a_new_record(asked, staff, caseworker):
    known = person_in(caseworker.current_organisation, given_names="Jo", family_name="Marlowe")
    known.date_of_birth = known.date_of_birth.replace(year=1991, month=11, day=4)
    known.save()
    response = staff.post(_take_on_url(asked), {**NEW_JAY, "given_names": "Jay"})
    assert response.status_code == 400
    assert "tick the box" in response.content.decode()
    assert f'value="{known.pk}"' in response.content.decode()
    response = staff.post(_take_on_url(asked), {**NEW_JAY, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_a_second_open_referral_to_the_same_service_is_refused(open_door, asked, staff, caseworker):
    staff.post(_take_on_url(asked), NEW_JAY)
    person = Referral.objects.get().person
    again, _ = self_referral_receive(
        service=open_door,
        details={"name": "Jay", "contact_by": "phone", "phone": "07700 900982", "help_with": "Again"},
        request_key="second-key",
    )
    response = staff.post(_take_on_url(again), {"person": str(person.pk)})
    assert response.status_code == 400
    assert "already has an open referral to this service" in response.content.decode()
    assert Referral.objects.count() == 1


def test_declining_names_a_reason_and_taking_on_is_not_one(asked, staff):
    close = reverse("selfreferrals:close", args=[asked.pk])
    assert staff.post(close, {"outcome": "taken_on"}).status_code == 400
    assert staff.post(close, {"outcome": "no_capacity"}).status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.outcome, asked.referral) == (Status.CLOSED, Outcome.NO_CAPACITY, None)
    assert staff.post(_take_on_url(asked), NEW_JAY).status_code == 400
    assert not Referral.objects.exists()


def test_another_organisation_cannot_take_the_person_on(asked, make_user):
    other = Client()
    other.force_login(make_user(Role.PROVIDER_CASEWORKER))
    assert other.get(_take_on_url(asked)).status_code == 404
    assert other.post(_take_on_url(asked), NEW_JAY).status_code == 404
    assert not Referral.objects.exists()
