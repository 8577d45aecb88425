import pytest
from django.core.exceptions import ValidationError

from throughcare.core.mobile_numbers import WRONG_NUMBER, masked, normalised_uk_mobile, shown


@pytest.mark.parametrize(
    "typed",
    [
        "07700900982",
        "07700 900 982",
        "07700-900-982",
        "(07700) 900982",
        " +44 7700 900982 ",
        "+447700900982",
        "447700900982",
        "0044 7700 900 982",
        "+44 (0)7700 900982",
    ],
)
def test_every_way_people_write_a_uk_mobile_is_kept_one_way(typed):
    assert normalised_uk_mobile(typed) == "+447700900982"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "0770090098",
        "077009009821",
        "01632 960001",
        "+33 6 12 34 56 78",
        "+4407700900982",
        "seven",
        "07700 9OO 982",
    ],
)
def test_anything_but_a_uk_mobile_is_refused_in_words(typed):
    with pytest.raises(ValidationError) as refused:
        normalised_uk_mobile(typed)
    assert refused.value.messages == [WRONG_NUMBER]


def test_a_number_is_shown_the_way_people_read_it_and_masked_for_the_person():
    assert shown("+447700900982") == "07700 900982"
    assert masked("+447700900982") == "07*** ***982"
