"""View 4 as published: declines by reason and tier, decline rates by tier, matching rule exclusions."""

from throughcare.core.disclosure import disclose_count, disclose_share, disclose_table
from throughcare.insight import charts
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Chart, Report, Row, Table
from throughcare.insight.queries.common import TIER_LABELS, tier_label
from throughcare.insight.queries.declines import exclusions_by_rule
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.reports.bars import reference_line, with_interval
from throughcare.matching.rules import PROGRAMME_TITLES, RULES_BY_CODE
from throughcare.referrals.reasons import ReasonCode


def reason_label(code: str) -> str:
    if not code:
        return "No reason recorded"
    try:
        return ReasonCode(code).label
    except ValueError:
        return code


def _tiers(found: set[str]) -> list[str]:
    """Known tiers in vocabulary order, then any others, then 'not recorded'."""
    ordered = [code for code in TIER_LABELS if code in found]
    ordered += sorted(code for code in found if code and code not in TIER_LABELS)
    return ordered + ([""] if "" in found else [])


def declines_report(filters: InsightFilters) -> Report:
    level = filters.level
    report = Report(
        slug="declines",
        title="Declined referrals",
        summary=(
            "Referrals submitted in the period that services declined, by the reason given and the tier "
            "of service, and how often the matching rules ruled services out when nothing fitted."
        ),
    )

    shared = cohort_figures(filters)
    report.worked_out_at = shared.worked_out_at
    declines, decisions = shared.declines, shared.decisions
    tiers = _tiers({tier for _reason, tier in declines})
    reasons = [code for code in ReasonCode.values if any((code, t) in declines for t in tiers)]
    reasons += sorted({r for r, _t in declines} - set(reasons))
    if declines:
        table = disclose_table([[declines.get((r, t), 0) for t in tiers] for r in reasons], level=level)
        rows = [Row(reason_label(r), (*table.cells[i], table.row_totals[i])) for i, r in enumerate(reasons)]
        rows.append(Row("All reasons", (*table.column_totals, table.grand_total), is_total=True))
    else:
        rows = []
    report.tables.append(
        Table(
            "reasons",
            "Referrals declined, by reason and tier of service",
            "Reason",
            (*(tier_label(t) for t in tiers), "All tiers"),
            tuple(rows),
            empty_message="No referral submitted in this area in this period has been declined.",
        )
    )

    decision_rows = []
    chart_rows = []
    shown_declined = shown_decided = 0
    for row in decisions:
        declined = disclose_count(row.declined, level=level)
        decided = disclose_count(row.decided, level=level)
        rate = disclose_share(
            row.declined, row.decided, level=level, published_numerator=declined, published_base=decided
        )
        decision_rows.append(Row(tier_label(row.tier), (decided, declined, rate)))
        if rate.value is not None:
            chart_rows.append(with_interval(tier_label(row.tier), rate, declined, decided))
            shown_declined += declined.value or 0
            shown_decided += decided.value or 0
    report.tables.append(
        Table(
            "rates",
            "Share of decisions that were declines, by tier of service",
            "Tier",
            ("Referrals decided", "Declined", "Declined (%)"),
            tuple(decision_rows),
            empty_message="No referral submitted in this area in this period has been decided on yet.",
        )
    )
    if chart_rows:
        title = "Share of decisions that were declines, by tier"
        hidden = len(decisions) - len(chart_rows)
        description = (
            "Bar chart of the percentage of referrals declined, by tier, each with its 95% confidence "
            "interval: "
            + "; ".join(
                f"{label}: {value}% ({lower}% to {upper}%)" for label, value, lower, upper in chart_rows
            )
            + (
                f". {hidden} tier(s) not drawn because the figure is hidden to protect privacy"
                if hidden
                else ""
            )
            + ". The table gives the same figures."
        )
        svg = charts.bar_chart(
            key="decline-rates",
            title=title,
            description=description,
            rows=chart_rows,
            axis_title="Declined (%)",
            # All tiers drawn, from the published counts: nothing hidden can be worked back from it.
            reference=reference_line(
                100 * shown_declined / shown_decided if shown_decided else None, "All tiers drawn"
            ),
        )
        report.charts.append(Chart(svg, title, description, "rates"))

    exclusions = exclusions_by_rule(filters)
    report.tables.append(
        Table(
            "rules",
            "Matching rules that ruled services out when nothing fitted",
            "Rule",
            ("Searches it ruled services out in", "Services ruled out"),
            tuple(
                Row(
                    rule_label(e.rule),
                    (disclose_count(e.searches, level=level), disclose_count(e.services, level=level)),
                )
                for e in exclusions
            ),
            empty_message="No unmet need was recorded in this area in this period.",
        )
    )
    outside = shared.outside_criteria
    report.tables.append(
        Table(
            "outside_criteria",
            "Referrals sent outside the service's criteria, by rule",
            "Rule",
            ("Referrals",),
            tuple(
                Row(rule_label(code), (disclose_count(count, level=level),))
                for code, count in outside.items()
            ),
            empty_message="No referral submitted here in this period was outside its service's criteria.",
        )
    )
    return report


def rule_label(code: str) -> str:
    """A matching rule's title, or a named programme's rule text, by its code."""
    if code in RULES_BY_CODE:
        return RULES_BY_CODE[code].title
    return PROGRAMME_TITLES.get(code, code)
