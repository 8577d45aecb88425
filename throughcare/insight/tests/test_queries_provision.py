"""View 1's aggregates: services by tier and people referred, in each area compared."""

import datetime

import pytest
from django.core.cache import cache

from throughcare.insight import summary
from throughcare.insight.areas import Level, child_names
from throughcare.insight.queries.provision import provision_by_area
from throughcare.insight.reports.provision import provision_report
from throughcare.insight.tests.helpers import ICB_A, ICB_B, LA_A1, LA_A2, LA_B1, referrals, service_in

IN_PERIOD = datetime.date(2025, 9, 1)


@pytest.fixture(autouse=True)
def _nothing_kept():
    cache.clear()


def test_an_icb_compares_its_local_authorities(filters_for):
    assert child_names(filters_for(Level.ICB, ICB_A).area) == {LA_A2: "Bolton", LA_A1: "Manchester"}


def test_england_compares_icbs(filters_for):
    assert set(child_names(filters_for().area)) == {ICB_A, ICB_B}


def test_services_and_people_are_counted_per_area(filters_for):
    both = service_in(LA_A1, LA_A2, tier="primary")
    service_in(LA_A1, tier="secondary")
    service_in(LA_A1, tier="primary", status="inactive")
    service_in(tier="specialist")  # all of England: in every area
    referrals(both, 10, submitted_on=IN_PERIOD)
    referrals(both, 4, submitted_on=datetime.date(2024, 1, 1))  # before the period
    filters = filters_for(Level.ICB, ICB_A)
    found, _ = provision_by_area(filters, child_names(filters.area))
    manchester, bolton = found[LA_A1], found[LA_A2]
    assert manchester.services_by_tier == {"primary": 1, "secondary": 1, "specialist": 1}
    assert (manchester.services, manchester.people) == (3, 10)
    assert (bolton.services, bolton.people) == (2, 10)


def test_england_counts_icbs_from_their_local_authorities(filters_for):
    service_in(LA_A1, LA_B1, tier="primary")
    found, _ = provision_by_area(filters_for(), [ICB_A, ICB_B])
    assert (found[ICB_A].services, found[ICB_B].services) == (1, 1)


def test_provision_takes_ten_queries_however_many_areas_and_five_once_the_caseload_is_kept(
    filters_for, django_assert_num_queries
):
    for n in range(5):
        referrals(service_in(LA_A1, LA_A2, LA_B1), n + 1, submitted_on=IN_PERIOD)
    filters = filters_for()
    summary.catch_up()  # as the scheduled refresh keeps the referral facts (ADR 41)
    # Four of its own (services by tier, services, England-wide services, people supervised), and the
    # shared cohort figures: whether they are current, when each month's last changed, the cohort,
    # its overrides, services' tiers, and which services cover which areas for the people with no
    # recorded home.
    with django_assert_num_queries(11):
        first, _ = provision_by_area(filters, [ICB_A, ICB_B])
    with django_assert_num_queries(6):
        kept, _ = provision_by_area(filters, [ICB_A, ICB_B])
    assert kept == first


def test_the_kept_caseload_is_worked_out_again_after_a_new_referral(filters_for):
    service = service_in(LA_A1, tier="primary")
    referrals(service, 3, submitted_on=IN_PERIOD)
    filters = filters_for(Level.ICB, ICB_A)
    before, worked_out_at = provision_by_area(filters, [LA_A1])
    referrals(service, 2, submitted_on=IN_PERIOD)
    after, again_at = provision_by_area(filters, [LA_A1])
    assert (before[LA_A1].people, after[LA_A1].people) == (3, 5)
    # The months the new referrals did not change are kept as they were, so "as at" stays the oldest.
    assert again_at == worked_out_at
    uncached, _ = provision_by_area(filters, [LA_A1], keep=False)
    assert uncached == after


def test_rates_are_per_1000_people_and_hidden_under_8_people(filters_for):
    big = service_in(LA_A1, tier="primary")
    service_in(LA_A1, tier="secondary")
    referrals(big, 40, submitted_on=IN_PERIOD)
    referrals(service_in(LA_A2), 3, submitted_on=IN_PERIOD)
    # The last three columns: per 1,000 referred, then people under supervision and the rate per them.
    rows = {row.label: row.cells for row in provision_report(filters_for(Level.ICB, ICB_A)).tables[0].rows}
    assert rows["Manchester"][0].text == "40"
    assert rows["Manchester"][-3].text == "50.0"  # 2 services per 40 people
    assert (rows["Bolton"][0].text, rows["Bolton"][-3].suppressed) == ("*", "small_base")


def test_the_rate_comes_from_the_rounded_count_so_it_cannot_give_the_count_back(filters_for):
    referrals(service_in(LA_A1), 23, submitted_on=IN_PERIOD)
    rows = {row.label: row.cells for row in provision_report(filters_for(Level.ICB, ICB_A)).tables[0].rows}
    assert rows["Manchester"][0].text == "25"
    assert rows["Manchester"][-3].text == "40.0"  # 1 service per 25 people, not per 23


def test_variation_and_a_funnel_plot_when_areas_can_be_compared(filters_for):
    referrals(service_in(LA_A1), 40, submitted_on=IN_PERIOD)
    service_in(LA_A1)
    referrals(service_in(LA_A2), 20, submitted_on=IN_PERIOD)
    report = provision_report(filters_for(Level.ICB, ICB_A))
    headlines = dict(report.headlines)
    assert headlines["Fold variation (highest rate over lowest)"].text == "1.00-fold"
    assert report.charts
    assert 'role="img"' in report.charts[0].svg
    assert report.tables[0].columns[-1] == "Funnel plot"


def _under_supervision(count, *, home="", starts_on=datetime.date(2025, 1, 1), ends_on=None):
    from throughcare.continuity.models import Order
    from throughcare.people.models import Person

    people = Person.objects.bulk_create(
        [
            Person(
                given_names="Supervised",
                family_name=f"Person {n}",
                date_of_birth=datetime.date(1990, 1, 1),
                residence_local_authority_id=home or None,
                residence_country="ENG" if home else "",
            )
            for n in range(count)
        ]
    )
    Order.objects.bulk_create(
        [Order(person=p, kind="community_order", starts_on=starts_on, ends_on=ends_on) for p in people]
    )


def test_people_under_supervision_are_counted_where_they_live_on_the_period_s_last_day(filters_for):
    _under_supervision(10, home=LA_A1)
    _under_supervision(4, home=LA_A2, ends_on=datetime.date(2027, 1, 1))
    _under_supervision(3, home=LA_A1, ends_on=datetime.date(2026, 1, 31))  # ended before the period did
    _under_supervision(2, home=LA_A1, starts_on=datetime.date(2026, 4, 1))  # began after it
    _under_supervision(5)  # home not recorded: in no area
    filters = filters_for(Level.ICB, ICB_A)
    found, _ = provision_by_area(filters, child_names(filters.area))
    assert (found[LA_A1].supervised, found[LA_A2].supervised) == (10, 4)
    england, _ = provision_by_area(filters_for(), [ICB_A, ICB_B])
    assert (england[ICB_A].supervised, england[ICB_B].supervised) == (14, 0)


def test_the_rate_per_1000_under_supervision_uses_the_published_count_and_names_its_source(filters_for):
    for _ in range(3):
        service_in(LA_A1, tier="primary")
    _under_supervision(12, home=LA_A1)
    report = provision_report(filters_for(Level.ICB, ICB_A))
    table = report.tables[0]
    manchester = next(row for row in table.rows if row.label == "Manchester")
    cells = dict(zip(table.columns, manchester.cells, strict=False))
    assert cells["People under supervision living here"].value == 10  # 12, rounded to 5
    assert cells["Services per 1,000 people under supervision"].text == "300.0"  # 3 x 1,000 / 10
    assert any("not the official probation caseload" in note for note in report.notes)
