"""Insight: every view for one ICB through the pages, as a commissioner, against its bare SQL aggregates.

Goals (issue #7): the full dashboard for one ICB in <= 1.5 s on SQLite and <= 1 s on PostgreSQL, and
at most 1.5x the time of the bare aggregates it needs. "Bare" is the SQL each view runs (its query
functions, with nothing kept, rendered or disclosed), so the ratio is what pages, disclosure, charts and
templates add, less what keeping figures between visits saves.
"""

from django.db.models import Count
from django.test import Client

from bench.harness import measure

TOTAL_GOAL_MS = 1500
POSTGRESQL_GOAL_MS = 1000
RATIO_GOAL = 1.5
RUNS, WARMUP = 15, 2


def _busiest_icb() -> str | None:
    """The ICB with the most local authorities covered by services: the heaviest dashboard."""
    from throughcare.directory.models import ServiceCoverage
    from throughcare.geography.models import LocalAuthority

    covered = ServiceCoverage.objects.values("local_authority_code")
    row = (
        LocalAuthority.objects.filter(code__in=covered, icb__isnull=False)
        .values("icb_id")
        .annotate(n=Count("code"))
        .order_by("-n", "icb_id")
        .first()
    )
    return row["icb_id"] if row else None


def _bare_aggregates(filters):
    """Each view's SQL, as its query functions run it, without pages or disclosure."""
    from throughcare.insight.areas import child_names
    from throughcare.insight.queries import (
        declines,
        demand,
        equity,
        funding,
        missing_middle,
        provision,
        waits,
    )

    def provision_sql():
        provision.provision_by_area(filters, child_names(filters.area), keep=False)

    def missing_middle_sql():
        missing_middle.too_high_or_too_low_by_tier(filters)
        missing_middle.unmet_need_by_need_and_area(filters)
        child_names(filters.area)

    def waits_sql():
        waits.access(filters)

    def declines_sql():
        declines.decisions_and_declines(filters)
        declines.exclusions_by_rule(filters)

    def demand_sql():
        # The what-if without a service is the model alone; with none chosen there is no SQL.
        demand.WAITING_STATES  # noqa: B018 (nothing to query)

    return {
        "provision": provision_sql,
        "missing-middle": missing_middle_sql,
        "waits": waits_sql,
        "declines": declines_sql,
        "equity": lambda: equity.journeys_by_group(filters),
        "funding": lambda: funding.services_losing_funding(filters, keep=False),
        "demand": demand_sql,
    }


def run() -> None:
    from django.core.cache import cache
    from django.urls import reverse

    from throughcare.accounts.models import User
    from throughcare.core.permissions import Role
    from throughcare.insight.catalogue import VIEWS
    from throughcare.insight.filters import parse_filters
    from throughcare.people.models import Person
    from throughcare.referrals.models import Referral

    print(f"  {Person.objects.count():,} people, {Referral.objects.count():,} referrals")
    icb = _busiest_icb()
    commissioner = User.objects.filter(
        memberships__role=Role.COMMISSIONER, memberships__is_active=True
    ).first()
    if icb is None or commissioner is None:
        print("  No ICB with services, or no commissioner: seed the demo data first.")
        return
    referral_dates = Referral.objects.filter(submitted_at__isnull=False).order_by("-submitted_at")
    latest = referral_dates.values_list("submitted_at", flat=True).first()
    params = {"level": "icb", "area": icb}
    if latest:
        params["to"] = latest.date().isoformat()
    filters = parse_filters(params).filters
    period = f"{filters.date_from} to {filters.date_to}"
    print(f"  ICB {icb} ({filters.area.name}), {period}, as {commissioner.email}")

    client = Client()
    client.force_login(commissioner)
    page_results, bare_results = {}, {}
    bare = _bare_aggregates(filters)
    for slug in VIEWS:
        url = reverse(f"insight:{slug}")

        def page(url=url):
            response = client.get(url, params)
            assert response.status_code == 200, f"{url}: {response.status_code}"

        page_results[slug] = measure(f"page  {slug}", page, repeat=RUNS, warmup=WARMUP)
        bare_results[slug] = measure(f"bare SQL  {slug}", bare[slug], repeat=RUNS, warmup=WARMUP)

    def dashboard():
        for slug in VIEWS:
            client.get(reverse(f"insight:{slug}"), params)

    def dashboard_sql():
        for action in bare.values():
            action()

    def dashboard_after_a_change():
        # Nothing kept: as the first visit after any referral changes (see insight/queries/facts.py).
        cache.clear()
        dashboard()

    total = measure("whole dashboard (every view, one ICB)", dashboard, repeat=RUNS, warmup=1)
    cold = measure(
        "whole dashboard, shared figures worked out afresh", dashboard_after_a_change, repeat=RUNS, warmup=1
    )
    total_sql = measure("its bare SQL aggregates", dashboard_sql, repeat=RUNS, warmup=1)
    ratio = total["median_ms"] / total_sql["median_ms"] if total_sql["median_ms"] else float("inf")
    print(f"  {'dashboard over bare SQL':<58} ratio {ratio:6.2f}x (median over median)")
    from django.db import connection

    # The goals: 1.5 s on SQLite, 1 s on PostgreSQL.
    goal_ms = TOTAL_GOAL_MS if connection.vendor == "sqlite" else POSTGRESQL_GOAL_MS
    goal = f"{goal_ms / 1000:g} s"
    verdict = "meets" if total["p95_ms"] <= goal_ms else "MISSES"
    print(f"  {'goal: whole dashboard p95 <= ' + goal:<58} {verdict} it ({total['p95_ms']:.0f} ms)")
    verdict = "meets" if cold["p95_ms"] <= goal_ms else "misses"
    print(f"  {'(not a goal) nothing kept, p95 <= ' + goal:<58} {verdict} it ({cold['p95_ms']:.0f} ms)")
    verdict = "meets" if ratio <= RATIO_GOAL else "MISSES"
    print(f"  {'goal: ratio <= 1.5x':<58} {verdict} it ({ratio:.2f}x)")
