"""Trying to undo disclosure control from what a page or the API publishes, and failing.

Each test publishes a report the way the pages and the API do (`Report.as_json`-style values and
texts) and checks that no exact small count, and no exact count behind a rounded one, can be read
back or worked out from the figures beside it."""

import datetime
import json

import pytest

from throughcare.insight.areas import Level
from throughcare.insight.reports.equity import equity_report
from throughcare.insight.reports.waits import waits_report
from throughcare.insight.tests.helpers import ICB_A, LA_A1, referrals, service_in

DAY = datetime.date(2025, 9, 1)
ACCEPTED = [("accepted", "", DAY)]


def _cells(report) -> dict[str, dict[str, tuple]]:
    """Every table's rows as {table: {row label: (texts...)}}."""
    return {
        table.key: {row.label: tuple(cell.text for cell in row.cells) for row in table.rows}
        for table in report.tables
    }


@pytest.mark.parametrize("level", [Level.ENGLAND, Level.ICB])
def test_one_persons_journey_in_a_one_day_window_is_hidden_at_every_level(filters_for, areas, level):
    referrals(
        service_in(LA_A1), 1, ethnicity="white_british", submitted_on=DAY, state="accepted", moves=ACCEPTED
    )
    report = equity_report(filters_for(level, None if level is Level.ENGLAND else ICB_A, DAY, DAY))
    white = _cells(report)["journey"]["White"]
    assert white[:2] == ("*", "*"), "England once published 'White: referred 1, accepted 1'"


@pytest.mark.parametrize("level", [Level.ENGLAND, Level.ICB])
def test_a_percentage_beside_rounded_counts_cannot_give_the_counts_back(filters_for, areas, level):
    service = service_in(LA_A1)
    referrals(service, 17, submitted_on=DAY, state="accepted", moves=ACCEPTED)
    referrals(service, 11, submitted_on=DAY)
    report = waits_report(filters_for(level, None if level is Level.ENGLAND else ICB_A))
    funnel = _cells(report)["funnel"]
    assert funnel["Submitted"][0] == "30"
    assert funnel["Accepted"] == ("15", "50.0%")
    published = json.dumps([[cell.text for row in t.rows for cell in row.cells] for t in report.tables])
    # 17 of 28 is 60.71...%: that figure, beside 15 and 30, would fit only 17 and 28.
    assert "60.7" not in published
    assert "28" not in published
    assert "17" not in published
