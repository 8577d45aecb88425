"""The measure tables themselves: they check their own numbers, and need no database or Django."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from throughcare.outcomes.measures import (
    CORE10,
    GAD7,
    ITEMISED_MEASURES,
    PHQ9,
    SWEMWBS,
    TOTAL_ONLY_MEASURES,
    WEMWBS,
    Band,
    ItemisedMeasure,
    TotalOnlyMeasure,
)

REPOSITORY = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("measure", "items", "lowest", "highest"),
    [(PHQ9, 9, 0, 27), (GAD7, 7, 0, 21), (CORE10, 10, 0, 40), (WEMWBS, 14, 14, 70), (SWEMWBS, 7, 7, 35)],
    ids=lambda v: getattr(v, "code", v),
)
def test_ranges(measure, items, lowest, highest):
    assert (measure.item_count, measure.lowest_total, measure.highest_total) == (items, lowest, highest)


def test_published_scoring_facts():
    assert CORE10.reversed_items == {2, 3}
    assert (PHQ9.risk_item, CORE10.risk_item, GAD7.risk_item) == (9, 6, None)
    assert (PHQ9.clinical_cut_off, GAD7.clinical_cut_off, CORE10.clinical_cut_off) == (10, 8, 11)
    assert (PHQ9.reliable_change, GAD7.reliable_change, CORE10.reliable_change) == (6, 4, 6)


def test_lookups_by_code():
    assert set(ITEMISED_MEASURES) == {"PHQ-9", "GAD-7", "CORE-10"}
    assert set(TOTAL_ONLY_MEASURES) == {"WEMWBS", "SWEMWBS"}


def test_core10_carries_its_attribution():
    assert "CORE System Trust" in CORE10.attribution


def _measure(**changes):
    fields = {
        "code": "TEST-2",
        "name": "Test",
        "item_count": 2,
        "lowest_answer": 0,
        "highest_answer": 2,
        "bands": (Band("low", "Low", 0, 1), Band("high", "High", 2, 4)),
    }
    return ItemisedMeasure(**(fields | changes))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"bands": (Band("low", "Low", 0, 1), Band("high", "High", 3, 4))}, "band 'high' should start at 2"),
        ({"bands": (Band("low", "Low", 0, 1), Band("high", "High", 2, 3))}, "the bands should end at 4"),
        ({"bands": (Band("low", "Low", 1, 4),)}, "band 'low' should start at 0"),
        ({"reversed_items": frozenset({3})}, "reversed items must be numbered 1 to 2"),
        ({"risk_item": 0}, "the risk item must be numbered 1 to 2"),
    ],
)
def test_a_mistyped_table_fails_as_it_loads(changes, message):
    with pytest.raises(ValueError, match=message):
        _measure(**changes)


def test_a_conversion_table_must_cover_every_total():
    with pytest.raises(ValueError, match="must cover every total from 2 to 4"):
        TotalOnlyMeasure("TEST-2", "Test", 2, 1, 2, metric_conversion={2: Decimal(2), 3: Decimal(3)})


def test_scoring_imports_without_django_or_a_database():
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    program = (
        "import sys\n"
        "import throughcare.core.working_days, throughcare.outcomes.change, throughcare.outcomes.scoring\n"
        "assert not any(name.startswith('django') for name in sys.modules), 'Django was imported'\n"
    )
    subprocess.run([sys.executable, "-c", program], cwd=REPOSITORY, env=environment, check=True)


@pytest.mark.parametrize("measure", [*ITEMISED_MEASURES.values(), *TOTAL_ONLY_MEASURES.values()])
def test_every_measure_is_offered_by_its_code_with_a_label(measure):
    assert measure.choice_label.startswith(f"{measure.code} (")
    assert measure.name
    assert measure.attribution.startswith(measure.code)
