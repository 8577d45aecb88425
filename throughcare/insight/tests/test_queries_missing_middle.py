"""View 2's aggregates: needs too high or too low, and unmet need by need and area."""

import datetime

from throughcare.insight.areas import Level
from throughcare.insight.queries.missing_middle import (
    too_high_or_too_low_by_tier,
    unmet_need_by_need_and_area,
)
from throughcare.insight.reports.missing_middle import missing_middle_report
from throughcare.insight.tests.helpers import ICB_A, ICB_B, LA_A1, LA_A2, LA_B1, referrals, service_in
from throughcare.matching.models import UnmetNeed

IN_PERIOD = datetime.date(2025, 9, 1)
HIGH, LOW = "outside_criteria_needs_too_high", "outside_criteria_needs_too_low"


def _unmet(la, *needs, day=IN_PERIOD):
    UnmetNeed.objects.create(recorded_on=day, local_authority_code=la, need_codes=list(needs))


def test_only_needs_too_high_or_too_low_are_counted(filters_for):
    service = service_in(LA_A1, tier="primary")
    for count, reason in ((3, HIGH), (2, LOW), (4, "no_capacity")):
        referrals(
            service, count, state="declined", submitted_on=IN_PERIOD, moves=[("declined", reason, IN_PERIOD)]
        )
    assert too_high_or_too_low_by_tier(filters_for(Level.ICB, ICB_A)) == {
        (HIGH, "primary"): 3,
        (LOW, "primary"): 2,
    }


def test_unmet_need_is_unpacked_by_need_and_local_authority(filters_for):
    _unmet(LA_A1, "psychosis", "trauma")
    _unmet(LA_A1, "psychosis")
    _unmet(LA_A2, "anxiety")
    _unmet(LA_B1, "psychosis")
    _unmet(LA_A1, "psychosis", day=datetime.date(2024, 1, 1))
    assert unmet_need_by_need_and_area(filters_for(Level.ICB, ICB_A)) == {
        (LA_A1, "psychosis"): 2,
        (LA_A1, "trauma"): 1,
        (LA_A2, "anxiety"): 1,
    }


def test_england_groups_unmet_need_by_icb_and_keeps_records_without_an_area(filters_for):
    _unmet(LA_A1, "psychosis")
    _unmet(LA_A2, "psychosis")
    _unmet(LA_B1, "psychosis")
    _unmet("", "psychosis")
    assert unmet_need_by_need_and_area(filters_for()) == {
        (ICB_A, "psychosis"): 2,
        (ICB_B, "psychosis"): 1,
        ("", "psychosis"): 1,
    }


def test_each_aggregate_is_one_query(filters_for, django_assert_num_queries):
    for _n in range(4):
        _unmet(LA_A1, "psychosis", "anxiety")
    filters = filters_for(Level.ICB, ICB_A)
    for query in (too_high_or_too_low_by_tier, unmet_need_by_need_and_area):
        with django_assert_num_queries(1):
            query(filters)


def test_unmet_need_below_england_is_suppressed(filters_for):
    for la, need, count in (
        (LA_A1, "psychosis", 3),
        (LA_A2, "psychosis", 12),
        (LA_A1, "anxiety", 30),
        (LA_A2, "anxiety", 23),
        (LA_A1, "trauma", 9),
        (LA_A2, "trauma", 10),
    ):
        for _ in range(count):
            _unmet(la, need)
    table = missing_middle_report(filters_for(Level.ICB, ICB_A)).tables[1]
    rows = {row.label: dict(zip(table.columns, row.cells, strict=False)) for row in table.rows}
    assert rows["Manchester"]["Psychosis"].text == "*"
    # Hiding 3 needs a rectangle of hidden cells: the cheapest runs through trauma.
    assert [rows["Bolton"][need].suppressed for need in ("Psychosis", "Trauma and PTSD")] == ["secondary"] * 2
    assert rows["Bolton"]["Anxiety"].text == "25"
