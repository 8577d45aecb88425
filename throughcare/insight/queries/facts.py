"""The referral figures the views share, read from the database once per area and period.

Provision, access and waits, declines, the missing middle, equity and equity by gender all count the
same referrals (those placed in the area and submitted in the period) and mostly the same things
about each: its state, whether the service accepted or decided on it, when it first decided, why it
declined, who the person is and where they live. Working out each referral's history from its moves
was most of a cold view's cost, so the history is kept in the database for all web servers
(insight/summary.py, ADR 41), brought up to date before each read; one query reads it with the
referral and person for every referral, and the rows are added up here into each view's figures
(ADR 47 says how the read was made to cost the area's referrals only).

The cache (CACHE_URL: each process's own by default, or one every web server shares) also keeps the
figures added up, while the kept history is unchanged: a new, changed or moved referral, or a
changed appointment, means they are added up again. What the history does not record (a person's
ethnic group and home, a service's tier) is read again after at most MAX_AGE; each page says when
its figures were worked out. The figures are the same as the single-query functions in `waits`,
`declines`, `equity` and `provision` give (the tests compare them).
"""

import copy
import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from throughcare.core.ethnicity import GROUPS, group_of
from throughcare.directory.models import Service, ServiceCoverage
from throughcare.insight import summary
from throughcare.insight.areas import ENGLAND_AREA
from throughcare.insight.filters import InsightFilters
from throughcare.insight.queries import waits
from throughcare.insight.queries.common import cohort, raw_rows
from throughcare.insight.queries.declines import TierDecisions
from throughcare.insight.queries.equity import GENDER_GROUPS, NOT_STATED, GroupJourney, gender_group
from throughcare.insight.queries.missing_middle_index import MissingMiddle, MissingMiddleCounter
from throughcare.insight.queries.placement import PeoplePlacer
from throughcare.insight.queries.waits import Access, Funnel
from throughcare.people.models import Person
from throughcare.referrals.models import OutsideCriteria, Referral, ReferralTransition
from throughcare.referrals.states import ReferralState

MAX_AGE = datetime.timedelta(minutes=5)
# As plain strings, compared once per referral (the enum's own comparison costs more).
COMPLETED, DECLINED = str(ReferralState.COMPLETED), str(ReferralState.DECLINED)
_VERSION = 4  # change when what is kept changes shape


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
    worked_out_at: datetime.datetime


def _facts(filters: InsightFilters, owner_organisation_id, seen_recorded: bool):
    """The facts query: one row per referral in the cohort (its id first), its history read from the
    kept facts (insight/models.py) rather than worked out from its moves and appointments.

    Below England, the cohort's two kinds of referral are read each from its own index and joined
    with UNION ALL: those of people living in the area (from people's residence index, then each
    one's referrals in the period), and those of people whose home is not recorded, to services
    covering the area. As one OR, the database read every referral in the period in England to test
    it. The service's tier is not joined here: `_tiers` reads every service's once."""
    columns = ["id", "state", "person_id", "person__ethnicity", "person__gender"]
    columns += ["service_id", "person__residence_local_authority_id", "person__residence_country"]
    kept = ["accepted", "decided", "days_to_decision", "decline_reason", *(["seen"] if seen_recorded else [])]
    columns += [f"insight_facts__{name}" for name in kept]
    area = filters.area
    if area.is_england:
        return cohort(filters, owner_organisation_id=owner_organisation_id).values_list(*columns).order_by()
    in_period = InsightFilters(ENGLAND_AREA, filters.date_from, filters.date_to)
    everywhere = cohort(in_period, owner_organisation_id=owner_organisation_id)
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


def _add_up(rows, seen_recorded: bool, filters: InsightFilters) -> CohortFigures:
    """Every shared figure from the facts, as the single-query functions would count them."""
    tier_of = _tiers()
    submitted = accepted_n = seen_n = completed_n = 0
    days_histogram: dict[int, int] = {}
    declines: dict[tuple[str, str], int] = {}
    by_tier: dict[str, list[int]] = {}
    people: dict[tuple[str, str], tuple[set, set, set]] = {}
    middle = MissingMiddleCounter()
    placer = PeoplePlacer()
    overrides = _outside_criteria_in_period(filters)
    outside: dict[str, int] = {}
    for row in rows:
        id_, state, person_id, ethnicity, gender, service_id, home, home_country = row[:8]
        accepted, decided, days, reason, *seen = row[8:]
        tier = tier_of.get(service_id) or ""
        middle.add(person_id, tier, reason, accepted)
        placer.add(person_id, service_id, home, home_country)
        for rule in overrides.get(id_, ()):
            outside[rule] = outside.get(rule, 0) + 1
        completed = state == COMPLETED
        declined = state == DECLINED
        submitted += 1
        accepted_n += bool(accepted)
        completed_n += completed
        if seen and seen[0]:
            seen_n += 1
        if days is not None:
            days_histogram[int(days)] = days_histogram.get(int(days), 0) + 1
        if declined:
            declines[(reason or "", tier)] = declines.get((reason or "", tier), 0) + 1
        # Looked up, and made only when missing: a default built for every row costs a tenth of the read.
        totals = by_tier.get(tier)
        if totals is None:
            totals = by_tier[tier] = [0, 0]
        totals[0] += bool(decided)
        totals[1] += declined
        sets = people.get((ethnicity, gender))
        if sets is None:
            sets = people[(ethnicity, gender)] = (set(), set(), set())
        referred, accepted_people, completed_people = sets
        referred.add(person_id)
        if accepted:
            accepted_people.add(person_id)
        if completed:
            completed_people.add(person_id)

    journeys, by_gender = _journeys(people)
    funnel = Funnel(submitted, accepted_n, seen_n if seen_recorded else None, completed_n)
    decisions = [
        TierDecisions(tier, decided, declined)
        for tier, (decided, declined) in sorted(by_tier.items())
        if decided
    ]
    return CohortFigures(
        access=Access(funnel, days_histogram),
        declines=declines,
        decisions=decisions,
        journeys=journeys,
        journeys_by_gender=by_gender,
        missing_middle=middle.result(),
        outside_criteria=dict(sorted(outside.items())),
        people_by_child=placer.by_child_area(filters),
        placed_by_service=placer.placed_by_service(),
        worked_out_at=timezone.now(),
    )


def _journeys(people: dict[tuple[str, str], tuple[set, set, set]]):
    """Journeys by ethnic group, and by ethnic group and gender, from the people of each recorded
    (ethnicity, gender): each person has one of each, so the people of different pairs are different
    people and their counts add up."""
    journeys = {code: GroupJourney(code) for code in (*GROUPS, NOT_STATED)}
    by_gender = {
        (group, gender): GroupJourney(group) for group in (*GROUPS, NOT_STATED) for gender in GENDER_GROUPS
    }
    for (ethnicity, gender), (referred, accepted_people, completed_people) in people.items():
        group = group_of(ethnicity) or NOT_STATED
        for journey in (journeys[group], by_gender[(group, gender_group(gender))]):
            journey.referred += len(referred)
            journey.accepted += len(accepted_people)
            journey.completed += len(completed_people)
    return journeys, by_gender


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


def cohort_figures(filters: InsightFilters, *, owner_organisation_id=None) -> CohortFigures:
    """The shared figures for the area and period (optionally one provider's services): the ones this
    process kept while the referral facts are unchanged, else added up from the facts (the cohort, its
    overrides, every service's tier, and where services work for people with no recorded home; a
    catch-up first when the facts are behind the referrals: see insight/summary.py)."""
    seen_recorded = waits.appointments_recorded()
    key = _key(filters, owner_organisation_id, seen_recorded)
    version = summary.caught_up()
    kept = cache.get(key)
    if kept and kept[0] == version:
        figures = kept[1]
    else:
        rows = raw_rows(_facts(filters, owner_organisation_id, seen_recorded))
        figures = _add_up(rows, seen_recorded, filters)
        cache.set(key, (version, figures), timeout=MAX_AGE.total_seconds())
    # The reports may add to the journeys they are given; the kept ones stay as read.
    return copy.deepcopy(figures)
