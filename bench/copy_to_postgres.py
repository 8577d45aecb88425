"""Copy a Throughcare SQLite database into PostgreSQL, quickly, so benchmarks can run on PostgreSQL at
national scale without seeding it there (which is much slower):

    python -m bench.copy_to_postgres SQLITE_PATH POSTGRES_URL [--replace]

The target database is created (dropped and created again with --replace; an existing one is refused
without it), migrated by Django, emptied of whatever migrating put in (content types, permissions),
then loaded table by table with COPY in one transaction. The SQLite file is only read.

No value needs converting: COPY's text form is parsed by PostgreSQL's own input functions, which
accept what SQLite holds for Django (0/1 for booleans, naive UTC text for datetimes read in the UTC
session set here, 32 hex digits for UUIDs, JSON as text). tests/test_bench_copy_to_postgres.py
checks each round-trips through the ORM.
"""

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

# Rows fetched from SQLite at a time: enough to keep the loop busy, little memory at national scale.
FETCH_ROWS = 20_000


def create_database(postgres_url: str, *, replace: bool) -> None:
    """Create the target database (after dropping it, with `replace`), through the server's `postgres`
    database; an existing one is refused without `replace`, so nothing is overwritten by mistake."""
    parts = urlsplit(postgres_url)
    name = parts.path.lstrip("/")
    maintenance_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance_url, autocommit=True) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not replace:
            sys.exit(f"Database {name} already exists: pass --replace to drop and re-create it.")
        if exists:
            server.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrate(postgres_url: str) -> None:
    """Django, pointed at the target, makes its tables exactly as a PostgreSQL deployment has them."""
    os.environ["DATABASE_URL"] = postgres_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def model_tables() -> dict[str, list[str]]:
    """Every table Django's models keep, many-to-many link tables included, with its columns."""
    from django.apps import apps

    tables: dict[str, list[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        tables[model._meta.db_table] = [field.column for field in model._meta.local_concrete_fields]
    return tables


def drop_plain_indexes(cursor: psycopg.Cursor, tables: list[str]) -> list[str]:
    """Drop the tables' indexes that no constraint stands on, returning the statements that make them
    again: built once over all the rows, an index costs a fraction of keeping it up to date row by
    row (about four times faster loading of the referrals). Primary keys and unique constraints stay,
    as foreign keys depend on them."""
    cursor.execute(
        """
        SELECT index.indexrelid::regclass::text, pg_get_indexdef(index.indexrelid)
        FROM pg_index AS index JOIN pg_class AS tab ON tab.oid = index.indrelid
        WHERE tab.relnamespace = current_schema()::regnamespace AND tab.relname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = index.indexrelid)
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(name)))
    return [definition for _name, definition in indexes]


def copy_table(source: sqlite3.Connection, target: psycopg.Cursor, table: str, columns: list[str]) -> int:
    """Stream one table's rows from SQLite into PostgreSQL with COPY; returns how many.

    FREEZE writes the rows already visible to all (the table was emptied in this transaction), as a
    VACUUM would: the first benchmark reading them does not pay for marking them."""
    quoted = ", ".join(f'"{column}"' for column in columns)
    rows = source.execute(f'SELECT {quoted} FROM "{table}"')  # noqa: S608 - names from Django's models
    statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FREEZE)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    count = 0
    with target.copy(statement) as copy:
        while batch := rows.fetchmany(FETCH_ROWS):
            for row in batch:
                copy.write_row(row)
            count += len(batch)
    return count


def copy_database(sqlite_path: str, postgres_url: str, *, replace: bool = False, out=sys.stdout) -> dict:
    """Make `postgres_url` a PostgreSQL copy of the Throughcare SQLite database at `sqlite_path`;
    returns the rows copied per table."""
    started = time.perf_counter()
    create_database(postgres_url, replace=replace)
    migrate(postgres_url)
    from django.core.management.color import no_style
    from django.db import connection, transaction

    print(f"Created and migrated in {time.perf_counter() - started:.1f}s", file=out)
    tables = model_tables()
    read_only = f"{Path(sqlite_path).resolve().as_uri()}?mode=ro"
    source = sqlite3.connect(read_only, uri=True, isolation_level=None)
    # One read transaction for every table: a benchmark writing to the file meanwhile cannot leave the
    # copy with rows from two moments (a transition without its referral).
    source.execute("BEGIN")
    in_source = {name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    left_out = in_source - set(tables) - {"django_migrations", "sqlite_sequence"}
    if left_out:
        print(f"Not copied (no model keeps them): {', '.join(sorted(left_out))}", file=out)
    copied: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, for COPY
        # Replica role: no foreign key or trigger fires while rows arrive in whatever order.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        cursor.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY").format(
                sql.SQL(", ").join(map(sql.Identifier, sorted(tables)))
            )
        )
        index_definitions = drop_plain_indexes(cursor, sorted(tables))
        for table in sorted(tables):
            if table not in in_source:
                print(f"  {table:<48} not in the SQLite database: left empty", file=out)
                continue
            table_started = time.perf_counter()
            copied[table] = copy_table(source, cursor, table, tables[table])
            print(
                f"  {table:<48} {copied[table]:>10,} rows {time.perf_counter() - table_started:8.1f}s",
                file=out,
            )
        indexes_started = time.perf_counter()
        # Sorting for an index build is done in memory when it fits (the server's default is 64 MB).
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for definition in index_definitions:
            cursor.execute(definition)
        print(
            f"  {f'{len(index_definitions)} indexes made again':<48} {'':>15} "
            f"{time.perf_counter() - indexes_started:8.1f}s",
            file=out,
        )
        # Identity columns carry on after the highest key copied, as if the rows were inserted.
        from django.apps import apps

        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        # No trigger fired while the directory arrived (the replica role above): matching's derived
        # tables are as the file held them, which is right unless it held none or stale ones.
        from throughcare.matching import match_points

        if any(match_points.out_of_step().values()):
            match_points.rebuild()
            print("  matching's derived tables worked out again from the directory", file=out)
    analyse_started = time.perf_counter()
    # As the seed does on PostgreSQL: statistics for the planner, and VACUUM marks the copied rows
    # visible to all, so index-only scans need not visit them (outside a transaction, as here).
    statement = "VACUUM (ANALYZE)" if not connection.in_atomic_block else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)
    print(f"  {statement:<48} {'':>15} {time.perf_counter() - analyse_started:8.1f}s", file=out)
    source.close()
    print(
        f"Copied {sum(copied.values()):,} rows in {len(copied)} tables "
        f"in {time.perf_counter() - started:.1f}s in all",
        file=out,
    )
    return copied


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.copy_to_postgres", description=__doc__)
    parser.add_argument("sqlite_path", help="the Throughcare SQLite database to copy (only read)")
    parser.add_argument("postgres_url", help="postgres://user@host:port/name of the copy")
    parser.add_argument("--replace", action="store_true", help="drop the target database first if it exists")
    arguments = parser.parse_args(argv)
    if not os.path.exists(arguments.sqlite_path):
        parser.error(f"No SQLite database at {arguments.sqlite_path}")
    copy_database(arguments.sqlite_path, arguments.postgres_url, replace=arguments.replace)


if __name__ == "__main__":
    main(sys.argv[1:])
