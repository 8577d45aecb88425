"""Fold variation and the coefficient of variation between areas."""

import pytest

from throughcare.insight.statistics import coefficient_of_variation, fold_variation


def test_fold_variation_and_trimmed_fold():
    # 12 areas: the 5 highest and 5 lowest set aside leave 6.0 and 7.0.
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 24.0]
    variation = fold_variation(values)
    assert (variation.highest, variation.lowest, variation.fold) == (24.0, 1.0, 24.0)
    assert (variation.trimmed_highest, variation.trimmed_lowest) == (7.0, 6.0)
    assert variation.trimmed_fold == pytest.approx(7 / 6)
    assert variation.fold_note is None
    assert variation.trimmed_note is None


def test_trimmed_fold_needs_12_areas():
    variation = fold_variation([float(v) for v in range(1, 12)])  # 11 areas: only 1 would be left
    assert variation.fold == 11.0
    assert variation.trimmed_fold is None
    assert variation.trimmed_note == "too_few_areas"


def test_fold_is_undefined_when_the_lowest_area_is_zero():
    variation = fold_variation([0.0, 2.0, 5.0])
    assert variation.fold is None
    assert variation.fold_note == "lowest_is_zero"
    assert (variation.highest, variation.lowest) == (5.0, 0.0)


def test_fold_needs_two_areas():
    variation = fold_variation([3.0])
    assert variation.fold is None
    assert variation.fold_note == "too_few_areas"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([1.0, -2.0], r"^Fold variation needs values of 0 or more; got -2\.0\.$"),
        ([1.0, float("nan")], r"^Each area's value must be a finite number; got nan\.$"),
        ([1.0, "3"], r"^Each area's value must be a finite number; got '3'\.$"),
    ],
)
def test_fold_variation_refuses_bad_values(values, message):
    with pytest.raises(ValueError, match=message):
        fold_variation(values)


def test_coefficient_of_variation_uses_the_sample_standard_deviation():
    """Python documentation, statistics.stdev,
    https://docs.python.org/3/library/statistics.html#statistics.stdev :
    stdev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]) = 1.0810874155219827; the mean is 2.875."""
    variation = coefficient_of_variation([1.5, 2.5, 2.5, 2.75, 3.25, 4.75])
    assert variation.standard_deviation == pytest.approx(1.0810874155219827)
    assert variation.mean == 2.875
    assert variation.coefficient == pytest.approx(1.0810874155219827 / 2.875)


def test_coefficient_of_variation_needs_two_areas():
    with pytest.raises(ValueError, match=r"^The coefficient of variation needs at least 2 areas; got 1\.$"):
        coefficient_of_variation([4.0])


def test_coefficient_of_variation_is_undefined_when_every_area_is_zero():
    with pytest.raises(
        ValueError, match=r"^The coefficient of variation is undefined when every area is 0\.$"
    ):
        coefficient_of_variation([0.0, 0.0])
