"""The relative rate index against the White group, its interval and the flag rule."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from throughcare.insight.statistics import (
    Disparity,
    GroupCount,
    by_ethnic_group,
    relative_rate_index,
    relative_rate_indices,
)


def test_relative_rate_index_and_its_log_wald_interval():
    """Boston University School of Public Health, "Confidence interval for a risk ratio",
    https://sphweb.bumc.bu.edu/otlt/mph-modules/ep/ep713_randomerror/ada_files/ada_equation37.html :
    exp(ln RR -/+ 1.96 sqrt(1/a - 1/N1 + 1/c - 1/N0)). With 40 of 200 against 50 of 500:
    RR = 0.2 / 0.1 = 2; SE = sqrt(1/40 - 1/200 + 1/50 - 1/500) = sqrt(0.038) = 0.194936;
    95% CI (worked by hand from that formula) exp(0.693147 -/+ 0.382067) = 1.3649 to 2.9306."""
    result = relative_rate_index(GroupCount(40, 200), GroupCount(50, 500), group="black")
    assert result.index == pytest.approx(2.0)
    assert result.interval.lower == pytest.approx(1.3649, abs=1e-4)
    assert result.interval.upper == pytest.approx(2.9306, abs=1e-4)
    assert result.disparity is Disparity.HIGHER


def test_a_lower_rate_is_flagged_lower():
    result = relative_rate_index(GroupCount(20, 400), GroupCount(100, 1000))
    assert result.index == pytest.approx(0.5)
    assert result.disparity is Disparity.LOWER


def test_an_interval_excluding_1_inside_the_band_is_not_flagged():
    # 11% against 10% in large groups: significant, but within 0.8 to 1.25.
    result = relative_rate_index(GroupCount(11_000, 100_000), GroupCount(10_000, 100_000))
    assert result.interval.excludes(1.0)
    assert result.disparity is Disparity.NOT_FLAGGED


def test_a_large_ratio_whose_interval_includes_1_is_not_flagged():
    result = relative_rate_index(GroupCount(3, 10), GroupCount(2, 10))
    assert result.index == pytest.approx(1.5)
    assert result.interval.contains(1.0)
    assert result.disparity is Disparity.NOT_FLAGGED


def test_the_band_is_configurable():
    counts, reference = GroupCount(1300, 10_000), GroupCount(1000, 10_000)
    assert relative_rate_index(counts, reference).disparity is Disparity.HIGHER
    assert relative_rate_index(counts, reference, band=(0.7, 1.4)).disparity is Disparity.NOT_FLAGGED


@pytest.mark.parametrize(
    ("counts", "reference", "note"),
    [(GroupCount(0, 50), GroupCount(5, 50), "no_events"), (GroupCount(0, 0), GroupCount(5, 50), "no_people")],
)
def test_relative_rate_index_is_not_calculable_without_events_or_people(counts, reference, note):
    result = relative_rate_index(counts, reference)
    assert result.index is None
    assert result.disparity is Disparity.NOT_CALCULABLE
    assert result.note == note


def test_group_count_refuses_more_events_than_people():
    with pytest.raises(ValueError, match=r"^Events \(6\) cannot exceed people \(5\)\.$"):
        GroupCount(6, 5)


def test_band_must_straddle_1():
    with pytest.raises(
        ValueError, match=r"^The band must run from a value in \(0, 1\] to a value of 1 or more"
    ):
        relative_rate_index(GroupCount(1, 5), GroupCount(1, 5), band=(1.1, 1.5))


def test_categories_add_up_into_the_five_groups_without_prefer_not_to_say():
    groups = by_ethnic_group(
        {
            "white_british": GroupCount(10, 100),
            "white_irish": GroupCount(2, 20),
            "black_african": GroupCount(5, 30),
            "black_caribbean": GroupCount(4, 10),
            "prefer_not_to_say": GroupCount(9, 9),
        }
    )
    assert groups["white"] == GroupCount(12, 120)
    assert groups["black"] == GroupCount(9, 40)
    assert groups["asian"] == GroupCount(0, 0)
    assert set(groups) == {"asian", "black", "mixed", "white", "other"}


def test_relative_rate_indices_compare_every_group_with_white():
    results = relative_rate_indices(
        {"white": GroupCount(50, 500), "black": GroupCount(40, 200), "asian": GroupCount(0, 0)}
    )
    assert [(r.group, r.reference, r.disparity) for r in results] == [
        ("black", "white", Disparity.HIGHER),
        ("asian", "white", Disparity.NOT_CALCULABLE),
    ]


def test_relative_rate_indices_need_the_reference_group():
    with pytest.raises(ValueError, match=r"^The reference group 'white' is not among the groups given\.$"):
        relative_rate_indices({"black": GroupCount(1, 2)})


def _counts():
    return st.integers(min_value=1, max_value=5000).flatmap(
        lambda people: st.builds(GroupCount, st.integers(min_value=1, max_value=people), st.just(people))
    )


@given(_counts(), _counts())
def test_relative_rate_index_interval_contains_the_index(counts, reference):
    result = relative_rate_index(counts, reference)
    assert result.interval.lower <= result.index <= result.interval.upper
    assert math.isfinite(result.interval.upper)
