"""View 2 as published: needs too high or too low, and unmet need by need and area."""

from dataclasses import replace

from throughcare.core.disclosure import disclose_count, disclose_share, disclose_table
from throughcare.directory.vocabularies import NEEDS
from throughcare.insight import charts, hexmap
from throughcare.insight.areas import child_level, child_names
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Chart, Report, Row, Table
from throughcare.insight.queries.common import TIER_LABELS, tier_label
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.queries.missing_middle import (
    MISSING_MIDDLE_REASONS,
    NO_AREA,
    unmet_need_by_need_and_area,
)
from throughcare.insight.queries.missing_middle_index import PER, MissingMiddle
from throughcare.insight.statistics import wilson_interval

NEED_LABELS = {code: name for code, name, _ in NEEDS.terms}
REASON_LABELS = {MISSING_MIDDLE_REASONS[0]: "Needs too high", MISSING_MIDDLE_REASONS[1]: "Needs too low"}


INDEX_LABEL = f"Missing middle index: people in the middle not served, per {PER:,} people referred"


def _add_index(report: Report, counts: MissingMiddle, level: str) -> None:
    """The index as a headline (with its 95% interval) and the three counts it is made of, each
    published on its own; the index is worked out from the published counts."""
    referred = disclose_count(counts.referred, level=level)
    in_middle = disclose_count(counts.in_middle, level=level)
    not_served = disclose_count(counts.not_served, level=level)
    index = disclose_share(
        counts.not_served,
        counts.referred,
        level=level,
        per=PER,
        suffix="",
        published_numerator=not_served,
        published_base=referred,
    )
    if not index.is_suppressed and referred.value:
        interval = wilson_interval(not_served.value, referred.value)
        index = replace(
            index, text=f"{index.value:.1f} ({PER * interval.lower:.1f} to {PER * interval.upper:.1f})"
        )
    report.headlines.append((INDEX_LABEL, index))
    report.tables.append(
        Table(
            "index",
            "The missing middle index and the people it counts",
            "People",
            ("Number",),
            (
                Row("Referred in the period", (referred,)),
                Row(
                    "In the missing middle: declined as needs too high by a wellbeing or primary care "
                    "service, or as needs too low by a secondary care or specialist service",
                    (in_middle,),
                ),
                Row("Of them, taken on by no service in the period", (not_served,)),
            ),
        )
    )


def missing_middle_report(filters: InsightFilters) -> Report:
    level = filters.level
    report = Report(
        slug="missing-middle",
        title="The missing middle",
        summary=(
            "People whose needs sit between the low-level wellbeing offer and specialist services and who "
            "were turned away and not taken on anywhere, as an index per 1,000 people referred; "
            "people turned away as needs too high or too low, by tier; and needs nothing in the "
            "directory could meet, by area."
        ),
    )
    shared = cohort_figures(filters)
    report.worked_out_at = shared.worked_out_at
    declines = {key: n for key, n in shared.declines.items() if key[0] in MISSING_MIDDLE_REASONS}
    tiers = [t for t in TIER_LABELS if any((r, t) in declines for r in MISSING_MIDDLE_REASONS)]
    tiers += sorted({t for _r, t in declines} - set(tiers))
    rows = ()
    if declines:
        table = disclose_table(
            [[declines.get((r, t), 0) for r in MISSING_MIDDLE_REASONS] for t in tiers], level=level
        )
        rows = (
            *(Row(tier_label(t), (*table.cells[i], table.row_totals[i])) for i, t in enumerate(tiers)),
            Row("All tiers", (*table.column_totals, table.grand_total), is_total=True),
        )
        _add_declines_chart(report, [(tier_label(t), *table.cells[i]) for i, t in enumerate(tiers)])
    report.tables.append(
        Table(
            "declines",
            "Referrals declined as needs too high or too low, by tier of service",
            "Tier",
            (*REASON_LABELS.values(), "Both"),
            rows,
            empty_message=(
                "No referral submitted in this area in this period was declined for needs too high or "
                "too low."
            ),
        )
    )

    unmet = unmet_need_by_need_and_area(filters)
    names = child_names(filters.area)
    if filters.area.is_england and any(area == NO_AREA for area, _n in unmet):
        names[NO_AREA] = "Area not recorded"
    needs = [code for code in NEED_LABELS if any((a, code) in unmet for a in names)]
    needs += sorted({n for a, n in unmet if a in names} - set(needs))
    areas = [code for code in names if any((code, n) in unmet for n in needs)]
    rows = ()
    # Areas where no search found nothing: a published zero, unless disclosure says otherwise.
    zero = disclose_count(0, level=child_level(filters.area).value)
    mapped = {code: zero.value for code in names if code != NO_AREA}
    if needs and areas:
        # Each record can name several needs, so a row's total counts needs, not people.
        table = disclose_table(
            [[unmet.get((a, n), 0) for n in needs] for a in areas], level=child_level(filters.area).value
        )
        rows = (
            *(Row(names[a], (*table.cells[i], table.row_totals[i])) for i, a in enumerate(areas)),
            Row("All areas", (*table.column_totals, table.grand_total), is_total=True),
        )
        mapped |= {a: table.row_totals[i].value for i, a in enumerate(areas) if a != NO_AREA}
    report.tables.append(
        Table(
            "unmet",
            f"Unmet need by need and {child_level(filters.area).label.split(' (')[0].lower()}",
            child_level(filters.area).label,
            (*(NEED_LABELS.get(n, n) for n in needs), "All needs"),
            rows,
            empty_message="No unmet need was recorded in this area in this period.",
        )
    )
    report.notes.append(
        "Unmet need is recorded when a search finds nothing that fits; one search can name several needs, so "
        "'All needs' adds up needs, not people."
    )
    _add_unmet_map(report, filters, mapped)
    _add_index(report, shared.missing_middle, level)
    return report


def _add_unmet_map(report: Report, filters: InsightFilters, mapped: dict[str, float | None]) -> None:
    compared = child_level(filters.area).label.split(" (")[0].lower()
    title = f"Map of unmet need by {compared}"
    description = (
        f"Each hexagon is a local authority in {filters.area.name}, shaded by the needs its {compared} "
        "recorded as unmet, when a search found no service that fits: darker is more. Hatched hexagons "
        "are hidden to protect privacy. The table gives each area's figures."
    )
    hexmap.add_map(
        report,
        filters,
        key="unmet-map",
        table_key="unmet",
        title=title,
        description=description,
        figures=mapped,
        words_for=lambda value: f"{value:,.0f} unmet needs",
    )


def _add_declines_chart(report: Report, rows: list) -> None:
    """Too low to one side, too high to the other: where in the tiers the middle falls through."""
    high, low = (REASON_LABELS[reason] for reason in MISSING_MIDDLE_REASONS)
    drawn = [(label, too_low.value, too_high.value) for label, too_high, too_low in rows]
    if not any(value for _label, *counts in drawn for value in counts):
        return
    title = "Referrals declined as needs too low or too high, by tier"
    description = (
        "Diverging bar chart: to the left, referrals declined as needs too low; to the right, as needs "
        "too high, for each tier: "
        + "; ".join(
            f"{label}: {_said(too_low)} too low, {_said(too_high)} too high"
            for label, too_low, too_high in drawn
        )
        + ". The table gives the same figures."
    )
    svg = charts.diverging_chart(
        key="missing-middle-declines",
        title=title,
        description=description,
        rows=drawn,
        left=low,
        right=high,
        axis_title="Referrals declined",
    )
    report.charts.append(Chart(svg, title, description, "declines"))


def _said(count) -> str:
    return "hidden" if count is None else f"{count:,}"
