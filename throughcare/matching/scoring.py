"""How well a service that fits the rules fits the person: named parts, and reasons to read out."""

from dataclasses import dataclass

from throughcare.directory.views.wording import miles_text
from throughcare.directory.vocabularies import COMMUNITIES, NEEDS
from throughcare.matching.facts import ServiceFacts
from throughcare.matching.profile import NeedsProfile, Preference
from throughcare.matching.rules import TIER_ORDER

WEIGHTS = {
    "needs": 0.35,
    "tier": 0.15,
    "distance": 0.15,
    "wait": 0.15,
    "preferences": 0.15,
    "continuity": 0.05,
}
LONG_WAIT_DAYS = 180
# "Led by and for Black communities": each community term's description, read out as a reason.
COMMUNITY_REASONS = {code: description.rstrip(".") for code, _name, description in COMMUNITIES.terms}


@dataclass(frozen=True)
class Score:
    total: float  # 0 to 100
    parts: dict[str, float]  # each 0 to 1
    reasons: tuple[str, ...]


def _wait_text(days: int) -> str:
    if days < 14:
        return f"Usual wait {days} day{'s' if days != 1 else ''}"
    weeks = round(days / 7)
    return f"Usual wait {weeks} weeks"


def _preference_met(preference: str, profile: NeedsProfile, service: ServiceFacts) -> bool:
    delivery = service.codes("delivery")
    if preference == Preference.WOMEN_ONLY:
        return service.gender == "women"
    if preference == Preference.ONLINE:
        return service.remote
    if preference == Preference.BY_AND_FOR:
        return bool(service.codes("community") & set(profile.community_codes))
    return preference in delivery


def language_need(profile: NeedsProfile) -> str:
    """The language the person needs support in, if not English (or any, when only an interpreter
    is asked for without a language): "" when they have no language need."""
    language = profile.language.strip()
    if language.lower() == "english" and not profile.needs_interpreter:
        return ""
    return language


# Support in the person's own language is better than through an interpreter, which still helps.
INTERPRETER_CREDIT = 0.75


def _adjustments(profile: NeedsProfile, service: ServiceFacts) -> list[tuple[float, str]]:
    """(how far it is met, 0 to 1; the reason, or "") for each adaptation the person needs."""
    found = []
    delivery = service.codes("delivery")
    if profile.neurodivergent:
        met = "neurodivergence_adaptations" in delivery
        found.append((1.0, "Adapted for neurodivergent people") if met else (0.0, ""))
    language = language_need(profile)
    if language and service.speaks_language:
        found.append((1.0, f"Offers support in {language}"))
    elif language or profile.needs_interpreter:
        if "interpreters" in delivery:
            found.append((INTERPRETER_CREDIT if language else 1.0, "Interpreters available"))
        else:
            found.append((0.0, ""))
    return found


# Each part of a score: how well the service does on it, 0 to 1, and the reasons to read out.
Part = tuple[float, list[str]]


def _needs(profile: NeedsProfile, service: ServiceFacts) -> Part:
    reasons = []
    wanted = set(profile.need_codes)
    covered = wanted & service.codes("need")
    if covered:
        reasons.append("Works with " + " and ".join(NEEDS.label(code).lower() for code in sorted(covered)))
    if profile.uses_substances and service.accepts_current_substance_use:
        reasons.append("Works with people who use drugs or alcohol")
    return (len(covered) / len(wanted) if wanted else 1.0), reasons


def _tier(profile: NeedsProfile, service: ServiceFacts) -> Part:
    severity = profile.severity_tier
    if severity and service.tier:
        return (1.0 if service.tier == severity else 0.5), []
    return 0.75, []


def _distance(profile: NeedsProfile, service: ServiceFacts) -> Part:
    reasons = []
    if service.distance_miles is not None and service.distance_miles <= profile.travel_miles:
        value = max(0.0, 1 - service.distance_miles / max(profile.travel_miles, 1))
        reasons.append(f"{miles_text(service.distance_miles)} away ({service.nearest_postcode})")
    else:
        value = 0.6 if service.remote else 0.0
    if service.remote:
        reasons.append("Offers online or phone support")
    return value, reasons


def _wait(profile: NeedsProfile, service: ServiceFacts) -> Part:
    reasons = []
    wait = (
        0.5 if service.typical_wait_days is None else max(0.0, 1 - service.typical_wait_days / LONG_WAIT_DAYS)
    )
    if service.typical_wait_days is not None:
        reasons.append(_wait_text(service.typical_wait_days))
    if service.capacity_available:
        wait = min(1.0, wait + 0.2)
        unit = service.capacity_unit or "places"
        reasons.append(f"{service.capacity_available} {unit} available")
    return wait, reasons


# Preferences met that are worth reading out, with the reason given.
PREFERENCE_REASONS = {
    Preference.WOMEN_ONLY: "Women-only service",
    Preference.LIVED_EXPERIENCE: "Staff with lived experience",
    Preference.PEER_LED: "Peer-led",
}


def _preferences(profile: NeedsProfile, service: ServiceFacts) -> Part:
    met = [p for p in profile.preferences if _preference_met(p, profile, service)]
    # What the person needs adapted counts with what they prefer: asked for, and met or not.
    adjustments = _adjustments(profile, service)
    wanted_count = len(profile.preferences) + len(adjustments)
    met_count = len(met) + sum(credit for credit, _reason in adjustments)
    reasons = [reason for _credit, reason in adjustments if reason]
    for community in sorted(service.codes("community") & set(profile.community_codes)):
        reasons.append(COMMUNITY_REASONS[community])
    reasons.extend(reason for preference, reason in PREFERENCE_REASONS.items() if preference in met)
    return (met_count / wanted_count if wanted_count else 1.0), reasons


def _continuity(profile: NeedsProfile, service: ServiceFacts) -> Part:
    if str(service.id) in profile.current_service_ids:
        return 1.0, ["Already working with them"]
    return 0.0, []


# The parts of a score, in the order their reasons are read out; each has its weight in WEIGHTS.
PARTS = {
    "needs": _needs,
    "tier": _tier,
    "distance": _distance,
    "wait": _wait,
    "preferences": _preferences,
    "continuity": _continuity,
}


def score(profile: NeedsProfile, service: ServiceFacts) -> Score:
    parts: dict[str, float] = {}
    reasons: list[str] = []
    for name, part in PARTS.items():
        parts[name], part_reasons = part(profile, service)
        reasons.extend(part_reasons)
    total = 100 * sum(WEIGHTS[name] * value for name, value in parts.items())
    return Score(
        total=round(total, 1), parts={k: round(v, 3) for k, v in parts.items()}, reasons=tuple(reasons)
    )


def tier_gap(profile: NeedsProfile, service: ServiceFacts) -> int:
    if not profile.severity_tier or not service.tier:
        return 0
    return TIER_ORDER[service.tier] - TIER_ORDER[profile.severity_tier]
