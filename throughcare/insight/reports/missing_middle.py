"""View 2 as published: needs too high or too low, and unmet need by need and area."""

from throughcare.core.disclosure import disclose_table
from throughcare.directory.vocabularies import NEEDS
from throughcare.insight.areas import child_level, child_names
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Report, Row, Table
from throughcare.insight.queries.common import TIER_LABELS, tier_label
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.queries.missing_middle import (
    MISSING_MIDDLE_REASONS,
    NO_AREA,
    unmet_need_by_need_and_area,
)

NEED_LABELS = {code: name for code, name, _ in NEEDS.terms}
REASON_LABELS = {MISSING_MIDDLE_REASONS[0]: "Needs too high", MISSING_MIDDLE_REASONS[1]: "Needs too low"}


def missing_middle_report(filters: InsightFilters) -> Report:
    level = filters.level
    report = Report(
        slug="missing-middle",
        title="The missing middle",
        summary=(
            "People turned away because their needs were too high for one service or too low "
            "for another, "
            "and needs that nothing in the directory could meet, by area."
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
    if needs and areas:
        # Each record can name several needs, so a row's total counts needs, not people.
        table = disclose_table(
            [[unmet.get((a, n), 0) for n in needs] for a in areas], level=child_level(filters.area).value
        )
        rows = (
            *(Row(names[a], (*table.cells[i], table.row_totals[i])) for i, a in enumerate(areas)),
            Row("All areas", (*table.column_totals, table.grand_total), is_total=True),
        )
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
    return report
