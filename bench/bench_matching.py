"""Matching: one needs profile against the national directory, in-process and through the API.

Goals (issue): p95 <= 50 ms in-process on SQLite, <= 3x the bare SQL candidate query, and
POST /api/v1/matches p95 <= 100 ms. Memory: matching must not load the whole directory.
"""

import tracemalloc

from django.test import Client

from bench.harness import measure, ratio

# Enough runs that the 95th percentile is not set by two or three slow ones.
REPEAT = 200

PROFILES = {
    "Leeds city centre, 10 miles": {"postcode": "LS1 4AP", "need_codes": ["anxiety", "depression"]},
    "Birmingham, dual diagnosis": {
        "postcode": "B1",
        "need_codes": ["substance_use"],
        "uses_substances": True,
    },
    "rural Cumbria, 20 miles": {"postcode": "CA17", "travel_miles": 20, "need_codes": ["trauma"]},
}


def run() -> None:
    from django.db.models import Q

    from throughcare.accounts.models import User
    from throughcare.accounts.services import token_issue
    from throughcare.directory.models import Location, Service, ServiceAtLocation, ServiceCoverage
    from throughcare.directory.term_codes import token
    from throughcare.directory.vocabularies import NEEDS
    from throughcare.geography.distance import bounding_box
    from throughcare.geography.geocoding import get_geocoder
    from throughcare.matching.candidate_sql import FACT_FIELDS
    from throughcare.matching.engine import match
    from throughcare.matching.profile import NeedsProfile

    print(f"  directory: {Service.objects.count():,} services at {Location.objects.count():,} locations")
    practitioner = User.objects.get(email="practitioner@demo.throughcare.example")
    secret = token_issue(actor=None, user=practitioner, name="bench", days=1).secret
    api = Client(headers={"Authorization": f"Bearer {secret}"})

    for label, fields in PROFILES.items():
        profile = NeedsProfile(referral_routes=["probation", "self"], **fields)
        outcome = match(actor=None, profile=profile, record_unmet_need=False)
        print(f"  {label}: {len(outcome.matches)} matches, {len(outcome.exclusions)} ruled out")
        engine = measure(
            f"match() {label}",
            lambda p=profile: match(actor=None, profile=p, record_unmet_need=False),
            repeat=REPEAT,
        )

        place = get_geocoder().locate(profile.postcode)
        box = bounding_box(place.latitude, place.longitude, profile.travel_miles)
        works_with_needs = Q()
        for code in profile.need_codes:
            works_with_needs |= Q(term_codes__contains=token(NEEDS.code, code))

        def bare_candidates(box=box, place=place, works_with_needs=works_with_needs):
            # The candidate services' fact columns in one plain query: what matching cannot do without.
            near = ServiceAtLocation.objects.filter(
                location__latitude__range=box[:2], location__longitude__range=box[2:]
            ).values("service_id")
            covering = ServiceCoverage.objects.filter(local_authority_code=place.local_authority_code)
            return list(
                Service.objects.filter(status="active", is_public=True)
                .filter(Q(id__in=near) | Q(id__in=covering.values("service_id")) | Q(covers_england=True))
                .filter(works_with_needs)
                .order_by()
                .values_list(*FACT_FIELDS)
            )

        bare = measure(f"bare SQL candidate query {label}", bare_candidates, repeat=REPEAT)
        ratio(f"match() / bare SQL {label}", engine, bare)
        measure(
            f"POST /api/v1/matches {label}",
            lambda f=fields: api.post(
                "/api/v1/matches",
                {**f, "referral_routes": ["probation", "self"]},
                content_type="application/json",
            ),
            repeat=REPEAT,
        )

    tracemalloc.start()
    match(
        actor=None,
        profile=NeedsProfile(referral_routes=["probation"], **PROFILES["Leeds city centre, 10 miles"]),
        record_unmet_need=False,
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  peak Python memory for one match: {peak / 1024 / 1024:.1f} MiB")
