"""The report as a printable PDF (WeasyPrint): A4, title page, table of contents with page numbers, page
numbers in the footer, charts as vector images, tables whose header row repeats on every page, fonts embedded.

The PDF is laid out from its own HTML (not from the site's pages), so no site styling or navigation leaks in.
"""

from __future__ import annotations

import base64
import html
import logging
import re
from collections.abc import Sequence

import markdown

from .. import typography as t
from . import charts
from .model import AnalystText, Block, Chart, Figure, Paragraph, Report, Section, Span, Table

CSS = """
@page {
  size: A4;
  margin: 20mm 15mm 20mm 25mm;
  @bottom-center { content: counter(page); font: 10pt "Liberation Serif"; color: #000; }
}
@page :first { @bottom-center { content: none; } }
html { font-family: "Liberation Serif", "Times New Roman", serif; font-size: 12pt; line-height: 1.35; color: #000;
       hyphens: auto; hyphenate-limit-chars: 6 3 3; }
h1, h2, h3, h4, .title-page, caption, th, td, figcaption, .toc, .approval { hyphens: none; }
h1 { font-size: 15pt; margin: 0 0 8mm; break-before: page; bookmark-level: 1; text-align: center; }
h2 { font-size: 13pt; margin: 8mm 0 3mm; bookmark-level: 2; break-after: avoid; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; bookmark-level: 3; break-after: avoid; }
h4 { font-size: 12pt; margin: 5mm 0 2mm; bookmark-level: 4; break-after: avoid; }
p { margin: 0 0 2mm; text-indent: 12.5mm; text-align: justify; }
p, li, td { orphans: 2; widows: 2; }
ul { margin: 0 0 3mm; padding-left: 6mm; }
li { margin-bottom: 1mm; text-align: justify; }
.abbr { hyphens: none; white-space: nowrap; }
.title-page { height: 245mm; display: flex; flex-direction: column; justify-content: space-between; text-align: center; }
.title-page p { text-indent: 0; text-align: center; }
.approval { align-self: flex-end; width: 80mm; text-align: left; font-size: 12pt; line-height: 1.5; }
.approval div:first-child { font-weight: bold; }
.title-page .authority { font-size: 12pt; }
.title-page .title { font-size: 18pt; font-weight: bold; line-height: 1.3; }
.title-page .subtitle { font-size: 14pt; margin-top: 6mm; }
.title-page .territory { font-size: 13pt; margin-top: 10mm; }
.title-page .note { font-size: 10pt; }
.imprint { margin-top: 12mm; font-size: 10pt; break-inside: avoid; }
.imprint p { margin: 0; text-indent: 0; text-align: left; }
#appendix-msoko { break-before: page; }
p.table-note { font-size: 10pt; text-indent: 0; margin-top: -3mm; }
.toc h1 { break-before: page; }
.toc ul { list-style: none; padding-left: 0; }
.toc ul ul { padding-left: 6mm; }
.toc li { text-align: left; }
.toc a { color: #000; text-decoration: none; }
.toc a::after { content: leader(". ") target-counter(attr(href), page); }
table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 1mm 0 5mm; font-size: 9.5pt; line-height: 1.2; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 11pt; padding-bottom: 1.5mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #777; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
tr.group { break-after: avoid; }
tr.group td { background: #f4f4f4; font-weight: bold; }
figure { margin: 3mm 0 5mm; break-inside: avoid; }
figure img { width: 100%; }
figcaption { font-size: 11pt; text-align: center; }
.analyst { border-left: 2pt solid #999; padding-left: 3mm; margin-bottom: 3mm; }
a { color: inherit; text-decoration: none; }
"""


#: an abbreviation (ВПР, ШНОР, ГИА-9, ОГЭ): never hyphenated nor broken at its own hyphen
ABBREVIATION = re.compile(r"(?<![\w\-])[А-ЯЁA-Z]{2,}[А-ЯЁA-Z0-9]*(?:-[А-ЯЁA-Z0-9]+)*(?![\w\-])")


def typeset(text: str) -> str:
    """Escaped HTML of a sentence: non-breaking spaces where a line must not break, abbreviations kept whole."""
    escaped = html.escape(t.bind_short_words(text), quote=False)
    return ABBREVIATION.sub(lambda match: f'<span class="abbr">{match.group(0)}</span>', escaped)


def _spans(items: Sequence[Span]) -> str:
    return typeset("".join(item.text if isinstance(item, Figure) else item for item in items))


def _table(block: Table) -> str:
    widths = block.widths or (1,) * len(block.header)
    total = sum(widths)
    cols = "".join(f'<col style="width:{100 * width / total:.1f}%">' for width in widths)
    head = "".join(f"<th>{typeset(cell)}</th>" for cell in block.header)
    rows = []
    for row in block.rows:
        if row.group:
            rows.append(f'<tr class="group"><td colspan="{len(block.header)}">{typeset(row.group)}</td></tr>')
            continue
        cells = "".join(
            f'<td class="num">{_spans(cell)}</td>' if block.numeric[index] else f"<td>{_spans(cell)}</td>"
            for index, cell in enumerate(row.cells)
        )
        rows.append(f"<tr>{cells}</tr>")
    note = f'<p class="table-note">{typeset(block.note)}</p>' if block.note else ""
    return (f"<table><caption>{typeset(block.label)}</caption><colgroup>{cols}</colgroup>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}")


def _chart(block: Chart) -> str:
    data = base64.b64encode(charts.svg(block).encode("utf-8")).decode("ascii")
    return (f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{html.escape(charts.description(block))}">'
            f"<figcaption>{typeset(block.label)}</figcaption></figure>{_table(charts.data_table(block))}")


def _blocks(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    in_list = False
    for block in blocks:
        is_item = isinstance(block, Paragraph) and block.item
        if is_item and not in_list:
            out.append("<ul>")
        if in_list and not is_item:
            out.append("</ul>")
        in_list = is_item
        if isinstance(block, Paragraph):
            out.append(f"<li>{_spans(block.spans)}</li>" if block.item else f"<p>{_spans(block.spans)}</p>")
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Chart):
            out.append(_chart(block))
        elif isinstance(block, AnalystText):
            out.append(f'<div class="analyst">{markdown.markdown(t.bind_short_words(block.markdown), extensions=["tables"])}</div>')
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def _section(section: Section, offset: int = 1) -> str:
    level = min(section.level + offset, 6)
    body = _blocks(section.blocks)
    children = "\n".join(_section(child, offset) for child in section.children)
    return f'<h{level} id="{section.id}">{typeset(section.heading)}</h{level}>\n{body}\n{children}'


def _toc(sections: Sequence[Section]) -> str:
    items = []
    for section in sections:
        child = f"<ul>{_toc(section.children)}</ul>" if section.children else ""
        items.append(f'<li><a href="#{section.id}">{typeset(section.heading)}</a>{child}</li>')
    return "".join(items)


def document(report: Report) -> str:
    """The whole report as one HTML document for WeasyPrint."""
    notes = "".join(f'<p class="note">{typeset(note)}</p>' for note in report.notes)
    signature = report.signature
    approval = ["УТВЕРЖДАЮ", signature.position, f"{'_' * 14} {signature.name}".rstrip(),
                signature.date or f"«___» {'_' * 12} {report.imprint.created.year}{t.NBSP}г."]
    place = ", ".join(item for item in (report.imprint.place, str(report.imprint.created.year)) if item)
    title_page = (
        '<section class="title-page">'
        f'<div class="approval">{"".join(f"<div>{typeset(line)}</div>" for line in approval if line)}</div>'
        f'<div class="authority">{typeset(report.authority)}</div>'
        f'<div><div class="title">{typeset(report.title)}</div>'
        f'<div class="subtitle">{typeset(report.subtitle)}</div>'
        f'<div class="territory">{typeset(report.territory)}</div></div>'
        f"<div>{notes}<p>{typeset(place)}</p></div></section>"
    )
    toc_items = []
    parts = []
    for part in report.parts:
        part_id = part.id
        headed = [section for section in part.sections if not part.untitled(section)]
        toc_items.append(f'<li><a href="#{part_id}">{typeset(part.heading)}</a>'
                         f"<ul>{_toc(headed)}</ul></li>")
        body = "\n".join(_blocks(section.blocks) if part.untitled(section) else _section(section, 1)
                         for section in part.sections)
        parts.append(f'<h1 id="{part_id}">{typeset(part.heading)}</h1>\n{body}')
    toc = f'<nav class="toc"><h1 id="contents">Содержание</h1><ul>{"".join(toc_items)}</ul></nav>'
    imprint = [f"Исполнитель: {report.imprint.executor}" if report.imprint.executor else "", report.imprint.contacts]
    parts.append(f'<div class="imprint">{"".join(f"<p>{typeset(line)}</p>" for line in imprint if line)}</div>')
    return (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
        f"<title>{html.escape(report.title)} {html.escape(report.subtitle)}</title>"
        f'<meta name="author" content="{html.escape(report.authority)}">'
        f"<style>{CSS}</style></head><body>{title_page}{toc}{''.join(parts)}</body></html>"
    )


def render(report: Report) -> bytes:
    """The PDF bytes (WeasyPrint embeds subsets of Liberation Serif, metric-compatible with the DOCX's Times New Roman; no date is stamped, so output is stable)."""
    # imported here: loading pango takes a moment that a build without the PDF does not need
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=document(report), base_url=".").write_pdf(uncompressed_pdf=False)


__all__ = ["document", "render"]
