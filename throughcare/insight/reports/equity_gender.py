"""View 5 by gender, and by ethnic group and gender together, as published.

Every count comes from one disclosed ethnic group x gender table per stage (referred, accepted,
completed): its column totals are the gender figures and its row totals the ethnic group figures.
The ethnic group figures are also published on the equity page, with that page's own suppression,
so whatever that page hides stays hidden here too (`hidden_elsewhere`), and this page's secondary
suppression protects it; the two pages together give back nothing either hides.
"""

from throughcare.core.disclosure import Disclosed, DisclosedTable, disclose_share, disclose_table
from throughcare.core.ethnicity import GROUPS
from throughcare.insight import charts
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Chart, Report, Row, Table
from throughcare.insight.queries.equity import (
    GENDER_GROUPS,
    NOT_STATED,
    STATED_GENDERS,
)
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.reports.equity import GROUP_NAMES, STAGES, index_cells, stage_share
from throughcare.people.models import Gender

REFERENCE_GENDER = Gender.MAN  # the largest group of people on probation and leaving prison
GENDER_NAMES = {**{gender: Gender(gender).label for gender in STATED_GENDERS}, NOT_STATED: "Not stated"}
ETHNIC_GROUPS = (*GROUPS, NOT_STATED)
COUNTS = ("referred", "accepted", "completed")
STAGE_NAMES = {"referred": "referred", "accepted": "accepted", "completed": "completing"}


def ethnic_group_column(true_counts: list[int], level: str) -> DisclosedTable:
    """The ethnic group figures as the equity page publishes them (one column with its total)."""
    return disclose_table([[count] for count in true_counts], level=level)


def disclose_cross(grid: list[list[int]], level: str) -> tuple[DisclosedTable, DisclosedTable]:
    """One stage's ethnic group x gender counts as published, with the ethnic group column as the
    equity page publishes it; what that page hides, the cross table hides too."""
    width, height = len(GENDER_GROUPS), len(ETHNIC_GROUPS)
    by_group = ethnic_group_column([sum(row) for row in grid], level)
    hidden_there = {(r, width) for r, cells in enumerate(by_group.cells) if cells[0].is_suppressed}
    if by_group.grand_total.is_suppressed:
        hidden_there.add((height, width))
    return by_group, disclose_table(grid, level=level, hidden_elsewhere=hidden_there)


def cross_tables(journeys, level: str) -> dict[str, tuple[list[list[int]], DisclosedTable]]:
    """For each stage: the true ethnic group x gender counts, and the table as published."""
    tables = {}
    for stage in COUNTS:
        grid = [
            [getattr(journeys[(group, gender)], stage) for gender in GENDER_GROUPS] for group in ETHNIC_GROUPS
        ]
        tables[stage] = (grid, disclose_cross(grid, level)[1])
    return tables


def equity_gender_report(filters: InsightFilters) -> Report:
    level = filters.level
    shared = cohort_figures(filters)
    tables = cross_tables(shared.journeys_by_gender, level)
    report = Report(
        slug="equity-gender",
        title="Equity by gender",
        summary=(
            "People referred in the period, how many were accepted and how many completed, by gender "
            "and by ethnic group and gender together, with each gender's rates against men's."
        ),
    )
    report.worked_out_at = shared.worked_out_at
    true_by_gender = {
        gender: {stage: sum(row[g] for row in tables[stage][0]) for stage in COUNTS}
        for g, gender in enumerate(GENDER_GROUPS)
    }
    shown_by_gender = {
        gender: {stage: tables[stage][1].column_totals[g] for stage in COUNTS}
        for g, gender in enumerate(GENDER_GROUPS)
    }
    rates = {
        gender: {
            stage: stage_share(true_by_gender[gender], stage, base, shown_by_gender[gender], level)
            for stage, base, _label in STAGES
        }
        for gender in GENDER_GROUPS
    }
    report.tables.append(_gender_journey(tables, true_by_gender, shown_by_gender, rates, level))
    report.tables.append(_gender_index(shown_by_gender, rates, level))
    for stage in COUNTS:
        report.tables.append(_cross_counts(stage, tables[stage][1]))
    report.tables.append(_cross_acceptance(tables, level))
    _add_chart(report, rates)
    report.notes.append(
        "Gender is as recorded on the person's record; 'Not stated' is people who preferred not to say "
        "or whose gender is not known. A difference is flagged only when the index's 95% interval "
        "excludes 1 and the index is outside 0.8 to 1.25."
    )
    return report


def _gender_journey(tables, true_by_gender, shown_by_gender, rates, level) -> Table:
    rows = []
    for gender in GENDER_GROUPS:
        shown = shown_by_gender[gender]
        cells = (shown["referred"], shown["accepted"], rates[gender]["accepted"])
        rows.append(Row(GENDER_NAMES[gender], (*cells, shown["completed"], rates[gender]["completed"])))
    everyone = {stage: sum(true[stage] for true in true_by_gender.values()) for stage in COUNTS}
    totals = {stage: tables[stage][1].grand_total for stage in COUNTS}
    rows.append(
        Row(
            "All genders",
            (
                totals["referred"],
                totals["accepted"],
                stage_share(everyone, "accepted", "referred", totals, level),
                totals["completed"],
                stage_share(everyone, "completed", "accepted", totals, level),
            ),
            is_total=True,
        )
    )
    return Table(
        "journey",
        "People referred, accepted and completing, by gender",
        "Gender",
        ("Referred", "Accepted", "Accepted (% of referred)", "Completed", "Completed (% of accepted)"),
        tuple(rows),
    )


def _gender_index(shown_by_gender, rates, level) -> Table:
    rows = []
    for gender in STATED_GENDERS:
        if gender == REFERENCE_GENDER:
            continue
        cells = []
        for stage, base, _label in STAGES:
            cells += index_cells(
                (gender, shown_by_gender[gender]),
                shown_by_gender[REFERENCE_GENDER],
                stage,
                base,
                level,
                (rates[gender][stage], rates[REFERENCE_GENDER][stage]),
            )
        rows.append(Row(GENDER_NAMES[gender], tuple(cells)))
    return Table(
        "index",
        "Relative rate index against men (95% confidence interval)",
        "Gender",
        (
            "Acceptance index",
            "Acceptance interval",
            "Acceptance flag",
            "Completion index",
            "Completion interval",
            "Completion flag",
        ),
        tuple(rows),
    )


def _cross_counts(stage: str, table: DisclosedTable) -> Table:
    rows = [
        Row(GROUP_NAMES[group], (*table.cells[r], table.row_totals[r]))
        for r, group in enumerate(ETHNIC_GROUPS)
    ]
    rows.append(Row("All groups", (*table.column_totals, table.grand_total), is_total=True))
    return Table(
        f"{stage}-by-group-and-gender",
        f"People {STAGE_NAMES[stage]}, by ethnic group and gender",
        "Ethnic group",
        (*(GENDER_NAMES[gender] for gender in GENDER_GROUPS), "All genders"),
        tuple(rows),
    )


def _cross_acceptance(tables, level) -> Table:
    """Each cell's acceptance rate, from that cell's counts as the two tables above publish them."""
    referred_grid, referred = tables["referred"]
    accepted_grid, accepted = tables["accepted"]
    rows = []
    for r, group in enumerate(ETHNIC_GROUPS):
        cells: list[Disclosed] = [
            disclose_share(
                accepted_grid[r][g],
                referred_grid[r][g],
                level=level,
                published_numerator=accepted.cells[r][g],
                published_base=referred.cells[r][g],
            )
            for g in range(len(GENDER_GROUPS))
        ]
        rows.append(Row(GROUP_NAMES[group], tuple(cells)))
    return Table(
        "accepted-share-by-group-and-gender",
        "Share of people referred who were accepted (%), by ethnic group and gender",
        "Ethnic group",
        tuple(GENDER_NAMES[gender] for gender in GENDER_GROUPS),
        tuple(rows),
    )


def _add_chart(report: Report, rates) -> None:
    chart_rows = [
        (GENDER_NAMES[gender], round(rates[gender]["accepted"].value, 1))
        for gender in GENDER_GROUPS
        if rates[gender]["accepted"].value is not None
    ]
    if not chart_rows:
        return
    title = "Share of people referred who were accepted, by gender"
    description = (
        "Bar chart of the percentage of people referred who were accepted: "
        + "; ".join(f"{label}: {value}%" for label, value in chart_rows)
        + ". Genders whose figure is hidden to protect privacy are not drawn. The table gives the "
        "same figures."
    )
    svg = charts.bar_chart(
        key="equity-gender-accepted",
        title=title,
        description=description,
        rows=chart_rows,
        axis_title="Accepted (%)",
    )
    report.charts.append(Chart(svg, title, description, "journey"))
