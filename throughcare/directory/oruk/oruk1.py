"""ORUK 1.0 services (the shape many English councils still publish) as HSDS-UK 3.0 services.

ORUK 1.0 (HSDS 1.x/2.0 era) names its collections in the plural of the table, with an s:
`service_taxonomys`, `regular_schedules`, `eligibilitys`, `fundings`, and nests a location's
`physical_addresses` and `accessibility_for_disabilities`. `convert` maps each onto its HSDS 3.0
field, so the record then goes through exactly the checks a 3.0 record does (parsing.py), and
lists every part it could not map: never dropped silently.

ORUK 1.0 ids are often not UUIDs ("123", "lbh-srv-42"). Such an id becomes a UUID derived from the
feed and the id, so the same feed gives the same UUID on every run (a sync updates, not duplicates)
and two councils' service "1" stay two services.
"""

import uuid

from throughcare.directory.oruk.notes import NotKept

ORUK1_NAMESPACE = uuid.UUID("6b0b6f0e-0c3e-4d8a-9a7e-2f3b1d4c5e61")
SHARED_KINDS = {"service", "organization", "location", "taxonomy_term"}
# Present only in ORUK 1.0 records: seeing any of them says which shape a record has.
ORUK1_MARKERS = (
    "service_taxonomys",
    "regular_schedules",
    "holiday_schedules",
    "eligibilitys",
    "fundings",
    "reviews",
    "attending_type",
    "attending_access",
    "deliverable_type",
)
WEEKDAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
COUNTRIES = {"england": "GB", "wales": "GB", "scotland": "GB", "united kingdom": "GB", "uk": "GB"}
NOT_MAPPED = {
    "holiday_schedules": "Throughcare holds no holiday closures.",
    "reviews": "Throughcare holds no reviews.",
    "attending_type": "Throughcare records how a service is delivered with its own delivery codes.",
    "attending_access": "Throughcare records how a service is delivered with its own delivery codes.",
    "deliverable_type": "Throughcare records how a service is delivered with its own delivery codes.",
    "links": "Throughcare holds no links besides the service's website.",
}


# What convert() maps, at each level; anything else with a value is listed as not kept.
MAPPED_SERVICE = {
    "id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "fees",
    "accreditations",
    "assured_date",
    "organization",
    "organization_id",
    "eligibilitys",
    "service_taxonomys",
    "regular_schedules",
    "service_at_locations",
    "contacts",
    "cost_options",
    "languages",
    "service_areas",
    "fundings",
    "funding",
    *NOT_MAPPED,
}
MAPPED_LINK = {"id", "service_id", "location_id", "location", "regular_schedules", "holiday_schedules"}
MAPPED_LOCATION = {
    "id",
    "name",
    "description",
    "latitude",
    "longitude",
    "physical_addresses",
    "accessibility_for_disabilities",
}
NO_PLACE = "Not kept: Throughcare has no place for it."


def is_oruk1(record) -> bool:
    if not isinstance(record, dict):
        return False
    if any(key in record for key in ORUK1_MARKERS):
        return True
    return any(
        isinstance(link, dict)
        and isinstance(link.get("location"), dict)
        and "physical_addresses" in link["location"]
        for link in _list(record.get("service_at_locations"))
    )


def _list(value) -> list:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


class _Converter:
    def __init__(self, source: str, index: int, record: dict):
        self.source = source.strip().rstrip("/")
        self.index = index
        self.record = record
        self.notes: list[NotKept] = []

    def uid(self, kind: str, value, *fallback, within: str | None = None) -> str:
        """The id as a UUID: kept if it is one, else derived from the feed, the kind and the id.

        Organisations, locations and terms are shared, so their ids are the feed's. Everything
        else belongs to one service (an address or accessibility to one location), and some feeds
        number those rows within it ("contact 1" of every service), so those ids are read within it.
        """
        if value not in (None, ""):
            try:
                return str(uuid.UUID(str(value)))
            except ValueError:
                pass
        else:
            value = "/".join(str(part) for part in fallback)  # no id: its place in the record
        if within is None:
            within = "" if kind in SHARED_KINDS else str(self.record.get("id"))
        scope = f"{within}|" if within else ""
        return str(uuid.uuid5(ORUK1_NAMESPACE, f"{self.source}|{kind}|{scope}{value}"))

    def note(self, field: str, reason: str) -> None:
        self.notes.append(NotKept(self.index, str(self.record.get("id", "")), field, reason))

    def convert(self) -> dict:
        old = self.record
        service_id = self.uid("service", old.get("id"))
        new = {
            key: old[key]
            for key in ("name", "description", "url", "email", "status", "accreditations", "assured_date")
            if old.get(key) not in (None, "")
        }
        if isinstance(new.get("status"), str):
            new["status"] = new["status"].strip().lower()  # some feeds say "Active"
        new["id"] = service_id
        if old.get("fees"):
            new["fees_description"] = old["fees"]
        if isinstance(old.get("organization"), dict):
            new["organization"] = self._organisation(old["organization"])
        elif old.get("organization_id"):
            new["organization_id"] = self.uid("organization", old["organization_id"])
        new.update(self._eligibility(_list(old.get("eligibilitys"))))
        new["attributes"] = self._taxonomies(service_id, _list(old.get("service_taxonomys")))
        links, schedules = self._links(service_id)
        new["service_at_locations"] = links
        new["schedules"] = schedules + self._schedules(
            _list(old.get("regular_schedules")), "regular_schedules", service_id=service_id
        )
        new["contacts"] = self._contacts(_list(old.get("contacts")))
        new["cost_options"] = [
            {"id": self.uid("cost_option", item.get("id"), "cost", n), **_pick(item, COST_FIELDS)}
            for n, item in enumerate(_list(old.get("cost_options")))
        ]
        new["languages"] = [
            {"id": self.uid("language", item.get("id"), "language", n), "name": item.get("language", "")}
            for n, item in enumerate(_list(old.get("languages")))
        ]
        new["service_areas"] = [
            {
                "id": self.uid("service_area", item.get("id"), "area", n),
                "name": item.get("service_area") or "",
                **_pick(item, ("extent", "uri")),
            }
            for n, item in enumerate(_list(old.get("service_areas")))
        ]
        new["funding"] = [
            {"id": self.uid("funding", item.get("id"), "funding", n), "source": item.get("source") or ""}
            for n, item in enumerate(_list(old.get("fundings") or old.get("funding")))
        ]
        for key, reason in NOT_MAPPED.items():
            if old.get(key) not in (None, "", [], {}):
                self.note(key, f"Not kept: {reason}")
        self._unmapped(old, MAPPED_SERVICE, "")
        return new

    def _unmapped(self, item: dict, mapped: set, path: str) -> None:
        for key, value in item.items():
            if key not in mapped and value not in (None, "", [], {}):
                self.note(f"{path}.{key}" if path else key, NO_PLACE)

    def _organisation(self, given: dict) -> dict:
        organisation = {"id": self.uid("organization", given.get("id"))}
        organisation.update(_pick(given, ("name", "description", "email", "logo", "uri")))
        website = given.get("website") or given.get("url")
        if website:
            organisation["website"] = website
        for key in ("reviews", "services"):
            if given.get(key):
                self.note(f"organization.{key}", "Not kept: only this service is imported from it.")
        return organisation

    def _eligibility(self, items: list[dict]) -> dict:
        """ORUK 1.0 gives eligibility as a list (an age band or a group each); HSDS 3.0 as fields."""
        found: dict = {}
        minimums = [item["minimum_age"] for item in items if isinstance(item.get("minimum_age"), int)]
        maximums = [item["maximum_age"] for item in items if isinstance(item.get("maximum_age"), int)]
        if minimums:
            found["minimum_age"] = min(minimums)
        if maximums:
            found["maximum_age"] = max(maximums)
        words = [str(item["eligibility"]) for item in items if item.get("eligibility")]
        if words:
            found["eligibility_description"] = "; ".join(dict.fromkeys(words))
        return found

    def _taxonomies(self, service_id: str, items: list[dict]) -> list[dict]:
        attributes = []
        for n, item in enumerate(items):
            taxonomy = item.get("taxonomy") if isinstance(item.get("taxonomy"), dict) else {}
            if not taxonomy.get("name"):
                self.note(f"service_taxonomys[{n}]", "Not kept: the term has no name.")
                continue
            term_id = self.uid("taxonomy_term", taxonomy.get("id"), "term", taxonomy["name"])
            term = {
                "id": term_id,
                "name": taxonomy["name"],
                "description": taxonomy.get("description") or "",  # the UK profile requires one
                "code": str(taxonomy.get("id") or ""),
            }
            if taxonomy.get("vocabulary"):
                term["taxonomy"] = taxonomy["vocabulary"]
            if taxonomy.get("parent"):
                term["parent_id"] = self.uid("taxonomy_term", taxonomy["parent"])
            attributes.append(
                {
                    "id": self.uid("attribute", item.get("id"), "attribute", service_id, n),
                    "link_id": service_id,
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": term_id,
                    "taxonomy_term": term,
                }
            )
        return attributes

    def _links(self, service_id: str) -> tuple[list[dict], list[dict]]:
        links, schedules = [], []
        for n, item in enumerate(_list(self.record.get("service_at_locations"))):
            link_id = self.uid("service_at_location", item.get("id"), "link", service_id, n)
            link = {"id": link_id}
            if isinstance(item.get("location"), dict):
                link["location"] = self._location(item["location"], f"service_at_locations[{n}]")
            elif item.get("location_id"):
                link["location_id"] = self.uid("location", item["location_id"])
            links.append(link)
            self._unmapped(item, MAPPED_LINK, f"service_at_locations[{n}]")
            schedules += self._schedules(
                _list(item.get("regular_schedules")),
                f"service_at_locations[{n}].regular_schedules",
                service_at_location_id=link_id,
            )
            if item.get("holiday_schedules"):
                self.note(
                    f"service_at_locations[{n}].holiday_schedules",
                    f"Not kept: {NOT_MAPPED['holiday_schedules']}",
                )
        return links, schedules

    def _location(self, given: dict, path: str) -> dict:
        location_id = self.uid("location", given.get("id"))
        location = {"id": location_id, "location_type": "physical"}
        self._unmapped(given, MAPPED_LOCATION, f"{path}.location")
        location.update(_pick(given, ("name", "description", "latitude", "longitude")))
        addresses = _list(given.get("physical_addresses"))
        if len(addresses) > 1:
            self.note(
                f"{path}.location.physical_addresses", "Not kept: Throughcare holds one address a location."
            )
        location["addresses"] = [
            {
                "id": self.uid("address", address.get("id"), "address", n, within=location_id),
                "address_type": "physical",
                "state_province": address.get("state_province") or "",  # the UK profile requires one
                **_pick(address, ("address_1", "city", "postal_code")),
                "country": COUNTRIES.get(str(address.get("country") or "GB").strip().lower())
                or str(address.get("country")),
            }
            for n, address in enumerate(addresses[:1])
        ]
        location["accessibility"] = [
            {
                "id": self.uid("accessibility", item.get("id"), "accessibility", n, within=location_id),
                "description": item.get("accessibility") or item.get("description") or "",
            }
            for n, item in enumerate(_list(given.get("accessibility_for_disabilities")))
        ]
        return location

    def _schedules(self, items: list[dict], path: str, **link) -> list[dict]:
        rows = []
        for n, item in enumerate(items):
            byday = item.get("byday") or WEEKDAYS.get(str(item.get("weekday") or "").strip().lower(), "")
            row = {
                "id": self.uid("schedule", item.get("id"), path, n, *link.values()),
                **link,
                "freq": str(item.get("freq") or "WEEKLY").upper(),
                **_pick(item, ("opens_at", "closes_at", "valid_from", "valid_to", "interval", "description")),
            }
            if byday:
                row["byday"] = byday
            rows.append(row)
        return rows

    def _contacts(self, items: list[dict]) -> list[dict]:
        contacts = []
        for n, item in enumerate(items):
            contact_id = self.uid("contact", item.get("id"), "contact", n)
            contact = {"id": contact_id, **_pick(item, ("name", "title", "email"))}
            contact["phones"] = [
                {
                    "id": self.uid("phone", phone.get("id"), "phone", contact_id, p),
                    "number": phone.get("number") or "",
                    **_pick(phone, ("description",)),
                }
                for p, phone in enumerate(_list(item.get("phones")))
            ]
            contacts.append(contact)
        return contacts


COST_FIELDS = ("option", "amount", "amount_description", "valid_from", "valid_to")


def _pick(item: dict, keys: tuple[str, ...]) -> dict:
    return {key: item[key] for key in keys if item.get(key) not in (None, "")}


def convert(record: dict, *, source: str, index: int) -> tuple[dict, list[NotKept]]:
    """The ORUK 1.0 record as an HSDS-UK 3.0 service, and what of it was not kept."""
    converter = _Converter(source, index, record)
    return converter.convert(), converter.notes
