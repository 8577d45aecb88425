"""The named programmes' rules (RECONNECT, Enhanced RECONNECT, MHTR, OPD, women's pathway), as
scenario tables: who, which programme, and whether the rule lets them in (and in what words not)."""

from datetime import date, timedelta

import pytest

from throughcare.directory.vocabularies import ELIGIBILITY
from throughcare.matching.eligibility_rules import PROGRAMME_RULES, add_months
from throughcare.matching.facts import ServiceFacts
from throughcare.matching.profile import NeedsProfile
from throughcare.matching.rules import Context, broken_rules

TODAY = date(2026, 12, 6)


def service(*eligibility_codes) -> ServiceFacts:
    """A service that fits everyone but for its programme's rule."""
    return ServiceFacts(
        id="00000000-0000-0000-0000-000000000001",
        name="Programme",
        organisation_name="Provider",
        tier="",
        minimum_age=None,
        maximum_age=None,
        gender="any",
        accepts_current_substance_use=True,
        highest_risk_to_others=4,
        accepts_risk_to_self=True,
        requires_gp_registration=False,
        statutory_referrals_only=False,
        covers_england=True,
        radius_miles=None,
        capacity_available=None,
        capacity_maximum=None,
        capacity_unit="",
        capacity_updated_at=None,
        typical_wait_days=None,
        funding_ends_on=None,
        terms={
            "need": frozenset({"trauma"}),
            "delivery": frozenset({"online"}),
            "eligibility": frozenset(eligibility_codes),
        },
    )


def person(**fields) -> NeedsProfile:
    values = {"online_only": True, "need_codes": ["trauma"], "referral_routes": ["probation"]}
    values.update(fields)
    return NeedsProfile(**values)


def in_custody(weeks: int, **fields) -> NeedsProfile:
    return person(legal_status="in_custody", release_date=TODAY + timedelta(weeks=weeks), **fields)


def released(months: int, days: int = 0, **fields) -> NeedsProfile:
    return person(
        legal_status="on_licence", release_date=add_months(TODAY, -months) - timedelta(days=days), **fields
    )


RECONNECT = "RECONNECT works with people from 12 weeks before release to 6 months after"
ENHANCED = (
    "Enhanced RECONNECT works with people from 12 weeks before release to 12 months after, "
    "referred by probation or another statutory agency"
)
MHTR_ANY = "Only for people with an active order holding a mental health treatment requirement"
OPD = "The Offender Personality Disorder pathway is only for people screened in to it"
WOMEN = "The women's pathway is for women, by their gender as recorded in their own words"

# name, programme, person, the reason refused (None: they fit)
SCENARIOS = [
    ("RECONNECT, release in 12 weeks", "reconnect", in_custody(12), None),
    ("RECONNECT, release in 13 weeks", "reconnect", in_custody(13), f"{RECONNECT}: release is in 13 weeks"),
    ("RECONNECT, released 6 months ago", "reconnect", released(6), None),
    (
        "RECONNECT, released 6 months and a day ago",
        "reconnect",
        released(6, days=1),
        f"{RECONNECT}: they were released 6 months ago",
    ),
    (
        "RECONNECT, never in prison",
        "reconnect",
        person(legal_status="community_order"),
        f"{RECONNECT}: no release from prison is recorded",
    ),
    (
        "Enhanced RECONNECT, release in 26 weeks",
        "enhanced_reconnect",
        in_custody(26),
        f"{ENHANCED}: release is in 26 weeks",
    ),
    ("Enhanced RECONNECT, release in 10 weeks", "enhanced_reconnect", in_custody(10), None),
    ("Enhanced RECONNECT, released 12 months ago", "enhanced_reconnect", released(12), None),
    (
        "Enhanced RECONNECT, released 15 months ago",
        "enhanced_reconnect",
        released(15),
        f"{ENHANCED}: they were released 15 months ago",
    ),
    (
        "Enhanced RECONNECT, referred by a charity",
        "enhanced_reconnect",
        released(2, referral_routes=["vcse"]),
        f"{ENHANCED}: this referral is not from a statutory agency",
    ),
    (
        "Enhanced RECONNECT, referred by prison",
        "enhanced_reconnect",
        in_custody(4, referral_routes=["prison"]),
        None,
    ),
    ("primary MHTR service, primary MHTR", "mhtr_primary", person(mhtr_kinds=["mhtr_primary"]), None),
    (
        "primary MHTR service, secondary MHTR",
        "mhtr_primary",
        person(mhtr_kinds=["mhtr_secondary"]),
        "Only for people with an active order holding a primary care mental health treatment requirement",
    ),
    ("secondary MHTR service, secondary MHTR", "mhtr_secondary", person(mhtr_kinds=["mhtr_secondary"]), None),
    ("any MHTR service, no order", "mhtr_any", person(), MHTR_ANY),
    ("any MHTR service, secondary MHTR", "mhtr_any", person(mhtr_kinds=["mhtr_secondary"]), None),
    ("OPD pathway, not screened", "opd_pathway", person(), OPD),
    ("OPD pathway, screened in", "opd_pathway", person(opd_screened_in=True), None),
    ("women's pathway, a woman", "womens_pathway", person(gender="woman"), None),
    ("women's pathway, a man", "womens_pathway", person(gender="man"), WOMEN),
    ("women's pathway, non-binary", "womens_pathway", person(gender="non_binary"), WOMEN),
    (
        "women's pathway, gender not recorded",
        "womens_pathway",
        person(),
        f"{WOMEN}: their gender is not recorded; ask how they describe it",
    ),
]


@pytest.mark.parametrize(("name", "code", "profile", "reason"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_each_programme_rule(name, code, profile, reason):
    broken = broken_rules(profile, service(code), Context(place_name="", today=TODAY))
    assert broken == ([(code, reason)] if reason else [])


def test_every_programme_rule_is_a_term_services_can_carry_and_has_scenarios():
    codes = {rule.code for rule in PROGRAMME_RULES}
    assert codes <= ELIGIBILITY.codes
    assert codes == {scenario[1] for scenario in SCENARIOS}
    assert all(rule.text and rule.text[0].isupper() for rule in PROGRAMME_RULES)


def test_a_service_with_no_programme_is_not_held_to_one():
    assert broken_rules(in_custody(40), service(), Context(place_name="", today=TODAY)) == []


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_months_are_counted_on_the_calendar(day, months, expected):
    assert add_months(day, months) == expected
