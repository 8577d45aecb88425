"""Home for the roles that oversee rather than hold cases: commissioners' headline figures for their
own area (aggregates only, through disclosure control) and administrators' organisations, users and
audit trail."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from throughcare.accounts.models import Membership, User
from throughcare.accounts.selectors import organisation_counts_by_kind
from throughcare.core import audit
from throughcare.core.disclosure import disclose_count, disclose_share, disclose_statistic
from throughcare.core.models import AuditVerification
from throughcare.core.permissions import OrganisationKind
from throughcare.home.sections import Figure, url
from throughcare.insight.areas import Area
from throughcare.insight.coverage import organisation_coverage
from throughcare.insight.filters import InsightFilters, default_period
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.queries.funding import services_losing_funding
from throughcare.insight.queries.waits import histogram_percentile

FUNDING_HORIZON_BANDS = ("ended", "3", "6")


def commissioning_area(organisation) -> Area:
    """The area a commissioner's home shows: the first their organisation commissions for (ADR 35), so
    that its links open insight pages they may see; England when national or not set."""
    return organisation_coverage(organisation).default_area


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
