"""View 5's aggregates: each ethnic group's journey from referral to completion, and the index."""

import datetime

import pytest

from throughcare.insight.areas import Level
from throughcare.insight.queries.equity import journeys_by_group
from throughcare.insight.reports.equity import equity_report
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_B1, referrals, service_in

IN_PERIOD = datetime.date(2025, 9, 1)
ACCEPTED = [("accepted", "", IN_PERIOD)]


@pytest.fixture
def service(areas):
    return service_in(LA_A1)


def test_people_are_counted_by_group_at_each_stage(filters_for, service):
    referrals(
        service, 10, ethnicity="white_british", submitted_on=IN_PERIOD, state="completed", moves=ACCEPTED
    )
    referrals(service, 5, ethnicity="white_irish", submitted_on=IN_PERIOD, state="accepted", moves=ACCEPTED)
    referrals(service, 6, ethnicity="black_caribbean", submitted_on=IN_PERIOD, state="declined")
    referrals(service, 2, ethnicity="black_african", submitted_on=IN_PERIOD, state="accepted", moves=ACCEPTED)
    referrals(service, 3, ethnicity="", submitted_on=IN_PERIOD)
    referrals(
        service, 4, ethnicity="asian_indian", submitted_on=datetime.date(2024, 1, 1)
    )  # before the period
    referrals(service_in(LA_B1), 4, ethnicity="asian_indian", submitted_on=IN_PERIOD)  # another ICB
    found = journeys_by_group(filters_for(Level.ICB, ICB_A))
    assert (found["white"].referred, found["white"].accepted, found["white"].completed) == (15, 15, 10)
    assert (found["black"].referred, found["black"].accepted, found["black"].completed) == (8, 2, 0)
    assert found["asian"].referred == 0
    assert found["not_stated"].referred == 3


def test_the_journey_is_one_query(filters_for, service, django_assert_num_queries):
    for ethnicity in ("white_british", "asian_indian", "mixed_other", "other_arab"):
        referrals(service, 3, ethnicity=ethnicity, submitted_on=IN_PERIOD, moves=ACCEPTED)
    filters = filters_for()
    with django_assert_num_queries(1):
        journeys_by_group(filters)


def test_the_index_against_white_is_flagged_when_clearly_lower(filters_for, service):
    referrals(
        service, 80, ethnicity="white_british", submitted_on=IN_PERIOD, state="accepted", moves=ACCEPTED
    )
    referrals(service, 20, ethnicity="white_british", submitted_on=IN_PERIOD, state="declined")
    referrals(
        service, 20, ethnicity="black_african", submitted_on=IN_PERIOD, state="accepted", moves=ACCEPTED
    )
    referrals(service, 30, ethnicity="black_african", submitted_on=IN_PERIOD, state="declined")
    report = equity_report(filters_for())
    black = next(row for row in report.tables[1].rows if row.label.startswith("Black"))
    # (20 / 50) / (80 / 100) = 0.5
    assert black.cells[0].text == "0.50"
    assert black.cells[2].text == "Flagged: lower"


def test_small_groups_hide_their_rates_and_index_below_england(filters_for, service):
    referrals(
        service, 40, ethnicity="white_british", submitted_on=IN_PERIOD, state="accepted", moves=ACCEPTED
    )
    referrals(service, 5, ethnicity="mixed_other", submitted_on=IN_PERIOD, state="accepted", moves=ACCEPTED)
    # With the total published, a second group is hidden to protect the small one: the smaller one.
    referrals(service, 12, ethnicity="asian_indian", submitted_on=IN_PERIOD, state="accepted", moves=ACCEPTED)
    report = equity_report(filters_for(Level.ICB, ICB_A))
    journey = {row.label: row.cells for row in report.tables[0].rows}
    mixed = journey["Mixed or Multiple ethnic groups"]
    assert (mixed[0].text, mixed[2].text) == ("*", "*")
    assert journey["White"][0].text == "40"
    assert journey["Asian, Asian British or Asian Welsh"][0].suppressed == "secondary"
    index = {row.label: row.cells for row in report.tables[1].rows}
    assert index["Mixed or Multiple ethnic groups"][0].text == "*"


def test_a_referral_withdrawn_after_acceptance_counts_as_accepted(filters_for, service):
    referrals(service, 2, ethnicity="white_irish", submitted_on=IN_PERIOD, state="withdrawn", moves=ACCEPTED)
    referrals(service, 3, ethnicity="white_irish", submitted_on=IN_PERIOD, state="withdrawn")
    referrals(service, 1, ethnicity="white_irish", submitted_on=IN_PERIOD, state="paused", moves=ACCEPTED)
    white = journeys_by_group(filters_for())["white"]
    assert (white.referred, white.accepted) == (6, 3)
