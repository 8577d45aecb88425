"""The time box on the booking pages reads times as people write them, and refuses what is not one."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from throughcare.appointments.forms import TimeOfDayField

field = TimeOfDayField(required=False)


@given(st.integers(0, 23), st.integers(0, 59))
def test_24_hour_times_read_back(hour, minute):
    parsed = field.clean(f"{hour:02d}:{minute:02d}")
    assert (parsed.hour, parsed.minute) == (hour, minute)


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["", " ", "."]))
def test_12_hour_times_read_back(hour, minute, style):
    twelve = hour % 12 or 12
    half = "am" if hour < 12 else "pm"
    separator = "." if style == "." else ":"
    space = " " if style == " " else ""
    text = f"{twelve}{separator}{minute:02d}{space}{half.upper() if minute % 2 else half}"
    parsed = field.clean(text)
    assert (parsed.hour, parsed.minute) == (hour, minute)


@pytest.mark.parametrize(("text", "hour"), [("9am", 9), ("12am", 0), ("12pm", 12), ("2pm", 14), ("14", 14)])
def test_whole_hours(text, hour):
    assert field.clean(text).hour == hour


@pytest.mark.parametrize("text", ["24:00", "13pm", "0am", "9:60", "noon", "9:5", "2:30 in the afternoon"])
def test_what_is_not_a_time_is_refused(text):
    with pytest.raises(ValidationError):
        field.clean(text)


def test_empty_is_none():
    assert field.clean("  ") is None
