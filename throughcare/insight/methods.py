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


def _table(lines: list[str]) -> str:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    header, body = rows[0], [row for row in rows[1:] if not all(set(cell) <= set("-: ") for cell in row)]
    head = "".join(f'<th scope="col" class="govuk-table__header">{_inline(c)}</th>' for c in header)
    rows_html = "".join(
        '<tr class="govuk-table__row">'
        + "".join(f'<td class="govuk-table__cell">{_inline(c)}</td>' for c in row)
        + "</tr>"
        for row in body
    )
    return (
        '<table class="govuk-table"><thead class="govuk-table__head">'
        f'<tr class="govuk-table__row">{head}</tr></thead>'
        f'<tbody class="govuk-table__body">{rows_html}</tbody></table>'
    )


def methods_html(markdown: str, *, skip_title: bool = True) -> str:
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    table: list[str] = []

    def flush():
        if paragraph:
            blocks.append(f'<p class="govuk-body">{_inline(" ".join(paragraph))}</p>')
            paragraph.clear()
        if items:
            blocks.append(
                '<ul class="govuk-list govuk-list--bullet">'
                + "".join(f"<li>{_inline(i)}</li>" for i in items)
                + "</ul>"
            )
            items.clear()
        if table:
            blocks.append(_table(table))
            table.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        heading = re.match(r"^(#{1,4})\s+(.*)$", stripped)
        if not stripped:
            flush()
        elif heading:
            flush()
            depth = len(heading.group(1))
            if depth == 1 and skip_title:
                continue
            tag = min(depth + 0 if not skip_title else depth, 4)
            blocks.append(f'<h{tag} class="{_HEADING_CLASSES[depth]}">{_inline(heading.group(2))}</h{tag}>')
        elif stripped.startswith("|"):
            if paragraph or items:
                flush()
            table.append(stripped)
        elif re.match(r"^[-*]\s+", stripped):
            if paragraph or table:
                flush()
            items.append(re.sub(r"^[-*]\s+", "", stripped))
        elif items and line.startswith("  "):
            items[-1] += " " + stripped
        else:
            if table:
                flush()
            paragraph.append(stripped)
    flush()
    return "\n".join(blocks)
