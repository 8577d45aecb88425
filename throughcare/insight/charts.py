"""Charts as accessible, server-rendered SVG: Vega-Lite through altair, drawn offline by vl-convert.

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


def _altair():
    """Altair takes about a second to import: only pages that draw a chart pay for it, not start-up."""
    import altair

    return altair


@functools.lru_cache(maxsize=512)
def _render_spec(spec: str) -> str:
    # Rendering takes tens of milliseconds; the same figures give the same chart, so keep recent ones.
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)


def _render(chart) -> str:
    # The specs are built here from fixed code, so altair's schema check (a fifth of a second for a
    # funnel plot) would only ever check this module; the tests render every chart.
    return _render_spec(chart.to_json(validate=False))


def _config(chart, *, label_limit: int = 260):
    return chart.configure(font=FONT).configure_axis(
        labelFontSize=14, titleFontSize=14, labelLimit=label_limit
    )


def _wrapped(label: str) -> str:
    """A category label broken into lines of about LABEL_LINE characters, "|" between lines (the
    narrow chart's axis splits on it)."""
    return "|".join(textwrap.wrap(label, LABEL_LINE)) or label


@dataclass(frozen=True)
class _Drawing:
    """A chart ready to draw at either size: `build(width, narrow)` makes the altair chart."""

    build: Callable
    key: str
    title: str
    description: str

    def svg(self, variant: str) -> str:
        width, narrow = VARIANTS[variant]
        chart = self.build(width, narrow)
        if narrow:
            # "fit": the narrow chart's labels and axes come out of its width, so the whole is NARROW_WIDTH.
            chart = _config(
                chart.properties(autosize=_altair().AutoSizeParams(type="fit", contains="padding")),
                label_limit=150,
            )
        else:
            chart = _config(chart)
        return accessible_svg(
            _render(chart),
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
    (CACHE_URL; with the default it is this process's own): building the spec through altair and
    drawing it takes 30-100 ms a size, and the same figures give the same chart. Published figures
    are rounded, so after most changes to the referrals a chart, and so its drawing, is as before."""
    as_json = json.dumps(arguments, sort_keys=True)
    digest = hashlib.sha256(f"{name}:{as_json}:{','.join(variants)}".encode()).hexdigest()
    key = f"insight-chart:{_generation}:{digest}"
    svg = cache.get(key)
    if svg is None:
        drawing = _DRAWINGS[name](**arguments)
        svg = "".join(drawing.svg(variant) for variant in variants)
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
                drawing = draw(**arguments)
                return "".join(drawing.svg(variant) for variant in VARIANTS)
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
    """Load altair and start the drawing engine, as a web server process does before serving (see
    config/gunicorn_conf.py): the first chart a process draws otherwise costs about half a second
    more, while the engine starts."""
    _render_spec(_altair().Chart(_altair().Data(values=[{"x": 1}])).mark_bar().encode(x="x:Q").to_json())


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
    alt = _altair()

    def build(width: int, narrow: bool):
        return alt.layer(*_bar_layers(alt, rows, axis_title, reference, narrow)).properties(
            width=width if narrow else width - 200, height=max(40, (40 if narrow else 28) * len(rows))
        )

    return _Drawing(build, key, title, description)


def _bar_layers(alt, rows: list, axis_title: str, reference, narrow: bool) -> list:
    values = [
        {"label": _wrapped(row[0]) if narrow else row[0], "value": row[1]}
        | ({"lower": row[2], "upper": row[3]} if len(row) == 4 else {})
        for row in rows
    ]
    data = alt.Data(values=values)
    axis = alt.Axis(labelExpr="split(datum.label, '|')") if narrow else alt.Axis()
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=axis),
        x=alt.X("value:Q", title=axis_title),
    )
    # The bars a middle blue, so the black interval whiskers drawn over them stand out.
    layers = [base.mark_bar(color="#2073BC")]
    if any("lower" in value for value in values):
        whiskers = alt.Chart(data).encode(y=alt.Y("label:N", sort=None, title=None, axis=axis))
        layers.append(whiskers.mark_rule(color="#0b0c0c", strokeWidth=2).encode(x="lower:Q", x2="upper:Q"))
        layers.append(whiskers.mark_tick(color="#0b0c0c", thickness=2, size=10).encode(x="lower:Q"))
        layers.append(whiskers.mark_tick(color="#0b0c0c", thickness=2, size=10).encode(x="upper:Q"))
    label_at = "upper:Q" if any("lower" in value for value in values) else "value:Q"
    layers.append(
        base.mark_text(align="left", dx=4, fontSize=14, color="#0b0c0c").encode(
            x=alt.X(label_at), text=alt.Text("value:Q", format=",.4~g")
        )
    )
    if reference is not None:
        line = alt.Chart(alt.Data(values=[{"value": reference[0], "words": reference[1]}]))
        layers.append(line.mark_rule(color=PALETTE[2], strokeDash=[6, 3], strokeWidth=2).encode(x="value:Q"))
        layers.append(
            line.mark_text(
                align="left", baseline="bottom", dx=4, dy=-2, fontSize=14, color=PALETTE[2]
            ).encode(x="value:Q", y=alt.value(0), text="words:N")
        )
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
    alt = _altair()
    lines = []
    for row in curve:
        for series, value in (
            ("Average", row["target"]),
            ("95% limits", row["lower_95"]),
            ("95% limits ", row["upper_95"]),
            ("99.8% limits", row["lower_99_8"]),
            ("99.8% limits ", row["upper_99_8"]),
        ):
            lines.append({"x": row["x"], "y": value, "series": series})
    dash = alt.Scale(
        domain=["Average", "95% limits", "95% limits ", "99.8% limits", "99.8% limits "],
        range=[[1, 0], [6, 3], [6, 3], [2, 2], [2, 2]],
    )
    colour = alt.Scale(
        domain=["Average", "95% limits", "95% limits ", "99.8% limits", "99.8% limits "],
        range=[PALETTE[4], PALETTE[1], PALETTE[1], PALETTE[2], PALETTE[2]],
    )
    limit_lines = (
        alt.Chart(alt.Data(values=lines))
        .mark_line(strokeWidth=1.5)
        .encode(
            x=alt.X("x:Q", title=x_title),
            y=alt.Y("y:Q", title=y_title),
            detail="series:N",
            strokeDash=alt.StrokeDash("series:N", scale=dash, legend=None),
            color=alt.Color("series:N", scale=colour, legend=None),
        )
    )
    dots = (
        alt.Chart(alt.Data(values=points))
        .mark_point(filled=True, size=60, color=PALETTE[0], shape="circle")
        .encode(x="x:Q", y="y:Q")
    )
    names = (
        alt.Chart(alt.Data(values=points))
        .mark_text(align="left", dx=6, dy=-6, fontSize=14, color="#0b0c0c")
        .encode(x="x:Q", y="y:Q", text="label:N")
    )

    def build(width: int, narrow: bool):
        return (limit_lines + dots + names).properties(
            width=width if narrow else width - 90, height=260 if narrow else 300
        )

    return _Drawing(build, key, title, description)


@_drawn_on_request
def diverging_chart(
    *, key: str, title: str, description: str, rows: list, left: str, right: str, axis_title: str
) -> _Drawing:
    """Two counts per category drawn either side of a centre line: `rows` are (label, left count,
    right count), and a count hidden to protect privacy is None and not drawn. Told apart by side
    and by colour, with each count written at its bar's end."""
    alt = _altair()
    longest = max((count for _label, *counts in rows for count in counts if count is not None), default=1)
    reach = max(1.0, longest * 1.6)

    def build(width: int, narrow: bool):
        values = []
        for label, left_count, right_count in rows:
            shown = _wrapped(label) if narrow else label
            if left_count is not None:
                values.append({"label": shown, "side": left, "x": -left_count, "count": left_count})
            if right_count is not None:
                values.append({"label": shown, "side": right, "x": right_count, "count": right_count})
        axis = alt.Axis(labelExpr="split(datum.label, '|')") if narrow else alt.Axis()
        base = alt.Chart(alt.Data(values=values)).encode(
            y=alt.Y("label:N", sort=None, title=None, axis=axis),
            # Symmetric, with room past the longest bar for its count.
            x=alt.X(
                "x:Q",
                title=axis_title,
                axis=alt.Axis(labelExpr="abs(datum.value)"),
                scale=alt.Scale(domain=[-reach, reach], nice=False),
            ),
        )
        colour = alt.Color(
            "side:N",
            scale=alt.Scale(domain=[left, right], range=[PALETTE[1], PALETTE[0]]),
            legend=alt.Legend(
                title=None,
                orient="bottom" if narrow else "top",
                direction="vertical" if narrow else "horizontal",
                labelFontSize=14,
                symbolType="square",
            ),
        )
        bars = base.mark_bar().encode(color=colour)
        counts = base.encode(text="count:Q")
        left_counts = counts.transform_filter(alt.datum.x < 0).mark_text(
            align="right", dx=-4, fontSize=14, color="#0b0c0c"
        )
        right_counts = counts.transform_filter(alt.datum.x >= 0).mark_text(
            align="left", dx=4, fontSize=14, color="#0b0c0c"
        )
        centre = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(color="#0b0c0c").encode(x="x:Q")
        # "fit" takes the axis and key out of the narrow chart's height, so allow for them.
        height = 56 * len(rows) + 130 if narrow else max(40, 28 * len(rows))
        return alt.layer(bars, left_counts, right_counts, centre).properties(
            width=width if narrow else width - 200, height=height
        )

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
    alt = _altair()

    def build(width: int, narrow: bool):
        data = alt.Data(values=[{"x": x, "y": y} for x, y in points])
        base = alt.Chart(data).encode(
            x=alt.X("x:Q", title=x_title, axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=True)),
        )
        layers = [
            base.mark_line(color=PALETTE[0], strokeWidth=3),
            base.mark_point(color=PALETTE[0], filled=True, size=50, opacity=1),
        ]
        if reference is not None:
            level = alt.Chart(alt.Data(values=[{"y": reference[0], "words": reference[1]}]))
            layers.append(level.mark_rule(color=PALETTE[2], strokeDash=[6, 3], strokeWidth=2).encode(y="y:Q"))
            layers.append(
                level.mark_text(
                    align="left", baseline="bottom", dx=4, dy=-4, fontSize=14, color=PALETTE[2]
                ).encode(y="y:Q", x=alt.value(0), text="words:N")
            )
        return alt.layer(*layers).properties(width=width if narrow else width - 80, height=240)

    return _Drawing(build, key, title, description)
