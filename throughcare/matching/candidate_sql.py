"""Matching's three queries, written as SQL rather than built through the ORM on every match.

Why: building them through the ORM on every match (cloning querysets, resolving lookups,
compiling three statements, one with a union of three) cost about as much as a third of the time
the database took to run them. They are simple enough to read as SQL, use only syntax SQLite and
PostgreSQL share (the one difference, finding text in text, is chosen by vendor), and are run by
every matching test on both databases. Ids travel as the database's own text (ADR 9).
"""

from django.db import connection

from throughcare.directory import term_codes
from throughcare.directory.models import (
    DirectoryOrganisation,
    Language,
    Service,
    ServiceCoverage,
    ServiceStatus,
)
from throughcare.directory.service_facts import MATCHED
from throughcare.directory.vocabularies import NEEDS
from throughcare.matching.match_points import AREA, POINT, bits_of

SERVICE = Service._meta.db_table
ORGANISATION = DirectoryOrganisation._meta.db_table
COVERAGE = ServiceCoverage._meta.db_table
LANGUAGE = Language._meta.db_table

# The facts matching reads about each service (the ORM's names), in ServiceFacts order, and the
# columns that hold them; term_codes last. Which facts, and their order, is declared once in
# directory/service_facts.py.
FACT_FIELDS = (
    "id",
    "name",
    "organisation__name",
    *(name for name in MATCHED if name != "name"),
    "term_codes",
)
FACT_COLUMNS = tuple("o.name" if name == "organisation__name" else f"s.{name}" for name in FACT_FIELDS[1:])


# The ways a service is within reach, as rows of (id, works with the needs, covers England), with
# repeats: a place inside the box, covering the local authority, covering all of England. The first two
# come from matching's own derived tables (match_points.py), which hold only published services and
# their needs as bits, so the database answers from one index range each, never probing a service by id
# (ADR 50). England-wide services come from their own small index (service_england_match_idx), and only
# when they work with the needs; the others are counted there (ADR 42).
_NEAR = (
    f"SELECT p.service_id AS id, {{works}} AS works, p.covers_england AS england FROM {POINT} p"  # noqa: S608
    " WHERE p.latitude BETWEEN %s AND %s AND p.longitude BETWEEN %s AND %s UNION ALL "
)
_COVERING = (
    f"SELECT a.service_id AS id, {{works}} AS works, a.covers_england AS england FROM {AREA} a"  # noqa: S608
    " WHERE a.local_authority_code = %s"
    f" UNION ALL SELECT e.id, 1 = 1, e.covers_england FROM {SERVICE} e"
    " WHERE e.covers_england AND e.status = %s AND e.is_public AND {england_works}"
)


def _contains(column: str) -> str:
    return f"instr({column}, %s) > 0" if connection.vendor == "sqlite" else f"strpos({column}, %s) > 0"


def _one_of(column: str, ids: list[str]) -> tuple[str, list]:
    """SQL true when `column` (a service id) is one of `ids`, and its parameters.

    On PostgreSQL the ids go as one text parameter, which the server splits into a UUID array. As an
    IN list of hundreds of placeholders (up to about 1,200 in London), each statement was too long for
    psycopg's cache of parsed statements, so it found and quoted every placeholder again, and
    PostgreSQL parsed each literal. A Python list as the parameter saved only part of that, since
    psycopg's array dumper checks each element with a regular expression. One string is quoted once.
    The ids are the database's own text for UUIDs (hex digits and hyphens), so no comma occurs in one.
    The planner folds the split to a constant array, which is what it makes of `IN (...)` too, so the
    plans are the same. SQLite has no arrays, and its IN list is cheap in-process (ADR 46).
    """
    if connection.vendor == "postgresql":
        return f"{column} = ANY(CAST(string_to_array(%s, ',') AS uuid[]))", [",".join(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _works_with_needs(alias: str, need_codes) -> tuple[str, list]:
    """SQL true when the service `alias` works with at least one of the needs (always, with none)."""
    if not need_codes:
        return "1 = 1", []
    codes = sorted(set(need_codes) & NEEDS.codes)
    sql = " OR ".join(_contains(f"{alias}.term_codes") for _ in codes) or "1 = 0"
    return f"({sql})", [term_codes.token(NEEDS.code, code) for code in codes]


def _has_bits(alias: str, need_codes) -> str:
    """SQL true when the derived row `alias` works with at least one of the needs (always, with none)."""
    if not need_codes:
        return "1 = 1"
    return f"({alias}.need_bits & {bits_of(need_codes)}) <> 0"  # a number made here, never the input


def candidates(box, local_authority_code: str, need_codes) -> tuple[str, list]:
    """(id, works with at least one of the needs, covers England) of each published service within
    reach, once each, leaving out England-wide services that work with none of the needs (see
    `england_wide_not_addressing`, which counts them). Read from indexes alone."""
    england_works, england_params = _works_with_needs("e", need_codes)
    within_reach = (_NEAR.format(works=_has_bits("p", need_codes)) if box else "") + _COVERING.format(
        works=_has_bits("a", need_codes), england_works=england_works
    )
    sql = f"SELECT DISTINCT CAST(c.id AS text), c.works, c.england FROM ({within_reach}) c"  # noqa: S608
    params = [*(box or ()), local_authority_code or "-", ServiceStatus.ACTIVE.value, *england_params]
    return sql, params


def england_wide_not_addressing(need_codes) -> tuple[str, list]:
    """How many published England-wide services work with none of the needs: from their index alone."""
    works, params = _works_with_needs("e", need_codes)
    sql = (
        f"SELECT COUNT(*) FROM {SERVICE} e"  # noqa: S608 - no values
        f" WHERE e.covers_england AND e.status = %s AND e.is_public AND NOT {works}"
    )
    return sql, [ServiceStatus.ACTIVE.value, *params]


def candidates_summed(box, local_authority_code: str, need_codes) -> tuple[str, list]:
    """PostgreSQL: `candidates` and `england_wide_not_addressing` as one statement of one row: the ids
    of the candidates that work with the needs, comma-joined (as `_one_of` takes them), and how many
    services within reach work with none of the needs.

    The same two queries, summed up by the server: a London match sent back up to about 6,500 candidate
    rows for psycopg to turn into tuples, most only to be counted, and the count was a second round trip.
    SQLite runs in-process, so its rows cost little, and it keeps the two queries.
    """
    within, params = candidates(box, local_authority_code, need_codes)
    england, england_params = england_wide_not_addressing(need_codes)
    sql = (
        "SELECT string_agg(w.id, ',') FILTER (WHERE w.works),"  # noqa: S608 - no values
        f" COUNT(*) FILTER (WHERE NOT w.works AND NOT w.england) + ({england})"
        f" FROM ({within}) w (id, works, england)"
    )
    return sql, [*england_params, *params]  # in the order their placeholders come


def facts(service_ids: list[str], local_authority_code: str) -> tuple[str, list]:
    """Each service's facts, then whether it names areas at all, then whether it covers this one."""
    among, ids = _one_of("s.id", service_ids)
    sql = (
        f"SELECT CAST(s.id AS text), {', '.join(FACT_COLUMNS)},"  # noqa: S608 - no values
        f" EXISTS (SELECT 1 FROM {COVERAGE} c WHERE c.service_id = s.id),"
        f" EXISTS (SELECT 1 FROM {COVERAGE} c WHERE c.service_id = s.id AND c.local_authority_code = %s)"
        f" FROM {SERVICE} s JOIN {ORGANISATION} o ON o.id = s.organisation_id"
        f" WHERE {among}"
    )
    return sql, [local_authority_code or "-", *ids]


def locations(service_ids: list[str]) -> tuple[str, list]:
    """(service id, latitude, longitude, postcode) of every located place of these published services,
    from the derived points' index alone (match_point_service_idx)."""
    among, ids = _one_of("p.service_id", service_ids)
    sql = (
        f"SELECT CAST(p.service_id AS text), p.latitude, p.longitude, p.postal_code FROM {POINT} p"  # noqa: S608
        f" WHERE {among}"
    )
    return sql, ids


def speaking(service_ids: list[str], language: str) -> tuple[str, list]:
    """Which of these services offer sessions in `language` (by name, any case): asked once per match,
    and only when the person has a language need."""
    among, ids = _one_of("g.service_id", service_ids)
    sql = (
        f"SELECT DISTINCT CAST(g.service_id AS text) FROM {LANGUAGE} g"  # noqa: S608 - no values
        f" WHERE lower(g.name) = lower(%s) AND {among}"
    )
    return sql, [language.strip(), *ids]
