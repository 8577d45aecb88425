"""The missing middle index, with the worked examples the methods page gives."""

import datetime

import pytest
from django.core.cache import cache

from throughcare.insight.queries.missing_middle_index import MissingMiddle, missing_middle_of
from throughcare.insight.reports.missing_middle import INDEX_LABEL, missing_middle_report
from throughcare.insight.tests.helpers import referrals, service_in

HIGH, LOW = "outside_criteria_needs_too_high", "outside_criteria_needs_too_low"
IN_PERIOD = datetime.date(2025, 9, 1)


@pytest.fixture(autouse=True)
def _nothing_kept():
    cache.clear()


def _index_table(report):
    return next(table for table in report.tables if table.key == "index")


def test_worked_example_one_counts_people_not_referrals():
    rows = [
        ("p1", "wellbeing", HIGH, False),  # too much for the wellbeing offer, and nobody took them on
        ("p1", "wellbeing", HIGH, False),  # the same person again: still one person
        ("p2", "primary", HIGH, False),  # in the middle ...
        ("p2", "secondary", None, True),  # ... but secondary care took them on: served
        ("p3", "specialist", LOW, False),  # not enough for specialist care, and nobody took them on
        ("p4", "secondary", HIGH, False),  # needs specialist care: the top end, not the middle
        ("p5", "primary", LOW, False),  # needs only the wellbeing offer: the bottom end
        ("p6", "primary", None, True),
    ]
    assert missing_middle_of(rows) == MissingMiddle(referred=6, in_middle=3, not_served=2)


def test_worked_example_two_the_published_index_and_its_interval(filters_for):
    declined = [("declined", HIGH, IN_PERIOD)]
    referrals(service_in(tier="wellbeing"), 20, state="declined", moves=declined, submitted_on=IN_PERIOD)
    too_low = [("declined", LOW, IN_PERIOD)]
    referrals(service_in(tier="secondary"), 10, state="declined", moves=too_low, submitted_on=IN_PERIOD)
    referrals(service_in(tier="primary"), 70, state="accepted", submitted_on=IN_PERIOD)
    report = missing_middle_report(filters_for())
    # 30 of 100 people referred: 300 per 1,000, Wilson 95% interval 218.9 to 395.8.
    assert dict(report.headlines)[INDEX_LABEL].text == "300.0 (218.9 to 395.8)"
    counts = [row.cells[0].text for row in _index_table(report).rows]
    assert counts == ["100", "30", "30"]


def test_the_index_is_hidden_when_the_people_not_served_are_few(filters_for):
    declined = [("declined", HIGH, IN_PERIOD)]
    referrals(service_in(tier="wellbeing"), 3, state="declined", moves=declined, submitted_on=IN_PERIOD)
    referrals(service_in(tier="primary"), 40, state="accepted", submitted_on=IN_PERIOD)
    report = missing_middle_report(filters_for())
    assert dict(report.headlines)[INDEX_LABEL].is_suppressed
    assert _index_table(report).rows[2].cells[0].text == "*"
