"""The demo's three areas, their fictional organisations and the sign-ins beside the original seven.

Derby and Derbyshire is where the first demo sign-ins always worked; Leeds (West Yorkshire) and
Manchester (Greater Manchester) give commissioners areas to compare. Each area names the real local
authorities its services cover (by GSS code, from the shared geography), so its postcodes, ICB and
insight figures are real places; everyone and everything in them is fictional.
"""

from dataclasses import dataclass

from throughcare.accounts.models import CommissioningCoverage, Organisation
from throughcare.accounts.services import (
    organisation_create,
    organisation_set_commissioning_areas,
    user_create,
)
from throughcare.core.permissions import OrganisationKind, Role
from throughcare.geography.models import Icb, LocalAuthority, PostcodeDistrict

_K = OrganisationKind


@dataclass(frozen=True)
class DemoArea:
    key: str
    town: str  # for addresses where the gazetteer names no town
    local_authority_codes: tuple[str, ...]  # the first is where its services' offices are
    pdu_code: str  # the probation delivery unit its orders are made in
    probation: str  # organisation codes
    vcse: str
    nhs: str
    commissioner: str


DERBY = DemoArea(
    "derby",
    "Derby",
    ("E06000015", "E07000032", "E07000036", "E07000039"),  # Derby, Amber Valley, Erewash, South Derbyshire
    "N53DRBY",
    probation="demo-probation",
    vcse="demo-vcse",
    nhs="demo-nhs",
    commissioner="demo-icb",
)
LEEDS = DemoArea(
    "leeds",
    "Leeds",
    ("E08000035",),
    "N55LEE",
    probation="demo-leeds-probation",
    vcse="demo-leeds-vcse",
    nhs="demo-leeds-nhs",
    commissioner="demo-wy-icb",
)
MANCHESTER = DemoArea(
    "manchester",
    "Manchester",
    ("E08000003", "E08000006"),  # Manchester, Salford
    "N50MANC",
    probation="demo-manchester-probation",
    vcse="demo-manchester-vcse",
    nhs="demo-manchester-nhs",
    commissioner="demo-gm-icb",
)
DEMO_AREAS = (DERBY, LEEDS, MANCHESTER)

# The organisations of the second and third areas (the first area's are the original demo's).
AREA_ORGANISATIONS = [
    ("demo-leeds-probation", "Probation Service, Leeds PDU (demo)", _K.PROBATION),
    ("demo-leeds-vcse", "Aire Valley Recovery Collective (fictional demo charity)", _K.VCSE_PROVIDER),
    ("demo-leeds-nhs", "Kirkgate Partnership NHS Foundation Trust (demo)", _K.NHS_PROVIDER),
    ("demo-wy-icb", "NHS West Yorkshire Integrated Care Board (demo commissioner)", _K.COMMISSIONER),
    ("demo-manchester-probation", "Probation Service, Manchester North PDU (demo)", _K.PROBATION),
    ("demo-manchester-prison", "HMP Greystone (fictional demo prison)", _K.PRISON),
    ("demo-manchester-vcse", "Cotton Street Community Wellbeing (fictional demo charity)", _K.VCSE_PROVIDER),
    ("demo-manchester-nhs", "Pennine Vale Mental Health NHS Trust (demo)", _K.NHS_PROVIDER),
    ("demo-gm-icb", "NHS Greater Manchester Integrated Care Board (demo commissioner)", _K.COMMISSIONER),
]

# Sign-ins beside the seven in seeding.DEMO_SIGN_INS, with the same password.
AREA_SIGN_INS = [
    ("leeds-practitioner", "Tom Ashworth", "demo-leeds-probation", Role.PRACTITIONER),
    ("leeds-caseworker", "Grace Mensah", "demo-leeds-vcse", Role.PROVIDER_CASEWORKER),
    ("leeds-nhs-caseworker", "Daniel Kerr", "demo-leeds-nhs", Role.PROVIDER_CASEWORKER),
    ("leeds-commissioner", "Helen Firth", "demo-wy-icb", Role.COMMISSIONER),
    ("manchester-practitioner", "Sana Iqbal", "demo-manchester-probation", Role.PRACTITIONER),
    ("manchester-navigator", "Marcus Reid", "demo-manchester-prison", Role.PRACTITIONER),
    ("manchester-manager", "Fiona Doyle", "demo-manchester-vcse", Role.PROVIDER_MANAGER),
    ("manchester-nhs-caseworker", "Owen Pryce", "demo-manchester-nhs", Role.PROVIDER_CASEWORKER),
    ("manchester-commissioner", "Rachel Byrne", "demo-gm-icb", Role.COMMISSIONER),
]


def icb_of(area: DemoArea) -> tuple[str, str] | None:
    """(code, name) of the ICB covering the area's first local authority, from the gazetteer (None
    without it): the area its commissioner looks at."""
    return (
        LocalAuthority.objects.filter(code=area.local_authority_codes[0], icb__isnull=False)
        .values_list("icb_id", "icb__name")
        .first()
    )


# The national commissioner beside the three areas' ICBs: it sees every area (ADR 35).
NATIONAL_COMMISSIONER = "demo-nhse"


def set_commissioners_areas(*, fallback_icb_code: str | None) -> None:
    """Each area's commissioner covers the ICB of its first local authority (the first area's, without
    the gazetteer, the ICB it was named after: `fallback_icb_code`); the national one covers England."""
    for area in DEMO_AREAS:
        icb = icb_of(area)
        icb_code = icb[0] if icb else (fallback_icb_code if area is DERBY else None)
        if icb_code and Icb.objects.filter(pk=icb_code).exists():
            organisation_set_commissioning_areas(
                actor=None,
                organisation=Organisation.objects.get(code=area.commissioner),
                coverage=CommissioningCoverage.ICB,
                area_codes=[icb_code],
            )
    organisation_set_commissioning_areas(
        actor=None,
        organisation=Organisation.objects.get(code=NATIONAL_COMMISSIONER),
        coverage=CommissioningCoverage.NATIONAL,
        area_codes=[],
    )


def commissioner_icb_name(area: DemoArea) -> str | None:
    icb = icb_of(area)
    return icb[1] if icb else None


def area_districts(area: DemoArea, limit: int = 6) -> list[PostcodeDistrict]:
    """Real postcode districts in the area's first local authority, for its services' addresses."""
    districts = PostcodeDistrict.objects.filter(local_authority_id=area.local_authority_codes[0])
    return list(districts.exclude(latitude__isnull=True).order_by("code")[:limit])


def area_of_organisation(code: str) -> DemoArea | None:
    """The demo area an organisation works in (the Derby prison is the original demo's), or None."""
    if code == "demo-prison":
        return DERBY
    return next(
        (
            a
            for a in DEMO_AREAS
            if code in (a.probation, a.vcse, a.nhs, a.commissioner) or code.startswith(f"demo-{a.key}-")
        ),
        None,
    )


def home_districts(area: DemoArea) -> list[str]:
    """Postcode districts across all the area's local authorities, for where its people live."""
    return list(
        PostcodeDistrict.objects.filter(local_authority_id__in=area.local_authority_codes)
        .order_by("code")
        .values_list("code", flat=True)
    )


def create_organisations_and_sign_ins(organisations, sign_ins, *, email_for) -> tuple[int, int]:
    """Demo organisations (code, name, kind) and sign-ins (local part, name, organisation code, role),
    through the ordinary services; the caller gives them the demo password. Returns the counts."""
    by_code = {
        code: organisation_create(actor=None, code=code, name=name, kind=kind)
        for code, name, kind in organisations
    }
    for local_part, full_name, code, role in sign_ins:
        user_create(
            actor=None,
            email=email_for(local_part),
            full_name=full_name,
            organisation=by_code[code],
            role=role,
        )
    return len(by_code), len(sign_ins)


def seed_area_organisations(*, email_for) -> tuple[int, int]:
    """The second and third areas' organisations and sign-ins."""
    return create_organisations_and_sign_ins(AREA_ORGANISATIONS, AREA_SIGN_INS, email_for=email_for)
