"""Insight: every view for one ICB through the pages, as a commissioner, cold and warm (ADRs 41, 47).

Goals (issue #20): each dashboard page for the busiest ICB with nothing kept (no kept figures, no
kept charts, a new database connection: as a web server meets a visit after a change or a restart)
p95 <= 1.5 s on SQLite and <= 1 s on PostgreSQL; the verdict is on the slowest page's p95, from 100
cold runs of each. The whole dashboard one page after another (every view, as one commissioner
reading them all) and warm pages (figures and charts kept) are printed beside it, not judged. Also
timed: the dashboard's first visit after a referral moved (the kept facts catch up, and the moved
referral's month is added up again: ADR 48), the cold England missing-middle view, and the bare SQL
each view would run if it worked every referral's history out from its moves (what the kept facts
replace). The drawing engine is started once before timing, as each web server's worker starts it
(config/gunicorn_conf.py).
"""

import os

from django.db.models import Count

from bench.harness import measure
from bench.http_targets import chart_images

SQLITE_GOAL_MS = 1500
POSTGRESQL_GOAL_MS = 1000
# Percentiles from at least 100 runs of each page; BENCH_INSIGHT_COLD_RUNS can lower it on a slow
# machine (the printed run count says so).
VIEW_RUNS = int(os.environ.get("BENCH_INSIGHT_COLD_RUNS", "100"))
DASHBOARD_RUNS = 20  # every view one after another, cold: printed, not judged
WARM_RUNS = 100
AFTER_A_CHANGE_RUNS = 30
ENGLAND_RUNS = 10  # the England missing-middle view reads every referral in the year
BUSY_LOAD_PER_CORE = 1.0  # load average per core above which no verdict is given


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


def forget_everything_kept() -> None:
    """As a newly started web server: nothing kept in the process, and a new database connection."""
    from django.core.cache import cache
    from django.db import connection

    from throughcare.insight import charts, hexmap
    from throughcare.insight.statistics import funnel

    cache.clear()
    charts.forget_kept_charts()
    funnel.ratio_funnel_limits.cache_clear()
    hexmap.layout.cache_clear()
    connection.close()


def _bare_aggregates(filters):
    """Each view's SQL as it was before the kept facts: every referral's history from its moves."""
    from throughcare.insight.areas import child_names
    from throughcare.insight.queries import declines, equity, funding, missing_middle, provision, waits

    def provision_sql():
        provision.provision_by_area(filters, child_names(filters.area), keep=False)

    def missing_middle_sql():
        missing_middle.too_high_or_too_low_by_tier(filters)
        missing_middle.unmet_need_by_need_and_area(filters)
        child_names(filters.area)

    def declines_sql():
        declines.decisions_and_declines(filters)
        declines.exclusions_by_rule(filters)

    return {
        "provision": provision_sql,
        "missing-middle": missing_middle_sql,
        "waits": lambda: waits.access(filters),
        "declines": declines_sql,
        "equity": lambda: equity.journeys_by_group(filters),
        "funding": lambda: funding.services_losing_funding(filters, keep=False),
        "demand": lambda: None,  # with no service chosen, the what-if runs no SQL
    }


def _verdict(result: dict, goal_ms: int) -> str:
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    if load > cores * BUSY_LOAD_PER_CORE:
        return f"no verdict: machine busy (load {load:.1f} on {cores} cores), p95 {result['p95_ms']:.0f} ms"
    verdict = "meets" if result["p95_ms"] <= goal_ms else "MISSES"
    return f"{verdict} it ({result['p95_ms']:.0f} ms; load {load:.1f} on {cores} cores)"


def _page_with_charts(client, url: str, params: dict) -> None:
    """The page, then its charts, as a desktop browser asks for them next (insight/charts.py)."""
    response = client.get(url, params)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    for address in chart_images(response.content.decode()):
        assert client.get(address).status_code == 200, address


def run() -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from throughcare.accounts.models import User
    from throughcare.core.permissions import Role
    from throughcare.insight import charts, summary
    from throughcare.insight.areas import ENGLAND_AREA
    from throughcare.insight.catalogue import VIEWS
    from throughcare.insight.filters import InsightFilters, parse_filters
    from throughcare.insight.reports.missing_middle import missing_middle_report
    from throughcare.people.models import Person
    from throughcare.referrals.models import Referral

    print(f"  {Person.objects.count():,} people, {Referral.objects.count():,} referrals")
    icb = _busiest_icb()
    # A commissioner who may see the ICB (ADR 35): its own commissioning organisation's, else anyone's.
    commissioners = User.objects.filter(memberships__role=Role.COMMISSIONER, memberships__is_active=True)
    commissioner = (
        commissioners.filter(memberships__organisation__code=f"icb-{icb}".lower()).first()
        or commissioners.first()
    )
    if icb is None or commissioner is None:
        print("  No ICB with services, or no commissioner: seed the demo data first.")
        return
    latest = (
        Referral.objects.filter(submitted_at__isnull=False)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    params = {"level": "icb", "area": icb}
    if latest:
        params["to"] = latest.date().isoformat()
    filters = parse_filters(params).filters
    print(
        f"  ICB {icb} ({filters.area.name}), {filters.date_from} to {filters.date_to}, "
        f"as {commissioner.email}"
    )
    caught = summary.catch_up()
    print(f"  kept facts caught up before timing ({caught:,} referrals worked out again)")

    client = Client()
    client.force_login(commissioner)
    urls = [reverse(f"insight:{slug}") for slug in VIEWS]

    def dashboard():
        for url in urls:
            _page_with_charts(client, url, params)

    def cold_dashboard():
        forget_everything_kept()
        dashboard()

    one_referral = Referral.objects.filter(submitted_at__isnull=False).order_by("-submitted_at").first()

    def after_a_move():
        # A referral changed since the last visit: the kept facts catch up, its month's figures are
        # read again and the other months' are kept (ADR 48); charts whose figures changed are drawn.
        Referral.objects.filter(pk=one_referral.pk).update(updated_at=timezone.now())
        dashboard()

    charts.warm_up()
    pages = {}
    for slug, url in zip(VIEWS, urls, strict=True):

        def cold_page(url=url):
            forget_everything_kept()
            _page_with_charts(client, url, params)

        pages[slug] = measure(f"COLD page  {slug}", cold_page, repeat=VIEW_RUNS, warmup=1)
    slowest = max(pages, key=lambda slug: pages[slug]["p95_ms"])

    whole = measure(
        "cold whole dashboard, every view in turn (not a goal)",
        cold_dashboard,
        repeat=DASHBOARD_RUNS,
        warmup=1,
    )
    warm = measure("warm whole dashboard (figures and charts kept)", dashboard, repeat=WARM_RUNS, warmup=2)
    moved = measure(
        "whole dashboard after a referral moved (its month read again)",
        after_a_move,
        repeat=AFTER_A_CHANGE_RUNS,
        warmup=1,
    )

    bare = _bare_aggregates(filters)

    def bare_dashboard():
        forget_everything_kept()
        for action in bare.values():
            action()

    old_way = measure("bare SQL, histories from moves (before ADR 41)", bare_dashboard, repeat=15, warmup=1)

    england = InsightFilters(ENGLAND_AREA, filters.date_from, filters.date_to)

    def england_missing_middle():
        forget_everything_kept()
        missing_middle_report(england)

    measure(
        "cold England missing-middle view (report)", england_missing_middle, repeat=ENGLAND_RUNS, warmup=1
    )

    goal_ms = SQLITE_GOAL_MS if connection.vendor == "sqlite" else POSTGRESQL_GOAL_MS
    goal = f"{goal_ms / 1000:g} s"
    label = f"goal: every COLD page p95 <= {goal} (slowest: {slowest})"
    print(f"  {label:<58} {_verdict(pages[slowest], goal_ms)}")
    print(f"  {'(not a goal) whole dashboard after a move, p95 <= ' + goal:<58} {_verdict(moved, goal_ms)}")
    print(f"  {'(not a goal) warm whole dashboard, p95 <= ' + goal:<58} {_verdict(warm, goal_ms)}")
    speedup = old_way["median_ms"] / whole["median_ms"] if whole["median_ms"] else float("inf")
    print(f"  {'old bare SQL over cold dashboard':<58} ratio {speedup:6.2f}x (median over median)")
