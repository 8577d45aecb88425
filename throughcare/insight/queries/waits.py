"""View 3, access and waits: the referral funnel, and how long services took to decide.

The first appointment comes from the appointments app when it is installed; otherwise that stage
is "not recorded yet" rather than zero.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Value, When

from throughcare.insight.filters import InsightFilters
from throughcare.insight.queries.common import (
    MAYBE_ACCEPTED,
    SURELY_ACCEPTED,
    cohort,
    days_to_first_decision,
    was_accepted,
)
from throughcare.referrals.states import ReferralState

ATTENDED = ("attended", "attended_late")


@dataclass(frozen=True)
class Funnel:
    submitted: int
    accepted: int
    first_appointment: int | None  # None: appointments are not recorded in this deployment
    completed: int


@dataclass(frozen=True)
class Access:
    funnel: Funnel
    # Whole days from submission to the first decision -> referrals: a histogram, not a list of
    # referrals; medians and shares are worked out from it.
    days_to_decision: dict[int, int]


def appointments_recorded() -> bool:
    return apps.is_installed("throughcare.appointments")


def _was_seen():
    """An attended appointment; only a referral that can have been accepted is looked up."""
    appointment = apps.get_model("appointments", "Appointment")
    attended = Exists(appointment.objects.filter(referral_id=OuterRef("pk"), status__in=ATTENDED))
    return Case(
        When(state__in=(*SURELY_ACCEPTED, *MAYBE_ACCEPTED), then=attended),
        default=Value(False),
        output_field=BooleanField(),
    )


def access(filters: InsightFilters, *, owner_organisation_id=None) -> Access:
    """Referrals submitted in the period: how far they got, and days to the first decision (one query,
    grouped by those days)."""
    referrals = cohort(filters, owner_organisation_id=owner_organisation_id).annotate(
        accepted=was_accepted(), days=days_to_first_decision()
    )
    counts = {
        "n": Count("id"),
        "accepted_n": Count("id", filter=Q(accepted=True)),
        "completed_n": Count("id", filter=Q(state=ReferralState.COMPLETED)),
    }
    seen = appointments_recorded()
    if seen:
        referrals = referrals.annotate(seen=_was_seen())
        counts["seen_n"] = Count("id", filter=Q(seen=True))
    rows = list(referrals.values("days").annotate(**counts).order_by())
    funnel = Funnel(
        submitted=sum(row["n"] for row in rows),
        accepted=sum(row["accepted_n"] for row in rows),
        first_appointment=sum(row["seen_n"] for row in rows) if seen else None,
        completed=sum(row["completed_n"] for row in rows),
    )
    return Access(funnel, {int(row["days"]): row["n"] for row in rows if row["days"] is not None})


def referral_funnel(filters: InsightFilters, *, owner_organisation_id=None) -> Funnel:
    return access(filters, owner_organisation_id=owner_organisation_id).funnel


def days_to_decision(filters: InsightFilters, *, owner_organisation_id=None) -> dict[int, int]:
    return access(filters, owner_organisation_id=owner_organisation_id).days_to_decision


def histogram_percentile(histogram: dict[int, int], fraction: float) -> float:
    """The percentile of the values a histogram counts, interpolated as Excel's PERCENTILE.INC
    (the same as `statistics.percentile` on the expanded list)."""
    total = sum(histogram.values())
    if not total:
        raise ValueError("No values to take a percentile of.")
    position = (total - 1) * fraction
    below, above = int(position), min(int(position) + 1, total - 1)

    def value_at(index: int) -> int:
        seen = 0
        for value in sorted(histogram):
            seen += histogram[value]
            if index < seen:
                return value
        raise AssertionError("unreachable")

    low = value_at(below)
    return low + (position - below) * (value_at(above) - low)


def within(histogram: dict[int, int], weeks: int) -> int:
    """How many waited no more than `weeks` weeks (the boundary day counts as within)."""
    return sum(n for days, n in histogram.items() if days <= weeks * 7)
