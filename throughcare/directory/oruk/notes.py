"""What an import did not keep of a record it imported: listed, never dropped silently.

An HSDS 3.0 record may carry fields Throughcare has no place for (programs, required documents, a
location's transport notes...). The record still imports; each such field with a value is listed
with the record, so the publisher and the administrator can see what the directory does not show.
"""

from dataclasses import dataclass

KEPT_SERVICE = {
    "id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "application_process",
    "fees",
    "fees_description",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "alert",
    "last_modified",
    "organization",
    "organization_id",
    "phones",
    "schedules",
    "service_areas",
    "service_at_locations",
    "languages",
    "funding",
    "cost_options",
    "contacts",
    "attributes",
}
KEPT_ORGANISATION = {"id", "name", "description", "email", "website", "uri", "logo", "attributes", "services"}
KEPT_LINK = {"id", "service_id", "location_id", "location", "description"}
KEPT_LOCATION = {
    "id",
    "organization_id",
    "location_type",
    "name",
    "description",
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
    "addresses",
    "accessibility",
    "attributes",
}
REASONS = {
    "assurer_email": "Not kept: Throughcare publishes nothing about people, so keeps no one's email.",
}
NO_PLACE = "Not kept: Throughcare has no place for it."


@dataclass(frozen=True)
class NotKept:
    index: int
    id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"record {self.index} ({self.id or 'no id'}): {self.field}: {self.message}"


def _has_value(value) -> bool:
    return value not in (None, "", [], {})


def _unkept(item: dict, kept: set, path: str) -> list[tuple[str, str]]:
    return [
        (f"{path}.{key}" if path else key, REASONS.get(key, NO_PLACE))
        for key, value in item.items()
        if key not in kept and _has_value(value)
    ]


def not_kept(record: dict, index: int) -> list[NotKept]:
    """Each field of an HSDS 3.0 service (and its organisation and locations) that is not stored."""
    found = _unkept(record, KEPT_SERVICE, "")
    if isinstance(record.get("organization"), dict):
        found += _unkept(record["organization"], KEPT_ORGANISATION, "organization")
    links = record.get("service_at_locations")
    for n, link in enumerate(links if isinstance(links, list) else []):
        if not isinstance(link, dict):
            continue
        found += _unkept(link, KEPT_LINK, f"service_at_locations[{n}]")
        location = link.get("location")
        if isinstance(location, dict):
            path = f"service_at_locations[{n}].location"
            found += _unkept(location, KEPT_LOCATION, path)
            addresses = location.get("addresses")
            if isinstance(addresses, list) and len(addresses) > 1:
                found.append((f"{path}.addresses", "Not kept: Throughcare holds one address a location."))
    record_id = str(record.get("id", ""))
    return [NotKept(index, record_id, field, message) for field, message in found]
