"""Charts as accessible, server-rendered SVG: Vega-Lite through altair, drawn offline by vl-convert.

The SVG goes straight into the page, so it is made safe and accessible here: one role="img" with a
<title> and <desc> (what the chart shows, in words), the inner ARIA that Vega adds removed (the
data table beside each chart carries the figures), and nothing that could run (no script, no
event handlers, no inline styles, which the content security policy would block anyway).
Colours are the Analysis Function's accessible palette; series are told apart by shape and label
as well as colour.
"""

import functools
import json
import re
from html import escape

# Government Analysis Function accessible colour palette (categorical).
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
FONT = "Arial"
WIDTH = 560

_FORBIDDEN_ELEMENTS = re.compile(r"<(script|foreignObject|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_FORBIDDEN_ATTRIBUTES = re.compile(
    r'\s(?:on[a-z]+|style|role|aria-[a-z-]+|href|xlink:href)="[^"]*"', re.IGNORECASE
)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)


def _size(svg_open: str, name: str) -> str:
    found = re.search(rf'\s{name}="([\d.]+)"', svg_open)
    return found.group(1) if found else "0"


def accessible_svg(svg: str, *, key: str, title: str, description: str) -> str:
    """Sanitise vl-convert's SVG and give it role="img", a title and a description."""
    svg = _FORBIDDEN_ELEMENTS.sub("", svg)
    svg = _FORBIDDEN_ATTRIBUTES.sub("", svg)
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("The chart renderer did not return an SVG.")
    width, height = _size(opening.group(0), "width"), _size(opening.group(0), "height")
    title_id, desc_id = f"chart-{key}-title", f"chart-{key}-desc"
    new_open = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="insight-chart" role="img" '
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


def _config(chart):
    return chart.configure(font=FONT).configure_axis(labelFontSize=14, titleFontSize=14, labelLimit=260)


def _kept(draw):
    """Keep recent charts by their arguments: building the spec through altair takes longer than
    drawing it, and the same figures give the same chart."""

    @functools.lru_cache(maxsize=256)
    def from_json(arguments: str) -> str:
        return draw(**json.loads(arguments))

    @functools.wraps(draw)
    def kept(**arguments) -> str:
        try:
            as_json = json.dumps(arguments, sort_keys=True)
        except TypeError:  # a figure JSON cannot hold: draw it afresh
            return draw(**arguments)
        return from_json(as_json)

    return kept


@_kept
def bar_chart(
    *, key: str, title: str, description: str, rows: list[tuple[str, float]], axis_title: str
) -> str:
    """Horizontal bars, one per labelled value, with the value written at the end of each bar."""
    alt = _altair()
    data = alt.Data(values=[{"label": label, "value": value} for label, value in rows])
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=None, title=None),
        x=alt.X("value:Q", title=axis_title),
    )
    bars = base.mark_bar(color=PALETTE[0])
    labels = base.mark_text(align="left", dx=3, fontSize=14, color="#0b0c0c").encode(
        text=alt.Text("value:Q", format=",.4~g")
    )
    chart = (bars + labels).properties(width=WIDTH - 200, height=max(40, 24 * len(rows)))
    return accessible_svg(_render(_config(chart)), key=key, title=title, description=description)


@_kept
def funnel_chart(
    *,
    key: str,
    title: str,
    description: str,
    points: list[dict],
    curve: list[dict],
    x_title: str,
    y_title: str,
) -> str:
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
    chart = (limit_lines + dots + names).properties(width=WIDTH - 120, height=300)
    return accessible_svg(_render(_config(chart)), key=key, title=title, description=description)
