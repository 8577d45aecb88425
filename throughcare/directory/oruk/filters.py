"""The list endpoints' filters: text, taxonomy, organisation, date and place.

Place follows the HSDS API: `postcode` alone returns what covers that postcode (the service's areas,
all of England, or its distance from one of its locations); with `proximity`, in metres as the
OpenAPI says, what has a location within that distance of the postcode's centre, nearest first.
Distances use the geography app: a bounding box the database filters on with its coordinate index,
then the exact great-circle distance for the rows inside it.
"""

import math
from datetime import UTC, datetime, time
from uuid import UUID

from django.db.models import Q, QuerySet

from throughcare.directory.models import (
    Attribute,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCoverage,
)
from throughcare.directory.oruk import facts
from throughcare.directory.oruk.attributes import AREA_FACTS, VOCABULARY_TERMS
from throughcare.directory.oruk.paging import ParameterError, chunks
from throughcare.directory.oruk.serialisers import published_services
from throughcare.directory.vocabularies import TIERS
from throughcare.geography.distance import bounding_box, haversine_miles
from throughcare.geography.geocoding import get_geocoder
from throughcare.geography.models import Country
from throughcare.geography.postcodes import PostcodeError

METRES_PER_MILE = 1609.344
MAX_PROXIMITY_METRES = 321_869  # 200 miles: the furthest any service says it travels
ENGLAND = Country.ENGLAND


def matching_words(text: str) -> Q:
    """Every word somewhere in the name or description, in any case."""
    query = Q()
    for word in text.split():
        query &= Q(name__icontains=word) | Q(description__icontains=word)
    return query


def _stored(**lookups) -> Q:
    return Q(id__in=Attribute.objects.filter(link_type="service", **lookups).values("link_id"))


def _with_terms(**lookups) -> Q:
    return Q(id__in=Service.terms.through.objects.filter(**lookups).values("service_id"))


def _with_fact(fact: facts.Fact) -> Q:
    """Services that carry a fact's attribute: the same rule the serialiser uses to publish it."""
    if fact.code in AREA_FACTS:
        through = getattr(Service, AREA_FACTS[fact.code]).through
        return Q(id__in=through.objects.values("service_id"))
    if fact.code in ("funding_starts_on", "local_authority_code"):
        # Facts of funding records and locations, not of services: match none.
        return Q(pk__in=[])
    if fact.kind in ("bool", "gender", "risk"):
        return Q()
    if fact.kind == "text":
        return Q(**{f"{fact.code}__gt": ""})
    return Q(**{f"{fact.code}__isnull": False})


def taxonomy_term(term_id: UUID) -> Q:
    """Services with the term, whether held as a column, a coded term or a stored attribute."""
    if term_id in facts.BY_TERM_ID:
        return _with_fact(facts.BY_TERM_ID[term_id])
    vocabulary_and_code = VOCABULARY_TERMS.get(term_id)
    if vocabulary_and_code and vocabulary_and_code[0] is TIERS:
        return Q(tier=vocabulary_and_code[1])
    return _with_terms(taxonomyterm_id=term_id) | _stored(taxonomy_term_id=term_id)


def taxonomy(taxonomy_id: UUID) -> Q:
    """Services with any term of the taxonomy."""
    if taxonomy_id == TIERS.id:
        return Q(tier__in=TIERS.codes)
    if taxonomy_id == facts.FACTS_TAXONOMY_ID:
        return Q()  # every service carries its eligibility facts
    return _with_terms(taxonomyterm__taxonomy_id=taxonomy_id) | _stored(
        taxonomy_term__taxonomy_id=taxonomy_id
    )


def proximity_miles(metres: float | None, postcode: str) -> float | None:
    if metres is None:
        return None
    if not postcode:
        raise ParameterError("proximity", "proximity needs a postcode to measure from.")
    if not 0 < metres <= MAX_PROXIMITY_METRES or math.isnan(metres):
        raise ParameterError("proximity", f"proximity is in metres, from 1 to {MAX_PROXIMITY_METRES}.")
    return metres / METRES_PER_MILE


def locate(postcode: str, *, measuring: bool = False):
    """The postcode's place (its centre and areas), or a ParameterError saying what is wrong.

    GeocoderUnavailable (a postcode service that cannot be reached) passes up: the API answers 503.
    """
    try:
        place = get_geocoder().locate(postcode)
    except PostcodeError as exc:
        raise ParameterError("postcode", str(exc)) from exc
    if measuring and (place.latitude is None or place.longitude is None):
        raise ParameterError(
            "postcode", f"We do not know where {postcode.strip().upper()} is, to measure from."
        )
    return place


def _distances(place, miles: float) -> dict[UUID, float]:
    """Every location within `miles` of the place, with its distance: the box by the coordinate index,
    then the exact distance for the locations in it."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(place.latitude, place.longitude, miles)
    rows = Location.objects.filter(
        latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon)
    ).values_list("id", "latitude", "longitude")
    found = {}
    for location_id, latitude, longitude in rows:
        distance = haversine_miles(place.latitude, place.longitude, latitude, longitude)
        if distance <= miles:
            found[location_id] = distance
    return found


def _links_within(services: QuerySet[Service], place, miles: float) -> list[tuple[float, str, UUID, UUID]]:
    """(distance, link id text, link id, service id) of the matching services' links within `miles`.

    Driven from the locations found, in chunks: left to itself, the database would start from the
    (filtered) services and look up every one of their locations.
    """
    distances = _distances(place, miles)
    links = []
    for chunk in chunks(list(distances)):
        links += ServiceAtLocation.objects.filter(location_id__in=chunk).values_list(
            "id", "service_id", "location_id"
        )
    candidates = list({service_id for _id, service_id, _location in links})
    matching = set()
    for chunk in chunks(candidates):
        matching.update(services.filter(id__in=chunk).values_list("id", flat=True))
    return [
        (distances[location_id], str(link_id), link_id, service_id)
        for link_id, service_id, location_id in links
        if service_id in matching
    ]


def services_near(services: QuerySet[Service], place, miles: float) -> list[UUID]:
    """Ids of the services with a location within `miles` of the place, nearest first."""
    nearest: dict[UUID, float] = {}
    for distance, _key, _link_id, service_id in _links_within(services, place, miles):
        nearest[service_id] = min(distance, nearest.get(service_id, math.inf))
    return sorted(nearest, key=lambda service_id: (nearest[service_id], str(service_id)))


def links_near(services: QuerySet[Service], place, miles: float) -> list[UUID]:
    """Ids of the matching services' service-at-locations within `miles` of the place, nearest first."""
    return [link_id for _distance, _key, link_id, _service in sorted(_links_within(services, place, miles))]


def covering(services: QuerySet[Service], place) -> Q:
    """Services available at the place: all of England, one of its areas, or within their distance."""
    query = Q(pk__in=[])
    if place.country == ENGLAND:
        query |= Q(covers_england=True)
    if place.local_authority_code:
        query |= Q(
            id__in=ServiceCoverage.objects.filter(local_authority_code=place.local_authority_code).values(
                "service_id"
            )
        )
    travelling = services.filter(radius_miles__isnull=False)
    if place.latitude is not None and place.longitude is not None and travelling.exists():
        # Few services travel, so start from theirs: each location's distance against its own radius.
        rows = ServiceAtLocation.objects.filter(service__in=travelling, location__latitude__isnull=False)
        within = {
            service_id
            for service_id, radius, latitude, longitude in rows.values_list(
                "service_id", "service__radius_miles", "location__latitude", "location__longitude"
            )
            if haversine_miles(place.latitude, place.longitude, latitude, longitude) <= radius
        }
        query |= Q(id__in=within)
    return query


# RFC 5545 day codes, as HSDS schedules store them in `byday`, and the English names people type.
DAY_CODES = {
    "MO": "monday",
    "TU": "tuesday",
    "WE": "wednesday",
    "TH": "thursday",
    "FR": "friday",
    "SA": "saturday",
    "SU": "sunday",
}
_DAY_BY_TEXT = {
    **{code: code for code in DAY_CODES},
    **{name.upper(): code for code, name in DAY_CODES.items()},
}


def day_code(text: str) -> str:
    """The RFC 5545 code for a day given as a code (MO) or a name (Monday), or a ParameterError."""
    code = _DAY_BY_TEXT.get(text.strip().upper())
    if code is None:
        raise ParameterError(
            "day", f"day must be a day of the week, as a name (Monday) or code ({', '.join(DAY_CODES)})."
        )
    return code


def open_at(*, day: str = "", start_time: time | None = None, end_time: time | None = None) -> Q | None:
    """Services with one schedule (theirs or one of their locations') that is on `day`, opens at or
    after `start_time` and closes at or before `end_time`; None when no schedule filter was asked for.
    A service without schedules is not known to be open then, so it is left out."""
    if not day and start_time is None and end_time is None:
        return None
    schedules = Schedule.objects.all()
    if day:
        schedules = schedules.filter(byday__contains=day_code(day))
    # Opening times are the service's own clock times: a zone given with one is set aside (a database
    # cannot compare a time with a zone to one without).
    if start_time is not None:
        schedules = schedules.filter(opens_at__gte=start_time.replace(tzinfo=None))
    if end_time is not None:
        schedules = schedules.filter(closes_at__lte=end_time.replace(tzinfo=None))
    at_locations = ServiceAtLocation.objects.filter(id__in=schedules.values("service_at_location_id"))
    return Q(id__in=schedules.filter(service__isnull=False).values("service_id")) | Q(
        id__in=at_locations.values("service_id")
    )


def ages(minimum_age: int | None, maximum_age: int | None) -> Q:
    """As the ORUK API defines them: a minimum age of at least `minimum_age`, a maximum age of at most
    `maximum_age`. A service that sets no such limit does not match a filter on it."""
    query = Q()
    if minimum_age is not None:
        query &= Q(minimum_age__gte=minimum_age)
    if maximum_age is not None:
        query &= Q(maximum_age__lte=maximum_age)
    return query


def _since(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)  # a time without a zone is taken as UTC
    return moment


def filtered_services(
    *,
    search,
    taxonomy_term_id,
    taxonomy_id,
    organization_id,
    modified_after,
    postcode,
    proximity,
    minimum_age=None,
    maximum_age=None,
    day="",
    start_time=None,
    end_time=None,
):
    """(published services matching the filters, ids in distance order when `proximity` was given)."""
    services = published_services()
    if search.strip():
        services = services.filter(matching_words(search))
    if taxonomy_term_id:
        services = services.filter(taxonomy_term(taxonomy_term_id))
    if taxonomy_id:
        services = services.filter(taxonomy(taxonomy_id))
    if organization_id:
        services = services.filter(organisation_id=organization_id)
    if modified_after:
        services = services.filter(updated_at__gte=_since(modified_after))
    services = services.filter(ages(minimum_age, maximum_age))
    opening = open_at(day=day, start_time=start_time, end_time=end_time)
    if opening is not None:
        services = services.filter(opening)
    miles = proximity_miles(proximity, postcode.strip())
    if not postcode.strip():
        return services, None
    place = locate(postcode, measuring=miles is not None)
    if miles is None:
        return services.filter(covering(services, place)), None
    return services, services_near(services, place, miles)
