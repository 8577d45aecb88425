"""Insight places people where they live: a referral to a service for all of England counts in the
person's own ICB and local authority, a referral to a service elsewhere counts where the person lives,
and only a person whose home is not recorded is placed by the service's areas."""

import datetime

import pytest
from django.core.cache import cache

from throughcare.insight.areas import Level, child_names
from throughcare.insight.queries.common import cohort
from throughcare.insight.queries.provision import provision_by_area
from throughcare.insight.tests.helpers import ICB_A, ICB_B, LA_A1, LA_A2, LA_B1, referrals, service_in

IN_PERIOD = datetime.date(2025, 9, 1)


@pytest.fixture(autouse=True)
def _nothing_kept():
    cache.clear()


def _cohort_size(filters_for, level, code):
    return cohort(filters_for(level, code)).count()


def test_a_national_service_s_referrals_count_where_each_person_lives(filters_for):
    national = service_in(tier="primary")
    referrals(national, 3, submitted_on=IN_PERIOD, home=LA_A1)
    referrals(national, 2, submitted_on=IN_PERIOD, home=LA_B1)
    referrals(national, 4, submitted_on=IN_PERIOD)  # home not recorded: England only
    assert _cohort_size(filters_for, Level.ICB, ICB_A) == 3
    assert _cohort_size(filters_for, Level.LOCAL_AUTHORITY, LA_A1) == 3
    assert _cohort_size(filters_for, Level.ICB, ICB_B) == 2
    assert cohort(filters_for()).count() == 9


def test_a_person_referred_to_a_service_elsewhere_counts_at_home_not_at_the_service(filters_for):
    in_manchester = service_in(LA_A1)
    referrals(in_manchester, 5, submitted_on=IN_PERIOD, home=LA_B1)
    assert _cohort_size(filters_for, Level.ICB, ICB_A) == 0
    assert _cohort_size(filters_for, Level.ICB, ICB_B) == 5


def test_only_people_whose_home_is_unknown_fall_back_to_the_service_s_areas(filters_for):
    in_manchester = service_in(LA_A1)
    referrals(in_manchester, 4, submitted_on=IN_PERIOD)
    referrals(in_manchester, 6, submitted_on=IN_PERIOD, home_country="WLS")  # lives in Wales
    assert _cohort_size(filters_for, Level.ICB, ICB_A) == 4
    assert cohort(filters_for()).count() == 10


def test_provision_counts_people_in_the_local_authority_they_live_in(filters_for):
    both = service_in(LA_A1, LA_A2)
    national = service_in()
    referrals(national, 3, submitted_on=IN_PERIOD, home=LA_A2)
    referrals(both, 2, submitted_on=IN_PERIOD, home=LA_A1)
    referrals(both, 5, submitted_on=IN_PERIOD)  # unknown home: in both areas the service covers
    filters = filters_for(Level.ICB, ICB_A)
    found, _ = provision_by_area(filters, child_names(filters.area))
    assert (found[LA_A1].people, found[LA_A2].people) == (2 + 5, 3 + 5)
    england, _ = provision_by_area(filters_for(), [ICB_A, ICB_B])
    assert (england[ICB_A].people, england[ICB_B].people) == (10, 0)


def test_each_view_that_places_people_says_how_many_it_placed_by_service(filters_for):
    from throughcare.insight.catalogue import PLACED_BY_SERVICE, VIEWS, Scope, build_report

    in_manchester = service_in(LA_A1)
    referrals(in_manchester, 12, submitted_on=IN_PERIOD)
    referrals(in_manchester, 9, submitted_on=IN_PERIOD, home=LA_A1)
    report = build_report(VIEWS["waits"], filters_for(Level.ICB, ICB_A), Scope())
    assert dict(report.headlines)[PLACED_BY_SERVICE].value == 10  # 12, rounded to 5
    funding = build_report(VIEWS["funding"], filters_for(Level.ICB, ICB_A), Scope())
    assert PLACED_BY_SERVICE not in dict(funding.headlines)
