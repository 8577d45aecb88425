"""Demonstration directory: named services for the demo sign-ins, and national volumes for benchmarks.

Small scale creates about thirty realistic (fictional) services in the demo's three areas through
the ordinary service functions (their catalogues are in `throughcare/demo/catalogue_*.py`).
National scale bulk-inserts services at locations spread over England's postcode districts, with
the same spread of tiers, needs, exclusions and funding.
"""

from dataclasses import replace
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from throughcare.accounts.models import Organisation
from throughcare.directory import services
from throughcare.directory.details import LocationDetails
from throughcare.directory.models import (
    DirectoryFeed,
    DirectoryOrganisation,
    FeedRun,
    FeedSchedule,
    Funding,
    Location,
    Service,
    ServiceAtLocation,
    ServiceCoverage,
    TaxonomyTerm,
)
from throughcare.directory.term_codes import term_codes_text
from throughcare.directory.vocabularies import (
    COMMUNITIES,
    CUSTODY_STAGES,
    DELIVERY,
    NEEDS,
    REFERRAL_ROUTES,
    TIERS,
)
from throughcare.geography.models import LocalAuthority, PostcodeDistrict

NATIONAL_SERVICES = 20_000
LOCATIONS_PER_SERVICE = 2


def _area_catalogues():
    from throughcare.demo.areas import DERBY, LEEDS, MANCHESTER
    from throughcare.demo.catalogue_derby import derby_services
    from throughcare.demo.catalogue_north import leeds_services, manchester_services

    return [(DERBY, derby_services()), (LEEDS, leeds_services()), (MANCHESTER, manchester_services())]


def seed_small_directory(ctx) -> None:
    """Each demo area's services, with an office at one of its real postcode districts each."""
    from throughcare.demo.areas import area_districts
    from throughcare.demo.catalogue import AREA_PLACEHOLDER

    created = 0
    for area, catalogue in _area_catalogues():
        districts = area_districts(area)
        if not districts:
            continue  # the gazetteer is not loaded: a service needs a real place
        owners = {
            side: services.directory_organisation_for(actor=None, owner=owner)
            for side, owner in (
                ("vcse", Organisation.objects.get(code=area.vcse)),
                ("nhs", Organisation.objects.get(code=area.nhs)),
            )
        }
        for n, (side, details) in enumerate(catalogue):
            if AREA_PLACEHOLDER in details.local_authority_codes:
                details = replace(details, local_authority_codes=list(area.local_authority_codes))
            organisation = owners[side]
            service = services.service_create(actor=None, organisation=organisation, details=details)
            district = districts[n % len(districts)]
            town, street = district.town or area.town, STREETS[n % len(STREETS)]
            location = services.location_create(
                actor=None,
                organisation=organisation,
                details=LocationDetails(
                    name=f"{organisation.name}, {street}, {town}",
                    postal_code=district.code,
                    address_1=f"{10 + n} {street}",
                    city=town,
                ),
            )
            services.service_location_link(actor=None, service=service, location=location)
            created += 1
    # Two entries have not been checked for a while, so the stale reminder has something to show.
    for name in ("Neurodiversity Navigators", "Salford Neurodiversity Hub"):
        stale = Service.objects.filter(name=name).first()
        if stale:
            services.service_confirm(actor=None, service=stale, on=timezone.localdate() - timedelta(days=120))
    ctx.counts["services"] = ctx.counts.get("services", 0) + created
    seed_demo_feeds()


def seed_demo_feeds() -> None:
    """Two council feeds with a few days of runs, one working and one failing, so the feed health
    page has something to show. Their addresses are on the reserved .example domain, so a demo's
    scheduled sync records a failure for each rather than reaching anyone's server."""
    now = timezone.now()
    histories = (
        ("Example Borough Council services", "https://directory.example-borough.example/openreferral", True),
        ("Example County family services (ORUK 1.0)", "https://services.example-county.example/api", False),
    )
    for name, url, working in histories:
        feed, made = DirectoryFeed.objects.get_or_create(
            url=url, defaults={"name": name, "every_hours": FeedSchedule.DAILY, "next_due_at": now}
        )
        if not made:
            continue
        for days_ago in (3, 2, 1):
            started = now - timedelta(days=days_ago)
            failed = not working and days_ago == 1
            FeedRun.objects.create(
                feed=feed,
                started_at=started,
                finished_at=started + timedelta(seconds=40),
                succeeded=not failed,
                created=120 if days_ago == 3 else 0,
                updated=0 if days_ago == 3 else 4,
                unchanged=0 if days_ago == 3 else 116,
                refused=2,
                retired=1 if days_ago == 1 and working else 0,
                not_kept=35,
                message=(
                    f"Could not read {url}: Server error '503 Service Unavailable'"
                    if failed
                    else "record 17 (41): service_at_locations[0].location.latitude: The latitude must be "
                    "decimal degrees from -90 to 90."
                ),
            )
        last_good = now - timedelta(days=1 if working else 2)
        DirectoryFeed.objects.filter(id=feed.id).update(
            last_success_at=last_good, last_failure_at=None if working else now - timedelta(days=1)
        )


STREETS = ("High Street", "Station Road", "Church Street", "Victoria Road", "Mill Lane", "Park Road")


def seed_national_directory(ctx) -> None:
    """20,000 services at 40,000 locations across England, bulk-inserted."""
    from throughcare.demo.seeding import SCALES

    total = SCALES[ctx.scale].get("services", 0)
    districts = list(
        PostcodeDistrict.objects.filter(country="ENG", local_authority__isnull=False).values_list(
            "code", "latitude", "longitude", "local_authority_id", "town"
        )
    )
    if not total or not districts:
        return
    rng = ctx.rng
    icb_of = dict(LocalAuthority.objects.filter(icb__isnull=False).values_list("code", "icb_id"))
    providers = list(
        Organisation.objects.filter(kind__in=["vcse_provider", "nhs_provider"])
        .exclude(code__startswith="demo")
        .order_by("code")
    )
    directory_orgs = [
        DirectoryOrganisation(id=ctx.uuid(), name=p.name, description=f"{p.name} (fictional)", owner=p)
        for p in providers
    ]
    term_ids = {
        (t.taxonomy.code, t.code): t.id
        for t in TaxonomyTerm.objects.select_related("taxonomy").filter(taxonomy__code__isnull=False)
    }
    today = timezone.localdate()
    rows = {"services": [], "locations": [], "links": [], "terms": [], "coverage": [], "funding": []}
    through = Service.terms.through
    for n in range(total):
        tier = rng.choices(sorted(TIERS.codes), weights=[4, 3, 2, 1])[0]
        capacity_maximum = rng.choice([None, 10, 20, 40, 100])
        funding_end = today + timedelta(days=rng.randint(-30, 900)) if rng.random() < 0.7 else None
        service = Service(
            id=ctx.uuid(),
            organisation=rng.choice(directory_orgs),
            name=f"Demo service {n + 1:05d}",
            description="A fictional service generated for benchmarks.",
            tier=tier,
            minimum_age=rng.choice([None, 16, 18]),
            maximum_age=rng.choice([None, None, 65]),
            gender=rng.choices(["any", "women", "men"], weights=[8, 1, 1])[0],
            accepts_current_substance_use=rng.random() < 0.6,
            highest_risk_to_others=rng.choice([2, 3, 4, 4]),
            accepts_risk_to_self=rng.random() < 0.7,
            requires_gp_registration=rng.random() < 0.3,
            statutory_referrals_only=rng.random() < 0.1,
            covers_england=rng.random() < 0.02,
            capacity_maximum=capacity_maximum,
            capacity_available=rng.randint(0, capacity_maximum) if capacity_maximum else None,
            capacity_unit="places" if capacity_maximum else "",
            typical_wait_days=rng.choice([None, 7, 14, 28, 56, 126, 180]),
            funding_ends_on=funding_end,
            last_confirmed_on=today - timedelta(days=rng.randint(0, 200)),
        )
        rows["services"].append(service)
        codes = {("tier", tier)}
        codes |= {("need", c) for c in rng.sample(sorted(NEEDS.codes), rng.randint(1, 4))}
        codes |= {("referral_route", c) for c in rng.sample(sorted(REFERRAL_ROUTES.codes), rng.randint(1, 4))}
        codes |= {("delivery", c) for c in rng.sample(sorted(DELIVERY.codes), rng.randint(1, 4))}
        if rng.random() < 0.3:
            codes.add(("custody_stage", rng.choice(sorted(CUSTODY_STAGES.codes))))
        if rng.random() < 0.08:
            codes.add(("community", rng.choice(sorted(COMMUNITIES.codes))))
        chosen = [term_ids[c] for c in codes if c in term_ids]
        rows["terms"].extend(through(service_id=service.id, taxonomyterm_id=t) for t in chosen)
        service.term_codes = term_codes_text(chosen)  # bulk_create sends no signal to keep it
        covered = set()
        for _ in range(LOCATIONS_PER_SERVICE):
            code, lat, lon, la_code, town = rng.choice(districts)
            location = Location(
                id=ctx.uuid(),
                organisation=service.organisation,
                name=f"{town or code} centre",
                postal_code=code,
                latitude=lat + rng.uniform(-0.02, 0.02),
                longitude=lon + rng.uniform(-0.03, 0.03),
                local_authority_code=la_code,
                address_1=f"{rng.randint(1, 200)} Demo Street",
                city=town,
            )
            rows["locations"].append(location)
            rows["links"].append(ServiceAtLocation(id=ctx.uuid(), service=service, location=location))
            covered.add(la_code)
        if rng.random() < 0.15 and icb_of.get(la_code):
            covered |= {la for la, icb in icb_of.items() if icb == icb_of[la_code]}
        rows["coverage"].extend(ServiceCoverage(service=service, local_authority_code=la) for la in covered)
        if funding_end:
            rows["funding"].append(
                Funding(
                    service=service,
                    source=rng.choice(
                        [
                            "ICB grant",
                            "Local authority contract",
                            "National Lottery",
                            "PCC grant",
                            "NHS England",
                        ]
                    ),
                    ends_on=funding_end,
                )
            )
    _bulk_insert(ctx, directory_orgs, rows)
    ctx.counts["services"] = ctx.counts.get("services", 0) + total
    ctx.counts["locations"] = len(rows["locations"])


def _bulk_insert(ctx, directory_orgs, rows) -> None:
    batches = [
        (DirectoryOrganisation, directory_orgs),
        (Service, rows["services"]),
        (Location, rows["locations"]),
        (ServiceAtLocation, rows["links"]),
        (Service.terms.through, rows["terms"]),
        (ServiceCoverage, rows["coverage"]),
        (Funding, rows["funding"]),
    ]
    with transaction.atomic(), ctx.bar(sum(len(r) for _, r in batches), "directory") as bar:
        for model, items in batches:
            for start in range(0, len(items), 5000):
                model.objects.bulk_create(items[start : start + 5000], batch_size=1000)
                bar.update(len(items[start : start + 5000]))
