"""factory_boy factories for the service directory, for any test that needs directory records.

Defaults make a valid, published (active, public) record with no optional extras; pass fields or
use `service_with_everything()` for a service with one of every related record.
"""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from throughcare.directory.models import (
    Accessibility,
    Attribute,
    Contact,
    CostOption,
    DirectoryOrganisation,
    Funding,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from throughcare.directory.vocabularies import BY_CODE


def vocabulary_terms(**codes_by_vocabulary) -> list[TaxonomyTerm]:
    """Our published terms by code: vocabulary_terms(need=["anxiety"], delivery=["online"])."""
    ids = [
        BY_CODE[vocabulary].term_id(code)
        for vocabulary, codes in codes_by_vocabulary.items()
        for code in codes
    ]
    return list(TaxonomyTerm.objects.filter(id__in=ids))


class DirectoryOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryOrganisation

    name = factory.Sequence(lambda n: f"Provider {n}")
    description = factory.LazyAttribute(lambda o: f"{o.name} provides community support.")
    email = factory.Sequence(lambda n: f"hello{n}@provider.example")
    website = factory.Sequence(lambda n: f"https://provider{n}.example")
    owner = None


class ServiceFactory(factory.django.DjangoModelFactory):
    """A published service. `terms=vocabulary_terms(...)` attaches coded terms."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(DirectoryOrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n:05d}")
    description = "Talking therapy and peer support."
    url = factory.Sequence(lambda n: f"https://service{n}.example/")
    email = factory.Sequence(lambda n: f"referrals{n}@service.example")
    status = "active"
    is_public = True
    tier = "primary"
    covers_england = True

    @factory.post_generation
    def terms(obj, create, extracted, **kwargs):  # noqa: N805 (factory_boy passes the object)
        if create and extracted:
            obj.terms.set(extracted)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = None
    name = factory.Sequence(lambda n: f"Hub {n}")
    description = "A community building."
    address_1 = factory.Sequence(lambda n: f"{n % 200 + 1} High Street")
    city = "Leeds"
    postal_code = "LS1 4AP"
    latitude = 53.7997
    longitude = -1.5492
    local_authority_code = "E08000035"


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(
        LocationFactory, organisation=factory.SelfAttribute("..service.organisation")
    )


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    freq = "WEEKLY"
    interval = 1
    byday = "MO,WE"
    opens_at = dt.time(9, 30)
    closes_at = dt.time(17, 0)
    description = "Mondays and Wednesdays, 9:30 to 5."


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    service = factory.SubFactory(ServiceFactory)
    name = "Leeds"
    description = "Anyone living in Leeds."
    extent_type = "local_authority"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    service = factory.SubFactory(ServiceFactory)
    name = "Referrals team"
    title = "Duty worker"
    email = factory.Sequence(lambda n: f"duty{n}@service.example")


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    contact = factory.SubFactory(ContactFactory)
    service = None
    number = factory.Sequence(lambda n: f"0113 496 {n % 10000:04d}")
    description = "Weekdays 9 to 5."


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language

    service = factory.SubFactory(ServiceFactory)
    name = "Polish"
    code = "pl"


class AccessibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accessibility

    location = factory.SubFactory(LocationFactory)
    description = "Step-free access and a hearing loop."
    url = "https://access.example/hub"


class CostOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostOption

    service = factory.SubFactory(ServiceFactory)
    option = "Free"
    amount = Decimal("0.00")
    amount_description = "No charge."


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    service = factory.SubFactory(ServiceFactory)
    source = "Integrated care board grant"
    starts_on = dt.date(2025, 4, 1)
    ends_on = dt.date(2027, 3, 31)


class TaxonomyFactory(factory.django.DjangoModelFactory):
    """Another organisation's taxonomy (ours are loaded by migration)."""

    class Meta:
        model = Taxonomy

    name = factory.Sequence(lambda n: f"Other taxonomy {n}")
    description = "A taxonomy from elsewhere."
    uri = factory.Sequence(lambda n: f"https://taxonomy{n}.example/")
    version = "2"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    name = factory.Sequence(lambda n: f"Term {n}")
    description = "A term from elsewhere."


class AttributeFactory(factory.django.DjangoModelFactory):
    """A stored attribute of another taxonomy's term, on a service unless told otherwise."""

    class Meta:
        model = Attribute
        exclude = ("service",)

    service = factory.SubFactory(ServiceFactory)
    link_type = "service"
    link_id = factory.SelfAttribute("service.id")
    taxonomy_term = factory.SubFactory(TaxonomyTermFactory)
    value = ""


def service_with_everything(**fields) -> Service:
    """A published service with every field set and one or more of every related record."""
    organisation = DirectoryOrganisationFactory(
        uri="https://find-and-update.company-information.service.gov.uk/company/01234567",
        logo="https://provider.example/logo.png",
    )
    service = ServiceFactory(
        organisation=organisation,
        terms=vocabulary_terms(
            need=["anxiety", "trauma"],
            referral_route=["self", "probation"],
            custody_stage=["post_release"],
            delivery=["one_to_one", "online"],
            community=["women"],
        ),
        **{
            "tier": "secondary",
            "alert": "Closed on bank holidays.",
            "accreditations": "BACP",
            "alternate_name": "Harbour Talking Therapies",
            "application_process": "Ask your probation officer to refer you, or call us.",
            "eligibility_description": "Women aged 18 to 65 leaving prison.",
            "fees_description": "Free.",
            "minimum_age": 18,
            "maximum_age": 65,
            "gender": "women",
            "accepts_current_substance_use": False,
            "highest_risk_to_others": 2,
            "requires_gp_registration": True,
            "statutory_referrals_only": False,
            "covers_england": False,
            "radius_miles": 25,
            "capacity_available": 4,
            "capacity_maximum": 12,
            "capacity_unit": "places",
            "capacity_updated_at": timezone.now() - dt.timedelta(days=2),
            "typical_wait_days": 14,
            "funding_ends_on": dt.date(2027, 3, 31),
            "last_confirmed_on": dt.date(2026, 1, 15),
            "last_confirmed_by": "manager@provider.example",
            **fields,
        },
    )
    location = LocationFactory(organisation=service.organisation, external_identifier="100023336956")
    AccessibilityFactory(location=location)
    link = ServiceAtLocationFactory(service=service, location=location, description="Main hub")
    ServiceAtLocationFactory(
        service=service,
        location=LocationFactory(
            location_type="virtual",
            address_1="",
            postal_code="",
            latitude=None,
            longitude=None,
            local_authority_code="",
        ),
    )
    ScheduleFactory(service=service)
    ScheduleFactory(
        service=None,
        service_at_location=link,
        byday="FR",
        description="Fridays at the hub.",
        schedule_link="https://provider.example/book",
    )
    ServiceAreaFactory(service=service)
    contact = ContactFactory(service=service)
    PhoneFactory(contact=contact)
    PhoneFactory(contact=None, service=service, description="Main line")
    LanguageFactory(service=service)
    CostOptionFactory(service=service)
    FundingFactory(service=service)
    FundingFactory(service=service, source="National Lottery", starts_on=None, ends_on=dt.date(2027, 6, 30))
    AttributeFactory(service=service, value="")
    AttributeFactory(service=service, value="some detail")
    return service
