"""View 3 as published: the referral funnel, and time from referral to decision."""

from throughcare.core.disclosure import disclose_count, disclose_share, disclose_statistic
from throughcare.insight import charts
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Chart, Plain, Report, Row, Table
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.queries.waits import histogram_percentile, within

SHARE_WEEKS = (6, 18)


def waits_report(filters: InsightFilters, *, owner_organisation_id=None) -> Report:
    level = filters.level
    report = Report(
        slug="waits",
        title="Access and waits",
        summary=(
            "Referrals submitted in the period, how far they got, and how long services took to "
            "decide on them."
        ),
    )
    if owner_organisation_id is not None:
        report.notes.append("Only referrals to your organisation's services are counted.")
    shared = cohort_figures(filters, owner_organisation_id=owner_organisation_id)
    report.worked_out_at = shared.worked_out_at
    figures = shared.access
    funnel = figures.funnel
    submitted = disclose_count(funnel.submitted, level=level)
    rows = [
        Row("Submitted", (submitted, Plain("100%", 100.0) if funnel.submitted else Plain("No referrals")))
    ]
    chart_rows = []
    stages = (
        ("Accepted", funnel.accepted),
        ("First appointment attended", funnel.first_appointment),
        ("Completed", funnel.completed),
    )
    for label, count in stages:
        if count is None:
            rows.append(Row(label, (Plain("Not recorded yet"), Plain("Not recorded yet"))))
            continue
        shown = disclose_count(count, level=level)
        share = disclose_share(
            count, funnel.submitted, level=level, published_numerator=shown, published_base=submitted
        )
        rows.append(Row(label, (shown, share)))
        if shown.value is not None:
            chart_rows.append((label, shown.value))
    if submitted.value is not None:
        chart_rows.insert(0, ("Submitted", submitted.value))
    report.tables.append(
        Table(
            "funnel",
            "Referrals submitted in the period, by how far they got",
            "Stage",
            ("Referrals", "Of those submitted"),
            tuple(rows),
        )
    )
    if len(chart_rows) > 1:
        title = "Referrals at each stage"
        description = (
            "Bar chart of referrals submitted in the period reaching each stage: "
            + "; ".join(f"{label}: {value:,}" for label, value in chart_rows)
            + ". Stages whose figure is hidden to protect privacy are not drawn. The table gives "
            "the same figures."
        )
        svg = charts.bar_chart(
            key="waits-funnel", title=title, description=description, rows=chart_rows, axis_title="Referrals"
        )
        report.charts.append(Chart(svg, title, description, "funnel"))

    histogram = figures.days_to_decision
    decided = sum(histogram.values())
    decided_shown = disclose_count(decided, level=level)
    wait_rows = [Row("Referrals decided", (decided_shown,))]
    if decided:
        for label, fraction in (("Median days to decision", 0.5), ("90th percentile, days to decision", 0.9)):
            wait_rows.append(
                Row(
                    label,
                    (
                        disclose_statistic(
                            histogram_percentile(histogram, fraction), base=decided, level=level
                        ),
                    ),
                )
            )
        for weeks in SHARE_WEEKS:
            count = within(histogram, weeks)
            wait_rows.append(
                Row(
                    f"Decided within {weeks} weeks",
                    (disclose_share(count, decided, level=level, published_base=decided_shown),),
                )
            )
    report.tables.append(
        Table(
            "decisions",
            "Time from referral to the service's decision (accepted, waiting list, assessment or declined)",
            "Measure",
            ("Figure",),
            tuple(wait_rows),
        )
    )
    return report
