"""What matching needs to know about each candidate service, loaded in a few set-based queries.

Matching never loads the whole directory: it takes the services with a location inside a bounding
box around the person, those covering their local authority, and those covering all of England.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from types import MappingProxyType

from django.db import connection

from throughcare.directory import term_codes
from throughcare.directory.service_facts import BY_NAME, MATCHED, Kind
from throughcare.geography.distance import bounding_box, miles_from
from throughcare.matching import candidate_sql
from throughcare.matching.candidate_sql import FACT_FIELDS


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
    terms: Mapping[str, frozenset[str]] = field(default_factory=dict)
    covers_place: bool = False
    has_coverage_areas: bool = False
    distance_miles: float | None = None
    nearest_postcode: str = ""
    speaks_language: bool = False  # offers sessions in the person's language (only asked when they have one)

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


def _canonical_id(text: str) -> str:
    """'0123...ef' (SQLite) or '0123...-...' (PostgreSQL) -> the hyphenated form, cheaply."""
    if len(text) == 32:
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return text


@dataclass
class Candidates:
    facts: list[ServiceFacts]
    not_addressing_needs: int  # services within reach that work with none of the needs asked about


def _rows(sql_and_params: tuple[str, list]) -> list[tuple]:
    """The query's rows as the database returns them: the few columns that need converting are
    converted in `_facts_of`, which cost less than Django's converters for every column."""
    sql, params = sql_and_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_date(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _as_datetime(value) -> datetime | None:
    # SQLite keeps UTC as text without an offset; PostgreSQL gives an aware datetime.
    return datetime.fromisoformat(value).replace(tzinfo=UTC) if isinstance(value, str) else value


def load_candidates(reach: Reach, need_codes: list[str] | None = None, language: str = "") -> Candidates:
    """Services within reach. With need codes, only those working with at least one of the needs
    are loaded in full; the rest are counted, since listing hundreds of services that "do not work
    with anxiety" helps nobody, and loading them was most of matching's time."""
    box = None
    if reach.latitude is not None:
        box = bounding_box(reach.latitude, reach.longitude, reach.miles)
    # First which candidates work with the needs (ids and a flag only: the others are just counted),
    # then the facts of those few by id, so no service is read in full unless it may be listed.
    if connection.vendor == "postgresql":  # the same, counted by the server (candidates_summed)
        joined, not_addressing = _rows(
            candidate_sql.candidates_summed(box, reach.local_authority_code, need_codes)
        )[0]
        addressing = joined.split(",") if joined else []
    else:
        addressing, not_addressing = [], 0
        for service_id, addresses, england in _rows(
            candidate_sql.candidates(box, reach.local_authority_code, need_codes)
        ):
            if addresses:
                addressing.append(service_id)
            elif not england:  # England-wide ones are all counted below, near or not
                not_addressing += 1
        not_addressing += _rows(candidate_sql.england_wide_not_addressing(need_codes))[0][0]
    if not addressing:
        return Candidates([], not_addressing)
    facts_rows = _rows(candidate_sql.facts(addressing, reach.local_authority_code))
    nearest = _nearest_locations(reach, box, addressing) if box else {}
    facts = [_facts_of(row, nearest) for row in facts_rows]
    if language:
        speaking = {_canonical_id(row[0]) for row in _rows(candidate_sql.speaking(addressing, language))}
        for fact in facts:
            fact.speaks_language = fact.id in speaking
    return Candidates(facts, not_addressing)


# Where the values the database hands back as it stores them need converting, and how: one list,
# read once per candidate.
_CONVERTERS = {Kind.BOOL: bool, Kind.DATETIME: _as_datetime, Kind.DATE: _as_date}
_CONVERSIONS = tuple(
    (FACT_FIELDS.index(name), _CONVERTERS[BY_NAME[name].kind])
    for name in MATCHED
    if BY_NAME[name].kind in _CONVERTERS
)


# Every distinct terms text read, parsed once per process: the text is the key, so a service whose
# terms change brings a new text and is parsed again; nothing kept can go stale. Parsing was a quarter
# of matching's Python, for hundreds of candidates per match. The national directory (20,033
# services, 20,020 distinct texts) fits within this bound; with the code sets shared between texts
# (about 2,500 of them) it takes about 12 MB. Read-only views, since every match shares them.
TERM_TEXTS_KEPT = 32_768
_CODE_SETS: dict[frozenset[str], frozenset[str]] = {}


@lru_cache(maxsize=TERM_TEXTS_KEPT)
def _terms_of(text: str) -> Mapping[str, frozenset[str]]:
    parsed = term_codes.parse(text)
    if len(_CODE_SETS) > TERM_TEXTS_KEPT:  # sharing only saves memory: never let it grow without end
        _CODE_SETS.clear()
    return MappingProxyType(
        {vocabulary: _CODE_SETS.setdefault(codes, codes) for vocabulary, codes in parsed.items()}
    )


def _facts_of(row: tuple, nearest: dict[str, tuple[float, str]]) -> ServiceFacts:
    *values, term_text, names_areas, covers_place = row
    service_id = values[0]
    for index, convert in _CONVERSIONS:
        values[index] = convert(values[index])
    fact = ServiceFacts(_canonical_id(service_id), *values[1:], terms=_terms_of(term_text))
    fact.covers_place = bool(covers_place)
    fact.has_coverage_areas = bool(names_areas)
    if service_id in nearest:
        fact.distance_miles, fact.nearest_postcode = nearest[service_id]
    return fact


def _nearest_locations(reach: Reach, box, service_ids: list[str]) -> dict[str, tuple[float, str]]:
    """Each service's nearest location to the person, as (miles, postcode): the nearest inside the
    search box when it has one there, otherwise the nearest anywhere. All of a service's locations
    come back in one query, for the services that may be listed only. Ids are the database's text."""
    min_lat, max_lat, min_lon, max_lon = box
    in_box: dict[str, tuple[float, str]] = {}
    elsewhere: dict[str, tuple[float, str]] = {}
    miles_to = miles_from(reach.latitude, reach.longitude)
    for service_id, lat, lon, postcode in _rows(candidate_sql.locations(service_ids)):
        miles = miles_to(lat, lon)
        nearest = in_box if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon else elsewhere
        if service_id not in nearest or miles < nearest[service_id][0]:
            nearest[service_id] = (miles, postcode)
    return elsewhere | in_box
