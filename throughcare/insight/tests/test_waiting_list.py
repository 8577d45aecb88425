"""The waiting-list "what if" model against Fong et al.'s worked example.

Source for every figure here: NHS-R Community, NHSRwaitinglist, "Walkthrough a real waiting list
example" (the P4 ENT list from Fong et al. 2022, medRxiv https://doi.org/10.1101/2022.08.23.22279117),
https://github.com/nhs-r-community/NHSRwaitinglist/blob/main/vignettes/example_walkthrough.Rmd and
the function reference
https://stat.ethz.ch/CRAN/web/packages/NHSRwaitinglist/refman/NHSRwaitinglist.html :
queue 1,200; target 52 weeks; mean wait 63 weeks; demand 30 a week; capacity 27 a week.
"""

import pytest

from throughcare.insight.statistics import (
    littles_law_mean_wait,
    littles_law_queue_size,
    queue_after,
    queue_load,
    relief_capacity,
    target_capacity,
    target_mean_wait,
    target_queue_size,
    waiting_list_pressure,
    weeks_to_target,
    what_if,
)


def test_load_is_demand_over_capacity():
    """Walkthrough: load 30 / 27 = 1.11, above 1, so the list grows."""
    assert round(queue_load(30, 27), 2) == 1.11


def test_target_mean_wait_is_a_quarter_of_the_target():
    """Walkthrough: for a 52-week target the mean wait should be 13 weeks."""
    assert target_mean_wait(52) == 13


def test_target_queue_size_by_littles_law():
    """calc_target_queue_size documentation: 30 x 52 / 4 = 390 patients (Little's law, L = lambda W,
    with lambda = 30 a week and W = 13 weeks)."""
    assert target_queue_size(30, 52) == 390
    assert littles_law_queue_size(30, 13) == 390
    assert littles_law_mean_wait(390, 30) == 13


def test_relief_capacity_to_reach_the_target_queue_in_26_weeks():
    """calc_relief_capacity documentation: 30 + (1200 - 390) / 26 = 61.15 patients a week."""
    assert round(relief_capacity(30, 1200, 390, 26), 2) == 61.15


def test_weeks_to_target_undoes_relief_capacity():
    assert weeks_to_target(30, 30 + 810 / 26, 1200, 390) == pytest.approx(26)


def test_weeks_to_target_is_none_when_capacity_does_not_exceed_demand():
    assert weeks_to_target(30, 27, 1200, 390) is None


def test_weeks_to_target_is_zero_when_already_there():
    assert weeks_to_target(30, 27, 300, 390) == 0


def test_target_capacity_by_kingmans_formula():
    """calc_target_capacity: demand + (cv_d^2 + cv_c^2)/2 x 4/target = 30 + 4/52 = 30.08."""
    assert round(target_capacity(30, 52), 2) == 30.08


def test_waiting_list_pressure_for_p4_and_p2_lists():
    """Walkthrough: P4 pressure 2 x 63 / 52 = 2.42; P2 pressure 2 x 24 / 4 = 12, about 5 times higher."""
    assert round(waiting_list_pressure(63, 52), 2) == 2.42
    assert waiting_list_pressure(24, 4) == 12


def test_queue_after_grows_by_the_shortfall_and_never_goes_below_zero():
    assert queue_after(1200, 30, 27, 10) == 1230
    assert queue_after(100, 30, 80, 10) == 0


def test_what_if_brings_the_measures_together():
    result = what_if(
        demand=30, capacity=27, queue_size=1200, target_wait=52, weeks_to_clear=26, extra_capacity=9
    )
    assert round(result.load, 2) == 1.11
    assert result.mean_wait == 40  # Little's law: 1,200 waiting / 30 a week
    assert result.target_queue == 390
    assert round(result.queue_ratio, 1) == 3.1
    assert round(result.relief_capacity, 2) == 61.15
    assert result.weeks_to_target == pytest.approx(810 / 6)  # 36 a week against demand of 30


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: queue_load(30, 0), r"^The capacity must be a number above 0; got 0\.$"),
        (
            lambda: relief_capacity(30, 1200, 390, 0),
            r"^The number of weeks must be a number above 0; got 0\.$",
        ),
        (lambda: target_queue_size(-1, 52), r"^The arrival rate must be a number of 0 or more; got -1\.$"),
        (lambda: littles_law_mean_wait(10, 0), r"^The arrival rate must be a number above 0; got 0\.$"),
    ],
)
def test_waiting_list_refuses_impossible_inputs(call, message):
    with pytest.raises(ValueError, match=message):
        call()
