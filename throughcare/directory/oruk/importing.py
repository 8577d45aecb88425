"""Importing Open Referral UK services: checked, upserted by id, idempotent, one bad record at a time.

Records are read in batches. Each record is checked against the UK profile's compiled service schema
and our own rules (parsing.py); failures are reported with the record's index, id, field and message,
and the import carries on. A record saying exactly what we already hold is left alone, so a second
run of the same source creates and updates nothing. Each batch is written in bulk inside a
savepoint; if the database refuses it, the batch is written again a record at a time, each in its
own savepoint, so only the record at fault is lost and no service is ever half-written.

Audit: one summary event per batch of up to 500 services (`directory.services_imported`), in the
batch's own transaction, naming the source, the batch and its counts. Directory entries hold no
personal data, and a national import is 20,000 services: an event each would add about 12 s and
20,000 links to the audit chain (whose writes are serialised) to record one action by one person.
One event for the whole run would need the whole run in one transaction, holding SQLite's write
lock for a minute (and an API's network reads inside it); committing each batch keeps every change
and its event together while the rest of Throughcare goes on writing. A batch that changes
nothing records nothing, as it writes nothing. The import is idempotent, so a run that stops part
way is finished by running it again.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.inputs import control_character_within, describe_character
from throughcare.directory.models import DirectoryOrganisation, Location, Service, TaxonomyTerm
from throughcare.directory.oruk import oruk1
from throughcare.directory.oruk.facts import ensure_service_facts
from throughcare.directory.oruk.loading import with_full_prefetch
from throughcare.directory.oruk.notes import NotKept, not_kept
from throughcare.directory.oruk.parsing import RecordProblems, ServiceRecord, parse_service
from throughcare.directory.oruk.serialisers import full_services
from throughcare.directory.oruk.sources import FetchProblem
from throughcare.directory.oruk.storing import store
from throughcare.geography.models import Icb, LocalAuthority, Pdu

BATCH_SIZE = 500
AREA_MODELS = {"local_authorities": LocalAuthority, "icbs": Icb, "pdus": Pdu}
# What the database (or a field's conversion) may raise for one bad record.
REFUSALS = (DatabaseError, ValidationError, ValueError)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@dataclass(frozen=True)
class Problem:
    index: int
    id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f" {self.field}:" if self.field else ""
        return f"record {self.index} ({self.id or 'no id'}):{where} {self.message}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    problems: list[Problem] = field(default_factory=list)
    # Parts of imported records Throughcare has no place for (notes.py, oruk1.py).
    not_kept: list[NotKept] = field(default_factory=list)
    # The id of every service the source gave, imported or not, and whether any could not be read:
    # a sync retires only what a source it read in full no longer publishes (directory/feeds.py).
    published: set[str] = field(default_factory=set)
    incomplete: bool = False

    def fail(self, index: int, record_id: str, errors: list[tuple[str, str]]) -> None:
        self.failed += 1
        self.problems += [Problem(index, record_id, where, message) for where, message in errors]

    @property
    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed"
        )


def import_services(
    records: Iterable[dict | FetchProblem], *, actor=None, source: str = "", batch_size: int = BATCH_SIZE
) -> ImportReport:
    """Import full HSDS-UK services; returns what happened to each.

    Each batch is read (from the network, for an API) before its transaction opens, and committed
    with its own audit event, so an import never holds the database's write lock for long.
    """
    ensure_service_facts()
    report = ImportReport()
    seen: set = set()
    for number, batch in enumerate(_batches(enumerate(records), batch_size), start=1):
        parsed = []
        for index, data in batch:
            record = _parse(index, data, report, source)
            if record is None:
                continue
            if record.id in seen:
                report.fail(index, str(record.id), [("id", "This service came earlier in the source too.")])
                continue
            seen.add(record.id)
            parsed.append(record)
        with transaction.atomic():
            before = replace(report, problems=[], not_kept=[], published=set())
            _import_batch(parsed, report, source)
            _audit(actor, source, number, before, report)
    return report


def _audit(actor, source: str, batch: int, before: ImportReport, after: ImportReport) -> None:
    counts = {
        name: getattr(after, name) - getattr(before, name)
        for name in ("created", "updated", "unchanged", "failed")
    }
    if counts["created"] or counts["updated"]:  # a batch that changed nothing wrote nothing to record
        audit.record(
            actor=actor,
            verb=AuditVerb.DIRECTORY_SERVICES_IMPORTED,
            target_type="directory.service",
            payload={"source": source, "batch": batch, **counts},
        )


def _parse(index: int, data, report: ImportReport, source: str = "") -> ServiceRecord | None:
    if isinstance(data, FetchProblem):
        report.incomplete = True
        report.fail(index, data.id, [("", data.message)])
        return None
    if oruk1.is_oruk1(data):
        data, unkept = oruk1.convert(data, source=source, index=index)
    else:
        unkept = not_kept(data, index) if isinstance(data, dict) else []
    if isinstance(data, dict) and data.get("id") not in (None, ""):
        report.published.add(str(data["id"]))
    else:
        report.incomplete = True  # a record with no id may be any service
    found = control_character_within(data)
    if found is not None:
        where, character = found
        record_id = str(data.get("id", "")) if isinstance(data, dict) else ""
        field_path = ".".join(str(part) for part in where)
        report.fail(
            index, record_id, [(field_path, f"Remove {describe_character(character)}: text cannot hold it.")]
        )
        return None
    result = parse_service(data, index)
    if isinstance(result, RecordProblems):
        report.fail(index, result.id, result.errors)
        return None
    report.not_kept += unkept
    return result


def held_records(service_ids) -> dict:
    """What we hold for these services, parsed from the way the API publishes them (None: unreadable)."""
    services = list(with_full_prefetch(Service.objects.filter(id__in=service_ids)))
    held = {}
    for service, data in zip(services, full_services(services), strict=True):
        record = parse_service(data, check_schema=False)
        held[service.id] = record if isinstance(record, ServiceRecord) else None
    return held


def _same(held: ServiceRecord | None, record: ServiceRecord) -> bool:
    if held is None:
        return False
    if record.updated_at is None:  # no last_modified: compare what it says, not when
        return replace(held, updated_at=None) == record
    return held == record


def _as_we_can_hold(records: list[ServiceRecord]) -> list[ServiceRecord]:
    """Records as we would store them: a term's parent we do not hold (or get) is dropped."""
    given = {term["id"] for record in records for term in record.terms}
    parents = {term["parent_id"] for record in records for term in record.terms if term["parent_id"]}
    held = given | set(TaxonomyTerm.objects.filter(id__in=parents - given).values_list("id", flat=True))
    return [
        replace(
            record,
            terms=tuple(
                {**term, "parent_id": term["parent_id"] if term["parent_id"] in held else None}
                for term in record.terms
            ),
        )
        if any(term["parent_id"] and term["parent_id"] not in held for term in record.terms)
        else record
        for record in records
    ]


def _same_source(registered: str | None, source: str) -> bool:
    return bool(registered) and registered.strip().rstrip("/") == source.strip().rstrip("/")


def _not_owned_elsewhere(
    records: list[ServiceRecord], report: ImportReport, source: str
) -> list[ServiceRecord]:
    """Drop (and report) records that would change a listing a Throughcare organisation maintains,
    unless this feed is that organisation's registered source (Organisation.directory_source)."""
    owned_services = dict(
        Service.objects.filter(id__in=[r.id for r in records], organisation__owner__isnull=False).values_list(
            "id", "organisation__owner__directory_source"
        )
    )
    owned_organisations = dict(
        DirectoryOrganisation.objects.filter(
            id__in={r.organisation["id"] for r in records}, owner__isnull=False
        ).values_list("id", "owner__directory_source")
    )
    kept = []
    for record in records:
        for field_name, owned, key in (
            ("id", owned_services, record.id),
            ("organization_id", owned_organisations, record.organisation["id"]),
        ):
            if key in owned and not _same_source(owned[key], source):
                report.fail(
                    record.index,
                    str(record.id),
                    [
                        (
                            field_name,
                            "This listing is maintained in Throughcare by its organisation; "
                            "only that organisation's registered source may change it.",
                        )
                    ],
                )
                break
        else:
            kept.append(record)
    return kept


def _import_batch(records: list[ServiceRecord], report: ImportReport, source: str = "") -> None:
    records = _as_we_can_hold(records)
    held = held_records([record.id for record in records])
    changed = []
    for record in records:
        if record.id in held and _same(held[record.id], record):
            report.unchanged += 1
        else:
            changed.append(record)
    changed = _with_references_held(_not_owned_elsewhere(changed, report, source), report)
    try:
        with transaction.atomic():
            _store_and_cover(changed)
    except REFUSALS:
        # The database refused the batch: find the record at fault by storing them one at a time.
        kept = []
        for record in changed:
            try:
                with transaction.atomic():
                    _store_and_cover([record])
                kept.append(record)
            except REFUSALS as exc:
                report.fail(record.index, str(record.id), [("", f"The database refused it: {exc}")])
        changed = kept
    report.created += sum(1 for record in changed if record.id not in held)
    report.updated += sum(1 for record in changed if record.id in held)


def _store_and_cover(records: list[ServiceRecord]) -> None:
    from throughcare.directory.services import rebuild_coverage

    for service in store(records).values():
        rebuild_coverage(service)


def _with_references_held(records: list[ServiceRecord], report: ImportReport) -> list[ServiceRecord]:
    """Drop (and report) records naming organisations, locations or areas that nothing provides."""
    described_organisations = {r.organisation["id"] for r in records if "name" in r.organisation}
    named = {r.organisation["id"] for r in records} - described_organisations
    organisations = described_organisations | set(
        DirectoryOrganisation.objects.filter(id__in=named).values_list("id", flat=True)
    )
    described_locations = {location["id"] for r in records for location in r.locations}
    referred = {location_id for r in records for location_id in r.location_refs} - described_locations
    locations = described_locations | set(
        Location.objects.filter(id__in=referred).values_list("id", flat=True)
    )
    areas = {
        relation: set(
            model.objects.filter(
                code__in={
                    code for r in records for rel, codes in r.areas if rel == relation for code in codes
                }
            ).values_list("code", flat=True)
        )
        for relation, model in AREA_MODELS.items()
    }
    kept = []
    for record in records:
        errors = []
        if record.organisation["id"] not in organisations:
            errors.append(("organization_id", "No organization with this id is held or given."))
        for location_id in set(record.location_refs) - locations:
            errors.append(("service_at_locations", f"No location {location_id} is held or given."))
        for relation, codes in record.areas:
            for code in sorted(set(codes) - areas[relation]):
                errors.append(("attributes", f"Unknown area code {code} ({relation.replace('_', ' ')})."))
        if errors:
            report.fail(record.index, str(record.id), errors)
        else:
            kept.append(record)
    return kept
