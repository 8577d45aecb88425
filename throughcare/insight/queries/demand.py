"""View 7, demand and capacity for one service: what Throughcare records of its demand and list.

Releases from custody come from the continuity app when it is installed; otherwise "not recorded yet".
"""

import datetime
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Q

from throughcare.directory.models import Service
from throughcare.insight.filters import InsightFilters
from throughcare.referrals.models import Referral
from throughcare.referrals.states import OPEN_STATES, PLACE_HOLDING_STATES

RELEASE_HORIZON_WEEKS = 12
# Open referrals not yet holding a place: the service's waiting list in the wide sense.
WAITING_STATES = tuple(sorted(OPEN_STATES - PLACE_HOLDING_STATES))


@dataclass(frozen=True)
class ServiceDemand:
    name: str
    referrals_in_period: int
    waiting_now: int
    capacity_maximum: int | None
    releases_expected: int | None  # None: custody is not recorded in this deployment


def find_service(service_id: str) -> Service | None:
    try:
        key = uuid.UUID(service_id)
    except (ValueError, AttributeError, TypeError):
        return None
    return Service.objects.filter(pk=key).only("id", "name", "capacity_maximum").first()


def service_demand(service: Service, filters: InsightFilters) -> ServiceDemand:
    """Referrals made in the period, open referrals waiting now, and people with open referrals due
    for release in the next 12 weeks (two queries)."""
    figures = Referral.objects.filter(service=service).aggregate(
        in_period=Count("id", filter=Q(submitted_at__gte=filters.start(), submitted_at__lt=filters.end())),
        waiting=Count("id", filter=Q(state__in=WAITING_STATES)),
    )
    releases = None
    if apps.is_installed("throughcare.continuity"):
        episode = apps.get_model("continuity", "CustodyEpisode")
        horizon = filters.date_to + datetime.timedelta(weeks=RELEASE_HORIZON_WEEKS)
        releases = (
            episode.objects.filter(
                actual_release_date__isnull=True,
                expected_release_date__gt=filters.date_to,
                expected_release_date__lte=horizon,
                person__referrals__service=service,
                person__referrals__state__in=OPEN_STATES,
            )
            .values("person_id")
            .distinct()
            .count()
        )
    return ServiceDemand(
        service.name, figures["in_period"], figures["waiting"], service.capacity_maximum, releases
    )
