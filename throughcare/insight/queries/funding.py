"""View 6, the funding cliff-edge: services whose funding ends soon, their places and open referrals."""

import datetime
import hashlib
import uuid
from dataclasses import dataclass

from django.db.models import Count

from throughcare.core.db import as_text
from throughcare.directory.models import Service, ServiceStatus
from throughcare.insight.filters import InsightFilters
from throughcare.insight.queries.common import add_months
from throughcare.insight.queries.facts import kept_while_referrals_unchanged
from throughcare.referrals.models import Referral
from throughcare.referrals.states import OPEN_STATES

# Bands, by months after the period's end date: (key, label, months).
BANDS = (
    ("ended", "Funding already ended", 0),
    ("3", "Ends within 3 months", 3),
    ("6", "Ends in 3 to 6 months", 6),
    ("12", "Ends in 6 to 12 months", 12),
)
LONGEST_MONTHS = 12


@dataclass(frozen=True)
class FundedService:
    name: str
    organisation: str
    tier: str
    funding_ends_on: datetime.date
    band: str
    capacity_maximum: int | None
    open_referrals: int


def band_of(ends_on: datetime.date, as_at: datetime.date) -> str:
    if ends_on < as_at:
        return "ended"
    for key, _label, months in BANDS[1:]:
        if ends_on <= add_months(as_at, months):
            return key
    raise ValueError(f"{ends_on} is more than {LONGEST_MONTHS} months after {as_at}.")


def services_losing_funding(
    filters: InsightFilters, *, owner_organisation_id=None, keep: bool = True
) -> list[FundedService]:
    """Active services in the area whose funding ends by 12 months after the period's end, with their
    currently open referrals (two queries, and a check that the kept counts are current).
    `owner_organisation_id` limits them to one provider's."""
    as_at = filters.date_to
    services = Service.objects.filter(
        filters.area.services_q(),
        status=ServiceStatus.ACTIVE,
        funding_ends_on__isnull=False,
        funding_ends_on__lte=add_months(as_at, LONGEST_MONTHS),
    )
    if owner_organisation_id is not None:
        services = services.filter(organisation__owner_id=owner_organisation_id)
    rows = list(
        services.order_by("funding_ends_on", "name", "id").values_list(
            as_text("id"), "name", "organisation__name", "tier", "funding_ends_on", "capacity_maximum"
        )
    )
    ids = [row[0] for row in rows]
    if keep:
        # Keyed by the services themselves, so a service newly ending its funding is never missed.
        key = "funding-open:" + hashlib.sha256(",".join(ids).encode()).hexdigest()
        counts, _ = kept_while_referrals_unchanged(key, lambda: _open_referrals(ids))
    else:
        counts = _open_referrals(ids)
    return [
        FundedService(
            name, organisation, tier, ends_on, band_of(ends_on, as_at), capacity, counts.get(id_, 0)
        )
        for id_, name, organisation, tier, ends_on, capacity in rows
    ]


def _open_referrals(service_ids: list[str]) -> dict[str, int]:
    """Service id -> its open referrals, read from the referrals' service index (one query)."""
    if not service_ids:
        return {}
    return dict(
        Referral.objects.filter(service_id__in=[uuid.UUID(id_) for id_ in service_ids], state__in=OPEN_STATES)
        .values_list(as_text("service_id"))
        .annotate(n=Count("id"))
        .order_by()
    )
