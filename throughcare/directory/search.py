"""Finding services: by words, by place and by what they offer, nearest first.

A search with a postcode runs in a fixed number of queries however many services match:

1. The postcode is geocoded once. A postcode in Wales, Scotland, Northern Ireland, the Isle of Man or
   the Channel Islands stops here: the directory covers England, so the page signposts that
   nation's services instead of offering English ones as if they were local.
2. SQL finds the locations inside a box around the place (an indexed range on latitude and
   longitude: the spatial prefilter) and, through ServiceAtLocation, the services at them that pass
   every filter, tested by one EXISTS on the service's own row: its columns, and its coded terms
   through the `term_codes` text kept on the row (ADR 19), so a location costs one probe, not one
   per vocabulary (see _probes for why not a join). Only plain tuples for the rows in the box come
   back.
3. Python works out the exact (haversine) distance for those rows, keeps each service's nearest
   location and drops services with none within the distance asked for; one query by key fetches
   what ranking needs (name, usual wait, areas) for the services left. The box only ever holds
   more than the circle, never less: tests compare the answer with every location's exact distance.
4. Two indexed queries find services that cover the place without a location near it: those whose
   areas include its local authority (ServiceCoverage) and those available across England (read
   from the partial index of England-wide services, about 2% of the directory).
5. The list is sorted and cut into a page, and only that page's services are loaded, with what the
   results page shows (whether it is online or by phone comes from `term_codes` too).

The ranking rule: services with a location within the distance come first ("nearby"), in the order
asked for (nearest, shortest usual wait, or name). Services that cover the place but have no
location within reach follow, flagged "works across your area", "across England" or "online or
phone", local-authority ones before England-wide ones, each in the same order. A nearby service is
never hidden because its listed areas seem to leave the place out (a postcode district's local
authority is approximate at borders); it is flagged so the practitioner checks.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from throughcare.directory import term_codes
from throughcare.directory.models import Location, Service, ServiceAtLocation, ServiceCoverage
from throughcare.directory.models.service import Gender, ServiceStatus
from throughcare.directory.vocabularies import COMMUNITIES, CUSTODY_STAGES, DELIVERY, NEEDS, REFERRAL_ROUTES
from throughcare.geography.distance import bounding_box, haversine_miles
from throughcare.geography.geocoding import get_geocoder
from throughcare.geography.models import Country
from throughcare.geography.postcodes import PostcodeNotFound, nation_of, parse_postcode

DEFAULT_MILES = 10
MILES_CHOICES = (1, 3, 5, 10, 25, 50)
PAGE_SIZE = 20
REMOTE_DELIVERY = frozenset({"online", "phone"})
IN_CHUNK = 5000  # ids per IN (...) list: well inside SQLite's limit of 32,766 parameters


class Sort(StrEnum):
    NEAREST = "nearest"
    WAIT = "wait"
    NAME = "name"


SORT_CHOICES = [
    (Sort.NEAREST, "Nearest first"),
    (Sort.WAIT, "Shortest usual wait"),
    (Sort.NAME, "Name, A to Z"),
]


class Only(StrEnum):
    """Yes-or-no filters on what a service accepts."""

    PLACES = "places"
    SUBSTANCE_USE = "substance_use"
    RISK_TO_SELF = "risk_to_self"
    NO_GP_REGISTRATION = "no_gp"
    OPEN_REFERRALS = "open_referrals"
    WOMEN_ONLY = "women_only"


ONLY_CHOICES = [
    (Only.PLACES, "have places available now"),
    (Only.SUBSTANCE_USE, "accept people currently using drugs or alcohol"),
    (Only.RISK_TO_SELF, "work with people at current risk to themselves"),
    (Only.NO_GP_REGISTRATION, "do not need the person to be registered with a GP"),
    (Only.OPEN_REFERRALS, "take referrals from anyone, not only statutory agencies"),
    (Only.WOMEN_ONLY, "are for women only"),
]


class Reach(StrEnum):
    NEARBY = "nearby"  # a location within the distance searched
    AREA = "area"  # its areas include the place's local authority
    ENGLAND = "england"  # available anywhere in England


@dataclass(frozen=True)
class Filters:
    """What the service must be or offer. Within one list any term will do; across lists, all must match."""

    keyword: str = ""
    tier: str = ""
    need_codes: tuple[str, ...] = ()
    referral_route_codes: tuple[str, ...] = ()
    custody_stage_codes: tuple[str, ...] = ()
    delivery_codes: tuple[str, ...] = ()
    community_codes: tuple[str, ...] = ()
    only: frozenset[str] = frozenset()
    age: int | None = None
    status: str = ServiceStatus.ACTIVE  # empty for any status
    public_only: bool = False  # only services listed for the public (the public pages search these)


@dataclass
class Hit:
    service_id: object
    reach: Reach | None = None
    distance_miles: float | None = None
    location_id: object = None
    # False when the service lists areas (or a radius) that seem not to include the place searched.
    covers_place: bool | None = None
    service: Service | None = None
    location: Location | None = None

    @property
    def remote(self) -> bool:
        """Delivered online or by phone, from the codes kept on the service's row (ADR 19)."""
        return bool(
            term_codes.parse(self.service.term_codes).get(DELIVERY.code, frozenset()) & REMOTE_DELIVERY
        )


@dataclass
class Results:
    page: Page | None = None
    place: object = None  # geography.geocoding.Place
    elsewhere: Country | None = None  # the nation of a postcode outside England
    miles: int = DEFAULT_MILES
    sort: Sort = Sort.NEAREST
    counts: dict[str, int] = field(default_factory=dict)


# The column each yes-or-no filter constrains, and the value it asks for (in the order they are applied).
ONLY_COLUMNS: dict[Only, tuple[str, object]] = {
    Only.PLACES: ("capacity_available__gt", 0),
    Only.SUBSTANCE_USE: ("accepts_current_substance_use", True),
    Only.RISK_TO_SELF: ("accepts_risk_to_self", True),
    Only.NO_GP_REGISTRATION: ("requires_gp_registration", False),
    Only.OPEN_REFERRALS: ("statutory_referrals_only", False),
    Only.WOMEN_ONLY: ("gender", Gender.WOMEN),
}


def _column_conditions(filters: Filters, path: str = "") -> Q:
    def at(name: str) -> str:
        return path + name

    condition = Q()
    if filters.status:
        condition &= Q(**{at("status"): filters.status})
    if filters.public_only:
        condition &= Q(**{at("is_public"): True})
    if filters.tier:
        condition &= Q(**{at("tier"): filters.tier})
    for word in filters.keyword.split():
        condition &= (
            Q(**{at("name__icontains"): word})
            | Q(**{at("description__icontains"): word})
            | Q(**{at("organisation__name__icontains"): word})
        )
    if filters.age is not None:
        condition &= Q(**{at("minimum_age__isnull"): True}) | Q(**{at("minimum_age__lte"): filters.age})
        condition &= Q(**{at("maximum_age__isnull"): True}) | Q(**{at("maximum_age__gte"): filters.age})
    for only, (column, value) in ONLY_COLUMNS.items():
        if only in filters.only:
            condition &= Q(**{at(column): value})
    return condition


def _term_conditions(filters: Filters, path: str = "") -> Q:
    """Within each vocabulary filtered on, any of its codes will do: read from the row's `term_codes`
    text (ADR 19), where each code sits whole between spaces, so one code never matches a longer one."""
    condition = Q()
    for vocabulary, codes in (
        (NEEDS, filters.need_codes),
        (REFERRAL_ROUTES, filters.referral_route_codes),
        (CUSTODY_STAGES, filters.custody_stage_codes),
        (DELIVERY, filters.delivery_codes),
        (COMMUNITIES, filters.community_codes),
    ):
        if codes:
            any_code = Q()
            for code in codes:
                any_code |= Q(**{path + "term_codes__contains": term_codes.token(vocabulary.code, code)})
            condition &= any_code
    return condition


def _conditions(filters: Filters, path: str = "") -> Q:
    return _column_conditions(filters, path) & _term_conditions(filters, path)


def filtered_services(filters: Filters) -> QuerySet[Service]:
    return Service.objects.filter(_conditions(filters))


def _probes(filters: Filters, service_ref: str) -> list:
    """The filters as one condition on a row that names its service in the column `service_ref`.

    One EXISTS on the service's own row answers every filter. Written this way, the outer query's
    only indexed constraint is its own (the box, or the local authority), so the database starts
    there. Joined to the service instead, SQLite without statistics prefers the service's status
    index and reads every service in England: about ten times slower at national scale.
    """
    conditions = _conditions(filters)
    if not conditions:
        return []
    return [Exists(Service.objects.filter(conditions, pk=OuterRef(service_ref)))]


def candidates_in_box(filters: Filters, box: tuple[float, float, float, float]) -> QuerySet:
    """(service, location, latitude, longitude) for each location of a filtered service in the box."""
    min_lat, max_lat, min_lon, max_lon = box
    return (
        ServiceAtLocation.objects.filter(
            *_probes(filters, "service_id"),
            location__latitude__range=(min_lat, max_lat),
            location__longitude__range=(min_lon, max_lon),
        )
        .order_by()
        .values_list("service_id", "location_id", "location__latitude", "location__longitude")
    )


@dataclass
class _Ranked:
    hit: Hit
    name: str
    wait: int | None


def _order(rows: list[_Ranked], sort: Sort) -> list[_Ranked]:
    def key(row: _Ranked):
        name = row.name.casefold()
        distance = row.hit.distance_miles if row.hit.distance_miles is not None else 0.0
        local_first = 0 if row.hit.reach != Reach.ENGLAND else 1
        if sort == Sort.WAIT:
            return (row.wait is None, row.wait or 0, local_first, distance, name)
        if sort == Sort.NAME:
            return (name,)
        return (local_first, distance, name)

    return sorted(rows, key=key)


def _nearest_locations(filters: Filters, place, miles: int) -> dict[object, tuple[object, float]]:
    """Each filtered service's nearest location within `miles`: service id -> (location id, miles)."""
    box = bounding_box(place.latitude, place.longitude, miles)
    nearest: dict[object, tuple[object, float]] = {}
    for service_id, location_id, lat, lon in candidates_in_box(filters, box):
        distance = haversine_miles(place.latitude, place.longitude, lat, lon)
        if distance <= miles and (service_id not in nearest or distance < nearest[service_id][1]):
            nearest[service_id] = (location_id, distance)
    return nearest


def _facts(service_ids: list) -> dict[object, tuple]:
    """id -> (name, usual wait, covers England, radius) for ranking; by key, in chunks SQLite accepts."""
    facts = {}
    for start in range(0, len(service_ids), IN_CHUNK):
        rows = (
            Service.objects.filter(pk__in=service_ids[start : start + IN_CHUNK])
            .order_by()
            .values_list("id", "name", "typical_wait_days", "covers_england", "radius_miles")
        )
        facts.update((service_id, rest) for service_id, *rest in rows)
    return facts


def _area_wide(filters: Filters, place) -> dict[object, _Ranked]:
    """Filtered services covering the place's local authority, then those available across England."""
    found: dict[object, _Ranked] = {}
    if place.local_authority_code:
        local = (
            ServiceCoverage.objects.filter(
                *_probes(filters, "service_id"), local_authority_code=place.local_authority_code
            )
            .order_by()
            .values_list("service_id", "service__name", "service__typical_wait_days")
        )
        for service_id, name, wait in local:
            found[service_id] = _Ranked(Hit(service_id, Reach.AREA, covers_place=True), name, wait)
    # Shaped like the others (the filters as a probe), so the partial index of England-wide services
    # is where it starts: written straight on the row, SQLite reads every service instead.
    england = (
        Service.objects.filter(*_probes(filters, "pk"), covers_england=True)
        .order_by()
        .values_list("id", "name", "typical_wait_days")
    )
    for service_id, name, wait in england:
        found.setdefault(service_id, _Ranked(Hit(service_id, Reach.ENGLAND, covers_place=True), name, wait))
    return found


def _ranked_near(filters: Filters, place, miles: int, sort: Sort) -> tuple[list[Hit], dict[str, int]]:
    nearest = _nearest_locations(filters, place, miles)
    facts = _facts(list(nearest))
    area = _area_wide(filters, place)
    near_rows = []
    for service_id, (location_id, distance) in nearest.items():
        name, wait, england, radius = facts[service_id]
        hit = Hit(service_id, Reach.NEARBY, distance, location_id)
        if england or service_id in area or (radius is not None and distance <= radius):
            hit.covers_place = True
        elif radius is not None:
            hit.covers_place = False
        near_rows.append(_Ranked(hit, name, wait))
    far_rows = [row for service_id, row in area.items() if service_id not in nearest]
    hits = [row.hit for row in (*_order(near_rows, sort), *_order(far_rows, sort))]
    return hits, {"nearby": len(near_rows), "area": len(far_rows)}


def _load(hits: list[Hit]) -> None:
    """Attach the page's services and nearest locations: two queries, however long the page."""
    by_id = Service.objects.select_related("organisation").in_bulk([hit.service_id for hit in hits])
    locations = Location.objects.in_bulk([hit.location_id for hit in hits if hit.location_id])
    for hit in hits:
        hit.service = by_id[hit.service_id]
        hit.location = locations.get(hit.location_id)
    # A nearby service with no radius and no named areas covering the place: does it name areas at all?
    unsure = [hit.service_id for hit in hits if hit.reach == Reach.NEARBY and hit.covers_place is None]
    if unsure:
        naming_areas = set(
            ServiceCoverage.objects.filter(service_id__in=unsure).values_list("service_id", flat=True)
        )
        for hit in hits:
            if hit.service_id in naming_areas and hit.covers_place is None:
                hit.covers_place = False


def locate(postcode: str):
    """(place, None) for a postcode in England; (None, nation) elsewhere. PostcodeError if it is not one."""
    parsed = parse_postcode(postcode)
    try:
        place = get_geocoder().locate(str(parsed))
    except PostcodeNotFound:
        # The gazetteer may not hold the Isle of Man or the Channel Islands, but their letters say where.
        nation = nation_of(parsed.outward)
        if nation != Country.ENGLAND:
            return None, nation
        raise
    if place.country != Country.ENGLAND:
        return None, Country(place.country)
    return place, None


def search(
    filters: Filters,
    *,
    postcode: str = "",
    place=None,
    miles: int = DEFAULT_MILES,
    sort: Sort = Sort.NEAREST,
    page: int | str = 1,
    per_page: int = PAGE_SIZE,
) -> Results:
    """Search the directory near a postcode, or a place already found (a town, say).

    Raises geography.postcodes.PostcodeError for text that is not a postcode."""
    results = Results(miles=miles, sort=sort)
    if place is not None or postcode.strip():
        if place is not None:
            results.place = place
        else:
            results.place, results.elsewhere = locate(postcode)
        if results.elsewhere:
            return results
        hits, results.counts = _ranked_near(filters, results.place, miles, sort)
        results.page = Paginator(hits, per_page).get_page(page)
        _load(results.page.object_list)
        return results

    order = [F("typical_wait_days").asc(nulls_last=True), "name"] if sort == Sort.WAIT else ["name"]
    services = filtered_services(filters).order_by(*order, "id").values_list("id", flat=True)
    results.page = Paginator(services, per_page).get_page(page)
    results.page.object_list = [Hit(service_id) for service_id in results.page.object_list]
    _load(results.page.object_list)
    results.counts = {"all": results.page.paginator.count}
    return results
