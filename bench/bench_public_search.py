"""Public Find support search at national scale: varied places and plain-words needs, no sign-in.

Each run takes the next of a seeded random list of (place, needs): postcodes and towns across
England, with none, one or two of the needs a person can tick. Printed beside the minimal raw SQL
for the same answer (the ids of public, running services with a location in the box, covering the
local authority or England, that work with the needs), which every way of answering must pay.
Goal (issue 18): p95 <= 100 ms for the whole page. Figures only: nothing is asserted.
"""

import itertools
import random

from django.db import connection
from django.test import Client, override_settings

from bench.harness import measure, ratio

RUNS = 150
WHERE = [
    "LS1 4AP",
    "M1 1AE",
    "B1 1BB",
    "NE1 4ST",
    "BS1 5TR",
    "EX4 3SR",
    "NR2 1NH",
    "SW1A 1AA",
    "CB2 1TN",
    "L1 8JQ",
    "Leeds",
    "Derby",
    "Manchester",
    "Norwich",
]


def _inputs(count: int) -> list[tuple[str, list[str]]]:
    from throughcare.public.words import PLAIN_NEEDS

    rng = random.Random(18)
    slugs = [need.slug for need in PLAIN_NEEDS]
    return [(rng.choice(WHERE), rng.sample(slugs, rng.choice([0, 1, 1, 2]))) for _ in range(count)]


def _minimal_sql(place, filters) -> list:
    """The answer's service ids in one statement: the floor under any way of searching."""
    from throughcare.directory import search, term_codes
    from throughcare.directory.models import Location, Service, ServiceAtLocation, ServiceCoverage
    from throughcare.directory.vocabularies import CUSTODY_STAGES, NEEDS
    from throughcare.geography.distance import bounding_box

    find = "instr" if connection.vendor == "sqlite" else "strpos"
    contains = f"{find}(s.term_codes, %s) > 0"
    tokens_by_vocabulary = [
        [term_codes.token(NEEDS.code, code) for code in filters.need_codes],
        [term_codes.token(CUSTODY_STAGES.code, code) for code in filters.custody_stage_codes],
    ]
    term_sql, term_params = "", []
    for tokens in tokens_by_vocabulary:
        if tokens:
            term_sql += " AND (" + " OR ".join([contains] * len(tokens)) + ")"
            term_params += tokens
    box = bounding_box(place.latitude, place.longitude, search.DEFAULT_MILES)
    sql = (
        f"SELECT s.id FROM {Service._meta.db_table} s WHERE s.is_public AND s.status = %s{term_sql}"  # noqa: S608
        f" AND s.id IN (SELECT l.service_id FROM {ServiceAtLocation._meta.db_table} l"
        f" JOIN {Location._meta.db_table} loc ON loc.id = l.location_id"
        " WHERE loc.latitude BETWEEN %s AND %s AND loc.longitude BETWEEN %s AND %s"
        f" UNION ALL SELECT c.service_id FROM {ServiceCoverage._meta.db_table} c"
        " WHERE c.local_authority_code = %s"
        f" UNION ALL SELECT e.id FROM {Service._meta.db_table} e WHERE e.covers_england)"
    )
    params = ["active", *term_params, *box, place.local_authority_code or "-"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def run() -> None:
    from throughcare.directory import search
    from throughcare.directory.models import Service
    from throughcare.public.places import find_place
    from throughcare.public.views import PER_PAGE, _filters

    print(f"  data: {Service.objects.filter(is_public=True).count():,} public services")
    inputs = _inputs(RUNS + 10)
    places = {where: find_place(where)[0] for where in WHERE}

    searches, floors, pages = (itertools.cycle(inputs) for _ in range(3))

    def searched():
        where, needs = next(searches)
        results = search.search(_filters(needs), place=places[where], page=1, per_page=PER_PAGE)
        return [hit.service.name for hit in results.page.object_list]

    def floor():
        where, needs = next(floors)
        return _minimal_sql(places[where], _filters(needs))

    client = Client()

    def page():
        where, needs = next(pages)
        response = client.get("/support/", {"where": where, "need": needs})
        assert response.status_code == 200, response.status_code

    sizes = [len(_minimal_sql(places[where], _filters(needs))) for where, needs in inputs[:RUNS]]
    sizes.sort()
    print(f"  services in the answer before paging: median {sizes[len(sizes) // 2]}, largest {sizes[-1]}")
    minimal = measure("minimal raw SQL for the same answer (ids)", floor, repeat=RUNS)
    found = measure("search(): place + needs, first page of 10", searched, repeat=RUNS)
    ratio("search() / minimal raw SQL", found, minimal)
    # A benchmark is one client address; lift its rate limit rather than measure 429 pages.
    with override_settings(FIND_SUPPORT_RATE_LIMIT=(1_000_000, 60)):
        whole = measure("GET /support/ (the whole public page)", page, repeat=RUNS)
    ratio("GET /support/ / minimal raw SQL", whole, minimal)
