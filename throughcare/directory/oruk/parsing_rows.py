"""The rows hanging off a service record: schedules, areas, languages, costs, funding, contacts, phones.

A mixin of parsing._Parser, which provides `self.r` (the FieldReader), `self.data` (the record),
`self.id` (the service's id), `self.terms` and `self._unique()` (each record once, though nested in
several places).
"""

from uuid import UUID

from throughcare.directory.models import (
    Contact,
    CostOption,
    Funding,
    Language,
    Phone,
    Schedule,
    ServiceArea,
    TaxonomyTerm,
)
from throughcare.directory.oruk.attributes import read_attributes

FREQUENCIES = ("WEEKLY", "MONTHLY")


class RelatedRows:
    def _schedules(self, link_ids: set) -> list[dict]:
        rows = []
        for path, item in self.r.items(self.data, "schedules", ""):
            r = self.r
            row_id = r.uuid(item, "id", path)
            if not self._unique(row_id, path, item):
                continue
            link_id = r.uuid(item, "service_at_location_id", path, required=False)
            if link_id and link_id not in link_ids:
                r.error(
                    f"{path}.service_at_location_id", "This service has no service_at_location with that id."
                )
            named_service = r.uuid(item, "service_id", path, required=False)
            rows.append(
                {
                    "id": row_id,
                    "service_id": self.id if (named_service == self.id or not link_id) else None,
                    "service_at_location_id": link_id,
                    "valid_from": r.date(item, "valid_from", path),
                    "valid_to": r.date(item, "valid_to", path),
                    "freq": r.choice(item, "freq", path, FREQUENCIES),
                    "interval": r.integer(item, "interval", path),
                    "byday": r.text(item, "byday", path, model=Schedule),
                    "bymonthday": r.text(item, "bymonthday", path, model=Schedule),
                    "opens_at": r.time(item, "opens_at", path),
                    "closes_at": r.time(item, "closes_at", path),
                    "description": r.text(item, "description", path),
                    "attending_type": r.text(item, "attending_type", path, model=Schedule),
                    "notes": r.text(item, "notes", path),
                    "schedule_link": r.web_address(item, "schedule_link", path, model=Schedule),
                }
            )
        return rows

    def _rows(self, key: str, build) -> list[dict]:
        rows = []
        for path, item in self.r.items(self.data, key, ""):
            row_id = self.r.uuid(item, "id", path)
            if self._unique(row_id, path, item):
                rows.append({"id": row_id, **build(item, path)})
        return rows

    def _service_areas(self) -> list[dict]:
        r = self.r
        return self._rows(
            "service_areas",
            lambda item, path: {
                "name": r.text(item, "name", path, model=ServiceArea)
                or r.text(item, "service_area", path)[:255],
                "description": r.text(item, "description", path),
                "extent": r.text(item, "extent", path),
                "extent_type": r.text(item, "extent_type", path, model=ServiceArea),
                "uri": r.web_address(item, "uri", path, model=ServiceArea),
            },
        )

    def _languages(self) -> list[dict]:
        r = self.r
        return self._rows(
            "languages",
            lambda item, path: {
                "name": r.text(item, "name", path, model=Language),
                "code": r.text(item, "code", path, model=Language),
                "note": r.text(item, "note", path, model=Language),
            },
        )

    def _cost_options(self) -> list[dict]:
        r = self.r
        return self._rows(
            "cost_options",
            lambda item, path: {
                "valid_from": r.date(item, "valid_from", path),
                "valid_to": r.date(item, "valid_to", path),
                "option": r.text(item, "option", path, model=CostOption),
                "amount": r.amount(item, "amount", path),
                "amount_description": r.text(item, "amount_description", path, model=CostOption),
            },
        )

    def _funding(self) -> list[dict]:
        rows = []
        for path, item in self.r.items(self.data, "funding", ""):
            row_id = self.r.uuid(item, "id", path)
            if not self._unique(row_id, path, item):
                continue
            read = read_attributes(
                item.get("attributes"),
                link_type="funding",
                link_id=row_id,
                path=f"{path}.attributes",
                errors=self.r.errors,
            )
            starts_on, ends_on = read.values.get("funding_starts_on"), read.values.get("funding_ends_on")
            if starts_on and ends_on and ends_on < starts_on:
                self.r.error(f"{path}.attributes", "The funding must end on or after the date it starts.")
            rows.append(
                {
                    "id": row_id,
                    "source": self.r.text(item, "source", path, model=Funding),
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                }
            )
        return rows

    def _contacts(self):
        r, contacts, phones = self.r, [], []
        for path, item in r.items(self.data, "contacts", ""):
            contact_id = r.uuid(item, "id", path)
            if not self._unique(contact_id, path, item):
                continue
            contacts.append(
                {
                    "id": contact_id,
                    "name": r.text(item, "name", path, model=Contact),
                    "title": r.text(item, "title", path, model=Contact),
                    "email": r.text(item, "email", path, model=Contact),
                }
            )
            phones += [self._phone(p, phone, contact_id) for p, phone in r.items(item, "phones", path)]
        contact_ids = {contact["id"] for contact in contacts}
        by_id = {phone["id"]: phone for phone in phones if phone}
        for path, phone in r.items(self.data, "phones", ""):
            named = r.uuid(phone, "contact_id", path, required=False)
            row = self._phone(path, phone, named if named in contact_ids else None, service=True)
            met_again = by_id.get(self.r.uuid(phone, "id", path))
            if row is None and met_again is not None:
                met_again["service_id"] = self.id  # a contact's phone that is the service's too
            phones.append(row)
        return contacts, [phone for phone in phones if phone is not None]

    def _phone(self, path: str, item: dict, contact_id, *, service: bool = False) -> dict | None:
        row_id = self.r.uuid(item, "id", path)
        if not self._unique(row_id, path, item):
            return None
        named_service = self.r.uuid(item, "service_id", path, required=False)
        return {
            "id": row_id,
            "contact_id": contact_id,
            "service_id": self.id if service or named_service == self.id else None,
            "number": self.r.text(item, "number", path, model=Phone, required=True),
            "description": self.r.text(item, "description", path, model=Phone),
        }

    def _terms(self) -> list[dict]:
        rows = []
        for term in self.terms.values():
            path = "attributes.taxonomy_term"
            rows.append(
                {
                    "id": UUID(term["id"]),
                    "name": self.r.text(term, "name", path, model=TaxonomyTerm, required=True),
                    "description": self.r.text(term, "description", path),
                    "code": self.r.text(term, "code", path, model=TaxonomyTerm),
                    "taxonomy_id": self.r.uuid(term, "taxonomy_id", path, required=False),
                    "taxonomy": self.r.text(term, "taxonomy", path)[:200],
                    "parent_id": self.r.uuid(term, "parent_id", path, required=False),
                    "term_uri": self.r.web_address(term, "term_uri", path, model=TaxonomyTerm),
                }
            )
        return rows
