"""View 5 as published: each ethnic group's journey, its rates, and the relative rate index against White."""

from throughcare.core.disclosure import Disclosed, disclose_share, disclose_statistic, disclose_table
from throughcare.core.ethnicity import GROUPS
from throughcare.insight import charts
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Chart, Plain, Report, Row, Table
from throughcare.insight.queries.equity import NOT_STATED
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.reports.bars import reference_line, with_interval
from throughcare.insight.statistics import Disparity, GroupCount, relative_rate_index

REFERENCE = "white"
GROUP_NAMES = {**GROUPS, NOT_STATED: "Not stated"}
DISPARITY_TEXT = {
    Disparity.HIGHER: "Flagged: higher",
    Disparity.LOWER: "Flagged: lower",
    Disparity.NOT_FLAGGED: "Not flagged",
    Disparity.NOT_CALCULABLE: "Not calculable",
}
STAGES = (("accepted", "referred", "Accepted"), ("completed", "accepted", "Completed"))


def _column(journeys, attribute, level):
    table = disclose_table([[getattr(j, attribute)] for j in journeys], level=level)
    return [cells[0] for cells in table.cells], table.column_totals[0]


def equity_report(filters: InsightFilters) -> Report:
    level = filters.level
    shared = cohort_figures(filters)
    journeys = shared.journeys
    ordered = [journeys[code] for code in (*GROUPS, NOT_STATED)]
    report = Report(
        slug="equity",
        title="Equity by ethnic group",
        summary=(
            "People referred in the period, how many were accepted and how many completed, by "
            "ethnic group "
            "(ONS 2021 groups), with each group's rates against the White group's."
        ),
    )
    report.worked_out_at = shared.worked_out_at
    columns = {name: _column(ordered, name, level) for name in ("referred", "accepted", "completed")}
    white = ordered.index(journeys[REFERENCE])
    published = [{name: columns[name][0][i] for name in columns} for i in range(len(ordered))]
    reference_rates = {
        stage: _rate(journeys[REFERENCE], stage, base, published[white], level)
        for stage, base, _label in STAGES
    }
    rows = []
    index_rows = []
    chart_rows = []
    for i, journey in enumerate(ordered):
        counts = published[i]
        rates = {stage: _rate(journey, stage, base, counts, level) for stage, base, _label in STAGES}
        rows.append(
            Row(
                GROUP_NAMES[journey.group],
                (
                    counts["referred"],
                    counts["accepted"],
                    rates["accepted"],
                    counts["completed"],
                    rates["completed"],
                ),
            )
        )
        if rates["accepted"].value is not None:
            chart_rows.append(
                with_interval(
                    GROUP_NAMES[journey.group], rates["accepted"], counts["accepted"], counts["referred"]
                )
            )
        if journey.group not in (REFERENCE, NOT_STATED):
            cells = []
            for stage, base, _label in STAGES:
                cells += index_cells(
                    (journey.group, counts),
                    published[white],
                    stage,
                    base,
                    level,
                    (rates[stage], reference_rates[stage]),
                )
            index_rows.append(Row(GROUP_NAMES[journey.group], tuple(cells)))
    totals = {name: columns[name][1] for name in columns}
    everyone = {name: sum(getattr(j, name) for j in ordered) for name in columns}
    all_accepted = stage_share(everyone, "accepted", "referred", totals, level)
    rows.append(
        Row(
            "All groups",
            (
                totals["referred"],
                totals["accepted"],
                all_accepted,
                totals["completed"],
                stage_share(everyone, "completed", "accepted", totals, level),
            ),
            is_total=True,
        )
    )
    report.tables.append(
        Table(
            "journey",
            "People referred, accepted and completing, by ethnic group",
            "Ethnic group",
            ("Referred", "Accepted", "Accepted (% of referred)", "Completed", "Completed (% of accepted)"),
            tuple(rows),
        )
    )
    report.tables.append(
        Table(
            "index",
            "Relative rate index against the White group (95% confidence interval)",
            "Ethnic group",
            (
                "Acceptance index",
                "Acceptance interval",
                "Acceptance flag",
                "Completion index",
                "Completion interval",
                "Completion flag",
            ),
            tuple(index_rows),
        )
    )
    if chart_rows:
        title = "Share of people referred who were accepted, by ethnic group"
        description = (
            "Bar chart of the percentage of people referred who were accepted, each with its 95% "
            "confidence interval: "
            + "; ".join(
                f"{label}: {value}% ({lower}% to {upper}%)" for label, value, lower, upper in chart_rows
            )
            + (
                f". The dashed line is all groups: {all_accepted.value:.1f}%"
                if all_accepted.value is not None
                else ""
            )
            + ". Groups whose figure is hidden to protect privacy are not drawn. The table gives "
            "the same figures."
        )
        svg = charts.bar_chart(
            key="equity-accepted",
            title=title,
            description=description,
            rows=chart_rows,
            axis_title="Accepted (%)",
            reference=reference_line(all_accepted.value, "All groups"),
        )
        report.charts.append(Chart(svg, title, description, "journey"))
    report.notes.append(
        "A difference is flagged only when the index's 95% interval excludes 1 and the index is "
        "outside 0.8 to 1.25."
    )
    return report


def stage_share(
    true: dict[str, int], stage: str, base: str, shown: dict[str, Disclosed], level: str
) -> Disclosed:
    """A stage's share of its base, from the counts as published beside it (never the true ones)."""
    return disclose_share(
        true[stage], true[base], level=level, published_numerator=shown[stage], published_base=shown[base]
    )


def _rate(journey, stage: str, base: str, shown: dict[str, Disclosed], level: str) -> Disclosed:
    return stage_share(
        {stage: getattr(journey, stage), base: getattr(journey, base)}, stage, base, shown, level
    )


def index_cells(group_counts, reference_counts, stage, base, level, rates: tuple[Disclosed, Disclosed]):
    """The index, its interval and flag, from the published counts; hidden when either rate it divides
    is hidden, since with the other rate shown it would give the hidden one back."""
    group, counts = group_counts
    hidden = next((figure for figure in rates if figure.is_suppressed), None)
    if hidden is not None:
        return [hidden, hidden, hidden]
    result = relative_rate_index(
        GroupCount(counts[stage].value, counts[base].value),
        GroupCount(reference_counts[stage].value, reference_counts[base].value),
        group=group,
    )
    smaller_base = min(counts[base].value, reference_counts[base].value)
    if result.interval is None:
        return [
            Plain("Not calculable"),
            Plain("Not calculable"),
            Plain(DISPARITY_TEXT[result.disparity], result.disparity.value),
        ]
    index = disclose_statistic(result.interval.estimate, base=smaller_base, level=level, decimals=2)
    hidden = next((figure for figure in (*rates, index) if figure.is_suppressed), None)
    if hidden is not None:
        return [hidden, hidden, hidden]
    interval = Plain(
        f"{result.interval.lower:.2f} to {result.interval.upper:.2f}",
        [result.interval.lower, result.interval.upper],
    )
    return [index, interval, Plain(DISPARITY_TEXT[result.disparity], result.disparity.value)]
