"""Keeping the referral facts (insight/models.py) in step with the referrals (ADR 41).

Every referral write already stamps the referral's `updated_at`, every move adds a transition with
a higher id, and every appointment change stamps its own `updated_at`. The watermark records the
latest of each that the facts include. Before a view reads the facts it compares the watermark with
the latest in the tables (one query, from three indexes); when anything is newer, only the
referrals changed since are worked out again, in one transaction, and the view then reads them. So
every view sees every committed change, on every web server, without working out the rest again.
The same transaction records which months' referrals changed (FactsMonth), so the figures kept for
each month (queries/facts.py) are added up again only for those months.

A change can commit a little after the moment it is stamped with, so a later catch-up could have
recorded a newer watermark first. Each catch-up therefore also works out again every referral
stamped within GRACE before the watermark, and the scheduled `refresh_insight_facts` does so every
few minutes even when nothing looks newer; `rebuild_insight_facts` builds them all from scratch.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction
from django.db.models import DateField, QuerySet, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from throughcare.insight.models import FactsMonth, FactsWatermark, ReferralFacts
from throughcare.insight.queries.common import (
    days_to_first_decision,
    decline_reason,
    was_accepted,
    was_decided,
)
from throughcare.referrals.models import Referral, ReferralTransition

# Longer than any transaction that writes a referral (a request, or an import's batch).
GRACE = datetime.timedelta(minutes=10)
# Referral ids per statement when working some out again (inside SQLite's parameter limit).
BATCH = 500


@dataclass(frozen=True)
class Version:
    """The latest change to any referral, move and appointment."""

    referrals_changed_at: datetime.datetime | None
    last_move_id: int | None
    appointments_changed_at: datetime.datetime | None


@dataclass(frozen=True)
class Freshness:
    current: Version
    included: Version | None  # None: the facts have never been built
    caught_up_at: datetime.datetime | None

    @property
    def is_current(self) -> bool:
        return self.included == self.current


def _appointments_recorded() -> bool:
    return apps.is_installed("throughcare.appointments")


def _latest_sql() -> str:
    referrals, moves = Referral._meta.db_table, ReferralTransition._meta.db_table
    appointments = "NULL"
    if _appointments_recorded():
        table = apps.get_model("appointments", "Appointment")._meta.db_table
        appointments = f"(SELECT MAX(updated_at) FROM {table})"  # noqa: S608 - name from the model
    return f"(SELECT MAX(updated_at) FROM {referrals}), (SELECT MAX(id) FROM {moves}), {appointments}"  # noqa: S608


def _as_datetime(value) -> datetime.datetime | None:
    """A datetime read by raw SQL: SQLite gives a MAX() as text, and a column as a naive UTC time."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(value)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, datetime.UTC)


def _version(row) -> Version:
    return Version(_as_datetime(row[0]), row[1], _as_datetime(row[2]))


def freshness() -> Freshness:
    """The latest changes in the tables and those the facts include (one query)."""
    watermark = FactsWatermark._meta.db_table
    sql = (
        f"SELECT {_latest_sql()}, w.referrals_changed_at, w.last_move_id, w.appointments_changed_at, "  # noqa: S608
        f"w.caught_up_at FROM (SELECT 1) one LEFT JOIN {watermark} w ON w.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [FactsWatermark.ONLY])
        row = cursor.fetchone()
    built = row[6] is not None
    return Freshness(_version(row[:3]), _version(row[3:6]) if built else None, _as_datetime(row[6]))


def _facts_of(referrals: QuerySet) -> QuerySet:
    """Each referral's facts, worked out from its moves and appointments, as rows for the table."""
    seen = Value(False)
    if _appointments_recorded():
        from throughcare.insight.queries.waits import _was_seen

        seen = _was_seen()
    return (
        referrals.filter(submitted_at__isnull=False)
        .annotate(
            f_accepted=was_accepted(),
            f_decided=was_decided(),
            f_days=days_to_first_decision(),
            f_reason=Coalesce(decline_reason(), Value("")),
            f_seen=seen,
        )
        .values_list("id", "f_accepted", "f_decided", "f_days", "f_reason", "f_seen", "updated_at")
        .order_by()
    )


def _insert_facts(referrals: QuerySet) -> int:
    """INSERT ... SELECT: the facts are worked out and written inside the database."""
    select_sql, params = _facts_of(referrals).query.sql_with_params()
    table = ReferralFacts._meta.db_table
    columns = "referral_id, accepted, decided, days_to_decision, decline_reason, seen, referral_updated_at"
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select_sql}", params)
        return cursor.rowcount


def _changed_since(included: Version) -> set:
    """Referrals stamped since GRACE before the watermark, moved since it, or with an appointment
    changed since GRACE before it (one query, each part read from an index)."""
    changed = Referral.objects.values_list("id")
    if included.referrals_changed_at is not None:
        changed = changed.filter(updated_at__gte=included.referrals_changed_at - GRACE)
    moves = ReferralTransition.objects.values_list("referral_id")
    if included.last_move_id is not None:
        moves = moves.filter(id__gt=included.last_move_id)
    parts = [moves.order_by()]
    if _appointments_recorded():
        appointments = apps.get_model("appointments", "Appointment").objects.values_list("referral_id")
        if included.appointments_changed_at is not None:
            appointments = appointments.filter(updated_at__gte=included.appointments_changed_at - GRACE)
        parts.append(appointments.order_by())
    return {id_ for (id_,) in changed.order_by().union(*parts)}


def _months_of(referrals: QuerySet) -> set:
    """The months (in UK time, as the insight filters' periods are) the referrals were submitted in."""
    months = referrals.filter(submitted_at__isnull=False).annotate(
        month=TruncMonth("submitted_at", output_field=DateField())
    )
    return set(months.values_list("month", flat=True).order_by().distinct())


def _mark_changed(months: set) -> None:
    """Record that the facts of these months changed now, so their kept tallies are not used again."""
    now = timezone.now()
    FactsMonth.objects.bulk_create(
        [FactsMonth(month=month, changed_at=now) for month in sorted(months)],
        update_conflicts=True,
        unique_fields=["month"],
        update_fields=["changed_at"],
    )


def _kept_rows(ids: list) -> dict:
    kept = ReferralFacts.objects.filter(referral_id__in=ids).values_list(
        "referral_id",
        "accepted",
        "decided",
        "days_to_decision",
        "decline_reason",
        "seen",
        "referral_updated_at",
    )
    return {row[0]: row for row in kept.order_by()}


def _work_out_again(ids: set) -> None:
    """Work out the referrals' facts again, and mark the months of those whose facts or own row
    changed. Most referrals worked out again only because they changed within GRACE of the last
    catch-up are as they were, so their months' kept figures stay in use."""
    chunk = sorted(ids)
    months: set = set()
    for start in range(0, len(chunk), BATCH):
        batch = chunk[start : start + BATCH]
        before = _kept_rows(batch)
        ReferralFacts.objects.filter(referral_id__in=batch).delete()
        _insert_facts(Referral.objects.filter(id__in=batch))
        after = _kept_rows(batch)
        changed = [id_ for id_ in batch if before.get(id_) != after.get(id_)]
        if changed:
            months |= _months_of(Referral.objects.filter(id__in=changed))
    _mark_changed(months)


def _record(version: Version) -> None:
    FactsWatermark.objects.filter(id=FactsWatermark.ONLY).update(
        referrals_changed_at=version.referrals_changed_at,
        last_move_id=version.last_move_id,
        appointments_changed_at=version.appointments_changed_at,
        caught_up_at=timezone.now(),
    )


def _take_turn() -> Freshness:
    """Wait for any other catch-up to finish (the watermark row's lock on PostgreSQL, the write lock
    on SQLite), then look again: it may have just done this one's work."""
    if FactsWatermark.objects.select_for_update().filter(id=FactsWatermark.ONLY).first() is None:
        FactsWatermark.objects.get_or_create(id=FactsWatermark.ONLY)  # the first ever: nothing kept yet
    return freshness()


def _rebuild_all(current: Version) -> int:
    ReferralFacts.objects.all().delete()
    count = _insert_facts(Referral.objects.all())
    FactsMonth.objects.all().delete()
    _mark_changed(_months_of(Referral.objects.all()))
    _record(current)
    return count


def rebuild() -> int:
    """Every referral's facts worked out again from the referrals alone; how many there are."""
    with transaction.atomic():
        return _rebuild_all(_take_turn().current)


def _catch_up(state: Freshness, always: bool) -> tuple[int, Version]:
    if state.included is None:
        return _rebuild_all(state.current), state.current
    if state.is_current and not always:
        return 0, state.current
    ids = _changed_since(state.included)
    _work_out_again(ids)
    _record(state.current)
    return len(ids), state.current


def catch_up(*, always: bool = False) -> int:
    """Bring the facts up to date with every committed change: nothing when they already are (unless
    `always`, which also works out again the last GRACE); how many referrals were worked out again."""
    with transaction.atomic():
        return _catch_up(_take_turn(), always)[0]


def caught_up() -> Version:
    """The version of the tables the facts include, once they include every committed change: one
    query when they already do (nearly always, with the scheduled refresh), else a catch-up."""
    state = freshness()
    if state.is_current:
        return state.current
    with transaction.atomic():
        return _catch_up(_take_turn(), always=False)[1]
