"""Waiting-time percentiles and shares."""

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from throughcare.insight.statistics import percentile, share_within, summarise_waits


def test_percentile_matches_excel_percentile_inc():
    """Microsoft support, PERCENTILE.INC function,
    https://support.microsoft.com/en-gb/office/percentile-inc-function-680f9539-45eb-410b-9a5e-c1355e5fe2ed :
    PERCENTILE.INC({1,3,2,4}, 0.3) = 1.9."""
    assert percentile([1, 3, 2, 4], 0.3) == pytest.approx(1.9)


def test_median_of_an_even_count_is_the_midpoint():
    assert percentile([10, 20, 30, 40], 0.5) == 25


@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=2, max_size=50), st.integers(1, 99))
def test_percentile_agrees_with_python_inclusive_quantiles(durations, percent):
    cut_points = statistics.quantiles(durations, n=100, method="inclusive")
    assert percentile(durations, percent / 100) == pytest.approx(cut_points[percent - 1])


def test_share_within_counts_the_boundary_day_as_within():
    share = share_within([0, 42, 43, 126, 127], 6)
    assert (share.within, share.people) == (2, 5)
    assert share.proportion == 0.4
    assert share.interval.lower < 0.4 < share.interval.upper


def test_summarise_waits():
    summary = summarise_waits([7, 14, 21, 28, 35, 42, 49, 56, 63, 130])
    assert summary.people == 10
    assert summary.median_days == 38.5
    assert summary.percentile_90_days == pytest.approx(69.7)
    assert summary.within_6_weeks.within == 6
    assert summary.within_18_weeks.within == 9


@pytest.mark.parametrize(
    ("durations", "message"),
    [
        ([], r"^A waiting-time summary needs at least one person\.$"),
        ([3, -1], r"^A duration cannot be negative; got -1 days\.$"),
        ([3, None], r"^Each duration must be a number of days; got None\.$"),
    ],
)
def test_summarise_waits_refuses_bad_durations(durations, message):
    with pytest.raises(ValueError, match=message):
        summarise_waits(durations)


def test_percentile_refuses_a_fraction_above_1():
    with pytest.raises(ValueError, match=r"^The percentile must be a fraction from 0 to 1; got 90\.$"):
        percentile([1, 2], 90)


def test_share_within_refuses_fractional_weeks():
    with pytest.raises(ValueError, match=r"^Weeks must be a whole number of 0 or more; got 6\.5\.$"):
        share_within([1, 2], 6.5)
