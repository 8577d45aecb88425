"""Hard eligibility rules: a service that breaks any of them is ruled out, whatever its score.

Each rule has a code (counted by commissioner insight as evidence of rigid specifications) and says
in plain words why the service does not fit. Rules are data: add one here and it applies everywhere.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from throughcare.directory.models import RiskLevel
from throughcare.directory.vocabularies import NEEDS, REFERRAL_ROUTES, TIERS
from throughcare.matching.eligibility_rules import (
    LEAVING_PRISON_STATUSES,
    PROGRAMME_RULES,
    PROGRAMME_RULES_BY_CODE,
    STATUTORY_ROUTES,
    programme_reason,
)
from throughcare.matching.facts import ServiceFacts
from throughcare.matching.profile import RECONNECT_WEEKS_BEFORE_RELEASE, LegalStatus, NeedsProfile

TIER_RULE = "tier"
TIER_ORDER = {code: n for n, code in enumerate(["wellbeing", "primary", "secondary", "specialist"])}
COMMUNITY_STATUSES = {
    LegalStatus.COMMUNITY_ORDER,
    LegalStatus.SUSPENDED_SENTENCE,
    LegalStatus.PRE_SENTENCE,
    LegalStatus.NONE,
}


@dataclass(frozen=True)
class Context:
    place_name: str
    today: date


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    check: Callable[[NeedsProfile, ServiceFacts, Context], str | None]


def _area(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    if s.covers_england or s.covers_place:
        return None
    if s.radius_miles is not None and s.distance_miles is not None and s.distance_miles <= s.radius_miles:
        return None
    if s.radius_miles is None and not s.has_coverage_areas:
        return None  # an entry that names no area is judged on distance alone
    if p.online_only and not c.place_name:
        return "Works only in named areas: enter a postcode to check"
    return f"Does not cover {c.place_name or 'this area'}"


def _distance(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    if p.online_only:
        return None if s.remote else "Does not offer online or phone support"
    if s.remote or (s.distance_miles is not None and s.distance_miles <= p.travel_miles):
        return None
    if s.distance_miles is None:
        return "Has no location they can get to, and no online or phone support"
    return f"Nearest location is {s.distance_miles:.0f} miles away; they can travel {p.travel_miles:g}"


def _gender(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    if s.gender == "women" and not p.is_woman:
        return "Women only"
    if s.gender == "men" and p.gender != "man":
        return "Men only"
    return None


def _age(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    if p.age is None:
        return None
    if s.minimum_age is not None and p.age < s.minimum_age:
        return f"For ages {s.minimum_age} and over"
    if s.maximum_age is not None and p.age > s.maximum_age:
        return f"For ages up to {s.maximum_age}"
    return None


def _substance_use(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    if p.uses_substances and not s.accepts_current_substance_use:
        return "Excludes people currently using drugs or alcohol"
    return None


def _risk_to_others(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    if p.risk_to_others > s.highest_risk_to_others:
        highest = RiskLevel(s.highest_risk_to_others).label.lower()
        return f"Accepts risk of serious harm to others up to {highest}"
    return None


def _risk_to_self(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    if p.risk_to_self and not s.accepts_risk_to_self:
        return "Does not work with people at current risk to themselves"
    return None


def _gp(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    if s.requires_gp_registration and not p.gp_registered:
        return "Requires GP registration"
    return None


def _referral_route(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    routes = set(p.referral_routes)
    if s.statutory_referrals_only and not routes & STATUTORY_ROUTES:
        return "Statutory referral only: probation or another statutory agency must refer"
    accepted = s.codes("referral_route")
    if accepted and not routes & accepted:
        return _only_from(accepted)
    return None


@cache  # one per set of routes a service takes: few, and most ruled-out services say one of them
def _only_from(accepted: frozenset[str]) -> str:
    names = ", ".join(sorted(REFERRAL_ROUTES.label(code).lower() for code in accepted))
    return f"Takes referrals only from: {names}"


def _needs(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    if set(p.need_codes) & s.codes("need"):
        return None
    wanted = " or ".join(NEEDS.label(code).lower() for code in sorted(p.need_codes))
    return f"Does not work with {wanted}"


def tier_mismatch(wanted: str | None, offered: str) -> str | None:
    """Why a service at tier `offered` does not fit needs at tier `wanted`, or None when it does.

    The one statement of the tier rule: matching runs it for every candidate, and a referral runs it
    when it is sent (referrals/eligibility.py::mis_tiered), so both flag the same referrals."""
    if not wanted or not offered:
        return None
    gap = TIER_ORDER[offered] - TIER_ORDER[wanted]
    if gap <= -2:
        return f"Needs are above what it offers ({TIERS.label(offered).lower()})"
    if gap >= 2:
        return f"Needs are below what it is for ({TIERS.label(offered).lower()})"
    return None


def _tier(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    return tier_mismatch(p.severity_tier, s.tier)


def _capacity(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    if s.capacity_available == 0:
        when = f" (updated {s.capacity_updated_at:%-d %B %Y})" if s.capacity_updated_at else ""
        return f"Full: no places available{when}"
    return None


def _custody(p: NeedsProfile, s: ServiceFacts, c: Context) -> str | None:
    stages = s.codes("custody_stage")
    if not stages:
        return None
    if p.legal_status == LegalStatus.IN_CUSTODY:
        if not stages & {"pre_release", "post_release"}:
            return "Works with people in the community, not people leaving prison"
        if stages & {"post_release"} or p.release_date is None:
            return None
        weeks = (p.release_date - c.today).days / 7
        if weeks > RECONNECT_WEEKS_BEFORE_RELEASE:
            return (
                f"Works in prison from {RECONNECT_WEEKS_BEFORE_RELEASE} weeks before release; "
                f"release is in {weeks:.0f} weeks"
            )
        return None
    if p.legal_status in LEAVING_PRISON_STATUSES and not stages & {"post_release", "community_sentence"}:
        return "Works with people before release, in prison"
    if p.legal_status in COMMUNITY_STATUSES and not stages & {"community_sentence", "pre_sentence"}:
        return "Works with people leaving prison"
    return None


RULES: tuple[Rule, ...] = (
    Rule("area", "Outside the area it covers", _area),
    Rule("distance", "Too far to travel", _distance),
    Rule("needs", "Does not work with their needs", _needs),
    Rule(TIER_RULE, "Needs too high or too low for it", _tier),
    Rule("gender", "Single-gender service", _gender),
    Rule("age", "Outside its age range", _age),
    Rule("substance_use", "Excludes current substance use", _substance_use),
    Rule("risk_to_others", "Risk of harm to others above what it accepts", _risk_to_others),
    Rule("risk_to_self", "Does not accept current risk to self", _risk_to_self),
    Rule("gp_registration", "Requires GP registration", _gp),
    Rule("referral_route", "Referral route not accepted", _referral_route),
    Rule("custody", "Does not work at their custody stage", _custody),
    Rule("capacity", "No capacity", _capacity),
)
# Each named programme's rule (eligibility_rules.py) is a rule too, checked only for the services
# that carry its eligibility term; listed here so its code and title are known like any other.
PROGRAMME_TITLES = {rule.code: rule.text for rule in PROGRAMME_RULES}
RULES_BY_CODE = {rule.code: rule for rule in RULES}
_CHECKS = tuple((rule.code, rule.check) for rule in RULES)  # run for every candidate: no lookups

# When nothing fits, services ruled out only by these are offered as labelled alternatives.
SOFT_WHEN_NOTHING_FITS = frozenset({"distance", "capacity", "tier"})


# Rules that only some people can break, and what about a person means the rule cannot break for
# them, whatever the service: matching asks each rule of hundreds of services per search, so it
# leaves these out once per search (`checks_for`) rather than have them say "fits" every time.
_CANNOT_BREAK_FOR = {
    "age": lambda p: p.age is None,
    "substance_use": lambda p: not p.uses_substances,
    "risk_to_self": lambda p: not p.risk_to_self,
    "gp_registration": lambda p: p.gp_registered,
    TIER_RULE: lambda p: not p.severity_tier,
}
Checks = tuple[tuple[str, Callable[[NeedsProfile, ServiceFacts, Context], str | None]], ...]


def checks_for(profile: NeedsProfile) -> Checks:
    """The rules, in order, that this person could break: the same answers as all of them."""
    return tuple(
        (code, check)
        for code, check in _CHECKS
        if code not in _CANNOT_BREAK_FOR or not _CANNOT_BREAK_FOR[code](profile)
    )


def broken_rules(
    profile: NeedsProfile, facts: ServiceFacts, context: Context, checks: Checks | None = None
) -> list[tuple[str, str]]:
    """Every (rule code, reason) the service breaks for this person; empty when it fits.
    `checks` is `checks_for(profile)` when many services are checked for one person."""
    broken = []
    for code, check in _CHECKS if checks is None else checks:
        reason = check(profile, facts, context)
        if reason:
            broken.append((code, reason))
    for code in facts.codes("eligibility"):  # most services carry none
        rule = PROGRAMME_RULES_BY_CODE.get(code)
        reason = rule and programme_reason(rule, profile, context.today)
        if reason:
            broken.append((code, reason))
    return broken
