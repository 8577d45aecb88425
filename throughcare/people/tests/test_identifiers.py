"""Identifiers by their real rules: each failure says which rule it broke."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from throughcare.people.identifiers import (
    clean_crn,
    clean_nhs_number,
    clean_pnc,
    clean_prison_number,
    identify,
    nhs_check_digit,
)


def _message(cleaner, value) -> str:
    with pytest.raises(ValidationError) as caught:
        cleaner(value)
    return caught.value.messages[0]


def test_nhs_number_examples():
    assert clean_nhs_number("943 476 5919") == "9434765919"
    assert clean_nhs_number("  ") == ""
    assert "check digit should be 9, not 8" in _message(clean_nhs_number, "9434765918")
    assert "check digit would be 10" in _message(clean_nhs_number, "1234567890")
    assert "must be 10 digits: this has 9" in _message(clean_nhs_number, "943476591")
    assert "only digits" in _message(clean_nhs_number, "94347659A9")


@st.composite
def valid_nhs_numbers(draw):
    first_nine = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    check = nhs_check_digit(first_nine)
    if check is None:
        # Changing the last weighted digit by one always moves the check away from 10.
        first_nine = first_nine[:8] + str((int(first_nine[8]) + 1) % 10)
        check = nhs_check_digit(first_nine)
    return f"{first_nine}{check}"


@given(valid_nhs_numbers())
def test_every_generated_valid_nhs_number_validates(number):
    assert clean_nhs_number(number) == number
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert clean_nhs_number(spaced) == number


@given(valid_nhs_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_change_of_a_valid_nhs_number_fails(number, position, step):
    digits = list(number)
    digits[position] = str((int(digits[position]) + step) % 10)
    with pytest.raises(ValidationError):
        clean_nhs_number("".join(digits))


def test_prison_number():
    assert clean_prison_number(" a1234bc ") == "A1234BC"
    assert "letter, 4 digits and 2 letters" in _message(clean_prison_number, "A12345B")
    assert "NOMIS" in _message(clean_prison_number, "11234BC")


def test_crn():
    assert clean_crn("x123456") == "X123456"
    assert "letter and 6 digits" in _message(clean_crn, "X12345")
    assert "CRN" in _message(clean_crn, "123456X")


@pytest.mark.parametrize(
    "pnc",
    ["2001/0171310W", "2011/0275516Q", "2008/0056560Z", "2003/0062845E", "1981/0154257C", "20030011985X"],
)
def test_published_pnc_examples_validate(pnc):
    cleaned = clean_pnc(pnc.lower())
    assert cleaned.replace("/", "") == pnc.replace("/", "")
    assert cleaned[4] == "/"


def test_pnc_failures_name_their_rule():
    assert "check letter" in _message(clean_pnc, "2001/0171310")
    assert "should be W, not X" in _message(clean_pnc, "2001/0171310X")


def test_identify_recognises_each_kind():
    assert identify("943 476 5919") == ("nhs_number", "9434765919")
    assert identify("a1234bc") == ("prison_number", "A1234BC")
    assert identify("X123456") == ("crn", "X123456")
    assert identify("2001/0171310W") == ("pnc", "2001/0171310W")
    assert identify("Smith") is None
