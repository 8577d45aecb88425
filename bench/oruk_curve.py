"""The Open Referral feed's cost as the directory grows: a random /services page, and a search (a
postcode and 10 miles, nearest first, first page), at 5,000 to 40,000 published services. Goal: flat,
the 40,000-service p95 within 1.5x of the 5,000-service one.

The generated locations are spread evenly, so a search's answer grows with the directory: at 40,000
services eight times as many are within 10 miles as at 5,000, and nearest first must measure all of
them. The curve prints that count beside the times, so a rise can be read against it.

Run on its own, against a scratch SQLite database it fills itself (about a minute):
`.venv/bin/python -m bench.oruk_curve` (set BENCH_DATABASE_URL for PostgreSQL; it must be a
database you can spare: services are added and hidden in it). Prints median, p95 and the ratio.
"""

import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (5_000, 10_000, 20_000, 40_000)
RUNS = 150
PER_PAGE = 50
SEARCH_METRES = 16_000  # 10 miles
# Places inside the generated locations' spread (latitude 50.5 to 54.5, longitude -3.5 to 0.5).
SEARCH_DISTRICTS = ("LS1", "M1", "B1", "NG1", "CB2", "BS1", "SO14", "OX1", "LE1", "SK1")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # One client asks hundreds of times a minute: measure answers, not 429s.
    os.environ.setdefault("OPENREFERRAL_RATE_LIMIT_REQUESTS", "1000000")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'oruk-curve.sqlite3'}"
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from throughcare.geography.models import PostcodeDistrict

    if not PostcodeDistrict.objects.exists():  # the search measures from postcodes
        call_command("import_geography", "--quiet")


def _ensure(count: int) -> None:
    from bench.bench_oruk import _generate
    from throughcare.directory.models import Service

    have = Service.objects.filter(name__startswith="Bench service").count()
    if have < count:
        _generate(count - have)


def _publish(count: int) -> None:
    """Exactly `count` bench services published, the rest hidden, spread through the name order."""
    from django.db import connection

    from throughcare.directory.models import Service

    ids = list(
        Service.objects.filter(name__startswith="Bench service").order_by("id").values_list("id", flat=True)
    )
    shown = set(ids[:count])
    Service.objects.filter(id__in=list(shown)[:30000]).update(is_public=True)
    Service.objects.filter(id__in=list(shown)[30000:]).update(is_public=True)
    hidden = [i for i in ids if i not in shown]
    for start in range(0, len(hidden), 30000):
        Service.objects.filter(id__in=hidden[start : start + 30000]).update(is_public=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    _setup()
    from django.test import Client

    from bench.harness import machine_steadiness, measure

    machine_steadiness()
    _ensure(max(SIZES))
    client = Client()
    rng = random.Random(400)
    pages_at, searches_at = {}, {}
    for size in SIZES:
        _publish(size)
        pages = size // PER_PAGE

        def random_page(pages=pages):
            response = client.get(
                "/openreferral/services", {"page": rng.randint(1, pages), "per_page": PER_PAGE}
            )
            assert response.status_code == 200

        def search():
            query = {
                "postcode": rng.choice(SEARCH_DISTRICTS),
                "proximity": SEARCH_METRES,
                "per_page": PER_PAGE,
            }
            response = client.get("/openreferral/services", query)
            assert response.status_code == 200
            return response.json()["total_items"]

        found = sorted(search() for _ in SEARCH_DISTRICTS)
        print(f"  {size:,} published: services within 10 miles, median {found[len(found) // 2]:,}")
        pages_at[size] = measure(
            f"random page of {PER_PAGE}, {size:,} published services", random_page, repeat=RUNS
        )
        searches_at[size] = measure(f"search, 10 miles, {size:,} published services", search, repeat=RUNS)
    for name, results in (("random page", pages_at), ("search", searches_at)):
        first = results[SIZES[0]]["p95_ms"]
        for size in SIZES[1:]:
            label = f"{name}: p95 at {size:,} over p95 at {SIZES[0]:,}"
            print(f"  {label:<58} ratio {results[size]['p95_ms'] / first:6.2f}x")


if __name__ == "__main__":
    sys.exit(main())
