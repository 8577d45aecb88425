"""Treatment requirement availability for court teams writing pre-sentence reports.

For one area (a local authority by GSS code, or a probation delivery unit by code): which services
can deliver a mental health treatment requirement (primary or secondary) or drug and alcohol
treatment, their waits and capacity, which dual-diagnosis combinations have providers locally, and
how the area's live MHTRs are going. Directory data and counts only: nothing about a person, so
reading it needs no care-team scope; only a person named to default the area is read through
`person_for` (scoped, audited).

How providers are identified (shown on the page too, so sentencers know what it rests on):
- MHTR primary / secondary: the service's custody stage says it delivers primary or secondary
  MHTRs. The tier alone is not enough: a talking therapies service is "primary" without taking
  court-ordered treatment.
- DRR or ATR: the service works with substance use and with people on community sentences. The
  directory does not tell drug from alcohol treatment, so each such service counts for both, and
  the page says to confirm with the provider.
A service is local when it covers one of the area's local authorities, or all of England.

Seven queries however many services: the area (two for a PDU code: authority first), its local
authorities, the candidate services (covering the area; covering England), the services, their
custody-stage and need terms, and the area's MHTR figures.
"""

import statistics
from dataclasses import dataclass, field
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from throughcare.continuity.choices import LIVE_STATUSES, MHTR_KINDS, EventKind, RequirementKind
from throughcare.continuity.models import JourneyEvent, Requirement
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission
from throughcare.directory.models import Service, ServiceCoverage, ServiceStatus
from throughcare.directory.vocabularies import CUSTODY_STAGES, NEEDS
from throughcare.geography.models import LocalAuthority, Pdu

MHTR_PRIMARY_TERM = CUSTODY_STAGES.term_id("mhtr_primary")
MHTR_SECONDARY_TERM = CUSTODY_STAGES.term_id("mhtr_secondary")
COMMUNITY_SENTENCE_TERM = CUSTODY_STAGES.term_id("community_sentence")
SUBSTANCE_USE_TERM = NEEDS.term_id("substance_use")
DECIDING_TERMS = (MHTR_PRIMARY_TERM, MHTR_SECONDARY_TERM, COMMUNITY_SENTENCE_TERM, SUBSTANCE_USE_TERM)

# What the page and the API show of each service (a service row is wide; a PDU has hundreds).
SHOWN_FIELDS = (
    "name",
    "organisation__name",
    "typical_wait_days",
    "capacity_available",
    "capacity_maximum",
    "capacity_unit",
)

IDENTIFIED_BY = {
    "mhtr_primary": "Services whose directory entry says they deliver primary care MHTRs.",
    "mhtr_secondary": "Services whose directory entry says they deliver secondary care MHTRs.",
    "substance": (
        "Services that work with substance use and with people on community sentences. The directory "
        "does not separate drug from alcohol treatment: confirm which the provider offers."
    ),
}


def may_see_availability(user) -> bool:
    """Practitioners and providers: roles that see people or find support for them."""
    return has_permission(user, Permission.VIEW_PEOPLE) or has_permission(user, Permission.FIND_SUPPORT)


def require_availability_reader(user) -> None:
    if not may_see_availability(user):
        raise PermissionDenied("Your role does not see treatment requirement availability.")


@dataclass(frozen=True)
class CourtArea:
    code: str
    name: str
    kind: str  # "local_authority" or "pdu"
    local_authority_codes: tuple[str, ...]
    pdu_codes: tuple[str, ...]


def find_court_area(code: str) -> CourtArea:
    """The local authority or probation delivery unit with this code; a field error otherwise."""
    code = (code or "").strip()
    if not code:
        raise ValidationError({"area": "Enter a local authority code (like E08000003) or a PDU code"})
    authority = LocalAuthority.objects.filter(pk=code.upper()).values_list("code", "name", "pdu_id").first()
    if authority is not None:
        la_code, name, pdu_code = authority
        return CourtArea(la_code, name, "local_authority", (la_code,), (pdu_code,) if pdu_code else ())
    pdu = Pdu.objects.filter(pk=code).values_list("code", "name").first()
    if pdu is None:
        raise ValidationError({"area": f"No local authority or probation delivery unit has the code {code}"})
    codes = tuple(LocalAuthority.objects.filter(pdu_id=pdu[0]).values_list("code", flat=True))
    return CourtArea(pdu[0], pdu[1], "pdu", codes, (pdu[0],))


@dataclass
class Provider:
    service: Service
    term_ids: set = field(default_factory=set)

    @property
    def mhtr_primary(self) -> bool:
        return MHTR_PRIMARY_TERM in self.term_ids

    @property
    def mhtr_secondary(self) -> bool:
        return MHTR_SECONDARY_TERM in self.term_ids

    @property
    def substance(self) -> bool:
        return SUBSTANCE_USE_TERM in self.term_ids and COMMUNITY_SENTENCE_TERM in self.term_ids

    @property
    def mhtr(self) -> bool:
        return self.mhtr_primary or self.mhtr_secondary


@dataclass(frozen=True)
class Combination:
    label: str
    mhtr_providers: int
    substance_providers: int
    in_one_service: int  # MHTR providers that also treat substance use

    @property
    def available(self) -> bool:
        return self.mhtr_providers > 0 and self.substance_providers > 0


@dataclass(frozen=True)
class RegisterFigures:
    live_requirements: int
    median_days_to_first_appointment: float | None
    first_appointments: int


@dataclass
class Availability:
    area: CourtArea
    mhtr_primary: list[Provider]
    mhtr_secondary: list[Provider]
    substance: list[Provider]
    combinations: list[Combination]
    register: RegisterFigures
    identified_by: dict = field(default_factory=lambda: dict(IDENTIFIED_BY))


def _local_providers(area: CourtArea) -> list[Provider]:
    candidates = _candidates(area)
    deciding = Service.terms.through.objects.filter(taxonomyterm_id__in=DECIDING_TERMS)
    services = list(
        Service.objects.filter(pk__in=candidates, status=ServiceStatus.ACTIVE)
        .filter(_treats_requirements())
        .select_related("organisation")
        .only(*SHOWN_FIELDS)
        .order_by(F("typical_wait_days").asc(nulls_last=True), "name", "id")
    )
    terms: dict = {}
    for service_id, term_id in deciding.filter(service_id__in=[s.pk for s in services]).values_list(
        "service_id", "taxonomyterm_id"
    ):
        terms.setdefault(service_id, set()).add(term_id)
    return [Provider(service=s, term_ids=terms.get(s.pk, set())) for s in services]


def _candidates(area: CourtArea) -> set:
    # Candidates first, by the coverage index and the covers-England index: one query with an OR of
    # the two (and the organisation join) made SQLite scan every organisation at national scale.
    return set(
        ServiceCoverage.objects.filter(local_authority_code__in=area.local_authority_codes).values_list(
            "service_id", flat=True
        )
    ) | set(Service.objects.filter(covers_england=True).values_list("id", flat=True))


def _treats_requirements():
    """Services that can deliver a treatment requirement, as this module identifies them."""
    deciding = Service.terms.through.objects.filter(taxonomyterm_id__in=DECIDING_TERMS)

    def has_term(*term_ids):
        return Exists(deciding.filter(service_id=OuterRef("id"), taxonomyterm_id__in=term_ids))

    return has_term(MHTR_PRIMARY_TERM, MHTR_SECONDARY_TERM) | has_term(SUBSTANCE_USE_TERM) & has_term(
        COMMUNITY_SENTENCE_TERM
    )


def treating_service_choices(area_code: str, *, any_service_locally: bool = False) -> tuple[list, str]:
    """(id, "service (organisation)") of the active services a requirement or condition can name, by
    name, and a sentence saying which they are. Those that can deliver a treatment requirement,
    local to `area_code` (a PDU or local authority) when it is known, else across England; with
    `any_service_locally`, every local service."""
    services = Service.objects.filter(status=ServiceStatus.ACTIVE)
    area = None
    if area_code:
        try:
            area = find_court_area(area_code)
        except ValidationError:
            area = None
    if area is not None:
        services = services.filter(pk__in=_candidates(area))
    if area is None or not any_service_locally:
        services = services.filter(_treats_requirements())
    if area is None:
        said = (
            "Services across England that can deliver a treatment requirement. Record the person's "
            "probation delivery unit to list only the services working there."
        )
    elif any_service_locally:
        said = f"Services working in {area.name}."
    else:
        said = f"Services working in {area.name} that can deliver a treatment requirement."
    rows = services.order_by("name", "id").values_list("pk", "name", "organisation__name")
    return [(str(pk), f"{name} ({organisation})") for pk, name, organisation in rows], said


def _supervised_in(area: CourtArea) -> tuple[Q, QuerySet]:
    """Requirements placed in the area: by the order's delivery unit; for an order recorded without
    one, by the person's current delivery unit; failing both, by where the treating service works.

    Counting by the order's unit alone counted none of the MHTRs whose orders were recorded before
    the person's delivery unit was known (the order then has none): 0 live where the register,
    which also looks at the treating service, showed 3.
    """
    person_pdu = (
        JourneyEvent.objects.filter(
            person=OuterRef("order__person"), kind=EventKind.PROBATION_CHANGED, pdu__isnull=False
        )
        .order_by("-occurred_on", "-created_at")
        .values("pdu_id")[:1]
    )
    treated_here = Exists(
        ServiceCoverage.objects.filter(
            service_id=OuterRef("service_id"), local_authority_code__in=area.local_authority_codes
        )
    )
    no_order_pdu = Q(order__pdu__isnull=True)
    supervised = (
        Q(order__pdu_id__in=area.pdu_codes)
        | (no_order_pdu & Q(person_pdu__in=area.pdu_codes))
        | (no_order_pdu & Q(person_pdu__isnull=True) & treated_here)
    )
    return cast(Q, supervised), person_pdu  # a Q combined with an Exists is a Q


def _register_figures(area: CourtArea) -> RegisterFigures:
    """The area's live MHTRs and the median wait from order to first appointment."""
    in_area, person_pdu = _supervised_in(area)
    rows = list(
        Requirement.objects.filter(kind__in=MHTR_KINDS)
        .annotate(person_pdu=Subquery(person_pdu))
        .filter(in_area)
        .values_list("status", "ordered_on", "first_appointment_on")
    )
    waits = [(first - ordered).days for _status, ordered, first in rows if first is not None]
    return RegisterFigures(
        live_requirements=sum(1 for status, _o, _f in rows if status in LIVE_STATUSES),
        median_days_to_first_appointment=statistics.median(waits) if waits else None,
        first_appointments=len(waits),
    )


def _combinations(mhtr: list[Provider], substance: list[Provider]) -> list[Combination]:
    in_one = sum(1 for p in mhtr if p.substance)
    return [
        Combination(
            f"MHTR with {RequirementKind(kind).label[0].lower()}{RequirementKind(kind).label[1:]}",
            len(mhtr),
            len(substance),
            in_one,
        )
        for kind in (RequirementKind.DRR, RequirementKind.ATR)
    ]


def availability_for(user, area_code: str) -> Availability:
    """Local treatment requirement availability for `area_code`; 403 for roles without it, a field
    error for an unknown code. Audited by area (no personal data is read)."""
    require_availability_reader(user)
    area = find_court_area(area_code)
    providers = _local_providers(area)
    mhtr = [p for p in providers if p.mhtr]
    substance = [p for p in providers if p.substance]
    availability = Availability(
        area=area,
        mhtr_primary=[p for p in providers if p.mhtr_primary],
        mhtr_secondary=[p for p in providers if p.mhtr_secondary],
        substance=substance,
        combinations=_combinations(mhtr, substance),
        register=_register_figures(area),
    )
    audit.record(
        actor=user,
        verb=AuditVerb.COURT_AVAILABILITY_VIEWED,
        target_type=f"geography.{area.kind}",
        target_id=area.code,
        payload={"services": len(providers)},
    )
    return availability


def person_area_code(person) -> str:
    """The person's probation delivery unit: their latest probation change, else their latest order's."""
    from throughcare.continuity.models import JourneyEvent, Order

    pdu = (
        JourneyEvent.objects.filter(person=person, kind="probation_changed", pdu__isnull=False)
        .order_by("-occurred_on", "-created_at")
        .values_list("pdu_id", flat=True)
        .first()
    )
    if pdu is None:
        pdu = (
            Order.objects.filter(person=person, pdu__isnull=False)
            .order_by("-starts_on", "-created_at")
            .values_list("pdu_id", flat=True)
            .first()
        )
    return pdu or ""
