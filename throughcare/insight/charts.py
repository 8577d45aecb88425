"""Charts as accessible, server-rendered SVG: Vega-Lite specs drawn offline by vl-convert.

A page does not draw its charts (ADR 48): each is an image whose address carries the chart's
figures, signed for the person viewing the page so only Throughcare's own charts are drawn and only
for them, in a <picture> that asks for the wide drawing or, on a phone, the narrow one, so a visit
draws one of the two, and only when the browser asks. The image's alternative text says what the
chart shows in words; the table beside it has the figures. A chart whose figures would make too
long an address, or drawn with no viewer named, is drawn into the page at both sizes.

The SVG is made safe here all the same: one role="img" with a <title> and <desc>, the inner ARIA
that Vega adds removed, and nothing that could run (no script, no event handlers, no inline styles,
which the content security policy would block anyway). Colours are the Analysis Function's
accessible palette; series are told apart by shape and label as well as colour.
"""

import functools
import hashlib
import json
import re
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from html import escape

from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import format_html

# Government Analysis Function accessible colour palette (categorical).
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
FONT = "Arial"
WIDTH = 560
# Drawn again this wide for phones, where the wide chart shrunk to fit would make its text about 7 px:
# both are in the page and CSS shows one (the other is display: none, so out of the accessibility tree).
NARROW_WIDTH = 290
LABEL_LINE = 18  # characters per line of a category label on the narrow chart
# Each drawing's width, and whether it is the narrow one; the narrow one is for screens narrower than
# the Design System's tablet breakpoint (govuk-media-query until: tablet).
VARIANTS = {"wide": (WIDTH, False), "narrow": (NARROW_WIDTH, True)}
NARROW_MEDIA = "(max-width: 40.0525em)"
# How long a chart's address draws it: a page asks for its images as it loads.
ADDRESS_VALID_SECONDS = 24 * 60 * 60
# A longer address would near gunicorn's 4,094-byte request line: such a chart is drawn into the page.
LONGEST_TOKEN = 3000
_SALT = "throughcare.insight.chart"

_FORBIDDEN_ELEMENTS = re.compile(r"<(script|foreignObject|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_FORBIDDEN_ATTRIBUTES = re.compile(
    r'\s(?:on[a-z]+|style|role|aria-[a-z-]+|href|xlink:href)="[^"]*"', re.IGNORECASE
)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)


def _size(svg_open: str, name: str) -> str:
    found = re.search(rf'\s{name}="([\d.]+)"', svg_open)
    return found.group(1) if found else "0"


def accessible_svg(svg: str, *, key: str, title: str, description: str, variant: str = "") -> str:
    """Sanitise vl-convert's SVG and give it role="img", a title and a description."""
    svg = _FORBIDDEN_ELEMENTS.sub("", svg)
    svg = _FORBIDDEN_ATTRIBUTES.sub("", svg)
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("The chart renderer did not return an SVG.")
    width, height = _size(opening.group(0), "width"), _size(opening.group(0), "height")
    title_id, desc_id = f"chart-{key}-title", f"chart-{key}-desc"
    new_open = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="insight-chart{variant}" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{title_id} {desc_id}" focusable="false">'
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>'
    )
    return new_open + svg[opening.end() :]


@functools.lru_cache(maxsize=512)
def _render_spec(spec: str) -> str:
    # Rendering takes tens of milliseconds; the same figures give the same chart, so keep recent ones.
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)


def _render(spec: dict) -> str:
    return _render_spec(json.dumps(spec))


# The Vega-Lite specs are written out as plain data (ADR 48): building them through altair's
# objects cost a third of drawing a chart, and each chart uses a handful of marks.
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"


def _chart(layers: list[dict], *, width: int, height: int) -> dict:
    return {"$schema": SCHEMA, "layer": layers, "width": width, "height": height}


def _layer(values: list, mark: dict, **encoding) -> dict:
    return {"data": {"values": values}, "mark": mark, "encoding": encoding}


def _quantity(field: str, title: str | None = None) -> dict:
    return {"field": field, "type": "quantitative"} | ({"title": title} if title is not None else {})


def _nominal(field: str) -> dict:
    return {"field": field, "type": "nominal"}


def _words(
    *,
    dx: int,
    dy: int | None = None,
    align: str = "left",
    baseline: str | None = None,
    color: str = "#0b0c0c",
) -> dict:
    """A text mark at 14 px (no text in a chart is smaller)."""
    mark = {"type": "text", "align": align, "color": color, "dx": dx, "fontSize": 14}
    return mark | ({"dy": dy} if dy is not None else {}) | ({"baseline": baseline} if baseline else {})


def _category_axis(narrow: bool) -> dict:
    """Categories down the side, in the order given; on the narrow chart each label's lines ("|")."""
    axis = {"labelExpr": "split(datum.label, '|')"} if narrow else {}
    return {"field": "label", "type": "nominal", "sort": None, "title": None, "axis": axis}


def _wrapped(label: str) -> str:
    """A category label broken into lines of about LABEL_LINE characters, "|" between lines (the
    narrow chart's axis splits on it)."""
    return "|".join(textwrap.wrap(label, LABEL_LINE)) or label


@dataclass(frozen=True)
class _Drawing:
    """A chart ready to draw at either size: `build(width, narrow)` writes its Vega-Lite spec."""

    build: Callable[[int, bool], dict]  # (width, narrow) -> the Vega-Lite spec, without its config
    key: str
    title: str
    description: str

    def svgs(self, variants) -> str:
        """The drawings at these sizes, one after another."""
        return "".join(self.svg(variant) for variant in variants)

    def svg(self, variant: str) -> str:
        width, narrow = VARIANTS[variant]
        spec = self.build(width, narrow)
        axis = {"labelFontSize": 14, "titleFontSize": 14, "labelLimit": 150 if narrow else 260}
        spec["config"] = {
            "view": {"continuousWidth": 300, "continuousHeight": 300},
            "font": FONT,
            "axis": axis,
        }
        if narrow:
            # "fit": the narrow chart's labels and axes come out of its width, so the whole is NARROW_WIDTH.
            spec["autosize"] = {"type": "fit", "contains": "padding"}
        return accessible_svg(
            _render(spec),
            key=f"{self.key}-narrow" if narrow else self.key,
            title=self.title,
            description=self.description,
            variant=f" insight-chart--{variant}",
        )


_KEPT_FOR_SECONDS = 24 * 60 * 60
_generation = 0  # bumped by forget_kept_charts, so a benchmark can start cold in any cache
_DRAWINGS: dict[str, Callable[..., _Drawing]] = {}
_viewer: ContextVar[str | None] = ContextVar("insight_chart_viewer", default=None)


@contextmanager
def addressed_to(user_id) -> Iterator[None]:
    """Charts made inside are addresses only this user's requests draw (see `drawn`)."""
    reset = _viewer.set(str(user_id))
    try:
        yield
    finally:
        _viewer.reset(reset)


def _signer_salt(viewer: str) -> str:
    return f"{_SALT}:{viewer}"


def _kept_svg(name: str, arguments: dict, variants: tuple[str, ...]) -> str:
    """The chart drawn at these sizes, kept by its arguments in the cache every web server shares
    (CACHE_URL; with the default it is this process's own): drawing takes 30-100 ms a size, and the
    same figures give the same chart. Published figures are rounded, so after most changes to the
    referrals a chart, and so its drawing, is as before."""
    as_json = json.dumps(arguments, sort_keys=True)
    digest = hashlib.sha256(f"{name}:{as_json}:{','.join(variants)}".encode()).hexdigest()
    key = f"insight-chart:{_generation}:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = _DRAWINGS[name](**arguments).svgs(variants)
        cache.set(key, svg, timeout=_KEPT_FOR_SECONDS)
    return svg


def _token(name: str, arguments: dict) -> str | None:
    viewer = _viewer.get()
    if viewer is None:
        return None
    try:
        token = signing.dumps(
            {"chart": name, "arguments": arguments}, salt=_signer_salt(viewer), compress=True
        )
    except TypeError:  # a figure JSON cannot hold
        return None
    return token if len(token) <= LONGEST_TOKEN else None


def _picture(token: str, description: str) -> str:
    def address(variant: str) -> str:
        return reverse("insight:chart", kwargs={"token": token, "variant": variant})

    return format_html(
        '<picture><source media="{}" srcset="{}"><img class="insight-chart" src="{}" alt="{}"></picture>',
        NARROW_MEDIA,
        address("narrow"),
        address("wide"),
        description,
    )


def _drawn_on_request(draw):
    """Make a chart function give the page's markup for the chart: a <picture> of its two drawings'
    addresses, or, when its figures cannot travel in an address, both drawings themselves."""
    _DRAWINGS[draw.__name__] = draw

    @functools.wraps(draw)
    def markup(**arguments) -> str:
        token = _token(draw.__name__, arguments)
        if token is None:
            try:
                return _kept_svg(draw.__name__, arguments, tuple(VARIANTS))
            except TypeError:  # not JSON either, so not kept: drawn afresh
                return draw(**arguments).svgs(VARIANTS)
        return _picture(token, arguments["description"])

    return markup


def drawn(token: str, variant: str, viewer) -> str | None:
    """The chart an address names, at one size; None when the address is not one Throughcare made
    for this viewer in the last ADDRESS_VALID_SECONDS, or names no chart or size."""
    try:
        signed = signing.loads(token, salt=_signer_salt(str(viewer)), max_age=ADDRESS_VALID_SECONDS)
    except signing.BadSignature:  # expired ones too
        return None
    name, arguments = signed.get("chart"), signed.get("arguments")
    if name not in _DRAWINGS or variant not in VARIANTS or not isinstance(arguments, dict):
        return None
    return _kept_svg(name, arguments, (variant,))


def forget_kept_charts() -> None:
    """Forget every chart kept, as far as this process reads them (its keys move on to a new
    generation; other processes sharing the cache keep theirs): the benchmark's cold runs."""
    global _generation
    _generation += 1
    _render_spec.cache_clear()


def warm_up() -> None:
    """Start the drawing engine, as a web server process does before serving (see
    config/gunicorn_conf.py): the first chart a process draws otherwise costs about half a second
    more, while the engine starts."""
    _render(_chart([_layer([{"x": 1}], {"type": "bar"}, x=_quantity("x"))], width=100, height=20))


@_drawn_on_request
def bar_chart(
    *,
    key: str,
    title: str,
    description: str,
    rows: list,
    axis_title: str,
    reference: tuple[float, str] | None = None,
) -> _Drawing:
    """Horizontal bars, one per labelled value, with the value written at the end of each bar.

    `rows` are (label, value) or (label, value, lower, upper): with bounds, each bar carries its 95%
    interval as a whisker, so near-equal bars are not read as different. `reference` (value, words)
    draws a dashed line to compare every bar against, such as the figure for all groups."""

    def build(width: int, narrow: bool) -> dict:
        return _chart(
            _bar_layers(rows, axis_title, reference, narrow),
            width=width if narrow else width - 200,
            height=max(40, (40 if narrow else 28) * len(rows)),
        )

    return _Drawing(build, key, title, description)


def _bar_layers(rows: list, axis_title: str, reference, narrow: bool) -> list[dict]:
    values = [
        {"label": _wrapped(row[0]) if narrow else row[0], "value": row[1]}
        | ({"lower": row[2], "upper": row[3]} if len(row) == 4 else {})
        for row in rows
    ]
    y = _category_axis(narrow)
    # The bars a middle blue, so the black interval whiskers drawn over them stand out.
    layers = [_layer(values, {"type": "bar", "color": "#2073BC"}, x=_quantity("value", axis_title), y=y)]
    has_intervals = any("lower" in value for value in values)
    if has_intervals:
        layers.append(
            _layer(
                values,
                {"type": "rule", "color": "#0b0c0c", "strokeWidth": 2},
                x=_quantity("lower"),
                x2={"field": "upper"},
                y=y,
            )
        )
        for end in ("lower", "upper"):
            tick = {"type": "tick", "color": "#0b0c0c", "size": 10, "thickness": 2}
            layers.append(_layer(values, tick, x=_quantity(end), y=y))
    text = {"field": "value", "format": ",.4~g", "type": "quantitative"}
    label_at = _quantity("upper" if has_intervals else "value")
    layers.append(_layer(values, _words(dx=4), text=text, x=label_at, y=y))
    if reference is not None:
        line = [{"value": reference[0], "words": reference[1]}]
        dashed = {"type": "rule", "color": PALETTE[2], "strokeDash": [6, 3], "strokeWidth": 2}
        layers.append(_layer(line, dashed, x=_quantity("value")))
        words = _words(dx=4, dy=-2, baseline="bottom", color=PALETTE[2])
        layers.append(_layer(line, words, text=_nominal("words"), x=_quantity("value"), y={"value": 0}))
    return layers


@_drawn_on_request
def funnel_chart(
    *,
    key: str,
    title: str,
    description: str,
    points: list[dict],
    curve: list[dict],
    x_title: str,
    y_title: str,
) -> _Drawing:
    """A funnel plot: each area a labelled point; the centre line and 95% / 99.8% limits as lines
    told apart by dash pattern (solid, dashed, dotted) as well as colour."""
    series = ["Average", "95% limits", "95% limits ", "99.8% limits", "99.8% limits "]
    lines = []
    for row in curve:
        for name, value in zip(
            series,
            (row["target"], row["lower_95"], row["upper_95"], row["lower_99_8"], row["upper_99_8"]),
            strict=True,
        ):
            lines.append({"x": row["x"], "y": value, "series": name})
    dash = [[1, 0], [6, 3], [6, 3], [2, 2], [2, 2]]
    colours = [PALETTE[4], PALETTE[1], PALETTE[1], PALETTE[2], PALETTE[2]]
    limit_lines = _layer(
        lines,
        {"type": "line", "strokeWidth": 1.5},
        color={**_nominal("series"), "legend": None, "scale": {"domain": series, "range": colours}},
        detail=_nominal("series"),
        strokeDash={**_nominal("series"), "legend": None, "scale": {"domain": series, "range": dash}},
        x=_quantity("x", x_title),
        y=_quantity("y", y_title),
    )
    dot = {"type": "point", "color": PALETTE[0], "filled": True, "shape": "circle", "size": 60}
    dots = _layer(points, dot, x=_quantity("x"), y=_quantity("y"))
    names = _layer(points, _words(dx=6, dy=-6), text=_nominal("label"), x=_quantity("x"), y=_quantity("y"))

    def build(width: int, narrow: bool) -> dict:
        return _chart(
            [limit_lines, dots, names], width=width if narrow else width - 90, height=260 if narrow else 300
        )

    return _Drawing(build, key, title, description)


@_drawn_on_request
def diverging_chart(
    *, key: str, title: str, description: str, rows: list, left: str, right: str, axis_title: str
) -> _Drawing:
    """Two counts per category drawn either side of a centre line: `rows` are (label, left count,
    right count), and a count hidden to protect privacy is None and not drawn. Told apart by side
    and by colour, with each count written at its bar's end."""
    longest = max((count for _label, *counts in rows for count in counts if count is not None), default=1)
    reach = max(1.0, longest * 1.6)

    def build(width: int, narrow: bool) -> dict:
        values = []
        for label, left_count, right_count in rows:
            shown = _wrapped(label) if narrow else label
            if left_count is not None:
                values.append({"label": shown, "side": left, "x": -left_count, "count": left_count})
            if right_count is not None:
                values.append({"label": shown, "side": right, "x": right_count, "count": right_count})
        # Symmetric, with room past the longest bar for its count.
        x = {
            **_quantity("x", axis_title),
            "axis": {"labelExpr": "abs(datum.value)"},
            "scale": {"domain": [-reach, reach], "nice": False},
        }
        y = _category_axis(narrow)
        legend = {
            "title": None,
            "orient": "bottom" if narrow else "top",
            "direction": "vertical" if narrow else "horizontal",
            "labelFontSize": 14,
            "symbolType": "square",
        }
        colour = {
            **_nominal("side"),
            "scale": {"domain": [left, right], "range": [PALETTE[1], PALETTE[0]]},
            "legend": legend,
        }
        count = {"field": "count", "type": "quantitative"}
        layers = [
            _layer(values, {"type": "bar"}, color=colour, x=x, y=y),
            {
                **_layer(values, _words(dx=-4, align="right"), text=count, x=x, y=y),
                "transform": [{"filter": "(datum.x < 0)"}],
            },
            {
                **_layer(values, _words(dx=4), text=count, x=x, y=y),
                "transform": [{"filter": "(datum.x >= 0)"}],
            },
            _layer([{"x": 0}], {"type": "rule", "color": "#0b0c0c"}, x=_quantity("x")),
        ]
        # "fit" takes the axis and key out of the narrow chart's height, so allow for them.
        height = 56 * len(rows) + 130 if narrow else max(40, 28 * len(rows))
        return _chart(layers, width=width if narrow else width - 200, height=height)

    return _Drawing(build, key, title, description)


@_drawn_on_request
def line_chart(
    *,
    key: str,
    title: str,
    description: str,
    points: list,
    x_title: str,
    y_title: str,
    reference: tuple[float, str] | None = None,
) -> _Drawing:
    """A line through (x, y) points, each point marked, so a projection reads step by step.
    `reference` (value, words) draws a dashed level across to compare against, such as a target."""

    def build(width: int, narrow: bool) -> dict:
        values = [{"x": x, "y": y} for x, y in points]
        x = {**_quantity("x", x_title), "axis": {"tickMinStep": 1}}
        y = {**_quantity("y", y_title), "scale": {"zero": True}}
        layers = [
            _layer(values, {"type": "line", "color": PALETTE[0], "strokeWidth": 3}, x=x, y=y),
            _layer(
                values,
                {"type": "point", "color": PALETTE[0], "filled": True, "opacity": 1, "size": 50},
                x=x,
                y=y,
            ),
        ]
        if reference is not None:
            level = [{"y": reference[0], "words": reference[1]}]
            dashed = {"type": "rule", "color": PALETTE[2], "strokeDash": [6, 3], "strokeWidth": 2}
            layers.append(_layer(level, dashed, y=_quantity("y")))
            words = _words(dx=4, dy=-4, baseline="bottom", color=PALETTE[2])
            layers.append(_layer(level, words, text=_nominal("words"), x={"value": 0}, y=_quantity("y")))
        return _chart(layers, width=width if narrow else width - 80, height=240)

    return _Drawing(build, key, title, description)
