"""View 4, declines: why services decline referrals, and which matching rules rule services out."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q

from throughcare.insight.filters import InsightFilters
from throughcare.insight.queries.common import cohort, decline_reason, was_decided
from throughcare.matching.models import UnmetNeed
from throughcare.referrals.models import OutsideCriteria
from throughcare.referrals.states import ReferralState


@dataclass(frozen=True)
class TierDecisions:
    tier: str
    decided: int  # referrals submitted in the period that the service has decided on
    declined: int  # of those, referrals it declined


@dataclass(frozen=True)
class RuleExclusions:
    rule: str
    searches: int  # searches with unmet need in which the rule ruled out at least one service
    services: int  # services it ruled out, added up over those searches


def decisions_and_declines(filters: InsightFilters) -> tuple[dict[tuple[str, str], int], list[TierDecisions]]:
    """For referrals submitted in the period: (reason, tier) -> declined, and per tier how many were
    decided and declined (one query)."""
    rows = (
        cohort(filters)
        .annotate(decided=was_decided(), reason=decline_reason())
        .values_list("service__tier", "reason")
        .annotate(
            decided_count=Count("id", filter=Q(decided=True)),
            declined_count=Count("id", filter=Q(state=ReferralState.DECLINED)),
        )
        .order_by()
    )
    declines: dict[tuple[str, str], int] = {}
    by_tier: dict[str, list[int]] = {}
    for tier, reason, decided, declined in rows:
        tier = tier or ""
        if declined:
            declines[(reason or "", tier)] = declines.get((reason or "", tier), 0) + declined
        totals = by_tier.setdefault(tier, [0, 0])
        totals[0] += decided
        totals[1] += declined
    tiers = [
        TierDecisions(tier, decided, declined)
        for tier, (decided, declined) in sorted(by_tier.items())
        if decided
    ]
    return declines, tiers


def declines_by_reason_and_tier(filters: InsightFilters) -> dict[tuple[str, str], int]:
    """(reason code, service tier) -> referrals submitted in the period and declined (one query)."""
    return decisions_and_declines(filters)[0]


def decisions_by_tier(filters: InsightFilters) -> list[TierDecisions]:
    """Per service tier: referrals submitted in the period and decided, and how many declined (one query)."""
    return decisions_and_declines(filters)[1]


def exclusions_by_rule(filters: InsightFilters) -> list[RuleExclusions]:
    """How often each matching rule ruled services out, from unmet need recorded in the period
    (one query, adding up each record's rule -> services counts inside the database)."""
    records = UnmetNeed.objects.filter(recorded_on__gte=filters.date_from, recorded_on__lte=filters.date_to)
    if not filters.area.is_england:
        records = records.filter(local_authority_code__in=filters.area.local_authority_codes())
    ids_sql, params = records.values("id").query.sql_with_params()
    table = UnmetNeed._meta.db_table
    if connection.vendor == "postgresql":
        each, value = "jsonb_each_text(u.exclusion_counts)", "CAST(rule.value AS integer)"
    else:
        each, value = "json_each(u.exclusion_counts)", "CAST(rule.value AS integer)"
    sql = (
        f"SELECT rule.key, COUNT(*), SUM({value}) FROM {table} u, {each} AS rule "  # noqa: S608 - names from the models
        f"WHERE u.id IN ({ids_sql}) AND {value} > 0 GROUP BY rule.key ORDER BY rule.key"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [RuleExclusions(rule, searches, services) for rule, searches, services in cursor.fetchall()]


def outside_criteria_by_rule(filters: InsightFilters) -> dict[str, int]:
    """Rule code -> referrals submitted in the period that were sent outside that rule of the
    service's criteria by a recorded override (one query). The rules commissioners may want to look
    at again: a rule often overridden may be too rigid, or services may be stretched beyond it."""
    rows = (
        OutsideCriteria.objects.filter(referral__in=cohort(filters).values("pk"))
        .values_list("rule_code")
        .annotate(referrals=Count("referral", distinct=True))
        .order_by("rule_code")
    )
    return dict(rows)
