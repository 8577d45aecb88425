"""The referral figures the views share, read from the database once per area and period.

Provision, access and waits, declines, the missing middle, equity and equity by gender all count the
same referrals (those placed in the area and submitted in the period) and mostly the same things
about each: its state, whether the service accepted or decided on it, when it first decided, why it
declined, who the person is and where they live. Working out each referral's history from its moves
was most of a cold view's cost, so the history is kept in the database for all web servers
(insight/summary.py, ADR 41), brought up to date before each read; one query reads it with the
referral and person for every referral, and the rows are added up here into each view's figures
(ADR 47 says how the read was made to cost the area's referrals only).

The rows are added up month by month (ADR 48): each month's tally (queries/tally.py) is kept in the
cache (CACHE_URL: each process's own by default, or one every web server shares) while that month's
kept facts are unchanged, and a period's figures are its months' tallies merged, so any period that
includes a month shares its tally. A new, changed or moved referral, or a changed appointment,
means only its month is added up again (insight/summary.py records which months changed). What the
history does not record (a person's ethnic group and home, a service's tier) is read again after
at most MAX_AGE; each page says when its oldest figures were worked out. The figures are the same as
the single-query functions in `waits`, `declines`, `equity` and `provision` give (the tests compare
them, with months kept across random changes).
"""

import copy
import datetime
import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, IntegerField, TextField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from throughcare.directory.models import Service, ServiceCoverage
from throughcare.insight import summary
from throughcare.insight.areas import ENGLAND_AREA
from throughcare.insight.filters import InsightFilters, whole_months
from throughcare.insight.models import FactsMonth
from throughcare.insight.queries import waits
from throughcare.insight.queries.common import add_months, cohort, raw_rows
from throughcare.insight.queries.declines import TierDecisions
from throughcare.insight.queries.equity import GroupJourney
from throughcare.insight.queries.missing_middle_index import MissingMiddle
from throughcare.insight.queries.tally import CohortTally
from throughcare.insight.queries.waits import Access, Funnel
from throughcare.people.models import Person
from throughcare.referrals.models import OutsideCriteria, Referral, ReferralTransition

MAX_AGE = datetime.timedelta(minutes=5)
_VERSION = 5  # change when what is kept changes shape


@dataclass(frozen=True)
class CohortFigures:
    access: Access
    declines: dict[tuple[str, str], int]  # (reason, tier) -> declined
    decisions: list[TierDecisions]
    journeys: dict[str, GroupJourney]
    journeys_by_gender: dict[tuple[str, str], GroupJourney]  # (ethnic group, gender group) -> journey
    missing_middle: MissingMiddle
    outside_criteria: dict[str, int]  # rule code -> referrals sent outside it by a recorded override
    people_by_child: dict[str, int]  # compared area -> distinct people placed in it (provision)
    placed_by_service: int  # distinct people with no recorded home, placed by their services' areas
    # Tier -> {whole days to first decision -> referrals}, of people living in the area (everyone in England)
    decision_days_by_tier: dict[str, dict[int, int]]
    worked_out_at: datetime.datetime


def _month_index(month_starts: list[datetime.datetime]):
    """Which of the period's months a referral was submitted in (0 for the first), worked out by the
    database from the months' first moments: no submission time is sent back and parsed."""
    if not month_starts:
        return Value(0, output_field=IntegerField())
    whens = (When(submitted_at__lt=start, then=Value(index)) for index, start in enumerate(month_starts))
    return Case(*whens, default=Value(len(month_starts)), output_field=IntegerField())


def _facts(filters: InsightFilters, owner_organisation_id, seen_recorded: bool, month_starts=()):
    """The facts query: one row per referral in the cohort (its id first), its history read from the
    kept facts (insight/models.py) rather than worked out from its moves and appointments.

    Below England, the cohort's two kinds of referral are read each from its own index and joined
    with UNION ALL: those of people living in the area (from people's residence index, then each
    one's referrals in the period), and those of people whose home is not recorded, to services
    covering the area. As one OR, the database read every referral in the period in England to test
    it. The service's tier is not joined here: `_tiers` reads every service's once."""
    # The person as text: on PostgreSQL a UUID object for each row cost more to hash into the tally's
    # sets, and to keep them, than the sets' whole work (a string keeps its hash).
    columns = ["id", "state", "person_key", "person__ethnicity", "person__gender"]
    columns += ["service_id", "person__residence_local_authority_id", "person__residence_country"]
    kept = ["accepted", "decided", "days_to_decision", "decline_reason", *(["seen"] if seen_recorded else [])]
    columns += [f"insight_facts__{name}" for name in kept]
    columns.append("month_index")  # last: which month's tally the row is added to
    area = filters.area
    in_period = InsightFilters(ENGLAND_AREA, filters.date_from, filters.date_to)
    everywhere = cohort(in_period, owner_organisation_id=owner_organisation_id).annotate(
        month_index=_month_index(list(month_starts)), person_key=Cast("person_id", TextField())
    )
    if area.is_england:
        return everywhere.values_list(*columns).order_by()
    residents = Person.objects.filter(residence_local_authority_id__in=area.local_authority_codes())
    lives_here = everywhere.filter(person_id__in=residents.values("id"))
    covering = ServiceCoverage.objects.filter(local_authority_code__in=area.local_authority_codes())
    # No recorded home also means no local authority: the two parts never share a referral, so they
    # are joined without the database looking for repeats.
    home_unknown = everywhere.filter(
        person__residence_country="",
        person__residence_local_authority__isnull=True,
        service_id__in=covering.values("service_id"),
    )
    return (
        lives_here.values_list(*columns)
        .order_by()
        .union(home_unknown.values_list(*columns).order_by(), all=True)
    )


def _outside_criteria_in_period(filters: InsightFilters) -> dict:
    """Referral id -> the rules it was sent outside of, for referrals submitted in the period (one
    query: overrides are few, and each is joined to its referral by key)."""
    overrides = OutsideCriteria.objects.filter(
        referral__submitted_at__gte=filters.start(), referral__submitted_at__lt=filters.end()
    )
    found: dict = {}
    for referral_id, rule in raw_rows(overrides.values_list("referral_id", "rule_code").order_by()):
        found.setdefault(referral_id, []).append(rule)
    return found


def _tiers() -> dict:
    """Service id (as raw_rows reads it) -> tier, for every service: one read of about 20,000 short
    rows costs less than joining each referral to its service."""
    return dict(raw_rows(Service.objects.values_list("id", "tier").order_by()))


def _months(filters: InsightFilters) -> list[datetime.date]:
    """The first day of each month in the period (periods are whole months: insight/filters.py)."""
    months, month = [], filters.date_from.replace(day=1)
    while month <= filters.date_to:
        months.append(month)
        month = add_months(month, 1)
    return months


def _runs(months: list[datetime.date]) -> list[list[datetime.date]]:
    """The months in runs of consecutive months (each run is read by one query)."""
    runs: list[list[datetime.date]] = []
    for month in sorted(months):
        if runs and add_months(runs[-1][-1], 1) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


def _span(filters: InsightFilters, months: list[datetime.date]) -> InsightFilters:
    """The area's filters from the first of these months to the end of the last."""
    return InsightFilters(filters.area, *whole_months(months[0], months[-1]))


def _tallies_of(filters: InsightFilters, months, owner_organisation_id, seen_recorded) -> dict:
    """Month -> the tally of the referrals submitted in it: one query for each run of consecutive
    months, which says each row's month, with one read of every service's tier and one of the
    overrides of all of them."""
    tier_of = _tiers()
    runs = _runs(months)
    overrides = _outside_criteria_in_period(_span(filters, [runs[0][0], runs[-1][-1]]))
    tallies = {}
    for run in runs:
        starts = [_span(filters, [month]).start() for month in run[1:]]
        rows_by_month: list[list] = [[] for _ in run]
        for row in raw_rows(_facts(_span(filters, run), owner_organisation_id, seen_recorded, starts)):
            rows_by_month[row[-1]].append(row)
        for month, rows in zip(run, rows_by_month, strict=True):
            tally = tallies[month] = CohortTally()
            tally.add_rows(rows, tier_of, overrides, seen_recorded)
    return tallies


def _figures(tally: CohortTally, seen_recorded: bool, filters: InsightFilters) -> CohortFigures:
    """Every shared figure from the period's tally, as the single-query functions would count them."""
    journeys, by_gender = tally.journeys()
    funnel = Funnel(tally.submitted, tally.accepted, tally.seen if seen_recorded else None, tally.completed)
    decisions = [
        TierDecisions(tier, decided, declined)
        for tier, (decided, declined) in sorted(tally.by_tier.items())
        if decided
    ]
    return CohortFigures(
        access=Access(funnel, dict(tally.days_histogram)),
        declines=dict(tally.declines),
        decisions=decisions,
        journeys=journeys,
        journeys_by_gender=by_gender,
        missing_middle=tally.middle.result(),
        outside_criteria=dict(sorted(tally.outside.items())),
        people_by_child=tally.placer.by_child_area(filters),
        placed_by_service=tally.placer.placed_by_service(),
        decision_days_by_tier=tally.decision_days_by_tier(residents_only=not filters.area.is_england),
        worked_out_at=tally.worked_out_at,
    )


def filters_key(filters: InsightFilters, *more) -> str:
    """The area and period, and anything else the kept figures depend on, as a cache key."""
    area = filters.area
    parts = (area.level.value, area.code, filters.date_from, filters.date_to, *more)
    return ":".join(str(part) for part in parts)


def _key(filters: InsightFilters, owner_organisation_id, seen_recorded: bool) -> str:
    return f"insight-cohort:{_VERSION}:" + filters_key(filters, owner_organisation_id, seen_recorded)


def _latest_change_sql() -> str:
    """The latest change to any referral and the latest move of any, as two columns."""
    referrals, moves = Referral._meta.db_table, ReferralTransition._meta.db_table
    return (
        f"SELECT (SELECT MAX(updated_at) FROM {referrals}) AS latest_change, "  # noqa: S608 - names from the models
        f"(SELECT MAX(id) FROM {moves}) AS latest_move"
    )


def referrals_version() -> tuple:
    """The latest change to any referral and the latest move of any: what kept figures are keyed on."""
    with connection.cursor() as cursor:
        cursor.execute(_latest_change_sql())
        return tuple(cursor.fetchone())


def kept_while_referrals_unchanged(key: str, work_out):
    """`work_out()`'s value and when it was worked out, kept until any referral changes or moves
    (and at most MAX_AGE). The version is read first, so a change made while working out means
    the value is worked out again next time, never kept as current."""
    version = referrals_version()
    full_key = f"insight-kept:{_VERSION}:{key}"
    kept = cache.get(full_key)
    if kept and kept[0] == version:
        return kept[1]
    value = (work_out(), timezone.now())
    cache.set(full_key, (version, value), timeout=MAX_AGE.total_seconds())
    return value


def _month_key(filters, month, changed_at, owner_organisation_id, seen_recorded) -> str:
    month_filters = _span(filters, [month])
    changed = changed_at.isoformat() if changed_at else None
    return f"insight-month:{_VERSION}:" + filters_key(
        month_filters, owner_organisation_id, seen_recorded, changed
    )


def _months_changed_at(months) -> tuple:
    """When each month's facts last changed (None for a month no fact has ever been recorded in)."""
    changed = dict(FactsMonth.objects.filter(month__in=months).values_list("month", "changed_at"))
    return tuple(changed.get(month) for month in months)


_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def _reading(filters: InsightFilters, *scope) -> threading.Lock:
    """The lock this process's threads take to read an area's months (one per area and scope)."""
    key = ":".join(str(part) for part in (filters.area.level.value, filters.area.code, *scope))
    with _locks_lock:
        return _locks.setdefault(key, threading.Lock())


def _period_tally(filters, months, changed_at, owner_organisation_id, seen_recorded) -> CohortTally:
    """The period's tally, merged from each month's: those kept while the month's facts are unchanged
    (by any web server, for any period that includes the month), the rest read and kept."""
    keys = {
        month: _month_key(filters, month, changed, owner_organisation_id, seen_recorded)
        for month, changed in zip(months, changed_at, strict=True)
    }
    found = cache.get_many(list(keys.values()))
    tallies = {month: found[key] for month, key in keys.items() if key in found}
    if len(tallies) < len(months):
        # One thread of this process reads an area's missing months at a time: commissioners asking
        # at once (or all of them after a restart) then read each month once, not once each.
        with _reading(filters, owner_organisation_id, seen_recorded):
            found = cache.get_many([key for month, key in keys.items() if month not in tallies])
            tallies.update({month: found[key] for month, key in keys.items() if key in found})
            missing = [month for month in months if month not in tallies]
            if missing:
                read = _tallies_of(filters, missing, owner_organisation_id, seen_recorded)
                timeout = MAX_AGE.total_seconds()
                cache.set_many({keys[month]: tally for month, tally in read.items()}, timeout=timeout)
                tallies.update(read)
    period = CohortTally()
    for month in months:
        period.merge(tallies[month])
    period.worked_out_at = min(tallies[month].worked_out_at for month in months)
    return period


def cohort_figures(filters: InsightFilters, *, owner_organisation_id=None) -> CohortFigures:
    """The shared figures for the area and period (optionally one provider's services), added up
    from the tally of each month in the period (ADR 48). A month's tally is kept while the month's
    facts are unchanged, and at most MAX_AGE; a catch-up first when the facts are behind the
    referrals (see insight/summary.py). The figures of the whole period are kept the same way."""
    seen_recorded = waits.appointments_recorded()
    summary.caught_up()
    months = _months(filters)
    changed_at = _months_changed_at(months)
    key = _key(filters, owner_organisation_id, seen_recorded)
    kept = cache.get(key)
    if kept and kept[0] == changed_at:  # every month's facts as they were
        figures = kept[1]
    else:
        tally = _period_tally(filters, months, changed_at, owner_organisation_id, seen_recorded)
        figures = _figures(tally, seen_recorded, filters)
        cache.set(key, (changed_at, figures), timeout=MAX_AGE.total_seconds())
    # The reports may add to the journeys they are given; the kept ones stay as read.
    return copy.deepcopy(figures)
