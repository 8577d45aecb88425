"""Loading full postcodes from the ONS postcode directory: NSPL or ONSPD, any edition.

The file is read a row at a time (the national file has over 2.7 million rows) and written in
batches: each batch is compared with what is stored, then inserted or updated in one statement
(`bulk_create` with `update_conflicts`, which SQLite and PostgreSQL both support). A row that
cannot be read is reported with its line number and the import carries on. The whole file loads
in one transaction, with its audit event, so a run that fails part-way leaves nothing half-done.
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.geography.models import Country, Postcode
from throughcare.geography.postcodes import PostcodeError, parse_postcode

DEFAULT_BATCH_SIZE = 5000
MAX_ERRORS_KEPT = 200
COUNTRIES = {
    "E92000001": Country.ENGLAND,
    "W92000004": Country.WALES,
    "S92000003": Country.SCOTLAND,
    "N92000002": Country.NORTHERN_IRELAND,
    "M83000003": Country.ISLE_OF_MAN,
    "L93000001": None,  # the Channel Islands: Guernsey or Jersey, told apart by the postcode
}
CHANNEL_ISLANDS = {"GY": Country.GUERNSEY, "JE": Country.JERSEY}
# Editions name their columns differently: NSPL 'laua', ONSPD 'oslaua', newer ones 'lad25cd'.
COLUMN_PATTERNS = {
    "postcode": [r"pcds", r"pcd", r"pcd7", r"pcd8"],
    "latitude": [r"lat"],
    "longitude": [r"long"],
    "country": [r"ctry", r"ctry\d\dcd"],
    "terminated": [r"doterm"],
    "local_authority": [r"laua", r"oslaua", r"lad\d\dcd", r"ltla\d\dcd"],
    "icb": [r"icb", r"icb\d\dcd"],
}
REQUIRED = ("postcode", "latitude", "longitude", "country", "terminated")
FIELDS = ["district", "latitude", "longitude", "country", "local_authority_code", "icb_code", "terminated"]


class NsplFormatError(Exception):
    """The file is not a postcode directory we can read (say, a required column is missing)."""


@dataclass
class NsplReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> rows
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)
    error_count: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def error(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((line, message))

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        return (
            f"Postcodes: {self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged, "
            f"{skipped:,} skipped, {self.error_count:,} rows with errors."
        )


def find_columns(header: list[str]) -> dict[str, str]:
    """Our name for each column -> the file's header, whichever edition it is; the newest year wins."""
    lowered = {name.strip().lower(): name for name in header}
    found = {}
    for ours, patterns in COLUMN_PATTERNS.items():
        for pattern in patterns:
            matches = sorted(name for name in lowered if re.fullmatch(pattern, name))
            if matches:
                found[ours] = lowered[matches[-1]]
                break
    missing = [ours for ours in REQUIRED if ours not in found]
    if missing:
        wanted = "; ".join(" or ".join(COLUMN_PATTERNS[ours]) for ours in missing)
        raise NsplFormatError(f"The file has no column for {', '.join(missing)} (looked for: {wanted}).")
    return found


def _coordinate(text: str, name: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"the {name} '{text}' is not a number") from None
    # Postcodes with no grid reference carry latitude 99.999999 (and longitude 0) in the directory.
    if abs(value) > 90 and name == "latitude":
        return None
    return value


def _area_code(code: str) -> str:
    # Codes ending 99999999 are the directory's placeholders for "none" (e.g. Channel Islands).
    return "" if code.endswith("99999999") else code


def _row_to_postcode(row: dict[str, str | None], columns: dict[str, str]) -> Postcode:
    def value(ours: str) -> str:
        # A short row leaves its last columns as None.
        return (row.get(columns.get(ours, "")) or "").strip()

    parsed = parse_postcode(value("postcode"))
    if not parsed.is_full:
        raise PostcodeError(f"'{value('postcode')}' is a postcode district, not a full postcode")
    ctry = value("country")
    if ctry not in COUNTRIES:
        raise ValueError(
            f"the country code '{ctry}' is not the UK's, the Isle of Man's or the Channel Islands'"
        )
    country = COUNTRIES[ctry] or CHANNEL_ISLANDS.get(parsed.outward[:2])
    if country is None:
        raise ValueError(f"{parsed.postcode} is marked Channel Islands but is not a GY or JE postcode")
    latitude = _coordinate(value("latitude"), "latitude")
    longitude = _coordinate(value("longitude"), "longitude") if latitude is not None else None
    return Postcode(
        postcode=parsed.postcode,
        district=parsed.outward,
        latitude=latitude,
        longitude=longitude,
        country=country,
        local_authority_code=_area_code(value("local_authority")),
        icb_code=_area_code(value("icb")),
        terminated=bool(value("terminated")),
    )


def _write_batch(batch: dict[str, Postcode], report: NsplReport) -> None:
    existing = Postcode.objects.in_bulk(list(batch), field_name="postcode")
    to_write = []
    for code, postcode in batch.items():
        stored = existing.get(code)
        if stored is None:
            report.created += 1
        elif any(getattr(stored, name) != getattr(postcode, name) for name in FIELDS):
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        to_write.append(postcode)
    Postcode.objects.bulk_create(
        to_write, update_conflicts=True, unique_fields=["postcode"], update_fields=FIELDS
    )


def import_nspl(*, path: Path | str, batch_size: int = DEFAULT_BATCH_SIZE, actor=None) -> NsplReport:
    """Create or update a Postcode for each row of the directory file at `path`; see the module docstring."""
    if batch_size < 1:
        raise ValueError("The batch size must be at least 1.")
    report = NsplReport()
    with Path(path).open(newline="", encoding="utf-8-sig") as handle, transaction.atomic():
        reader = csv.DictReader(handle)
        columns = find_columns(reader.fieldnames or [])
        batch: dict[str, Postcode] = {}
        for row in reader:
            if not (row.get(columns["postcode"]) or "").strip():
                report.skipped["no postcode"] += 1
                continue
            try:
                postcode = _row_to_postcode(row, columns)
            except (ValueError, TypeError) as exc:  # PostcodeError is a ValueError
                report.error(reader.line_num, str(exc))
                continue
            if postcode.postcode in batch:
                # Two rows for one postcode in a batch would make one statement update a row twice.
                report.skipped["repeated in the file (the later row was used)"] += 1
            batch[postcode.postcode] = postcode
            if len(batch) >= batch_size:
                _write_batch(batch, report)
                batch = {}
        if batch:
            _write_batch(batch, report)
        if report.changed:
            audit.record(
                actor=actor,
                verb=AuditVerb.GEOGRAPHY_POSTCODES_IMPORTED,
                target_type="geography",
                payload={
                    "file": Path(path).name,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "skipped": sum(report.skipped.values()),
                    "errors": report.error_count,
                },
            )
    return report
