"""The published directory as an HSDS tabular data package: one CSV per table and datapackage.json.

Tables and file names follow the UK profile's datapackage.json; each table has the UK profile's
columns, plus the HSDS 3.0 columns our model fills that the profile leaves out (a language's name
and code, a contact's email, an attribute's value...), so that importing the package
(tabular_import.py) reproduces the directory. The rows are flattened from exactly the JSON the API
publishes, so the package and the API can never disagree.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from throughcare.core.csv_safety import SafeDictWriter
from throughcare.directory.models import Taxonomy, TaxonomyTerm
from throughcare.directory.oruk.attributes import term_json
from throughcare.directory.oruk.facts import ensure_service_facts
from throughcare.directory.oruk.loading import with_full_prefetch
from throughcare.directory.oruk.serialisers import (
    full_services,
    published_services,
    taxonomy_json,
)

BATCH = 500
S, N, D, DT, T = "string", "number", "date", "datetime", "time"


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    columns: tuple[tuple[str, str, str], ...]  # (name, type, format)
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, table it refers to)

    @property
    def column_names(self) -> list[str]:
        return [name for name, _type, _format in self.columns]

    def descriptor(self) -> dict:
        fields = [
            {"name": name, "type": kind, **({"format": fmt} if fmt else {})}
            for name, kind, fmt in self.columns
        ]
        schema = {"fields": fields, "primaryKey": "id"}
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": table, "fields": "id"}}
                for column, table in self.foreign_keys
            ]
        return {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }


def _id(name: str = "id") -> tuple[str, str, str]:
    return (name, S, "uuid")


TABLES = (
    Table(
        "organization",
        "organizations.csv",
        (
            _id(),
            ("name", S, ""),
            ("description", S, ""),
            ("email", S, "email"),
            ("website", S, "uri"),
            ("logo", S, ""),
            ("uri", S, "uri"),
            _id("parent_organization_id"),
        ),
    ),
    Table(
        "service",
        "services.csv",
        (
            _id(),
            _id("organization_id"),
            ("name", S, ""),
            ("description", S, ""),
            ("url", S, "uri"),
            ("email", S, "email"),
            ("status", S, ""),
            ("fees", S, ""),
            ("accreditations", S, ""),
            ("alternate_name", S, ""),
            ("application_process", S, ""),
            ("eligibility_description", S, ""),
            ("fees_description", S, ""),
            ("minimum_age", N, ""),
            ("maximum_age", N, ""),
            ("assured_date", D, ""),
            ("assurer_email", S, "email"),
            ("alert", S, ""),
            ("last_modified", DT, ""),
        ),
        (("organization_id", "organization"),),
    ),
    Table(
        "location",
        "locations.csv",
        (
            _id(),
            ("location_type", S, ""),
            ("name", S, ""),
            ("description", S, ""),
            ("latitude", N, ""),
            ("longitude", N, ""),
            ("external_identifier", S, ""),
            ("external_identifier_type", S, ""),
            _id("organization_id"),
        ),
    ),
    Table(
        "service_at_location",
        "service_at_location.csv",
        (_id(), _id("service_id"), _id("location_id"), ("description", S, "")),
        (("service_id", "service"), ("location_id", "location")),
    ),
    Table(
        "address",
        "address.csv",
        (
            _id(),
            _id("location_id"),
            ("attention", S, ""),
            ("address_1", S, ""),
            ("city", S, ""),
            ("region", S, ""),
            ("state_province", S, ""),
            ("postal_code", S, ""),
            ("country", S, ""),
            ("address_type", S, ""),
        ),
        (("location_id", "location"),),
    ),
    Table(
        "contact",
        "contacts.csv",
        (_id(), _id("service_id"), ("name", S, ""), ("title", S, ""), ("email", S, "email")),
        (("service_id", "service"),),
    ),
    Table(
        "phone",
        "phones.csv",
        (_id(), _id("contact_id"), ("number", S, ""), ("description", S, ""), _id("service_id")),
        (("contact_id", "contact"), ("service_id", "service")),
    ),
    Table(
        "schedule",
        "schedule.csv",
        (
            _id(),
            _id("service_id"),
            _id("service_at_location_id"),
            ("valid_from", D, ""),
            ("valid_to", D, ""),
            ("dtstart", D, ""),
            ("freq", S, ""),
            ("interval", N, ""),
            ("byday", S, ""),
            ("bymonthday", S, ""),
            ("description", S, ""),
            ("opens_at", T, ""),
            ("closes_at", T, ""),
            ("schedule_link", S, "uri"),
            ("attending_type", S, ""),
            ("notes", S, ""),
        ),
        (("service_id", "service"), ("service_at_location_id", "service_at_location")),
    ),
    Table(
        "funding", "funding.csv", (_id(), _id("service_id"), ("source", S, "")), (("service_id", "service"),)
    ),
    Table(
        "service_area",
        "service_areas.csv",
        (
            _id(),
            _id("service_id"),
            ("name", S, ""),
            ("extent", S, ""),
            ("extent_type", S, ""),
            ("uri", S, ""),
            ("service_area", S, ""),
            ("description", S, ""),
        ),
        (("service_id", "service"),),
    ),
    Table(
        "language",
        "languages.csv",
        (_id(), _id("service_id"), _id("phone_id"), ("name", S, ""), ("code", S, ""), ("note", S, "")),
        (("service_id", "service"), ("phone_id", "phone")),
    ),
    Table(
        "accessibility",
        "accessibility.csv",
        (
            _id(),
            _id("location_id"),
            ("description", S, ""),
            ("details", S, ""),
            ("url", S, "uri"),
            ("accessibility", S, ""),
        ),
        (("location_id", "location"),),
    ),
    Table(
        "cost_option",
        "cost_options.csv",
        (
            _id(),
            _id("service_id"),
            ("valid_from", D, ""),
            ("valid_to", D, ""),
            ("option", S, ""),
            ("amount", N, ""),
            ("amount_description", S, ""),
        ),
        (("service_id", "service"),),
    ),
    Table(
        "taxonomy",
        "taxonomies.csv",
        (_id(), ("name", S, ""), ("description", S, ""), ("uri", S, "uri"), ("version", S, "")),
    ),
    Table(
        "taxonomy_term",
        "taxonomy_terms.csv",
        (
            _id(),
            ("name", S, ""),
            ("description", S, ""),
            _id("parent_id"),
            ("taxonomy", S, ""),
            _id("taxonomy_id"),
            ("term_uri", S, "uri"),
            ("term", S, ""),
            ("code", S, ""),
        ),
        (("taxonomy_id", "taxonomy"),),
    ),
    Table(
        "attribute",
        "attribute.csv",
        (_id(), _id("link_id"), _id("taxonomy_term_id"), ("link_type", S, ""), ("value", S, "")),
        (("taxonomy_term_id", "taxonomy_term"),),
    ),
)
BY_NAME = {table.name: table for table in TABLES}


def datapackage() -> dict:
    return {
        "name": "throughcare-directory",
        "title": "Throughcare service directory",
        "description": "Community mental health support for people on probation or leaving prison in "
        "England, as Open Referral UK (HSDS-UK 3.0) tables.",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "created": timezone.now().isoformat(timespec="seconds"),
        "resources": [table.descriptor() for table in TABLES],
    }


def _attribute_rows(record: dict) -> list[dict]:
    return [{**attribute, "taxonomy_term": None} for attribute in record.get("attributes", [])]


def flatten(service: dict) -> dict[str, list[dict]]:
    """One fully nested service as rows of each table (its organisation and locations included)."""
    rows: dict[str, list[dict]] = {table.name: [] for table in TABLES}
    organisation = service["organization"]
    rows["organization"].append(organisation)
    rows["attribute"] += _attribute_rows(organisation)
    rows["service"].append(service)
    for link in service.get("service_at_locations", []):
        location = link["location"]
        rows["service_at_location"].append(link)
        rows["location"].append(location)
        rows["address"] += location.get("addresses", [])
        rows["accessibility"] += location.get("accessibility", [])
        rows["attribute"] += _attribute_rows(location)
    for key, table in (
        ("schedules", "schedule"),
        ("service_areas", "service_area"),
        ("languages", "language"),
        ("cost_options", "cost_option"),
        ("phones", "phone"),
    ):
        rows[table] += service.get(key, [])
    for funding in service.get("funding", []):
        rows["funding"].append(funding)
        rows["attribute"] += _attribute_rows(funding)
    for contact in service.get("contacts", []):
        rows["contact"].append(contact)
        rows["phone"] += contact.get("phones", [])
    rows["attribute"] += _attribute_rows(service)
    return rows


def export_package(directory: Path, *, batch_size: int = BATCH) -> dict[str, int]:
    """Write the published directory to `directory`; returns the rows written per table."""
    ensure_service_facts()
    directory.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(BY_NAME, 0)
    files = {table.name: (directory / table.path).open("w", encoding="utf-8", newline="") for table in TABLES}
    try:
        writers = {
            table.name: SafeDictWriter(files[table.name], table.column_names, extrasaction="ignore")
            for table in TABLES
        }
        for writer in writers.values():
            writer.writeheader()

        def write(table: str, row: dict) -> None:
            writers[table].writerow({key: value for key, value in row.items() if value is not None})
            counts[table] += 1

        for taxonomy in Taxonomy.objects.order_by("id"):
            write("taxonomy", taxonomy_json(taxonomy))
        for term in TaxonomyTerm.objects.select_related("taxonomy").order_by("id"):
            write("taxonomy_term", term_json(term))
        ids = list(published_services().order_by("id").values_list("id", flat=True))
        written: dict[str, set] = {
            name: set() for name in ("organization", "location", "address", "accessibility", "attribute")
        }
        for start in range(0, len(ids), batch_size):
            services = list(
                with_full_prefetch(published_services().filter(id__in=ids[start : start + batch_size]))
            )
            for service in full_services(services):
                for table, table_rows in flatten(service).items():
                    for row in table_rows:
                        if table in written:
                            if row["id"] in written[table]:
                                continue  # shared by several services: written once
                            written[table].add(row["id"])
                        write(table, row)
    finally:
        for file in files.values():
            file.close()
    (directory / "datapackage.json").write_text(json.dumps(datapackage(), indent=2) + "\n", encoding="utf-8")
    return counts
