"""The filters every insight view shares: an area (level and code) and a period, read from the URL.

They arrive as GET parameters so a view can be bookmarked and shared. Bad input never gives an
error page: each problem becomes a message naming the field, and the view shows the message with
the filters as they were typed.

A period always covers whole calendar months: the start is moved back to the first of its month and
the end forward to the last of its month. Figures for one day, or for two periods a day apart,
could otherwise be subtracted from each other to give back a count that disclosure control had
rounded or hidden; with whole months, the smallest difference anyone can take is a month.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone

from throughcare.core.inputs import INSIGHT_DATES
from throughcare.insight.areas import ENGLAND_AREA, LEVEL_LABELS, Area, Level, find_area

DEFAULT_PERIOD_MONTHS = 12
# Periods before Throughcare existed, after 2100, or over 10 years, are almost certainly typing mistakes.
EARLIEST = INSIGHT_DATES.earliest
LATEST = INSIGHT_DATES.latest
LONGEST_PERIOD_DAYS = 3660


@dataclass(frozen=True)
class InsightFilters:
    area: Area
    date_from: datetime.date
    date_to: datetime.date

    @property
    def level(self) -> str:
        return self.area.level.value

    def query(self, **extra) -> str:
        """The filters as a query string, so links and downloads keep them."""
        params = {
            "level": self.area.level.value,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
        }
        if not self.area.is_england:
            params["area"] = self.area.code
        params.update(extra)
        return urlencode(params)

    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date_from, datetime.time.min))

    def end(self) -> datetime.datetime:
        """The first moment after the period (the period includes the whole of its last day)."""
        return timezone.make_aware(
            datetime.datetime.combine(self.date_to, datetime.time.min)
        ) + datetime.timedelta(days=1)


@dataclass
class FilterResult:
    filters: InsightFilters | None
    errors: dict[str, str] = field(default_factory=dict)
    # What was typed, to put back in the form.
    values: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _date(text: str, name: str, errors: dict[str, str], key: str) -> datetime.date | None:
    try:
        value = datetime.date.fromisoformat(text)
    except ValueError:
        errors[key] = f"Enter the {name} date as a real date in the form 2025-04-01."
        return None
    if value < EARLIEST:
        errors[key] = f"The {name} date must be in {EARLIEST.year} or later."
        return None
    if value > LATEST:
        errors[key] = f"The {name} date must be in {LATEST.year} or earlier."
        return None
    return value


def whole_months(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period widened to whole calendar months (see the module's note on differencing)."""
    last_day = calendar.monthrange(date_to.year, date_to.month)[1]
    return date_from.replace(day=1), date_to.replace(day=last_day)


def _months_before(date: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months - 1` months before `date`'s: the start of `months` whole
    months ending with `date`'s month."""
    index = date.year * 12 + date.month - 1 - (months - 1)
    return datetime.date(index // 12, index % 12 + 1, 1)


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last 12 whole months, this one included: what a view shows when no dates are given."""
    return whole_months(_months_before(today, DEFAULT_PERIOD_MONTHS), today)


MONTH_WORDS = {"from": "start", "to": "end"}


def _month_date(params, end: str, errors: dict[str, str]) -> str:
    """A month and year typed into the page's date input, as the ISO date of that month's first day
    (the period is widened to whole months anyway); "" when neither box was filled in."""
    month = (params.get(f"{end}-month") or "").strip()
    year = (params.get(f"{end}-year") or "").strip()
    if not month and not year:
        return ""
    words = MONTH_WORDS[end]
    if not (month.isascii() and month.isdigit() and 1 <= int(month) <= 12):
        errors[end] = f"Enter the {words} month as a number from 1 to 12"
        return ""
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        errors[end] = f"Enter the {words} year as 4 digits, like 2025"
        return ""
    return f"{year}-{int(month):02d}-01"


def _read_values(params, default_area: Area, errors: dict[str, str]) -> dict[str, str]:
    """The filters as given: by the API's level, area, from and to, or by the pages' own controls (an
    area chosen by name as "level:code", and months in GOV.UK date inputs)."""
    values = {key: (params.get(key) or "").strip() for key in ("level", "area", "from", "to")}
    place = (params.get("place") or "").strip()
    if place:
        values["level"], _colon, values["area"] = place.partition(":")
    for end in ("from", "to"):
        for box in ("month", "year"):
            values[f"{end}-{box}"] = (params.get(f"{end}-{box}") or "").strip()
        if not values[end]:
            values[end] = _month_date(params, end, errors)
    if not values["level"] and not default_area.is_england:
        values["level"], values["area"] = default_area.level.value, default_area.code
    return values


def parse_filters(
    params, *, today: datetime.date | None = None, default_area: Area = ENGLAND_AREA
) -> FilterResult:
    """Read level, area, from and to from GET parameters (a QueryDict or dict); with no level given,
    the area is `default_area` (a commissioner's own, see coverage.py)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    values = _read_values(params, default_area, errors)

    level_text = values["level"] or Level.ENGLAND.value
    try:
        level = Level(level_text)
    except ValueError:
        level = None
        errors["level"] = "Choose an area level from the list: " + ", ".join(LEVEL_LABELS.values()) + "."

    area = None
    if level is Level.ENGLAND:
        area = ENGLAND_AREA
    elif level is not None:
        code = values["area"].upper()
        if not code:
            errors["area"] = f"Enter the code of the {LEVEL_LABELS[level].split(' (')[0]} to look at."
        else:
            area = find_area(level, code)
            if area is None:
                errors["area"] = f"There is no {LEVEL_LABELS[level].split(' (')[0]} with the code {code!r}."

    date_to = _date(values["to"], "end", errors, "to") if values["to"] else today
    if values["from"]:
        date_from = _date(values["from"], "start", errors, "from")
    else:
        date_from = _months_before(date_to or today, DEFAULT_PERIOD_MONTHS)
    if date_from and date_to and "from" not in errors and "to" not in errors:
        if date_to < date_from:
            errors["to"] = (
                f"The end date ({date_to:%-d %B %Y}) must be the same as or after the start date "
                f"({date_from:%-d %B %Y})."
            )
        elif (date_to - date_from).days > LONGEST_PERIOD_DAYS:
            errors["from"] = "Choose a period of 10 years or less."

    if errors:
        return FilterResult(None, errors, values)
    date_from, date_to = whole_months(date_from, date_to)
    return FilterResult(InsightFilters(area, date_from, date_to), {}, values)
