"""The release-surge forecast: releases by week where people live, each tier's historic referral
rate around release, and expected referrals worked out from the published figures (worked examples)."""

import datetime

import pytest

from throughcare.continuity.models import CustodyEpisode
from throughcare.insight import summary
from throughcare.insight.areas import Level
from throughcare.insight.queries.release_forecast import (
    decision_days_by_tier,
    decision_window,
    forecast_inputs,
)
from throughcare.insight.reports.release_forecast import release_forecast_report
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_B1, at, referrals, service_in
from throughcare.people.models import Person
from throughcare.referrals.models import Referral

TODAY = datetime.date(2026, 6, 1)


def _people(count, home=""):
    return Person.objects.bulk_create(
        [
            Person(
                given_names="Forecast",
                family_name=f"Person {n}",
                date_of_birth=datetime.date(1990, 1, 1),
                residence_local_authority_id=home or None,
                residence_country="ENG" if home else "",
            )
            for n in range(count)
        ]
    )


def _in_custody(count, *, due, home=LA_A1):
    people = _people(count, home)
    CustodyEpisode.objects.bulk_create(
        [
            CustodyEpisode(
                person=p,
                prison_name="HMP Test",
                reception_date=datetime.date(2025, 1, 1),
                expected_release_date=due,
            )
            for p in people
        ]
    )
    return people


def _released(count, *, on, home=LA_A1):
    people = _people(count, home)
    CustodyEpisode.objects.bulk_create(
        [
            CustodyEpisode(
                person=p,
                prison_name="HMP Test",
                reception_date=datetime.date(2024, 1, 1),
                actual_release_date=on,
                ended_by="released",
            )
            for p in people
        ]
    )
    return people


def _refer(people, service, on):
    template = referrals(service, 1, submitted_on=on)[0]
    Referral.objects.bulk_create(
        [
            Referral(
                person=p,
                service=service,
                referring_organisation=template.referring_organisation,
                receiving_organisation=template.receiving_organisation,
                created_by=template.created_by,
                state="submitted",
                submitted_at=at(on),
            )
            for p in people
        ]
    )


@pytest.fixture
def history(areas):
    """20 people from Manchester released on 2 January 2026; 8 referred to primary care 18 days after,
    2 more 200 days after (outside the 12 weeks around release). 10 due this week, 8 in week 3."""
    primary = service_in(LA_A1, tier="primary", capacity_available=6, capacity_maximum=10)
    released = _released(20, on=datetime.date(2026, 1, 2))
    _refer(released[:8], primary, datetime.date(2026, 1, 20))
    _refer(released[8:10], primary, datetime.date(2026, 7, 21))
    _in_custody(10, due=TODAY + datetime.timedelta(days=3))
    _in_custody(8, due=TODAY + datetime.timedelta(days=15))
    _in_custody(5, due=TODAY + datetime.timedelta(days=3), home=LA_B1)  # lives elsewhere
    _in_custody(2, due=TODAY + datetime.timedelta(days=100))  # after the 12 weeks
    return primary


def test_inputs_count_releases_by_week_and_the_rate_around_release(filters_for, history):
    inputs = forecast_inputs(filters_for(Level.ICB, ICB_A).area, TODAY)
    assert inputs.releases_by_week[:3] == [10, 0, 8]
    assert sum(inputs.releases_by_week) == 18
    assert inputs.released == 20
    assert inputs.referred_by_tier == {"primary": 8}
    assert inputs.places_by_tier == {"primary": (1, 6)}


def test_expected_referrals_are_published_releases_times_the_published_rate(filters_for, history):
    report = release_forecast_report(filters_for(Level.ICB, ICB_A), today=TODAY)
    weeks = {row.label: row.cells for row in report.tables[0].rows}
    first_week = weeks["Week starting 1 Jun 2026"]
    # 8 of 20 published as 10 of 20: 50%; 10 due that week x 50% = 5.0 referrals.
    assert (first_week[0].text, first_week[1].text) == ("10", "5.0")
    assert (weeks["Week starting 15 Jun 2026"][0].text, weeks["Week starting 15 Jun 2026"][1].text) == (
        "10",
        "5.0",
    )
    tiers = {row.label: row.cells for row in report.tables[1].rows}
    rate, expected, places, _median, _lasts = tiers["Primary care and talking therapies"]
    # Wilson 95% interval for 10 of 20: 29.9% to 70.1%.
    assert rate.text == "50.0% (29.9% to 70.1%)"
    assert places.text == "6 (1 service)"
    total = dict(report.headlines)["People living here due for release in the next 12 weeks"]
    # 18 due in the 12 weeks, published as 20: 10.0 expected, interval 20 x 29.9% to 20 x 70.1%.
    assert total.text == "20"
    assert expected.text == "10.0 (6.0 to 14.0)"


def test_england_says_how_many_due_for_release_have_no_recorded_home(filters_for, history):
    _in_custody(9, due=TODAY + datetime.timedelta(days=10), home="")
    report = release_forecast_report(filters_for(), today=TODAY)
    headlines = dict(report.headlines)
    assert headlines["People living here due for release in the next 12 weeks"].value == 30  # 32 rounded
    assert (
        headlines[
            "Of those due for release, people whose home is not recorded (in England's count only)"
        ].value
        == 10
    )  # 9 rounded


def test_the_forecast_takes_a_fixed_number_of_queries(filters_for, history, django_assert_max_num_queries):
    summary.catch_up()  # as the scheduled refresh keeps the referral facts (ADR 41)
    # Its own five (releases by week, released and referred, places), and decision times from the
    # shared month tallies: seven queries when none is kept (test_shared_figures), two once they are.
    with django_assert_max_num_queries(12):
        release_forecast_report(filters_for(Level.ICB, ICB_A), today=TODAY)
    with django_assert_max_num_queries(7):
        release_forecast_report(filters_for(Level.ICB, ICB_A), today=TODAY)


def test_decision_times_come_from_the_kept_facts_caught_up_first(filters_for):
    """Each tier's days from referral to first decision, for people living in the area, read from the
    kept referral facts: referrals made or moved since the last catch-up are counted too."""
    primary = service_in(LA_A1, tier="primary")
    submitted = TODAY - datetime.timedelta(days=30)
    # (how many, their state now, where they live, the decision and how many days after it came)
    for count, state, home, decided_after in (
        (3, "accepted", LA_A1, 5),
        (2, "declined", LA_A1, 10),
        (1, "submitted", LA_A1, None),  # not decided yet
        (4, "accepted", LA_B1, 0),  # lives elsewhere
    ):
        moves = (
            [] if decided_after is None else [(state, "", submitted + datetime.timedelta(days=decided_after))]
        )
        referrals(primary, count, state=state, submitted_on=submitted, home=home, moves=moves)
    area = filters_for(Level.ICB, ICB_A).area
    assert decision_days_by_tier(area, *decision_window(TODAY)) == {"primary": {5: 3, 10: 2}}
    # The forecast reads them from the shared month tallies: the same.
    assert forecast_inputs(area, TODAY).decision_days_by_tier == {"primary": {5: 3, 10: 2}}
