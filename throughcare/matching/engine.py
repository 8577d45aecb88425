"""Needs-led matching: rank the services that fit, say why, and say why the others do not.

Hard rules are never broken by ranking. The same profile and directory always give the same order.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from throughcare.geography.models import Country, LocalAuthority
from throughcare.matching.facts import Reach, ServiceFacts, load_candidates
from throughcare.matching.models import UnmetNeed
from throughcare.matching.profile import NeedsProfile, profile_errors
from throughcare.matching.rules import SOFT_WHEN_NOTHING_FITS, Context, broken_rules, checks_for
from throughcare.matching.scoring import Score, language_need, score
from throughcare.matching.unmet_need import record_unmet_need as record_need

SORTS = ("best_fit", "soonest", "nearest")
WIDER_SEARCH_FACTOR = 3
WIDER_SEARCH_EXTRA_MILES = 10


@dataclass(frozen=True)
class Match:
    service: ServiceFacts
    score: Score


@dataclass(frozen=True)
class Exclusion:
    service: ServiceFacts
    rules: tuple[tuple[str, str], ...]  # (code, reason), the first is the main one

    @property
    def reason(self) -> str:
        return self.rules[0][1]


@dataclass(frozen=True)
class Alternative:
    match: Match
    labels: tuple[str, ...]  # "Further away", "Full at present", ...


@dataclass
class MatchOutcome:
    matches: list[Match]
    exclusions: list[Exclusion]
    alternatives: list[Alternative] = field(default_factory=list)
    unmet_need: UnmetNeed | None = None
    place_name: str = ""
    outside_england: str = ""  # the nation's name when the postcode is outside England
    outside_country: str = ""  # and its country code, for signposting
    not_addressing_needs: int = 0  # services within reach that work with none of the needs


def _sort_key(sort: str):
    def best_fit(m: Match):
        return (-m.score.total, m.service.distance_miles or 0, m.service.name, str(m.service.id))

    def soonest(m: Match):
        wait = m.service.typical_wait_days if m.service.typical_wait_days is not None else 10_000
        return (m.service.capacity_available == 0, wait, -m.score.total, str(m.service.id))

    def nearest(m: Match):
        distance = m.service.distance_miles if m.service.distance_miles is not None else 10_000
        return (distance, -m.score.total, str(m.service.id))

    return {"best_fit": best_fit, "soonest": soonest, "nearest": nearest}[sort]


ALTERNATIVE_LABELS = {
    "distance": "Further away than they can travel",
    "capacity": "Full at present",
    "tier": "A different level of support from the one they need",
}


def match(
    *,
    actor,
    profile: NeedsProfile,
    sort: str = "best_fit",
    record_unmet_need: bool = True,
    today: date | None = None,
    person_id: str = "",
) -> MatchOutcome:
    """Match a needs profile against the directory. Raises ValidationError for bad input.

    `person_id` names the person the search is for, when it starts from their record: repeated
    searches for them then update one unmet need rather than add more (unmet_need.py)."""
    from throughcare.geography.geocoding import get_geocoder
    from throughcare.geography.postcodes import PostcodeError

    today = today or timezone.localdate()
    errors = profile_errors(profile, today=today)
    if sort not in SORTS:
        errors["sort"] = f"Sort by one of: {', '.join(SORTS)}."
    place = None
    if profile.postcode.strip() and "postcode" not in errors:
        try:
            place = get_geocoder().locate(profile.postcode)
        except PostcodeError as exc:
            errors["postcode"] = str(exc)
    if errors:
        raise ValidationError(errors)
    if place is not None and place.country != Country.ENGLAND:
        return MatchOutcome(
            [], [], outside_england=Country(place.country).label, outside_country=place.country
        )

    la_code = place.local_authority_code if place else ""
    place_name = LocalAuthority.objects.filter(code=la_code).values_list("name", flat=True).first() or ""
    context = Context(place_name=place_name, today=today)
    reach = Reach(
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        local_authority_code=la_code,
        miles=profile.travel_miles,
    )
    candidates = load_candidates(reach, profile.need_codes, language_need(profile))
    matches, exclusions = _evaluate(profile, candidates.facts, context)
    matches.sort(key=_sort_key(sort))
    exclusions.sort(
        key=lambda e: (e.rules[0][0], e.service.distance_miles or 0, e.service.name, str(e.service.id))
    )
    outcome = MatchOutcome(
        matches, exclusions, place_name=place_name, not_addressing_needs=candidates.not_addressing_needs
    )
    if not matches:
        outcome.alternatives = _alternatives(profile, reach, context)
        if record_unmet_need:
            outcome.unmet_need = record_need(actor, profile, place, outcome, today, person_id)
    return outcome


def _evaluate(profile, candidates, context) -> tuple[list[Match], list[Exclusion]]:
    matches, exclusions = [], []
    checks = checks_for(profile)
    for facts in candidates:
        broken = broken_rules(profile, facts, context, checks)
        if broken:
            exclusions.append(Exclusion(facts, tuple(broken)))
        else:
            matches.append(Match(facts, score(profile, facts)))
    return matches, exclusions


def _alternatives(profile: NeedsProfile, reach: Reach, context: Context) -> list[Alternative]:
    """Nearest alternatives when nothing fits: further away, full, or a neighbouring tier."""
    wider = Reach(
        reach.latitude, reach.longitude, reach.local_authority_code, reach.miles * WIDER_SEARCH_FACTOR
    )
    found = []
    wider_candidates = (
        load_candidates(wider, profile.need_codes, language_need(profile)).facts
        if reach.latitude is not None
        else []
    )
    checks = checks_for(profile)
    for facts in wider_candidates:
        broken = broken_rules(profile, facts, context, checks)
        codes = {code for code, _ in broken}
        if broken and codes <= SOFT_WHEN_NOTHING_FITS:
            labels = tuple(ALTERNATIVE_LABELS[code] for code, _ in broken)
            found.append(Alternative(Match(facts, score(profile, facts)), labels))
    found.sort(key=lambda a: _sort_key("best_fit")(a.match))
    return found[:10]
