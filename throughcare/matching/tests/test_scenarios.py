"""Matching scenarios, as tables a practitioner could read: who, and what must (not) come back."""

from datetime import date, timedelta

import pytest

from throughcare.matching.engine import match
from throughcare.matching.models import UnmetNeed
from throughcare.matching.profile import NeedsProfile

pytestmark = pytest.mark.django_db

PROBATION = ["probation", "self"]

# name, profile, expected top service, services that must not be offered
SCENARIOS = [
    (
        "dual diagnosis",
        NeedsProfile(
            postcode="LS1 4AP",
            need_codes=["substance_use", "depression"],
            uses_substances=True,
            referral_routes=PROBATION,
        ),
        "Dual Diagnosis Recovery Group",
        ["Talking Therapies"],
    ),
    (
        "women's pathway",
        NeedsProfile(
            postcode="LS6",
            need_codes=["personality_disorder", "trauma"],
            tier="specialist",
            gender="woman",
            legal_status="community_order",
            referral_routes=PROBATION,
            opd_screened_in=True,
        ),
        "Women's OPD Pathway",
        ["Enhanced RECONNECT"],
    ),
    (
        "the same needs for a man",
        NeedsProfile(
            postcode="LS6",
            need_codes=["personality_disorder", "trauma"],
            tier="specialist",
            gender="man",
            legal_status="community_order",
            referral_routes=PROBATION,
        ),
        None,
        ["Women's OPD Pathway"],
    ),
    (
        "by-and-for preference",
        NeedsProfile(
            postcode="LS1",
            need_codes=["anxiety"],
            preferences=["by_and_for"],
            community_codes=["black"],
            referral_routes=PROBATION,
        ),
        "Sahara Counselling",
        [],
    ),
    (
        "neurodivergence",
        NeedsProfile(
            postcode="LS6", need_codes=["neurodivergence"], neurodivergent=True, referral_routes=["self"]
        ),
        "Neurodiversity Navigators",
        ["Bradford Wellbeing Circle"],
    ),
    (
        "statutory-only routes need a statutory referrer",
        NeedsProfile(
            postcode="LS1",
            need_codes=["psychosis"],
            tier="specialist",
            legal_status="in_custody",
            referral_routes=["self"],
        ),
        None,
        ["Enhanced RECONNECT"],
    ),
    (
        "the OPD pathway is not offered without screening",
        NeedsProfile(
            postcode="LS6",
            need_codes=["personality_disorder", "trauma"],
            tier="specialist",
            gender="woman",
            legal_status="community_order",
            referral_routes=PROBATION,
        ),
        None,
        ["Women's OPD Pathway"],
    ),
    (
        "Enhanced RECONNECT closes 12 months after release",
        NeedsProfile(
            postcode="LS1",
            need_codes=["psychosis"],
            tier="specialist",
            legal_status="on_licence",
            release_date=date.today() - timedelta(days=460),
            referral_routes=PROBATION,
        ),
        None,
        ["Enhanced RECONNECT"],
    ),
    (
        "Enhanced RECONNECT is open 9 months after release",
        NeedsProfile(
            postcode="LS1",
            need_codes=["psychosis"],
            tier="specialist",
            legal_status="on_licence",
            release_date=date.today() - timedelta(days=270),
            referral_routes=PROBATION,
        ),
        "Enhanced RECONNECT",
        [],
    ),
    (
        "not registered with a GP",
        NeedsProfile(postcode="LS1", need_codes=["anxiety"], gp_registered=False, referral_routes=["self"]),
        None,
        ["Talking Therapies"],
    ),
    (
        "another area's service is not offered",
        NeedsProfile(postcode="LS1", need_codes=["anxiety"], travel_miles=20, referral_routes=["self"]),
        None,
        ["Bradford Wellbeing Circle"],
    ),
]


@pytest.mark.parametrize(("name", "profile", "top", "never"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenario(leeds_directory, name, profile, top, never):
    outcome = match(actor=None, profile=profile)
    offered = [m.service.name for m in outcome.matches]
    if top:
        assert offered[:1] == [top], offered
    for service in never:
        assert service not in offered
    for exclusion in outcome.exclusions:
        assert exclusion.rules, "every ruled-out service carries a reason"


def test_in_custody_ten_weeks_from_release_gets_in_reach(leeds_directory, weeks_from_today):
    profile = NeedsProfile(
        postcode="LS1",
        need_codes=["psychosis"],
        tier="specialist",
        legal_status="in_custody",
        release_date=weeks_from_today(10),
        referral_routes=["prison", "probation"],
    )
    assert [m.service.name for m in match(actor=None, profile=profile).matches] == ["Enhanced RECONNECT"]


def test_in_custody_twenty_weeks_from_release_is_too_early_and_says_so(leeds_directory, weeks_from_today):
    profile = NeedsProfile(
        postcode="LS1",
        need_codes=["psychosis"],
        tier="specialist",
        legal_status="in_custody",
        release_date=weeks_from_today(20),
        referral_routes=["prison", "probation"],
    )
    outcome = match(actor=None, profile=profile)
    reasons = {e.service.name: e.reason for e in outcome.exclusions}
    assert reasons["Enhanced RECONNECT"] == (
        "Enhanced RECONNECT works with people from 12 weeks before release to 12 months after, "
        "referred by probation or another statutory agency: release is in 20 weeks"
    )


def test_outside_england_returns_no_english_services(leeds_directory):
    outcome = match(actor=None, profile=NeedsProfile(postcode="CF10 1AA", need_codes=["anxiety"]))
    assert outcome.outside_england == "Wales"
    assert outcome.matches == []
    assert outcome.exclusions == []
    assert not UnmetNeed.objects.exists()


def test_nothing_fits_records_unmet_need_without_personal_details(leeds_directory):
    profile = NeedsProfile(
        postcode="LS1",
        need_codes=["eating_disorder"],
        age=34,
        gender="woman",
        ethnicity="black_african",
        referral_routes=PROBATION,
    )
    outcome = match(actor=None, profile=profile)
    assert outcome.matches == []
    record = UnmetNeed.objects.get()
    assert outcome.unmet_need == record
    assert record.local_authority_code == "E08000035"
    assert record.need_codes == ["eating_disorder"]
    assert record.exclusion_counts["needs"] >= 1
    stored = {f.name: getattr(record, f.name) for f in record._meta.fields}
    assert 34 not in stored.values()
    assert "woman" not in stored.values()
    assert "black_african" not in stored.values()


def test_nothing_fits_offers_labelled_alternatives_further_away(leeds_directory):
    profile = NeedsProfile(
        postcode="LS6",
        need_codes=["substance_use"],
        travel_miles=1,
        uses_substances=True,
        referral_routes=PROBATION,
    )
    outcome = match(actor=None, profile=profile)
    assert outcome.matches == []
    names = {a.match.service.name: a.labels for a in outcome.alternatives}
    assert names["Dual Diagnosis Recovery Group"] == ("Further away than they can travel",)


def test_reasons_are_plain_words(leeds_directory):
    outcome = match(
        actor=None,
        profile=NeedsProfile(
            postcode="LS1",
            need_codes=["substance_use", "depression"],
            uses_substances=True,
            referral_routes=PROBATION,
        ),
    )
    top = outcome.matches[0]
    assert "Works with depression and substance use and dual diagnosis" in top.score.reasons
    assert "Works with people who use drugs or alcohol" in top.score.reasons
    assert "Usual wait 4 weeks" in top.score.reasons
    excluded = {e.service.name: dict(e.rules) for e in outcome.exclusions}
    assert (
        excluded["Talking Therapies"]["substance_use"] == "Excludes people currently using drugs or alcohol"
    )


@pytest.mark.parametrize("sort", ["best_fit", "soonest", "nearest"])
def test_the_same_profile_gives_the_same_order(leeds_directory, sort):
    profile = NeedsProfile(postcode="LS1", need_codes=["anxiety", "depression"], referral_routes=PROBATION)
    first = [m.service.id for m in match(actor=None, profile=profile, sort=sort).matches]
    second = [m.service.id for m in match(actor=None, profile=profile, sort=sort).matches]
    assert first == second
    assert len(first) >= 2


def test_services_working_with_none_of_the_needs_are_counted_not_listed(leeds_directory):
    outcome = match(actor=None, profile=NeedsProfile(postcode="LS1", need_codes=["neurodivergence"]))
    listed = {m.service.name for m in outcome.matches} | {e.service.name for e in outcome.exclusions}
    assert listed == {"Neurodiversity Navigators"}
    # Within 10 miles of LS1 but not for neurodivergence: four Leeds services, OPD (all England)
    # and the Bradford service, whose base is 7.7 miles away (outside its area, but within reach).
    assert outcome.not_addressing_needs == 6
