"""One HSDS-UK fully nested service, checked and turned into the rows our directory stores.

A record is checked twice: against the UK profile's compiled service schema, and against our own
rules (an age range the right way round, capacity within its maximum, funding ending after it
starts, known codes for our own taxonomies, text that fits our columns). Every problem is reported
with the field it is in. A record that passes becomes a `ServiceRecord`: plain field values in a
fixed order, so that two records saying the same thing compare equal. That is how the importer
tells an unchanged service from a changed one: it parses what we already hold (serialised the way
the API publishes it) and compares.
"""

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from throughcare.directory.models import (
    Accessibility,
    DirectoryOrganisation,
    Location,
    Service,
    ServiceStatus,
)
from throughcare.directory.models.location import LocationType
from throughcare.directory.oruk import schemas
from throughcare.directory.oruk.attributes import SERVICE_FACT_FIELDS, read_attributes
from throughcare.directory.oruk.parsing_rows import RelatedRows
from throughcare.directory.oruk.reading import INTEGER_MAX, FieldReader

SERVICE_SCHEMA = "uk-profile/schema/compiled/service.json"
COUNT_FACTS = {"capacity_available": INTEGER_MAX, "capacity_maximum": INTEGER_MAX}


@dataclass
class ServiceRecord:
    """A service and everything it brings with it, as model field values. Lists are sorted by id."""

    id: UUID
    organisation: dict
    service: dict
    updated_at: datetime | None
    term_ids: tuple = ()
    areas: tuple = ()  # ((relation, (codes...)), ...)
    locations: tuple = ()
    location_refs: tuple = ()  # ids of locations named but not described (must already be stored)
    accessibility: tuple = ()
    links: tuple = ()
    schedules: tuple = ()
    service_areas: tuple = ()
    contacts: tuple = ()
    phones: tuple = ()
    languages: tuple = ()
    cost_options: tuple = ()
    funding: tuple = ()
    attributes: tuple = ()
    terms: tuple = ()
    index: int = field(default=0, compare=False)

    @property
    def location_ids(self) -> set:
        return {location["id"] for location in self.locations} | set(self.location_refs)


@dataclass
class RecordProblems:
    index: int
    id: str
    errors: list  # (field, message)


def _sorted(rows) -> tuple:
    return tuple(sorted(rows, key=lambda row: str(row["id"])))


def _service_defaults() -> dict:
    return {name: Service._meta.get_field(name).get_default() for name in SERVICE_FACT_FIELDS}


def parse_service(data, index: int = 0, *, check_schema: bool = True) -> ServiceRecord | RecordProblems:
    """The record as rows to store, or every problem found in it.

    `check_schema=False` skips the UK schema, for records we serialised ourselves.
    """
    if not isinstance(data, dict):
        return RecordProblems(index, "", [("", "Each service must be a JSON object.")])
    reader = FieldReader()
    validator = schemas.fast_validator(SERVICE_SCHEMA) if check_schema else None
    if validator is not None and not validator.is_valid(data):
        for path, message in schemas.fast_problems(validator, data):
            reader.error(path, f"Does not match the UK profile: {message}")
    service_id = reader.uuid(data, "id", "")
    try:
        record = _Parser(reader, data, service_id).parse() if service_id else None
    except (AttributeError, TypeError, KeyError, ValueError) as exc:
        # Our rules assume the UK schema's shapes; when the schema has already said where a record
        # is misshapen, that is the report. Otherwise name what could not be read.
        record = None
        if not reader.errors:
            reader.error("", f"This record could not be read ({type(exc).__name__}: {exc}).")
    if reader.errors or record is None:
        return RecordProblems(index, str(data.get("id", "")), reader.errors)
    record.index = index
    return record


class _Parser(RelatedRows):
    def __init__(self, reader: FieldReader, data: dict, service_id: UUID):
        self.r = reader
        self.data = data
        self.id = service_id
        self.attributes: list[dict] = []
        self.terms: dict[str, dict] = {}
        self.child_ids: dict = {}  # id -> (path, the JSON first met with it)

    def _unique(self, row_id, path: str, item=None) -> bool:
        """True the first time an id is met in the record.

        HSDS nests a record wherever it belongs, so one phone of both the service and a contact appears
        under each: the same id with the same content is that record met again (False, nothing to add).
        The same id with different content is two records claiming one key: an error naming both places.
        """
        if row_id is None:
            return True
        first = self.child_ids.get(row_id)
        if first is None:
            self.child_ids[row_id] = (path, item)
            return True
        first_path, first_item = first
        if item is None or first_item != item:
            where = first_path or "the top"
            self.r.error(
                f"{path}.id",
                f"This id is used twice in the record, with different content: first at {where}.",
            )
        return False

    def _other_attributes(self, read) -> None:
        self.attributes += read.stored
        for term in read.terms:
            self.terms[term["id"]] = term

    def parse(self) -> ServiceRecord:
        r, data = self.r, self.data
        service = {
            "name": r.text(data, "name", "", model=Service, required=True),
            "description": r.text(data, "description", ""),
            "url": r.web_address(data, "url", "", model=Service),
            "email": r.text(data, "email", "", model=Service),
            "status": r.choice(data, "status", "", ServiceStatus.values, default=ServiceStatus.ACTIVE),
            "alert": r.text(data, "alert", ""),
            "accreditations": r.text(data, "accreditations", ""),
            "alternate_name": r.text(data, "alternate_name", "", model=Service),
            "application_process": r.text(data, "application_process", ""),
            "eligibility_description": r.text(data, "eligibility_description", ""),
            # HSDS 3.0 says fees_description; the UK profile (like ORUK 1.0) says fees.
            "fees_description": r.text(data, "fees_description", "") or r.text(data, "fees", ""),
            "minimum_age": r.integer(data, "minimum_age", ""),
            "maximum_age": r.integer(data, "maximum_age", ""),
            # assured_date, but not assurer_email: we publish nothing about people, and keep nothing
            # we could not publish back (see serialisers.service_basic).
            "last_confirmed_on": r.date(data, "assured_date", ""),
        }
        if (
            service["minimum_age"] is not None
            and service["maximum_age"] is not None
            and service["minimum_age"] > service["maximum_age"]
        ):
            r.error("maximum_age", "The maximum age must be the same as or more than the minimum age.")
        read = read_attributes(
            data.get("attributes"), link_type="service", link_id=self.id, path="attributes", errors=r.errors
        )
        self._other_attributes(read)
        service.update(_service_defaults())
        service.update(read.values)
        service["tier"] = read.tier
        self._check_facts(service)
        funding = self._funding()
        if "funding_ends_on" not in read.values:
            ends = [row["ends_on"] for row in funding if row["ends_on"]]
            service["funding_ends_on"] = min(ends) if ends else None
        links, locations, location_refs, accessibility = self._links()
        contacts, phones = self._contacts()
        return ServiceRecord(
            id=self.id,
            organisation=self._organisation(),
            service=service,
            updated_at=r.moment(data, "last_modified", ""),
            term_ids=tuple(sorted(read.term_ids, key=str)),
            areas=tuple((relation, tuple(sorted(codes))) for relation, codes in sorted(read.areas.items())),
            locations=_sorted(locations),
            location_refs=tuple(sorted(set(location_refs), key=str)),
            accessibility=_sorted(accessibility),
            links=_sorted(links),
            schedules=_sorted(self._schedules({link["id"] for link in links})),
            service_areas=_sorted(self._service_areas()),
            contacts=_sorted(contacts),
            phones=_sorted(phones),
            languages=_sorted(self._languages()),
            cost_options=_sorted(self._cost_options()),
            funding=_sorted(funding),
            attributes=_sorted(self.attributes),
            terms=_sorted(self._terms()),
        )

    def _check_facts(self, service: dict) -> None:
        for name, limit in COUNT_FACTS.items():
            if service[name] is not None and service[name] > limit:
                self.r.error("attributes", f"{name} must be at most {limit}.")
        for name in ("radius_miles", "typical_wait_days"):
            if service[name] is not None and service[name] > 32767:
                self.r.error("attributes", f"{name} must be at most 32767.")
        if len(service["capacity_unit"] or "") > Service._meta.get_field("capacity_unit").max_length:
            self.r.error("attributes", "capacity_unit must be 50 characters or fewer.")
        available, maximum = service["capacity_available"], service["capacity_maximum"]
        if available is not None and maximum is not None and available > maximum:
            self.r.error(
                "attributes",
                f"Places available ({available}) cannot be more than the maximum ({maximum}).",
            )

    def _organisation(self) -> dict:
        r, data = self.r, self.data
        given = data.get("organization")
        reference = r.uuid(data, "organization_id", "", required=False)
        if not isinstance(given, dict):
            if reference is None:
                r.error(
                    "organization", "Give the service's organization, or the organization_id of one held."
                )
            return {"id": reference}
        organisation_id = r.uuid(given, "id", "organization", required=reference is None) or reference
        if reference and organisation_id != reference:
            r.error("organization_id", "organization_id and organization.id differ.")
        read = read_attributes(
            given.get("attributes"),
            link_type="organization",
            link_id=organisation_id,
            path="organization.attributes",
            errors=r.errors,
        )
        self._other_attributes(read)
        return {
            "id": organisation_id,
            "name": r.text(given, "name", "organization", model=DirectoryOrganisation, required=True),
            "description": r.text(given, "description", "organization"),
            "email": r.text(given, "email", "organization", model=DirectoryOrganisation),
            "website": r.web_address(given, "website", "organization", model=DirectoryOrganisation),
            "uri": r.web_address(given, "uri", "organization", model=DirectoryOrganisation),
            "logo": r.web_address(given, "logo", "organization", model=DirectoryOrganisation),
        }

    def _links(self):
        links, locations, references, accessibility = [], [], [], []
        for path, item in self.r.items(self.data, "service_at_locations", ""):
            link_id = self.r.uuid(item, "id", path)
            if not self._unique(link_id, path, item):
                continue
            given = item.get("location")
            if isinstance(given, dict):
                location = self._location(given, f"{path}.location", accessibility)
                location_id = location["id"]
                locations.append(location)
            else:
                location_id = self.r.uuid(item, "location_id", path)
                references.append(location_id)
            links.append(
                {
                    "id": link_id,
                    "location_id": location_id,
                    "description": self.r.text(item, "description", path),
                }
            )
        if len({link["location_id"] for link in links}) < len(links):
            self.r.error("service_at_locations", "A service is linked to each location once.")
        return links, locations, references, accessibility

    def _location(self, given: dict, path: str, accessibility: list) -> dict:
        r = self.r
        location_id = r.uuid(given, "id", path)
        read = read_attributes(
            given.get("attributes"),
            link_type="location",
            link_id=location_id,
            path=f"{path}.attributes",
            errors=r.errors,
        )
        self._other_attributes(read)
        location = {
            "id": location_id,
            "organisation_id": r.uuid(given, "organization_id", path, required=False),
            "location_type": r.choice(given, "location_type", path, LocationType.values, default="physical"),
            "name": r.text(given, "name", path, model=Location),
            "description": r.text(given, "description", path),
            "latitude": r.coordinate(given, "latitude", path, 90),
            "longitude": r.coordinate(given, "longitude", path, 180),
            "external_identifier": r.text(given, "external_identifier", path, model=Location),
            "external_identifier_type": r.text(given, "external_identifier_type", path, model=Location),
            "local_authority_code": read.values.get("local_authority_code", ""),
            **self._address(given, path, location_type=given.get("location_type")),
        }
        if (
            len(location["local_authority_code"])
            > Location._meta.get_field("local_authority_code").max_length
        ):
            r.error(f"{path}.attributes", "local_authority_code must be a GSS code, like E08000035.")
        for item_path, item in r.items(given, "accessibility", path):
            row_id = r.uuid(item, "id", item_path)
            if not self._unique(row_id, item_path, item):
                continue
            accessibility.append(
                {
                    "id": row_id,
                    "location_id": location_id,
                    "description": r.text(item, "description", item_path)
                    or r.text(item, "accessibility", item_path),
                    "details": r.text(item, "details", item_path),
                    "url": r.web_address(item, "url", item_path, model=Accessibility),
                }
            )
        return location

    def _address(self, given: dict, path: str, location_type) -> dict:
        """Our locations hold one address: the one of the location's own type, else the first."""
        found = self.r.items(given, "addresses", path)
        if not found:
            return {"address_1": "", "city": "", "state_province": "", "postal_code": "", "country": "GB"}
        item_path, item = next(((p, a) for p, a in found if a.get("address_type") == location_type), found[0])
        r = self.r
        return {
            "address_1": r.text(item, "address_1", item_path, model=Location),
            "city": r.text(item, "city", item_path, model=Location),
            "state_province": r.text(item, "state_province", item_path, model=Location),
            "postal_code": r.text(item, "postal_code", item_path, model=Location),
            "country": (r.text(item, "country", item_path, model=Location) or "GB").upper(),
        }
