"""View 7 as published: a waiting-list "what if" for one service (Little's law; Fong et al. 2022).

The figures typed into the form are the commissioner's own assumptions, so the model's answers are
shown as worked out. What Throughcare records about the chosen service is about people, so it goes
through the disclosure rule (at service level: below England).
"""

import math

from throughcare.core.disclosure import disclose_count, disclose_rate
from throughcare.insight import charts
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Chart, Plain, Report, Row, Table
from throughcare.insight.queries.demand import RELEASE_HORIZON_WEEKS, find_service, service_demand
from throughcare.insight.statistics import target_capacity, what_if

SERVICE_LEVEL = "service"
FIELDS = (
    ("demand", "Demand: referrals a week", "For example, 12.5"),
    ("capacity", "Capacity: people taken on a week", "For example, 11"),
    ("queue", "People on the waiting list now", "For example, 80"),
    ("target", "Target wait in weeks", "For example, 6 or 18"),
    ("weeks", "Weeks to reach the target list (optional)", "For example, 26"),
)


def _number(text: str, label: str, errors: dict, key: str, *, required=True, positive=False):
    if not text:
        if required:
            errors[key] = f"Enter the {label[0].lower()}{label[1:]}."
        return None
    try:
        value = float(text)
    except ValueError:
        errors[key] = f"{label} must be a number, like 12 or 12.5."
        return None
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        errors[key] = f"{label} must be {'more than 0' if positive else '0 or more'}."
        return None
    return value


def demand_report(filters: InsightFilters, *, params) -> Report:
    report = Report(
        slug="demand",
        title="Demand and capacity: what if",
        summary=(
            "Try demand, capacity and a waiting-time target for one service: the model gives "
            "the mean wait "
            "(Little's law), the list size that meets the target reliably, and the capacity to get there."
        ),
    )
    report.inputs = {key: (params.get(key) or "").strip() for key, _l, _h in FIELDS}
    report.input_errors = {}
    service = find_service(params.get("service", "")) if params.get("service") else None
    if params.get("service") and service is None:
        report.input_errors["service"] = "There is no service with that identifier in the directory."
    if service is not None:
        _recorded(report, service, filters)
    if not any(report.inputs[key] for key in ("demand", "capacity", "queue", "target")):
        return report
    errors = report.input_errors
    demand = _number(report.inputs["demand"], FIELDS[0][1], errors, "demand")
    capacity = _number(report.inputs["capacity"], FIELDS[1][1], errors, "capacity", positive=True)
    queue = _number(report.inputs["queue"], FIELDS[2][1], errors, "queue")
    target = _number(report.inputs["target"], FIELDS[3][1], errors, "target", positive=True)
    weeks = _number(report.inputs["weeks"], FIELDS[4][1], errors, "weeks", required=False, positive=True)
    if errors:
        return report
    result = what_if(
        demand=demand, capacity=capacity, queue_size=queue, target_wait=target, weeks_to_clear=weeks
    )
    rows = [
        Row("Load (demand over capacity)", (Plain(f"{result.load:.2f}", result.load),)),
        Row(
            "Mean wait now, by Little's law (weeks)",
            (
                Plain(f"{result.mean_wait:.1f}", result.mean_wait)
                if result.mean_wait is not None
                else Plain("No demand"),
            ),
        ),
        Row(
            "Waiting list that meets the target reliably (people)",
            (Plain(f"{result.target_queue:.0f}", result.target_queue),),
        ),
        Row(
            "Waiting list now over that target",
            (Plain(f"{result.queue_ratio:.2f}" if math.isfinite(result.queue_ratio) else "No target list"),),
        ),
        Row(
            "Capacity a week to hold the list at its target",
            (Plain(f"{target_capacity(demand, target):.1f}"),),
        ),
        Row(
            "Weeks to reach the target list at this capacity",
            (
                Plain(
                    f"{result.weeks_to_target:.1f}"
                    if result.weeks_to_target is not None
                    else "Never: capacity is not above demand",
                    result.weeks_to_target,
                ),
            ),
        ),
    ]
    if result.relief_capacity is not None:
        rows.append(
            Row(
                f"Capacity a week to reach the target list in {weeks:g} weeks",
                (Plain(f"{result.relief_capacity:.1f}", result.relief_capacity),),
            )
        )
    if result.load >= 1:
        report.notes.append("Demand is at or above capacity: the waiting list will keep growing.")
    report.tables.append(Table("what-if", "What the model says", "Measure", ("Figure",), tuple(rows)))
    _add_projection(report, demand, capacity, queue, result.target_queue, weeks)
    return report


PROJECTION_POINTS = 13  # points on the line, the first being now


def projected_list(demand: float, capacity: float, queue: float, week: float) -> float:
    """The waiting list after `week` weeks if demand and capacity stay as typed (never below empty)."""
    return max(0.0, queue + (demand - capacity) * week)


def _add_projection(report: Report, demand, capacity, queue, target_queue: float, weeks) -> None:
    """The waiting list week by week at this capacity, against the list that meets the target: a
    table, and a line chart of the same figures beside it."""
    horizon = weeks or 26
    step = horizon / (PROJECTION_POINTS - 1)
    points = [
        (round(index * step, 1), round(projected_list(demand, capacity, queue, index * step), 1))
        for index in range(PROJECTION_POINTS)
    ]
    rows = tuple(Row(f"Week {week:g}", (Plain(f"{size:,.0f}", size),)) for week, size in points)
    report.tables.append(
        Table(
            "projection",
            f"Waiting list over the next {horizon:g} weeks at this capacity",
            "Week",
            ("People waiting",),
            rows,
        )
    )
    title = f"Waiting list over the next {horizon:g} weeks, against the target list"
    description = (
        f"Line chart: the waiting list starts at {queue:,.0f} people and is {points[-1][1]:,.0f} after "
        f"{horizon:g} weeks, if demand ({demand:g} a week) and capacity ({capacity:g} a week) stay the "
        f"same. A dashed line marks the list that meets the target wait reliably: {target_queue:,.0f} "
        "people. The table gives the same figures."
    )
    svg = charts.line_chart(
        key="demand-projection",
        title=title,
        description=description,
        points=points,
        x_title="Weeks from now",
        y_title="People waiting",
        reference=(round(target_queue, 1), f"Target list: {target_queue:,.0f}"),
    )
    report.charts.append(Chart(svg, title, description, "projection"))


def _recorded(report: Report, service, filters: InsightFilters) -> None:
    recorded = service_demand(service, filters)
    weeks = ((filters.date_to - filters.date_from).days + 1) / 7
    in_period = disclose_count(recorded.referrals_in_period, level=SERVICE_LEVEL)
    per_week = disclose_rate(
        (in_period.value or 0) / weeks,
        base=recorded.referrals_in_period,
        level=SERVICE_LEVEL,
        published_count=in_period,
    )
    rows = [
        Row("Referrals in the period", (in_period,)),
        Row("Referrals a week (from the rounded count)", (per_week,)),
        Row(
            "Waiting now (submitted, acknowledged, on the waiting list or paused)",
            (disclose_count(recorded.waiting_now, level=SERVICE_LEVEL),),
        ),
        Row(
            "Places",
            (
                Plain(
                    f"{recorded.capacity_maximum:,}"
                    if recorded.capacity_maximum is not None
                    else "Not recorded"
                ),
            ),
        ),
        Row(
            f"People with open referrals due for release in the next {RELEASE_HORIZON_WEEKS} weeks",
            (
                disclose_count(recorded.releases_expected, level=SERVICE_LEVEL)
                if recorded.releases_expected is not None
                else Plain("Not recorded yet"),
            ),
        ),
    ]
    report.tables.append(
        Table(
            "recorded", f"What Throughcare records for {recorded.name}", "Measure", ("Figure",), tuple(rows)
        )
    )
