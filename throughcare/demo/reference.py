"""Reference areas for demonstration data: the shared geography files, or a small built-in sample."""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Area:
    code: str
    name: str


# Used only when the geography folder is absent, so that the demo still runs anywhere.
BUILT_IN_PDUS = [
    Area("N50MCRN", "Manchester North"),
    Area("N54LEED", "Leeds"),
    Area("N57BRIS", "Bristol, South Gloucestershire and Gloucestershire"),
]
BUILT_IN_ICBS = [
    Area("E54000057", "NHS Greater Manchester Integrated Care Board"),
    Area("E54000054", "NHS West Yorkshire Integrated Care Board"),
    Area("E54000039", "NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board"),
]


@dataclass(frozen=True)
class DemoAreas:
    pdus: list[Area]
    icbs: list[Area]
    source: str

    @property
    def is_built_in(self) -> bool:
        return self.source == "built-in sample"


def geography_dir() -> Path | None:
    folder = settings.GEOGRAPHY_DATA_DIR
    if folder and Path(folder).is_dir():
        return Path(folder)
    return None


def load_demo_areas() -> DemoAreas:
    folder = geography_dir()
    if folder is None:
        return DemoAreas(BUILT_IN_PDUS, BUILT_IN_ICBS, "built-in sample")
    with (folder / "probation_delivery_units.csv").open(newline="", encoding="utf-8") as handle:
        pdus = [Area(row["pdu_code"], row["pdu_name"]) for row in csv.DictReader(handle)]
    with (folder / "icbs.json").open(encoding="utf-8") as handle:
        icbs = [Area(code, name.strip()) for code, name in sorted(json.load(handle).items())]
    return DemoAreas(pdus, icbs, str(folder))
