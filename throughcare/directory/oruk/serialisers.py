"""Directory records as HSDS-UK 3.0 JSON: list items, fully nested services and service-at-locations.

The shapes follow the UK profile's compiled schemas (uk-profile/schema/compiled/*.json). Where our
model holds a field the UK profile leaves out but HSDS 3.0 defines (a language's name, a contact's
email and phones, an attribute's value), it is included under its HSDS name so nothing is lost in
export and import; the profile allows additional properties. Empty optional values are left out
rather than sent as "" or null, which the schemas' types and formats would reject.

Full services load in a fixed number of queries whatever the page size (loading.py).
"""

import uuid
from datetime import UTC

from django.db.models import QuerySet

from throughcare.core.web_addresses import published_link
from throughcare.directory.models import (
    Attribute,
    Contact,
    Funding,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from throughcare.directory.oruk.attributes import (
    fact_attribute,
    service_attributes,
    sort_attributes,
    stored_attribute_json,
    term_json,
)
from throughcare.directory.oruk.loading import Related, related_of

ADDRESS_NAMESPACE = uuid.UUID("5b0f3c1d-96a4-4c0e-8d7e-2f61a9b3c804")


def published_services() -> QuerySet[Service]:
    """Only active, public services are published; everything else stays inside Throughcare."""
    return Service.objects.filter(status=ServiceStatus.ACTIVE, is_public=True)


def _compact(record: dict, *, keep: tuple[str, ...] = ()) -> dict:
    return {key: value for key, value in record.items() if key in keep or value not in (None, "")}


def timestamp(moment) -> str:
    """HSDS last_modified: UTC with millisecond accuracy, like 2026-03-15T10:30:45.123Z."""
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _time(value) -> str | None:
    return value.isoformat() if value else None


def address_id(location_id) -> uuid.UUID:
    """Our locations hold their address inline; its HSDS id is derived from the location's."""
    return uuid.uuid5(ADDRESS_NAMESPACE, str(location_id))


def organization_json(organisation, stored: list[Attribute] | None = None) -> dict:
    record = _compact(
        {
            "id": str(organisation.id),
            "name": organisation.name,
            "description": organisation.description,
            "email": organisation.email,
            "website": published_link(organisation.website),
            "uri": published_link(organisation.uri),
            "logo": published_link(organisation.logo),
        },
        keep=("description",),
    )
    if stored:
        record["attributes"] = sort_attributes([stored_attribute_json(a) for a in stored])
    return record


def service_basic(service: Service) -> dict:
    """The one-to-one fields and the organisation: a /services list item (compiled/service_list.json).

    `assurer_email` is left out: ours is the work email of the person who last confirmed the entry,
    and this API publishes nothing about people.
    """
    return {
        **_compact(
            {
                "id": str(service.id),
                "organization_id": str(service.organisation_id),
                "name": service.name,
                "description": service.description,
                "url": published_link(service.url),
                "email": service.email,
                "status": service.status,
                "accreditations": service.accreditations,
                "alternate_name": service.alternate_name,
                "application_process": service.application_process,
                "eligibility_description": service.eligibility_description,
                # fees is the UK profile's name for it, fees_description HSDS 3.0's.
                "fees": service.fees_description,
                "fees_description": service.fees_description,
                "minimum_age": service.minimum_age,
                "maximum_age": service.maximum_age,
                "assured_date": _date(service.last_confirmed_on),
                "alert": service.alert,
                "last_modified": timestamp(service.updated_at),
            },
            keep=("name",),
        ),
        "organization": organization_json(service.organisation),
    }


def service_minimal(service_id, updated_at) -> dict:
    """minimal=true: just the id and when it last changed, so a client can see what to fetch."""
    return {"id": str(service_id), "last_modified": timestamp(updated_at)}


def location_basic(location: Location) -> dict:
    return _compact(
        {
            "id": str(location.id),
            "location_type": location.location_type,
            "name": location.name,
            "description": location.description,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "external_identifier": location.external_identifier,
            "external_identifier_type": location.external_identifier_type,
            "organization_id": str(location.organisation_id) if location.organisation_id else None,
        }
    )


def _address(location: Location) -> dict:
    return {
        "id": str(address_id(location.id)),
        "location_id": str(location.id),
        "address_1": location.address_1,
        "city": location.city,
        "state_province": location.state_province,
        "postal_code": location.postal_code,
        "country": location.country or "GB",
        "address_type": location.location_type,
    }


def location_full(location: Location, stored: list[Attribute]) -> dict:
    record = location_basic(location)
    if location.address_1 or location.postal_code:
        record["addresses"] = [_address(location)]
    accessibility = [
        _compact(
            {
                "id": str(item.id),
                "location_id": str(location.id),
                "description": item.description,
                "details": item.details,
                "url": published_link(item.url),
            }
        )
        for item in location.oruk_accessibility
    ]
    if accessibility:
        record["accessibility"] = accessibility
    attributes = [stored_attribute_json(a) for a in stored]
    if location.local_authority_code:
        attributes.append(
            fact_attribute("location", location.id, "local_authority_code", location.local_authority_code)
        )
    if attributes:
        record["attributes"] = sort_attributes(attributes)
    return record


def _schedule(schedule: Schedule) -> dict:
    return _compact(
        {
            "id": str(schedule.id),
            "service_id": str(schedule.service_id) if schedule.service_id else None,
            "service_at_location_id": (
                str(schedule.service_at_location_id) if schedule.service_at_location_id else None
            ),
            "valid_from": _date(schedule.valid_from),
            "valid_to": _date(schedule.valid_to),
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "bymonthday": schedule.bymonthday,
            "opens_at": _time(schedule.opens_at),
            "closes_at": _time(schedule.closes_at),
            "description": schedule.description,
            "attending_type": schedule.attending_type,
            "notes": schedule.notes,
            "schedule_link": published_link(schedule.schedule_link),
        }
    )


def _phone(phone: Phone) -> dict:
    return _compact(
        {
            "id": str(phone.id),
            "contact_id": str(phone.contact_id) if phone.contact_id else None,
            "service_id": str(phone.service_id) if phone.service_id else None,
            "number": phone.number,
            "description": phone.description,
        },
        keep=("number",),
    )


def _contact(contact: Contact) -> dict:
    record = _compact(
        {
            "id": str(contact.id),
            "service_id": str(contact.service_id) if contact.service_id else None,
            "name": contact.name,
            "title": contact.title,
            "email": contact.email,
        }
    )
    phones = [_phone(phone) for phone in contact.oruk_phones]
    if phones:
        record["phones"] = phones
    return record


def _funding(funding: Funding) -> dict:
    record = {"id": str(funding.id), "service_id": str(funding.service_id), "source": funding.source}
    attributes = [
        fact_attribute("funding", funding.id, code, value)
        for code, value in (("funding_starts_on", funding.starts_on), ("funding_ends_on", funding.ends_on))
        if value
    ]
    if attributes:
        record["attributes"] = sort_attributes(attributes)
    return record


def _service_at_location(link: ServiceAtLocation, attributes_by_link) -> dict:
    return _compact(
        {
            "id": str(link.id),
            "service_id": str(link.service_id),
            "location_id": str(link.location_id),
            "description": link.description,
            "location": location_full(link.location, attributes_by_link.get(link.location_id, [])),
        }
    )


def full_services(services: list[Service]) -> list[dict]:
    """Fully nested services (compiled/service.json), for services loaded with `with_full_prefetch`."""
    related = related_of(services)
    return [_full_service(service, related) for service in services]


def _full_service(service: Service, related: Related) -> dict:
    attributes_by_link = related.attributes
    record = service_basic(service)
    record["organization"] = organization_json(
        service.organisation, attributes_by_link.get(service.organisation_id)
    )
    links = service.oruk_service_at_locations
    schedules = {schedule.id: schedule for schedule in service.oruk_schedules}
    for link in links:
        schedules.update({schedule.id: schedule for schedule in link.oruk_schedules})
    nested = {
        "schedules": [_schedule(schedules[key]) for key in sorted(schedules)],
        "service_areas": [
            _compact(
                {
                    "id": str(area.id),
                    "service_id": str(service.id),
                    "name": area.name,
                    "description": area.description,
                    "extent": area.extent,
                    "extent_type": area.extent_type,
                    "uri": published_link(area.uri),
                }
            )
            for area in service.oruk_service_areas
        ],
        "service_at_locations": [_service_at_location(link, attributes_by_link) for link in links],
        "languages": [
            _compact(
                {
                    "id": str(language.id),
                    "service_id": str(service.id),
                    "name": language.name,
                    "code": language.code,
                    "note": language.note,
                }
            )
            for language in service.oruk_languages
        ],
        "funding": [_funding(funding) for funding in service.oruk_funding],
        "cost_options": [
            _compact(
                {
                    "id": str(option.id),
                    "service_id": str(service.id),
                    "valid_from": _date(option.valid_from),
                    "valid_to": _date(option.valid_to),
                    "option": option.option,
                    "amount": float(option.amount) if option.amount is not None else None,
                    "amount_description": option.amount_description,
                }
            )
            for option in service.oruk_cost_options
        ],
        "contacts": [_contact(contact) for contact in service.oruk_contacts],
        "phones": [_phone(phone) for phone in service.oruk_own_phones],
        "attributes": service_attributes(
            service,
            terms=related.terms.get(service.id, []),
            areas=related.areas[service.id],
            stored=attributes_by_link.get(service.id, []),
        ),
    }
    # Empty lists are left out, like empty values: the record says only what is known.
    record.update({key: value for key, value in nested.items() if value})
    return record


def service_at_location_basic(link: ServiceAtLocation) -> dict:
    """A /service_at_locations list item (compiled/service_at_location_list.json)."""
    return {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": location_basic(link.location),
        "service": service_basic(link.service),
    }


def service_at_location_full(link: ServiceAtLocation, service: dict) -> dict:
    """A fully nested service at location (compiled/service_at_location.json), from its full service.

    It also carries the service's `name` and `status`: the UK profile's OpenAPI (which the ORUK
    validator runs) points this response at compiled/service.json, which requires them. Both are
    extra properties the service_at_location schema allows, so the response meets both schemas
    (docs/adr/0028-service-at-location-detail.md).
    """
    nested = next(item for item in service.get("service_at_locations", []) if item["id"] == str(link.id))
    service = {key: value for key, value in service.items() if key != "service_at_locations"}
    return {**nested, "name": service["name"], "status": service["status"], "service": service}


def taxonomy_json(taxonomy, terms=None) -> dict:
    record = _compact(
        {
            "id": str(taxonomy.id),
            "name": taxonomy.name,
            "description": taxonomy.description,
            "uri": published_link(taxonomy.uri),
            "version": taxonomy.version,
        },
        keep=("name", "description"),
    )
    if terms is not None:
        record["taxonomy_terms"] = [term_json(term) for term in terms]
    return record
