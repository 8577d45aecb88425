"""The figures the referral views share: the same as each view's own query, kept only while current."""

import datetime
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from throughcare.appointments.models import Appointment
from throughcare.core.permissions import Role
from throughcare.insight.areas import ENGLAND_AREA, Level
from throughcare.insight.filters import InsightFilters
from throughcare.insight.models import FactsMonth
from throughcare.insight.queries import facts
from throughcare.insight.queries.common import raw_rows
from throughcare.insight.queries.declines import decisions_and_declines
from throughcare.insight.queries.equity import journeys_by_group
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.queries.tally import CohortTally
from throughcare.insight.queries.waits import access
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_A2, LA_B1, at, referrals, service_in
from throughcare.referrals.models import Referral

IN_PERIOD = datetime.date(2025, 9, 1)


def _after(days):
    return IN_PERIOD + datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def _nothing_kept():
    cache.clear()


def _mixed_referrals():
    primary, secondary = service_in(LA_A1, tier="primary"), service_in(LA_A2, tier="")
    made = referrals(
        primary,
        4,
        state="completed",
        ethnicity="white_british",
        submitted_on=IN_PERIOD,
        moves=[("accepted", "", _after(3))],
    )
    referrals(
        primary,
        3,
        state="declined",
        ethnicity="black_african",
        submitted_on=IN_PERIOD,
        moves=[("declined", "outside_criteria_needs_too_high", _after(1))],
    )
    referrals(secondary, 2, state="declined", submitted_on=IN_PERIOD, moves=[("declined", "", _after(9))])
    referrals(
        secondary,
        5,
        state="withdrawn",
        ethnicity="asian_indian",
        submitted_on=IN_PERIOD,
        moves=[("waitlisted", "", _after(20)), ("accepted", "", _after(40))],
    )
    referrals(secondary, 2, state="paused", ethnicity="mixed_other", submitted_on=IN_PERIOD)
    referrals(primary, 6, state="submitted", submitted_on=IN_PERIOD)
    referrals(service_in(LA_B1), 7, state="completed", submitted_on=IN_PERIOD)  # another ICB
    referrals(primary, 3, state="completed", submitted_on=datetime.date(2024, 1, 1))  # before the period
    statuses = ("attended", "attended_late", "did_not_attend", "attended")
    for referral, status in zip(made, statuses, strict=True):
        Appointment.objects.create(
            referral=referral,
            starts_at=at(_after(10)),
            duration_minutes=50,
            mode="in_person",
            purpose="assessment",
            status=status,
            booked_by=referral.created_by,
        )


@pytest.mark.parametrize(("level", "code"), [(Level.ICB, ICB_A), (Level.ENGLAND, None)])
def test_the_shared_figures_are_each_views_own(filters_for, level, code):
    _mixed_referrals()
    filters = filters_for(level, code)
    shared = cohort_figures(filters)
    assert shared.access == access(filters)
    assert (shared.declines, shared.decisions) == decisions_and_declines(filters)
    assert shared.journeys == journeys_by_group(filters)


def test_one_providers_figures_are_its_own(filters_for, make_user):
    owner = make_user("provider_manager").current_organisation
    owned = service_in(LA_A1, owner=owner)
    referrals(owned, 3, state="completed", submitted_on=IN_PERIOD, moves=[("accepted", "", _after(2))])
    _mixed_referrals()
    owner = owner.pk
    filters = filters_for(Level.ICB, ICB_A)
    assert cohort_figures(filters, owner_organisation_id=owner).access == access(
        filters, owner_organisation_id=owner
    )


def test_kept_figures_cost_two_queries_and_figures_not_kept_cost_seven(
    filters_for, django_assert_num_queries
):
    _mixed_referrals()
    filters = filters_for(Level.ICB, ICB_A)
    first = cohort_figures(filters)
    # Whether the facts are current, and when each month's last changed.
    with django_assert_num_queries(2):
        assert cohort_figures(filters) == first
    cache.clear()  # as another web server, or this one after a restart: the facts are shared
    # Those two, then the cohort (all twelve months at once), its overrides, services' tiers, the
    # gazetteer, and which services cover the area's local authorities (for people with no home).
    with django_assert_num_queries(7):
        assert cohort_figures(filters).access == first.access


def _queries_to_catch_up(filters, changed: int) -> int:
    cohort_figures(filters)
    referrals(service_in(LA_A1), changed, state="completed", submitted_on=IN_PERIOD)
    with CaptureQueriesContext(connection) as queries:
        figures = cohort_figures(filters)
    assert figures.access == access(filters)
    return len(queries)


def test_a_change_is_caught_up_in_the_same_queries_however_many_referrals_changed(filters_for):
    _mixed_referrals()
    filters = filters_for(Level.ICB, ICB_A)
    one = _queries_to_catch_up(filters, 1)
    many = _queries_to_catch_up(filters, 12)
    assert one == many
    assert one <= 20  # the catch-up's own, then the seven of a read not kept


def test_a_changed_referral_means_the_figures_are_worked_out_again(filters_for):
    _mixed_referrals()
    filters = filters_for(Level.ICB, ICB_A)
    before = cohort_figures(filters)
    referral = Referral.objects.filter(state="submitted").first()
    referral.state = "completed"
    referral.save()
    after = cohort_figures(filters)
    assert after.access.funnel.completed == before.access.funnel.completed + 1


def test_a_change_means_only_its_months_are_read_again(filters_for, monkeypatch):
    _mixed_referrals()
    filters = filters_for(Level.ICB, ICB_A)
    read = []
    tallies_of = facts._tallies_of
    monkeypatch.setattr(
        facts, "_tallies_of", lambda f, months, *rest: read.append(months) or tallies_of(f, months, *rest)
    )
    before = cohort_figures(filters)
    assert read == [facts._months(filters)]  # nothing kept yet: every month, in one read
    referrals(service_in(LA_A1), 2, state="completed", submitted_on=datetime.date(2025, 11, 20))
    after = cohort_figures(filters)
    assert read[1:] == [[datetime.date(2025, 11, 1)]]
    assert after.access.funnel.submitted == before.access.funnel.submitted + 2
    assert after == cohort_figures(facts.InsightFilters(filters.area, filters.date_from, filters.date_to))
    cache.clear()
    assert after.access == cohort_figures(filters).access == access(filters)


def test_the_page_says_when_its_figures_were_worked_out(filters_for, client_for):
    _mixed_referrals()
    page = (
        client_for(Role.COMMISSIONER)
        .get(
            reverse("insight:waits"),
            {"level": "icb", "area": ICB_A, "from": "2025-04-01", "to": "2026-03-31"},
        )
        .content.decode()
    )
    assert "Figures worked out at" in page
    assert "show within 5 minutes" in page


@pytest.mark.django_db
def test_people_with_no_home_are_counted_where_no_area_can_be_compared():
    """England's compared areas are NHS regions; with no local authority in one yet (a gazetteer not
    imported), a person with no recorded home is still counted as placed by service, in no area."""
    filters = InsightFilters(ENGLAND_AREA, datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    referrals(service_in(), 2, submitted_on=IN_PERIOD)  # all of England, homes not recorded
    figures = cohort_figures(filters)
    assert (figures.people_by_child, figures.placed_by_service) == ({}, 2)
    assert raw_rows(Referral.objects.filter(id__in=[])) == []


def test_a_referral_is_counted_in_its_uk_month_and_a_change_to_it_marks_that_month(filters_for):
    """Just after midnight on 1 April in summer time is still 31 March in UTC: the referral is April's,
    in the period's read and in the month its changes mark."""
    referral = referrals(service_in(LA_A1), 1, state="submitted", submitted_on=datetime.date(2025, 3, 31))[0]
    first_of_april = datetime.datetime(2025, 3, 31, 23, 30, tzinfo=datetime.UTC)
    Referral.objects.filter(pk=referral.pk).update(submitted_at=first_of_april, updated_at=timezone.now())

    def submitted(date_from, date_to):
        return cohort_figures(filters_for(Level.ICB, ICB_A, date_from, date_to)).access.funnel.submitted

    march, april = (
        (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31)),
        (datetime.date(2025, 4, 1), datetime.date(2025, 4, 30)),
    )
    assert (submitted(*march), submitted(*april), submitted(march[0], april[1])) == (0, 1, 1)
    assert FactsMonth.objects.filter(month=datetime.date(2025, 4, 1)).exists()
    assert not FactsMonth.objects.filter(month=datetime.date(2025, 3, 1)).exists()


def test_commissioners_asking_at_once_read_each_month_once(filters_for, monkeypatch):
    """Threads of one web server asking for an area's months at once: one reads, the rest use its tallies."""
    read = []

    def slow_read(filters, months, *rest):
        read.append(list(months))
        time.sleep(0.2)  # long enough for every other thread to be waiting
        return {month: CohortTally() for month in months}

    monkeypatch.setattr(facts, "_tallies_of", slow_read)
    filters = filters_for(Level.ICB, ICB_A)
    months = facts._months(filters)
    asking = [
        threading.Thread(
            target=facts._period_tally, args=(filters, months, (None,) * len(months), None, True)
        )
        for _ in range(4)
    ]
    for thread in asking:
        thread.start()
    for thread in asking:
        thread.join()
    assert read == [months]
