"""A draft referral's own field rules live on the Referral model (run by `full_clean()`), so a draft
made by the page, the API or an NHS BaRS message is refused with the same words and nothing is saved;
the draft service adds only what the model cannot know (the route the organisation may use)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from throughcare.accounts.services import token_issue
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services
from throughcare.referrals.forms import DraftForm
from throughcare.referrals.models import RISK_LEVEL_MESSAGE, Referral
from throughcare.referrals.tests.helpers import complete_details, draft

pytestmark = pytest.mark.django_db

LANGUAGE_MESSAGE = "The interpreter language must be 100 characters or fewer"


def test_the_rules_are_the_referral_models_own():
    referral = Referral(
        interpreter_language="P" * 101, risk_to_others_level=5, release_date=date(1949, 12, 31)
    )
    with pytest.raises(ValidationError) as refused:
        referral.full_clean(
            exclude=["person", "service", "referring_organisation", "receiving_organisation", "created_by"]
        )
    assert refused.value.message_dict == {
        "interpreter_language": [LANGUAGE_MESSAGE],
        "risk_to_others_level": [RISK_LEVEL_MESSAGE],
        "release_date": ["The expected release date must be on or after 1 January 1950"],
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("interpreter_language", "P" * 101, LANGUAGE_MESSAGE), ("risk_to_others_level", 7, RISK_LEVEL_MESSAGE)],
)
def test_the_draft_service_refuses_with_the_models_message(referrer, service, field, value, message):
    with pytest.raises(ValidationError) as refused:
        draft(referrer, service, **{field: value})
    assert refused.value.message_dict == {field: [message]}
    assert not Referral.objects.exists()


def test_an_update_is_held_to_the_same_rules(referrer, service):
    referral = draft(referrer, service)
    with pytest.raises(ValidationError) as refused:
        draft_update(referrer, referral, interpreter_language="P" * 101)
    assert refused.value.message_dict == {"interpreter_language": [LANGUAGE_MESSAGE]}
    referral.refresh_from_db()
    assert referral.interpreter_language == ""


def test_the_api_gives_the_models_message_for_an_overlong_language(referrer, service):
    person = person_in(referrer.current_organisation)
    api = Client(
        headers={"Authorization": f"Bearer {token_issue(actor=None, user=referrer, name='t').secret}"}
    )
    response = api.post(
        "/api/v1/referrals",
        {"person_id": str(person.pk), "service_id": str(service.pk), "interpreter_language": "P" * 101},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {e["loc"][-1]: e["msg"] for e in response.json()["errors"]} == {
        "interpreter_language": LANGUAGE_MESSAGE
    }
    assert not Referral.objects.exists()


def draft_update(referrer, referral, **changes):
    return services.referral_update_draft(
        actor=referrer, referral=referral, details=complete_details(**changes)
    )


def test_the_draft_page_gives_the_models_message_for_an_overlong_language():
    form = DraftForm({"interpreter_language": "P" * 101, "in_custody": "no"})
    assert not form.is_valid()
    assert form.errors["interpreter_language"] == [LANGUAGE_MESSAGE]
