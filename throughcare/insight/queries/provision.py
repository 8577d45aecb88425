"""View 1, provision against need: active services by tier, and people referred, in each area compared."""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from throughcare.continuity.models import Order
from throughcare.directory.models import Service, ServiceCoverage, ServiceStatus
from throughcare.geography.models import LocalAuthority
from throughcare.insight.areas import child_field
from throughcare.insight.filters import InsightFilters
from throughcare.insight.queries.common import cohort
from throughcare.insight.queries.facts import cohort_figures


@dataclass
class AreaProvision:
    code: str
    services_by_tier: dict[str, int] = field(default_factory=dict)
    services: int = 0  # distinct active services, all tiers
    people: int = 0  # distinct people referred in the period placed in the area (where they live)
    supervised: int = 0  # distinct people under supervision on the period's last day, living in the area


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
    """Child area -> distinct people referred in the period who are placed in it (one query).

    A person whose home is recorded is placed where they live. A person whose home is not known is
    placed, as before residence was recorded, in every area the services they were referred to
    cover: each referral is read once, as distinct (service, person) pairs, and only then spread
    over its service's areas, because joining coverage first would read a referral once per area.
    """
    pairs = (
        cohort(filters)
        .annotate(home=F("person__residence_local_authority_id"), home_country=F("person__residence_country"))
        .values("service_id", "person_id", "home", "home_country")
        .distinct()
        .order_by()
    )
    pairs_sql, pairs_params = pairs.query.sql_with_params()
    column = LocalAuthority._meta.get_field(child_field(filters.area)).column
    la_table, coverage_table = LocalAuthority._meta.db_table, ServiceCoverage._meta.db_table
    within, within_params = "", []
    if not filters.area.is_england:
        codes_sql, within_params = filters.area.local_authority_codes().query.sql_with_params()
        within = f" AND la.code IN ({codes_sql})"
    sql = (
        f"SELECT child, COUNT(DISTINCT person_id) FROM ("  # noqa: S608 - names from the models
        f"SELECT la.{column} AS child, pair.person_id AS person_id FROM ({pairs_sql}) pair "
        f"JOIN {la_table} la ON la.code = pair.home WHERE la.{column} IS NOT NULL{within} "
        f"UNION ALL "
        f"SELECT la.{column}, pair.person_id FROM ({pairs_sql}) pair "
        f"JOIN {coverage_table} c ON c.service_id = pair.service_id "
        f"JOIN {la_table} la ON la.code = c.local_authority_code "
        f"WHERE pair.home_country = '' AND la.{column} IS NOT NULL{within}"
        f") placed GROUP BY child"
    )
    params = [*pairs_params, *within_params, *pairs_params, *within_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def supervised_by_child(filters: InsightFilters) -> dict[str, int]:
    """Child area -> distinct people under probation supervision on the period's last day who live in
    it (one query): Throughcare's own count of people with a community or suspended sentence order,
    licence or post-sentence supervision running that day, by their recorded home. People whose home
    is not recorded are in no area's count."""
    day = filters.date_to
    orders = Order.objects.filter(starts_on__lte=day, person__merged_into__isnull=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    if not filters.area.is_england:
        orders = orders.filter(person__residence_local_authority__in=filters.area.local_authority_codes())
    child = f"person__residence_local_authority__{child_field(filters.area)}"
    rows = orders.exclude(**{child: None}).values_list(child).annotate(n=Count("person_id", distinct=True))
    return dict(rows.order_by())


def provision_by_area(
    filters: InsightFilters, child_codes, *, keep: bool = True
) -> tuple[dict[str, AreaProvision], datetime.datetime]:
    """Child area code -> its provision and caseload, for every code in `child_codes` (five queries),
    and when the caseload (the people referred) was worked out: with `keep`, from the shared cohort
    figures (queries/facts.py), else by its own query over the period's referrals."""
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
    if keep:
        shared = cohort_figures(filters)
        people, people_worked_out_at = shared.people_by_child, shared.worked_out_at
    else:
        people, people_worked_out_at = _people_by_child(filters), timezone.now()
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
    for code, n in supervised_by_child(filters).items():
        if code in areas:
            areas[code].supervised = n
    return areas, people_worked_out_at
