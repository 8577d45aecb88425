"""Issue 15: after the person withdraws consent the receiver keeps a record that the referral existed
and was withdrawn, but no longer reads the shared details or exports the FHIR message."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.accounts.services import token_issue
from throughcare.core.models import AuditEvent
from throughcare.referrals import selectors, services
from throughcare.referrals.consent_sharing import WITHHELD
from throughcare.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db

SHARED = {
    "risk_summary": "Threatened a neighbour",
    "gp_details": "Dr Lime, Leaf Surgery",
    "medication": "Sertraline",
}


@pytest.fixture
def withdrawn(referrer, service):
    referral = submitted(referrer, service, **SHARED)
    services.referral_withdraw_consent(actor=referrer, referral=referral, note="Told us by phone")
    return referral


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_receiver_keeps_the_referral_without_its_shared_details(receiver, withdrawn):
    view = selectors.referral_for(receiver, withdrawn.pk)
    assert view.shared_details_withdrawn
    assert view.state == "withdrawn"
    assert view.person_name == withdrawn.person.full_name
    assert {name: getattr(view, name) for name in WITHHELD} == WITHHELD
    event = AuditEvent.objects.filter(verb="referral.viewed", actor=receiver).get()
    assert event.payload == {"side": "receiver", "details_withheld": True}


def test_the_referrer_who_collected_them_still_reads_them(referrer, withdrawn):
    view = selectors.referral_for(referrer, withdrawn.pk)
    assert not view.shared_details_withdrawn
    assert view.gp_details == SHARED["gp_details"]


def test_the_receivers_page_says_why_and_shows_none_of_it(receiver, withdrawn):
    page = _client(receiver).get(reverse("referrals:detail", args=[withdrawn.pk])).content.decode()
    assert "withdrew their consent to this referral" in page
    for value in SHARED.values():
        assert value not in page
    assert reverse("referrals:fhir", args=[withdrawn.pk]) not in page


def test_the_fhir_message_is_refused_to_the_receiver_and_audited(receiver, referrer, withdrawn):
    assert _client(receiver).get(reverse("referrals:fhir", args=[withdrawn.pk])).status_code == 403
    refused = AuditEvent.objects.filter(verb="referral.shared_details_refused", actor=receiver).get()
    assert refused.payload["what"] == "fhir_message"
    assert _client(referrer).get(reverse("referrals:fhir", args=[withdrawn.pk])).status_code == 200


def test_the_api_gives_the_receiver_empty_details_and_a_403_bundle(receiver, withdrawn):
    secret = token_issue(actor=None, user=receiver, name="test").secret
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    body = api.get(f"/api/v1/referrals/{withdrawn.pk}").json()
    assert body["shared_details_withdrawn"] is True
    assert body["gp_details"] == body["medication"] == body["risk_summary"] == ""
    bundle = api.get(f"/api/v1/referrals/{withdrawn.pk}/fhir")
    assert bundle.status_code == 403
    assert "withdrew their consent" in bundle.json()["detail"]
