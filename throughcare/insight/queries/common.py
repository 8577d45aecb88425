"""Helpers shared by the insight queries."""

import calendar
import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)

from throughcare.directory.vocabularies import TIERS
from throughcare.referrals.models import Referral, ReferralTransition
from throughcare.referrals.states import MEANINGS, Decision, InsightCategory, ReferralState, states_where

TIER_LABELS = {code: name for code, name, _ in TIERS.terms}
NO_TIER = "Tier not recorded"


def tier_label(code: str) -> str:
    return TIER_LABELS.get(code or "", code if code else NO_TIER)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Referrals submitted in the period (the cohort every referral view counts) ---------------------
#
# Each referral's later history is read from its current state where the state settles it, and from
# its moves only where it cannot (paused, withdrawn or waiting-listed referrals may or may not have
# been accepted). SQLite evaluates CASE lazily, so the history of most referrals is never read: this
# is what keeps a view for an ICB's tens of thousands of referrals quick.


# Moves that take the person on, and a service's decisions: it took the person on (or listed them),
# or it declined. Both come from each state's meaning in referrals/states.py.
ACCEPTING_STATES = states_where(decision=Decision.TAKES_ON)
DECISION_STATES = tuple(state for state in ReferralState if MEANINGS[state].decision != Decision.NONE)


def _in_category(*categories: InsightCategory) -> tuple[ReferralState, ...]:
    return tuple(state for state in ReferralState if MEANINGS[state].insight_category in categories)


# States only an accepted referral can be in, and states any referral might be in.
SURELY_ACCEPTED = _in_category(InsightCategory.TAKEN_ON)
MAYBE_ACCEPTED = _in_category(InsightCategory.WAITING, InsightCategory.UNSETTLED)
SURELY_DECIDED = _in_category(InsightCategory.TAKEN_ON, InsightCategory.WAITING, InsightCategory.DECLINED)
MAYBE_DECIDED = _in_category(InsightCategory.UNSETTLED)


def cohort(filters, *, owner_organisation_id=None):
    """Referrals placed in the area and submitted in the period (optionally to one provider's services)."""
    referrals = Referral.objects.filter(
        filters.area.referrals_q(), submitted_at__gte=filters.start(), submitted_at__lt=filters.end()
    )
    if owner_organisation_id is not None:
        referrals = referrals.filter(service__organisation__owner_id=owner_organisation_id)
    return referrals


def raw_rows(queryset) -> list[tuple]:
    """The query's rows as the database driver returns them. Django's converters would make a UUID
    object of every person and service id (a third of a cold read for an ICB's 20,000 referrals), and
    the adding up only compares them. Ids read this way compare equal only to ids read this way."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter no row can pass, such as `__in` an empty list: Django asks nothing
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def people_placed_by_service(filters, *, owner_organisation_id=None) -> int:
    """Distinct people in the cohort whose home is not recorded, so who are placed by the areas of the
    services they were referred to rather than where they live (one query)."""
    cohort_referrals = cohort(filters, owner_organisation_id=owner_organisation_id)
    return cohort_referrals.filter(person__residence_country="").values("person_id").distinct().count()


def _moved_to(states) -> Exists:
    return Exists(ReferralTransition.objects.filter(referral_id=OuterRef("pk"), to_state__in=states))


def was_accepted() -> Case:
    """True when the service took the person on (accepted, or booked an assessment) at any point."""
    return Case(
        When(state__in=SURELY_ACCEPTED, then=Value(True)),
        When(state__in=MAYBE_ACCEPTED, then=_moved_to(ACCEPTING_STATES)),
        default=Value(False),
        output_field=BooleanField(),
    )


def was_decided() -> Case:
    """True when the service made a decision (accepted, waiting list, assessment or declined)."""
    return Case(
        When(state__in=SURELY_DECIDED, then=Value(True)),
        When(state__in=MAYBE_DECIDED, then=_moved_to(DECISION_STATES)),
        default=Value(False),
        output_field=BooleanField(),
    )


def first_decision_at() -> Case:
    """When the service first decided (None when it has not)."""
    first = Subquery(
        ReferralTransition.objects.filter(referral_id=OuterRef("pk"), to_state__in=DECISION_STATES)
        .order_by("at")
        .values("at")[:1]
    )
    return Case(When(state__in=(*SURELY_DECIDED, *MAYBE_DECIDED), then=first), default=Value(None))


def decline_reason() -> Case:
    """The reason code of a declined referral's decline (None for any other)."""
    reason = Subquery(
        ReferralTransition.objects.filter(referral_id=OuterRef("pk"), to_state=ReferralState.DECLINED)
        .order_by("id")
        .values("reason_code")[:1]
    )
    return Case(When(state=ReferralState.DECLINED, then=reason), default=Value(None))


class WholeDaysBetween(Func):
    """Whole days from the first datetime to the second, rounded down (None if either is None)."""

    arity = 2
    output_field = IntegerField()

    def _days(self, compiler, connection, template):
        start_sql, start_params = compiler.compile(self.source_expressions[0])
        end_sql, end_params = compiler.compile(self.source_expressions[1])
        # Both templates name the end first, so its parameters come first.
        return template % {"start": start_sql, "end": end_sql}, (*end_params, *start_params)

    def as_sqlite(self, compiler, connection, **extra):
        return self._days(compiler, connection, "CAST(julianday(%(end)s) - julianday(%(start)s) AS INTEGER)")

    def as_sql(self, compiler, connection, **extra):
        return self._days(compiler, connection, "FLOOR(EXTRACT(EPOCH FROM (%(end)s - %(start)s)) / 86400)")


def days_to_first_decision():
    return WholeDaysBetween(F("submitted_at"), first_decision_at())
