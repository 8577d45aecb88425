"""View 3's aggregates: the referral funnel and time to decision."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from throughcare.appointments.models import Appointment
from throughcare.insight.areas import Level
from throughcare.insight.queries import waits
from throughcare.insight.queries.waits import days_to_decision, histogram_percentile, referral_funnel, within
from throughcare.insight.reports.waits import waits_report
from throughcare.insight.statistics import percentile
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_B1, at, referrals, service_in

SUBMITTED = datetime.date(2025, 9, 1)


def _after(days):
    return SUBMITTED + datetime.timedelta(days=days)


def _appointment(referral, status):
    Appointment.objects.create(
        referral=referral,
        starts_at=at(_after(10)),
        duration_minutes=50,
        mode="in_person",
        purpose="assessment",
        status=status,
        booked_by=referral.created_by,
    )


def test_the_funnel_counts_each_stage_of_referrals_submitted_in_the_period(filters_for):
    service = service_in(LA_A1)
    completed = referrals(
        service, 4, submitted_on=SUBMITTED, state="completed", moves=[("accepted", "", _after(3))]
    )
    referrals(
        service, 2, submitted_on=SUBMITTED, state="in_treatment", moves=[("assessment_booked", "", _after(3))]
    )
    referrals(
        service, 5, submitted_on=SUBMITTED, state="declined", moves=[("declined", "no_capacity", _after(1))]
    )
    referrals(service_in(LA_B1), 7, submitted_on=SUBMITTED)  # another ICB
    for referral, status in zip(
        completed, ("attended", "attended_late", "attended", "did_not_attend"), strict=True
    ):
        _appointment(referral, status)
    assert referral_funnel(filters_for(Level.ICB, ICB_A)) == waits.Funnel(11, 6, 3, 4)


def test_without_appointments_the_stage_is_not_recorded_yet(filters_for, monkeypatch):
    referrals(service_in(LA_A1), 9, submitted_on=SUBMITTED)
    monkeypatch.setattr(waits, "appointments_recorded", lambda: False)
    assert referral_funnel(filters_for()).first_appointment is None
    rows = {row.label: row.cells for row in waits_report(filters_for()).tables[0].rows}
    assert rows["First appointment attended"][0].text == "Not recorded yet"


def test_days_to_decision_take_the_first_decision(filters_for):
    service = service_in(LA_A1)
    referrals(
        service,
        2,
        submitted_on=SUBMITTED,
        state="accepted",
        moves=[("waitlisted", "", _after(10)), ("accepted", "", _after(60))],
    )
    referrals(
        service, 3, submitted_on=SUBMITTED, state="declined", moves=[("declined", "no_capacity", _after(50))]
    )
    referrals(service, 1, submitted_on=SUBMITTED)  # not decided yet
    # Withdrawn after a decision: its history is read, since the state alone does not say.
    referrals(service, 1, submitted_on=SUBMITTED, state="withdrawn", moves=[("accepted", "", _after(7))])
    referrals(service, 1, submitted_on=SUBMITTED, state="withdrawn")  # withdrawn before any decision
    assert days_to_decision(filters_for(Level.ICB, ICB_A)) == {7: 1, 10: 2, 50: 3}


def test_each_aggregate_is_one_query(filters_for, django_assert_num_queries):
    for n in range(1, 5):
        referrals(
            service_in(LA_A1),
            n,
            submitted_on=SUBMITTED,
            state="accepted",
            moves=[("accepted", "", _after(n))],
        )
    filters = filters_for(Level.ICB, ICB_A)
    for query in (referral_funnel, days_to_decision):
        with django_assert_num_queries(1):
            query(filters)


def test_a_provider_counts_only_its_own_services(filters_for, make_user):
    manager = make_user("provider_manager")
    referrals(service_in(LA_A1, owner=manager.current_organisation), 2, submitted_on=SUBMITTED)
    referrals(service_in(LA_A1), 5, submitted_on=SUBMITTED)
    assert (
        referral_funnel(filters_for(), owner_organisation_id=manager.current_organisation_id).submitted == 2
    )


@given(st.lists(st.integers(0, 400), min_size=1, max_size=60), st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0]))
def test_histogram_percentiles_match_the_list_percentile(values, fraction):
    histogram = {}
    for value in values:
        histogram[value] = histogram.get(value, 0) + 1
    assert histogram_percentile(histogram, fraction) == pytest.approx(percentile(values, fraction))


def test_the_boundary_day_counts_as_within():
    assert within({42: 1, 43: 1, 126: 2, 127: 1}, 6) == 1
    assert within({42: 1, 43: 1, 126: 2, 127: 1}, 18) == 4


def test_median_and_shares_are_hidden_below_8_decisions(filters_for):
    referrals(
        service_in(LA_A1), 5, submitted_on=SUBMITTED, state="accepted", moves=[("accepted", "", _after(3))]
    )
    rows = {row.label: row.cells[0] for row in waits_report(filters_for(Level.ICB, ICB_A)).tables[1].rows}
    assert rows["Referrals decided"].text == "*"
    assert rows["Median days to decision"].suppressed == "small_base"
    assert rows["Decided within 6 weeks"].text == "*"


def test_median_and_shares_are_shown_with_enough_decisions(filters_for):
    service = service_in(LA_A1)
    referrals(service, 12, submitted_on=SUBMITTED, state="accepted", moves=[("accepted", "", _after(10))])
    referrals(
        service, 8, submitted_on=SUBMITTED, state="declined", moves=[("declined", "no_capacity", _after(100))]
    )
    rows = {row.label: row.cells[0] for row in waits_report(filters_for()).tables[1].rows}
    assert rows["Median days to decision"].text == "10.0"
    # Worked out from the published counts: 12 rounds to 10 and 20 stays 20, so 50%, not the true 60%.
    assert rows["Decided within 6 weeks"].text == "50.0%"
    assert rows["Decided within 18 weeks"].text == "100.0%"
