"""Check your answers, then send: what will be shared, with whom, under what consent; sending from there."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.referrals.models import Referral
from throughcare.referrals.tests.helpers import draft, give_consent

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def check(referral) -> str:
    return reverse("referrals:check-answers", kwargs={"referral_id": referral.pk})


def test_the_page_shows_what_is_shared_with_whom_under_what_consent(referrer, service):
    referral = draft(referrer, service, gp_details="Dr Patel, Derby")
    give_consent(referrer, referral)
    response = signed_in(referrer).get(check(referral))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Check your answers before sending the referral" in html
    assert service.name in html
    assert service.organisation.owner.name in html
    assert "Dr Patel, Derby" in html
    assert "Depression" in html  # the need's label, not its code
    assert "The receiving service" in html  # who the person agreed to share with
    assert "To offer support" in html
    assert "Accept and send" in html
    assert f"{reverse('referrals:edit', kwargs={'referral_id': referral.pk})}#id_gp_details" in html


def test_sending_from_the_page_submits_the_referral(referrer, service):
    referral = draft(referrer, service)
    give_consent(referrer, referral)
    response = signed_in(referrer).post(check(referral))
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", kwargs={"referral_id": referral.pk})
    assert Referral.objects.get(pk=referral.pk).state == "submitted"
    # Sent: the page goes back to the referral rather than offering to send it again.
    assert signed_in(referrer).get(check(referral)).status_code == 302


def test_without_consent_nothing_is_sent_and_each_gap_is_named(referrer, service):
    referral = draft(referrer, service, contact_preferences="")
    client = signed_in(referrer)
    page = client.get(check(referral)).content.decode()
    assert "Accept and send" not in page
    assert "Enter how the person prefers to be contacted" in page
    refused = client.post(check(referral))
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "There is a problem" in html
    assert "Record the person&#x27;s consent before submitting the referral" in html
    assert reverse("referrals:consent", kwargs={"referral_id": referral.pk}) in html
    assert Referral.objects.get(pk=referral.pk).state == "draft"


def test_the_draft_page_sends_through_check_your_answers(referrer, service):
    referral = draft(referrer, service)
    html = (
        signed_in(referrer)
        .get(reverse("referrals:detail", kwargs={"referral_id": referral.pk}))
        .content.decode()
    )
    assert check(referral) in html
    assert 'value="submitted"' not in html  # the move form no longer sends without the check


def test_someone_elses_draft_is_not_found(make_user, referrer, service):
    referral = draft(referrer, service)
    assert signed_in(make_user(Role.PRACTITIONER)).get(check(referral)).status_code == 404
    assert signed_in(make_user(Role.PROVIDER_CASEWORKER)).get(check(referral)).status_code == 403
