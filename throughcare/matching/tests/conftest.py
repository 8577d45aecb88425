"""A small, hand-made gazetteer and directory around Leeds, for readable matching scenarios."""

from datetime import timedelta

import pytest
from django.utils import timezone

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.permissions import OrganisationKind
from throughcare.directory import services
from throughcare.directory.details import LocationDetails, ServiceDetails
from throughcare.geography.models import Country, Icb, LocalAuthority, LocalAuthorityIcb, PostcodeDistrict

DISTRICTS = [
    # code, latitude, longitude, country, local authority
    ("LS1", 53.7965, -1.5479, "ENG", "E08000035"),
    ("LS6", 53.8198, -1.5793, "ENG", "E08000035"),
    ("BD1", 53.7939, -1.7521, "ENG", "E08000032"),
    ("M1", 53.4794, -2.2453, "ENG", "E08000003"),
    ("CF10", 51.4781, -3.1770, "WLS", None),
    ("BT1", 54.5996, -5.9262, "NIR", None),
]
AUTHORITIES = [
    ("E08000035", "Leeds", 53.7965, -1.5479),
    ("E08000032", "Bradford", 53.7939, -1.7521),
    ("E08000003", "Manchester", 53.4794, -2.2453),
]


@pytest.fixture
def leeds_gazetteer(db):
    icb = Icb.objects.create(code="E54000054", name="NHS West Yorkshire Integrated Care Board")
    for code, name, lat, lon in AUTHORITIES:
        authority = LocalAuthority.objects.create(
            code=code,
            name=name,
            nation=Country.ENGLAND,
            latitude=lat,
            longitude=lon,
            icb=icb if code != "E08000003" else None,
        )
        if authority.icb:
            LocalAuthorityIcb.objects.create(local_authority=authority, icb=icb, share=1.0)
    for code, lat, lon, country, authority in DISTRICTS:
        PostcodeDistrict.objects.create(
            code=code, latitude=lat, longitude=lon, country=country, local_authority_id=authority
        )


LEEDS = {"local_authority_codes": ["E08000035"]}

CATALOGUE = [
    (
        "LS1",
        ServiceDetails(
            name="Dual Diagnosis Recovery Group",
            tier="primary",
            need_codes=["substance_use", "depression", "anxiety"],
            referral_route_codes=["self", "probation"],
            delivery_codes=["group", "face_to_face"],
            typical_wait_days=28,
            **LEEDS,
        ),
    ),
    (
        "LS1",
        ServiceDetails(
            name="Talking Therapies",
            tier="primary",
            need_codes=["anxiety", "depression", "trauma"],
            referral_route_codes=["self", "gp", "probation"],
            delivery_codes=["one_to_one", "online"],
            accepts_current_substance_use=False,
            requires_gp_registration=True,
            typical_wait_days=126,
            **LEEDS,
        ),
    ),
    (
        "LS6",
        ServiceDetails(
            name="Sahara Counselling",
            tier="primary",
            need_codes=["anxiety", "depression", "trauma"],
            referral_route_codes=["self", "probation"],
            community_codes=["black", "asian"],
            delivery_codes=["one_to_one", "face_to_face"],
            typical_wait_days=21,
            **LEEDS,
        ),
    ),
    (
        "LS6",
        ServiceDetails(
            name="Neurodiversity Navigators",
            tier="wellbeing",
            need_codes=["neurodivergence", "emotional_wellbeing"],
            referral_route_codes=["self", "probation"],
            delivery_codes=["one_to_one", "neurodivergence_adaptations"],
            radius_miles=15,
        ),
    ),
    (
        "LS1",
        ServiceDetails(
            name="Women's OPD Pathway",
            tier="specialist",
            need_codes=["personality_disorder", "trauma", "self_harm"],
            referral_route_codes=["probation"],
            statutory_referrals_only=True,
            gender="women",
            custody_stage_codes=["community_sentence", "post_release"],
            eligibility_codes=["opd_pathway", "womens_pathway"],
            covers_england=True,
        ),
    ),
    (
        "LS1",
        ServiceDetails(
            name="Enhanced RECONNECT",
            tier="specialist",
            need_codes=["personality_disorder", "psychosis", "trauma", "substance_use"],
            referral_route_codes=["probation", "prison"],
            statutory_referrals_only=True,
            custody_stage_codes=["pre_release", "post_release"],
            eligibility_codes=["enhanced_reconnect"],
            radius_miles=40,
        ),
    ),
    (
        "BD1",
        ServiceDetails(
            name="Bradford Wellbeing Circle",
            tier="wellbeing",
            need_codes=["anxiety", "emotional_wellbeing"],
            referral_route_codes=["self"],
            local_authority_codes=["E08000032"],
        ),
    ),
    (
        "M1",
        ServiceDetails(
            name="Manchester Eating Disorder Service",
            tier="secondary",
            need_codes=["eating_disorder"],
            referral_route_codes=["gp", "probation"],
            local_authority_codes=["E08000003"],
        ),
    ),
]


@pytest.fixture
def leeds_directory(leeds_gazetteer):
    owner = OrganisationFactory(kind=OrganisationKind.VCSE_PROVIDER)
    organisation = services.directory_organisation_for(actor=None, owner=owner)
    made = {}
    for district, details in CATALOGUE:
        service = services.service_create(actor=None, organisation=organisation, details=details)
        location = services.location_create(
            actor=None,
            organisation=organisation,
            details=LocationDetails(name=f"{details.name} base", postal_code=district),
        )
        services.service_location_link(actor=None, service=service, location=location)
        made[details.name] = service
    return made


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def weeks_from_today(today):
    return lambda n: today + timedelta(weeks=n)
