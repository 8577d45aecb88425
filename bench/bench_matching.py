"""Matching: varied needs profiles against the national directory, in-process and through the API.

Goals (issue): p95 <= 50 ms in-process on SQLite, <= 3x the bare SQL, and POST /api/v1/matches
p95 <= 100 ms. Memory: matching must not load the whole directory. Each run asks a different
profile (a district across England, one to three needs, a distance: bench/inputs.py), the same
sequence for match(), its bare SQL and the API, so their figures compare like with like.

"Bare SQL" is the least SQL that fetches what a match is worked out from, written here by hand and
run with a cursor: the district's place, the facts of every published service within reach that
works with one of the needs, and those services' locations. The benchmark checks that it finds the
same services match() weighs (matches and ruled-out together) before timing it.
"""

import itertools
import tracemalloc
import uuid

from django.db import connection
from django.test import Client

from bench.harness import goal, measure, ratio
from bench.inputs import match_profiles

# Enough runs that the 95th percentile is not set by two or three slow ones; one profile each.
REPEAT = 200
WARMUP = 10
GOAL_MS = 50
API_GOAL_MS = 100
RATIO_GOAL = 3.0


def _bare_sql(profile) -> list[tuple[str, list]]:
    """The statements, with their parameters, for one profile: hand-written, no ORM."""
    from throughcare.directory.models import DirectoryOrganisation, Location, Service, ServiceAtLocation
    from throughcare.directory.models import ServiceCoverage as Coverage
    from throughcare.directory.term_codes import token
    from throughcare.directory.vocabularies import NEEDS
    from throughcare.geography.models import PostcodeDistrict
    from throughcare.matching.candidate_sql import FACT_COLUMNS

    tables = {
        "service": Service._meta.db_table,
        "organisation": DirectoryOrganisation._meta.db_table,
        "location": Location._meta.db_table,
        "link": ServiceAtLocation._meta.db_table,
        "coverage": Coverage._meta.db_table,
        "district": PostcodeDistrict._meta.db_table,
    }
    contains = (
        "instr(s.term_codes, %s) > 0" if connection.vendor == "sqlite" else "strpos(s.term_codes, %s) > 0"
    )
    codes = sorted(set(profile.need_codes))
    # Names of tables and columns only go into the text; every value is a parameter.
    place = (
        f"SELECT latitude, longitude, local_authority_id FROM {tables['district']} WHERE code = %s",  # noqa: S608
        [],
    )
    reach = (
        f"SELECT l.service_id FROM {tables['link']} l"  # noqa: S608
        f" JOIN {tables['location']} loc ON loc.id = l.location_id"
        " WHERE loc.latitude BETWEEN %s AND %s AND loc.longitude BETWEEN %s AND %s"
        f" UNION SELECT c.service_id FROM {tables['coverage']} c WHERE c.local_authority_code = %s"
        f" UNION SELECT e.id FROM {tables['service']} e WHERE e.covers_england"
    )
    facts = (
        f"SELECT s.id, {', '.join(FACT_COLUMNS)},"  # noqa: S608
        f" EXISTS (SELECT 1 FROM {tables['coverage']} c WHERE c.service_id = s.id),"
        f" EXISTS (SELECT 1 FROM {tables['coverage']} c"
        " WHERE c.service_id = s.id AND c.local_authority_code = %s)"
        f" FROM {tables['service']} s JOIN {tables['organisation']} o ON o.id = s.organisation_id"
        f" WHERE s.is_public AND s.status = 'active' AND ({' OR '.join([contains] * len(codes))})"
        f" AND s.id IN ({reach})"
    )
    locations = (
        f"SELECT l.service_id, loc.latitude, loc.longitude, loc.postal_code FROM {tables['link']} l"  # noqa: S608
        f" JOIN {tables['location']} loc ON loc.id = l.location_id"
        " WHERE loc.latitude IS NOT NULL AND l.service_id IN (%s)"
    )
    return [place, (facts, [token(NEEDS.code, code) for code in codes]), (locations, [])]


def _bare_run(profile, statements) -> list[tuple]:
    """Run the statements for one profile; returns the facts rows."""
    from throughcare.geography.distance import bounding_box

    (place_sql, _), (facts_sql, tokens), (locations_sql, _) = statements
    with connection.cursor() as cursor:
        cursor.execute(place_sql, [profile.postcode.replace(" ", "").upper()])
        latitude, longitude, la_code = cursor.fetchone()
        box = bounding_box(latitude, longitude, profile.travel_miles)
        cursor.execute(facts_sql, [la_code, *tokens, *box, la_code])
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        if ids:
            cursor.execute(locations_sql.replace("%s", ", ".join(["%s"] * len(ids))), ids)
            cursor.fetchall()
    return rows


def _same_services(profiles, statements) -> int:
    """How many profiles the bare SQL finds exactly the services match() weighs for."""
    from throughcare.matching.engine import match

    agreeing = 0
    for profile, sql in zip(profiles, statements, strict=True):
        outcome = match(actor=None, profile=profile, record_unmet_need=False)
        weighed = {str(m.service.id) for m in outcome.matches} | {
            str(e.service.id) for e in outcome.exclusions
        }
        agreeing += weighed == {str(uuid.UUID(str(row[0]))) for row in _bare_run(profile, sql)}
    return agreeing


def run() -> None:
    from throughcare.accounts.models import User
    from throughcare.accounts.services import token_issue
    from throughcare.directory.models import Location, Service
    from throughcare.matching.engine import match
    from throughcare.matching.profile import NeedsProfile

    print(f"  directory: {Service.objects.count():,} services at {Location.objects.count():,} locations")
    fields = match_profiles(REPEAT)
    profiles = [NeedsProfile(**f) for f in fields]
    statements = [_bare_sql(p) for p in profiles]
    sizes = [len(match(actor=None, profile=p, record_unmet_need=False).matches) for p in profiles]
    print(
        f"  {len(profiles)} profiles in {len({f['postcode'] for f in fields})} districts: "
        f"{sum(not n for n in sizes)} with no match, median {sorted(sizes)[len(sizes) // 2]} matches"
    )
    print(
        f"  bare SQL finds the services match() weighs for {_same_services(profiles, statements)} "
        f"of {len(profiles)} profiles"
    )

    def each_profile(action):
        """An action taking one profile, run over the profiles in order (warm-up runs included)."""
        queue = itertools.cycle(range(len(profiles)))
        return lambda: action(next(queue))

    engine = measure(
        "match(), varied profiles",
        each_profile(lambda i: match(actor=None, profile=profiles[i], record_unmet_need=False)),
        repeat=REPEAT,
        warmup=WARMUP,
    )
    bare = measure(
        "bare SQL for the same answer, varied profiles",
        each_profile(lambda i: _bare_run(profiles[i], statements[i])),
        repeat=REPEAT,
        warmup=WARMUP,
    )
    engine["ratio"] = ratio("match() / bare SQL", engine, bare)

    practitioner = User.objects.get(email="practitioner@demo.throughcare.example")
    secret = token_issue(actor=None, user=practitioner, name="bench", days=1).secret
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    served = measure(
        "POST /api/v1/matches, varied profiles",
        each_profile(lambda i: api.post("/api/v1/matches", fields[i], content_type="application/json")),
        repeat=REPEAT,
        warmup=WARMUP,
    )
    if connection.vendor == "sqlite":
        goal("match() in-process (SQLite)", engine, GOAL_MS)
    goal("match() / bare SQL", engine, RATIO_GOAL, key="ratio")
    goal("POST /api/v1/matches (test client)", served, API_GOAL_MS)

    tracemalloc.start()
    match(actor=None, profile=profiles[0], record_unmet_need=False)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  peak Python memory for one match: {peak / 1024 / 1024:.1f} MiB")
