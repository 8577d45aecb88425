"""Funnel-plot control limits against PHE/UKHSA's published reference figures."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from throughcare.insight.statistics import (
    FunnelPosition,
    pooled_target,
    proportion_funnel_curve,
    proportion_funnel_limits,
    proportion_position,
    ratio_funnel_limits,
)

# PHEindicatormethods (UKHSA), reference output for proportion funnels,
# https://github.com/ukhsa-collaboration/PHEindicatormethods/blob/master/tests/testthat/testdata_funnel_prop_outputs.csv
# Baseline 80.642448%; columns Population, Lower2s0025limit, Upper2s0025limit, Lower3s0001limit,
# Upper3s0001limit (percentages, clipped to 0-100).
PHE_TARGET = 0.80642448
PHE_PROPORTION_ROWS = [
    (10, 56.154344, 100, 42.03259, 100),
    (50, 69.691035, 91.593861, 63.375595, 97.909301),
    (1008, 78.203374, 83.081521, 76.796814, 84.488082),
    (110000, 80.408963, 80.875933, 80.274317, 81.010578),
]


@pytest.mark.parametrize(
    ("denominator", "lower_95", "upper_95", "lower_998", "upper_998"), PHE_PROPORTION_ROWS
)
def test_proportion_limits_match_phe_reference_output(denominator, lower_95, upper_95, lower_998, upper_998):
    """PHEindicatormethods testdata_funnel_prop_outputs.csv (see PHE_PROPORTION_ROWS): e.g. at a
    denominator of 50, 95% limits 69.691035% to 91.593861%, 99.8% limits 63.375595% to 97.909301%.
    The baseline is published to 6 decimal places, hence the 0.00001 point tolerance."""
    limits = proportion_funnel_limits(PHE_TARGET, denominator)
    assert limits.lower_95 * 100 == pytest.approx(lower_95, abs=1e-5)
    assert limits.upper_95 * 100 == pytest.approx(upper_95, abs=1e-5)
    assert limits.lower_99_8 * 100 == pytest.approx(lower_998, abs=1e-5)
    assert limits.upper_99_8 * 100 == pytest.approx(upper_998, abs=1e-5)


# PHEindicatormethods (UKHSA), reference output for ratio funnels (exact Poisson limits),
# https://github.com/ukhsa-collaboration/PHEindicatormethods/blob/master/tests/testthat/testdata_funnel_ratio_outputs.csv
# Row "Observed_events 100": lower_2s_exp_events 121.6268111 -> lower_2s_isr 82.21871402;
# upper_2s_exp_events 81.36400699 -> upper_2s_isr 122.9044681; lower_3s_exp_events 134.9243187 ->
# lower_3s_isr 74.11562345; upper_3s_exp_events 71.92139974 -> upper_3s_isr 139.0406755.
@pytest.mark.parametrize(
    ("expected", "limit", "ratio_percent", "tolerance"),
    [
        (121.6268111, "lower_95", 82.21871402, 0.0005),
        (81.36400699, "upper_95", 122.9044681, 0.0005),
        (134.9243187, "lower_99_8", 74.11562345, 0.0005),
        (71.92139974, "upper_99_8", 139.0406755, 0.0005),
        # Row "Observed_events 10": Byar is an approximation, close to exact from 10 events.
        (18.39035799, "lower_95", 54.3763205, 0.002),
        (4.795387629, "upper_95", 208.5337156, 0.002),
        (24.13397235, "lower_99_8", 41.43536693, 0.01),
        (2.960519925, "upper_99_8", 337.778507, 0.01),
    ],
)
def test_ratio_limits_are_close_to_phe_exact_reference_output(expected, limit, ratio_percent, tolerance):
    """PHEindicatormethods testdata_funnel_ratio_outputs.csv (rows quoted above). Our ratio limits
    use Byar's method, so they agree within 0.05% at 100 events and within 0.2% (95%) or 1% (99.8%)
    at 10 events, as the PHE technical guide says of Byar's method."""
    got = getattr(ratio_funnel_limits(expected), limit) * 100
    assert got == pytest.approx(ratio_percent, rel=tolerance)


@pytest.mark.parametrize(
    ("numerator", "position"),
    [
        (44, FunnelPosition.ABOVE_99_8),
        (34, FunnelPosition.ABOVE_95),
        (25, FunnelPosition.WITHIN),
        (16, FunnelPosition.BELOW_95),
        (8, FunnelPosition.BELOW_99_8),
    ],
)
def test_proportion_position(numerator, position):
    # Target 50% at 50 people: 95% limits 36.1% to 63.9%; 99.8% limits 28.1% to 71.9%.
    assert proportion_position(numerator, 50, 0.5) is position


def test_a_value_on_a_limit_counts_as_within_it():
    limits = proportion_funnel_limits(0.5, 100)
    assert proportion_position(50, 100, 0.5) is FunnelPosition.WITHIN
    assert limits.upper_95 > 0.5


def test_pooled_target_is_all_numerators_over_all_denominators():
    assert pooled_target([10, 30], [100, 100]) == 0.2


def test_pooled_target_needs_people():
    with pytest.raises(ValueError, match=r"^The funnel needs at least one area with people in it\.$"):
        pooled_target([], [])


@pytest.mark.parametrize(
    ("target", "denominator", "message"),
    [
        (1.2, 10, r"^The target proportion must be between 0 and 1; got 1\.2\.$"),
        (0.5, 0, r"^The denominator must be above 0; got 0\.$"),
    ],
)
def test_proportion_limits_refuse_bad_input(target, denominator, message):
    with pytest.raises(ValueError, match=message):
        proportion_funnel_limits(target, denominator)


def test_proportion_position_refuses_a_numerator_above_the_denominator():
    with pytest.raises(ValueError, match=r"^The numerator must be between 0 and the denominator; got 11\.$"):
        proportion_position(11, 10, 0.5)


def test_curve_runs_from_1_to_the_largest_denominator():
    curve = proportion_funnel_curve(0.3, 5000, points=50)
    assert curve[0].denominator == 1
    assert curve[-1].denominator == 5000
    assert [limit.denominator for limit in curve] == sorted({limit.denominator for limit in curve})


@given(
    st.floats(min_value=0.01, max_value=0.99),
    st.integers(min_value=1, max_value=100_000),
    st.integers(min_value=1, max_value=100_000),
)
def test_proportion_limits_narrow_as_the_denominator_grows(target, smaller, extra):
    narrow, wide = (
        proportion_funnel_limits(target, smaller + extra),
        proportion_funnel_limits(target, smaller),
    )
    assert narrow.upper_95 - narrow.lower_95 <= wide.upper_95 - wide.lower_95
    assert narrow.upper_99_8 - narrow.lower_99_8 <= wide.upper_99_8 - wide.lower_99_8
    assert wide.lower_99_8 <= wide.lower_95 <= target <= wide.upper_95 <= wide.upper_99_8


@given(st.floats(min_value=1, max_value=10_000), st.floats(min_value=1.01, max_value=10))
def test_ratio_limits_narrow_as_expected_events_grow(expected, growth):
    narrow, wide = ratio_funnel_limits(expected * growth), ratio_funnel_limits(expected)
    assert narrow.lower_95 >= wide.lower_95 - 1e-9
    assert narrow.upper_95 <= wide.upper_95 + 1e-9
    assert wide.lower_99_8 <= wide.lower_95 <= 1 <= wide.upper_95 <= wide.upper_99_8
