"""The caseload: referrals sent and received, filtered, sorted and paginated, and every bad filter refused."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services
from throughcare.referrals.caseload import GROUP_OF_STATE, CaseloadGroup, states_in
from throughcare.referrals.models import Referral
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.helpers import draft, service_of, submitted

pytestmark = pytest.mark.django_db
URL = reverse("referrals:worklist")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_state_is_in_exactly_one_group():
    assert set(GROUP_OF_STATE) == set(ReferralState)
    counted = [state for group in CaseloadGroup for state in states_in(group)]
    assert sorted(counted) == sorted(ReferralState.values)
    assert set(GROUP_OF_STATE.values()) == set(CaseloadGroup)


def test_the_referrer_sees_what_it_sent_and_the_receiver_what_it_received(referrer, receiver, service):
    unfinished = draft(referrer, service)
    sent = submitted(referrer, service)
    html = signed_in(referrer).get(URL, {"direction": "sent"}).content.decode()
    assert str(unfinished.pk) in html
    assert str(sent.pk) in html
    received = signed_in(receiver).get(URL, {"direction": "received"})
    assert received.status_code == 200
    html = received.content.decode()
    assert str(sent.pk) in html
    assert str(unfinished.pk) not in html  # a draft is not shared
    event = AuditEvent.objects.filter(verb="referral.caseload_viewed").last()
    assert event.payload["referral_ids"] == [str(sent.pk)]
    assert event.payload["direction"] == "received"


def test_groups_filter_by_their_states(referrer, receiver, service):
    waiting = submitted(referrer, service)
    taken_on = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=taken_on, target="accepted")
    declined = submitted(referrer, service)
    services.referral_transition(
        actor=receiver, referral=declined, target="declined", reason_code="no_capacity", note="Full."
    )
    client = signed_in(receiver)
    for group, expected in (("waiting", waiting), ("accepted", taken_on), ("closed", declined)):
        html = client.get(URL, {"direction": "received", "group": group}).content.decode()
        others = {waiting, taken_on, declined} - {expected}
        assert str(expected.pk) in html
        assert not any(str(other.pk) in html for other in others), group


def test_service_person_overdue_and_worker_filters(referrer, receiver, service, make_user):
    other_service = service_of(receiver.current_organisation, name="Another service")
    person = person_in(referrer.current_organisation)
    mine = submitted(referrer, service, person=person)
    to_other = submitted(referrer, other_service)
    Referral.objects.filter(pk=to_other.pk).update(due_by="2020-01-01T09:00Z")
    colleague = make_user("practitioner", organisation=referrer.current_organisation)
    theirs = submitted(colleague, service)
    client = signed_in(referrer)

    def shown(**params):
        html = client.get(URL, {"direction": "sent", **params}).content.decode()
        return {r for r in (mine, to_other, theirs) if str(r.pk) in html}

    assert shown(service=str(other_service.pk)) == {to_other}
    assert shown(person=str(person.pk)) == {mine}
    assert shown(overdue="1") == {to_other}
    assert shown(worker="mine") == {mine, to_other}
    assert shown(worker="team") == {mine, to_other, theirs}


def test_the_receivers_own_referrals_are_those_it_has_moved(referrer, receiver, service):
    moved = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=moved, target="acknowledged")
    untouched = submitted(referrer, service)
    html = signed_in(receiver).get(URL, {"direction": "received", "worker": "mine"}).content.decode()
    assert str(moved.pk) in html
    assert str(untouched.pk) not in html


def test_sorted_by_name_and_paginated(referrer, service):
    for family_name in ("Young", "Adams", "Moss"):
        submitted(referrer, service, person=person_in(referrer.current_organisation, family_name=family_name))
    html = signed_in(referrer).get(URL, {"direction": "sent", "sort": "person"}).content.decode()
    assert html.index("Adams") < html.index("Moss") < html.index("Young")
    html = signed_in(referrer).get(URL, {"direction": "sent", "sort": "-person"}).content.decode()
    assert html.index("Young") < html.index("Moss") < html.index("Adams")


def test_pages_of_25_keep_the_filters(referrer, service, monkeypatch):
    monkeypatch.setattr("throughcare.referrals.caseload_selectors.PAGE_SIZE", 2)
    for _ in range(5):
        draft(referrer, service)
    client = signed_in(referrer)
    html = client.get(URL, {"direction": "sent", "group": "draft", "page": "2"}).content.decode()
    assert "page 2 of 3" in html
    assert "govuk-pagination" in html
    assert "direction=sent&amp;group=draft&amp;page=3" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"direction": "both"}, "Direction must be one of &#x27;sent&#x27;, &#x27;received&#x27;"),
        ({"group": "open"}, "Status group must be one of"),
        ({"service": "nope"}, "Service must be the id of a service from this list"),
        ({"person": "42"}, "Person must be the id of a person from this list"),
        ({"worker": "theirs"}, "Worker must be one of"),
        ({"overdue": "yes"}, "Overdue must be &#x27;1&#x27;"),
        ({"sort": "age"}, "Sort must be one of"),
        ({"direction": "sent", "page": "last"}, "Page must be a whole number from 1"),
        ({"direction": "received"}, "Your role does not work with referrals your organisation has received"),
    ],
)
def test_unknown_filter_values_are_refused_with_a_specific_message(referrer, service, params, message):
    submitted(referrer, service)
    response = signed_in(referrer).get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert "govuk-table" not in html


def test_the_receiver_is_told_drafts_are_not_shared(receiver):
    response = signed_in(receiver).get(URL, {"group": "draft"})
    assert response.status_code == 400
    assert "A draft is not shared with the receiving service" in response.content.decode()


def test_without_filters_the_page_is_still_what_needs_action(referrer, service):
    unfinished = draft(referrer, service)
    html = signed_in(referrer).get(URL).content.decode()
    assert "Referrals your organisation needs to act on" in html
    assert str(unfinished.pk) in html
    assert f'href="{URL}?direction=sent"' in html


def test_the_caseload_takes_the_same_number_of_queries_however_long(referrer, receiver, service):
    client = signed_in(receiver)
    submitted(referrer, service)
    client.get(URL, {"direction": "received"})  # warm the session and permission lookups
    with CaptureQueriesContext(connection) as one:
        client.get(URL, {"direction": "received", "sort": "person"})
    for _ in range(4):
        submitted(referrer, service, person=person_in(referrer.current_organisation))
    with CaptureQueriesContext(connection) as five:
        response = client.get(URL, {"direction": "received", "sort": "person"})
    assert response.content.decode().count("govuk-tag--blue") == 5
    assert len(five) == len(one)
