"""Writing parsed service records: a batch at a time, a few statements per table.

`store(records)` upserts the records' taxonomies and terms, organisations, locations and services by
id, then replaces each service's own related rows with what the record says. It runs inside the
caller's transaction (the importer gives each batch a savepoint, and each record its own savepoint
when a batch fails), so a record is stored whole or not at all.

Services keep the source's last_modified as their `updated_at`: the record describes the service as
it was then, and keeping it lets an exported directory be imported elsewhere unchanged.
"""

from django.db.models import Q
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
    ServiceCoverage,
    Taxonomy,
    TaxonomyTerm,
)
from throughcare.directory.oruk import bulk
from throughcare.directory.oruk.loading import through
from throughcare.directory.oruk.parsing import ServiceRecord
from throughcare.directory.term_codes import term_codes_text

ORGANISATION_FIELDS = ("name", "description", "email", "website", "uri", "logo")
LOCATION_FIELDS = (
    "organisation_id",
    "location_type",
    "name",
    "description",
    "address_1",
    "city",
    "state_province",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "local_authority_code",
    "external_identifier",
    "external_identifier_type",
)
TERM_FIELDS = ("taxonomy_id", "code", "name", "description", "parent_id", "term_uri", "taxonomy_name")
CHILD_TABLES = (
    ("schedules", Schedule),
    ("service_areas", ServiceArea),
    ("contacts", Contact),
    ("phones", Phone),
    ("languages", Language),
    ("cost_options", CostOption),
    ("funding", Funding),
)


def _upsert(model, rows: dict, fields: tuple[str, ...], **create_defaults) -> None:
    """Create rows not yet stored; update stored rows whose fields differ. `rows` is id -> field dict."""
    stored = model.objects.in_bulk(list(rows)) if rows else {}
    changed = []
    for row_id, values in rows.items():
        instance = stored.get(row_id)
        if instance is not None and any(getattr(instance, name) != values[name] for name in fields):
            for name in fields:
                setattr(instance, name, values[name])
            changed.append(instance)
    bulk.insert(
        model,
        [model(id=key, **create_defaults, **values) for key, values in rows.items() if key not in stored],
    )
    stamped = ("updated_at",) if any(f.name == "updated_at" for f in model._meta.concrete_fields) else ()
    for instance in changed:
        if stamped:
            instance.updated_at = timezone.now()
    bulk.update(model, changed, [*fields, *stamped])


def _store_terms(records: list[ServiceRecord]) -> None:
    terms = {term["id"]: term for record in records for term in record.terms}
    if not terms:
        return
    taxonomy_ids = {term["taxonomy_id"] for term in terms.values() if term["taxonomy_id"]}
    known = set(Taxonomy.objects.filter(id__in=taxonomy_ids).values_list("id", flat=True))
    bulk.insert(
        Taxonomy,
        [
            # Only the name travels with an attribute's term; a tabular import brings the rest.
            Taxonomy(id=taxonomy_id, name=_taxonomy_name(terms, taxonomy_id), description="")
            for taxonomy_id in taxonomy_ids - known
        ],
    )
    parents = {term["parent_id"] for term in terms.values() if term["parent_id"]}
    present = set(TaxonomyTerm.objects.filter(id__in=parents).values_list("id", flat=True)) | set(terms)
    rows = {
        term_id: {
            "taxonomy_id": term["taxonomy_id"],
            "code": term["code"],
            "name": term["name"],
            "description": term["description"],
            "parent_id": term["parent_id"] if term["parent_id"] in present else None,
            "term_uri": term["term_uri"],
            "taxonomy_name": "" if term["taxonomy_id"] else term["taxonomy"],
        }
        for term_id, term in terms.items()
    }
    _upsert(TaxonomyTerm, rows, TERM_FIELDS)


def _taxonomy_name(terms: dict, taxonomy_id) -> str:
    names = [
        term["taxonomy"] for term in terms.values() if term["taxonomy_id"] == taxonomy_id and term["taxonomy"]
    ]
    return names[0] if names else "Imported taxonomy"


def _store_organisations(records: list[ServiceRecord]) -> None:
    rows = {
        record.organisation["id"]: {name: record.organisation[name] for name in ORGANISATION_FIELDS}
        for record in records
        if "name" in record.organisation
    }
    _upsert(DirectoryOrganisation, rows, ORGANISATION_FIELDS, owner=None)


def _store_locations(records: list[ServiceRecord]) -> None:
    rows = {
        location["id"]: {name: location[name] for name in LOCATION_FIELDS}
        for record in records
        for location in record.locations
    }
    named = {row["organisation_id"] for row in rows.values() if row["organisation_id"]}
    held = set(DirectoryOrganisation.objects.filter(id__in=named).values_list("id", flat=True))
    for row in rows.values():
        if row["organisation_id"] not in held:
            row["organisation_id"] = None  # a location's provider we do not hold is left unnamed
    _upsert(Location, rows, LOCATION_FIELDS)


def _store_services(records: list[ServiceRecord]) -> dict:
    """Create or update the services themselves; returns id -> Service."""
    now = timezone.now()
    fields = [*records[0].service, "organisation_id", "updated_at", "term_codes"]
    stored = Service.objects.in_bulk([record.id for record in records])
    services = {}
    for record in records:
        service = stored.get(record.id) or Service(id=record.id, is_public=True, created_at=now)
        for name, value in record.service.items():
            setattr(service, name, value)
        service.organisation_id = record.organisation["id"]
        service.updated_at = record.updated_at or now  # the source's last_modified, kept
        # Bulk writes send no signal, so the terms' text is set with the terms (_replace_relations).
        service.term_codes = term_codes_text(record.term_ids)
        services[record.id] = service
    bulk.update(Service, list(stored.values()), fields)
    bulk.insert(Service, [service for key, service in services.items() if key not in stored])
    return services


def _replace_children(records: list[ServiceRecord]) -> None:
    service_ids = [record.id for record in records]
    organisation_ids = {record.organisation["id"] for record in records if "name" in record.organisation}
    links = ServiceAtLocation.objects.filter(service_id__in=service_ids)
    Schedule.objects.filter(Q(service_id__in=service_ids) | Q(service_at_location__in=links)).delete()
    links.delete()
    for _key, model in CHILD_TABLES:
        model.objects.filter(service_id__in=service_ids).delete()
    described = {location["id"] for record in records for location in record.locations}
    Accessibility.objects.filter(location_id__in=described).delete()
    Attribute.objects.filter(link_id__in=[*service_ids, *described, *organisation_ids]).delete()
    ServiceCoverage.objects.filter(service_id__in=service_ids).delete()

    bulk.insert(
        ServiceAtLocation,
        [ServiceAtLocation(service_id=record.id, **link) for record in records for link in record.links],
    )
    for key, model in CHILD_TABLES:
        if key in ("schedules", "phones"):  # these name their service (or not) themselves
            bulk.insert(model, [model(**row) for record in records for row in getattr(record, key)])
        else:
            bulk.insert(
                model,
                [model(service_id=record.id, **row) for record in records for row in getattr(record, key)],
            )
    bulk.insert(Accessibility, [Accessibility(**row) for record in records for row in record.accessibility])
    bulk.insert(Attribute, [Attribute(**row) for record in records for row in record.attributes])
    _replace_relations(records, service_ids)


def _replace_relations(records: list[ServiceRecord], service_ids: list) -> None:
    links = {
        "terms": [(record.id, term_id) for record in records for term_id in record.term_ids],
        **{
            relation: [
                (record.id, code) for record in records for code in dict(record.areas).get(relation, ())
            ]
            for relation in ("local_authorities", "icbs", "pdus")
        },
    }
    for relation, pairs in links.items():
        model, own, other = through(relation)
        model.objects.filter(**{f"{own}__in": service_ids}).delete()
        bulk.insert(model, [model(**{own: a, other: b}) for a, b in pairs])


def store(records: list[ServiceRecord]) -> dict:
    """Write the records (all new or changed); returns id -> Service for those with areas to cover."""
    if not records:
        return {}
    _store_terms(records)
    _store_organisations(records)
    _store_locations(records)
    services = _store_services(records)
    _replace_children(records)
    return {record.id: services[record.id] for record in records if any(codes for _r, codes in record.areas)}
