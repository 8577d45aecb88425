"""Every change to the directory: validated, in a transaction, audited.

Provider managers maintain only their own organisation's services; the selectors find those, and
these functions trust that the caller has already scoped the record.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from throughcare.core import audit
from throughcare.directory.details import FundingDetails, LocationDetails, ServiceDetails
from throughcare.directory.models import (
    DirectoryOrganisation,
    Funding,
    Gender,
    Language,
    Location,
    RiskLevel,
    Service,
    ServiceAtLocation,
    ServiceCoverage,
    ServiceStatus,
    TaxonomyTerm,
)
from throughcare.directory.referral_information import MAX_RESPONSE_DAYS, REFERRAL_INFORMATION_CODES
from throughcare.directory.vocabularies import (
    COMMUNITIES,
    CUSTODY_STAGES,
    DELIVERY,
    NEEDS,
    REFERRAL_ROUTES,
    TIERS,
)
from throughcare.geography.models import Icb, LocalAuthority, Pdu

MAX_RADIUS_MILES = 200
MAX_AGE = 120

TERM_FIELDS = {
    "need_codes": NEEDS,
    "referral_route_codes": REFERRAL_ROUTES,
    "custody_stage_codes": CUSTODY_STAGES,
    "delivery_codes": DELIVERY,
    "community_codes": COMMUNITIES,
}


def _validate(details: ServiceDetails) -> dict[str, str]:
    """Each field's problem in plain words; empty when the details are valid."""
    errors: dict[str, str] = {}
    if not details.name.strip():
        errors["name"] = "Enter the service's name."
    elif len(details.name) > 255:
        errors["name"] = "The service's name must be 255 characters or fewer."
    if details.url:
        try:
            URLValidator(schemes=["http", "https"])(details.url)
        except ValidationError:
            errors["url"] = "Enter a web address starting https://, like https://example.org/service."
    if details.email:
        try:
            validate_email(details.email)
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like referrals@example.org."
    if details.status not in ServiceStatus.values:
        errors["status"] = f"Choose a status from: {', '.join(ServiceStatus.values)}."
    if details.tier and details.tier not in TIERS.codes:
        errors["tier"] = f"Unknown tier '{details.tier}': choose from {', '.join(sorted(TIERS.codes))}."
    for field_name, vocabulary in TERM_FIELDS.items():
        unknown = sorted(set(getattr(details, field_name)) - vocabulary.codes)
        if unknown:
            errors[field_name] = (
                f"Unknown {vocabulary.name.lower()} code{'s' if len(unknown) > 1 else ''}: "
                + (", ".join(unknown))
            )
    for bound in ("minimum_age", "maximum_age"):
        value = getattr(details, bound)
        if value is not None and not 0 <= value <= MAX_AGE:
            errors[bound] = f"Enter an age from 0 to {MAX_AGE}."
    if (
        details.minimum_age is not None
        and details.maximum_age is not None
        and "minimum_age" not in errors
        and "maximum_age" not in errors
        and details.minimum_age > details.maximum_age
    ):
        errors["maximum_age"] = "The maximum age must be the same as or more than the minimum age."
    if details.gender not in Gender.values:
        errors["gender"] = "Choose who the service is for: anyone, women only or men only."
    if details.highest_risk_to_others not in RiskLevel.values:
        errors["highest_risk_to_others"] = "Choose the highest risk of harm to others the service accepts."
    if details.radius_miles is not None and not 1 <= details.radius_miles <= MAX_RADIUS_MILES:
        errors["radius_miles"] = f"Enter a distance from 1 to {MAX_RADIUS_MILES} miles."
    if (
        not details.covers_england
        and details.radius_miles is None
        and not (details.local_authority_codes or details.icb_codes or details.pdu_codes)
    ):
        errors["areas"] = "Say where the service is available: all of England, named areas, or a distance."
    for count_field in ("capacity_available", "capacity_maximum", "typical_wait_days"):
        value = getattr(details, count_field)
        if value is not None and value < 0:
            errors[count_field] = "Enter a number that is 0 or more."
    errors.update(_referral_terms_errors(details))
    if (
        details.capacity_available is not None
        and details.capacity_maximum is not None
        and details.capacity_available > details.capacity_maximum
    ):
        errors["capacity_available"] = (
            f"Places available ({details.capacity_available}) cannot be more than the maximum "
            f"({details.capacity_maximum})."
        )
    for index, funding in enumerate(details.funding):
        if not funding.source.strip():
            errors[f"funding_{index}_source"] = "Enter where the funding comes from."
        if funding.starts_on and funding.ends_on and funding.ends_on < funding.starts_on:
            errors[f"funding_{index}_ends_on"] = "The funding end date must be on or after its start date."
    return errors


BARS_RECEIVER_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _bars_errors(details: ServiceDetails) -> dict[str, str]:
    errors = {}
    if len(details.bars_endpoint) > 200:
        errors["bars_endpoint"] = "The NHS BaRS endpoint must be 200 characters or fewer."
    elif details.bars_endpoint:
        try:
            URLValidator(schemes=["https"])(details.bars_endpoint)
        except ValidationError:
            errors["bars_endpoint"] = (
                "Enter the NHS BaRS endpoint as a web address starting https://, "
                "like https://bars.example.nhs.uk/fhir."
            )
    if details.bars_receiver_id and not BARS_RECEIVER_ID.match(details.bars_receiver_id):
        errors["bars_receiver_id"] = (
            "Enter the receiver identifier in letters, numbers, dots, dashes or underscores only, "
            "64 characters or fewer."
        )
    return errors


def _referral_terms_errors(details: ServiceDetails) -> dict[str, str]:
    errors = {}
    unknown = sorted(set(details.required_information) - REFERRAL_INFORMATION_CODES)
    if unknown:
        errors["required_information"] = f"Unknown information codes: {', '.join(unknown)}."
    for name, what in (("acknowledge_within_days", "acknowledge"), ("decide_within_days", "decide on")):
        value = getattr(details, name)
        if not 1 <= value <= MAX_RESPONSE_DAYS:
            errors[name] = (
                f"Enter how many working days the service takes to {what} a referral, "
                f"from 1 to {MAX_RESPONSE_DAYS}."
            )
    errors.update(_bars_errors(details))
    if not errors and details.decide_within_days < details.acknowledge_within_days:
        errors["decide_within_days"] = (
            "The days to decide must be the same as or more than the days to acknowledge, "
            "since deciding also acknowledges a referral."
        )
    return errors


def _resolve_areas(details: ServiceDetails, errors: dict[str, str]):
    found = {}
    for field_name, model in (
        ("local_authority_codes", LocalAuthority),
        ("icb_codes", Icb),
        ("pdu_codes", Pdu),
    ):
        codes = set(getattr(details, field_name))
        areas = list(model.objects.filter(code__in=codes))
        unknown = sorted(codes - {area.code for area in areas})
        if unknown:
            errors[field_name] = f"Unknown area code{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}."
        found[field_name] = areas
    return found


def _terms_for(details: ServiceDetails) -> list[TaxonomyTerm]:
    ids = [
        vocabulary.term_id(code)
        for field_name, vocabulary in TERM_FIELDS.items()
        for code in getattr(details, field_name)
    ]
    if details.tier:
        ids.append(TIERS.term_id(details.tier))
    return list(TaxonomyTerm.objects.filter(id__in=ids))


def rebuild_coverage(service: Service) -> None:
    """Expand the service's authorities, ICBs and PDUs into the local authorities they cover."""
    codes = set(service.local_authorities.values_list("code", flat=True))
    icb_codes = list(service.icbs.values_list("code", flat=True))
    if icb_codes:
        codes |= set(
            LocalAuthority.objects.filter(icb_shares__icb__in=icb_codes).values_list("code", flat=True)
        )
    pdu_codes = list(service.pdus.values_list("code", flat=True))
    if pdu_codes:
        codes |= set(LocalAuthority.objects.filter(pdu__in=pdu_codes).values_list("code", flat=True))
    ServiceCoverage.objects.filter(service=service).delete()
    ServiceCoverage.objects.bulk_create(
        [ServiceCoverage(service=service, local_authority_code=code) for code in sorted(codes)]
    )


SCALAR_FIELDS = (
    "name",
    "description",
    "url",
    "email",
    "status",
    "alert",
    "is_public",
    "tier",
    "minimum_age",
    "maximum_age",
    "gender",
    "accepts_current_substance_use",
    "highest_risk_to_others",
    "accepts_risk_to_self",
    "requires_gp_registration",
    "statutory_referrals_only",
    "covers_england",
    "radius_miles",
    "capacity_available",
    "capacity_maximum",
    "capacity_unit",
    "typical_wait_days",
    "required_information",
    "acknowledge_within_days",
    "decide_within_days",
    "bars_endpoint",
    "bars_receiver_id",
)


def _apply(service: Service, details: ServiceDetails, areas) -> None:
    if (details.capacity_available, details.capacity_maximum) != (
        service.capacity_available,
        service.capacity_maximum,
    ):
        service.capacity_updated_at = timezone.now()
    for name in SCALAR_FIELDS:
        value = getattr(details, name)
        setattr(service, name, value.strip() if isinstance(value, str) else value)
    ends = [funding.ends_on for funding in details.funding if funding.ends_on]
    service.funding_ends_on = min(ends) if ends else None
    service.save()
    service.terms.set(_terms_for(details))
    service.local_authorities.set(areas["local_authority_codes"])
    service.icbs.set(areas["icb_codes"])
    service.pdus.set(areas["pdu_codes"])
    Funding.objects.filter(service=service).delete()
    Funding.objects.bulk_create(
        [
            Funding(service=service, source=f.source.strip(), starts_on=f.starts_on, ends_on=f.ends_on)
            for f in details.funding
        ]
    )
    Language.objects.filter(service=service).delete()
    Language.objects.bulk_create(
        [Language(service=service, name=name.strip()) for name in details.languages if name.strip()]
    )
    rebuild_coverage(service)


def _checked(details: ServiceDetails):
    errors = _validate(details)
    areas = _resolve_areas(details, errors)
    if errors:
        raise ValidationError(errors)
    return areas


def service_create(*, actor, organisation: DirectoryOrganisation, details: ServiceDetails) -> Service:
    areas = _checked(details)
    with transaction.atomic():
        service = Service(
            organisation=organisation,
            last_confirmed_on=timezone.localdate(),
            last_confirmed_by=getattr(actor, "email", "") or "",
        )
        _apply(service, details, areas)
        audit.record(
            actor=actor,
            verb="directory.service_created",
            target=service,
            payload={"organisation": str(organisation.id)},
        )
    return service


def service_update(*, actor, service: Service, details: ServiceDetails) -> Service:
    areas = _checked(details)
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        _apply(service, details, areas)
        service.last_confirmed_on = timezone.localdate()
        service.last_confirmed_by = getattr(actor, "email", "") or ""
        service.save(update_fields=["last_confirmed_on", "last_confirmed_by", "updated_at"])
        audit.record(actor=actor, verb="directory.service_updated", target=service)
    return service


def service_confirm(*, actor, service: Service, on: date | None = None) -> Service:
    """The provider says the entry is still right: it stops showing as stale."""
    with transaction.atomic():
        service.last_confirmed_on = on or timezone.localdate()
        service.last_confirmed_by = getattr(actor, "email", "") or ""
        service.save(update_fields=["last_confirmed_on", "last_confirmed_by", "updated_at"])
        audit.record(actor=actor, verb="directory.service_confirmed", target=service)
    return service


def details_of(service: Service) -> ServiceDetails:
    """The editable details of a stored service (for pre-filling the edit form)."""
    by_taxonomy: dict[str, list[str]] = {}
    for term in service.terms.select_related("taxonomy"):
        by_taxonomy.setdefault(term.taxonomy.code, []).append(term.code)
    return ServiceDetails(
        **{name: getattr(service, name) for name in SCALAR_FIELDS},
        need_codes=sorted(by_taxonomy.get(NEEDS.code, [])),
        referral_route_codes=sorted(by_taxonomy.get(REFERRAL_ROUTES.code, [])),
        custody_stage_codes=sorted(by_taxonomy.get(CUSTODY_STAGES.code, [])),
        delivery_codes=sorted(by_taxonomy.get(DELIVERY.code, [])),
        community_codes=sorted(by_taxonomy.get(COMMUNITIES.code, [])),
        local_authority_codes=sorted(service.local_authorities.values_list("code", flat=True)),
        icb_codes=sorted(service.icbs.values_list("code", flat=True)),
        pdu_codes=sorted(service.pdus.values_list("code", flat=True)),
        funding=[
            FundingDetails(f.source, f.starts_on, f.ends_on) for f in service.funding.order_by("ends_on")
        ],
        languages=[language.name for language in service.languages.all()],
    )


def directory_organisation_for(*, actor, owner) -> DirectoryOrganisation:
    """The directory entry of a Throughcare provider organisation, created the first time it is needed."""
    organisation = DirectoryOrganisation.objects.filter(owner=owner).order_by("created_at").first()
    if organisation is not None:
        return organisation
    with transaction.atomic():
        organisation = DirectoryOrganisation.objects.create(
            owner=owner, name=owner.name, description=owner.name
        )
        audit.record(actor=actor, verb="directory.organisation_created", target=organisation)
    return organisation


def location_create(*, actor, organisation: DirectoryOrganisation, details: LocationDetails) -> Location:
    place = _locate(details)
    with transaction.atomic():
        location = Location(organisation=organisation)
        _apply_location(location, details, place)
        audit.record(actor=actor, verb="directory.location_created", target=location)
    return location


def location_update(*, actor, location: Location, details: LocationDetails) -> Location:
    place = _locate(details)
    with transaction.atomic():
        _apply_location(location, details, place)
        audit.record(actor=actor, verb="directory.location_updated", target=location)
    return location


def _locate(details: LocationDetails):
    from throughcare.geography.geocoding import get_geocoder
    from throughcare.geography.postcodes import PostcodeError

    errors = {}
    if not details.name.strip():
        errors["name"] = "Enter the location's name, like 'Harbour Minds, Leeds hub'."
    place = None
    try:
        place = get_geocoder().locate(details.postal_code)
    except PostcodeError as exc:
        errors["postal_code"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return place


def _apply_location(location: Location, details: LocationDetails, place) -> None:
    location.name = details.name.strip()
    location.description = details.description.strip()
    location.address_1 = details.address_1.strip()
    location.city = details.city.strip()
    location.location_type = details.location_type
    location.postal_code = place.postcode or place.district
    location.latitude, location.longitude = place.latitude, place.longitude
    location.local_authority_code = place.local_authority_code or ""
    location.save()


def service_location_link(*, actor, service: Service, location: Location) -> ServiceAtLocation:
    if location.organisation_id != service.organisation_id:
        raise ValidationError({"location": "Choose one of your organisation's own locations."})
    with transaction.atomic():
        link, created = ServiceAtLocation.objects.get_or_create(service=service, location=location)
        if created:
            audit.record(actor=actor, verb="directory.service_location_linked", target=link)
    return link


def service_location_unlink(*, actor, link: ServiceAtLocation) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="directory.service_location_unlinked",
            target=link,
            payload={"service": str(link.service_id), "location": str(link.location_id)},
        )
        link.delete()
