"""Every change to the directory: validated, in a transaction, audited.

Provider managers maintain only their own organisation's services; the selectors find those, and
these functions trust that the caller has already scoped the record.
"""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.versions import check_unchanged
from throughcare.directory.details import FundingDetails, LocationDetails, ServiceDetails
from throughcare.directory.models import (
    DirectoryOrganisation,
    Funding,
    Language,
    Location,
    Service,
    ServiceAtLocation,
    ServiceCoverage,
    TaxonomyTerm,
)
from throughcare.directory.service_facts import EDITABLE
from throughcare.directory.service_rules import TERM_FIELDS, service_of, validate_service
from throughcare.directory.vocabularies import (
    COMMUNITIES,
    CUSTODY_STAGES,
    DELIVERY,
    ELIGIBILITY,
    NEEDS,
    REFERRAL_ROUTES,
    TIERS,
)
from throughcare.geography.models import Icb, LocalAuthority, Pdu

if TYPE_CHECKING:
    from throughcare.accounts.models import User

# The areas a service may cover, by the field of its details that lists their codes.
AREA_FIELDS: tuple[tuple[str, type[LocalAuthority | Icb | Pdu]], ...] = (
    ("local_authority_codes", LocalAuthority),
    ("icb_codes", Icb),
    ("pdu_codes", Pdu),
)


def _resolve_areas(details: ServiceDetails, errors: dict[str, str]):
    found = {}
    for field_name, model in AREA_FIELDS:
        codes = set(getattr(details, field_name))
        areas: list[LocalAuthority | Icb | Pdu] = list(model.objects.filter(code__in=codes))
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


# Every fact the service page edits (service_facts.py).
SCALAR_FIELDS = EDITABLE


def _apply(service: Service, details: ServiceDetails, areas) -> None:
    if (details.capacity_available, details.capacity_maximum) != (
        service.capacity_available,
        service.capacity_maximum,
    ):
        service.capacity_updated_at = timezone.now()
    service_of(details, service)
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
    errors = validate_service(details)
    areas = _resolve_areas(details, errors)
    if errors:
        raise ValidationError(errors)
    return areas


def service_create(
    *, actor: "User | None", organisation: DirectoryOrganisation, details: ServiceDetails
) -> Service:
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
            verb=AuditVerb.DIRECTORY_SERVICE_CREATED,
            target=service,
            payload={"organisation": str(organisation.id)},
        )
    return service


def service_update(
    *, actor: "User | None", service: Service, details: ServiceDetails, expected_version: str | None = None
) -> Service:
    """With `expected_version`, refuse (EditedMeanwhileError) if someone saved it since that version."""
    areas = _checked(details)
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        check_unchanged(service, expected_version, what="service")
        _apply(service, details, areas)
        service.last_confirmed_on = timezone.localdate()
        service.last_confirmed_by = getattr(actor, "email", "") or ""
        service.save(update_fields=["last_confirmed_on", "last_confirmed_by", "updated_at"])
        audit.record(actor=actor, verb=AuditVerb.DIRECTORY_SERVICE_UPDATED, target=service)
    return service


def service_confirm(*, actor: "User | None", service: Service, on: date | None = None) -> Service:
    """The provider says the entry is still right: it stops showing as stale."""
    with transaction.atomic():
        service.last_confirmed_on = on or timezone.localdate()
        service.last_confirmed_by = getattr(actor, "email", "") or ""
        service.save(update_fields=["last_confirmed_on", "last_confirmed_by", "updated_at"])
        audit.record(actor=actor, verb=AuditVerb.DIRECTORY_SERVICE_CONFIRMED, target=service)
    return service


def details_of(service: Service) -> ServiceDetails:
    """The editable details of a stored service (for pre-filling the edit form)."""
    by_taxonomy: dict[str | None, list[str]] = {}
    for term in service.terms.select_related("taxonomy"):
        assert term.taxonomy is not None  # a service's terms are all from a vocabulary
        by_taxonomy.setdefault(term.taxonomy.code, []).append(term.code)
    return ServiceDetails(
        **{name: getattr(service, name) for name in SCALAR_FIELDS},
        need_codes=sorted(by_taxonomy.get(NEEDS.code, [])),
        referral_route_codes=sorted(by_taxonomy.get(REFERRAL_ROUTES.code, [])),
        custody_stage_codes=sorted(by_taxonomy.get(CUSTODY_STAGES.code, [])),
        delivery_codes=sorted(by_taxonomy.get(DELIVERY.code, [])),
        community_codes=sorted(by_taxonomy.get(COMMUNITIES.code, [])),
        eligibility_codes=sorted(by_taxonomy.get(ELIGIBILITY.code, [])),
        local_authority_codes=sorted(service.local_authorities.values_list("code", flat=True)),
        icb_codes=sorted(service.icbs.values_list("code", flat=True)),
        pdu_codes=sorted(service.pdus.values_list("code", flat=True)),
        funding=[
            FundingDetails(f.source, f.starts_on, f.ends_on) for f in service.funding.order_by("ends_on")
        ],
        languages=[language.name for language in service.languages.all()],
    )


def directory_organisation_for(*, actor: "User | None", owner) -> DirectoryOrganisation:
    """The directory entry of a Throughcare provider organisation, created the first time it is needed."""
    organisation = DirectoryOrganisation.objects.filter(owner=owner).order_by("created_at").first()
    if organisation is not None:
        return organisation
    with transaction.atomic():
        organisation = DirectoryOrganisation.objects.create(
            owner=owner, name=owner.name, description=owner.name
        )
        audit.record(actor=actor, verb=AuditVerb.DIRECTORY_ORGANISATION_CREATED, target=organisation)
    return organisation


def location_create(
    *, actor: "User | None", organisation: DirectoryOrganisation, details: LocationDetails
) -> Location:
    place = _locate(details)
    with transaction.atomic():
        location = Location(organisation=organisation)
        _apply_location(location, details, place)
        audit.record(actor=actor, verb=AuditVerb.DIRECTORY_LOCATION_CREATED, target=location)
    return location


def location_update(*, actor: "User | None", location: Location, details: LocationDetails) -> Location:
    place = _locate(details)
    with transaction.atomic():
        _apply_location(location, details, place)
        audit.record(actor=actor, verb=AuditVerb.DIRECTORY_LOCATION_UPDATED, target=location)
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


def service_location_link(*, actor: "User | None", service: Service, location: Location) -> ServiceAtLocation:
    if location.organisation_id != service.organisation_id:
        raise ValidationError({"location": "Choose one of your organisation's own locations."})
    with transaction.atomic():
        link, created = ServiceAtLocation.objects.get_or_create(service=service, location=location)
        if created:
            audit.record(actor=actor, verb=AuditVerb.DIRECTORY_SERVICE_LOCATION_LINKED, target=link)
    return link


def service_location_unlink(*, actor: "User | None", link: ServiceAtLocation) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb=AuditVerb.DIRECTORY_SERVICE_LOCATION_UNLINKED,
            target=link,
            payload={"service": str(link.service_id), "location": str(link.location_id)},
        )
        link.delete()
