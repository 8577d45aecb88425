"""Issue 15: after the person withdraws consent the receiver keeps a record that the referral existed
and was withdrawn, but no longer reads the shared details or exports the FHIR message."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.accounts.services import token_issue
from throughcare.core.models import AuditEvent
from throughcare.referrals import notes, selectors, services
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


def test_the_receiver_no_longer_reads_the_referrers_case_notes(referrer, receiver, service):
    referral = submitted(referrer, service, **SHARED)
    notes.case_note_add(actor=referrer, referral_id=referral.pk, text="Lives with his sister on Elm Road.")
    notes.case_note_add(actor=receiver, referral_id=referral.pk, text="We left a voicemail on Monday.")
    services.referral_withdraw_consent(actor=referrer, referral=referral, note="Told us by phone")

    page = _client(receiver).get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Elm Road" not in page
    assert "We left a voicemail on Monday." in page  # the receiver's own note stays theirs
    assert "are no longer shown, because" in page

    secret = token_issue(actor=None, user=receiver, name="test").secret
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    listed = api.get(f"/api/v1/referrals/{referral.pk}/notes").json()
    assert [note["text"] for note in listed] == ["We left a voicemail on Monday."]
    event = AuditEvent.objects.filter(verb="case_note.listed", actor=receiver).last()
    assert event.payload["other_side_withheld"] is True


def test_the_referrer_still_reads_both_sides_notes_after_withdrawal(referrer, receiver, service):
    referral = submitted(referrer, service)
    notes.case_note_add(actor=referrer, referral_id=referral.pk, text="Lives with his sister.")
    notes.case_note_add(actor=receiver, referral_id=referral.pk, text="We left a voicemail.")
    services.referral_withdraw_consent(actor=referrer, referral=referral, note="Told us by phone")
    texts = [note.text for note in notes.case_notes_for(referrer, referral.pk)]
    assert texts == ["Lives with his sister.", "We left a voicemail."]
