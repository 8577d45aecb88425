"""The charts as drawn: safe, named, 14 px text at both sizes, intervals and a reference line."""

import re

from throughcare.insight import charts

ROWS = [("Mixed or multiple ethnic groups", 50.0, 40.0, 60.0), ("White", 55.0, 50.0, 60.0)]


def _bar(**extra) -> str:
    return charts.bar_chart(
        key="accepted",
        title="Accepted <share>",
        description="D",
        rows=ROWS,
        axis_title="Accepted (%)",
        **extra,
    )


def test_each_chart_is_drawn_wide_and_narrow_with_ids_of_its_own():
    svg = _bar()
    assert re.findall(r'class="(insight-chart[^"]*)"', svg) == [
        "insight-chart insight-chart--wide",
        "insight-chart insight-chart--narrow",
    ]
    ids = re.findall(r'\sid="([^"]+)"', svg)
    assert len(ids) == len(set(ids)) == 4
    assert svg.count('role="img"') == 2
    assert svg.count("Accepted &lt;share&gt;") == 2


def test_no_text_is_smaller_than_14_px():
    for svg in (
        _bar(reference=(52.0, "All groups: 52.0%")),
        charts.funnel_chart(
            key="f",
            title="T",
            description="D",
            points=[{"x": 10, "y": 5.0, "label": "Leeds"}, {"x": 20, "y": 6.0, "label": ""}],
            curve=[
                {"x": x, "target": 5.5, "lower_95": 4, "upper_95": 7, "lower_99_8": 3, "upper_99_8": 8}
                for x in (10, 20)
            ],
            x_title="People referred",
            y_title="Services per 1,000 people",
        ),
    ):
        sizes = {float(size) for size in re.findall(r'font-size="([\d.]+)px"', svg)}
        assert sizes
        assert min(sizes) >= 14


def test_the_narrow_chart_wraps_long_labels_onto_lines():
    narrow = _bar().split("insight-chart--narrow")[1]
    assert "Mixed or multiple" in narrow
    assert "Mixed or multiple ethnic groups" not in narrow  # split across lines, not cut off
    assert "…" not in narrow


def test_a_reference_line_is_labelled_and_intervals_are_drawn():
    plain, compared = _bar(), _bar(reference=(52.0, "All groups: 52.0%"))
    assert "All groups: 52.0%" not in plain
    assert compared.count("All groups: 52.0%") == 2
    without_intervals = charts.bar_chart(
        key="accepted", title="T", description="D", rows=[r[:2] for r in ROWS], axis_title="Accepted (%)"
    )
    # Each interval is a whisker with a tick at each end: more marks than the bars alone.
    assert plain.count("<path") > without_intervals.count("<path")


def test_nothing_in_a_chart_can_run():
    svg = _bar(reference=(52.0, "<script>alert(1)</script>"))
    assert "<script" not in svg
    assert not re.search(r"\son[a-z]+=", svg)
    assert " style=" not in svg


def test_a_diverging_chart_draws_each_side_and_leaves_hidden_counts_out():
    svg = charts.diverging_chart(
        key="middle",
        title="Declined as needs too low or too high",
        description="D",
        rows=[("Low-level wellbeing", 10, 25), ("Secondary care", 30, None)],
        left="Needs too low",
        right="Needs too high",
        axis_title="Referrals declined",
    )
    wide = svg.split("insight-chart--narrow")[0]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", wide)
    assert {"Needs too low", "Needs too high", "10", "25", "30"} <= set(texts)
    # Counts either side of the centre read as counts: the axis shows no minus signs.
    assert not [text for text in texts if text.startswith(("-", "\u2212"))]
    assert svg.count('role="img"') == 2


def test_a_chart_is_drawn_once_and_kept_in_the_shared_cache_until_forgotten(monkeypatch):
    """Every web server reads a chart drawn by any of them (the cache CACHE_URL names); forgetting the
    kept charts, as the benchmark's cold runs do, draws it again."""
    drawn = []
    real_render = charts._render
    monkeypatch.setattr(charts, "_render", lambda chart: drawn.append(1) or real_render(chart))
    charts.forget_kept_charts()
    first = _bar()
    charts._render_spec.cache_clear()  # as another process: only the shared cache holds it
    assert _bar() == first
    assert len(drawn) == 2  # wide and narrow, once
    charts.forget_kept_charts()
    assert _bar() == first
    assert len(drawn) == 4


def test_warming_up_starts_the_engine_without_keeping_any_page_chart():
    charts.forget_kept_charts()
    charts.warm_up()
    assert charts._render_spec.cache_info().currsize == 1
