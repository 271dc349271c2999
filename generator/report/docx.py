"""The report as a Word document the analyst can edit and submit, one that LibreOffice, Р7-Офис and Word open
the same way.

Every style the document uses is set explicitly — font, size, black colour, no italic, no theme fonts or
colours — because the template's theme (Calibri, blue headings) is what office suites other than Word show
differently. The language is ru-RU on the styles and on every run (spell checking and hyphenation follow it).
The table of contents is written out with its entries, so a suite that does not refresh fields still shows it,
and wrapped in the TOC field Word refreshes. Tables carry one width per column in the grid, the table and
every cell. Deterministic: the creation date comes from the settings or the report year, and the archive
entries carry a fixed timestamp, so the same data give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from .. import typography as t
from . import charts
from .model import AnalystText, Block, Chart, Figure, Paragraph, Report, Section, Span, Table

LANGUAGE = "ru-RU"
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
#: the text width of an A4 page with margins of 25 and 15 mm
TEXT_WIDTH = Mm(170)
#: heading sizes relative to the body size (levels 1–4), and the title's
HEADING_SCALE = {1: 1.15, 2: 1.0, 3: 1.0, 4: 1.0}
TABLE_SIZE = 10
BLACK = RGBColor(0, 0, 0)


def _text(items: Sequence[Span]) -> str:
    """The spans as one string, with the non-breaking spaces of Russian typesetting."""
    return t.bind_short_words("".join(item.text if isinstance(item, Figure) else item for item in items))


def _language(properties) -> None:
    """``<w:lang w:val="ru-RU" …>`` in a run's or a style's properties (replacing any other language)."""
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)
    properties.append(lang)


def _fonts(properties, font: str) -> None:
    """Explicit fonts for every script, theme font references removed."""
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme") or attribute.endswith("theme"):
            del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)


def _run(paragraph, text: str, *, bold: bool = False, size: float | None = None):
    run = paragraph.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
    _language(run._r.get_or_add_rPr())
    return run


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE): computed when the document is opened or printed."""
    _field_begin(paragraph, instruction)
    _run(paragraph, placeholder)
    _field_end(paragraph)


def _field_begin(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(begin)
    run._r.append(code)
    run._r.append(separate)


def _field_end(paragraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _style(document, name: str, font: str, size: float, *, bold: bool = False, before: float = 0,
           after: float = 0, keep: bool = False):
    style = document.styles[name]
    style.font.name = font
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = BLACK
    properties = style.element.get_or_add_rPr()
    color = properties.find(qn("w:color"))
    if color is not None:
        for attribute in list(color.attrib):
            if attribute != qn("w:val"):
                del color.attrib[attribute]
    _fonts(properties, font)
    _language(properties)
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    if keep:
        style.paragraph_format.keep_with_next = True
    return style


def _toc_style(document, level: int, font: str, size: float):
    name = f"TOC {level}"
    try:
        style = document.styles[name]
    except KeyError:
        from docx.enum.style import WD_STYLE_TYPE

        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
    _style(document, name, font, size)
    style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
    style.paragraph_format.first_line_indent = Cm(0)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return style


def _setup(document, report: Report) -> None:
    font, size = report.imprint.font, report.imprint.font_size
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.different_first_page_header_footer = True
    # the document defaults: explicit font and language instead of the theme's (rPrDefault)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None and run_defaults.find(qn("w:rPr")) is not None:
            _fonts(run_defaults.find(qn("w:rPr")), font)
            _language(run_defaults.find(qn("w:rPr")))
    normal = _style(document, "Normal", font, size, after=0)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.first_line_indent = Cm(1.25)
    normal.paragraph_format.widow_control = True
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        level = int(name[-1]) if name[-1].isdigit() else 0
        style = _style(document, name, font, round(size * HEADING_SCALE.get(level, 1.3)), bold=True,
                       before=size if level else 0, after=size / 2, keep=True)
        style.paragraph_format.first_line_indent = Cm(0)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else WD_ALIGN_PARAGRAPH.LEFT
    caption = _style(document, "Caption", font, size - 2, bold=False, before=3, after=6)
    caption.paragraph_format.first_line_indent = Cm(0)
    bullet = _style(document, "List Bullet", font, size)
    bullet.paragraph_format.first_line_indent = Cm(0)
    for level in range(1, 5):
        _toc_style(document, level, font, size)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Cm(0)
    _field(footer, "PAGE", "1")
    # ask Word to refresh the table of contents (page numbers) when the document is opened
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _paragraph(document, block: Paragraph) -> None:
    paragraph = document.add_paragraph(style="List Bullet" if block.item else None)
    _run(paragraph, _text(block.spans))
    if not block.item:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _row_property(row, name: str, value: str | None = "true") -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(name)
    if value is not None:
        element.set(qn("w:val"), value)
    properties.append(element)


def _width(element, tag: str, twips: int) -> None:
    """Set ``<w:tcW>`` / ``<w:tblW>`` to a width in twentieths of a point (dxa)."""
    old = element.find(qn(tag))
    if old is not None:
        element.remove(old)
    width = OxmlElement(tag)
    width.set(qn("w:w"), str(twips))
    width.set(qn("w:type"), "dxa")
    element.append(width) if tag == "w:tblW" else element.insert(0, width)


def column_twips(block: Table) -> list[int]:
    """The column widths in dxa: the relative widths of the table scaled to the text width, summing to it."""
    widths = block.widths or (1,) * len(block.header)
    total_twips = int(TEXT_WIDTH.twips)
    sizes = [int(total_twips * width / sum(widths)) for width in widths]
    sizes[-1] += total_twips - sum(sizes)
    return sizes


def _fix_widths(table, sizes: list[int]) -> None:
    """One width per column in the grid, the table and every cell (a merged cell: the sum of its columns)."""
    properties = table._tbl.tblPr
    _width(properties, "w:tblW", sum(sizes))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    for column, size in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), sizes, strict=True):
        column.set(qn("w:w"), str(size))
    for row in table._tbl.tr_lst:
        position = 0
        for cell in row.tc_lst:
            span = cell.grid_span
            _width(cell.get_or_add_tcPr(), "w:tcW", sum(sizes[position:position + span]))
            position += span


def _cell(cell, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    _run(paragraph, text, bold=bold, size=TABLE_SIZE)


def _caption(document, text: str, *, center: bool = False, keep: bool = False) -> None:
    paragraph = document.add_paragraph(style="Caption")
    _run(paragraph, t.bind_short_words(text))
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.keep_with_next = keep


def _table(document, block: Table) -> None:
    _caption(document, block.label, keep=True)
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for index, cell in enumerate(table.rows[0].cells):
        _cell(cell, block.header[index], bold=True)
    _row_property(table.rows[0], "w:tblHeader")
    for row in block.rows:
        cells = table.add_row().cells
        _row_property(table.rows[-1], "w:cantSplit", None)
        if row.group:
            merged = cells[0].merge(cells[-1])
            _cell(merged, row.group, bold=True)
            continue
        for index, cell in enumerate(row.cells):
            _cell(cells[index], _text(cell), right=block.numeric[index])
    _fix_widths(table, column_twips(block))
    if block.note:
        _caption(document, block.note)
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)


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
                _run(paragraph, t.bind_short_words(piece[2:-2] if bold else piece), bold=bold or heading)


def _chart(document, block: Chart) -> None:
    document.add_picture(io.BytesIO(charts.png(block)), width=Cm(16))
    picture = document.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.first_line_indent = Cm(0)
    picture.paragraph_format.keep_with_next = True
    # the text alternative: what a screen reader says and what an office suite shows as «описание»
    for properties in picture._p.iter(qn("wp:docPr")):
        properties.set("descr", charts.description(block))
        properties.set("title", block.label)
    _caption(document, block.label, center=True)
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


def heading_level(section: Section) -> int:
    """Word's heading level of a section: parts are level 1, «1.» level 2, «1.1.» level 3, «2.2.1.» level 4."""
    return min(section.level + 1, 9)


def _heading(document, text: str, level: int, bookmark: int) -> None:
    paragraph = document.add_paragraph(style=f"Heading {level}")
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark))
    start.set(qn("w:name"), f"_Toc{bookmark:08d}")
    paragraph._p.append(start)
    _run(paragraph, t.bind_short_words(text))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark))
    paragraph._p.append(end)


def contents(report: Report) -> list[tuple[int, str]]:
    """The headings of the document in order, with their Word levels (the entries of the table of contents)."""
    entries: list[tuple[int, str]] = []
    for part in report.parts:
        entries.append((1, part.heading))
        for section in part.walk():
            entries.append((heading_level(section), section.heading))
    return entries


def _title_page(document, report: Report) -> None:
    size = report.imprint.font_size
    signature = report.signature
    approval = [("УТВЕРЖДАЮ", True)]
    if signature.position:
        approval.append((signature.position, False))
    approval.append((f"{'_' * 14} {signature.name}".rstrip(), False))
    approval.append((signature.date or f"«___» {'_' * 12} {report.imprint.created.year}{t.NBSP}г.", False))
    for text, bold in approval:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(95)
        paragraph.paragraph_format.first_line_indent = Cm(0)
        _run(paragraph, text, bold=bold)
    for text, scale, bold, space in ((report.authority, 1.0, False, 4 * size), (report.title, 1.4, True, 4 * size),
                                     (report.subtitle, 1.15, False, size), (report.territory, 1.0, False, 2 * size),
                                     *((note, 0.8, False, 6 * size) for note in report.notes)):
        if not text:
            continue
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.space_before = Pt(space)
        _run(paragraph, t.bind_short_words(text), bold=bold, size=round(size * scale))
    place = ", ".join(item for item in (report.imprint.place, str(report.imprint.created.year)) if item)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_before = Pt(4 * size)
    _run(paragraph, place)
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def _contents(document, report: Report) -> None:
    """«Содержание»: the entries written out (shown by every office suite) inside the TOC field Word refreshes
    with page numbers; the field covers every heading level the document uses."""
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Cm(0)
    _run(title, "Содержание", bold=True)
    entries = contents(report)
    deepest = max(level for level, _ in entries)
    for index, (level, text) in enumerate(entries):
        paragraph = document.add_paragraph(style=f"TOC {min(level, 4)}")
        paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if index == 0:
            _field_begin(paragraph, f'TOC \\o "1-{deepest}" \\h \\z \\u')
        _run(paragraph, t.bind_short_words(text))
        if index == len(entries) - 1:
            _field_end(paragraph)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _imprint(document, report: Report) -> None:
    """The executor and contacts at the end of the document, as an official document has them."""
    imprint = report.imprint
    lines = [line for line in (f"Исполнитель: {imprint.executor}" if imprint.executor else "",
                               imprint.contacts) if line]
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.space_before = Pt(3 * imprint.font_size if index == 0 else 0)
        _run(paragraph, line, size=imprint.font_size - 2)


def _stable(data: bytes) -> bytes:
    """Rewrite the archive with fixed entry timestamps (python-docx stamps the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            content = source.read(item.filename)
            if item.filename == "docProps/app.xml":
                content = re.sub(rb"<Application>[^<]*</Application>", b"<Application>msoko-site</Application>", content)
            target.writestr(info, content)
    return out.getvalue()


def render(report: Report) -> bytes:
    document = Document()
    _setup(document, report)
    properties = document.core_properties
    properties.title = f"{report.title} {report.subtitle}"
    properties.author = report.authority or report.territory
    properties.subject = report.territory
    properties.keywords = "итоговый отчёт; мониторинг системы образования"
    properties.comments = ""
    properties.category = ""
    properties.language = LANGUAGE
    properties.created = properties.modified = report.imprint.created
    properties.last_modified_by = report.authority or report.territory
    properties.revision = 1
    _title_page(document, report)
    _contents(document, report)
    bookmark = 0
    for number, part in enumerate(report.parts):
        if number:
            document.add_page_break()
        bookmark += 1
        _heading(document, part.heading, 1, bookmark)
        for top in part.sections:
            if part.untitled(top):
                _blocks(document, top.blocks)
                continue
            if part.id == "part-2":  # the appendix starts on its own page
                document.add_page_break()
            for section in top.walk():
                bookmark += 1
                _heading(document, section.heading, heading_level(section), bookmark)
                _blocks(document, section.blocks)
    _imprint(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable(buffer.getvalue())
