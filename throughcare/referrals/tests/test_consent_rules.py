"""Consent's own rules live on the model (its fields' rules, run by `full_clean()`), so the consent page
and the API refuse the same answers with the same words, and nothing is recorded."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from throughcare.accounts.services import token_issue
from throughcare.referrals.models import Consent
from throughcare.referrals.tests.helpers import draft

pytestmark = pytest.mark.django_db

# (the answer left out, the model's message)
CASES = [
    ("shared_with", "Enter who the person agreed their information may be shared with"),
    ("purposes", "Enter what the person agreed their information may be used for"),
]


@pytest.mark.parametrize(("field", "message"), CASES)
def test_the_page_and_the_api_give_the_models_message(client, referrer, service, field, message):
    referral = draft(referrer, service)
    answers = {"how_obtained": "written", "shared_with": "The service", "purposes": "Support", field: " "}

    client.force_login(referrer)
    page = client.post(
        reverse("referrals:consent", kwargs={"referral_id": referral.pk}),
        {**answers, "given_on_day": "5", "given_on_month": "1", "given_on_year": "2026"},
    )
    assert page.status_code == 422
    assert page.context["form"].errors[field] == [message]

    api = Client(
        headers={"Authorization": f"Bearer {token_issue(actor=None, user=referrer, name='t').secret}"}
    )
    response = api.post(
        f"/api/v1/referrals/{referral.pk}/consent",
        {**answers, "given_on": "2026-01-05"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {e["loc"][-1]: e["msg"] for e in response.json()["errors"]}[field] == message
    assert not Consent.objects.exists()


def test_the_rules_are_the_consent_models_own():
    consent = Consent(given_on=None, how_obtained="by post", shared_with="", purposes="")
    with pytest.raises(ValidationError) as refused:
        consent.full_clean(exclude=["referral", "recorded_by"])
    assert refused.value.message_dict == {
        "given_on": ["Enter the date consent was given"],
        "how_obtained": ["Choose how consent was obtained: verbal, written, electronic"],
        "shared_with": [CASES[0][1]],
        "purposes": [CASES[1][1]],
    }
