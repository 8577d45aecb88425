"""The Open Referral feed's cost as the directory grows: a random /services page at 5,000 to 40,000
published services. Goal: flat, the 40,000-service p95 within 1.5x of the 5,000-service one.

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


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'oruk-curve.sqlite3'}"
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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
    results = {}
    for size in SIZES:
        _publish(size)
        pages = size // PER_PAGE

        def random_page(pages=pages):
            response = client.get(
                "/openreferral/services", {"page": rng.randint(1, pages), "per_page": PER_PAGE}
            )
            assert response.status_code == 200

        results[size] = measure(
            f"random page of {PER_PAGE}, {size:,} published services", random_page, repeat=RUNS
        )
    first = results[SIZES[0]]["p95_ms"]
    for size in SIZES[1:]:
        label = f"p95 at {size:,} over p95 at {SIZES[0]:,}"
        print(f"  {label:<58} ratio {results[size]['p95_ms'] / first:6.2f}x")


if __name__ == "__main__":
    sys.exit(main())
