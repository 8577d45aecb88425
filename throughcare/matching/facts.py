"""What matching needs to know about each candidate service, loaded in a few set-based queries.

Matching never loads the whole directory: it takes the services with a location inside a bounding
box around the person, those covering their local authority, and those covering all of England.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast

from throughcare.core.db import TextList
from throughcare.directory.models import Service, ServiceAtLocation, ServiceCoverage, ServiceStatus
from throughcare.directory.vocabularies import NEEDS, VOCABULARIES
from throughcare.geography.distance import bounding_box, haversine_miles

# Term ids are derived from their codes, so the mapping back needs no query. Keyed by both text
# forms a database may return: SQLite's 32 hex digits and PostgreSQL's hyphenated form.
TERM_CODES_BY_TEXT: dict[str, tuple[str, str]] = {
    form: (vocabulary.code, code)
    for vocabulary in VOCABULARIES
    for code in vocabulary.codes
    for form in (vocabulary.term_id(code).hex, str(vocabulary.term_id(code)))
}

FACT_FIELDS = (
    "id",
    "name",
    "organisation__name",
    "tier",
    "minimum_age",
    "maximum_age",
    "gender",
    "accepts_current_substance_use",
    "highest_risk_to_others",
    "accepts_risk_to_self",
    "requires_gp_registration",
    "statutory_referrals_only",
    "covers_england",
    "radius_miles",
    "capacity_available",
    "capacity_maximum",
    "capacity_unit",
    "capacity_updated_at",
    "typical_wait_days",
    "funding_ends_on",
)


@dataclass
class ServiceFacts:
    id: str
    name: str
    organisation_name: str
    tier: str
    minimum_age: int | None
    maximum_age: int | None
    gender: str
    accepts_current_substance_use: bool
    highest_risk_to_others: int
    accepts_risk_to_self: bool
    requires_gp_registration: bool
    statutory_referrals_only: bool
    covers_england: bool
    radius_miles: int | None
    capacity_available: int | None
    capacity_maximum: int | None
    capacity_unit: str
    capacity_updated_at: datetime | None
    typical_wait_days: int | None
    funding_ends_on: date | None
    terms: dict[str, frozenset[str]] = field(default_factory=dict)
    covers_place: bool = False
    has_coverage_areas: bool = False
    distance_miles: float | None = None
    nearest_postcode: str = ""

    def codes(self, vocabulary: str) -> frozenset[str]:
        return self.terms.get(vocabulary, frozenset())

    @property
    def remote(self) -> bool:
        """Delivered online or by phone, so distance is no barrier."""
        return bool(self.codes("delivery") & {"online", "phone"})


@dataclass(frozen=True)
class Reach:
    latitude: float | None
    longitude: float | None
    local_authority_code: str
    miles: float


def _text(field: str) -> Cast:
    # Ids are compared as the database's own text: building thousands of UUID objects per request
    # cost more than all of matching's queries together.
    return Cast(field, output_field=CharField())


def _canonical_id(text: str) -> str:
    """'0123...ef' (SQLite) or '0123...-...' (PostgreSQL) -> the hyphenated form, cheaply."""
    if len(text) == 32:
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return text


def _published():
    return Service.objects.filter(status=ServiceStatus.ACTIVE, is_public=True)


@dataclass
class Candidates:
    facts: list[ServiceFacts]
    not_addressing_needs: int  # services within reach that work with none of the needs asked about


def load_candidates(reach: Reach, need_codes: list[str] | None = None) -> Candidates:
    """Services within reach. With need codes, only those working with at least one of the needs
    are loaded in full; the rest are counted, since listing hundreds of services that "do not work
    with anxiety" helps nobody, and loading them was most of matching's time."""
    nearest: dict[str, tuple[float, str]] = {}
    near_links = ServiceAtLocation.objects.none()
    if reach.latitude is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(reach.latitude, reach.longitude, reach.miles)
        near_links = ServiceAtLocation.objects.filter(
            location__latitude__range=(min_lat, max_lat), location__longitude__range=(min_lon, max_lon)
        ).order_by()
        rows = near_links.values_list(
            _text("service_id"), "location__latitude", "location__longitude", "location__postal_code"
        )
        _keep_nearest(reach, rows, nearest)
    covering = ServiceCoverage.objects.filter(
        local_authority_code=reach.local_authority_code or "-"
    ).order_by()
    candidates = _published().filter(
        Q(id__in=near_links.values("service_id"))
        | Q(id__in=covering.values("service_id"))
        | Q(covers_england=True)
    )
    not_addressing = 0
    if need_codes:
        need_term_ids = [NEEDS.term_id(code) for code in need_codes if code in NEEDS.codes]
        addresses_needs = Exists(
            Service.terms.through.objects.filter(service_id=OuterRef("id"), taxonomyterm_id__in=need_term_ids)
        )
        not_addressing = candidates.exclude(addresses_needs).count()
        candidates = candidates.filter(addresses_needs)
    # Each candidate's term ids and whether it names areas come back on its own row, through
    # correlated subqueries, so the candidate filter runs once.
    term_ids = (
        Service.terms.through.objects.filter(service_id=OuterRef("id"))
        .order_by()
        .values("service_id")
        .annotate(ids=TextList(_text("taxonomyterm_id")))
        .values("ids")
    )
    facts_rows = list(
        candidates.order_by()
        .annotate(
            term_ids=Subquery(term_ids),
            names_areas=Exists(ServiceCoverage.objects.filter(service_id=OuterRef("id"))),
        )
        .values_list(_text("id"), *FACT_FIELDS[1:], "term_ids", "names_areas")
    )
    if not facts_rows:
        return Candidates([], not_addressing)
    covering_ids = set(covering.values_list(_text("service_id"), flat=True))
    far = [row[0] for row in facts_rows if row[0] not in nearest]
    if far and reach.latitude is not None:
        rows = (
            ServiceAtLocation.objects.filter(
                service_id__in=[_canonical_id(i) for i in far], location__latitude__isnull=False
            )
            .order_by()
            .values_list(
                _text("service_id"), "location__latitude", "location__longitude", "location__postal_code"
            )
        )
        _keep_nearest(reach, rows, nearest)
    facts = []
    for *row, term_text, names_areas in facts_rows:
        service_id = row[0]
        terms: dict[str, set[str]] = {}
        for term_id in (term_text or "").split(","):
            if term_id in TERM_CODES_BY_TEXT:
                vocabulary, code = TERM_CODES_BY_TEXT[term_id]
                terms.setdefault(vocabulary, set()).add(code)
        fact = ServiceFacts(
            _canonical_id(service_id), *row[1:], terms={k: frozenset(v) for k, v in terms.items()}
        )
        fact.covers_place = service_id in covering_ids
        fact.has_coverage_areas = names_areas
        if service_id in nearest:
            fact.distance_miles, fact.nearest_postcode = nearest[service_id]
        facts.append(fact)
    return Candidates(facts, not_addressing)


def _keep_nearest(reach: Reach, rows, nearest: dict) -> None:
    for service_id, lat, lon, postcode in rows:
        if lat is None:
            continue
        miles = haversine_miles(reach.latitude, reach.longitude, lat, lon)
        if service_id not in nearest or miles < nearest[service_id][0]:
            nearest[service_id] = (miles, postcode)
