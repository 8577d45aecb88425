"""View 1 as published: services by tier per 1,000 people referred, compared across areas."""

from throughcare.core.disclosure import disclose_count, disclose_rate, disclose_statistic
from throughcare.insight import charts, hexmap
from throughcare.insight.areas import child_level, child_names
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Chart, Plain, Report, Row, Table
from throughcare.insight.queries.common import TIER_LABELS
from throughcare.insight.queries.provision import provision_by_area
from throughcare.insight.statistics import (
    FunnelPosition,
    coefficient_of_variation,
    fold_variation,
    position,
    ratio_funnel_limits,
)

PER = 1000
CURVE_POINTS = 24


def provision_report(filters: InsightFilters) -> Report:
    names = child_names(filters.area)
    compared = child_level(filters.area)
    figures, people_worked_out_at = provision_by_area(filters, names)
    # Areas are compared at the child level, so the disclosure rule is that level's.
    level = compared.value
    report = Report(
        slug="provision",
        title="Provision against need",
        summary=(
            f"Active services in each {compared.label.split(' (')[0].lower()} in "
            f"{filters.area.name}, by tier, per "
            f"{PER:,} people referred in the period and per {PER:,} people under supervision, "
            "counting people where they live."
        ),
    )
    report.worked_out_at = people_worked_out_at
    report.notes.append("Services covering all of England count in every area.")
    report.notes.append(SUPERVISED_SOURCE.format(day=filters.date_to))
    published = {}
    mapped: dict[str, float | None] = {}
    rows = []
    for code, name in names.items():
        area = figures[code]
        people = disclose_count(area.people, level=level)
        # Worked out from the published (rounded) count of people: with the exact number of services
        # beside it, a rate from the true count would give that count back.
        shown_people = people.value or 0
        rate = disclose_rate(
            PER * area.services / shown_people if shown_people else 0.0,
            base=area.people,
            level=level,
            published_count=people,
        )
        if rate.value is not None:
            published[code] = (area.services, shown_people)
            mapped[code] = rate.value
        elif rate.is_suppressed:
            mapped[code] = None
        tiers = tuple(
            Plain(f"{area.services_by_tier.get(tier, 0):,}", area.services_by_tier.get(tier, 0))
            for tier in TIER_LABELS
        )
        supervised, supervised_rate = _per_supervised(area, level)
        rows.append(
            Row(
                name,
                (
                    people,
                    *tiers,
                    Plain(f"{area.services:,}", area.services),
                    rate,
                    supervised,
                    supervised_rate,
                ),
            )
        )
    funnel = _funnel(published, names)
    if funnel:
        positions, svg_points, curve, target = funnel
        rows = [
            Row(
                row.label,
                (*row.cells, Plain(positions[code].label) if code in positions else Plain("Not shown")),
            )
            for row, code in zip(rows, names, strict=True)
        ]
    report.tables.append(
        Table(
            "areas",
            f"Services per {PER:,} people referred and per {PER:,} people under supervision, by "
            f"{compared.label.split(' (')[0].lower()}",
            compared.label,
            (
                "People referred",
                *TIER_LABELS.values(),
                "All services",
                f"Services per {PER:,} people",
                "People under supervision living here",
                f"Services per {PER:,} people under supervision",
                *(("Funnel plot",) if funnel else ()),
            ),
            tuple(rows),
            empty_message="There are no areas to compare within this area.",
        )
    )
    rates = [PER * services / people for services, people in published.values()]
    people_behind = sum(people for _services, people in published.values())
    if len(rates) >= 2:
        fold = fold_variation(rates)
        cv = coefficient_of_variation(rates)
        if fold.fold is not None:
            report.headlines.append(
                (
                    "Fold variation (highest rate over lowest)",
                    disclose_statistic(
                        fold.fold, base=people_behind, level=level, decimals=2, suffix="-fold"
                    ),
                )
            )
        else:
            report.headlines.append(
                ("Fold variation (highest rate over lowest)", Plain("Not calculable: the lowest rate is 0"))
            )
        report.headlines.append(
            (
                "Coefficient of variation between areas",
                disclose_statistic(cv.coefficient, base=people_behind, level=level, decimals=2),
            )
        )
    else:
        report.notes.append("Fewer than 2 areas have enough people referred to compare their rates.")
    if funnel:
        title = f"Funnel plot of services per {PER:,} people referred"
        description = (
            f"Each point is an area: people referred across, services per {PER:,} people up. The "
            f"solid line is the "
            f"average of {target:.1f}; dashed lines are 95% limits and dotted lines 99.8% limits. "
            + "; ".join(f"{names[c]}: {positions[c].label.lower()}" for c in positions)
            + ". The table gives each area's figures."
        )
        svg = charts.funnel_chart(
            key="provision-funnel",
            title=title,
            description=description,
            points=svg_points,
            curve=curve,
            x_title="People referred",
            y_title=f"Services per {PER:,} people",
        )
        report.charts.append(Chart(svg, title, description, "areas"))
    _add_map(report, filters, mapped, compared.label.split(" (")[0].lower())
    return report


def _add_map(report: Report, filters: InsightFilters, mapped: dict, compared: str) -> None:
    if not mapped:
        return
    title = f"Map of services per {PER:,} people referred, by {compared}"
    description = (
        f"Each hexagon is a local authority in {filters.area.name}, shaded by its {compared}'s services "
        f"per {PER:,} people referred: darker is more. Hatched hexagons are hidden to protect privacy "
        "and grey ones have no figure. The table gives each area's figures."
    )
    hexmap.add_map(
        report,
        filters,
        key="provision-map",
        table_key="areas",
        title=title,
        description=description,
        figures=mapped,
        words_for=lambda value: f"{value:,.1f} per {PER:,} people",
    )


# The denominator's source, said on the page: no official caseload figures by area are held, so none
# are borrowed or made up; Throughcare's own records are counted and named as such.
SUPERVISED_SOURCE = (
    "People under supervision: Throughcare's own count of the people it holds with a community order, "
    "suspended sentence order, licence or post-sentence supervision running on {day:%-d %B %Y}, by the "
    "area they live in. It is not the official probation caseload (the Ministry of Justice's Offender "
    "Management Statistics), and people whose home is not recorded are in no area's count."
)


def _per_supervised(area, level: str):
    """The count of people under supervision living in the area, and services per 1,000 of them,
    worked out from the published (rounded) count for the same reason as the rate per referral."""
    supervised = disclose_count(area.supervised, level=level)
    shown = supervised.value or 0
    rate = disclose_rate(
        PER * area.services / shown if shown else 0.0,
        base=area.supervised,
        level=level,
        published_count=supervised,
    )
    return supervised, rate


def _funnel(published, names):
    """Positions, points and limit curves for areas whose rate is shown, around the pooled rate
    (from the published counts of people)."""
    people = sum(p for _s, p in published.values())
    services = sum(s for s, _p in published.values())
    if len(published) < 2 or not services:
        return None
    pooled = services / people
    positions = {}
    points = []
    for code, (area_services, area_people) in published.items():
        expected = area_people * pooled
        positions[code] = position(area_services / expected, ratio_funnel_limits(expected))
        outside = positions[code] is not FunnelPosition.WITHIN
        points.append(
            {
                "x": area_people,
                "y": round(PER * area_services / area_people, 2),
                # Only areas outside the limits are named on the plot: 42 names overlap unreadably.
                "label": names[code] if outside else "",
            }
        )
    smallest = min(p for _s, p in published.values())
    largest = max(p for _s, p in published.values())
    curve = []
    for i in range(CURVE_POINTS):
        x = smallest + (largest - smallest) * i / (CURVE_POINTS - 1)
        limits = ratio_funnel_limits(x * pooled)
        curve.append(
            {"x": x, "target": PER * pooled}
            | {
                k: PER * pooled * getattr(limits, k)
                for k in ("lower_95", "upper_95", "lower_99_8", "upper_99_8")
            }
        )
    return positions, points, curve, PER * pooled
