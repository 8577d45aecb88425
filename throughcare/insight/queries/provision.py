"""View 1, provision against need: active services by tier, and people referred, in each area compared."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, OuterRef, Subquery

from throughcare.directory.models import Service, ServiceCoverage, ServiceStatus
from throughcare.geography.models import LocalAuthority
from throughcare.insight.areas import child_field
from throughcare.insight.filters import InsightFilters
from throughcare.insight.queries.common import cohort


@dataclass
class AreaProvision:
    code: str
    services_by_tier: dict[str, int] = field(default_factory=dict)
    services: int = 0  # distinct active services, all tiers
    people: int = 0  # distinct people referred in the period to a service covering the area


def _child_of_coverage(filters: InsightFilters):
    """The child area of each coverage row, worked out in the database from its LA."""
    return Subquery(
        LocalAuthority.objects.filter(code=OuterRef("local_authority_code")).values(
            child_field(filters.area)
        )[:1]
    )


def _coverage(filters: InsightFilters):
    rows = ServiceCoverage.objects.all()
    if not filters.area.is_england:
        rows = rows.filter(local_authority_code__in=filters.area.local_authority_codes())
    return rows.annotate(child=_child_of_coverage(filters)).exclude(child=None)


def _people_by_child(filters: InsightFilters) -> dict[str, int]:
    """Child area -> distinct people referred in the period to services covering it (one query).

    Each referral is read once, as distinct (service, person) pairs, and only then spread over the
    areas its service covers: joining coverage first would read a referral once per area covered.
    """
    pairs_sql, pairs_params = (
        cohort(filters).values("service_id", "person_id").distinct().query.sql_with_params()
    )
    column = LocalAuthority._meta.get_field(child_field(filters.area)).column
    sql = (
        f"SELECT la.{column}, COUNT(DISTINCT pair.person_id) FROM ({pairs_sql}) pair "  # noqa: S608 - names from the models
        f"JOIN {ServiceCoverage._meta.db_table} c ON c.service_id = pair.service_id "
        f"JOIN {LocalAuthority._meta.db_table} la ON la.code = c.local_authority_code "
        f"WHERE la.{column} IS NOT NULL"
    )
    params = list(pairs_params)
    if not filters.area.is_england:
        codes_sql, codes_params = filters.area.local_authority_codes().query.sql_with_params()
        sql += f" AND la.code IN ({codes_sql})"
        params += codes_params
    with connection.cursor() as cursor:
        cursor.execute(sql + " GROUP BY 1", params)
        return dict(cursor.fetchall())


def provision_by_area(filters: InsightFilters, child_codes) -> dict[str, AreaProvision]:
    """Child area code -> its provision and caseload, for every code in `child_codes` (four queries)."""
    active = _coverage(filters).filter(service__status=ServiceStatus.ACTIVE)
    by_tier = (
        active.values_list("child", "service__tier").annotate(n=Count("service_id", distinct=True)).order_by()
    )
    totals = active.values_list("child").annotate(n=Count("service_id", distinct=True)).order_by()
    # Services for all of England are in every area.
    national = dict(
        Service.objects.filter(status=ServiceStatus.ACTIVE, covers_england=True)
        .values_list("tier")
        .annotate(n=Count("id"))
        .order_by()
    )
    people = _people_by_child(filters)
    national = {tier or "": n for tier, n in national.items()}
    areas = {code: AreaProvision(code, dict(national), sum(national.values())) for code in child_codes}
    for code, tier, n in by_tier:
        if code in areas:
            tiers = areas[code].services_by_tier
            tiers[tier or ""] = tiers.get(tier or "", 0) + n
    for code, n in totals:
        if code in areas:
            areas[code].services += n
    for code, n in people.items():
        if code in areas:
            areas[code].people = n
    return areas
