"""View 2, the missing middle: people whose needs were too high for one service and too low for another,
and unmet need by need and area."""

from django.db import connection

from throughcare.geography.models import LocalAuthority
from throughcare.insight.areas import child_field
from throughcare.insight.filters import InsightFilters
from throughcare.insight.queries.declines import declines_by_reason_and_tier
from throughcare.matching.models import UnmetNeed
from throughcare.referrals.reasons import ReasonCode

MISSING_MIDDLE_REASONS = (
    ReasonCode.OUTSIDE_CRITERIA_NEEDS_TOO_HIGH,
    ReasonCode.OUTSIDE_CRITERIA_NEEDS_TOO_LOW,
)
NO_AREA = ""


def too_high_or_too_low_by_tier(filters: InsightFilters) -> dict[tuple[str, str], int]:
    """(reason, tier) -> referrals declined as needs too high or too low (one query)."""
    return {
        key: n for key, n in declines_by_reason_and_tier(filters).items() if key[0] in MISSING_MIDDLE_REASONS
    }


def unmet_need_by_need_and_area(filters: InsightFilters) -> dict[tuple[str, str], int]:
    """(child area code, need code) -> unmet need records naming that need in the period (one query,
    unpacking each record's list of needs inside the database). Records without a local authority
    count at England level under NO_AREA."""
    records = UnmetNeed.objects.filter(recorded_on__gte=filters.date_from, recorded_on__lte=filters.date_to)
    if not filters.area.is_england:
        records = records.filter(local_authority_code__in=filters.area.local_authority_codes())
    ids_sql, params = records.values("id").query.sql_with_params()
    column = LocalAuthority._meta.get_field(child_field(filters.area)).column
    each = (
        "jsonb_array_elements_text(u.need_codes)"
        if connection.vendor == "postgresql"
        else "json_each(u.need_codes)"
    )
    need = "need" if connection.vendor == "postgresql" else "need.value"
    sql = (
        f"SELECT COALESCE(la.{column}, ''), {need}, COUNT(*) "  # noqa: S608 - names from the models
        f"FROM {UnmetNeed._meta.db_table} u CROSS JOIN {each} AS need "
        f"LEFT JOIN {LocalAuthority._meta.db_table} la ON la.code = u.local_authority_code "
        f"WHERE u.id IN ({ids_sql}) GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(area, need_code): n for area, need_code, n in cursor.fetchall()}
