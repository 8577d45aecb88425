"""Tables as published on the page: every value escaped, hidden figures explained to screen readers."""

from throughcare.core.disclosure import disclose_count
from throughcare.insight.publishing import Plain, Row, Table, table_rows_html


def _table(*rows: Row, numeric: bool = True) -> Table:
    return Table("key", "Caption", "Service", ("People",), rows, numeric=numeric)


def test_names_and_figures_are_escaped():
    html = table_rows_html(_table(Row("<script>alert(1)</script> & Co", (Plain("<b>12</b>"),))))
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert ">&lt;b&gt;12&lt;/b&gt;</td>" in html


def test_a_hidden_figure_shows_an_asterisk_and_tells_screen_readers_why():
    html = table_rows_html(_table(Row("Bolton", (disclose_count(3, level="local_authority"),))))
    assert '<span aria-hidden="true">*</span>' in html
    assert '<span class="govuk-visually-hidden">hidden: fewer than 8 people</span>' in html


def test_totals_are_bold_and_numeric_columns_right_aligned():
    html = table_rows_html(_table(Row("All areas", (Plain("40"),), is_total=True)))
    assert '<th scope="row" class="govuk-table__header"><strong>All areas</strong></th>' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">40</td>' in html
    plain = table_rows_html(_table(Row("A service", (Plain("Ends 1 May"),)), numeric=False))
    assert '<td class="govuk-table__cell">Ends 1 May</td>' in plain
