"""Open Referral UK: /openreferral/services pages at national scale, query counts, a 20,000-service import.

Targets: a /services page of 50 at p95 <= 100 ms with 20,000 published services; the same number
of queries whatever the page size; import_oruk of a 20,000-service JSON file in <= 60 s (SQLite).
The benchmark database normally holds the national demo directory; if it holds fewer than 20,000
published services, the shortfall is generated here, and rolled back once the feed file is written.
The import commits batch by batch as `manage.py import_oruk` does (timing it inside one transaction
would skip every commit); the imported copy is deleted afterwards.
"""

import json
import random
import resource
import tempfile
import time
import uuid
from pathlib import Path

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import measure, ratio

TARGET_SERVICES = 20_000
PAGE = 50
REKEY = uuid.UUID("a4c1f0d2-7e3b-4b8a-9c55-1d2e3f405162")
# Keys whose values are our records' ids (re-keyed for the import copy); taxonomy ids stay shared.
ID_KEYS = {
    "id",
    "service_id",
    "organization_id",
    "location_id",
    "service_at_location_id",
    "contact_id",
    "link_id",
}


def _generate(count: int) -> None:
    """Published services with two locations each, their terms and funding, bulk-inserted."""
    from throughcare.directory.models import (
        DirectoryOrganisation,
        Funding,
        Location,
        Service,
        ServiceAtLocation,
        TaxonomyTerm,
    )

    rng = random.Random(20_000)
    terms = list(TaxonomyTerm.objects.filter(taxonomy__code__in=["need", "delivery", "referral_route"]))
    organisations = [
        DirectoryOrganisation(
            id=uuid.UUID(int=rng.getrandbits(128)), name=f"Bench provider {n}", description=""
        )
        for n in range(max(1, count // 10))
    ]
    services, locations, links, funding, chosen = [], [], [], [], []
    for n in range(count):
        organisation = organisations[n % len(organisations)]
        service = Service(
            id=uuid.UUID(int=rng.getrandbits(128)),
            organisation=organisation,
            name=f"Bench service {n:05d}",
            description="Generated for the Open Referral benchmark: anxiety, depression and trauma support.",
            tier=rng.choice(["wellbeing", "primary", "secondary", "specialist"]),
            capacity_maximum=20,
            capacity_available=rng.randint(0, 20),
            typical_wait_days=rng.choice([None, 7, 28]),
        )
        services.append(service)
        chosen += [(service.id, term.id) for term in rng.sample(terms, 4)]
        for _ in range(2):
            location = Location(
                id=uuid.UUID(int=rng.getrandbits(128)),
                organisation=organisation,
                name=f"Bench hub {n}",
                address_1="1 Bench Street",
                city="Leeds",
                postal_code="LS1 4AP",
                latitude=rng.uniform(50.5, 54.5),
                longitude=rng.uniform(-3.5, 0.5),
            )
            locations.append(location)
            links.append(
                ServiceAtLocation(id=uuid.UUID(int=rng.getrandbits(128)), service=service, location=location)
            )
        funding.append(Funding(service=service, source="Bench grant"))
    through = Service.terms.through
    for model, rows in (
        (DirectoryOrganisation, organisations),
        (Service, services),
        (Location, locations),
        (ServiceAtLocation, links),
        (Funding, funding),
        (through, [through(service_id=s, taxonomyterm_id=t) for s, t in chosen]),
    ):
        model.objects.bulk_create(rows, batch_size=2000)


def _rekeyed(value):
    """A copy of a published service with every id of ours replaced, so importing it creates records."""
    if isinstance(value, list):
        return [_rekeyed(item) for item in value]
    if not isinstance(value, dict):
        return value
    copy = {}
    for key, item in value.items():
        if key == "taxonomy_term":
            copy[key] = item
        elif key in ID_KEYS and isinstance(item, str):
            copy[key] = str(uuid.uuid5(REKEY, item))
        else:
            copy[key] = _rekeyed(item)
    return copy


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def _api(total: int) -> None:
    from throughcare.directory.oruk.serialisers import published_services
    from throughcare.directory.vocabularies import NEEDS
    from throughcare.geography.models import PostcodeDistrict

    client = Client()
    base = "/openreferral/services"
    first = measure(
        f"GET {base}?per_page={PAGE} (page 1 of {total:,} services)",
        lambda: client.get(f"{base}?per_page={PAGE}"),
        repeat=200,
    )
    deep = total // PAGE // 2
    deeper = measure(
        f"GET {base}?per_page={PAGE}&page={deep}",
        lambda: client.get(f"{base}?per_page={PAGE}&page={deep}"),
        repeat=100,
    )
    ratio("page in the middle / first page", deeper, first)
    full = measure(
        f"GET {base}?per_page={PAGE}&full=true",
        lambda: client.get(f"{base}?per_page={PAGE}&full=true"),
        repeat=50,
    )
    ratio("full page / one-to-one page", full, first)
    term = NEEDS.term_id("anxiety")
    measure(
        f"GET {base}?taxonomy_term_id=(a need)",
        lambda: client.get(f"{base}?per_page={PAGE}&taxonomy_term_id={term}"),
        repeat=100,
    )
    measure(
        f"GET {base}?search=anxiety", lambda: client.get(f"{base}?per_page={PAGE}&search=anxiety"), repeat=100
    )
    one = published_services().order_by("id").values_list("id", flat=True).first()
    measure(f"GET {base}/{{id}} (fully nested)", lambda: client.get(f"{base}/{one}"), repeat=200)
    measure(
        f"GET {base}?minimal=true (all {total:,} in one page)",
        lambda: client.get(f"{base}?minimal=true"),
        repeat=10,
        warmup=2,
    )
    district = PostcodeDistrict.objects.filter(code="LS1").first() or PostcodeDistrict.objects.first()
    if district is not None:
        url = f"{base}?per_page={PAGE}&postcode={district.code}&proximity=16000"
        measure(
            f"GET {base}?postcode={district.code}&proximity=16000 (10 miles)",
            lambda: client.get(url),
            repeat=100,
        )
        measure(
            f"GET {base}?postcode={district.code} (covering)",
            lambda: client.get(f"{base}?per_page={PAGE}&postcode={district.code}"),
            repeat=100,
        )
    for label, query in (("one-to-one", ""), ("full", "&full=true")):
        counts = {size: _queries(client, f"{base}?per_page={size}{query}") for size in (10, 50)}
        print(f"  queries for a {label} page: {counts[10]} at per_page=10, {counts[50]} at per_page=50")


def _write_feed(path: Path) -> tuple[list[str], list[str]]:
    """A JSON file of up to 20,000 published services, re-keyed so importing it creates records;
    returns the new services' and organisations' ids, to remove them afterwards."""
    from throughcare.directory.oruk.loading import with_full_prefetch
    from throughcare.directory.oruk.serialisers import full_services, published_services

    started = time.perf_counter()
    ids = list(published_services().order_by("id").values_list("id", flat=True)[:TARGET_SERVICES])
    feed = []
    for start in range(0, len(ids), 500):
        batch = list(with_full_prefetch(published_services().filter(id__in=ids[start : start + 500])))
        feed += [_rekeyed(service) for service in full_services(batch)]
    path.write_text(json.dumps(feed))
    took = time.perf_counter() - started
    print(f"  feed of {len(feed):,} services written in {took:.1f}s ({path.stat().st_size / 1e6:.0f} MB)")
    organisations = {service["organization"]["id"] for service in feed if service.get("organization")}
    return [service["id"] for service in feed], sorted(organisations)


def _import(path: Path) -> None:
    """Import the file twice, as `manage.py import_oruk` does: each batch commits in its own transaction."""
    from throughcare.directory.oruk.importing import import_services
    from throughcare.directory.oruk.sources import records_from

    for label in ("import_oruk, all new", "import_oruk again, all unchanged"):
        started = time.perf_counter()
        report = import_services(records_from(str(path)), source=str(path))
        took = time.perf_counter() - started
        print(f"  {label:<58} {took:8.1f} s  (target <= 60 s): {report.summary}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of this process so far: {peak:,.0f} MB")


def _remove_imported(service_ids: list[str], organisation_ids: list[str]) -> None:
    """Delete the imported copy (its services, their locations and links, its organisations), so the
    benchmark database is left as it was; the import's audit events stay, as audit events do."""
    from throughcare.directory.models import DirectoryOrganisation, Location, Service

    started = time.perf_counter()
    for start in range(0, len(service_ids), 500):
        with transaction.atomic():
            Service.objects.filter(id__in=service_ids[start : start + 500]).delete()
    for start in range(0, len(organisation_ids), 500):
        with transaction.atomic():
            batch = organisation_ids[start : start + 500]
            Location.objects.filter(organisation_id__in=batch).delete()
            DirectoryOrganisation.objects.filter(id__in=batch).delete()
    print(f"  imported copy removed in {time.perf_counter() - started:.1f}s")


def run() -> None:
    from throughcare.directory.oruk.serialisers import published_services

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "services.json"
        with transaction.atomic():
            shortfall = TARGET_SERVICES - published_services().count()
            if shortfall > 0:
                started = time.perf_counter()
                _generate(shortfall)
                print(
                    f"  generated {shortfall:,} services for this run in {time.perf_counter() - started:.1f}s"
                )
            _api(published_services().count())
            created = _write_feed(path)
            transaction.set_rollback(True)  # the generated services go; the feed file stays
        # Outside any transaction of ours, so each batch commits as it does for the real command.
        try:
            _import(path)
        finally:
            _remove_imported(*created)
