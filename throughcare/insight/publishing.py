"""What an insight view publishes: tables of disclosed figures and charts, the same for page, CSV and JSON.

A cell is either a `Disclosed` figure about people (it has passed the disclosure rule) or a `Plain`
fact that is not about people (a service's name, a funding date, a number of places). Nothing else
can go in a table, so a raw count of people cannot reach a page, download or API answer.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from throughcare.core.csv_safety import SafeWriter
from throughcare.core.disclosure import Disclosed, Suppression

SUPPRESSION_EXPLAINED = {
    Suppression.SMALL_COUNT: "hidden: fewer than 8 people",
    Suppression.SECONDARY: "hidden so that a small number cannot be worked out from the totals",
    Suppression.SMALL_BASE: "not shown: based on fewer than 8 people",
    Suppression.SMALL_NUMERATOR: "not shown: the number it is based on is hidden",
}


@dataclass(frozen=True)
class Plain:
    """A published fact that is not a figure about people."""

    text: str
    value: object = None
    suppressed: None = None

    @property
    def is_suppressed(self) -> bool:
        return False

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "value": self.value if self.value is not None else self.text,
            "suppressed": None,
        }


Cell = Disclosed | Plain


def explanation(cell: Cell) -> str:
    return SUPPRESSION_EXPLAINED.get(cell.suppressed, "") if cell.is_suppressed else ""


def table_rows_html(table: "Table") -> SafeString:
    """The table's body rows as GOV.UK table HTML, every value escaped. Built here rather than in
    the template language, which took longer than working out the figures for a table listing
    hundreds of services."""
    numeric = " govuk-table__cell--numeric" if table.numeric else ""
    rows = []
    for row in table.rows:
        label = escape(row.label)
        if row.is_total:
            label = f"<strong>{label}</strong>"
        cells = []
        for cell in row.cells:
            text, why = escape(cell.text), explanation(cell)
            if why:
                text = (
                    f'<span aria-hidden="true">{text}</span>'
                    f'<span class="govuk-visually-hidden">{escape(why)}</span>'
                )
            cells.append(f'<td class="govuk-table__cell{numeric}">{text}</td>')
        rows.append(
            f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{label}</th>'
            + "".join(cells)
            + "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value in it is escaped above


def csv_text(cell: Cell) -> str:
    if isinstance(cell, Disclosed) and cell.value is not None:
        return cell.text.replace(",", "")
    return cell.text


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    # Numeric columns are right-aligned in GOV.UK tables.
    numeric: bool = True
    empty_message: str = "Nothing to show for this area and period."

    def as_json(self) -> dict:
        return {
            "caption": self.caption,
            "columns": [self.row_heading, *self.columns],
            "rows": [
                {
                    "label": row.label,
                    "total": row.is_total,
                    "cells": dict(zip(self.columns, [c.as_json() for c in row.cells], strict=False)),
                }
                for row in self.rows
            ],
        }


@dataclass(frozen=True)
class Chart:
    """An SVG chart or map (already sanitised) that draws one table's figures."""

    svg: str
    title: str
    description: str
    table_key: str
    # A map's key, as HTML beside it (hexmap.LegendEntry); charts label themselves.
    legend: tuple = ()


@dataclass
class Report:
    slug: str
    title: str
    summary: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    # Plain-language notes: what is not recorded yet, what a figure means here.
    notes: list[str] = field(default_factory=list)
    # Figures that are not a table (e.g. fold variation), as (label, cell).
    headlines: list[tuple[str, Cell]] = field(default_factory=list)
    # A view with its own form (the what-if): what was typed, and what was wrong with it.
    inputs: dict[str, str] | None = None
    input_errors: dict[str, str] = field(default_factory=dict)
    # When figures kept between pages (see queries/facts.py) were worked out; None: read just now.
    worked_out_at: datetime.datetime | None = None

    def charts_for(self, table_key: str) -> list[Chart]:
        return [chart for chart in self.charts if chart.table_key == table_key]

    def as_json(self) -> dict:
        return {
            "view": self.slug,
            "title": self.title,
            "notes": self.notes,
            **({"inputs": self.inputs, "input_errors": self.input_errors} if self.inputs is not None else {}),
            "headlines": [{"label": label, **cell.as_json()} for label, cell in self.headlines],
            "tables": {table.key: table.as_json() for table in self.tables},
        }


def report_csv(report: Report, filters) -> str:
    """Every table of the report, one after another, each headed by its caption and the filters."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow([report.title])
    writer.writerow(["Area", filters.area.name, filters.area.level.label])
    writer.writerow(["Period", filters.date_from.isoformat(), filters.date_to.isoformat()])
    writer.writerow(
        ["Suppression", "'*' means hidden to protect privacy; counts below England level are rounded to 5"]
    )
    for label, cell in report.headlines:
        writer.writerow([label, csv_text(cell)])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow([table.row_heading, *table.columns])
        for row in table.rows:
            writer.writerow([row.label, *(csv_text(cell) for cell in row.cells)])
    return out.getvalue()
