"""The named programmes' eligibility rules: each is data, with a code, a plain-English text and tests.

A service applies one by carrying the term with the same code in the eligibility vocabulary
(directory/vocabularies.py), so the directory, demo data and Open Referral imports all switch it on
the same way. Matching and referrals check them through `rules.broken_rules`, so a rule that rules a
service out of a search also refuses (or asks for an override of) a referral to it.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from throughcare.matching.profile import LegalStatus, NeedsProfile

LEAVING_PRISON_STATUSES = frozenset({LegalStatus.ON_LICENCE, LegalStatus.POST_SENTENCE_SUPERVISION})

# IOM (police and probation together) and out of court disposals (police-led) are statutory too;
# CFO Evolution and CRS are commissioned providers, not statutory agencies.
STATUTORY_ROUTES = frozenset(
    {"probation", "prison", "liaison_diversion", "statutory_agency", "iom", "out_of_court_disposal"}
)
MHTR_PRIMARY = "mhtr_primary"
MHTR_SECONDARY = "mhtr_secondary"
# The eligibility term by which a service says it considers referrals outside its criteria.
OVERRIDE_ALLOWED = "outside_criteria_override"


@dataclass(frozen=True)
class ProgrammeRule:
    code: str  # the eligibility term a service carries, and the code insight counts
    text: str  # the rule in plain English, shown when it is broken
    weeks_before_release: int | None = None  # a window around release, when the programme has one
    months_after_release: int | None = None
    statutory_route_only: bool = False
    mhtr_kinds: frozenset[str] = frozenset()  # any of these live MHTRs is needed
    opd_screened_in: bool = False
    genders: frozenset[str] = frozenset()  # recorded genders (the person's own description) it is for


PROGRAMME_RULES: tuple[ProgrammeRule, ...] = (
    ProgrammeRule(
        "reconnect",
        "RECONNECT works with people from 12 weeks before release to 6 months after",
        weeks_before_release=12,
        months_after_release=6,
    ),
    ProgrammeRule(
        "enhanced_reconnect",
        "Enhanced RECONNECT works with people from 12 weeks before release to 12 months after, "
        "referred by probation or another statutory agency",
        weeks_before_release=12,
        months_after_release=12,
        statutory_route_only=True,
    ),
    ProgrammeRule(
        "mhtr_primary",
        "Only for people with an active order holding a primary care mental health treatment requirement",
        mhtr_kinds=frozenset({MHTR_PRIMARY}),
    ),
    ProgrammeRule(
        "mhtr_secondary",
        "Only for people with an active order holding a secondary care mental health treatment requirement",
        mhtr_kinds=frozenset({MHTR_SECONDARY}),
    ),
    ProgrammeRule(
        "mhtr_any",
        "Only for people with an active order holding a mental health treatment requirement",
        mhtr_kinds=frozenset({MHTR_PRIMARY, MHTR_SECONDARY}),
    ),
    ProgrammeRule(
        "opd_pathway",
        "The Offender Personality Disorder pathway is only for people screened in to it",
        opd_screened_in=True,
    ),
    ProgrammeRule(
        "womens_pathway",
        "The women's pathway is for women, by their gender as recorded in their own words",
        genders=frozenset({"woman"}),
    ),
)
PROGRAMME_RULES_BY_CODE = {rule.code: rule for rule in PROGRAMME_RULES}


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _window_reason(rule: ProgrammeRule, profile: NeedsProfile, today: date) -> str | None:
    release = profile.release_date
    if profile.legal_status == LegalStatus.IN_CUSTODY:
        if release is None or rule.weeks_before_release is None:
            return None  # no date to judge by: the referral asks for one
        weeks = (release - today).days / 7
        if weeks > rule.weeks_before_release:
            return f"{rule.text}: release is in {weeks:.0f} weeks"
        return None
    if release is None and profile.legal_status in LEAVING_PRISON_STATUSES:
        return None  # released, on a date not given: judged when the referral gives it
    if release is None or release > today:
        return f"{rule.text}: no release from prison is recorded"
    if rule.months_after_release is not None and today > add_months(release, rule.months_after_release):
        months = (today.year - release.year) * 12 + today.month - release.month
        return f"{rule.text}: they were released {months} months ago"
    return None


def programme_reason(rule: ProgrammeRule, profile: NeedsProfile, today: date) -> str | None:
    """Why this person is outside the programme's rule, or None when they fit it."""
    if rule.weeks_before_release is not None or rule.months_after_release is not None:
        reason = _window_reason(rule, profile, today)
        if reason:
            return reason
    if rule.statutory_route_only and not set(profile.referral_routes) & STATUTORY_ROUTES:
        return f"{rule.text}: this referral is not from a statutory agency"
    if rule.mhtr_kinds and not set(profile.mhtr_kinds) & rule.mhtr_kinds:
        return rule.text
    if rule.opd_screened_in and not profile.opd_screened_in:
        return rule.text
    if rule.genders and profile.gender not in rule.genders:
        if not profile.gender:
            return f"{rule.text}: their gender is not recorded; ask how they describe it"
        return rule.text
    return None
