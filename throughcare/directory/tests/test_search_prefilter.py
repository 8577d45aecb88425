"""The search's spatial prefilter and its filters give exactly the answer of checking everything.

The search reads only the locations inside a box around the place, then measures exact distances,
and tests coded terms on the row's `term_codes` text (ADR 19, ADR 42). Here, for random places,
distances and filters, that answer is compared with one worked out the slow way: every location's
exact distance, and the filters applied in Python to the service's columns and to its terms as the
join table records them. Hypothesis draws the places (seeded, a bounded number of examples).
"""

import random
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from throughcare.directory import search
from throughcare.directory.models import Service, ServiceAtLocation
from throughcare.directory.tests.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    vocabulary_terms,
)
from throughcare.directory.vocabularies import DELIVERY, NEEDS
from throughcare.geography.distance import haversine_miles

pytestmark = pytest.mark.django_db

# A stretch of northern England, with services clustered round a few towns and scattered between.
SOUTH, NORTH, WEST, EAST = 52.8, 54.4, -2.9, -0.6
TOWNS = [(53.80, -1.55), (53.48, -2.24), (53.38, -1.47), (53.96, -1.08)]
NEED_CHOICES = ("anxiety", "depression", "psychosis", "self_harm")
DELIVERY_CHOICES = ("online", "phone", "group")


def _directory(rng: random.Random) -> None:
    for n in range(70):
        service = ServiceFactory(
            name=f"Service {n:03d}",
            status=rng.choice(["active", "active", "active", "inactive"]),
            is_public=rng.random() < 0.85,
            accepts_current_substance_use=rng.random() < 0.6,
            covers_england=False,
            terms=vocabulary_terms(
                need=rng.sample(NEED_CHOICES, rng.randint(0, 2)),
                delivery=rng.sample(DELIVERY_CHOICES, rng.randint(0, 2)),
            ),
        )
        for _ in range(rng.randint(0, 3)):
            if rng.random() < 0.6:
                town_lat, town_lon = rng.choice(TOWNS)
                lat, lon = town_lat + rng.uniform(-0.2, 0.2), town_lon + rng.uniform(-0.3, 0.3)
            else:
                lat, lon = rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)
            location = LocationFactory(organisation=service.organisation, latitude=lat, longitude=lon)
            ServiceAtLocationFactory(service=service, location=location)
    # A location with no coordinates is never near anywhere.
    ServiceAtLocationFactory(location__latitude=None, location__longitude=None)


def _passes(service: Service, filters: search.Filters) -> bool:
    """The filters worked out in Python, terms read from the join table (the record)."""
    terms = {(term.taxonomy_id, term.code) for term in service.terms.all()}
    needs_ok = not filters.need_codes or any((NEEDS.id, code) in terms for code in filters.need_codes)
    delivery_ok = not filters.delivery_codes or any(
        (DELIVERY.id, code) in terms for code in filters.delivery_codes
    )
    substance_ok = search.Only.SUBSTANCE_USE not in filters.only or service.accepts_current_substance_use
    public_ok = not filters.public_only or service.is_public
    return service.status == filters.status and needs_ok and delivery_ok and substance_ok and public_ok


def _nearest_the_slow_way(filters: search.Filters, lat: float, lon: float, miles: int) -> dict:
    services = {s.id: s for s in Service.objects.prefetch_related("terms")}
    nearest: dict = {}
    for link in ServiceAtLocation.objects.select_related("location"):
        where = link.location
        if where.latitude is None or not _passes(services[link.service_id], filters):
            continue
        distance = haversine_miles(lat, lon, where.latitude, where.longitude)
        if distance <= miles and (link.service_id not in nearest or distance < nearest[link.service_id][1]):
            nearest[link.service_id] = (where.id, distance)
    return nearest


filters_strategy = st.builds(
    search.Filters,
    need_codes=st.lists(st.sampled_from(NEED_CHOICES), max_size=2, unique=True).map(tuple),
    delivery_codes=st.lists(st.sampled_from(DELIVERY_CHOICES), max_size=1).map(tuple),
    only=st.sets(st.just(search.Only.SUBSTANCE_USE)).map(frozenset),
    public_only=st.booleans(),
)


def test_the_box_and_term_codes_give_the_answer_of_measuring_every_location():
    _directory(random.Random(42))
    answered = []

    @settings(
        max_examples=60,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        town=st.sampled_from(TOWNS),
        north=st.floats(-0.4, 0.4),
        east=st.floats(-0.6, 0.6),
        miles=st.sampled_from(search.MILES_CHOICES),
        filters=filters_strategy,
    )
    def same_answer(town, north, east, miles, filters):
        lat, lon = town[0] + north, town[1] + east
        place = SimpleNamespace(latitude=lat, longitude=lon)
        expected = _nearest_the_slow_way(filters, lat, lon, miles)
        assert search._nearest_locations(filters, place, miles) == expected
        answered.append(len(expected))

    same_answer()
    # The comparison means something only if many places had services within reach.
    assert sum(1 for count in answered if count) >= len(answered) // 5


def test_filtering_by_term_codes_finds_the_services_the_join_table_would():
    _directory(random.Random(7))
    services = list(Service.objects.prefetch_related("terms"))

    @settings(max_examples=40, derandomize=True, deadline=None, database=None)
    @given(filters=filters_strategy)
    def same_services(filters):
        expected = {service.id for service in services if _passes(service, filters)}
        assert set(search.filtered_services(filters).values_list("id", flat=True)) == expected

    same_services()
