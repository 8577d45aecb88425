"""A service's facts in plain words, as the directory's pages show them."""

from throughcare.directory.models import Gender, RiskLevel, Service
from throughcare.directory.vocabularies import TIERS

RISK_NAMES = {level.value: level.label.lower() for level in RiskLevel}


def tier_name(code: str) -> str:
    return TIERS.label(code) if code in TIERS.codes else ""


def capacity_text(service: Service) -> str:
    available, maximum = service.capacity_available, service.capacity_maximum
    unit = service.capacity_unit or "places"
    if available is None:
        return "Not given"
    if available == 0:
        return "Full"
    if maximum:
        return f"{available} of {maximum} {unit}"
    return f"{available} {unit}"


def wait_text(days: int | None) -> str:
    if days is None:
        return "Not given"
    if days == 0:
        return "No wait"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    weeks = round(days / 7)
    return f"About {weeks} weeks"


def miles_text(miles: float | None) -> str:
    if miles is None:
        return ""
    if miles < 0.1:
        return "Under 0.1 miles"
    return f"{miles:.1f} miles" if miles < 10 else f"{miles:.0f} miles"


def ages_text(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f"Ages {minimum} to {maximum}"
    if minimum is not None:
        return f"Ages {minimum} and over"
    if maximum is not None:
        return f"Ages {maximum} and under"
    return ""


def _risk_exclusion(highest: int) -> str:
    refused = [RISK_NAMES[level] for level in sorted(RISK_NAMES) if level > highest]
    if not refused:
        return ""
    words = refused[0] if len(refused) == 1 else ", ".join(refused[:-1]) + " or " + refused[-1]
    return f"Does not accept people at {words} risk of serious harm to others"


def eligibility(service: Service) -> list[str]:
    """Who the service is for and who it turns away, one plain sentence each."""
    points = [
        ages_text(service.minimum_age, service.maximum_age),
        {Gender.WOMEN: "Women only", Gender.MEN: "Men only"}.get(service.gender, ""),
        ""
        if service.accepts_current_substance_use
        else "Does not accept people currently using drugs or alcohol",
        "Statutory referrals only: probation or other statutory agencies must refer"
        if service.statutory_referrals_only
        else "",
        "Requires GP registration" if service.requires_gp_registration else "",
        "" if service.accepts_risk_to_self else "Does not work with people at current risk to themselves",
        _risk_exclusion(service.highest_risk_to_others),
    ]
    return [point for point in points if point]
