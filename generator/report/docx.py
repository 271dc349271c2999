"""The report as a Word document the analyst can edit and submit: real Heading 1–3 styles (Word's navigation
pane and table of contents work), real tables with a repeating header row, charts as pictures, page numbers.

Deterministic: the document properties carry a date derived from the report year, and the archive entries a
fixed timestamp, so the same data give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from . import charts
from .model import AnalystText, Block, Chart, Figure, Paragraph, Report, Section, Span, Table

FONT = "Times New Roman"
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _text(items: Sequence[Span]) -> str:
    return "".join(item.text if isinstance(item, Figure) else item for item in items)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC): Word computes it when the document is opened or printed."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, shown, end):
        run._r.append(element)


def _setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 20), ("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 12), ("Heading 4", 12)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.element.rPr.rFonts.set(qn("w:ascii"), FONT)
        style.element.rPr.rFonts.set(qn("w:hAnsi"), FONT)
    # ask Word to refresh the table of contents when the document is opened
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _paragraph(document, block: Paragraph) -> None:
    paragraph = document.add_paragraph(_text(block.spans), style="List Bullet" if block.item else None)
    if not block.item:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _no_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _table(document, block: Table) -> None:
    caption = document.add_paragraph(block.caption)
    caption.runs[0].bold = True
    caption.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = block.widths or (1,) * len(block.header)
    usable = Mm(170)
    sizes = [int(usable * width / sum(widths)) for width in widths]
    for index, cell in enumerate(table.rows[0].cells):
        cell.text = block.header[index]
        cell.paragraphs[0].runs[0].bold = True
        cell.width = sizes[index]
    _repeat_header(table.rows[0])
    for row in block.rows:
        cells = table.add_row().cells
        _no_split(table.rows[-1])
        if row.group:
            merged = cells[0].merge(cells[-1])
            merged.text = row.group
            merged.paragraphs[0].runs[0].bold = True
            continue
        for index, cell in enumerate(row.cells):
            cells[index].text = _text(cell)
            cells[index].width = sizes[index]
            if block.numeric[index]:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    if block.note:
        document.add_paragraph(block.note)
    document.add_paragraph()


_BOLD = re.compile(r"(\*\*[^*]+\*\*)")


def _analyst(document, block: AnalystText) -> None:
    """The analyst's Markdown, kept simple: paragraphs, «- » lists, ``#`` headings as bold lines, **bold**."""
    for chunk in re.split(r"\n\s*\n", block.markdown):
        lines = [line.rstrip() for line in chunk.strip().splitlines() if line.strip()]
        items = all(line.lstrip().startswith(("- ", "* ")) for line in lines)
        for text in lines if items else [" ".join(line.strip() for line in lines)]:
            style = "List Bullet" if items else None
            text = text.lstrip()[2:] if items else text
            paragraph = document.add_paragraph(style=style)
            heading = text.startswith("#")
            for piece in _BOLD.split(text.lstrip("# ") if heading else text):
                if not piece:
                    continue
                bold = piece.startswith("**") and piece.endswith("**")
                run = paragraph.add_run(piece[2:-2] if bold else piece)
                run.bold = bold or heading


def _chart(document, block: Chart) -> None:
    document.add_picture(io.BytesIO(charts.png(block)), width=Cm(16))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = document.add_paragraph(f"Рисунок: {block.caption}")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.runs[0].italic = True
    _table(document, charts.data_table(block))


def _blocks(document, blocks: Sequence[Block]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Chart):
            _chart(document, block)
        elif isinstance(block, AnalystText):
            _analyst(document, block)


def _section(document, section: Section) -> None:
    document.add_heading(section.heading, level=min(section.level + 1, 9))
    _blocks(document, section.blocks)
    for child in section.children:
        _section(document, child)


def _title_page(document, report: Report) -> None:
    for text, size, bold, space in ((report.authority, 12, False, 120), (report.title, 20, True, 12),
                                    (report.subtitle, 14, False, 12), (report.territory, 13, False, 24),
                                    *((note, 10, False, 200) for note in report.notes)):
        if not text:
            continue
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(space)
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    contents = document.add_paragraph("Содержание")
    contents.runs[0].bold = True
    contents.runs[0].font.size = Pt(14)
    _field(document.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u',
           "Оглавление обновится при открытии документа (или: правой кнопкой мыши → «Обновить поле»).")
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _stable(data: bytes) -> bytes:
    """Rewrite the archive with fixed entry timestamps (python-docx stamps the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def render(report: Report) -> bytes:
    document = Document()
    _setup(document)
    stamp = dt.datetime(report.year, 1, 1, tzinfo=dt.UTC)
    properties = document.core_properties
    properties.title = f"{report.title} {report.subtitle}"
    properties.author = report.authority or report.territory
    properties.subject = report.territory
    properties.language = "ru-RU"
    properties.created = properties.modified = stamp
    properties.last_modified_by = report.authority or report.territory
    properties.revision = 1
    _title_page(document, report)
    for number, part in enumerate(report.parts):
        if number:
            document.add_page_break()
        document.add_heading(part.heading, level=1)
        if part.id == "part-2":
            for section in part.sections:
                _blocks(document, section.blocks)
        else:
            for section in part.sections:
                _section(document, section)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable(buffer.getvalue())
