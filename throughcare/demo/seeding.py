"""Deterministic, clearly fictional demonstration data at two scales.

`small` gives one sign-in per role and a handful of organisations, instantly.
`national` adds England-scale volumes for benchmarks with bulk inserts. Each area of Throughcare
adds its own step to SEED_STEPS; steps run in order and share one random generator.
"""

import io
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from throughcare.accounts.models import Membership, Organisation, User
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import OrganisationKind, Role
from throughcare.demo.reference import DemoAreas, load_demo_areas

DEMO_PASSWORD = "throughcare-demo"  # noqa: S105 (published on purpose: demo accounts only)
DEMO_EMAIL_DOMAIN = "demo.throughcare.example"
MARKER_CODE = "demo-platform"
BULK_BATCH = 5000

SCALES = {
    "small": {"prisons": 0, "providers": 0, "staff_per_pdu": 0, "services": 0},
    "national": {
        "prisons": 120,
        "providers": 2000,
        "staff_per_pdu": 40,
        "services": 20_000,
        "people": 250_000,
        "referrals": 1_000_000,
    },
}

# One account per role, so that every part of the service can be tried.
DEMO_SIGN_INS = [
    ("admin", "Alex Admin", MARKER_CODE, Role.ADMINISTRATOR),
    ("practitioner", "Priya Practitioner", "demo-probation", Role.PRACTITIONER),
    ("navigator", "Noah Navigator", "demo-prison", Role.PRACTITIONER),
    ("caseworker", "Casey Caseworker", "demo-vcse", Role.PROVIDER_CASEWORKER),
    ("manager", "Morgan Manager", "demo-vcse", Role.PROVIDER_MANAGER),
    ("nhs-caseworker", "Nia Caseworker", "demo-nhs", Role.PROVIDER_CASEWORKER),
    ("commissioner", "Chris Commissioner", "demo-icb", Role.COMMISSIONER),
    # A national commissioner, who sees every area; the others see their own ICB and England totals.
    ("national-commissioner", "Nadia Okafor", "demo-nhse", Role.COMMISSIONER),
    # The probation service's data protection officer: subject access, who viewed a record, corrections.
    ("dpo", "Dana Protection", "demo-probation", Role.DPO),
    # The NHS trust's data protection officer: checks people's own words about its services.
    ("nhs-dpo", "Dev Privacy", "demo-nhs", Role.DPO),
]


@dataclass
class SeedContext:
    scale: str
    rng: random.Random
    areas: DemoAreas
    counts: dict[str, int] = field(default_factory=dict)
    progress: bool = True
    # What one step leaves for a later one, such as the national caseload for its referrals.
    shared: dict = field(default_factory=dict)

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def bar(self, total: int, description: str):
        return tqdm(total=total, desc=description, unit="rows", disable=not self.progress, leave=False)


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


def already_seeded() -> bool:
    return Organisation.objects.filter(code=MARKER_CODE).exists()


def seed_core_organisations(ctx: SeedContext) -> None:
    """The named organisations behind the demo sign-ins, created through the normal services."""
    from throughcare.demo.areas import (
        DERBY,
        NATIONAL_COMMISSIONER,
        commissioner_icb_name,
        create_organisations_and_sign_ins,
        icb_of,
        seed_area_organisations,
        set_commissioners_areas,
    )

    first_pdu = ctx.areas.pdus[0]
    # The demo commissioner commissions where the first area's services are, when the gazetteer says.
    first_icb = commissioner_icb_name(DERBY) or ctx.areas.icbs[0].name
    organisations = [
        (MARKER_CODE, "Throughcare service team (demo)", OrganisationKind.PLATFORM),
        ("demo-probation", f"Probation Service, {first_pdu.name} PDU (demo)", OrganisationKind.PROBATION),
        ("demo-prison", "HMP Northgate (fictional demo prison)", OrganisationKind.PRISON),
        ("demo-vcse", "Harbour Minds (fictional demo charity)", OrganisationKind.VCSE_PROVIDER),
        ("demo-nhs", "Riverside NHS Foundation Trust (demo)", OrganisationKind.NHS_PROVIDER),
        ("demo-icb", f"{first_icb} (demo commissioner)", OrganisationKind.COMMISSIONER),
        (
            NATIONAL_COMMISSIONER,
            "NHS England Health and Justice (demo national commissioner)",
            OrganisationKind.COMMISSIONER,
        ),
    ]
    first_counts = create_organisations_and_sign_ins(organisations, DEMO_SIGN_INS, email_for=demo_email)
    more_counts = seed_area_organisations(email_for=demo_email)
    set_commissioners_areas(fallback_icb_code=None if icb_of(DERBY) else ctx.areas.icbs[0].code)
    # Every demo account shares one password hash, set once: argon2 for each took seconds of `make run`.
    User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").update(password=make_password(DEMO_PASSWORD))
    ctx.counts["organisations"] = first_counts[0] + more_counts[0]
    ctx.counts["users"] = first_counts[1] + more_counts[1]


def seed_national_organisations(ctx: SeedContext) -> None:
    """Probation PDUs, prisons, commissioners and providers across England, with their staff."""
    sizes = SCALES[ctx.scale]
    if not sizes["staff_per_pdu"]:
        return
    specs: list[tuple[str, str, str, int, str]] = []  # code, name, kind, staff, role
    for pdu in ctx.areas.pdus:
        specs.append(
            (
                f"pdu-{pdu.code}".lower(),
                f"Probation Service, {pdu.name} PDU",
                "probation",
                sizes["staff_per_pdu"],
                Role.PRACTITIONER,
            )
        )
    for icb in ctx.areas.icbs:
        specs.append(
            (f"icb-{icb.code}".lower(), f"{icb.name} (commissioning)", "commissioner", 3, Role.COMMISSIONER)
        )
    for n in range(sizes["prisons"]):
        specs.append((f"prison-{n:04d}", f"HMP Demo {n + 1} (fictional)", "prison", 10, Role.PRACTITIONER))
    for n in range(sizes["providers"]):
        kind = "nhs_provider" if n % 8 == 0 else "vcse_provider"
        role = Role.PROVIDER_CASEWORKER if n % 3 else Role.PROVIDER_MANAGER
        specs.append((f"provider-{n:05d}", f"Demo Provider {n + 1} (fictional)", kind, 3, role))

    password_hash = make_password(DEMO_PASSWORD)  # hashed once: argon2 per row would take minutes
    organisations, users, memberships = [], [], []
    for code, name, kind, staff, role in specs:
        organisation = Organisation(id=ctx.uuid(), code=code, name=name, kind=kind)
        if kind == "commissioner":  # each national ICB's commissioners see their own ICB (ADR 35)
            organisation.commissioning_coverage = "icb"
            organisation.commissioning_area_codes = [code.removeprefix("icb-").upper()]
        organisations.append(organisation)
        for n in range(staff):
            user = User(
                id=ctx.uuid(),
                email=demo_email(f"{code}-{n:03d}"),
                full_name=f"Demo Staff {code} {n}",
                password=password_hash,
            )
            users.append(user)
            memberships.append(Membership(id=ctx.uuid(), user=user, organisation=organisation, role=role))
    with ctx.bar(len(organisations) + len(users) + len(memberships), "organisations and staff") as bar:
        for model, rows in ((Organisation, organisations), (User, users), (Membership, memberships)):
            for start in range(0, len(rows), BULK_BATCH):
                batch = rows[start : start + BULK_BATCH]
                model.objects.bulk_create(batch, batch_size=1000)
                bar.update(len(batch))
    ctx.counts["organisations"] = ctx.counts.get("organisations", 0) + len(organisations)
    ctx.counts["users"] = ctx.counts.get("users", 0) + len(users)


def load_geography(ctx: SeedContext) -> None:
    """The gazetteer places services and people; load it first (it does nothing when already loaded)."""
    from django.core.management import call_command

    from throughcare.geography.models import PostcodeDistrict

    if ctx.areas.is_built_in or PostcodeDistrict.objects.exists():
        return
    call_command("import_geography", "--quiet", stdout=io.StringIO())


def seed_directory(ctx: SeedContext) -> None:
    from throughcare.directory.demo import seed_national_directory, seed_small_directory
    from throughcare.directory.published_taxonomy import ensure_published_taxonomy

    ensure_published_taxonomy()
    seed_small_directory(ctx)
    seed_national_directory(ctx)


def seed_people(ctx: SeedContext) -> None:
    from throughcare.people.demo import seed_people as seed_demo_people

    seed_demo_people(ctx)


def seed_restricted_record(ctx: SeedContext) -> None:
    """After the journeys, so the stories are told before the record is closed to all but named people."""
    from throughcare.people.demo import seed_restricted_record as seed_demo_restricted_record

    seed_demo_restricted_record(ctx, demo_email)


def seed_journeys(ctx: SeedContext) -> None:
    """Hand-made journeys for trying Throughcare; national scale generates its own caseload instead."""
    from throughcare.demo.journeys import seed_demo_journeys

    if ctx.scale == "small":
        seed_demo_journeys(ctx, demo_email)


def seed_national_people(ctx: SeedContext) -> None:
    from throughcare.demo.bulk import indexes_built_afterwards, roomy_cache
    from throughcare.demo.national_people import seed_national_people as seed_caseload
    from throughcare.people.models import CareTeamMember, Person

    count = SCALES[ctx.scale].get("people", 0)
    if count:
        bar = ctx.bar(count * 2, "people and care teams")
        with roomy_cache(), indexes_built_afterwards(Person, CareTeamMember), bar:
            ctx.shared["caseload"] = seed_caseload(ctx, count=count, now=timezone.now(), progress=bar.update)


def seed_national_referrals(ctx: SeedContext) -> None:
    from throughcare.demo.bulk import indexes_built_afterwards, roomy_cache
    from throughcare.demo.national_referrals import seed_national_referrals as seed_referrals
    from throughcare.referrals.models import Consent, Referral, ReferralTransition

    count = SCALES[ctx.scale].get("referrals", 0)
    caseload = ctx.shared.get("caseload")
    if count and caseload:
        bar = ctx.bar(count * 6, "referrals, their history and consents")
        with roomy_cache(), indexes_built_afterwards(Referral, ReferralTransition, Consent), bar:
            seed_referrals(ctx, caseload, count=count, now=timezone.now(), progress=bar.update)


def build_insight_facts(ctx: SeedContext) -> None:
    """Insight's kept referral facts for everything seeded, so the first view is not the one to build them."""
    from throughcare.insight.summary import rebuild

    ctx.counts["insight facts"] = rebuild()


SeedStep = Callable[[SeedContext], None]
SEED_STEPS: list[SeedStep] = [
    load_geography,
    seed_core_organisations,
    seed_national_organisations,
    seed_directory,
    seed_people,
    seed_journeys,
    seed_restricted_record,
    seed_national_people,
    seed_national_referrals,
    build_insight_facts,
]


def seed(*, scale: str, seed: int, progress: bool = True) -> SeedContext:
    if scale not in SCALES:
        raise ValueError(f"Scale must be one of {', '.join(SCALES)}.")
    ctx = SeedContext(scale=scale, rng=random.Random(seed), areas=load_demo_areas(), progress=progress)
    with transaction.atomic():
        for step in SEED_STEPS:
            step(ctx)
        audit.record(
            actor=None,
            verb=AuditVerb.DEMO_SEEDED,
            target_type="demo",
            payload={"scale": scale, "seed": seed, "counts": ctx.counts, "areas": ctx.areas.source},
        )
    # Fresh statistics let the query planner choose the right indexes for the new volumes. On
    # PostgreSQL, VACUUM also marks the new rows visible to all, so index-only scans need not visit
    # them (it cannot run inside a transaction, as in a test).
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    return ctx
