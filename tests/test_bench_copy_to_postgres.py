"""bench.copy_to_postgres makes a PostgreSQL copy of a seeded SQLite database that Django reads back
the same, row for row and value for value."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = "postgres://postgres@127.0.0.1:5432"

# Every row of every model table through the ORM, values made comparable across the two databases:
# datetimes by their instant (the two drivers name UTC differently), JSON by content (jsonb orders
# keys its own way). Also which field types had values to compare.
READ_EVERYTHING = """
import datetime, json, django
django.setup()
from django.apps import apps

def comparable(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return repr(value)

tables, covered = {}, set()
for model in apps.get_models(include_auto_created=True):
    if model._meta.proxy or not model._meta.managed:
        continue
    fields = model._meta.local_concrete_fields
    rows = {}
    for row in model.objects.all():
        values = {field.attname: getattr(row, field.attname) for field in fields}
        covered |= {field.get_internal_type() for field in fields if values[field.attname] is not None}
        rows[str(row.pk)] = {name: comparable(value) for name, value in values.items()}
    tables[model._meta.db_table] = rows
print(json.dumps({"tables": tables, "covered": sorted(covered)}))
"""

# One process for both, as starting Django costs seconds on a busy machine.
MIGRATE_AND_SEED = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("seed_demo", "--quiet")
"""

# Content types' keys are integers from a sequence (most Throughcare keys are UUIDs).
ADD_A_ROW = """
import django
django.setup()
from django.contrib.contenttypes.models import ContentType
highest = ContentType.objects.order_by("-pk").first().pk
print(ContentType.objects.create(app_label="bench", model="copied").pk > highest)
"""


def _server_answers() -> bool:
    try:
        psycopg.connect(f"{SERVER_URL}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


@pytest.fixture
def throwaway_postgres_url():
    if not _server_answers():
        if os.environ.get("CI") == "true":
            pytest.fail("No PostgreSQL server answers on 127.0.0.1:5432, and CI needs one")
        pytest.skip("No PostgreSQL server answers on 127.0.0.1:5432")
    # Unique, as CI runs the SQLite and PostgreSQL suites side by side on one server.
    name = f"throughcare_copy_test_{uuid.uuid4().hex[:12]}"
    yield f"{SERVER_URL}/{name}"
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(arguments: list[str], database_url: str) -> str:
    environment = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_seeded_sqlite_database_is_copied_to_postgresql_value_for_value(tmp_path, throwaway_postgres_url):
    sqlite_path = tmp_path / "seeded.sqlite3"
    sqlite_url = f"sqlite:///{sqlite_path}"
    _run(["-c", MIGRATE_AND_SEED], sqlite_url)
    copy_command = ["-m", "bench.copy_to_postgres", str(sqlite_path), throwaway_postgres_url]

    report = _run(copy_command, sqlite_url)

    original = json.loads(_run(["-c", READ_EVERYTHING], sqlite_url))
    copy = json.loads(_run(["-c", READ_EVERYTHING], throwaway_postgres_url))
    assert {table: len(rows) for table, rows in copy["tables"].items()} == {
        table: len(rows) for table, rows in original["tables"].items()
    }
    assert sum(len(rows) for rows in original["tables"].values()) > 1_000
    for table, rows in original["tables"].items():
        assert copy["tables"][table] == rows, table
    # The storage SQLite and PostgreSQL differ on, each compared on real values, not only on NULLs.
    assert {"BooleanField", "DateTimeField", "UUIDField", "JSONField"} <= set(original["covered"])
    assert "Copied " in report
    assert "indexes made again" in report
    # Sequences carry on after the copied keys: a new row does not collide with a copied one.
    assert _run(["-c", ADD_A_ROW], throwaway_postgres_url).strip() == "True"
    # A second copy to the same database is refused without --replace, before anything is changed.
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    again = subprocess.run(
        [sys.executable, *copy_command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode != 0
    assert "pass --replace" in again.stderr
