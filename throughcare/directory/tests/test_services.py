from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import OrganisationKind
from throughcare.directory import services
from throughcare.directory.details import FundingDetails, ServiceDetails
from throughcare.directory.models import Service, ServiceCoverage
from throughcare.directory.vocabularies import NEEDS, TIERS
from throughcare.geography.models import Icb, LocalAuthority, LocalAuthorityIcb, Pdu, ProbationRegion

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    region = ProbationRegion.objects.create(code="N54", name="Yorkshire and the Humber")
    pdu = Pdu.objects.create(code="N54LEED", name="Leeds", region=region)
    icb = Icb.objects.create(code="E54000054", name="NHS West Yorkshire Integrated Care Board")
    leeds = LocalAuthority.objects.create(code="E08000035", name="Leeds", nation="ENG", icb=icb, pdu=pdu)
    bradford = LocalAuthority.objects.create(code="E08000032", name="Bradford", nation="ENG", icb=icb)
    for authority in (leeds, bradford):
        LocalAuthorityIcb.objects.create(local_authority=authority, icb=icb, share=1.0)
    return {"leeds": leeds, "bradford": bradford, "icb": icb, "pdu": pdu}


@pytest.fixture
def organisation(make_user):
    owner = OrganisationFactory(kind=OrganisationKind.VCSE_PROVIDER)
    return services.directory_organisation_for(actor=None, owner=owner)


def _details(**overrides) -> ServiceDetails:
    base = {
        "name": "Dual diagnosis recovery group",
        "tier": "primary",
        "need_codes": ["anxiety", "substance_use"],
        "referral_route_codes": ["probation", "self"],
        "local_authority_codes": ["E08000035"],
    }
    return ServiceDetails(**{**base, **overrides})


def test_creating_a_service_stores_terms_areas_coverage_and_an_audit_event(organisation, areas):
    service = services.service_create(
        actor=None,
        organisation=organisation,
        details=_details(
            funding=[
                FundingDetails("Lottery", date(2026, 1, 1), date(2027, 3, 31)),
                FundingDetails("ICB grant", None, date(2027, 1, 31)),
            ],
        ),
    )
    assert set(service.terms.values_list("code", flat=True)) == {
        "substance_use",
        "anxiety",
        "probation",
        "self",
        "primary",
    }
    assert service.terms.get(code="primary").id == TIERS.term_id("primary")
    assert service.funding_ends_on == date(2027, 1, 31)
    assert list(ServiceCoverage.objects.values_list("local_authority_code", flat=True)) == ["E08000035"]
    assert service.last_confirmed_on is not None
    assert AuditEvent.objects.filter(verb="directory.service_created", target_id=str(service.id)).exists()


def test_icb_and_pdu_areas_expand_to_the_authorities_they_cover(organisation, areas):
    service = services.service_create(
        actor=None,
        organisation=organisation,
        details=_details(local_authority_codes=[], icb_codes=["E54000054"]),
    )
    assert set(service.coverage.values_list("local_authority_code", flat=True)) == {"E08000035", "E08000032"}
    service = services.service_update(
        actor=None, service=service, details=_details(local_authority_codes=[], pdu_codes=["N54LEED"])
    )
    assert set(service.coverage.values_list("local_authority_code", flat=True)) == {"E08000035"}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": " "}, "name", "Enter the service's name"),
        ({"need_codes": ["anxiety", "telepathy"]}, "need_codes", "Unknown needs addressed code: telepathy"),
        ({"tier": "platinum"}, "tier", "Unknown tier 'platinum'"),
        ({"minimum_age": 65, "maximum_age": 18}, "maximum_age", "same as or more than the minimum age"),
        ({"minimum_age": 200}, "minimum_age", "from 0 to 120"),
        (
            {"capacity_available": 12, "capacity_maximum": 10},
            "capacity_available",
            "Places available (12) cannot be more than the maximum (10)",
        ),
        (
            {"funding": [FundingDetails("Grant", date(2027, 1, 1), date(2026, 1, 1))]},
            "funding_0_ends_on",
            "on or after its start date",
        ),
        ({"local_authority_codes": ["E99999999"]}, "local_authority_codes", "Unknown area code: E99999999"),
        ({"local_authority_codes": []}, "areas", "Say where the service is available"),
        ({"url": "javascript:alert(1)"}, "url", "Enter a web address starting https://"),
        ({"radius_miles": 0}, "radius_miles", "from 1 to 200 miles"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(organisation, areas, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        services.service_create(actor=None, organisation=organisation, details=_details(**overrides))
    assert message in " ".join(caught.value.message_dict[field])
    assert not Service.objects.exists()
    assert not AuditEvent.objects.filter(verb="directory.service_created").exists()


def test_a_failed_update_leaves_the_service_as_it_was(organisation, areas):
    service = services.service_create(actor=None, organisation=organisation, details=_details())
    with pytest.raises(ValidationError):
        services.service_update(actor=None, service=service, details=_details(name="New name", tier="bogus"))
    service.refresh_from_db()
    assert service.name == "Dual diagnosis recovery group"


def test_details_round_trip_through_the_stored_service(organisation, areas):
    details = _details(
        minimum_age=18,
        maximum_age=65,
        gender="women",
        accepts_current_substance_use=False,
        highest_risk_to_others=2,
        capacity_available=3,
        capacity_maximum=10,
        capacity_unit="places",
        typical_wait_days=21,
        languages=["Polish", "Urdu"],
        community_codes=["black"],
        funding=[FundingDetails("Lottery", date(2026, 1, 1), date(2027, 3, 31))],
    )
    service = services.service_create(actor=None, organisation=organisation, details=details)
    assert services.details_of(service) == details


def test_changing_capacity_stamps_when_it_was_updated(organisation, areas):
    service = services.service_create(actor=None, organisation=organisation, details=_details())
    assert service.capacity_updated_at is None
    service = services.service_update(
        actor=None, service=service, details=_details(capacity_available=2, capacity_maximum=5)
    )
    assert service.capacity_updated_at is not None


def test_confirming_an_entry_refreshes_its_date(organisation, areas):
    service = services.service_create(actor=None, organisation=organisation, details=_details())
    services.service_confirm(actor=None, service=service, on=date.today() - timedelta(days=200))
    services.service_confirm(actor=None, service=service)
    service.refresh_from_db()
    assert service.last_confirmed_on == date.today()
    assert AuditEvent.objects.filter(verb="directory.service_confirmed").count() == 2


def test_the_published_taxonomy_is_loaded_with_stable_ids():
    from throughcare.directory.models import TaxonomyTerm

    term = TaxonomyTerm.objects.get(id=NEEDS.term_id("substance_use"))
    assert term.name == "Substance use and dual diagnosis"
    assert term.taxonomy.code == "need"
