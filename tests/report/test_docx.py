"""Read the DOCX back with python-docx as an office suite would: explicit styles (no theme fonts or colours),
ru-RU everywhere, numbered captions referred to in the text, a written-out table of contents covering every
heading level, one width per column, alt text, the approval block and the document properties."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.report import build_report, render_file

YEAR = 2025
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def configured(demo):
    """The demo with an approval date and a different font, as an office would set them in msoko.yml."""
    settings = replace(demo.config.report, approval_date="2026-10-20", font="PT Serif", font_size=12.0,
                       approver_name="А. Б. Сидоров", approver_position="Начальник управления")
    return replace(demo.config, report=settings)


@pytest.fixture(scope="module")
def document(demo):
    report = build_report(demo.dataset, demo.config, demo.results, YEAR)
    return Document(io.BytesIO(render_file(report, "docx")))


@pytest.fixture(scope="module")
def configured_document(demo, configured):
    report = build_report(demo.dataset, configured, demo.results, YEAR)
    return Document(io.BytesIO(render_file(report, "docx")))


def body_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("name", ["Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption", "TOC 1"])
def test_styles_are_explicit_black_and_russian(document, name):
    style = document.styles[name]
    properties = style.element.rPr
    fonts = properties.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{key}")) for key in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert not [key for key in fonts.attrib if "heme" in key], "theme fonts left in the style"
    color = properties.find(qn("w:color"))
    assert color is None or (color.get(qn("w:val")) == "000000" and len(color.attrib) == 1)
    assert style.font.italic is not True
    assert properties.find(qn("w:lang")).get(qn("w:val")) == "ru-RU"


def test_default_font_size_is_fourteen_and_configurable(document, configured_document):
    assert document.styles["Normal"].font.size.pt == 14
    assert configured_document.styles["Normal"].font.size.pt == 12
    fonts = configured_document.styles["Heading 2"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == "PT Serif"


def test_every_run_is_in_russian(document):
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs if run.text.strip()]
    runs += [run for table in document.tables for row in table.rows for cell in row.cells
             for paragraph in cell.paragraphs for run in paragraph.runs if run.text.strip()]
    assert len(runs) > 500
    untagged = [run.text for run in runs if run._r.rPr is None or run._r.rPr.find(qn("w:lang")) is None
                or run._r.rPr.find(qn("w:lang")).get(qn("w:val")) != "ru-RU"]
    assert untagged == []


def test_captions_are_numbered_in_order_and_referred_to(document):
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    tables = [int(m.group(1)) for text in captions if (m := re.match(r"Таблица (\d+)\. \S", text))]
    figures = [int(m.group(1)) for text in captions if (m := re.match(r"Рисунок (\d+)\. \S", text))]
    pictures = document.inline_shapes
    # the demo has one chart: the ЕГЭ bar chart is left out when the table shows fewer than three subjects
    assert figures == list(range(1, len(pictures) + 1)) and len(pictures) >= 1
    # every figure is followed by the table of its numbers, captioned after it; every other table of the
    # document has its caption, numbered 1, 2, 3… in reading order
    data = [text.replace("\u00a0", " ") for text in captions if text.replace("\u00a0", " ").startswith("Данные к рисунку ")]
    assert data == [f"Данные к рисунку {number}" for number in figures]
    assert tables == list(range(1, len(document.tables) - len(data) + 1))
    text = "\n".join(p.text for p in document.paragraphs if p.style.name != "Caption")
    for number in tables:
        assert f"таблице {number}." in text, number
    for number in figures:
        assert f"рисунке {number}." in text, number
    assert "Рисунок:" not in body_text(document)


def test_pictures_have_alt_text(document):
    for shape in document.inline_shapes:
        properties = shape._inline.docPr
        assert len(properties.get("descr", "")) > 20
        assert properties.get("title", "").startswith("Рисунок ")


def headings(document) -> list[tuple[int, str]]:
    return [(int(p.style.name[-1]), p.text) for p in document.paragraphs if p.style.name.startswith("Heading ")]


def test_contents_are_written_out_and_cover_every_heading_level(document):
    entries = [(int(p.style.name[-1]), p.text) for p in document.paragraphs if p.style.name.startswith("TOC ")]
    assert entries == headings(document)
    levels = {level for level, _ in headings(document)}
    assert levels == {1, 2, 3, 4}
    instructions = "".join(element.text for element in document.element.body.iter(f"{W}instrText"))
    found = re.search(r'TOC \\o "1-(\d)"', instructions)
    assert found and int(found.group(1)) == max(levels)


def test_table_widths_agree_in_grid_table_and_cells(document):
    for table in document.tables:
        element = table._tbl
        grid = [int(column.get(qn("w:w"))) for column in element.tblGrid.findall(qn("w:gridCol"))]
        total = int(element.tblPr.find(qn("w:tblW")).get(qn("w:w")))
        assert sum(grid) == total
        for row in element.tr_lst:
            position = 0
            for cell in row.tc_lst:
                width = int(cell.tcPr.find(qn("w:tcW")).get(qn("w:w")))
                assert width == sum(grid[position:position + cell.grid_span])
                position += cell.grid_span
            assert position == len(grid)


def test_approval_block_executor_and_contacts(document, demo):
    text = body_text(document)
    settings = demo.config.report
    opening = [p.text for p in document.paragraphs[:4]]
    assert opening[0] == "УТВЕРЖДАЮ"
    assert opening[1] == settings.approver_position
    assert opening[2].endswith(settings.approver_name)
    assert opening[3].startswith("«___»")
    assert f"Исполнитель: {settings.executor}" in text
    assert demo.config.site.phone in text and demo.config.site.email in text
    assert settings.place in text


def test_document_properties_come_from_the_project(document, configured_document, demo):
    properties = document.core_properties
    assert properties.author == demo.config.site.authority
    assert properties.title == f"{demo.config.report.title} за {YEAR} год"
    assert properties.language == "ru-RU"
    assert "python-docx" not in (properties.comments, properties.last_modified_by, properties.title)
    # no approval date: 25 October of the next year, the deadline of the final report
    assert properties.created.date() == dt.date(YEAR + 1, 10, 25)
    assert configured_document.core_properties.created.date() == dt.date(2026, 10, 20)
    assert "20 октября 2026" in configured_document.paragraphs[3].text.replace("\u00a0", " ")
