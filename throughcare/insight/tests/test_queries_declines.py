"""View 4's aggregates: declines by reason and tier, decline rates, and matching rule exclusions."""

import datetime

from throughcare.insight.areas import Level
from throughcare.insight.queries.declines import (
    decisions_and_declines,
    decisions_by_tier,
    declines_by_reason_and_tier,
    exclusions_by_rule,
    outside_criteria_by_rule,
)
from throughcare.insight.reports.declines import declines_report
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_A2, LA_B1, referrals, service_in
from throughcare.matching.models import UnmetNeed

IN_PERIOD = datetime.date(2025, 9, 1)
TOO_HIGH = "outside_criteria_needs_too_high"


def _decline(service, count, reason=TOO_HIGH, day=IN_PERIOD):
    return referrals(service, count, state="declined", submitted_on=day, moves=[("declined", reason, day)])


def test_referrals_submitted_in_the_period_and_declined_are_counted_by_reason_and_tier(filters_for):
    primary, secondary = service_in(LA_A1, tier="primary"), service_in(LA_A2, tier="secondary")
    _decline(primary, 4)
    _decline(primary, 2, reason="no_capacity")
    _decline(secondary, 5)
    _decline(service_in(LA_B1, tier="primary"), 9)  # another ICB
    _decline(primary, 7, day=datetime.date(2024, 1, 1))  # before the period
    assert declines_by_reason_and_tier(filters_for(Level.ICB, ICB_A)) == {
        (TOO_HIGH, "primary"): 4,
        ("no_capacity", "primary"): 2,
        (TOO_HIGH, "secondary"): 5,
    }


def test_decision_rates_count_each_referral_once(filters_for):
    service = service_in(LA_A1, tier="primary")
    moves = [("waitlisted", "", IN_PERIOD), ("accepted", "", IN_PERIOD)]
    referrals(service, 6, state="accepted", submitted_on=IN_PERIOD, moves=moves)
    referrals(service, 2, state="acknowledged", submitted_on=IN_PERIOD)  # not decided yet
    _decline(service, 3)
    found = decisions_by_tier(filters_for(Level.ICB, ICB_A))
    assert [(d.tier, d.decided, d.declined) for d in found] == [("primary", 9, 3)]


def test_exclusions_add_up_each_rule_over_unmet_need_records(filters_for):
    for counts, la in (
        ({"area": 3, "tier": 1}, LA_A1),
        ({"area": 2, "capacity": 0}, LA_A2),
        ({"area": 5}, LA_B1),
    ):
        UnmetNeed.objects.create(recorded_on=IN_PERIOD, local_authority_code=la, exclusion_counts=counts)
    found = exclusions_by_rule(filters_for(Level.ICB, ICB_A))
    assert [(e.rule, e.searches, e.services) for e in found] == [("area", 2, 5), ("tier", 1, 1)]


def test_each_aggregate_is_one_query(filters_for, django_assert_num_queries):
    for n in range(1, 5):
        _decline(service_in(LA_A1, tier="primary"), n)
    filters = filters_for(Level.ICB, ICB_A)
    for query in (decisions_and_declines, exclusions_by_rule, outside_criteria_by_rule):
        with django_assert_num_queries(1):
            query(filters)


def test_the_reason_table_hides_small_counts_and_rounds_others(filters_for):
    service = service_in(LA_A1, tier="primary")
    _decline(service, 3, reason="no_capacity")
    _decline(service, 23)
    _decline(service, 11, reason="could_not_contact")
    table = declines_report(filters_for(Level.ICB, ICB_A)).tables[0]
    cells = {row.label: row.cells[0] for row in table.rows}
    assert cells["The service has no places"].text == "*"
    assert cells["Outside the service's criteria: needs are too high for it"].text == "25"
    assert cells["Could not contact the person"].suppressed == "secondary"


def test_a_decline_rate_on_fewer_than_8_referrals_is_not_shown(filters_for):
    _decline(service_in(LA_A1, tier="primary"), 5)
    rate = declines_report(filters_for()).tables[1].rows[0].cells[2]
    assert (rate.text, rate.suppressed) == ("*", "small_base")


def _outside(service, count, rule_codes, day=IN_PERIOD):
    from django.utils import timezone

    from throughcare.referrals.models import OutsideCriteria

    made = referrals(service, count, submitted_on=day)
    OutsideCriteria.objects.bulk_create(
        OutsideCriteria(
            referral=referral,
            rule_code=code,
            rule_text=code,
            recorded_by=referral.created_by,
            recorded_at=timezone.now(),
        )
        for referral in made
        for code in rule_codes
    )


def test_referrals_outside_criteria_are_counted_by_rule_and_shown_with_disclosure_control(filters_for):
    service = service_in(LA_A1, tier="primary")
    _outside(service, 12, ["age", "womens_pathway"])
    _outside(service, 3, ["age"])
    _outside(service_in(LA_B1, tier="primary"), 9, ["age"])  # another ICB
    _outside(service, 6, ["age"], day=datetime.date(2024, 1, 1))  # before the period
    filters = filters_for(Level.ICB, ICB_A)
    assert outside_criteria_by_rule(filters) == {"age": 15, "womens_pathway": 12}
    table = next(t for t in declines_report(filters).tables if t.key == "outside_criteria")
    cells = {row.label: row.cells[0].text for row in table.rows}
    assert cells == {
        "Outside its age range": "15",
        "The women's pathway is for women, by their gender as recorded in their own words": "10",
    }
