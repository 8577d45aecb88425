"""Reading the area and period from the URL, with a specific message for each kind of bad input."""

import datetime

import pytest

from throughcare.insight.areas import Level
from throughcare.insight.filters import parse_filters
from throughcare.insight.tests.helpers import ICB_A, LA_A1

TODAY = datetime.date(2026, 6, 15)


def test_no_filters_means_england_over_the_last_12_whole_months(areas):
    result = parse_filters({}, today=TODAY)
    assert result.is_valid
    assert result.filters.area.level is Level.ENGLAND
    assert (result.filters.date_from, result.filters.date_to) == (
        datetime.date(2025, 7, 1),
        datetime.date(2026, 6, 30),
    )


@pytest.mark.parametrize(
    ("typed", "period"),
    [
        (("2026-03-05", "2026-03-05"), ("2026-03-01", "2026-03-31")),  # one day becomes its month
        (("2026-03-05", "2026-03-06"), ("2026-03-01", "2026-03-31")),  # so a day apart changes nothing
        (("2024-01-31", "2024-02-01"), ("2024-01-01", "2024-02-29")),
        (("2025-12-15", "2026-01-15"), ("2025-12-01", "2026-01-31")),
    ],
)
def test_a_period_covers_whole_months_so_days_cannot_be_differenced(areas, typed, period):
    filters = parse_filters({"from": typed[0], "to": typed[1]}, today=TODAY).filters
    assert (filters.date_from.isoformat(), filters.date_to.isoformat()) == period


def test_an_icb_is_found_by_its_code_in_any_case(areas):
    result = parse_filters({"level": "icb", "area": ICB_A.lower()}, today=TODAY)
    assert result.filters.area.name == "Greater Manchester ICB"


def test_an_unknown_area_code_is_named_in_the_message(areas):
    result = parse_filters({"level": "local_authority", "area": "E99999999"}, today=TODAY)
    assert result.errors == {"area": "There is no Local authority with the code 'E99999999'."}


def test_an_area_level_needs_a_code(areas):
    assert "Enter the code" in parse_filters({"level": "pdu"}, today=TODAY).errors["area"]


def test_an_unknown_level_is_refused(areas):
    assert (
        "Choose an area level"
        in parse_filters({"level": "parish", "area": LA_A1}, today=TODAY).errors["level"]
    )


def test_a_period_the_wrong_way_round_is_explained(areas):
    result = parse_filters({"from": "2026-03-01", "to": "2026-01-31"}, today=TODAY)
    assert result.errors == {
        "to": "The end date (31 January 2026) must be the same as or after the start date (1 March 2026)."
    }


@pytest.mark.parametrize("text", ["2026-02-30", "yesterday", "31/01/2026"])
def test_a_date_that_is_not_a_date_is_explained(areas, text):
    assert parse_filters({"from": text}, today=TODAY).errors == {
        "from": "Enter the start date as a real date in the form 2025-04-01."
    }


def test_a_period_of_over_ten_years_is_refused(areas):
    assert "10 years" in parse_filters({"from": "2001-01-01", "to": "2026-01-01"}, today=TODAY).errors["from"]


def test_the_query_string_keeps_the_filters(areas):
    filters = parse_filters({"level": "icb", "area": ICB_A, "from": "2025-04-01", "to": "2026-03-31"}).filters
    assert filters.query(format="csv") == f"level=icb&from=2025-04-01&to=2026-03-31&area={ICB_A}&format=csv"


def test_the_pages_choose_an_area_by_name_and_months_in_date_inputs(areas):
    result = parse_filters(
        {"place": f"icb:{ICB_A}", "from-month": "4", "from-year": "2025", "to-month": "3", "to-year": "2026"},
        today=TODAY,
    )
    assert result.errors == {}
    assert (result.filters.area.level, result.filters.area.code) == (Level.ICB, ICB_A)
    assert (result.filters.date_from, result.filters.date_to) == (
        datetime.date(2025, 4, 1),
        datetime.date(2026, 3, 31),
    )
    assert parse_filters({"place": "england"}, today=TODAY).filters.area.is_england


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"from-month": "13", "from-year": "2025"}, "from", "Enter the start month as a number from 1 to 12"),
        ({"from-month": "4", "from-year": "25"}, "from", "Enter the start year as 4 digits, like 2025"),
        ({"to-month": "", "to-year": "2026"}, "to", "Enter the end month as a number from 1 to 12"),
        ({"to-month": "٣", "to-year": "2026"}, "to", "Enter the end month as a number from 1 to 12"),
    ],
)
def test_a_month_that_is_not_a_month_is_named(areas, answers, field, message):
    assert parse_filters(answers, today=TODAY).errors[field] == message
