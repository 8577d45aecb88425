"""Cells a spreadsheet would run as a formula, made inert in every CSV Throughcare writes.

A text cell starting with =, +, -, @, a tab or a carriage return can be taken as a formula (CSV
injection: `=HYPERLINK(...)` in a service name). Such a cell is written with a leading apostrophe,
which spreadsheets show as text; reading it back (`restore`) takes the apostrophe off again.
Numbers written as numbers (a longitude of -2.5) are not text cells and stay as they are.
"""

import csv
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text `neutralise` was given, for a cell read back from a CSV Throughcare wrote."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


class SafeWriter:
    """csv.writer whose rows are neutralised cell by cell."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])


class SafeDictWriter(csv.DictWriter):
    """csv.DictWriter whose rows are neutralised cell by cell (the header is Throughcare's own)."""

    def writerow(self, rowdict):
        return super().writerow({key: neutralise(value) for key, value in rowdict.items()})
