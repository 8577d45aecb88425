"""Continuity is laid out by part of the journey (custody, orders, release, court), like insight and
directory: a module named for its part (`release_views.py`) belongs inside that part's package."""

import re
from pathlib import Path

import throughcare.continuity

APP = Path(throughcare.continuity.__file__).parent
FLAT_PREFIX = re.compile(r"^(release|court|custody|orders?|api)_\w*\.py$")


def test_no_module_at_the_top_of_continuity_is_named_for_a_part():
    flat = sorted(p.name for p in APP.glob("*.py") if FLAT_PREFIX.match(p.name))
    assert flat == [], f"Move these into their part's package: {flat}"


def test_each_part_is_a_package():
    for part in ("custody", "orders", "release", "court", "models"):
        assert (APP / part / "__init__.py").is_file(), part
