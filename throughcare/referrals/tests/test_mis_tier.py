"""A crisis referral sent to a low-level wellbeing service is flagged when it is sent, by matching's
own tier rule, and the receiving service reads the warning on the referral page and over the API."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.accounts.services import token_issue
from throughcare.core.models import AuditEvent
from throughcare.matching.profile import NeedsProfile
from throughcare.matching.rules import RULES_BY_CODE, TIER_RULE, Context
from throughcare.referrals import eligibility, services
from throughcare.referrals.tests.helpers import draft, give_consent, service_of

pytestmark = pytest.mark.django_db

# (service tier, at risk to self, needs, flagged when sent)
SCENARIOS = [
    ("wellbeing", True, ["depression"], True),
    ("wellbeing", None, ["self_harm", "depression"], True),
    ("wellbeing", False, ["emotional_wellbeing"], False),
    ("wellbeing", None, ["anxiety"], False),
    ("primary", True, ["self_harm"], False),  # one step below: a talking therapy may hold a crisis
    ("secondary", True, ["self_harm"], False),
    ("specialist", True, ["depression"], False),
    ("", True, ["self_harm"], False),  # no tier recorded: nothing to judge by
]


@pytest.mark.parametrize(("tier", "at_risk", "needs", "flagged"), SCENARIOS)
def test_a_crisis_referral_to_a_service_below_it_is_flagged_when_sent(
    referrer, receiver, tier, at_risk, needs, flagged
):
    service = service_of(receiver.current_organisation, tier=tier, accepts_risk_to_self=True)
    referral = draft(referrer, service, need_codes=needs, at_risk_to_self=at_risk)
    give_consent(referrer, referral)
    assert referral.mis_tier_warning == ""  # a draft is not judged: it is judged as it is sent
    services.referral_submit(actor=referrer, referral=referral)
    assert bool(referral.mis_tier_warning) is flagged
    referral.refresh_from_db()
    assert bool(referral.mis_tier_warning) is flagged
    events = AuditEvent.objects.filter(verb="referral.sent_mis_tiered", target_id=str(referral.pk))
    assert events.count() == (1 if flagged else 0)
    if flagged:
        assert events.get().payload == {"rule": TIER_RULE, "service_tier": tier}
        assert "low-level wellbeing" in referral.mis_tier_warning


@pytest.mark.parametrize(("tier", "at_risk", "needs", "flagged"), SCENARIOS)
def test_sending_and_matching_flag_the_same_referrals(tier, at_risk, needs, flagged):
    """One rule: matching's tier rule, given the crisis tier, says the same as the flag at send."""
    wanted = eligibility.crisis_tier(at_risk, needs)
    facts = type("Facts", (), {"tier": tier})()
    matching_says = RULES_BY_CODE[TIER_RULE].check(
        NeedsProfile(tier=wanted or ""), facts, Context(place_name="", today=None)
    )
    assert bool(matching_says) is flagged


def test_the_receiver_reads_the_warning_on_the_page_and_over_the_api(referrer, receiver):
    service = service_of(receiver.current_organisation, tier="wellbeing", accepts_risk_to_self=True)
    referral = draft(referrer, service, need_codes=["self_harm"], at_risk_to_self=True)
    give_consent(referrer, referral)
    services.referral_submit(actor=referrer, referral=referral)
    page = Client()
    page.force_login(receiver)
    html = page.get(reverse("referrals:detail", kwargs={"referral_id": referral.pk})).content.decode()
    assert 'id="mis-tier-warning"' in html
    assert "Sent in crisis to a service below the care it needs" in html
    secret = token_issue(actor=None, user=receiver, name="test").secret
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    body = api.get(f"/api/v1/referrals/{referral.pk}").json()
    assert body["mis_tier_warning"] == referral.mis_tier_warning


def test_a_referral_that_fits_its_tier_shows_no_warning(referrer, receiver):
    service = service_of(receiver.current_organisation, tier="wellbeing", accepts_risk_to_self=True)
    referral = draft(referrer, service, need_codes=["emotional_wellbeing"], at_risk_to_self=False)
    give_consent(referrer, referral)
    services.referral_submit(actor=referrer, referral=referral)
    page = Client()
    page.force_login(receiver)
    html = page.get(reverse("referrals:detail", kwargs={"referral_id": referral.pk})).content.decode()
    assert 'id="mis-tier-warning"' not in html
