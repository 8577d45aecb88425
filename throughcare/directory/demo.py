"""Demonstration directory: named services for the demo sign-ins, and national volumes for benchmarks.

Small scale creates a dozen realistic (fictional) services through the ordinary service functions,
around the demo probation delivery unit. National scale bulk-inserts services at locations spread
over England's postcode districts, with the same spread of tiers, needs, exclusions and funding.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from throughcare.accounts.models import Organisation
from throughcare.directory import services
from throughcare.directory.details import FundingDetails, LocationDetails, ServiceDetails
from throughcare.directory.models import (
    DirectoryOrganisation,
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


def _weeks(n: int) -> date:
    return timezone.localdate() + timedelta(weeks=n)


def _small_catalogue(area_codes: list[str]) -> list[tuple[str, ServiceDetails]]:
    """(owner organisation code, details) for the named demo services."""
    local = {"local_authority_codes": area_codes}
    return [
        (
            "demo-vcse",
            ServiceDetails(
                name="Women's Wellbeing Hub",
                tier="wellbeing",
                description="Drop-in and one-to-one support for women, alongside help with domestic abuse "
                "and "
                "relationships. Run by women with lived experience of the justice system.",
                need_codes=["emotional_wellbeing", "domestic_abuse", "relationships", "trauma"],
                referral_route_codes=["self", "probation", "prison", "vcse"],
                custody_stage_codes=["post_release", "community_sentence"],
                delivery_codes=["one_to_one", "group", "face_to_face", "peer_led", "lived_experience_staff"],
                community_codes=["women"],
                gender="women",
                minimum_age=18,
                capacity_available=6,
                capacity_maximum=20,
                capacity_unit="places",
                typical_wait_days=7,
                funding=[FundingDetails("National Lottery", None, _weeks(8))],
                **local,
            ),
        ),
        (
            "demo-vcse",
            ServiceDetails(
                name="Dual Diagnosis Recovery Group",
                tier="primary",
                description="Weekly groups and one-to-one sessions for people whose drug or alcohol use "
                "and mental "
                "health are tangled together. Current use is not a barrier.",
                need_codes=["substance_use", "anxiety", "depression"],
                referral_route_codes=["self", "probation", "gp"],
                custody_stage_codes=["post_release", "community_sentence"],
                delivery_codes=["group", "one_to_one", "face_to_face", "peer_led"],
                minimum_age=18,
                capacity_available=0,
                capacity_maximum=12,
                capacity_unit="places",
                typical_wait_days=28,
                funding=[FundingDetails("Police and Crime Commissioner grant", None, _weeks(40))],
                **local,
            ),
        ),
        (
            "demo-vcse",
            ServiceDetails(
                name="Sahara Culturally Informed Counselling",
                tier="primary",
                description="Counselling led by and for Black and Asian communities, in English, Urdu and "
                "Punjabi.",
                need_codes=["anxiety", "depression", "trauma", "bereavement"],
                referral_route_codes=["self", "probation", "vcse"],
                delivery_codes=["one_to_one", "face_to_face", "online", "interpreters"],
                community_codes=["black", "asian", "racially_minoritised"],
                languages=["Urdu", "Punjabi"],
                accepts_current_substance_use=False,
                minimum_age=16,
                typical_wait_days=21,
                capacity_available=4,
                capacity_maximum=15,
                capacity_unit="clients",
                funding=[FundingDetails("ICB grant", None, _weeks(60))],
                **local,
            ),
        ),
        (
            "demo-vcse",
            ServiceDetails(
                name="Neurodiversity Navigators",
                tier="wellbeing",
                description="Practical and emotional support for autistic people and people with ADHD or a "
                "learning disability, with adjusted appointments and easy-read information.",
                need_codes=["neurodivergence", "emotional_wellbeing"],
                referral_route_codes=["self", "probation", "prison"],
                delivery_codes=["one_to_one", "face_to_face", "phone", "neurodivergence_adaptations"],
                typical_wait_days=14,
                radius_miles=15,
            ),
        ),
        (
            "demo-nhs",
            ServiceDetails(
                name="Riverside Talking Therapies",
                tier="primary",
                description="NHS talking therapies for anxiety and depression. You need to be registered "
                "with a GP "
                "in the area and not currently using drugs or alcohol problematically.",
                need_codes=["anxiety", "depression", "trauma"],
                referral_route_codes=["self", "gp", "probation"],
                delivery_codes=["one_to_one", "group", "online", "phone", "clinically_led"],
                accepts_current_substance_use=False,
                requires_gp_registration=True,
                minimum_age=18,
                highest_risk_to_others=2,
                accepts_risk_to_self=False,
                typical_wait_days=126,
                capacity_available=40,
                capacity_maximum=400,
                capacity_unit="referrals a month",
                **local,
            ),
        ),
        (
            "demo-nhs",
            ServiceDetails(
                name="Primary Mental Health Treatment Requirement service",
                tier="primary",
                description="Psychological treatment delivered as a primary Mental Health Treatment "
                "Requirement, "
                "assessed before sentence.",
                need_codes=["anxiety", "depression", "trauma", "self_harm"],
                referral_route_codes=["probation"],
                custody_stage_codes=["pre_sentence", "community_sentence", "mhtr_primary"],
                delivery_codes=["one_to_one", "face_to_face", "clinically_led"],
                statutory_referrals_only=True,
                minimum_age=18,
                typical_wait_days=42,
                capacity_available=3,
                capacity_maximum=25,
                capacity_unit="places",
                funding=[FundingDetails("NHS England Health and Justice", None, _weeks(20))],
                **local,
            ),
        ),
        (
            "demo-nhs",
            ServiceDetails(
                name="Community Mental Health Team (secondary MHTR)",
                tier="secondary",
                description="Psychiatric assessment and treatment, including secondary Mental Health "
                "Treatment "
                "Requirements.",
                need_codes=["psychosis", "personality_disorder", "self_harm", "depression"],
                referral_route_codes=["gp", "probation", "liaison_diversion", "statutory_agency"],
                custody_stage_codes=["community_sentence", "mhtr_secondary", "post_release"],
                delivery_codes=["one_to_one", "face_to_face", "clinically_led"],
                requires_gp_registration=True,
                accepts_current_substance_use=False,
                minimum_age=18,
                typical_wait_days=180,
                **local,
            ),
        ),
        (
            "demo-nhs",
            ServiceDetails(
                name="Enhanced RECONNECT",
                tier="specialist",
                description="Care after custody for people with complex needs, from 12 weeks before "
                "release to "
                "12 months after. Referrals only from probation or statutory agencies.",
                need_codes=["personality_disorder", "psychosis", "substance_use", "self_harm", "trauma"],
                referral_route_codes=["probation", "prison", "statutory_agency"],
                custody_stage_codes=["pre_release", "post_release"],
                statutory_referrals_only=True,
                delivery_codes=[
                    "one_to_one",
                    "face_to_face",
                    "phone",
                    "clinically_led",
                    "lived_experience_staff",
                ],
                minimum_age=18,
                typical_wait_days=10,
                capacity_available=2,
                capacity_maximum=30,
                capacity_unit="places",
                covers_england=False,
                radius_miles=40,
            ),
        ),
        (
            "demo-nhs",
            ServiceDetails(
                name="Women's Offender Personality Disorder Pathway",
                tier="specialist",
                description="Specialist psychologically informed support for women likely to have a severe "
                "personality disorder, with peer mentors.",
                need_codes=["personality_disorder", "trauma", "self_harm"],
                referral_route_codes=["probation"],
                custody_stage_codes=["community_sentence", "post_release"],
                gender="women",
                statutory_referrals_only=True,
                delivery_codes=["one_to_one", "group", "clinically_led"],
                community_codes=["women"],
                minimum_age=18,
                typical_wait_days=35,
                covers_england=True,
                funding=[
                    FundingDetails("NHS England and HMPPS (OPD pathway)", date(2023, 4, 1), date(2028, 3, 31))
                ],
            ),
        ),
    ]


def seed_small_directory(ctx) -> None:
    districts = _demo_districts(ctx)
    area_codes = sorted({d.local_authority_id for d in districts if d.local_authority_id})[:3]
    if not area_codes:
        ctx.counts["services"] = 0
        return
    owners = {o.code: o for o in Organisation.objects.filter(code__in=["demo-vcse", "demo-nhs"])}
    created = 0
    for n, (owner_code, details) in enumerate(_small_catalogue(area_codes)):
        organisation = services.directory_organisation_for(actor=None, owner=owners[owner_code])
        service = services.service_create(actor=None, organisation=organisation, details=details)
        district = districts[n % len(districts)]
        location = services.location_create(
            actor=None,
            organisation=organisation,
            details=LocationDetails(
                name=f"{organisation.name}, {district.town or district.code}",
                postal_code=district.code,
                address_1=f"{10 + n} High Street",
                city=district.town,
            ),
        )
        services.service_location_link(actor=None, service=service, location=location)
        created += 1
    # One entry has not been checked for a while, so the stale reminder has something to show.
    stale = Service.objects.filter(name="Neurodiversity Navigators").first()
    if stale:
        services.service_confirm(actor=None, service=stale, on=timezone.localdate() - timedelta(days=120))
    ctx.counts["services"] = ctx.counts.get("services", 0) + created


def _demo_districts(ctx) -> list[PostcodeDistrict]:
    """Postcode districts in the demo probation delivery unit's area, or anywhere in England."""
    first_pdu = ctx.areas.pdus[0].code
    districts = list(PostcodeDistrict.objects.filter(local_authority__pdu_id=first_pdu).order_by("code")[:6])
    if not districts:
        districts = list(
            PostcodeDistrict.objects.filter(country="ENG", local_authority__isnull=False).order_by("code")[:6]
        )
    return districts


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
