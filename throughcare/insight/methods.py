"""The methods page's text: docs/insight-methods.md, read at run time and turned into GOV.UK HTML.

Only what that file uses is understood: headings, paragraphs, bullet lists, pipe tables, `code`,
*emphasis* and **bold**. Everything is escaped first, so the file cannot put markup on the page.
"""

import re
from html import escape

_INLINE = (
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*([^*]+)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![*\w])\*([^*\s][^*]*)\*(?!\w)"), r"<em>\1</em>"),
    (re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)"), r'<a class="govuk-link" href="\2">\1</a>'),
)
_HEADING_CLASSES = {1: "govuk-heading-l", 2: "govuk-heading-m", 3: "govuk-heading-s", 4: "govuk-heading-s"}


def _inline(text: str) -> str:
    html = escape(text, quote=False)
    for pattern, replacement in _INLINE:
        html = pattern.sub(replacement, html)
    return html


def _table(lines: list[str], *, section: str) -> str:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    header, body = rows[0], [row for row in rows[1:] if not all(set(cell) <= set("-: ") for cell in row)]
    head = "".join(f'<th scope="col" class="govuk-table__header">{_inline(c)}</th>' for c in header)
    rows_html = "".join(
        '<tr class="govuk-table__row">'
        + "".join(f'<td class="govuk-table__cell">{_inline(c)}</td>' for c in row)
        + "</tr>"
        for row in body
    )
    # In a focusable scroll region, so a table wider than a phone scrolls by itself, not the page.
    return (
        f'<div class="tc-table-scroll" role="region" aria-label="Table: {escape(section)}" tabindex="0">'
        '<table class="govuk-table"><thead class="govuk-table__head">'
        f'<tr class="govuk-table__row">{head}</tr></thead>'
        f'<tbody class="govuk-table__body">{rows_html}</tbody></table></div>'
    )


class _Page:
    """The blocks read so far, and the paragraph, list or table still being read."""

    def __init__(self, *, skip_title: bool):
        self.skip_title = skip_title
        self.blocks: list[str] = []
        self.paragraph: list[str] = []
        self.items: list[str] = []
        self.table: list[str] = []
        self.section = "Methods"  # the heading above, which names a table's scroll region

    def flush(self) -> None:
        if self.paragraph:
            self.blocks.append(f'<p class="govuk-body">{_inline(" ".join(self.paragraph))}</p>')
            self.paragraph.clear()
        if self.items:
            self.blocks.append(
                '<ul class="govuk-list govuk-list--bullet">'
                + "".join(f"<li>{_inline(i)}</li>" for i in self.items)
                + "</ul>"
            )
            self.items.clear()
        if self.table:
            self.blocks.append(_table(self.table, section=self.section))
            self.table.clear()

    def read(self, line: str) -> None:
        stripped = line.strip()
        heading = re.match(r"^(#{1,4})\s+(.*)$", stripped)
        if not stripped:
            self.flush()
        elif heading:
            self.add_heading(len(heading.group(1)), heading.group(2))
        elif stripped.startswith("|"):
            self.add_table_row(stripped)
        elif re.match(r"^[-*]\s+", stripped):
            self.add_item(re.sub(r"^[-*]\s+", "", stripped))
        elif self.items and line.startswith("  "):
            self.items[-1] += " " + stripped
        else:
            self.add_text(stripped)

    def add_heading(self, depth: int, text: str) -> None:
        self.flush()
        if depth == 1 and self.skip_title:
            return
        self.section = text
        self.blocks.append(f'<h{depth} class="{_HEADING_CLASSES[depth]}">{_inline(text)}</h{depth}>')

    def add_table_row(self, row: str) -> None:
        if self.paragraph or self.items:
            self.flush()
        self.table.append(row)

    def add_item(self, item: str) -> None:
        if self.paragraph or self.table:
            self.flush()
        self.items.append(item)

    def add_text(self, text: str) -> None:
        if self.table:
            self.flush()
        self.paragraph.append(text)


def methods_html(markdown: str, *, skip_title: bool = True) -> str:
    page = _Page(skip_title=skip_title)
    for line in markdown.splitlines():
        page.read(line)
    page.flush()
    return "\n".join(page.blocks)
