"""Importing an HSDS tabular data package: the CSVs reassembled into fully nested services.

Taxonomies and terms are stored first, whole (a term's taxonomy keeps its description and version,
which an attribute in JSON cannot carry). Then each service row is put back together with its
organisation, locations and related rows, the shape the API publishes, and goes through the same
checks and writes as a JSON import (importing.py). File names come from the package's
datapackage.json where it names them, else from the UK profile's.
"""

import csv
import json
import re
from collections import defaultdict
from pathlib import Path
from uuid import UUID

from django.db import transaction

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.csv_safety import restore
from throughcare.core.web_addresses import is_safe_web_address
from throughcare.directory.models import Taxonomy, TaxonomyTerm
from throughcare.directory.oruk import facts
from throughcare.directory.oruk.importing import ImportReport, import_services
from throughcare.directory.oruk.sources import SourceError
from throughcare.directory.oruk.tabular import BY_NAME, TABLES
from throughcare.directory.vocabularies import VOCABULARIES

INTEGER = re.compile(r"^-?\d+$")
SERVICE_TABLES = (
    "service_at_location",
    "schedule",
    "service_area",
    "language",
    "funding",
    "cost_option",
    "contact",
    "phone",
)
OUR_TAXONOMY_CODES = {vocabulary.id: vocabulary.code for vocabulary in VOCABULARIES} | {
    facts.FACTS_TAXONOMY_ID: facts.FACTS_CODE
}


# An empty cell is left out, but these fields the UK profile requires even when they are empty.
REQUIRED_TEXT = {
    "organization": ("name", "description"),
    "address": ("address_1", "city", "state_province", "postal_code", "country", "address_type"),
    "taxonomy_term": ("name", "description"),
}


def _number(text: str):
    return int(text) if INTEGER.match(text) else float(text)


def read_tables(directory: Path) -> dict[str, list[dict]]:
    """Each table's rows, blank cells left out and numbers as numbers."""
    if not directory.is_dir():
        raise SourceError(f"{directory} is not a folder.")
    paths = {table.name: table.path for table in TABLES}
    descriptor = directory / "datapackage.json"
    if descriptor.exists():
        try:
            resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
        except json.JSONDecodeError as exc:
            raise SourceError(f"{descriptor} is not JSON: {exc}") from exc
        paths.update({r["name"]: r["path"] for r in resources if r.get("name") in BY_NAME and r.get("path")})
    tables = {}
    for name, path in paths.items():
        numbers = {column for column, kind, _format in BY_NAME[name].columns if kind == "number"}
        file = directory / path
        if not file.exists():
            tables[name] = []
            continue
        with file.open(encoding="utf-8-sig", newline="") as handle:
            try:
                tables[name] = [
                    {
                        **dict.fromkeys(REQUIRED_TEXT.get(name, ()), ""),
                        **{
                            key: (_number(restore(value)) if key in numbers else restore(value))
                            for key, value in row.items()
                            if key and value not in (None, "")
                        },
                    }
                    for row in csv.DictReader(handle)
                ]
            except ValueError as exc:
                raise SourceError(f"{file}: a number column holds something else ({exc}).") from exc
    return tables


def _grouped(rows: list[dict], column: str) -> dict:
    found = defaultdict(list)
    for row in rows:
        if row.get(column):
            found[row[column]].append(row)
    return found


class _Assembler:
    """Puts fully nested services back together from the tables' rows."""

    def __init__(self, tables: dict[str, list[dict]]):
        self.terms = {row["id"]: row for row in tables["taxonomy_term"]}
        self.organisations = {row["id"]: row for row in tables["organization"]}
        self.locations = {row["id"]: row for row in tables["location"]}
        self.attributes = _grouped(tables["attribute"], "link_id")
        self.by_service = {name: _grouped(tables[name], "service_id") for name in SERVICE_TABLES}
        self.schedules_by_link = _grouped(tables["schedule"], "service_at_location_id")
        self.phones_by_contact = _grouped(tables["phone"], "contact_id")
        self.addresses = _grouped(tables["address"], "location_id")
        self.accessibility = _grouped(tables["accessibility"], "location_id")

    def _with_attributes(self, row: dict) -> dict:
        attributes = []
        for attribute in self.attributes.get(row["id"], []):
            term = self.terms.get(
                attribute.get("taxonomy_term_id"), {"id": attribute.get("taxonomy_term_id")}
            )
            attributes.append({**attribute, "taxonomy_term": term})
        return {**row, "attributes": attributes} if attributes else dict(row)

    def _location(self, location_id: str) -> dict | None:
        row = self.locations.get(location_id)
        if row is None:
            return None
        location = self._with_attributes(row)
        for key, rows in (("addresses", self.addresses), ("accessibility", self.accessibility)):
            if rows.get(location_id):
                location[key] = rows[location_id]
        return location

    def service(self, row: dict) -> dict:
        service_id = row["id"]
        service = self._with_attributes(row)
        if row.get("organization_id") in self.organisations:
            service["organization"] = self._with_attributes(self.organisations[row["organization_id"]])
        links = []
        for link in self.by_service["service_at_location"].get(service_id, []):
            location = self._location(link.get("location_id"))
            links.append({**link, "location": location} if location else dict(link))
        schedules = {s["id"]: s for s in self.by_service["schedule"].get(service_id, [])}
        for link in links:
            schedules.update({s["id"]: s for s in self.schedules_by_link.get(link["id"], [])})
        contacts = [
            {**contact, "phones": self.phones_by_contact.get(contact["id"], [])}
            for contact in self.by_service["contact"].get(service_id, [])
        ]
        nested = {
            "service_at_locations": links,
            "schedules": list(schedules.values()),
            "service_areas": self.by_service["service_area"].get(service_id, []),
            "languages": self.by_service["language"].get(service_id, []),
            "funding": [self._with_attributes(f) for f in self.by_service["funding"].get(service_id, [])],
            "cost_options": self.by_service["cost_option"].get(service_id, []),
            "contacts": [{k: v for k, v in c.items() if v != []} for c in contacts],
            "phones": [p for p in self.by_service["phone"].get(service_id, []) if not p.get("contact_id")],
        }
        service.update({key: value for key, value in nested.items() if value})
        return service


def _uuid(value, where: str) -> UUID | None:
    if not value:
        return None
    try:
        return UUID(str(value))
    except ValueError:
        raise SourceError(f"{where}: {value!r} is not a UUID.") from None


def _link(row: dict, column: str, where: str) -> str:
    value = row.get(column, "")
    if value and not is_safe_web_address(value):
        raise SourceError(
            f"{where}: the {column} must start https:// or http://, or be a mailto: or tel: link."
        )
    return value


def _changed(model, row_id, values: dict) -> bool:
    """Store the row as given; True when that created or changed it."""
    stored = model.objects.filter(id=row_id).values(*values).first()
    if stored == values:
        return False
    model.objects.update_or_create(id=row_id, defaults=values)
    return True


def _store_taxonomies(tables: dict[str, list[dict]]) -> int:
    """Taxonomies and terms as the package gives them (our own keep their codes); how many changed."""
    changed = 0
    for number, row in enumerate(tables["taxonomy"], start=2):
        taxonomy_id = _uuid(row.get("id"), f"taxonomies.csv row {number}")
        changed += _changed(
            Taxonomy,
            taxonomy_id,
            {
                "code": OUR_TAXONOMY_CODES.get(taxonomy_id),
                "name": row.get("name", "")[:200],
                "description": row.get("description", ""),
                "uri": _link(row, "uri", f"taxonomies.csv row {number}"),
                "version": row.get("version", "")[:50],
            },
        )
    known_taxonomies = set(Taxonomy.objects.values_list("id", flat=True))
    parents = {}
    for number, row in enumerate(tables["taxonomy_term"], start=2):
        where = f"taxonomy_terms.csv row {number}"
        term_id, taxonomy_id = _uuid(row.get("id"), where), _uuid(row.get("taxonomy_id"), where)
        changed += _changed(
            TaxonomyTerm,
            term_id,
            {
                "taxonomy_id": taxonomy_id if taxonomy_id in known_taxonomies else None,
                "code": row.get("code", "")[:100],
                "name": row.get("name", "")[:200],
                "description": row.get("description", ""),
                "term_uri": _link(row, "term_uri", where),
                "taxonomy_name": "" if taxonomy_id in known_taxonomies else row.get("taxonomy", "")[:200],
            },
        )
        parents[term_id] = _uuid(row.get("parent_id"), where)
    # Parents last, once every term they could name is stored.
    stored = set(TaxonomyTerm.objects.filter(id__in=set(parents.values())).values_list("id", flat=True))
    for term_id, parent_id in parents.items():
        wanted = parent_id if parent_id in stored else None
        changed += TaxonomyTerm.objects.filter(id=term_id).exclude(parent_id=wanted).update(parent_id=wanted)
    return changed


def import_package(directory: Path, *, actor=None) -> ImportReport:
    tables = read_tables(directory)
    with transaction.atomic():
        changed = _store_taxonomies(tables)
        if changed:
            audit.record(
                actor=actor,
                verb=AuditVerb.DIRECTORY_TAXONOMIES_IMPORTED,
                target_type="directory.taxonomy",
                payload={"source": str(directory), "changed": changed},
            )
    assembler = _Assembler(tables)
    return import_services(
        (assembler.service(row) for row in tables["service"]), actor=actor, source=str(directory)
    )
