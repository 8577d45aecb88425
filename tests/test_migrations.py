"""Each app keeps one linear migration history, so branches never have to be merged by hand."""

from collections import Counter

from django.db.migrations.loader import MigrationLoader


def test_each_app_has_exactly_one_leaf_migration(db):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves = Counter(app for app, _name in loader.graph.leaf_nodes())
    assert {app: n for app, n in leaves.items() if n > 1} == {}
