"""Confidence intervals against published worked examples."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from throughcare.insight.statistics import (
    byar_interval,
    exact_poisson_interval,
    log_wald_interval,
    poisson_interval,
    wilson_interval,
    z_for,
)
from throughcare.insight.statistics.intervals import byar_lower, byar_upper, solve_decreasing


@pytest.mark.parametrize(
    ("successes", "trials", "lower", "upper"),
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_interval_matches_newcombe(successes, trials, lower, upper):
    """Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
    methods. Statistics in Medicine 1998;17:857-872, https://doi.org/10.1002/(SICI)1097-0258(19980430)17:8%3C857::AID-SIM777%3E3.0.CO;2-E
    Table II, method 3 (score, no continuity correction): 81/263 -> 0.2553 to 0.3662;
    15/148 -> 0.0624 to 0.1605; 0/20 -> 0 to 0.1611; 1/29 -> 0.0061 to 0.1718."""
    interval = wilson_interval(successes, trials)
    assert round(interval.lower, 4) == lower
    assert round(interval.upper, 4) == upper
    assert interval.estimate == successes / trials


def test_wilson_interval_reaches_1_when_every_trial_succeeds():
    interval = wilson_interval(29, 29)
    assert interval.upper == 1
    assert interval.lower == pytest.approx(0.8830, abs=1e-4)


def test_z_for_the_two_funnel_levels():
    assert z_for(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_for(0.998) == pytest.approx(3.090232, abs=1e-6)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5])
def test_z_for_refuses_a_confidence_outside_0_and_1(confidence):
    with pytest.raises(ValueError, match=r"^Confidence must be between 0 and 1 \(0.95 for 95%\); got"):
        z_for(confidence)


@pytest.mark.parametrize(
    ("successes", "trials", "message"),
    [
        (5, 0, r"^A proportion needs at least one trial; got 0\.$"),
        (6, 5, r"^Successes \(6\) cannot exceed trials \(5\)\.$"),
        (-1, 5, r"^The number of successes must be a whole number of 0 or more; got -1\.$"),
        (1.5, 5, r"^The number of successes must be a whole number of 0 or more; got 1\.5\.$"),
    ],
)
def test_wilson_interval_refuses_impossible_counts(successes, trials, message):
    with pytest.raises(ValueError, match=message):
        wilson_interval(successes, trials)


def test_exact_poisson_interval_matches_desctools_horse_kicks():
    """DescTools PoissonCI documentation, horse-kick example (196 deaths in 280 corps-years),
    https://andrisignorell.github.io/DescTools/dev/reference/PoissonCI.html :
    exact 0.7 (0.6054271 to 0.8051570)."""
    interval = exact_poisson_interval(196)
    assert interval.lower / 280 == pytest.approx(0.6054271, abs=1e-7)
    assert interval.upper / 280 == pytest.approx(0.8051570, abs=1e-7)


def test_exact_poisson_upper_limit_for_no_events_matches_epitools():
    """epitools pois.conf.int documentation,
    https://search.r-project.org/CRAN/refmans/epitools/html/pois.conf.int.html :
    "When x = 0 ... pois.exact returns 3.689"."""
    interval = exact_poisson_interval(0)
    assert interval.lower == 0
    assert round(interval.upper, 3) == 3.689


@pytest.mark.parametrize("observed", [10, 25, 65, 196, 1045])
def test_byar_is_within_a_fifth_of_a_percent_of_exact_from_10_events(observed):
    """PHE Technical Guide: Confidence Intervals (Public Health Data Science, 25 May 2018),
    https://fingertips.phe.org.uk/profile/guidance (copy at https://dokumen.tips/documents/technical-guide-confidence-intervals-confidence-intervals-byars-method-is-within.html):
    "For 95% confidence intervals, Byar's method is within 0.2% of the exact value for numerators
    of 10 or more"."""
    byar, exact = byar_interval(observed), exact_poisson_interval(observed)
    assert byar.lower == pytest.approx(exact.lower, rel=0.002)
    assert byar.upper == pytest.approx(exact.upper, rel=0.002)


def test_byar_formula_for_ten_events():
    """Byar's formula (Breslow & Day 1987, as in the PHE technical guide, Appendix 1) for O = 10:
    10 (1 - 1/90 - 1.959964/(3 sqrt 10))^3 = 4.7874 and 11 (1 - 1/99 + 1.959964/(3 sqrt 11))^3 = 18.3915."""
    interval = byar_interval(10)
    assert interval.lower == pytest.approx(4.7874, abs=1e-4)
    assert interval.upper == pytest.approx(18.3915, abs=1e-4)


def test_poisson_interval_is_exact_below_10_and_byar_from_10():
    assert poisson_interval(9) == exact_poisson_interval(9)
    assert poisson_interval(10) == byar_interval(10)


def test_byar_refuses_a_negative_count():
    with pytest.raises(
        ValueError, match=r"^The observed count must be a whole number of 0 or more; got -4\.$"
    ):
        byar_interval(-4)


def test_log_wald_interval_matches_a_published_relative_risk():
    """Heart (BMJ), Table 4 "Worked examples using the first study in table 3 (the Adventist
    study)", https://heart.bmj.com/highwire/markup/156479/expansion : female RR 2.15 (1.33 to 3.47)
    with SE of ln(RR) 0.244637; and the ratio of RRs exp(0.01878) with variance 0.165301 is
    1.02 (0.46 to 2.26)."""
    female = log_wald_interval(2.15, 0.244637)
    assert (round(female.lower, 2), round(female.upper, 2)) == (1.33, 3.47)
    ratio = log_wald_interval(math.exp(0.01878), math.sqrt(0.165301))
    assert (round(ratio.estimate, 2), round(ratio.lower, 2), round(ratio.upper, 2)) == (1.02, 0.46, 2.26)


@pytest.mark.parametrize(("estimate", "error"), [(0, 0.1), (-1, 0.1), (1.5, -0.1)])
def test_log_wald_interval_refuses_impossible_inputs(estimate, error):
    with pytest.raises(ValueError, match=r"^(A ratio must be above 0|A standard error cannot be negative)"):
        log_wald_interval(estimate, error)


@given(
    st.integers(min_value=1, max_value=10_000).flatmap(
        lambda trials: st.tuples(st.integers(min_value=0, max_value=trials), st.just(trials))
    ),
    st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.998]),
)
def test_wilson_bounds_lie_in_0_to_1_and_contain_the_proportion(counts, confidence):
    successes, trials = counts
    interval = wilson_interval(successes, trials, confidence)
    assert 0 <= interval.lower <= successes / trials <= interval.upper <= 1


@given(st.integers(min_value=0, max_value=5_000))
def test_poisson_interval_contains_the_count(observed):
    interval = poisson_interval(observed)
    assert 0 <= interval.lower <= observed <= interval.upper


def _every_step(function, low: float, high: float, iterations: int = 200) -> float:
    for _ in range(iterations):
        middle = (low + high) / 2
        if function(middle) > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@settings(max_examples=300, deadline=None)
@given(
    touching=st.floats(min_value=0.001, max_value=100_000),
    confidence=st.sampled_from([0.95, 0.998]),
    upper=st.booleans(),
)
def test_bisection_stopping_early_gives_the_answer_every_step_gives(touching, confidence, upper):
    """solve_decreasing stops once a step changes nothing; the answer is the one all 200 steps give."""
    bound = byar_lower if upper else byar_upper
    ceiling = touching + 40 * math.sqrt(touching + 1) + 40

    def gap(observed):
        return touching - bound(observed, confidence)

    assert solve_decreasing(gap, 0.0, ceiling) == _every_step(gap, 0.0, ceiling)
