"""View 6's aggregates: services losing funding, by band, with their open referrals."""

import datetime

import pytest
from django.core.cache import cache

from throughcare.insight.areas import Level
from throughcare.insight.queries.funding import band_of, services_losing_funding
from throughcare.insight.reports.funding import funding_report
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_A2, LA_B1, referrals, service_in

AS_AT = datetime.date(2026, 3, 31)


@pytest.fixture(autouse=True)
def _nothing_kept():
    cache.clear()


def test_bands_count_calendar_months_from_the_period_end():
    assert band_of(datetime.date(2026, 3, 30), AS_AT) == "ended"
    assert band_of(AS_AT, AS_AT) == "3"
    assert band_of(datetime.date(2026, 6, 30), AS_AT) == "3"
    assert band_of(datetime.date(2026, 7, 1), AS_AT) == "6"
    assert band_of(datetime.date(2027, 3, 31), AS_AT) == "12"


def test_services_in_the_icb_with_open_referrals_counted(filters_for):
    soon = service_in(LA_A1, name="Soon", funding_ends_on=datetime.date(2026, 5, 1), capacity_maximum=20)
    later = service_in(LA_A2, name="Later", funding_ends_on=datetime.date(2026, 11, 1))
    service_in(LA_B1, name="Elsewhere", funding_ends_on=datetime.date(2026, 5, 1))
    service_in(LA_A1, name="Funded for years", funding_ends_on=datetime.date(2028, 1, 1))
    service_in(LA_A1, name="Closed", funding_ends_on=datetime.date(2026, 5, 1), status="inactive")
    referrals(soon, 3, state="accepted")
    referrals(soon, 2, state="completed")
    referrals(later, 1, state="submitted")

    found = services_losing_funding(filters_for(Level.ICB, ICB_A))

    assert [(s.name, s.band, s.capacity_maximum, s.open_referrals) for s in found] == [
        ("Soon", "3", 20, 3),
        ("Later", "12", None, 1),
    ]


def test_england_wide_services_are_in_every_area(filters_for):
    service_in(name="National", funding_ends_on=datetime.date(2026, 5, 1))
    assert [s.name for s in services_losing_funding(filters_for(Level.LOCAL_AUTHORITY, LA_B1))] == [
        "National"
    ]


def test_a_provider_sees_only_its_own_services(filters_for, make_user):
    manager = make_user("provider_manager")
    service_in(
        LA_A1, name="Ours", owner=manager.current_organisation, funding_ends_on=datetime.date(2026, 5, 1)
    )
    service_in(LA_A1, name="Theirs", funding_ends_on=datetime.date(2026, 5, 1))
    found = services_losing_funding(filters_for(), owner_organisation_id=manager.current_organisation_id)
    assert [s.name for s in found] == ["Ours"]


def test_the_query_count_does_not_grow_with_services(filters_for, django_assert_num_queries):
    for n in range(6):
        referrals(service_in(LA_A1, funding_ends_on=datetime.date(2026, 5, n + 1)), n, state="accepted")
    filters = filters_for(Level.ICB, ICB_A)
    with django_assert_num_queries(3):  # the services, whether referrals changed, their open referrals
        first = services_losing_funding(filters)
    with django_assert_num_queries(2):  # the open referrals kept, as no referral has changed
        assert services_losing_funding(filters) == first


def test_kept_open_referrals_are_counted_again_after_a_referral_changes(filters_for):
    service = service_in(LA_A1, name="Soon", funding_ends_on=datetime.date(2026, 5, 1))
    referrals(service, 2, state="accepted")
    filters = filters_for(Level.ICB, ICB_A)
    assert [s.open_referrals for s in services_losing_funding(filters)] == [2]
    referrals(service, 3, state="in_treatment")
    assert [s.open_referrals for s in services_losing_funding(filters)] == [5]
    assert services_losing_funding(filters, keep=False) == services_losing_funding(filters)


def test_a_service_newly_losing_funding_is_counted_though_referrals_are_unchanged(filters_for):
    referrals(service_in(LA_A1, name="Soon", funding_ends_on=datetime.date(2026, 5, 1)), 2, state="accepted")
    later = service_in(LA_A1, name="Later", funding_ends_on=datetime.date(2029, 1, 1))
    referrals(later, 4, state="accepted")
    filters = filters_for(Level.ICB, ICB_A)
    assert [s.name for s in services_losing_funding(filters)] == ["Soon"]
    later.funding_ends_on = datetime.date(2026, 6, 1)
    later.save()
    assert [(s.name, s.open_referrals) for s in services_losing_funding(filters)] == [
        ("Soon", 2),
        ("Later", 4),
    ]


def test_open_referrals_are_suppressed_and_rounded_below_england(filters_for):
    small = service_in(LA_A1, name="Small", funding_ends_on=datetime.date(2026, 5, 1))
    large = service_in(LA_A1, name="Large", funding_ends_on=datetime.date(2026, 5, 2))
    referrals(small, 3, state="accepted")
    referrals(large, 23, state="accepted")
    referrals(
        service_in(LA_A1, name="Middle", funding_ends_on=datetime.date(2026, 5, 3)), 12, state="accepted"
    )
    listed = {
        row.label: row.cells[-1] for row in funding_report(filters_for(Level.ICB, ICB_A)).tables[1].rows
    }
    assert (listed["Small"].text, listed["Small"].value) == ("*", None)
    assert (listed["Large"].text, listed["Large"].value) == ("25", 25)
    # The band's total (38) is published, so a second service is hidden to protect the small one.
    assert listed["Middle"].suppressed == "secondary"


def test_england_counts_are_controlled_like_any_other_level(filters_for):
    referrals(service_in(LA_A1, name="Small", funding_ends_on=datetime.date(2026, 5, 1)), 3, state="accepted")
    listed = {row.label: row.cells[-1] for row in funding_report(filters_for()).tables[1].rows}
    assert listed["Small"].text == "*"
