"""Migration 0006 gives the demo's commissioners the ICB they were named for, and nobody else an area."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from throughcare.insight.tests.helpers import ICB_A, build_areas

BEFORE = [("accounts", "0005_organisation_ods_code")]
AFTER = [("accounts", "0006_organisation_commissioning_areas")]


@pytest.mark.django_db(transaction=True)
def test_the_demo_commissioners_get_their_icb():
    build_areas()  # Manchester (E08000003) is in ICB_A
    executor = MigrationExecutor(connection)
    try:
        _check_the_migration(executor)
    finally:
        # Going back to BEFORE also unapplied every later migration that depends on it (in any app):
        # put them all back, or the tests after this one find tables missing.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def _check_the_migration(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("accounts", "Organisation")
    for code, kind in (
        ("demo-gm-icb", "commissioner"),
        (f"icb-{ICB_A.lower()}", "commissioner"),
        ("icb-e54999999", "commissioner"),  # no such ICB in the gazetteer
        ("nhs-england", "commissioner"),
        ("demo-probation", "probation"),
    ):
        old.objects.create(code=code, name=code, kind=kind)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("accounts", "Organisation")
    covered = {
        o.code: (o.commissioning_coverage, o.commissioning_area_codes) for o in new.objects.order_by("code")
    }
    assert covered == {
        "demo-gm-icb": ("icb", [ICB_A]),
        f"icb-{ICB_A.lower()}": ("icb", [ICB_A]),
        "icb-e54999999": ("", []),
        "nhs-england": ("", []),
        "demo-probation": ("", []),
    }
