"""Directory search: a postcode, 10 miles and two filters, at national scale (20,000 services).

Printed beside the bare SQL bounding-box query on Location (the floor any radius search pays) so
the cost of the filters, the exact distances, the area-wide services and loading a page of results
can be seen. The target is p95 <= 50 ms for the search on SQLite. Figures only: nothing is asserted.
"""

import itertools
import random
import statistics
import time

from django.test import Client

from bench.harness import measure, ratio

NATIONAL_SERVICES = 20_000
# Cities and towns across England, so the figures are not one lucky (or unlucky) box.
POSTCODES = [
    "LS1 4AP",
    "M1 1AE",
    "B1 1BB",
    "NE1 4ST",
    "BS1 5TR",
    "DE1 2FS",
    "EX4 3SR",
    "NR2 1NH",
    "SW1A 1AA",
    "CB2 1TN",
]


def _ensure_national_directory() -> None:
    """The national seed holds the directory; a bench database from before it gets one here."""
    from throughcare.demo.reference import load_demo_areas
    from throughcare.demo.seeding import SeedContext
    from throughcare.directory.demo import seed_national_directory
    from throughcare.directory.models import Service

    if Service.objects.count() >= NATIONAL_SERVICES:
        return
    print(f"  (generating {NATIONAL_SERVICES:,} services for the benchmark)")
    ctx = SeedContext(scale="national", rng=random.Random(20_000), areas=load_demo_areas(), progress=False)
    seed_national_directory(ctx)


def _with_larger_cache(action) -> None:
    """SQLite's default page cache is 2 MB; the search's random reads gain from more. Restored after."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA mmap_size")
        mmap_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.execute("PRAGMA mmap_size = 268435456")
    try:
        action()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
            cursor.execute(f"PRAGMA mmap_size = {int(mmap_size)}")


def run() -> None:
    from throughcare.accounts.models import User
    from throughcare.directory import search
    from throughcare.directory.models import Location, Service, ServiceAtLocation
    from throughcare.geography.distance import bounding_box

    _ensure_national_directory()
    print(
        f"  data: {Service.objects.count():,} services, {Location.objects.count():,} locations, "
        f"{ServiceAtLocation.objects.count():,} service locations"
    )
    places = [search.locate(postcode)[0] for postcode in POSTCODES]
    filters = search.Filters(need_codes=("anxiety",), only=frozenset({search.Only.SUBSTANCE_USE}))
    postcode_cycle = itertools.cycle(POSTCODES)
    place_cycle = itertools.cycle(places)

    def bare_box():
        place = next(place_cycle)
        min_lat, max_lat, min_lon, max_lon = bounding_box(place.latitude, place.longitude, 10)
        return list(
            Location.objects.filter(
                latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon)
            ).values_list("id", "latitude", "longitude")
        )

    by_place: dict[str, list[float]] = {postcode: [] for postcode in POSTCODES}

    def searched():
        postcode = next(postcode_cycle)
        started = time.perf_counter()
        results = search.search(filters, postcode=postcode, miles=10)
        names = [hit.service.name for hit in results.page.object_list]
        by_place[postcode].append((time.perf_counter() - started) * 1000)
        return names

    sizes = [searched() for _ in POSTCODES]
    print(f"  results on the first page per postcode: {', '.join(str(len(size)) for size in sizes)}")
    floor = measure("bare SQL bounding box on Location (10 miles)", bare_box)
    found = measure("search: postcode + 10 miles + need + substance use", searched)
    ratio("search / bare bounding box", found, floor)
    print(
        "  median by place: "
        + ", ".join(f"{postcode} {statistics.median(times):.0f} ms" for postcode, times in by_place.items())
    )

    practitioner = User.objects.get(email="practitioner@demo.throughcare.example")
    client = Client()
    client.force_login(practitioner)

    def page():
        return client.get(
            "/directory/services/",
            {"postcode": next(postcode_cycle), "miles": "10", "need": "anxiety", "only": "substance_use"},
        )

    measure("GET /directory/services/ (the same search, whole page)", page, repeat=100)
    _with_larger_cache(lambda: measure("search, with a 64 MB page cache and 256 MB mmap", searched))
    measure(
        "search: no postcode, keyword 'service' + tier, by name",
        lambda: search.search(search.Filters(keyword="service", tier="primary")),
        repeat=100,
    )
