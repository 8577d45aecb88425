"""Reading the shared geography files (described in shared/data/README.md) into plain records.

Nothing here touches the database, so the matching rules can be tested on small hand-made records.
A file that is missing, or lacks a column we rely on, stops the import with a message naming it.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from throughcare.geography.models import Country

NATIONS = {
    "England": Country.ENGLAND,
    "Wales": Country.WALES,
    "Scotland": Country.SCOTLAND,
    "Northern Ireland": Country.NORTHERN_IRELAND,
}
FILES = {
    "nhs_regions": "nhs_regions.json",
    "icbs": "icbs.json",
    "lad_to_icb": "lad_to_icb.csv",
    "probation_regions": "probation_regions.csv",
    "pdus": "probation_delivery_units.csv",
    "local_authorities": "local_authorities.csv",
    "postcode_districts": "postcode_districts.csv",
}


class SourceError(Exception):
    """A geography file is missing or not in the shape we expect."""


@dataclass(frozen=True)
class Authority:
    """One row of local_authorities.csv: current or former, any tier."""

    key: str  # mySociety's short code ('DBY'), which county-la and replaced-by refer to
    gss_code: str
    name: str
    nation: Country
    region: str
    kind: str  # local-authority-type: NMD, UA, MD, LBO, CTY, COMB, SRA, ...
    county_key: str
    combined_authority_key: str
    alt_names: tuple[str, ...]
    replaced_by: tuple[str, ...]
    is_current: bool
    is_lower_or_unitary: bool
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class District:
    code: str
    latitude: float
    longitude: float
    town: str
    region: str
    country: Country


@dataclass(frozen=True)
class IcbShare:
    lad_code: str
    icb_code: str
    nhs_region_code: str
    share: float


@dataclass(frozen=True)
class ProbationRegionRow:
    code: str
    name: str


@dataclass(frozen=True)
class PduRow:
    code: str
    name: str
    region_code: str
    region_name: str


def _path(folder: Path, key: str) -> Path:
    path = Path(folder) / FILES[key]
    if not path.is_file():
        raise SourceError(f"{path} is missing. Set GEOGRAPHY_DATA_DIR to the shared geography folder.")
    return path


def _csv_rows(folder: Path, key: str, required: set[str]) -> Iterator[dict[str, str]]:
    path = _path(folder, key)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise SourceError(f"{path.name} has no column(s) {', '.join(sorted(missing))}.")
        yield from reader


def _json_names(folder: Path, key: str) -> dict[str, str]:
    with _path(folder, key).open(encoding="utf-8") as handle:
        # The source keeps a stray trailing space in one ICB's name; names are shown to people.
        return {code.strip(): name.strip() for code, name in json.load(handle).items()}


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


def _codes(text: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in text.split(",") if code.strip())


def read_nhs_regions(folder: Path) -> dict[str, str]:
    return _json_names(folder, "nhs_regions")


def read_icbs(folder: Path) -> dict[str, str]:
    return _json_names(folder, "icbs")


def read_icb_shares(folder: Path) -> list[IcbShare]:
    required = {"lad_code", "icb_code", "nhs_region_code", "lsoa21_share"}
    return [
        IcbShare(row["lad_code"], row["icb_code"], row["nhs_region_code"], float(row["lsoa21_share"]))
        for row in _csv_rows(folder, "lad_to_icb", required)
    ]


def read_probation_regions(folder: Path) -> list[ProbationRegionRow]:
    required = {"probation_region_code", "probation_region_name"}
    return [
        ProbationRegionRow(row["probation_region_code"], row["probation_region_name"])
        for row in _csv_rows(folder, "probation_regions", required)
    ]


def read_pdus(folder: Path) -> list[PduRow]:
    required = {"pdu_code", "pdu_name", "probation_region_code", "probation_region_name"}
    return [
        PduRow(row["pdu_code"], row["pdu_name"], row["probation_region_code"], row["probation_region_name"])
        for row in _csv_rows(folder, "pdus", required)
    ]


def read_authorities(folder: Path) -> list[Authority]:
    required = {
        "local-authority-code", "gss-code", "nice-name", "nation", "region", "local-authority-type",
        "county-la", "combined-authority", "alt-names", "replaced-by", "current-authority",
        "lower-or-unitary", "lat", "long",
    }  # fmt: skip
    return [
        Authority(
            key=row["local-authority-code"],
            gss_code=row["gss-code"],
            name=row["nice-name"].strip(),
            nation=NATIONS[row["nation"]],
            region=row["region"],
            kind=row["local-authority-type"],
            county_key=row["county-la"],
            combined_authority_key=row["combined-authority"],
            alt_names=tuple(name.strip() for name in row["alt-names"].split(",") if name.strip()),
            replaced_by=_codes(row["replaced-by"]),
            is_current=row["current-authority"] == "True",
            is_lower_or_unitary=row["lower-or-unitary"] == "True",
            latitude=_float(row["lat"]),
            longitude=_float(row["long"]),
        )
        for row in _csv_rows(folder, "local_authorities", required)
    ]


def read_districts(folder: Path) -> list[District]:
    required = {"postcode", "latitude", "longitude", "town", "region", "country"}
    return [
        District(
            code=row["postcode"].strip().upper(),
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            town=row["town"].strip(),
            region=row["region"].strip(),
            country=Country(row["country"]),
        )
        for row in _csv_rows(folder, "postcode_districts", required)
    ]
