import datetime

import pytest

from throughcare.insight.areas import ENGLAND_AREA, Level, find_area
from throughcare.insight.filters import InsightFilters
from throughcare.insight.tests.helpers import build_areas

PERIOD = (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def areas(db):
    build_areas()


@pytest.fixture
def filters_for(areas):
    """filters_for(level, code) -> filters for that area over the test period (2025-26)."""

    def make(level=Level.ENGLAND, code=None, date_from=PERIOD[0], date_to=PERIOD[1]):
        area = ENGLAND_AREA if level is Level.ENGLAND else find_area(level, code)
        return InsightFilters(area, date_from, date_to)

    return make
