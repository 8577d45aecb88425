"""View 6 as published: funding bands and the services in them."""

from throughcare.core.disclosure import disclose_table
from throughcare.insight import charts
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Chart, Plain, Report, Row, Table
from throughcare.insight.queries.common import add_months, tier_label
from throughcare.insight.queries.funding import BANDS, services_losing_funding

# A long list helps nobody; the bands table still counts every service.
LISTED_SERVICES = 300


def funding_report(filters: InsightFilters, *, owner_organisation_id=None) -> Report:
    services = services_losing_funding(filters, owner_organisation_id=owner_organisation_id)
    as_at = filters.date_to
    report = Report(
        slug="funding",
        title="Funding cliff-edge",
        summary=(
            f"Active services whose funding ends by {add_months(as_at, 12):%-d %B %Y} (12 months after "
            f"{as_at:%-d %B %Y}), with their places and the referrals open with them now."
        ),
    )
    if owner_organisation_id is not None:
        report.notes.append("Only your organisation's services are shown.")

    by_band = {key: [s for s in services if s.band == key] for key, _label, _months in BANDS}
    open_table = disclose_table(
        [[sum(s.open_referrals for s in by_band[key])] for key, _l, _m in BANDS], level=filters.level
    )
    rows = [
        Row(
            label,
            (
                Plain(f"{len(by_band[key]):,}", len(by_band[key])),
                _places(by_band[key]),
                open_table.cells[i][0],
            ),
        )
        for i, (key, label, _months) in enumerate(BANDS)
    ]
    rows.append(
        Row(
            "All bands",
            (Plain(f"{len(services):,}", len(services)), _places(services), open_table.grand_total),
            is_total=True,
        )
    )
    report.tables.append(
        Table(
            "bands",
            "Services by when their funding ends",
            "When funding ends",
            ("Services", "Places", "Open referrals"),
            tuple(rows),
        )
    )

    listed = services[:LISTED_SERVICES]
    open_cells = (
        disclose_table([[s.open_referrals] for s in listed], level=filters.level).cells if listed else ()
    )
    report.tables.append(
        Table(
            "services",
            "Services losing funding"
            + (f" (the first {LISTED_SERVICES})" if len(services) > LISTED_SERVICES else ""),
            "Service",
            ("Provider", "Tier", "Funding ends", "Places", "Open referrals"),
            tuple(
                Row(
                    s.name,
                    (
                        Plain(s.organisation),
                        Plain(tier_label(s.tier)),
                        Plain(f"{s.funding_ends_on:%-d %b %Y}", s.funding_ends_on.isoformat()),
                        Plain(
                            f"{s.capacity_maximum:,}" if s.capacity_maximum is not None else "Not recorded",
                            s.capacity_maximum,
                        ),
                        open_cells[i][0],
                    ),
                )
                for i, s in enumerate(listed)
            ),
            empty_message="No service in this area has funding ending in the next 12 months.",
        )
    )
    if services:
        counts = [(label, len(by_band[key])) for key, label, _m in BANDS]
        title = "Services by when their funding ends"
        description = (
            "Bar chart of the number of services in each band: "
            + "; ".join(f"{label}: {n}" for label, n in counts)
            + ". The table beside it gives the same figures."
        )
        svg = charts.bar_chart(
            key="funding-bands", title=title, description=description, rows=counts, axis_title="Services"
        )
        report.charts.append(Chart(svg, title, description, "bands"))
    return report


def _places(services) -> Plain:
    known = [s.capacity_maximum for s in services if s.capacity_maximum is not None]
    total = sum(known)
    return Plain(f"{total:,}" if known else "Not recorded", total if known else None)
