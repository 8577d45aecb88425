"""The release-surge forecast's inputs for an area: expected releases by week, each tier's historic
referral rate around release, and each tier's places and decision times.

Everything is counted by where people live (insight/areas.py): a person due for release is in the
area of their recorded home; one whose home is not recorded counts at England level only, because
a person in custody has no service of their own to place them by. Each function is one GROUP BY
query (or two) returning plain numbers.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from throughcare.continuity.models import CustodyEpisode
from throughcare.directory.models import Service, ServiceStatus
from throughcare.insight import summary
from throughcare.insight.areas import Area
from throughcare.insight.filters import InsightFilters, default_period
from throughcare.insight.queries.facts import cohort_figures
from throughcare.people.models import Person
from throughcare.referrals.models import Referral

WEEKS_AHEAD = 12
# A referral "around release" is made from 12 weeks before it (when RECONNECT-style work begins) to
# 12 weeks after; the history is the year of releases whose 12 weeks after have all passed.
AROUND_RELEASE_DAYS = 84
HISTORY_DAYS = 365


@dataclass
class ForecastInputs:
    week_starts: list[datetime.date]
    releases_by_week: list[int]
    releases_home_unknown: int  # due in the 12 weeks with no recorded home (England only)
    released: int  # people released in the history window
    referred_by_tier: dict[str, int] = field(
        default_factory=dict
    )  # of them, referred to a tier around release
    places_by_tier: dict[str, tuple[int, int]] = field(
        default_factory=dict
    )  # (services reporting, free places)
    decision_days_by_tier: dict[str, dict[int, int]] = field(
        default_factory=dict
    )  # tier -> days -> referrals


def _people_in(area: Area, prefix: str = "person__") -> Q:
    if area.is_england:
        return Q()
    return Q(**{f"{prefix}residence_local_authority_id__in": area.local_authority_codes()})


def releases_by_week(area: Area, today: datetime.date) -> tuple[list[datetime.date], list[int], int]:
    """Week starts, people due for release in each of the next 12 weeks (open custody episodes by
    expected release date, early release included as recorded), and how many of them have no home."""
    starts = [today + datetime.timedelta(weeks=w) for w in range(WEEKS_AHEAD)]
    end = today + datetime.timedelta(weeks=WEEKS_AHEAD)
    due = CustodyEpisode.objects.filter(
        _people_in(area),
        actual_release_date__isnull=True,
        expected_release_date__gte=today,
        expected_release_date__lt=end,
        person__merged_into__isnull=True,
    )
    counts = [0] * WEEKS_AHEAD
    unknown = 0
    rows = due.values_list("expected_release_date", "person__residence_country").annotate(n=Count("id"))
    for day, country, n in rows.order_by():
        counts[(day - today).days // 7] += n
        unknown += n if not country else 0
    return starts, counts, unknown


def _history_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    last = today - datetime.timedelta(days=AROUND_RELEASE_DAYS)
    return last - datetime.timedelta(days=HISTORY_DAYS), last


def released_and_referred(area: Area, today: datetime.date) -> tuple[int, dict[str, int]]:
    """People released in the history window who live in the area, and of them how many were referred
    to a service of each tier from 12 weeks before their release to 12 weeks after (two queries)."""
    first, last = _history_window(today)
    released = CustodyEpisode.objects.filter(
        _people_in(area), actual_release_date__gte=first, actual_release_date__lte=last
    )
    people = released.values("person_id").distinct().count()
    episodes_sql, episodes_params = (
        released.values("person_id", "actual_release_date").order_by().query.sql_with_params()
    )
    if connection.vendor == "postgresql":
        gap = "(CAST(r.submitted_at AS date) - e.actual_release_date)"
    else:
        gap = "CAST(julianday(r.submitted_at) - julianday(e.actual_release_date) AS INTEGER)"
    sql = (
        # CROSS JOIN: SQLite then starts from the year's releases and reads only their people's
        # referrals, rather than every referral of every resident (PostgreSQL plans it as a join).
        f"SELECT COALESCE(s.tier, ''), COUNT(DISTINCT e.person_id) FROM ({episodes_sql}) e "  # noqa: S608 - names from the models
        f"CROSS JOIN {Referral._meta.db_table} r CROSS JOIN {Service._meta.db_table} s "
        f"WHERE r.person_id = e.person_id AND s.id = r.service_id "
        f"AND r.submitted_at IS NOT NULL AND {gap} BETWEEN %s AND %s GROUP BY 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*episodes_params, -AROUND_RELEASE_DAYS, AROUND_RELEASE_DAYS])
        return people, dict(cursor.fetchall())


def places_by_tier(area: Area) -> dict[str, tuple[int, int]]:
    """Tier -> (active services in the area that report free places, the free places they report)."""
    rows = (
        Service.objects.filter(
            area.services_q(), status=ServiceStatus.ACTIVE, capacity_available__isnull=False
        )
        .values_list("tier")
        .annotate(services=Count("id"), free=Sum("capacity_available"))
        .order_by()
    )
    return {tier or "": (services, free or 0) for tier, services, free in rows}


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def decision_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The 12 whole months whose referrals' decision times are counted: this one (so far) and the 11
    before, as a view's default period. Whole months, so the shared month tallies serve them
    (queries/facts.py, ADR 48)."""
    return default_period(today)


def decision_days_by_tier(
    area: Area, date_from: datetime.date, date_to: datetime.date
) -> dict[str, dict[int, int]]:
    """Tier -> {whole days from referral to first decision -> referrals}, for referrals of people
    living in the area (everyone's, for England) submitted in the period and decided, as one query on
    the kept referral facts (ADR 41), caught up first. The forecast reads the same figures from the
    shared month tallies (`cohort_figures`); this is what the tests compare them with."""
    summary.caught_up()
    residents = Referral.objects.all()
    if not area.is_england:
        # Asked as "whose person is one of the area's residents", the database starts from the
        # residents (an index) rather than from every referral in England in the year.
        people = Person.objects.filter(residence_local_authority_id__in=area.local_authority_codes())
        residents = residents.filter(person_id__in=people.values("id"))
    referrals = (
        residents.filter(
            submitted_at__gte=_midnight(date_from),
            submitted_at__lt=_midnight(date_to + datetime.timedelta(days=1)),
            insight_facts__decided=True,
        )
        .values_list("service__tier", "insight_facts__days_to_decision")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[str, dict[int, int]] = {}
    for tier, days, n in referrals:
        if days is not None:
            found.setdefault(tier or "", {})[int(days)] = n
    return found


def forecast_inputs(area: Area, today: datetime.date) -> ForecastInputs:
    starts, counts, unknown = releases_by_week(area, today)
    released, referred = released_and_referred(area, today)
    return ForecastInputs(
        week_starts=starts,
        releases_by_week=counts,
        releases_home_unknown=unknown,
        released=released,
        referred_by_tier=referred,
        places_by_tier=places_by_tier(area),
        decision_days_by_tier=cohort_figures(
            InsightFilters(area, *decision_window(today))
        ).decision_days_by_tier,
    )
