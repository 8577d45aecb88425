"""Working-day arithmetic for England and Wales: "acknowledge within 2 working days" and the like.

A working day is Monday to Friday and not a bank holiday in England and Wales, as published by
the `holidays` package for the United Kingdom, subdivision "ENG" (England and Wales share one list).
That list includes substitute days (a Christmas Day on a Saturday moves to Monday) and one-off
holidays such as the Queen's state funeral (19 September 2022) and the coronation (8 May 2023).
Keep the package up to date: a one-off holiday announced after its release is not in it.

The counting rule, used by every function here:

- Something received on a working day is counted from that day: the first working day after it is
  day 1. A form sent at 6pm on a Friday and due "within 2 working days" is due by the end of
  Tuesday. There is no close-of-business cut-off: anything received on a working day counts as
  received that day, however late.
- Something received on a weekend or bank holiday is treated as received on the next working day,
  and counted from there. A form sent on a Saturday and due within 2 working days is due by the end
  of Wednesday (received Monday, day 1 Tuesday, day 2 Wednesday).

So `add_working_days(start, 0)` is the day it counts as received, and
`working_days_between(start, add_working_days(start, n)) == n` for every start and n >= 0.
"""

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
ONE_DAY = timedelta(days=1)
SATURDAY = 5

# A deadline lasts to the last instant of its day in London; "on time" means at or before it.
END_OF_DAY = time.max


@cache
def bank_holidays_in(year: int) -> frozenset[date]:
    """Every bank holiday in England and Wales in that year, substitute days included."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """True for Monday to Friday when it is not a bank holiday in England and Wales."""
    _require_date(day, "day")
    return day.weekday() < SATURDAY and day not in bank_holidays_in(day.year)


def counts_as_received_on(day: date) -> date:
    """The working day something that arrives on `day` is counted from: that day, or the next working one."""
    _require_date(day, "day")
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(start: date, n: int) -> date:
    """The nth working day after `start` (see the counting rule at the top of this module)."""
    _require_date(start, "start")
    _require_count(n, "n")
    day = counts_as_received_on(start)
    remaining = n
    while remaining:
        day += ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after `start` the day `end` is: the working days after the day `start`
    counts as received on, up to and including `end`. The inverse of `add_working_days`."""
    _require_date(start, "start")
    _require_date(end, "end")
    if end < start:
        raise ValueError(f"The end date ({end:%d %B %Y}) is before the start date ({start:%d %B %Y}).")
    day = counts_as_received_on(start)
    count = 0
    while day < end:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return count


def deadline(submitted_at: datetime, working_days: int) -> datetime:
    """The end (in Europe/London) of the working day `working_days` after `submitted_at`.

    The day something was submitted is its date in London, not in UTC: 23:30 UTC on a summer
    evening is already the next morning in London. The answer is timezone-aware in Europe/London,
    so it stays correct across the clocks changing.
    """
    if not isinstance(submitted_at, datetime):
        raise TypeError(f"submitted_at must be a datetime; got {type(submitted_at).__name__}.")
    if submitted_at.utcoffset() is None:
        # A naive time could be UTC or London time; an hour's difference can move the day.
        raise ValueError(
            "submitted_at must include a time zone, for example timezone.now(), not a naive time."
        )
    _require_count(working_days, "working_days")
    submitted_on = submitted_at.astimezone(LONDON).date()
    due_on = add_working_days(submitted_on, working_days)
    return datetime.combine(due_on, END_OF_DAY, tzinfo=LONDON)


def _require_date(value: object, name: str) -> None:
    # A datetime is a date too, but its calendar day depends on its time zone: make callers choose.
    if isinstance(value, datetime):
        raise TypeError(
            f"{name} must be a date, not a datetime: take its date in London first, "
            f"for example value.astimezone(LONDON).date()."
        )
    if not isinstance(value, date):
        raise TypeError(f"{name} must be a date; got {type(value).__name__}.")


def _require_count(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number of working days; got {value!r}.")
    if value < 0:
        raise ValueError(f"{name} cannot be negative; got {value}.")
