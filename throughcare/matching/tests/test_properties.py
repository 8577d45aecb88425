"""Property tests: whatever the person and service, hard rules hold and every exclusion says why."""

import uuid
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from throughcare.directory.vocabularies import CUSTODY_STAGES, DELIVERY, NEEDS, REFERRAL_ROUTES, TIERS
from throughcare.matching.engine import match
from throughcare.matching.facts import ServiceFacts
from throughcare.matching.profile import LegalStatus, NeedsProfile
from throughcare.matching.rules import STATUTORY_ROUTES, Context, broken_rules, checks_for

TODAY = date(2026, 11, 28)
codes = lambda vocabulary: st.frozensets(st.sampled_from(sorted(vocabulary.codes)), max_size=4)  # noqa: E731

profiles = st.builds(
    NeedsProfile,
    postcode=st.sampled_from(["LS1", "LS6", "BD1", "M1"]),
    travel_miles=st.sampled_from([1, 5, 10, 30]),
    online_only=st.booleans(),
    need_codes=st.lists(st.sampled_from(sorted(NEEDS.codes)), min_size=1, max_size=3, unique=True),
    tier=st.sampled_from(["", *sorted(TIERS.codes)]),
    uses_substances=st.booleans(),
    risk_to_others=st.integers(1, 4),
    risk_to_self=st.booleans(),
    gp_registered=st.booleans(),
    age=st.one_of(st.none(), st.integers(16, 80)),
    gender=st.sampled_from(["", "woman", "man", "non_binary"]),
    legal_status=st.sampled_from(LegalStatus.values),
    release_date=st.one_of(st.none(), st.integers(0, 52).map(lambda w: TODAY + timedelta(weeks=w))),
    referral_routes=st.lists(
        st.sampled_from(sorted(REFERRAL_ROUTES.codes)), min_size=1, max_size=3, unique=True
    ),
)

facts = st.builds(
    ServiceFacts,
    id=st.uuids(version=4),
    name=st.just("A service"),
    organisation_name=st.just("A provider"),
    tier=st.sampled_from(["", *sorted(TIERS.codes)]),
    minimum_age=st.one_of(st.none(), st.integers(16, 25)),
    maximum_age=st.one_of(st.none(), st.integers(30, 70)),
    gender=st.sampled_from(["any", "women", "men"]),
    accepts_current_substance_use=st.booleans(),
    highest_risk_to_others=st.integers(1, 4),
    accepts_risk_to_self=st.booleans(),
    requires_gp_registration=st.booleans(),
    statutory_referrals_only=st.booleans(),
    covers_england=st.booleans(),
    radius_miles=st.one_of(st.none(), st.integers(1, 40)),
    capacity_available=st.one_of(st.none(), st.integers(0, 5)),
    capacity_maximum=st.just(None),
    capacity_unit=st.just(""),
    capacity_updated_at=st.none(),
    typical_wait_days=st.one_of(st.none(), st.integers(0, 300)),
    funding_ends_on=st.none(),
    terms=st.fixed_dictionaries(
        {
            "need": codes(NEEDS),
            "referral_route": codes(REFERRAL_ROUTES),
            "delivery": codes(DELIVERY),
            "custody_stage": codes(CUSTODY_STAGES),
        }
    ),
    covers_place=st.booleans(),
    has_coverage_areas=st.booleans(),
    distance_miles=st.one_of(st.none(), st.floats(0, 60)),
)


@given(profile=profiles, service=facts)
def test_a_service_that_fits_breaks_no_hard_rule(profile, service):
    broken = broken_rules(profile, service, Context(place_name="Leeds", today=TODAY))
    codes_broken = {code for code, _ in broken}
    assert all(reason.strip() for _, reason in broken), "every rule that fires says why"
    if service.gender == "women" and profile.gender != "woman":
        assert "gender" in codes_broken
    if profile.uses_substances and not service.accepts_current_substance_use:
        assert "substance_use" in codes_broken
    if service.statutory_referrals_only and not set(profile.referral_routes) & STATUTORY_ROUTES:
        assert "referral_route" in codes_broken
    if service.requires_gp_registration and not profile.gp_registered:
        assert "gp_registration" in codes_broken
    if profile.risk_to_others > service.highest_risk_to_others:
        assert "risk_to_others" in codes_broken
    if service.capacity_available == 0:
        assert "capacity" in codes_broken
    if not set(profile.need_codes) & service.terms["need"]:
        assert "needs" in codes_broken
    if profile.age is not None and service.minimum_age is not None and profile.age < service.minimum_age:
        assert "age" in codes_broken


@given(profile=profiles, service=facts)
def test_the_rules_left_out_for_a_person_are_ones_they_cannot_break(profile, service):
    context = Context(place_name="Leeds", today=TODAY)
    every_rule = broken_rules(profile, service, context)
    assert broken_rules(profile, service, context, checks_for(profile)) == every_rule


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=profiles)
def test_matching_never_offers_a_service_that_breaks_a_rule(leeds_directory, profile):
    outcome = match(actor=None, profile=profile, record_unmet_need=False, today=TODAY)
    offered = {m.service.id for m in outcome.matches}
    excluded = {e.service.id for e in outcome.exclusions}
    assert not offered & excluded
    for m in outcome.matches:
        s = m.service
        assert not (s.gender == "women" and profile.gender != "woman")
        assert not (profile.uses_substances and not s.accepts_current_substance_use)
        assert not (s.statutory_referrals_only and not set(profile.referral_routes) & STATUTORY_ROUTES)
        assert set(profile.need_codes) & s.codes("need")
        assert 0 <= m.score.total <= 100
    assert all(e.rules for e in outcome.exclusions)
    assert all(str(uuid.UUID(m.service.id)) == m.service.id for m in outcome.matches)
