"""Maps of England's local authorities as equal hexagons, drawn here as SVG like the charts.

A geographic map lets large rural counties swamp the cities where most people on probation live; in
a hex map every local authority is one hexagon of the same size, placed roughly where it is. The
layout is the shared HexJSON of the 2023 local authorities (../shared/data/geography, MIT licence;
its "odd-r" layout shifts odd rows half a hexagon right, and rows count up from the south).

Each hexagon is shaded by its area's published figure (already rounded or suppressed by disclosure
control), in at most five classes of a single-hue scale, so darker always means more. A figure
withheld to protect privacy is hatched, and a place with no figure is plain grey: neither can be
mistaken for a low value. The key is HTML beside the map, so its words stay at body size on a phone,
and the table of figures sits beside every map, as it does beside every chart.
"""

import functools
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

from django.conf import settings

LAYOUT_FILE = "local_authorities_2023.hexjson"
# Light to dark: the Analysis Function's dark blue at the top of a single-hue sequential scale.
SHADES = ("#DEEBF7", "#9DC3E6", "#5B9BD5", "#2073BC", "#12436D")
NO_FIGURE = "#F3F2F1"
HIDDEN_PATTERN = "url(#hex-hidden)"
RADIUS = 14.0  # of each hexagon, in pixels at full size: England, 23 hexagons across, is about 560 wide
MARGIN = 4.0
SMALL_AREA_WIDTH = 320.0
MAX_ZOOM = 2.5


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    words: str
    hatched: bool = False


@dataclass(frozen=True)
class HexMap:
    svg: str
    legend: tuple[LegendEntry, ...]


@functools.cache
def layout() -> dict[str, tuple[int, int, str]]:
    """Local authority code -> (column, row, name), from the shared HexJSON."""
    path = Path(settings.GEOGRAPHY_DATA_DIR) / LAYOUT_FILE
    hexes = json.loads(path.read_text(encoding="utf-8"))["hexes"]
    return {code: (cell["q"], cell["r"], cell["n"]) for code, cell in hexes.items()}


def _centre(column: int, row: int, top_row: int) -> tuple[float, float]:
    width = math.sqrt(3) * RADIUS
    return width * (column + 0.5 * (row & 1)), 1.5 * RADIUS * (top_row - row)


def _hexagon(x: float, y: float) -> str:
    corners = (
        (x + RADIUS * math.cos(math.radians(60 * k - 30)), y + RADIUS * math.sin(math.radians(60 * k - 30)))
        for k in range(6)
    )
    return "M" + "L".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners) + "Z"


def class_breaks(values: list[float], classes: int = len(SHADES)) -> list[float]:
    """Upper bounds of up to `classes` classes holding about equal numbers of the distinct values."""
    distinct = sorted(set(values))
    if not distinct:
        return []
    count = min(classes, len(distinct))
    return [distinct[math.ceil(len(distinct) * (k + 1) / count) - 1] for k in range(count)]


def _shade(value: float, breaks: list[float]) -> str:
    index = next(k for k, upper in enumerate(breaks) if value <= upper)
    # With fewer classes than shades, spread them across the scale so the darkest is still dark.
    return SHADES[round(index * (len(SHADES) - 1) / max(1, len(breaks) - 1))]


def hex_map(
    *,
    key: str,
    title: str,
    description: str,
    figures: Mapping[str, float | None],
    areas_of: Mapping[str, str],
    words_for: Callable[[float], str],
) -> HexMap:
    """The hexagons of the local authorities in `areas_of` (LA code -> code of the area it is shaded
    as), each shaded by that area's figure in `figures`; None there means withheld to protect privacy,
    and an area missing from `figures` has no figure."""
    places = {code: layout()[code] for code in areas_of if code in layout()}
    if not places:
        return HexMap("", ())
    breaks = class_breaks([value for value in figures.values() if value is not None])
    top_row = max(row for _c, row, _n in places.values())
    centres = {code: _centre(column, row, top_row) for code, (column, row, _n) in places.items()}
    left = min(x for x, _y in centres.values()) - RADIUS - MARGIN
    right = max(x for x, _y in centres.values()) + RADIUS + MARGIN
    bottom = max(y for _x, y in centres.values()) + RADIUS + MARGIN
    top = -RADIUS - MARGIN
    width, height = right - left, bottom - top
    # A small area (an ICB's ten boroughs) is drawn larger, up to hexagons 2.5 times England's size.
    zoom = min(MAX_ZOOM, max(1.0, SMALL_AREA_WIDTH / width))
    shapes = []
    for code, (x, y) in sorted(centres.items()):
        area = areas_of[code]
        if area not in figures:
            fill, figure = NO_FIGURE, "no figure"
        elif figures[area] is None:
            fill, figure = HIDDEN_PATTERN, "hidden to protect privacy"
        else:
            value = figures[area]
            fill, figure = _shade(value, breaks), words_for(value)
        name = places[code][2]
        shapes.append(
            f'<path d="{_hexagon(x - left, y - top)}" fill="{fill}" stroke="#ffffff" stroke-width="1">'
            f"<title>{escape(name)}: {escape(figure)}</title></path>"
        )
    title_id, desc_id = f"map-{key}-title", f"map-{key}-desc"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="insight-chart insight-map" role="img" '
        f'width="{width * zoom:.0f}" height="{height * zoom:.0f}" viewBox="0 0 {width:.1f} {height:.1f}" '
        f'aria-labelledby="{title_id} {desc_id}" focusable="false">'
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>'
        '<defs><pattern id="hex-hidden" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#8e9295" stroke-width="1.5"/></pattern></defs>'
        + "".join(shapes)
        + "</svg>"
    )
    return HexMap(svg, _legend(breaks, figures, words_for))


def _legend(breaks: list[float], figures: Mapping[str, float | None], words_for) -> tuple[LegendEntry, ...]:
    entries = []
    lower = None
    for index, upper in enumerate(breaks):
        colour = _shade(upper, breaks)
        if lower is None or index == 0:
            words = f"Up to {words_for(upper)}" if len(breaks) > 1 else words_for(upper)
        else:
            words = f"More than {words_for(lower)}, up to {words_for(upper)}"
        entries.append(LegendEntry(colour, words))
        lower = upper
    if any(value is None for value in figures.values()):
        entries.append(LegendEntry(NO_FIGURE, "Hidden to protect privacy", hatched=True))
    entries.append(LegendEntry(NO_FIGURE, "No figure"))
    return tuple(entries)


def areas_of_each_local_authority(area) -> dict[str, str]:
    """LA code -> the code of the area it belongs to one level below `area` (the areas a view
    compares), for every LA in `area` (from the kept gazetteer)."""
    from throughcare.geography.membership import local_authority_areas
    from throughcare.insight.areas import child_field

    field = child_field(area)
    inside = None if area.is_england else area.local_authority_set()
    return {
        row["code"]: row[field]
        for row in local_authority_areas()
        if row[field] and (inside is None or row["code"] in inside)
    }


def add_map(report, filters, *, key: str, table_key: str, title: str, description: str, figures, words_for):
    """Draw the areas' figures as a map of the local authorities in the filters' area, beside the
    table `table_key` of `report` (nothing when none of them has a place in the layout)."""
    from throughcare.insight.publishing import Chart

    drawing = hex_map(
        key=key,
        title=title,
        description=description,
        figures=figures,
        areas_of=areas_of_each_local_authority(filters.area),
        words_for=words_for,
    )
    if drawing.svg:
        report.charts.append(Chart(drawing.svg, title, description, table_key, legend=drawing.legend))
