"""Loading the shared geography files into the gazetteer: idempotent, in one transaction, audited.

`import_geography(folder=...)` reads every file first (so a bad file changes nothing), joins them
up (`matching`), then creates or updates each table in bulk. Running it again with the same files
changes nothing and records nothing. Rows that have left the files are kept and counted, because
services may still point at them; only an authority's ICB shares are replaced outright.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import models, transaction

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.geography import area_names, sources
from throughcare.geography.area_names import PduMatchKind, Resolution
from throughcare.geography.membership import forget_local_authority_areas
from throughcare.geography.models import (
    Country,
    Icb,
    LocalAuthority,
    LocalAuthorityIcb,
    NhsRegion,
    Pdu,
    PostcodeDistrict,
    ProbationRegion,
)

BATCH_SIZE = 500


@dataclass
class TableCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # ICB shares only
    not_in_files: int = 0  # kept: something may still refer to them

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def describe(self) -> str:
        text = f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged rows"
        if self.removed:
            text += f", {self.removed:,} removed"
        if self.not_in_files:
            text += f", {self.not_in_files:,} no longer in the files (kept)"
        return text


@dataclass
class PduCoverage:
    authorities: int = 0
    by_name: int = 0
    by_county: int = 0
    ambiguous: list[str] = field(default_factory=list)  # authority names, for the report
    unmatched: list[str] = field(default_factory=list)

    @property
    def mapped(self) -> int:
        return self.by_name + self.by_county


@dataclass
class ImportReport:
    folder: str
    tables: dict[str, TableCounts] = field(default_factory=dict)
    districts: Counter = field(default_factory=Counter)
    countries_corrected: list[str] = field(default_factory=list)
    pdus: dict[str, PduCoverage] = field(default_factory=dict)  # by nation label
    skipped_icb_shares: int = 0

    @property
    def changed(self) -> bool:
        return any(counts.changed for counts in self.tables.values())

    def summary(self) -> str:
        england = self.pdus.get("England", PduCoverage())
        total = TableCounts(
            **{name: sum(getattr(c, name) for c in self.tables.values()) for name in vars(TableCounts())}
        )
        state = (
            f"imported ({total.describe()})" if self.changed else f"already up to date ({total.describe()})"
        )
        return (
            f"Geography {state}. Postcode districts to authorities: {self.districts_described()}. "
            f"{england.mapped} of {england.authorities} English authorities have a PDU."
        )

    def districts_described(self) -> str:
        return ", ".join(f"{self.districts[r]:,} {r.value}" for r in Resolution)

    def lines(self) -> list[str]:
        lines = [f"From {self.folder}:"]
        lines += [f"  {name.replace('_', ' ')}: {counts.describe()}" for name, counts in self.tables.items()]
        lines.append(f"Postcode districts to local authorities: {self.districts_described()}.")
        if self.countries_corrected:
            lines.append(
                f"  Country taken from the district's authority, not the file's country column, for "
                f"{len(self.countries_corrected)}: {', '.join(self.countries_corrected)}."
            )
        for nation, coverage in self.pdus.items():
            lines.append(
                f"{nation}: {coverage.mapped} of {coverage.authorities} authorities have a PDU "
                f"({coverage.by_name} named by a PDU, {coverage.by_county} through their county)."
            )
            if coverage.ambiguous:
                lines.append(
                    f"  Named (or their county named) by more than one PDU, left blank: "
                    f"{', '.join(coverage.ambiguous)}."
                )
            if coverage.unmatched:
                lines.append(f"  Named by no PDU, left blank: {', '.join(coverage.unmatched)}.")
        if self.skipped_icb_shares:
            lines.append(f"ICB shares for unknown authorities or ICBs, skipped: {self.skipped_icb_shares}.")
        lines.append("Nothing changed." if not self.changed else "Done.")
        return lines

    def audit_payload(self) -> dict:
        return {
            "tables": {name: vars(counts) for name, counts in self.tables.items()},
            "districts": {r.value: self.districts[r] for r in Resolution},
            "pdu_coverage": {nation: [c.mapped, c.authorities] for nation, c in self.pdus.items()},
        }


def configured_folder() -> Path | None:
    """GEOGRAPHY_DATA_DIR when it is set and exists, else None."""
    folder = settings.GEOGRAPHY_DATA_DIR
    return Path(folder) if folder and Path(folder).is_dir() else None


def _sync(model: type[models.Model], wanted: list[models.Model], fields: list[str]) -> TableCounts:
    """Create the missing rows and update the changed ones, by primary key, in bulk."""
    attnames = [model._meta.get_field(name).attname for name in fields]
    existing = {obj.pk: obj for obj in model.objects.only(*fields)}
    counts = TableCounts()
    to_create, to_update = [], []
    for obj in wanted:
        current = existing.pop(obj.pk, None)
        if current is None:
            to_create.append(obj)
        elif any(getattr(current, a) != getattr(obj, a) for a in attnames):
            to_update.append(obj)
        else:
            counts.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    model.objects.bulk_update(to_update, fields, batch_size=BATCH_SIZE)
    counts.created, counts.updated, counts.not_in_files = len(to_create), len(to_update), len(existing)
    return counts


def _sync_shares(wanted: dict[tuple[str, str], float]) -> TableCounts:
    existing = {(s.local_authority_id, s.icb_id): s for s in LocalAuthorityIcb.objects.all()}
    counts = TableCounts()
    to_create, to_update = [], []
    for (la_code, icb_code), share in wanted.items():
        current = existing.pop((la_code, icb_code), None)
        if current is None:
            to_create.append(LocalAuthorityIcb(local_authority_id=la_code, icb_id=icb_code, share=share))
        elif current.share != share:
            current.share = share
            to_update.append(current)
        else:
            counts.unchanged += 1
    LocalAuthorityIcb.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    LocalAuthorityIcb.objects.bulk_update(to_update, ["share"], batch_size=BATCH_SIZE)
    # A share that has left the file is wrong now (boundaries moved), and nothing else points at it.
    LocalAuthorityIcb.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    counts.created, counts.updated, counts.removed = len(to_create), len(to_update), len(existing)
    return counts


def _pdu_coverage(report: ImportReport, authorities, pdu_matches) -> None:
    for authority in authorities:
        if authority.gss_code not in pdu_matches:
            continue
        coverage = report.pdus.setdefault(authority.nation.label, PduCoverage())
        coverage.authorities += 1
        match pdu_matches[authority.gss_code].kind:
            case PduMatchKind.NAME:
                coverage.by_name += 1
            case PduMatchKind.COUNTY:
                coverage.by_county += 1
            case PduMatchKind.AMBIGUOUS:
                coverage.ambiguous.append(authority.name)
            case PduMatchKind.UNMATCHED:
                coverage.unmatched.append(authority.name)


def import_geography(*, folder: Path | str, actor=None) -> ImportReport:
    """Create or update every geography table from the files in `folder`; see the module docstring."""
    folder = Path(folder)
    nhs_regions = sources.read_nhs_regions(folder)
    icbs = sources.read_icbs(folder)
    icb_shares = sources.read_icb_shares(folder)
    probation_regions = sources.read_probation_regions(folder)
    pdus = sources.read_pdus(folder)
    all_authorities = sources.read_authorities(folder)
    districts = sources.read_districts(folder)

    unknown_regions = {p.region_code for p in pdus} - {r.code for r in probation_regions}
    if unknown_regions:
        raise sources.SourceError(
            f"PDUs refer to probation regions not in the regions file: {', '.join(sorted(unknown_regions))}."
        )

    report = ImportReport(folder=str(folder))
    authorities = area_names.current_authorities(all_authorities)
    by_key = {a.key: a for a in all_authorities}
    codes = {a.gss_code for a in authorities}
    pdu_matches = area_names.match_pdus(all_authorities, pdus, area_names.county_members(all_authorities))
    _pdu_coverage(report, authorities, pdu_matches)
    district_matches = area_names.resolve_districts(districts, all_authorities)
    nation_of_authority = {a.gss_code: a.nation for a in authorities}

    region_of_icb = {s.icb_code: s.nhs_region_code for s in icb_shares if s.nhs_region_code in nhs_regions}
    shares = {}
    for s in icb_shares:
        if s.lad_code in codes and s.icb_code in icbs:
            shares[(s.lad_code, s.icb_code)] = s.share
        else:
            report.skipped_icb_shares += 1
    # Each authority's ICB is the one covering the largest share of it (ties: the lower code).
    predominant_icb = {}
    for la_code, icb_code in sorted(shares, key=lambda pair: (-shares[pair], pair)):
        predominant_icb.setdefault(la_code, icb_code)

    district_rows = []
    for d in districts:
        found = district_matches[d.code]
        country = d.country
        if found.resolution == Resolution.EXACT and nation_of_authority[found.gss_code] != country:
            # The file's country column goes by postcode area, so it calls Deeside (CH5) English and
            # Berwick (TD15) Scottish; the named authority is right about which side of the border.
            country = nation_of_authority[found.gss_code]
            report.countries_corrected.append(d.code)
        report.districts[found.resolution] += 1
        district_rows.append(
            PostcodeDistrict(
                code=d.code,
                latitude=d.latitude,
                longitude=d.longitude,
                town=d.town,
                country=Country(country),
                local_authority_id=found.gss_code,
            )
        )

    with transaction.atomic():
        report.tables["nhs_regions"] = _sync(
            NhsRegion, [NhsRegion(code=c, name=n) for c, n in nhs_regions.items()], ["name"]
        )
        report.tables["icbs"] = _sync(
            Icb,
            [Icb(code=c, name=n, nhs_region_id=region_of_icb.get(c)) for c, n in icbs.items()],
            ["name", "nhs_region"],
        )
        report.tables["probation_regions"] = _sync(
            ProbationRegion, [ProbationRegion(code=r.code, name=r.name) for r in probation_regions], ["name"]
        )
        report.tables["pdus"] = _sync(
            Pdu, [Pdu(code=p.code, name=p.name, region_id=p.region_code) for p in pdus], ["name", "region"]
        )
        report.tables["local_authorities"] = _sync(
            LocalAuthority,
            [
                LocalAuthority(
                    code=a.gss_code,
                    name=a.name,
                    nation=a.nation,
                    county_name=by_key[a.county_key].name if a.county_key in by_key else "",
                    latitude=a.latitude,
                    longitude=a.longitude,
                    icb_id=predominant_icb.get(a.gss_code),
                    pdu_id=pdu_matches[a.gss_code].pdu_code if a.gss_code in pdu_matches else None,
                )
                for a in authorities
            ],
            ["name", "nation", "county_name", "latitude", "longitude", "icb", "pdu"],
        )
        report.tables["local_authority_icb_shares"] = _sync_shares(shares)
        report.tables["postcode_districts"] = _sync(
            PostcodeDistrict, district_rows, ["latitude", "longitude", "town", "country", "local_authority"]
        )
        if report.changed:
            # Rows were written in bulk (no save signals): the kept copy of who is in which area goes.
            transaction.on_commit(forget_local_authority_areas)
            audit.record(
                actor=actor,
                verb=AuditVerb.GEOGRAPHY_IMPORTED,
                target_type="geography",
                payload=report.audit_payload(),
            )
    return report
