"""A needs profile: what matching knows about a person (or an anonymous enquiry), and its checks."""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date

from django.db import models

from throughcare.continuity.choices import RequirementKind
from throughcare.core.ethnicity import Ethnicity
from throughcare.directory.models import RiskLevel
from throughcare.directory.vocabularies import COMMUNITIES, NEEDS, REFERRAL_ROUTES, TIERS

MAX_TRAVEL_MILES = 100
# The treatment requirements that matching weighs (the mental health ones).
MHTR_KINDS = (RequirementKind.MHTR_PRIMARY, RequirementKind.MHTR_SECONDARY)
RECONNECT_WEEKS_BEFORE_RELEASE = 12


class LegalStatus(models.TextChoices):
    PRE_SENTENCE = "pre_sentence", "Awaiting sentence"
    COMMUNITY_ORDER = "community_order", "Community order"
    SUSPENDED_SENTENCE = "suspended_sentence", "Suspended sentence order"
    ON_LICENCE = "on_licence", "On licence"
    POST_SENTENCE_SUPERVISION = "post_sentence_supervision", "Post-sentence supervision"
    IN_CUSTODY = "in_custody", "In custody"
    NONE = "none", "No current order"


class Preference(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "One-to-one"
    GROUP = "group", "Group"
    FACE_TO_FACE = "face_to_face", "Face to face"
    ONLINE = "online", "Online or by phone"
    LIVED_EXPERIENCE = "lived_experience_staff", "Staff with lived experience"
    WOMEN_ONLY = "women_only", "Women-only service"
    BY_AND_FOR = "by_and_for", "Led by and for my community"
    PEER_LED = "peer_led", "Peer-led"


# Severity scores map onto tiers by their published bands (PHQ-9 and GAD-7: 10+ moderate, 20/15+ severe).
def tier_from_scores(phq9: int | None, gad7: int | None) -> str | None:
    if phq9 is None and gad7 is None:
        return None
    if (phq9 or 0) >= 20 or (gad7 or 0) >= 15:
        return "secondary"
    if (phq9 or 0) >= 10 or (gad7 or 0) >= 10:
        return "primary"
    return "wellbeing"


@dataclass
class NeedsProfile:
    postcode: str = ""
    travel_miles: float = 10
    online_only: bool = False
    need_codes: list[str] = field(default_factory=list)
    tier: str = ""
    phq9: int | None = None
    gad7: int | None = None
    uses_substances: bool = False
    risk_to_others: int = RiskLevel.LOW
    risk_to_self: bool = False
    gp_registered: bool = True
    neurodivergent: bool = False
    age: int | None = None
    gender: str = ""  # "woman", "man", "non_binary", "" for not stated
    ethnicity: str = ""
    language: str = ""
    needs_interpreter: bool = False
    caring_responsibilities: bool = False
    legal_status: str = LegalStatus.NONE
    # In custody, the expected release; otherwise the last release from prison, when there was one.
    release_date: date | None = None
    mhtr_kinds: list[str] = field(default_factory=list)  # live MHTRs: mhtr_primary, mhtr_secondary
    opd_screened_in: bool = False
    referral_routes: list[str] = field(default_factory=lambda: ["self"])
    preferences: list[str] = field(default_factory=list)
    community_codes: list[str] = field(default_factory=list)
    current_service_ids: list[str] = field(default_factory=list)

    @property
    def severity_tier(self) -> str | None:
        return self.tier or tier_from_scores(self.phq9, self.gad7)

    @property
    def is_woman(self) -> bool:
        return self.gender == "woman"


GENDERS = {"", "woman", "man", "non_binary"}


# Each check reads a profile (and today) and says what is wrong with one field, or None.
ProfileCheck = Callable[[NeedsProfile, date], str | None]


def _postcode(profile: NeedsProfile, today: date) -> str | None:
    if not profile.postcode.strip() and not profile.online_only:
        return "Enter a postcode (home or release address), or choose online or phone support only."
    return None


def _travel_miles(profile: NeedsProfile, today: date) -> str | None:
    if not 0 < profile.travel_miles <= MAX_TRAVEL_MILES:
        return f"Enter how far they can travel: more than 0 and up to {MAX_TRAVEL_MILES} miles."
    return None


def _need_codes(profile: NeedsProfile, today: date) -> str | None:
    if not profile.need_codes:
        return "Choose at least one need."
    unknown = sorted(set(profile.need_codes) - NEEDS.codes)
    if unknown:
        return f"Unknown need code{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}."
    return None


def _tier(profile: NeedsProfile, today: date) -> str | None:
    if profile.tier and profile.tier not in TIERS.codes:
        return f"Unknown tier '{profile.tier}': choose from {', '.join(sorted(TIERS.codes))}."
    return None


def _in_range(field: str, low: int, high: int, message: str) -> ProfileCheck:
    """A check that an optional whole number, when given, is from `low` to `high`."""

    def check(profile: NeedsProfile, today: date) -> str | None:
        value = getattr(profile, field)
        return message if value is not None and not low <= value <= high else None

    return check


def _one_of(
    field: str, allowed: Collection[str], message: str, *, blank_allowed: bool = False
) -> ProfileCheck:
    """A check that a field holds one of the allowed values (or, when `blank_allowed`, nothing)."""

    def check(profile: NeedsProfile, today: date) -> str | None:
        value = getattr(profile, field)
        if blank_allowed and not value:
            return None
        return None if value in allowed else message

    return check


def _release_date(profile: NeedsProfile, today: date) -> str | None:
    if (
        profile.legal_status == LegalStatus.IN_CUSTODY
        and profile.release_date
        and profile.release_date < today
    ):
        return "A release date for someone in custody must be today or in the future."
    return None


def _codes_known(field: str, known: Collection[str], message: Callable[[str], str]) -> ProfileCheck:
    """A check that every code in a list field is known; `message` is given the unknown ones."""

    def check(profile: NeedsProfile, today: date) -> str | None:
        unknown = sorted(set(getattr(profile, field)) - set(known))
        return message(", ".join(unknown)) if unknown else None

    return check


# The profile's checks, one per field, in the order a page lists their errors.
PROFILE_CHECKS: tuple[tuple[str, ProfileCheck], ...] = (
    ("postcode", _postcode),
    ("travel_miles", _travel_miles),
    ("need_codes", _need_codes),
    ("tier", _tier),
    ("phq9", _in_range("phq9", 0, 27, "A PHQ-9 total is from 0 to 27.")),
    ("gad7", _in_range("gad7", 0, 21, "A GAD-7 total is from 0 to 21.")),
    ("age", _in_range("age", 10, 110, "Enter an age from 10 to 110.")),
    ("gender", _one_of("gender", GENDERS, "Choose woman, man, non-binary, or leave it blank.")),
    (
        "ethnicity",
        _one_of(
            "ethnicity",
            Ethnicity.values,
            "Choose an ethnic group from the ONS 2021 list, or prefer not to say.",
            blank_allowed=True,
        ),
    ),
    (
        "risk_to_others",
        _one_of(
            "risk_to_others",
            RiskLevel.values,
            "Choose the risk of serious harm to others: low, medium, high or very high.",
        ),
    ),
    ("legal_status", _one_of("legal_status", LegalStatus.values, "Choose their legal status.")),
    ("release_date", _release_date),
    (
        "referral_routes",
        _codes_known(
            "referral_routes", REFERRAL_ROUTES.codes, lambda codes: f"Unknown referral route: {codes}."
        ),
    ),
    (
        "mhtr_kinds",
        _codes_known(
            "mhtr_kinds",
            set(MHTR_KINDS),
            lambda codes: (
                f"Unknown mental health treatment requirement: {codes}. "
                "Choose mhtr_primary or mhtr_secondary."
            ),
        ),
    ),
    (
        "preferences",
        _codes_known("preferences", Preference.values, lambda codes: f"Unknown preference: {codes}."),
    ),
    (
        "community_codes",
        _codes_known("community_codes", COMMUNITIES.codes, lambda codes: f"Unknown community: {codes}."),
    ),
)


def profile_errors(profile: NeedsProfile, *, today: date) -> dict[str, str]:
    """Each problem with a profile in plain words (the postcode is checked when it is located)."""
    errors: dict[str, str] = {}
    for field_name, check in PROFILE_CHECKS:
        message = check(profile, today)
        if message:
            errors[field_name] = message
    return errors
