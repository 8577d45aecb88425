"""View 5 by gender, and by ethnic group and gender: counts, disclosure control and the index."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from throughcare.core.disclosure import disclose_table
from throughcare.core.tests.test_disclosure import _extended, _hidden_entries, derivable_by_any_combination
from throughcare.insight import summary
from throughcare.insight.areas import Level
from throughcare.insight.queries.equity import (
    NOT_STATED,
    STATED_GENDERS,
    UNSTATED_GENDERS,
    journeys_by_group,
    journeys_by_group_and_gender,
)
from throughcare.insight.reports.equity import equity_report
from throughcare.insight.reports.equity_gender import (
    ETHNIC_GROUPS,
    GENDER_GROUPS,
    disclose_cross,
    equity_gender_report,
)
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_B1, referrals, service_in
from throughcare.people.models import Gender

IN_PERIOD = datetime.date(2025, 9, 1)
ACCEPTED = [("accepted", "", IN_PERIOD)]


@pytest.fixture
def service(areas):
    return service_in(LA_A1)


def _rows(report, key):
    table = next(table for table in report.tables if table.key == key)
    return {row.label: tuple(cell.text for cell in row.cells) for row in table.rows}


def test_every_recorded_gender_is_either_shown_or_not_stated():
    assert set(STATED_GENDERS) | set(UNSTATED_GENDERS) == set(Gender)
    assert not set(STATED_GENDERS) & set(UNSTATED_GENDERS)


def test_people_are_counted_by_ethnic_group_and_gender_at_each_stage(filters_for, service):
    accepted = {"submitted_on": IN_PERIOD, "state": "completed", "moves": ACCEPTED}
    referrals(service, 10, ethnicity="white_british", gender="woman", **accepted)
    referrals(service, 4, ethnicity="white_irish", gender="woman", submitted_on=IN_PERIOD, state="declined")
    referrals(service, 6, ethnicity="black_african", gender="man", submitted_on=IN_PERIOD, state="declined")
    referrals(service, 2, ethnicity="black_african", gender="prefer_not_to_say", submitted_on=IN_PERIOD)
    referrals(service, 3, ethnicity="", gender="not_known", submitted_on=IN_PERIOD)
    referrals(service, 4, ethnicity="", gender="non_binary", submitted_on=datetime.date(2024, 1, 1))
    referrals(service_in(LA_B1), 4, ethnicity="asian_indian", gender="man", submitted_on=IN_PERIOD)
    found = journeys_by_group_and_gender(filters_for(Level.ICB, ICB_A))
    white_women = found[("white", "woman")]
    assert (white_women.referred, white_women.accepted, white_women.completed) == (14, 10, 10)
    assert found[("black", "man")].referred == 6
    assert found[("black", NOT_STATED)].referred == 2
    assert found[(NOT_STATED, NOT_STATED)].referred == 3
    assert found[(NOT_STATED, "non_binary")].referred == 0  # before the period
    assert found[("asian", "man")].referred == 0  # another ICB
    # Added up over gender, the cross table gives the ethnic group journey exactly.
    by_group = journeys_by_group(filters_for(Level.ICB, ICB_A))
    for group in ETHNIC_GROUPS:
        assert sum(found[(group, gender)].referred for gender in GENDER_GROUPS) == by_group[group].referred


SHARED_READ_QUERIES = 7


def test_the_cross_journey_is_one_query_however_many_groups(filters_for, service, django_assert_num_queries):
    for ethnicity in ("white_british", "asian_indian", "mixed_other", "other_arab"):
        for gender in Gender.values:
            referrals(service, 2, ethnicity=ethnicity, gender=gender, submitted_on=IN_PERIOD, moves=ACCEPTED)
    with django_assert_num_queries(1):
        journeys_by_group_and_gender(filters_for())
    summary.catch_up()
    # The page reads the shared cohort figures: whether the kept facts are current and when each
    # month's last changed, then the cohort with its overrides, services' tiers and where its people
    # live (queries/facts.py), whatever the groups.
    with django_assert_num_queries(SHARED_READ_QUERIES):
        equity_gender_report(filters_for())


@pytest.mark.parametrize("level", [Level.ENGLAND, Level.ICB])
def test_small_gender_groups_are_hidden_at_every_level_england_included(filters_for, service, level):
    referrals(
        service,
        40,
        ethnicity="white_british",
        gender="man",
        submitted_on=IN_PERIOD,
        state="accepted",
        moves=ACCEPTED,
    )
    referrals(service, 3, ethnicity="white_british", gender="non_binary", submitted_on=IN_PERIOD)
    referrals(service, 22, ethnicity="white_british", gender="woman", submitted_on=IN_PERIOD, moves=ACCEPTED)
    report = equity_gender_report(filters_for(level, None if level is Level.ENGLAND else ICB_A))
    journey = _rows(report, "journey")
    assert journey["Non-binary"][:3] == ("*", "0", "*")  # 3 referred, none accepted
    assert journey["Man"][:3] == ("40", "40", "100.0%")
    # With the total published, another gender is hidden to protect the small one.
    assert "*" in (journey["Woman"][0], journey["Not stated"][0])
    assert _rows(report, "index")["Non-binary"][0] == "*"


def test_the_cross_table_hides_more_cells_so_a_small_one_cannot_be_worked_out(filters_for, service):
    referrals(service, 30, ethnicity="white_british", gender="man", submitted_on=IN_PERIOD)
    referrals(service, 20, ethnicity="white_british", gender="woman", submitted_on=IN_PERIOD)
    referrals(service, 25, ethnicity="black_african", gender="man", submitted_on=IN_PERIOD)
    referrals(service, 2, ethnicity="black_african", gender="woman", submitted_on=IN_PERIOD)
    report = equity_gender_report(filters_for(Level.ICB, ICB_A))
    table = next(table for table in report.tables if table.key == "referred-by-group-and-gender")
    cells = {row.label: row.cells for row in table.rows}
    black = cells["Black, Black British, Black Welsh, Caribbean or African"]
    assert black[0].suppressed == "small_count"  # the 2 Black women
    hidden = [(row.label, i) for row in table.rows for i, cell in enumerate(row.cells) if cell.is_suppressed]
    # The small cell's row and column each hold a second hidden entry.
    assert len({label for label, _i in hidden}) >= 2
    assert len({i for _label, i in hidden}) >= 2


def test_the_index_against_men_is_flagged_when_clearly_lower(filters_for, service):
    kept = {"submitted_on": IN_PERIOD, "state": "accepted", "moves": ACCEPTED}
    referrals(service, 80, ethnicity="white_british", gender="man", **kept)
    referrals(service, 20, ethnicity="white_british", gender="man", submitted_on=IN_PERIOD, state="declined")
    referrals(service, 20, ethnicity="white_british", gender="woman", **kept)
    referrals(
        service, 30, ethnicity="white_british", gender="woman", submitted_on=IN_PERIOD, state="declined"
    )
    index = _rows(equity_gender_report(filters_for()), "index")
    # (20 / 50) / (80 / 100) = 0.5
    assert index["Woman"][0] == "0.50"
    assert index["Woman"][2] == "Flagged: lower"
    assert index["Non-binary"][0] == "*"  # nobody to work a rate out of


def test_the_two_pages_publish_the_same_totals(filters_for, service):
    kept = {"submitted_on": IN_PERIOD, "moves": ACCEPTED}
    referrals(service, 41, ethnicity="white_british", gender="man", **kept)
    referrals(service, 5, ethnicity="mixed_other", gender="woman", **kept)
    referrals(service, 12, ethnicity="asian_indian", gender="woman", **kept)
    filters = filters_for(Level.ICB, ICB_A)
    by_group = _rows(equity_report(filters), "journey")
    by_gender = equity_gender_report(filters)
    cross = _rows(by_gender, "referred-by-group-and-gender")
    assert (
        by_group["All groups"][0] == _rows(by_gender, "journey")["All genders"][0] == cross["All groups"][-1]
    )
    for label, cells in cross.items():
        if label != "All groups":
            # A group hidden on the equity page is hidden here too; one shown there is the same here.
            assert cells[-1] in (by_group[label][0], "*")
            assert by_group[label][0] != "*" or cells[-1] == "*"


def test_a_group_total_the_equity_page_hides_is_hidden_here_too():
    # Women, men, non-binary, not stated; for White, Mixed, Asian, Black, Other, Not stated.
    grid = [[0, 0, 4, 3], [6, 7, 0, 0], [0, 2, 16, 7], [3, 34, 3, 0], [6, 0, 0, 22], [1, 0, 49, 0]]
    by_group, cross = disclose_cross(grid, "icb")
    # The equity page hides White's 7, and Mixed's 13 to protect it (a column has no other way).
    assert by_group.cells[0][0].suppressed == "small_count"
    assert by_group.cells[1][0].suppressed == "secondary"
    # The cross table on its own would protect White's 7 with other cells and show Mixed's 13, which
    # beside the equity page's other totals would give White's 7 back. So it hides the 13 too.
    assert not disclose_table(grid, level="icb").row_totals[1].is_suppressed
    assert cross.row_totals[1].suppressed == "secondary"
    assert cross.grand_total.value == by_group.grand_total.value


grids = st.lists(
    st.lists(st.one_of(st.integers(0, 7), st.integers(8, 60)), min_size=len(GENDER_GROUPS), max_size=4),
    min_size=len(ETHNIC_GROUPS),
    max_size=len(ETHNIC_GROUPS),
)


@settings(max_examples=300, deadline=None)
@given(grids)
def test_nothing_hidden_can_be_worked_out_from_both_pages_together(grid):
    by_group, cross = disclose_cross(grid, "icb")
    width = len(GENDER_GROUPS)
    # Whatever the equity page hides, this page hides too.
    for r, cells in enumerate(by_group.cells):
        if cells[0].is_suppressed:
            assert cross.row_totals[r].is_suppressed
        else:
            assert cross.row_totals[r].value in (cells[0].value, None)
    # The equity page publishes some row totals this page may hide: the reader knows them anyway.
    known = {(r, width) for r, cells in enumerate(by_group.cells) if not cells[0].is_suppressed}
    hidden = _hidden_entries(cross) - known
    if not by_group.grand_total.is_suppressed:
        hidden.discard((len(ETHNIC_GROUPS), width))
    assert derivable_by_any_combination(_extended(grid), hidden) == set()


@pytest.mark.parametrize("level", [Level.ENGLAND, Level.ICB])
def test_one_persons_journey_is_hidden_in_every_table_at_every_level(filters_for, service, level):
    referrals(
        service,
        1,
        ethnicity="white_british",
        gender="woman",
        submitted_on=IN_PERIOD,
        state="accepted",
        moves=ACCEPTED,
    )
    report = equity_gender_report(
        filters_for(level, None if level is Level.ENGLAND else ICB_A, IN_PERIOD, IN_PERIOD)
    )
    published = [cell.text for table in report.tables for row in table.rows for cell in row.cells]
    assert "1" not in published
    assert "*" in published
    assert _rows(report, "referred-by-group-and-gender")["White"][0] == "*"
