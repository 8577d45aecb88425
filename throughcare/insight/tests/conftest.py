import datetime

import pytest

from throughcare.accounts.models import CommissioningCoverage
from throughcare.core.permissions import Role
from throughcare.insight.areas import ENGLAND_AREA, Level, find_area
from throughcare.insight.filters import InsightFilters
from throughcare.insight.tests.helpers import build_areas

PERIOD = (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def users_by_role(users_by_role):
    """The figures tests look at every area, as a national commissioner does; what a commissioner of one
    area may see is tested in test_commissioner_areas.py."""
    organisation = users_by_role[Role.COMMISSIONER].current_organisation
    organisation.commissioning_coverage = CommissioningCoverage.NATIONAL
    organisation.save(update_fields=["commissioning_coverage"])
    return users_by_role


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
