"""Plain multi-row inserts for national-scale demo data, where building model objects would take minutes.

`RowWriter` fills every column a model has: the columns the caller gives vary per row, the rest take
the field's default once. Values are converted for the database by field type the way Django would
(UUIDs, dates and times differ between SQLite and PostgreSQL), and `auto_now` timestamps are taken
as given, so generated history keeps its own dates. Rows go in with `executemany`, in batches.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import UTC

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin

BATCH = 5000
# SQLite page cache while a national seed writes: room for the indexes being filled, so pages are
# not spilled to the write-ahead log and rewritten again and again (1 GiB; memory, not disk).
SEED_CACHE_KIB = 1_048_576


@contextmanager
def roomy_cache():
    """A larger SQLite page cache for the duration, then the connection's own setting again."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SEED_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def indexes_built_afterwards(*tables: type[models.Model]):
    """On SQLite, drop the models' secondary indexes while their rows go in and build each once after.

    Building an index from a million finished rows is one sort; keeping it up to date row by row
    means a million inserts at random places in it, several times slower. Unique indexes are
    checked when they are built again, so a duplicate still fails the seed. Elsewhere, nothing.
    """
    if connection.vendor != "sqlite":
        yield
        return
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(names))
        query = f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({placeholders})"  # noqa: S608
        cursor.execute(f"{query} AND sql IS NOT NULL ORDER BY name", names)
        saved = cursor.fetchall()
        for name, _sql in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    # Not in a `finally`: after a failure the seed's transaction rolls back, indexes included.
    with connection.cursor() as cursor:
        for _name, sql in saved:
            cursor.execute(sql)


def _converter(field: models.Field) -> Callable[[object], object]:
    ops = connection.ops
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.UUIDField):
        if connection.vendor == "sqlite":
            return lambda value: None if value is None else value.hex
        return lambda value: value
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "sqlite" and connection.timezone == UTC:
            # What adapt_datetimefield_value gives, without its per-call settings look-ups, which
            # cost more than the rest of a row.
            return lambda value: None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, (models.JSONField,)):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


class RowWriter:
    """Collects rows for one model and writes them in batches.

    `columns` names the fields each row gives, in order (a list, or one string separated by spaces).
    `parent` is the writer of the rows these refer to: its rows are written first, so no row ever
    waits for its parent. (SQLite checks deferred foreign keys by searching the child table for
    every parent row inserted while any child is waiting: without the child's index, a full scan.)
    """

    def __init__(
        self,
        model: type[models.Model],
        columns: Iterable[str] | str,
        *,
        on_write=None,
        parent: "RowWriter | None" = None,
    ):
        self.parent = parent
        self.model = model
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
        # A foreign key may be named as its field ("person") or its column's attribute ("person_id").
        by_name = {f.name: f for f in fields} | {f.attname: f for f in fields}
        self.columns = columns.split() if isinstance(columns, str) else list(columns)
        unknown = set(self.columns) - set(by_name)
        if unknown:
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        given = set(self.columns)
        self.template = [
            None if {f.name, f.attname} & given else _converter(f)(f.get_default()) for f in fields
        ]
        position = {name: n for n, f in enumerate(fields) for name in (f.name, f.attname)}
        self.slots = [(position[name], _converter(by_name[name])) for name in self.columns]
        quote = connection.ops.quote_name
        # Only quoted table and column names are joined in; every value is a query parameter.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(model._meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        self.pending: list[list] = []
        self.written = 0
        self.on_write = on_write

    def add(self, *values) -> None:
        row = self.template.copy()
        for (slot, convert), value in zip(self.slots, values, strict=True):
            row[slot] = convert(value)
        self.pending.append(row)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        if self.parent:
            self.parent.flush()
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, self.pending)
        self.written += len(self.pending)
        if self.on_write:
            self.on_write(len(self.pending))
        self.pending = []
