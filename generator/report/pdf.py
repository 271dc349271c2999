"""The report as a printable PDF (WeasyPrint): A4, title page, table of contents with page numbers, page
numbers in the footer, charts as vector images, tables whose header row repeats on every page, fonts embedded.

The PDF is laid out from its own HTML (not from the site's pages), so no site styling or navigation leaks in.
"""

from __future__ import annotations

import base64
import html
import logging
from collections.abc import Sequence

import markdown

from . import charts
from .model import AnalystText, Block, Chart, Figure, Paragraph, Report, Section, Span, Table

CSS = """
@page {
  size: A4;
  margin: 20mm 15mm 20mm 25mm;
  @bottom-center { content: counter(page); font: 9pt "DejaVu Sans"; color: #444; }
}
@page :first { @bottom-center { content: none; } }
html { font-family: "DejaVu Serif"; font-size: 10.5pt; line-height: 1.4; color: #000; hyphens: auto; }
h1, h2, h3, h4, .title-page, caption, th, .toc { font-family: "DejaVu Sans"; hyphens: manual; }
h1 { font-size: 16pt; margin: 0 0 8mm; break-before: page; bookmark-level: 1; }
h2 { font-size: 13pt; margin: 8mm 0 3mm; bookmark-level: 2; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 6mm 0 2mm; bookmark-level: 3; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 5mm 0 2mm; bookmark-level: 4; break-after: avoid; }
p { margin: 0 0 2.5mm; text-align: justify; orphans: 2; widows: 2; }
ul { margin: 0 0 3mm; padding-left: 6mm; }
li { margin-bottom: 1mm; }
.title-page { height: 240mm; display: flex; flex-direction: column; justify-content: space-between; text-align: center; }
.title-page .authority { font-size: 11pt; }
.title-page .title { font-size: 20pt; font-weight: bold; line-height: 1.3; }
.title-page .subtitle { font-size: 14pt; margin-top: 6mm; }
.title-page .territory { font-size: 12pt; margin-top: 10mm; }
.title-page .note { font-size: 9pt; color: #444; }
.toc h1 { break-before: page; }
.toc ul { list-style: none; padding-left: 0; }
.toc ul ul { padding-left: 6mm; }
.toc a { color: #000; text-decoration: none; }
.toc a::after { content: leader(". ") target-counter(attr(href), page); }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 5mm; font-size: 8.5pt; font-family: "DejaVu Sans"; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9pt; padding-bottom: 1.5mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #777; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
tr.group td { background: #f4f4f4; font-weight: bold; break-after: avoid; }
figure { margin: 3mm 0 5mm; break-inside: avoid; }
figure img { width: 100%; }
figcaption { font-size: 9pt; font-style: italic; text-align: center; }
.analyst { border-left: 2pt solid #999; padding-left: 3mm; margin-bottom: 3mm; }
a { color: inherit; text-decoration: none; }
"""


def _spans(items: Sequence[Span]) -> str:
    return "".join(html.escape(item.text if isinstance(item, Figure) else item, quote=False) for item in items)


def _table(block: Table) -> str:
    widths = block.widths or (1,) * len(block.header)
    total = sum(widths)
    cols = "".join(f'<col style="width:{100 * width / total:.1f}%">' for width in widths)
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in block.header)
    rows = []
    for row in block.rows:
        if row.group:
            rows.append(f'<tr class="group"><td colspan="{len(block.header)}">{html.escape(row.group)}</td></tr>')
            continue
        cells = "".join(
            f'<td class="num">{_spans(cell)}</td>' if block.numeric[index] else f"<td>{_spans(cell)}</td>"
            for index, cell in enumerate(row.cells)
        )
        rows.append(f"<tr>{cells}</tr>")
    note = f"<p>{html.escape(block.note)}</p>" if block.note else ""
    return (f"<table><caption>{html.escape(block.caption)}</caption><colgroup>{cols}</colgroup>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}")


def _chart(block: Chart) -> str:
    data = base64.b64encode(charts.svg(block).encode("utf-8")).decode("ascii")
    caption = html.escape(block.caption)
    return (f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{html.escape(charts.description(block))}">'
            f"<figcaption>Рисунок: {caption}</figcaption></figure>{_table(charts.data_table(block))}")


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
            out.append(f'<div class="analyst">{markdown.markdown(block.markdown, extensions=["tables"])}</div>')
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def _section(section: Section, offset: int = 1) -> str:
    level = min(section.level + offset, 6)
    body = _blocks(section.blocks)
    children = "\n".join(_section(child, offset) for child in section.children)
    return f'<h{level} id="{section.id}">{html.escape(section.heading)}</h{level}>\n{body}\n{children}'


def _toc(sections: Sequence[Section]) -> str:
    items = []
    for section in sections:
        child = f"<ul>{_toc(section.children)}</ul>" if section.children else ""
        items.append(f'<li><a href="#{section.id}">{html.escape(section.heading)}</a>{child}</li>')
    return "".join(items)


def document(report: Report) -> str:
    """The whole report as one HTML document for WeasyPrint."""
    notes = "".join(f'<p class="note">{html.escape(note)}</p>' for note in report.notes)
    title_page = (
        '<section class="title-page">'
        f'<div class="authority">{html.escape(report.authority)}</div>'
        f'<div><div class="title">{html.escape(report.title)}</div>'
        f'<div class="subtitle">{html.escape(report.subtitle)}</div>'
        f'<div class="territory">{html.escape(report.territory)}</div></div>'
        f"<div>{notes}</div></section>"
    )
    toc_items = []
    parts = []
    for part in report.parts:
        part_id = part.id
        toc_items.append(f'<li><a href="#{part_id}">{html.escape(part.heading)}</a>'
                         f"<ul>{_toc(part.sections) if part.id == 'part-1' else ''}</ul></li>")
        body = "\n".join(_section(section, 1) for section in part.sections)
        if part.id == "part-2":
            body = "\n".join(_blocks(section.blocks) for section in part.sections)
        parts.append(f'<h1 id="{part_id}">{html.escape(part.heading)}</h1>\n{body}')
    toc = f'<nav class="toc"><h1 id="contents">Содержание</h1><ul>{"".join(toc_items)}</ul></nav>'
    return (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
        f"<title>{html.escape(report.title)} {html.escape(report.subtitle)}</title>"
        f'<meta name="author" content="{html.escape(report.authority)}">'
        f"<style>{CSS}</style></head><body>{title_page}{toc}{''.join(parts)}</body></html>"
    )


def render(report: Report) -> bytes:
    """The PDF bytes (WeasyPrint embeds subsets of the DejaVu fonts; no date is stamped, so output is stable)."""
    # imported here: loading pango takes a moment that a build without the PDF does not need
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=document(report), base_url=".").write_pdf(uncompressed_pdf=False)


__all__ = ["document", "render"]
