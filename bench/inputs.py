"""Varied inputs for benchmarks: many different needs profiles and places, not a few repeated.

A benchmark that asks the same three questions two hundred times measures the database's cache and
the interpreter's warm paths for those three answers. These draw different places across England and
different needs each time, from a seeded generator, so every run of a benchmark asks the same
sequence and two runs can be compared.
"""

import random

SEED = 20_261_206
# How far people can travel, as the matching pages offer it, weighted towards the default of 10.
TRAVEL_MILES = (5, 10, 10, 10, 20)
ROUTES = (["probation", "self"], ["probation"], ["self"], ["gp", "self"], ["prison", "probation"])


def english_districts(count: int, rng: random.Random) -> list[str]:
    """`count` postcode districts in England that name their local authority, spread across it."""
    from throughcare.geography.models import Country, PostcodeDistrict

    codes = list(
        PostcodeDistrict.objects.filter(country=Country.ENGLAND, local_authority__isnull=False)
        .order_by("code")
        .values_list("code", flat=True)
    )
    if not codes:
        raise RuntimeError("No English postcode districts: run `manage.py import_geography` first.")
    return rng.sample(codes, count) if count <= len(codes) else rng.choices(codes, k=count)


def match_profiles(count: int, *, seed: int = SEED) -> list[dict]:
    """`count` needs profiles as POST /api/v1/matches takes them: a district, one to three needs,
    a distance, and now and then substance use, risk to self or an age."""
    from throughcare.directory.vocabularies import NEEDS

    rng = random.Random(seed)
    needs = sorted(NEEDS.codes)
    profiles = []
    for postcode in english_districts(count, rng):
        profile: dict = {
            "postcode": postcode,
            "travel_miles": rng.choice(TRAVEL_MILES),
            "need_codes": rng.sample(needs, rng.choice((1, 1, 2, 3))),
            "referral_routes": rng.choice(ROUTES),
        }
        if rng.random() < 0.3:
            profile["uses_substances"] = True
        if rng.random() < 0.2:
            profile["risk_to_self"] = True
        if rng.random() < 0.5:
            profile["age"] = rng.randint(18, 70)
        profiles.append(profile)
    return profiles
