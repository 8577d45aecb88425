"""Writing many rows at once: one prepared INSERT or UPDATE, run for every row with executemany.

A national import writes hundreds of thousands of rows. Django's bulk_create puts at most 999
parameters into one statement on SQLite (28 services at a time), compiles each batch afresh and
stamps `auto_now` fields with the time now; bulk_update writes a CASE WHEN per field and row. These
two helpers send one statement, prepared once, with each row's values prepared by the model's own
fields exactly as Django would prepare them. Constraints still apply: the database raises the
same IntegrityError for a bad row.
"""

from django.db import connections, router
from django.utils import timezone


def _connection(model):
    return connections[router.db_for_write(model)]


def _value(field, instance, connection, now):
    value = getattr(instance, field.attname)
    if value is None and (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)):
        value = now  # created_at and updated_at not given: now, as Django would stamp them
    return field.get_db_prep_save(value, connection)


def insert(model, instances) -> None:
    """INSERT each instance, every concrete field as the instance holds it."""
    if not instances:
        return
    connection = _connection(model)
    quote = connection.ops.quote_name
    # An auto-incrementing key (join tables) is left to the database to number.
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and "AutoField" in f.get_internal_type())
    ]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    now = timezone.now()
    rows = [[_value(field, instance, connection, now) for field in fields] for instance in instances]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def update(model, instances, field_names) -> None:
    """UPDATE the named fields of each instance, by primary key."""
    if not instances:
        return
    connection = _connection(model)
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    pk = model._meta.pk
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"  # noqa: S608
    now = timezone.now()
    rows = [
        [_value(field, instance, connection, now) for field in fields]
        + [pk.get_db_prep_value(instance.pk, connection)]
        for instance in instances
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
