"""Home for the roles that oversee rather than hold cases: commissioners' headline figures for their
own area (aggregates only, through disclosure control) and administrators' organisations, users and
audit trail."""

import re

from django.db.models import Exists, OuterRef
from django.utils import timezone

from throughcare.accounts.models import Membership, User
from throughcare.accounts.selectors import organisation_counts_by_kind
from throughcare.core import audit
from throughcare.core.disclosure import disclose_count, disclose_share, disclose_statistic
from throughcare.core.models import AuditVerification
from throughcare.core.permissions import OrganisationKind
from throughcare.geography.models import Icb
from throughcare.home.sections import Figure, url
from throughcare.insight.areas import ENGLAND_AREA, Area, Level, find_area
from throughcare.insight.filters import InsightFilters, default_period
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.queries.funding import services_losing_funding
from throughcare.insight.queries.waits import histogram_percentile

# "icb-e54000057": an ICB's commissioning organisation named by the ICB's ONS code.
_ICB_CODE = re.compile(r"^icb-(e54\d{6})$", re.IGNORECASE)
FUNDING_HORIZON_BANDS = ("ended", "3", "6")


def commissioning_area(organisation) -> Area:
    """The area a commissioner's organisation commissions for: the ICB its code names (icb-<ONS code>)
    or whose name its own name starts with; England when neither says."""
    if organisation is None:
        return ENGLAND_AREA
    matched = _ICB_CODE.match(organisation.code or "")
    if matched:
        area = find_area(Level.ICB, matched.group(1).upper())
        if area is not None:
            return area
    names = Icb.objects.values_list("code", "name")
    fitting = [(code, name) for code, name in names if organisation.name.startswith(name)]
    if fitting:
        code, name = max(fitting, key=lambda pair: len(pair[1]))
        return Area(Level.ICB, code, name)
    return ENGLAND_AREA


def headline_figures(user) -> tuple[Area, InsightFilters, list[Figure]]:
    """The last year's referrals in the commissioner's area: how many, how many were accepted, how
    long decisions took, how many were declined, and services whose funding ends soon. Each figure
    passes the same disclosure rule as the insight view it links to."""
    area = commissioning_area(user.current_organisation)
    today = timezone.localdate()
    filters = InsightFilters(area, *default_period(today))
    level, query = area.level.value, filters.query()
    figures = cohort_figures(filters)
    funnel = figures.access.funnel
    submitted = disclose_count(funnel.submitted, level=level)
    accepted = disclose_count(funnel.accepted, level=level)
    accepted_share = disclose_share(
        funnel.accepted, funnel.submitted, level=level, published_numerator=accepted, published_base=submitted
    )
    histogram = figures.access.days_to_decision
    decided = sum(histogram.values())
    median = (
        disclose_statistic(histogram_percentile(histogram, 0.5), base=decided, level=level, suffix=" days")
        if decided
        else None
    )
    declined = disclose_count(sum(figures.declines.values()), level=level)
    ending = [s for s in services_losing_funding(filters) if s.band in FUNDING_HORIZON_BANDS]
    return (
        area,
        filters,
        [
            Figure(
                "Referrals in the last 12 months",
                submitted.text,
                url_with("waits", query),
                "Access and waits",
            ),
            Figure(
                "Accepted",
                accepted_share.text if funnel.submitted else "No referrals",
                url_with("waits", query),
                "Access and waits",
            ),
            Figure(
                "Median time to a decision",
                median.text if median else "No decisions yet",
                url_with("waits", query),
                "Access and waits",
            ),
            Figure("Referrals declined", declined.text, url_with("declines", query), "Declined referrals"),
            Figure(
                "Services whose funding ends within 6 months",
                str(len(ending)),
                url_with("funding", query),
                "Funding cliff-edge",
            ),
        ],
    )


def url_with(slug: str, query: str) -> str:
    return f"{url(f'insight:{slug}')}?{query}"


def administration(user) -> dict:
    """Organisations by kind, users, and the audit chain's length with its last recorded check."""
    counts = organisation_counts_by_kind()
    active = User.objects.filter(is_active=True)
    member = Membership.objects.filter(user_id=OuterRef("pk"), is_active=True)
    return {
        "organisation_counts": [(label, counts.get(kind, 0)) for kind, label in OrganisationKind.choices],
        "organisation_total": sum(counts.values()),
        "active_users": active.count(),
        # Signed-in users with no active membership see nothing: the administrator should place them.
        "users_without_membership": active.filter(~Exists(member)).count(),
        "chain_length": audit.chain_length(),
        # Checking the chain walks events, so it runs as `audit_verify` (scheduled), never in a page.
        "verification": AuditVerification.objects.order_by("-id").first(),
    }
