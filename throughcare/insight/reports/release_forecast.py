"""The release-surge forecast as published: for an area, the people due for release in each of the
next 12 weeks, the referrals each tier can expect from them at its historic rate, and each tier's
free places and decision times to set against them.

Every figure is worked out from published (rounded, possibly hidden) figures, never from the true
counts: an expected number of referrals is published releases x the published rate, so it can give
back nothing the releases and rate do not.
"""

import datetime
from dataclasses import replace

from django.utils import timezone

from throughcare.core.disclosure import (
    Disclosed,
    disclose_count,
    disclose_rate,
    disclose_share,
    disclose_statistic,
    disclose_table,
)
from throughcare.insight.filters import InsightFilters
from throughcare.insight.publishing import Plain, Report, Row, Table
from throughcare.insight.queries.common import TIER_LABELS, tier_label
from throughcare.insight.queries.release_forecast import AROUND_RELEASE_DAYS, WEEKS_AHEAD, forecast_inputs
from throughcare.insight.queries.waits import histogram_percentile
from throughcare.insight.statistics import wilson_interval

NOT_SHOWN = Plain("Not shown")


def _expected(releases: Disclosed, rate: Disclosed, base: int, level: str) -> Disclosed:
    """Published releases x a published percentage: hidden when either is."""
    if rate.is_suppressed:
        return rate
    value = (releases.value or 0) * rate.value / 100
    return disclose_rate(value, base=base, level=level, published_count=releases)


def release_forecast_report(filters: InsightFilters, *, today: datetime.date | None = None) -> Report:
    today = today or timezone.localdate()
    level = filters.level
    inputs = forecast_inputs(filters.area, today)
    report = Report(
        slug="release-forecast",
        title="Release surge forecast",
        summary=(
            f"People living in {filters.area.name} who are due for release in the next {WEEKS_AHEAD} weeks, "
            "the referrals each tier of service can expect from them at the rate of the past year, and "
            "each tier's free places and decision times."
        ),
    )
    tiers = [t for t in TIER_LABELS if t in inputs.referred_by_tier or t in inputs.places_by_tier]
    tiers += sorted((set(inputs.referred_by_tier) | set(inputs.places_by_tier)) - set(tiers))
    released = disclose_count(inputs.released, level=level)
    rates = {
        tier: disclose_share(
            inputs.referred_by_tier.get(tier, 0), inputs.released, level=level, published_base=released
        )
        for tier in tiers
    }

    table = disclose_table([[n] for n in inputs.releases_by_week], level=level)
    weekly = [row[0] for row in table.cells]
    total = table.column_totals[0]
    rows = [
        Row(
            f"Week starting {start:%-d %b %Y}",
            (week, *(_expected(week, rates[t], inputs.released, level) for t in tiers)),
        )
        for start, week in zip(inputs.week_starts, weekly, strict=True)
    ]
    rows.append(
        Row(
            f"All {WEEKS_AHEAD} weeks",
            (total, *(_expected(total, rates[t], inputs.released, level) for t in tiers)),
            is_total=True,
        )
    )
    report.tables.append(
        Table(
            "weeks",
            f"People due for release, and referrals expected by tier, in each of the next {WEEKS_AHEAD} "
            "weeks",
            "Week",
            ("Due for release", *(f"Expected referrals: {tier_label(t)}" for t in tiers)),
            tuple(rows) if any(inputs.releases_by_week) else (),
            empty_message=(
                f"Nobody living in this area has an expected release date in the next {WEEKS_AHEAD} weeks."
            ),
        )
    )
    report.tables.append(
        Table(
            "tiers",
            "Each tier's historic referral rate around release, expected referrals, places and "
            "decision times",
            "Tier",
            (
                "Referred around release (95% interval)",
                f"Expected referrals in {WEEKS_AHEAD} weeks (95% interval)",
                "Free places reported now",
                "Median days to first decision",
                "Weeks the free places last at the expected rate",
            ),
            tuple(_tier_row(t, inputs, rates[t], released, total, level) for t in tiers),
            empty_message="No service in this area reports places, and nobody released here was referred.",
        )
    )
    report.headlines.append((f"People living here due for release in the next {WEEKS_AHEAD} weeks", total))
    report.headlines.append(("People released in the year the rates come from", released))
    if filters.area.is_england:
        report.headlines.append(
            (
                "Of those due for release, people whose home is not recorded (in England's count only)",
                disclose_count(inputs.releases_home_unknown, level=level),
            )
        )
    report.notes.append(
        f"Expected release dates are those recorded on open custody episodes (early release included, "
        f"as recorded). A tier's rate is the share of people released in the year ending "
        f"{AROUND_RELEASE_DAYS // 7} weeks ago who were referred to a service of that tier from "
        f"{AROUND_RELEASE_DAYS // 7} weeks before release to {AROUND_RELEASE_DAYS // 7} weeks after. "
        "People are counted where they live; people whose home is not recorded count at England level only."
    )
    report.notes.append(
        f"The forecast runs from today ({today:%-d %B %Y}); the period chosen above does not change it."
    )
    return report


def _with_interval(figure: Disclosed, text: str) -> Disclosed:
    """A figure that passed the disclosure rule, shown with its interval (a hidden one stays hidden)."""
    return figure if figure.is_suppressed else replace(figure, text=text)


def _tier_row(tier, inputs, rate: Disclosed, released: Disclosed, total: Disclosed, level: str) -> Row:
    base = inputs.released
    if rate.is_suppressed or released.is_suppressed or not released.value:
        rate_cell, expected_cell, per_week = rate, rate, None
    else:
        # The interval is worked out from the published counts, like the rate itself.
        interval = wilson_interval(round(rate.value * released.value / 100), released.value)
        rate_cell = _with_interval(
            disclose_rate(rate.value, base=base, level=level, published_count=released),
            f"{rate.value:.1f}% ({100 * interval.lower:.1f}% to {100 * interval.upper:.1f}%)",
        )
        releases = total.value or 0
        expected = releases * rate.value / 100
        expected_cell = _with_interval(
            disclose_rate(expected, base=base, level=level, published_count=total),
            f"{expected:.1f} ({releases * interval.lower:.1f} to {releases * interval.upper:.1f})",
        )
        per_week = None if total.is_suppressed else expected / WEEKS_AHEAD
    services, free = inputs.places_by_tier.get(tier, (0, 0))
    places = (
        Plain(f"{free:,} ({services} service{'s' if services != 1 else ''})", free)
        if services
        else Plain("Not reported")
    )
    days = inputs.decision_days_by_tier.get(tier, {})
    decided = sum(days.values())
    median = (
        disclose_statistic(histogram_percentile(days, 0.5), base=decided, level=level, decimals=0)
        if decided
        else Plain("No decisions")
    )
    if per_week and services:
        lasts = disclose_statistic(free / per_week, base=base, level=level)
    elif services and per_week == 0:
        lasts = Plain("No referrals expected")
    else:
        lasts = NOT_SHOWN
    return Row(tier_label(tier), (rate_cell, expected_cell, places, median, lasts))
