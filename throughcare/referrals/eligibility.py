"""A referral checked against its service's hard rules, through the same rules matching applies.

Matching rules services in or out for a needs profile; a referral is one person and one service, so
this builds that person's profile from their record (age, gender, custody, orders, MHTRs, OPD
screening) and the referral's own answers, the service's facts from its row, and runs
`matching.rules.broken_rules`. Only the hard rules count here: distance, needs, tier, GP
registration and capacity are matters for the practitioner and the service, not refusals.
"""

from dataclasses import dataclass
from datetime import date

from throughcare.core.permissions import OrganisationKind
from throughcare.directory import term_codes
from throughcare.directory.models import RiskLevel, Service, ServiceCoverage
from throughcare.directory.vocabularies import REFERRAL_ROUTES
from throughcare.matching.candidate_sql import FACT_FIELDS
from throughcare.matching.eligibility_rules import OVERRIDE_ALLOWED, PROGRAMME_RULES_BY_CODE
from throughcare.matching.facts import ServiceFacts
from throughcare.matching.profile import LegalStatus, NeedsProfile
from throughcare.matching.rules import Context, broken_rules, tier_mismatch

HARD_RULES = frozenset(
    {
        "area",
        "gender",
        "age",
        "substance_use",
        "risk_to_others",
        "risk_to_self",
        "referral_route",
        "custody",
        *PROGRAMME_RULES_BY_CODE,
    }
)

# The route an organisation refers by, from its kind. Any referrer may instead say the person is
# referring themselves with its help ("self"); no other route can be claimed.
ROUTE_OF_KIND = {
    OrganisationKind.PROBATION: "probation",
    OrganisationKind.PRISON: "prison",
    OrganisationKind.LIAISON_AND_DIVERSION: "liaison_diversion",
    OrganisationKind.LOCAL_AUTHORITY: "statutory_agency",
    OrganisationKind.COURT: "statutory_agency",
    OrganisationKind.NHS_PROVIDER: "statutory_agency",
    OrganisationKind.VCSE_PROVIDER: "vcse",
    OrganisationKind.INTEGRATED_OFFENDER_MANAGEMENT: "iom",
    OrganisationKind.CFO_EVOLUTION: "cfo_evolution",
    OrganisationKind.CRS_PROVIDER: "crs",
    OrganisationKind.OUT_OF_COURT_DISPOSAL: "out_of_court_disposal",
}
# Kinds that refer by no route of their own: they do not refer people (a commissioner, Throughcare).
KINDS_THAT_DO_NOT_REFER = frozenset({OrganisationKind.COMMISSIONER, OrganisationKind.PLATFORM})
# A referral in crisis: the person is at current risk to themselves, or it names self-harm and
# suicidal thoughts among their needs. Crisis needs are a secondary-care (crisis team) matter, so
# matching's tier rule judges the service against that tier.
CRISIS_TIER = "secondary"
CRISIS_NEEDS = frozenset({"self_harm"})
MATCHABLE_GENDERS = frozenset({"woman", "man", "non_binary"})
ORDER_STATUS = {
    "community_order": LegalStatus.COMMUNITY_ORDER,
    "suspended_sentence_order": LegalStatus.SUSPENDED_SENTENCE,
    "licence": LegalStatus.ON_LICENCE,
    "post_sentence_supervision": LegalStatus.POST_SENTENCE_SUPERVISION,
}


def route_error(route: str, organisation_kind: str) -> str | None:
    """Why this organisation cannot refer by `route`, in words; None when it can ("" means its own)."""
    if not route:
        return None
    if route not in REFERRAL_ROUTES.codes:
        return f"Choose a referral route from: {', '.join(sorted(REFERRAL_ROUTES.codes))}"
    own = ROUTE_OF_KIND.get(organisation_kind)
    if route not in {own, "self"}:
        said = REFERRAL_ROUTES.label(own).lower() if own else "no route of its own"
        return (
            f"Your organisation refers as {said}, or as a self-referral made with your help: "
            f"it cannot refer as {REFERRAL_ROUTES.label(route).lower()}"
        )
    return None


def route_for(route: str, organisation_kind: str) -> str:
    return route or ROUTE_OF_KIND.get(organisation_kind, "")


@dataclass(frozen=True)
class Answers:
    """What the referral itself says that the rules turn on."""

    in_custody: bool
    release_date: date | None
    uses_substances: bool | None
    risk_to_others_level: int | None
    at_risk_to_self: bool | None
    route: str


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def person_profile(person, answers: Answers, today: date) -> tuple[NeedsProfile, bool]:
    """The person's needs profile for the hard rules, from their record and the referral's answers,
    and whether their legal status is known (a custody stay, an order or the referral says so)."""
    from throughcare.continuity.choices import LIVE_STATUSES, MHTR_KINDS
    from throughcare.continuity.models import CustodyEpisode, Order, Requirement
    from throughcare.people.models import OpdScreening, OpdScreeningOutcome

    episode = (
        CustodyEpisode.objects.filter(person=person)
        .order_by("-reception_date", "-created_at")
        .values_list("actual_release_date", "expected_release_date")
        .first()
    )
    legal_status, release_date, known = LegalStatus.NONE, None, True
    if answers.in_custody or (episode and episode[0] is None):
        legal_status = LegalStatus.IN_CUSTODY
        # The custody record's expected date when it has one: it is kept up to date, the draft is not.
        recorded = episode[1] if episode and episode[0] is None else None
        release_date = recorded or answers.release_date
    else:
        release_date = episode[0] if episode else None
        order_kind = (
            Order.objects.filter(person=person, starts_on__lte=today)
            .exclude(ends_on__lt=today)
            .order_by("-starts_on", "-created_at")
            .values_list("kind", flat=True)
            .first()
        )
        if order_kind:
            legal_status = ORDER_STATUS[order_kind]
        elif release_date is not None:
            # Released, with no current order recorded: for the rules, someone who has left prison.
            legal_status = LegalStatus.ON_LICENCE
        else:
            known = False
    mhtr_kinds = (
        Requirement.objects.filter(order__person=person, kind__in=MHTR_KINDS, status__in=LIVE_STATUSES)
        .exclude(order__ends_on__lt=today)
        .values_list("kind", flat=True)
        .distinct()
    )
    screening = OpdScreening.objects.filter(person=person).values_list("outcome", flat=True).first()
    profile = NeedsProfile(
        online_only=True,  # no address to judge distance by: distance is not a hard rule here
        age=_age(person.date_of_birth, today),
        gender=person.gender if person.gender in MATCHABLE_GENDERS else "",
        uses_substances=bool(answers.uses_substances),
        risk_to_others=answers.risk_to_others_level or RiskLevel.LOW,
        risk_to_self=bool(answers.at_risk_to_self),
        legal_status=legal_status,
        release_date=release_date,
        referral_routes=[answers.route] if answers.route else [],
        mhtr_kinds=sorted(mhtr_kinds),
        opd_screened_in=screening == OpdScreeningOutcome.SCREENED_IN,
    )
    return profile, known


def service_facts(service: Service, local_authority_codes: list[str]) -> ServiceFacts:
    """The service's facts as matching reads them (FACT_FIELDS), from the row already loaded."""
    values = [
        service.organisation.name if name == "organisation__name" else getattr(service, name)
        for name in FACT_FIELDS[:-1]
    ]
    facts = ServiceFacts(str(values[0]), *values[1:], terms=term_codes.parse(service.term_codes))
    coverage = ServiceCoverage.objects.filter(service=service)
    facts.has_coverage_areas = coverage.exists()
    facts.covers_place = (
        bool(local_authority_codes)
        and coverage.filter(local_authority_code__in=local_authority_codes).exists()
    )
    return facts


def _person_area(person) -> tuple[str, list[str]]:
    """The person's probation delivery unit's name and local authorities, when one is recorded."""
    from throughcare.continuity.court.selectors import person_area_code
    from throughcare.geography.models import LocalAuthority, Pdu

    code = person_area_code(person)
    if not code:
        return "", []
    name = Pdu.objects.filter(pk=code).values_list("name", flat=True).first() or ""
    return name, list(LocalAuthority.objects.filter(pdu_id=code).values_list("code", flat=True))


def broken_hard_rules(person, service: Service, answers: Answers, today: date) -> list[tuple[str, str]]:
    """Every (rule code, plain-English reason) of the service's hard rules this referral breaks."""
    place_name, authorities = _person_area(person)
    facts = service_facts(service, authorities)
    profile, status_known = person_profile(person, answers, today)
    judged = set(HARD_RULES)
    if not status_known:
        judged.discard("custody")  # nothing recorded says where they are in the justice system
    # Where they live is judged only from a recorded delivery unit, and only against named areas:
    # with no address, a distance from the service's locations cannot be measured.
    if not authorities or (facts.radius_miles is not None and not facts.has_coverage_areas):
        judged.discard("area")
    broken = broken_rules(profile, facts, Context(place_name=place_name, today=today))
    return [(code, reason) for code, reason in broken if code in judged]


def allows_override(service: Service) -> bool:
    return OVERRIDE_ALLOWED in term_codes.parse(service.term_codes).get("eligibility", frozenset())


def crisis_tier(at_risk_to_self: bool | None, need_codes) -> str | None:
    """The tier a referral's answers ask for when they say the person is in crisis, else None."""
    return CRISIS_TIER if at_risk_to_self or CRISIS_NEEDS & set(need_codes or ()) else None


def mis_tiered(referral) -> str:
    """What to warn the receiving service of when a crisis referral goes to a service whose tier is
    below it (a low-level wellbeing service), by matching's own tier rule; "" when it fits."""
    wanted = crisis_tier(referral.at_risk_to_self, referral.need_codes)
    reason = tier_mismatch(wanted, referral.service.tier) if wanted else None
    if not reason:
        return ""
    return f"Sent in crisis to a service below the care it needs. {reason}."
