"""Keeping MatchPoint and MatchArea in step with the directory: database triggers, declared once here.

Why triggers: the directory is written by forms, the API, Open Referral imports (bulk SQL that sends
no Django signal), feeds, queryset updates and cascading deletes. A derived table kept by Python would
have to be refreshed by every one of them, and one forgotten writer would make matching answer
wrongly. A trigger runs for every writer, in the writer's transaction.

Each trigger works a service's rows out again from the directory: published services only (active and
public), located places only, and the needs as bits (`NEED_BITS`, in vocabulary order). The SQL is
written here for SQLite and PostgreSQL, and each trigger's name ends in a digest of all of it.
`install` runs after every `migrate`: when the triggers on the database are not exactly these (the
first time, after the needs vocabulary or this file changes, or after a SQLite migration rebuilt a
directory table, which drops its triggers), it drops the old ones, creates these and rebuilds both
tables from the directory. `out_of_step` compares the tables with the directory, for tests and for
`manage.py match_points`.
"""

import hashlib

from django.db import connections

from throughcare.directory.models import Location, Service, ServiceAtLocation, ServiceCoverage, ServiceStatus
from throughcare.directory.vocabularies import NEEDS
from throughcare.matching.models import MatchArea, MatchPoint

PREFIX = "match_points_"

# One bit per need, in the vocabulary's order. Stored in every row: a change here changes the SQL below,
# so the digest, so `install` rebuilds the tables.
NEED_BITS = {code: 1 << index for index, (code, _name, _description) in enumerate(NEEDS.terms)}

SERVICE = Service._meta.db_table
LOCATION = Location._meta.db_table
LINK = ServiceAtLocation._meta.db_table
COVERAGE = ServiceCoverage._meta.db_table
POINT = MatchPoint._meta.db_table
AREA = MatchArea._meta.db_table

_POINT_COLUMNS = "service_id, location_id, latitude, longitude, postal_code, covers_england, need_bits"
_AREA_COLUMNS = "service_id, local_authority_code, covers_england, need_bits"
_PUBLISHED = f"s.status = '{ServiceStatus.ACTIVE.value}' AND s.is_public"


def bits_of(need_codes) -> int:
    """The bits of these needs (codes not in the vocabulary have none)."""
    return sum(NEED_BITS.get(code, 0) for code in set(need_codes))


def _need_bits(vendor: str) -> str:
    find = "instr" if vendor == "sqlite" else "strpos"
    return " + ".join(
        f"(CASE WHEN {find}(s.term_codes, ' {NEEDS.code}:{code} ') > 0 THEN {bit} ELSE 0 END)"
        for code, bit in NEED_BITS.items()
    )


def _points_derived(vendor: str, where: str) -> str:
    """The points of the published services (or places) that `where` picks, as the directory has them."""
    return (
        "SELECT l.service_id, l.location_id, loc.latitude, loc.longitude, loc.postal_code,"  # noqa: S608 - names from the models
        f" s.covers_england, {_need_bits(vendor)}"
        f" FROM {LINK} l JOIN {LOCATION} loc ON loc.id = l.location_id"
        f" JOIN {SERVICE} s ON s.id = l.service_id"
        f" WHERE {_PUBLISHED} AND loc.latitude IS NOT NULL AND loc.longitude IS NOT NULL AND {where}"
    )


def _areas_derived(vendor: str, where: str) -> str:
    return (
        f"SELECT c.service_id, c.local_authority_code, s.covers_england, {_need_bits(vendor)}"  # noqa: S608
        f" FROM {COVERAGE} c JOIN {SERVICE} s ON s.id = c.service_id WHERE {_PUBLISHED} AND {where}"
    )


def _insert(vendor: str, table: str, columns: str, derived: str) -> str:
    """INSERT the derived rows, skipping any already there. On PostgreSQL two transactions changing the
    same service's links at once each work its rows out again: the second, seeing the first's
    committed links, would otherwise add those places again (each table has a unique key)."""
    if vendor == "sqlite":
        return f"INSERT OR IGNORE INTO {table} ({columns}) {derived}"
    return f"INSERT INTO {table} ({columns}) {derived} ON CONFLICT DO NOTHING"


def _points_of(vendor: str, where: str) -> str:
    return _insert(vendor, POINT, _POINT_COLUMNS, _points_derived(vendor, where))


def _areas_of(vendor: str, where: str) -> str:
    return _insert(vendor, AREA, _AREA_COLUMNS, _areas_derived(vendor, where))


def _delete(table: str, column: str, row: str) -> str:
    return f"DELETE FROM {table} WHERE {column} = {row}"  # noqa: S608 - names and NEW/OLD, from this file


def _refresh_service(vendor: str, row: str, points: bool = True, areas: bool = True) -> list[str]:
    """Statements that work out again the rows of the service `row`.service_id (or `row`.id)."""
    statements = []
    if points:
        statements += [_delete(POINT, "service_id", row), _points_of(vendor, f"s.id = {row}")]
    if areas:
        statements += [_delete(AREA, "service_id", row), _areas_of(vendor, f"s.id = {row}")]
    return statements


def _forget_service(row: str) -> list[str]:
    return [_delete(POINT, "service_id", row), _delete(AREA, "service_id", row)]


# table -> (event -> statements), with NEW and OLD as the row. A service's own facts reach both tables;
# a link or a place, the points; a coverage row, the areas.
def _events(vendor: str) -> dict[str, dict[str, list[str]]]:
    service_columns = "status, is_public, covers_england, term_codes"
    return {
        SERVICE: {
            "INSERT": _refresh_service(vendor, "NEW.id"),
            # An id never changes: the rows kept under the old one go, and the new one's are derived.
            f"UPDATE OF {service_columns}": [*_forget_service("OLD.id"), *_refresh_service(vendor, "NEW.id")],
            "DELETE": _forget_service("OLD.id"),
        },
        LINK: {
            "INSERT": _refresh_service(vendor, "NEW.service_id", areas=False),
            "UPDATE": [
                *_refresh_service(vendor, "OLD.service_id", areas=False),
                *_refresh_service(vendor, "NEW.service_id", areas=False),
            ],
            "DELETE": _refresh_service(vendor, "OLD.service_id", areas=False),
        },
        LOCATION: {
            "UPDATE OF latitude, longitude, postal_code": [
                _delete(POINT, "location_id", "OLD.id"),
                _points_of(vendor, "l.location_id = NEW.id"),
            ],
            "DELETE": [_delete(POINT, "location_id", "OLD.id")],
        },
        COVERAGE: {
            "INSERT": _refresh_service(vendor, "NEW.service_id", points=False),
            "UPDATE": [
                *_refresh_service(vendor, "OLD.service_id", points=False),
                *_refresh_service(vendor, "NEW.service_id", points=False),
            ],
            "DELETE": _refresh_service(vendor, "OLD.service_id", points=False),
        },
    }


def _name(table: str, event: str, digest: str) -> str:
    return f"{PREFIX}{table.split('_', 1)[1]}_{event.split()[0].lower()}_{digest}"


def _digest(events: dict) -> str:
    text = repr(sorted((table, sorted(by_event.items())) for table, by_event in events.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def create_statements(vendor: str) -> dict[str, list[str]]:
    """Trigger name -> the statements that create it (and, on PostgreSQL, its function)."""
    events = _events(vendor)
    digest = _digest(events)
    created = {}
    for table, by_event in events.items():
        for event, statements in by_event.items():
            name = _name(table, event, digest)
            body = "; ".join(statements)
            if vendor == "sqlite":
                trigger = f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {body}; END"
                created[name] = [trigger]
            else:
                created[name] = [
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                    f" BEGIN {body}; RETURN NULL; END $$",
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
                ]
    return created


def _installed(cursor, vendor: str) -> dict[str, str]:
    """Trigger name -> its table, of this module's triggers on the database."""
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{PREFIX}%"]
        )
    else:
        cursor.execute(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal AND t.tgname LIKE %s",
            [f"{PREFIX}%"],
        )
    return dict(cursor.fetchall())


def triggers_in_place(using: str = "default") -> bool:
    """Whether exactly this module's triggers are on the database."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return set(_installed(cursor, connection.vendor)) == set(create_statements(connection.vendor))


def rebuild(using: str = "default") -> None:
    """Work both tables out again from the whole directory."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {POINT}")  # noqa: S608 - table names from the models
        cursor.execute(f"DELETE FROM {AREA}")  # noqa: S608
        cursor.execute(_points_of(connection.vendor, "1 = 1"))
        cursor.execute(_areas_of(connection.vendor, "1 = 1"))


def install(using: str = "default") -> bool:
    """Put this module's triggers on the database unless exactly they are there, and then rebuild the
    tables. True when it did. Run after every migrate (apps.py).

    When the tables are not there (a migrate that stopped short of them, or took matching back before
    them), any of these triggers are dropped instead: they would make every write to the directory
    fail on a missing table."""
    connection = connections[using]
    vendor = connection.vendor
    tables_there = {POINT, AREA} <= set(connection.introspection.table_names())
    wanted = create_statements(vendor) if tables_there else {}
    with connection.cursor() as cursor:
        installed = _installed(cursor, vendor)
        if set(installed) == set(wanted):
            return False
        for name, table in installed.items():
            if vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            else:
                cursor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        for statements in wanted.values():
            for statement in statements:
                cursor.execute(statement)
    if tables_there:
        rebuild(using)
    return tables_there


def out_of_step(using: str = "default") -> dict[str, int]:
    """How many rows of each table differ from the directory (kept but not derived, or the reverse)."""
    connection = connections[using]
    vendor = connection.vendor
    found = {}
    for table, derived, columns in (
        (POINT, _points_derived(vendor, "1 = 1"), _POINT_COLUMNS),
        (AREA, _areas_derived(vendor, "1 = 1"), _AREA_COLUMNS),
    ):
        kept = f"SELECT {columns} FROM {table}"  # noqa: S608
        with connection.cursor() as cursor:
            # Rows in one and not the other (EXCEPT compares sets), and any difference in how many.
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM ({kept} EXCEPT {derived}) a)"  # noqa: S608
                f" + (SELECT COUNT(*) FROM ({derived} EXCEPT {kept}) b)"
                f" + ABS((SELECT COUNT(*) FROM ({kept}) c) - (SELECT COUNT(*) FROM ({derived}) d))"
            )
            found[table] = cursor.fetchone()[0]
    return found
