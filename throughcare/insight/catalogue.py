"""The insight views: what each is called, what it builds, and who may see it.

Commissioners (VIEW_INSIGHT) see every view, for the areas their organisation commissions for and
England totals (coverage.py); national organisations' for every area. Provider managers
(VIEW_OWN_SERVICE_INSIGHT) see only the views marked `for_providers`, limited to their own
organisation's services. Everyone else is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied

from throughcare.core.disclosure import disclose_count
from throughcare.core.permissions import Permission, has_permission
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Report
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.reports.declines import declines_report
from throughcare.insight.reports.demand import demand_report
from throughcare.insight.reports.equity import equity_report
from throughcare.insight.reports.equity_gender import equity_gender_report
from throughcare.insight.reports.funding import funding_report
from throughcare.insight.reports.missing_middle import missing_middle_report
from throughcare.insight.reports.provision import provision_report
from throughcare.insight.reports.release_forecast import release_forecast_report
from throughcare.insight.reports.waits import waits_report


@dataclass(frozen=True)
class InsightView:
    slug: str
    title: str
    description: str
    build: Callable[..., Report]
    for_providers: bool = False
    # Reads its own inputs from the URL besides the shared filters.
    takes_params: bool = False
    # Counts referred people in areas, so says how many were placed by service for want of a home.
    locates_people: bool = True
    # The tables (by key) whose rows are the areas inside the one asked for, compared side by side.
    compares_areas: tuple[str, ...] = ()


_VIEWS = {
    view.slug: view
    for view in (
        InsightView(
            "provision",
            "Provision against need",
            "Active services by tier per 1,000 people referred in each area, with how much areas vary.",
            provision_report,
            compares_areas=("areas",),
        ),
        InsightView(
            "missing-middle",
            "The missing middle",
            "An index of people between the wellbeing offer and specialist care who were turned away and "
            "not served, per 1,000 referred; declines as needs too high or too low; unmet need by area.",
            missing_middle_report,
            compares_areas=("unmet",),
        ),
        InsightView(
            "waits",
            "Access and waits",
            "From referral to acceptance, first appointment and completion, and how long decisions take.",
            waits_report,
            for_providers=True,
        ),
        InsightView(
            "funding",
            "Funding cliff-edge",
            "Services whose funding ends within 3, 6 or 12 months, with their places and open referrals.",
            funding_report,
            for_providers=True,
            locates_people=False,
        ),
        InsightView(
            "release-forecast",
            "Release surge forecast",
            "People due for release in the next 12 weeks where they live, the referrals each tier can "
            "expect from them, and each tier's places and decision times.",
            release_forecast_report,
            locates_people=False,  # counts people in custody, and says itself whose home is unknown
        ),
        InsightView(
            "demand",
            "Demand and capacity: what if",
            "For one service: the waiting list that meets a target, and the capacity to reach it "
            "(Little's law).",
            demand_report,
            takes_params=True,
            locates_people=False,
        ),
        InsightView(
            "declines",
            "Declined referrals",
            "Why services decline referrals, by reason, criterion and tier, and which matching "
            "rules rule services out.",
            declines_report,
        ),
        InsightView(
            "equity",
            "Equity by ethnic group",
            "Referral, acceptance and completion by ethnic group, with the relative rate index "
            "against the White group.",
            equity_report,
        ),
        InsightView(
            "equity-gender",
            "Equity by gender",
            "Referral, acceptance and completion by gender, and by ethnic group and gender together, "
            "with the relative rate index against men.",
            equity_gender_report,
        ),
    )
}


# In the order the issue numbers them: provision, the missing middle, access, declines, equity (by
# ethnic group, then by gender), funding, the release forecast, and the what-if.
VIEWS: dict[str, InsightView] = {
    slug: _VIEWS[slug]
    for slug in (
        "provision",
        "missing-middle",
        "waits",
        "declines",
        "equity",
        "equity-gender",
        "funding",
        "release-forecast",
        "demand",
    )
}


@dataclass(frozen=True)
class Scope:
    """Whose services a user's insight covers: everyone's, or one provider organisation's."""

    owner_organisation_id: object = None

    @property
    def is_own_services(self) -> bool:
        return self.owner_organisation_id is not None


def can_use_insight(user) -> bool:
    return has_permission(user, Permission.VIEW_INSIGHT) or has_permission(
        user, Permission.VIEW_OWN_SERVICE_INSIGHT
    )


def scope_for(user, view: InsightView | None) -> Scope:
    """The user's scope for a view; PermissionDenied (403) when their role may not see it."""
    if has_permission(user, Permission.VIEW_INSIGHT):
        return Scope()
    if has_permission(user, Permission.VIEW_OWN_SERVICE_INSIGHT) and (view is None or view.for_providers):
        return Scope(owner_organisation_id=user.current_organisation_id)
    raise PermissionDenied("Your role does not allow this insight view.")


def views_for(user) -> list[InsightView]:
    if has_permission(user, Permission.VIEW_INSIGHT):
        return list(VIEWS.values())
    if has_permission(user, Permission.VIEW_OWN_SERVICE_INSIGHT):
        return [view for view in VIEWS.values() if view.for_providers]
    return []


def build_report(
    view: InsightView,
    filters: InsightFilters,
    scope: Scope,
    params=None,
    *,
    england_totals_only: bool = False,
) -> Report:
    """The view's report; `england_totals_only` (a commissioner who is not national) keeps, of England's
    tables comparing its areas, only their total rows."""
    if view.takes_params:
        report = view.build(filters, params=params or {})
    elif view.for_providers:
        report = view.build(filters, owner_organisation_id=scope.owner_organisation_id)
    else:
        report = view.build(filters)
    if view.locates_people:
        _say_who_was_placed_by_service(report, filters, scope)
    if england_totals_only and filters.area.is_england and view.compares_areas:
        _keep_england_totals(report, view.compares_areas)
    return report


ENGLAND_TOTALS_ONLY = (
    "England is shown as totals only: figures for each area are shown only for the areas your "
    "organisation commissions for."
)


def _keep_england_totals(report: Report, table_keys: tuple[str, ...]) -> None:
    """Withhold the rows naming each area of England (keeping any total row), and their charts."""
    kept = []
    for table in report.tables:
        if table.key in table_keys:
            totals = tuple(row for row in table.rows if row.is_total)
            if not totals:
                continue
            table = replace(table, rows=totals)
        kept.append(table)
    report.tables = kept
    report.charts = [chart for chart in report.charts if chart.table_key not in table_keys]
    report.notes.append(ENGLAND_TOTALS_ONLY)


PLACED_BY_SERVICE = "People whose home is not recorded, placed by the services they were referred to"


def _say_who_was_placed_by_service(report: Report, filters: InsightFilters, scope: Scope) -> None:
    """Every view that places referred people in areas says how many it could not place where they live."""
    shared = cohort_figures(filters, owner_organisation_id=scope.owner_organisation_id)
    unknown = shared.placed_by_service
    report.headlines.append((PLACED_BY_SERVICE, disclose_count(unknown, level=filters.level)))
    report.notes.append(
        "People are counted in the area they live in, whichever services they were referred to. Where "
        "a person's home is not recorded, they are counted in the areas the services they were referred "
        "to cover (a service for all of England places them at England level only)."
    )
