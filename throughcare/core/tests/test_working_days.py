"""Working days in England and Wales: known cases around every kind of bank holiday, and properties."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from throughcare.core.working_days import (
    LONDON,
    add_working_days,
    counts_as_received_on,
    deadline,
    is_working_day,
    working_days_between,
)

D = date

BANK_HOLIDAYS = [
    # Christmas and New Year, including substitute days for those that fall at a weekend.
    D(2024, 12, 25),
    D(2024, 12, 26),
    D(2025, 1, 1),
    D(2020, 12, 28),  # Boxing Day 2020 was a Saturday
    D(2021, 12, 27),  # Christmas Day 2021 was a Saturday
    D(2021, 12, 28),  # Boxing Day 2021 was a Sunday
    D(2022, 12, 27),  # Christmas Day 2022 was a Sunday
    D(2023, 1, 2),  # New Year's Day 2023 was a Sunday
    D(2022, 1, 3),  # New Year's Day 2022 was a Saturday
    # Easter.
    D(2024, 3, 29),
    D(2024, 4, 1),
    D(2025, 4, 18),
    D(2025, 4, 21),
    # Early May, spring and summer.
    D(2025, 5, 5),
    D(2020, 5, 8),  # moved from Monday 4 May for the 75th anniversary of VE Day
    D(2025, 5, 26),
    D(2025, 8, 25),
    # One-off holidays.
    D(2022, 6, 2),  # spring bank holiday moved for the Platinum Jubilee
    D(2022, 6, 3),  # Platinum Jubilee
    D(2022, 9, 19),  # state funeral of Queen Elizabeth II
    D(2023, 5, 8),  # coronation of King Charles III
]

ORDINARY_WEEKDAYS = [
    D(2024, 12, 27),
    D(2021, 12, 29),
    D(2023, 1, 3),
    D(2024, 3, 28),
    D(2024, 4, 2),
    D(2023, 5, 9),
    D(2022, 9, 20),
    # Holidays elsewhere in the UK only: not in England and Wales.
    D(2025, 1, 2),  # Scotland
    D(2025, 3, 17),  # St Patrick's Day, Northern Ireland
    D(2025, 7, 14),  # Battle of the Boyne (substitute), Northern Ireland
    D(2025, 8, 4),  # summer bank holiday, Scotland
    D(2025, 12, 1),  # St Andrew's Day (substitute), Scotland
]


@pytest.mark.parametrize("day", BANK_HOLIDAYS)
def test_bank_holidays_are_not_working_days(day):
    assert day.weekday() < 5, "each case should be a weekday, or it proves nothing"
    assert not is_working_day(day)


@pytest.mark.parametrize("day", ORDINARY_WEEKDAYS)
def test_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)


@pytest.mark.parametrize("day", [D(2024, 6, 15), D(2024, 6, 16), D(2021, 12, 25), D(2021, 12, 26)])
def test_weekends_are_not_working_days(day):
    assert not is_working_day(day)


ADDING = [
    # (start, working days, due) with the reason it is that day.
    (D(2024, 6, 14), 2, D(2024, 6, 18)),  # Friday (however late) + 2 = Tuesday
    (D(2024, 6, 15), 2, D(2024, 6, 19)),  # Saturday counts as Monday; + 2 = Wednesday
    (D(2024, 6, 15), 0, D(2024, 6, 17)),  # Saturday counts as received on Monday
    (D(2024, 6, 12), 0, D(2024, 6, 12)),  # a working day counts as itself
    (D(2024, 6, 12), 1, D(2024, 6, 13)),
    # Christmas and New Year.
    (D(2024, 12, 24), 1, D(2024, 12, 27)),
    (D(2024, 12, 24), 2, D(2024, 12, 30)),
    (D(2024, 12, 31), 1, D(2025, 1, 2)),
    (D(2020, 12, 24), 1, D(2020, 12, 29)),  # Boxing Day substitute on Monday 28th
    (D(2021, 12, 24), 1, D(2021, 12, 29)),  # both days substituted: Monday 27th and Tuesday 28th
    (D(2022, 12, 23), 1, D(2022, 12, 28)),  # Christmas substitute on Tuesday 27th
    (D(2022, 12, 30), 1, D(2023, 1, 3)),  # New Year substitute on Monday 2 January
    (D(2026, 12, 24), 1, D(2026, 12, 29)),  # Boxing Day 2026 is a Saturday
    (D(2025, 12, 25), 0, D(2025, 12, 29)),  # received on Christmas Day counts from Monday
    # Easter.
    (D(2024, 3, 28), 1, D(2024, 4, 2)),
    (D(2025, 4, 17), 1, D(2025, 4, 22)),
    (D(2025, 4, 18), 0, D(2025, 4, 22)),  # received on Good Friday counts from Tuesday
    (D(2025, 4, 18), 1, D(2025, 4, 23)),
    (D(2025, 4, 16), 3, D(2025, 4, 23)),  # Thursday, then Tuesday and Wednesday
    # Early May.
    (D(2025, 5, 2), 1, D(2025, 5, 6)),
    (D(2020, 5, 7), 1, D(2020, 5, 11)),  # VE Day anniversary on Friday 8 May 2020
    (D(2020, 5, 1), 1, D(2020, 5, 4)),  # ...so Monday 4 May 2020 was a working day
    # One-off holidays.
    (D(2022, 9, 16), 1, D(2022, 9, 20)),
    (D(2023, 5, 5), 1, D(2023, 5, 9)),
    (D(2022, 6, 1), 1, D(2022, 6, 6)),  # 2 and 3 June 2022
    # Longer spans.
    (D(2024, 12, 20), 10, D(2025, 1, 8)),
]


@pytest.mark.parametrize(("start", "n", "due"), ADDING)
def test_add_working_days(start, n, due):
    assert add_working_days(start, n) == due


@pytest.mark.parametrize(("start", "n", "due"), ADDING)
def test_working_days_between_undoes_the_known_cases(start, n, due):
    assert working_days_between(start, due) == n


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 6, 12), D(2024, 6, 12), 0),
        (D(2024, 6, 15), D(2024, 6, 16), 0),  # Saturday to Sunday: not yet received
        (D(2024, 6, 15), D(2024, 6, 17), 0),  # Saturday to the Monday it counts as received on
        (D(2024, 12, 24), D(2024, 12, 26), 0),  # two bank holidays are no working days
        (D(2024, 12, 24), D(2024, 12, 28), 1),  # ...the Saturday after adds nothing either
        (D(2024, 1, 1), D(2024, 12, 31), 253),  # 262 weekdays less 8 bank holidays, less day 0 (2 Jan)
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_counts_as_received_on():
    assert counts_as_received_on(D(2024, 6, 12)) == D(2024, 6, 12)
    assert counts_as_received_on(D(2021, 12, 25)) == D(2021, 12, 29)


def _london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


END = (23, 59, 59, 999_999)


@pytest.mark.parametrize(
    ("submitted_at", "n", "due"),
    [
        # Thursday before Easter in GMT; due after Good Friday, the weekend the clocks go forward,
        # and Easter Monday: the end of Tuesday in BST.
        (datetime(2024, 3, 28, 12, 0, tzinfo=UTC), 1, _london(2024, 4, 2, *END)),
        # Friday in BST; due the Monday after the clocks go back, in GMT.
        (_london(2024, 10, 25, 16, 0), 1, _london(2024, 10, 28, *END)),
        # 23:30 UTC on a summer Thursday is 00:30 on Friday in London: counted from Friday.
        (datetime(2024, 6, 13, 23, 30, tzinfo=UTC), 2, _london(2024, 6, 18, *END)),
        # In winter UTC and London agree, so the same time stays on Friday.
        (datetime(2024, 1, 5, 23, 30, tzinfo=UTC), 2, _london(2024, 1, 9, *END)),
        # Sent in the small hours of the Sunday the clocks go forward: counted from Monday.
        (datetime(2025, 3, 30, 0, 30, tzinfo=UTC), 0, _london(2025, 3, 31, *END)),
        # 8pm on Friday in New York is 1am on Saturday in London: counted from Monday.
        (datetime(2024, 6, 14, 20, 0, tzinfo=ZoneInfo("America/New_York")), 1, _london(2024, 6, 18, *END)),
        # Friday evening in London, within 2 working days: Tuesday.
        (_london(2024, 6, 14, 18, 45), 2, _london(2024, 6, 18, *END)),
    ],
)
def test_deadline(submitted_at, n, due):
    result = deadline(submitted_at, n)
    assert result == due
    assert result.tzinfo is LONDON
    assert result.utcoffset() == due.utcoffset()


def test_deadline_offsets_follow_the_clocks():
    spring = deadline(datetime(2024, 3, 28, 12, 0, tzinfo=UTC), 1)
    assert spring.utcoffset() == timedelta(hours=1)
    assert spring.astimezone(UTC) == datetime(2024, 4, 2, 22, 59, 59, 999_999, tzinfo=UTC)
    autumn = deadline(_london(2024, 10, 25, 16, 0), 1)
    assert autumn.utcoffset() == timedelta(0)
    assert autumn.astimezone(UTC) == datetime(2024, 10, 28, 23, 59, 59, 999_999, tzinfo=UTC)


def test_deadline_refuses_a_naive_time():
    with pytest.raises(ValueError, match=r"^submitted_at must include a time zone"):
        deadline(datetime(2024, 6, 14, 18, 0), 2)


def test_deadline_refuses_a_date():
    with pytest.raises(TypeError, match=r"^submitted_at must be a datetime; got date\.$"):
        deadline(D(2024, 6, 14), 2)


@pytest.mark.parametrize(
    ("n", "error", "message"),
    [
        (-1, ValueError, r"^n cannot be negative; got -1\.$"),
        (1.5, TypeError, r"^n must be a whole number of working days; got 1\.5\.$"),
        (True, TypeError, r"^n must be a whole number of working days; got True\.$"),
        ("2", TypeError, r"^n must be a whole number of working days; got '2'\.$"),
    ],
)
def test_add_working_days_refuses_a_bad_count(n, error, message):
    with pytest.raises(error, match=message):
        add_working_days(D(2024, 6, 14), n)


def test_deadline_refuses_a_negative_count():
    with pytest.raises(ValueError, match=r"^working_days cannot be negative; got -2\.$"):
        deadline(_london(2024, 6, 14, 9, 0), -2)


def test_a_datetime_is_refused_where_a_date_is_needed():
    with pytest.raises(TypeError, match=r"^day must be a date, not a datetime"):
        is_working_day(datetime(2024, 6, 14, 23, 30, tzinfo=UTC))


def test_working_days_between_refuses_an_end_before_the_start():
    with pytest.raises(
        ValueError, match=r"^The end date \(13 June 2024\) is before the start date \(14 June 2024\)\.$"
    ):
        working_days_between(D(2024, 6, 14), D(2024, 6, 13))


# Properties over a century of dates, which the holidays package covers.
days = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))
counts = st.integers(min_value=0, max_value=400)


@given(start=days, n=counts)
def test_counting_back_gives_the_same_number(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@given(start=days, n=counts)
def test_the_result_is_always_a_working_day_on_or_after_the_start(start, n):
    due = add_working_days(start, n)
    assert is_working_day(due)
    assert due >= start


@given(start=days, n=counts, more=st.integers(min_value=1, max_value=30))
def test_more_working_days_is_always_later(start, n, more):
    assert add_working_days(start, n) < add_working_days(start, n + more)


@given(start=days, end_offset=st.integers(min_value=0, max_value=400))
def test_adding_the_count_between_reaches_the_last_working_day_by_then(start, end_offset):
    end = start + timedelta(days=end_offset)
    reached = add_working_days(start, working_days_between(start, end))
    if end < counts_as_received_on(start):
        assert reached == counts_as_received_on(start)  # nothing to count yet
    else:
        assert reached <= end
        days_after = (reached + timedelta(days=k) for k in range(1, (end - reached).days + 1))
        assert not any(is_working_day(day) for day in days_after)


@given(
    submitted_at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
    ),
    n=st.integers(min_value=0, max_value=60),
)
def test_a_deadline_is_the_end_of_a_working_day_in_london_after_submission(submitted_at, n):
    due = deadline(submitted_at, n)
    assert due > submitted_at
    assert due.tzinfo is LONDON
    assert is_working_day(due.date())
    assert (due + timedelta(microseconds=1)).astimezone(LONDON).time() == datetime.min.time()
