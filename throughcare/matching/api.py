"""POST /api/v1/matches: the same matching as the Find support pages, as JSON."""

from typing import Literal

from django.http import JsonResponse
from ninja import Field, Router, Schema
from pydantic import BaseModel

from throughcare.core.inputs import CustodyDate
from throughcare.core.permissions import Permission, require_permission
from throughcare.matching.engine import MatchOutcome, match
from throughcare.matching.profile import NeedsProfile

router = Router(tags=["matching"])


class ProfileIn(Schema):
    postcode: str = Field("", description="Home or release address postcode, or a district like 'LS1'.")
    travel_miles: float = Field(10, description="How far they can travel (more than 0, at most 100).")
    online_only: bool = False
    need_codes: list[str] = Field(..., description="Codes from the 'need' taxonomy, e.g. ['anxiety'].")
    tier: str = Field("", description="wellbeing, primary, secondary or specialist, if known.")
    phq9: int | None = Field(None, description="PHQ-9 total (0-27), used for tier when tier is blank.")
    gad7: int | None = Field(None, description="GAD-7 total (0-21).")
    uses_substances: bool = False
    risk_to_others: int = Field(1, description="1 low, 2 medium, 3 high, 4 very high.")
    risk_to_self: bool = False
    gp_registered: bool = True
    neurodivergent: bool = False
    age: int | None = None
    gender: Literal["", "woman", "man", "non_binary"] = ""
    ethnicity: str = Field("", description="ONS 2021 category code, e.g. 'black_african'.")
    language: str = ""
    needs_interpreter: bool = False
    caring_responsibilities: bool = False
    legal_status: str = "none"
    release_date: CustodyDate | None = Field(
        None, description="In custody, the expected release; otherwise the last release from prison."
    )
    mhtr_kinds: list[str] = Field(
        default_factory=list,
        description="Live mental health treatment requirements: mhtr_primary, mhtr_secondary.",
    )
    opd_screened_in: bool = Field(
        False, description="Screened in to the Offender Personality Disorder pathway."
    )
    referral_routes: list[str] = Field(default_factory=lambda: ["self"])
    preferences: list[str] = Field(
        default_factory=list,
        description="one_to_one, group, face_to_face, online, lived_experience_staff, women_only, "
        "by_and_for, peer_led.",
    )
    community_codes: list[str] = Field(default_factory=list)
    current_service_ids: list[str] = Field(default_factory=list)
    sort: Literal["best_fit", "soonest", "nearest"] = "best_fit"


class Output(BaseModel):
    """Response bodies are plain pydantic models: ninja's Schema wraps every nested object for
    attribute access, which cost more than matching itself for a list of hundreds of services."""


class ServiceSummary(Output):
    id: str
    name: str
    organisation: str
    tier: str
    distance_miles: float | None
    typical_wait_days: int | None
    capacity_available: int | None


class MatchOut(Output):
    service: ServiceSummary
    score: float
    score_parts: dict[str, float]
    reasons: list[str]


class RuleOut(Output):
    code: str
    text: str


class ExclusionOut(Output):
    service: ServiceSummary
    rules: list[RuleOut]


class AlternativeOut(MatchOut):
    labels: list[str]


class MatchesOut(Output):
    place: str
    outside_england: str = Field("", description="The nation's name when the postcode is outside England.")
    matches: list[MatchOut]
    exclusions: list[ExclusionOut]
    alternatives: list[AlternativeOut]
    not_addressing_needs: int = Field(
        0, description="Services within reach that work with none of the needs: counted, not listed."
    )
    unmet_need_recorded: bool


def _summary(facts) -> dict:
    return {
        "id": str(facts.id),
        "name": facts.name,
        "organisation": facts.organisation_name,
        "tier": facts.tier,
        "distance_miles": round(facts.distance_miles, 1) if facts.distance_miles is not None else None,
        "typical_wait_days": facts.typical_wait_days,
        "capacity_available": facts.capacity_available,
    }


def _match_out(m) -> dict:
    return {
        "service": _summary(m.service),
        "score": m.score.total,
        "score_parts": m.score.parts,
        "reasons": list(m.score.reasons),
    }


def outcome_json(outcome: MatchOutcome) -> dict:
    return {
        "place": outcome.place_name,
        "outside_england": outcome.outside_england,
        "matches": [_match_out(m) for m in outcome.matches],
        "exclusions": [
            {"service": _summary(e.service), "rules": [{"code": c, "text": t} for c, t in e.rules]}
            for e in outcome.exclusions
        ],
        "alternatives": [{**_match_out(a.match), "labels": list(a.labels)} for a in outcome.alternatives],
        "not_addressing_needs": outcome.not_addressing_needs,
        "unmet_need_recorded": outcome.unmet_need is not None,
    }


@router.post("/matches", response=MatchesOut, summary="Match a needs profile to services, with reasons")
def create_match(request, payload: ProfileIn):
    require_permission(request.auth, Permission.FIND_SUPPORT)
    data = payload.dict()
    sort = data.pop("sort")
    outcome = match(actor=request.auth, profile=NeedsProfile(**data), sort=sort)
    # Written as JSON directly: checking hundreds of ruled-out services against MatchesOut on every
    # request cost a quarter of the time of matching them. `outcome_json` builds exactly that shape
    # (the tests check answers against MatchesOut), and MatchesOut still documents it in the OpenAPI.
    return JsonResponse(outcome_json(outcome))
