"""A needs profile: what matching knows about a person (or an anonymous enquiry), and its checks."""

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


def profile_errors(profile: NeedsProfile, *, today: date) -> dict[str, str]:
    """Each problem with a profile in plain words (the postcode is checked when it is located)."""
    errors: dict[str, str] = {}
    if not profile.postcode.strip() and not profile.online_only:
        errors["postcode"] = (
            "Enter a postcode (home or release address), or choose online or phone support only."
        )
    if not 0 < profile.travel_miles <= MAX_TRAVEL_MILES:
        errors["travel_miles"] = (
            f"Enter how far they can travel: more than 0 and up to {MAX_TRAVEL_MILES} miles."
        )
    if not profile.need_codes:
        errors["need_codes"] = "Choose at least one need."
    unknown = sorted(set(profile.need_codes) - NEEDS.codes)
    if unknown:
        errors["need_codes"] = f"Unknown need code{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}."
    if profile.tier and profile.tier not in TIERS.codes:
        errors["tier"] = f"Unknown tier '{profile.tier}': choose from {', '.join(sorted(TIERS.codes))}."
    if profile.phq9 is not None and not 0 <= profile.phq9 <= 27:
        errors["phq9"] = "A PHQ-9 total is from 0 to 27."
    if profile.gad7 is not None and not 0 <= profile.gad7 <= 21:
        errors["gad7"] = "A GAD-7 total is from 0 to 21."
    if profile.age is not None and not 10 <= profile.age <= 110:
        errors["age"] = "Enter an age from 10 to 110."
    if profile.gender not in GENDERS:
        errors["gender"] = "Choose woman, man, non-binary, or leave it blank."
    if profile.ethnicity and profile.ethnicity not in Ethnicity.values:
        errors["ethnicity"] = "Choose an ethnic group from the ONS 2021 list, or prefer not to say."
    if profile.risk_to_others not in RiskLevel.values:
        errors["risk_to_others"] = (
            "Choose the risk of serious harm to others: low, medium, high or very high."
        )
    if profile.legal_status not in LegalStatus.values:
        errors["legal_status"] = "Choose their legal status."
    if (
        profile.legal_status == LegalStatus.IN_CUSTODY
        and profile.release_date
        and profile.release_date < today
    ):
        errors["release_date"] = "A release date for someone in custody must be today or in the future."
    unknown_routes = sorted(set(profile.referral_routes) - REFERRAL_ROUTES.codes)
    if unknown_routes:
        errors["referral_routes"] = f"Unknown referral route: {', '.join(unknown_routes)}."
    unknown_mhtrs = sorted(set(profile.mhtr_kinds) - set(MHTR_KINDS))
    if unknown_mhtrs:
        errors["mhtr_kinds"] = (
            f"Unknown mental health treatment requirement: {', '.join(unknown_mhtrs)}. "
            "Choose mhtr_primary or mhtr_secondary."
        )
    unknown_preferences = sorted(set(profile.preferences) - set(Preference.values))
    if unknown_preferences:
        errors["preferences"] = f"Unknown preference: {', '.join(unknown_preferences)}."
    unknown_communities = sorted(set(profile.community_codes) - COMMUNITIES.codes)
    if unknown_communities:
        errors["community_codes"] = f"Unknown community: {', '.join(unknown_communities)}."
    return errors
