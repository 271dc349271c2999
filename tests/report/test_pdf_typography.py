"""Read the PDF back with pdftotext as a reader sees its lines: no line ends with a one-letter word torn from
the next, abbreviations and table cells are never hyphenated, Part II is the federal table with its units,
chart text is real text, and the font is the DOCX's (Liberation Serif, metric-compatible with Times New Roman)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from generator import typography as t
from generator.report import charts, render_file
from generator.report.model import Paragraph, Part, Report, Row, Section, Table

YEAR = 2025
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="нужен pdftotext (poppler-utils)")


def pdftotext(data: bytes, *options: str) -> list[str]:
    """The PDF's lines as pdftotext reads them (``-raw``: in drawing order, a table cell's lines together)."""
    result = subprocess.run(["pdftotext", *options, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8").replace(t.NBSP, " ").splitlines()


@pytest.fixture(scope="module")
def lines(pdf_bytes) -> list[str]:
    return pdftotext(pdf_bytes)


def torn_short_words(lines: list[str]) -> list[str]:
    """Lines of running text that end with a one-letter word (a table's «к» after a value is a cell, not text)."""
    torn = []
    for line in lines:
        words = line.split()
        if len(words) < 2 or not re.fullmatch(r"[А-Яа-яЁёA-Za-z]", words[-1]):
            continue
        if words[-1] == t.SUPPRESSED and re.search(r"\d|%|—|^к$", words[-2]):
            continue
        torn.append(line)
    return torn


def test_no_line_ends_with_a_one_letter_word(lines):
    assert len(lines) > 500
    assert torn_short_words(lines) == []


def test_the_check_finds_a_torn_word():
    assert torn_short_words(["Доля выросла с", "1 851 до 1 860", "12,0 % к"]) == ["Доля выросла с"]


def test_no_abbreviation_is_hyphenated(lines):
    split = [f"{line} / {after}" for line, after in zip(lines, lines[1:], strict=False)
             if re.search(r"[А-ЯЁ]{1,}[-\u2010\u00ad]$", line) and re.match(r"[А-ЯЁ]", after)]
    assert split == []


def narrow_report() -> Report:
    """A one-page report whose narrow table holds long words and whose text is full of abbreviations: what
    automatic hyphenation would break first."""
    words = "муниципальный общеобразовательных воспитанников дополнительного профессионального"
    long_cells = tuple(Row(((f"{words} ШФНСУ ШНОР",), (words,), ("ВПР-2025 ГИА-9",))) for _ in range(3))
    table = Table("Узкая таблица", ("Организация", "Показатель", "Процедура"), long_cells, (False, False, False),
                  widths=(1, 1, 1))
    text = " ".join(["Школы ШФНСУ и ШНОР участвуют в ВПР, ОГЭ и ЕГЭ; методисты МКДО и НИКО в ГИА-9 и ГИА-11."] * 12)
    section = Section("s", "1", "Раздел", (Paragraph((text,)), table))
    return Report(YEAR, "Отчёт", "за 2025 год", "Управление", "Округ", (Part("part-1", "I", "Часть", (section,)),))


def test_table_cells_and_abbreviations_are_not_hyphenated():
    lines = pdftotext(render_file(narrow_report(), "pdf"))
    fragments = [line.split()[-1][:-1] for line in lines if re.search(r"[А-Яа-яЁё][\u2010\u00ad-]$", line)]
    table_words = ["муниципальный", "общеобразовательных", "воспитанников", "дополнительного", "профессионального"]
    # running text may be hyphenated; a table cell's word or an abbreviation never
    assert [fragment for fragment in fragments if fragment.isupper()
            or any(word.startswith(fragment.lower()) for word in table_words)] == []
    text = " ".join(lines)
    assert text.count("ШФНСУ") >= 12 + 3 and text.count("ГИА-9") >= 12 + 3


def test_part_two_is_the_federal_table_with_its_units(pdf_bytes, demo):
    text = re.sub(r"\s+", " ", " ".join(pdftotext(pdf_bytes, "-raw")))
    federal = demo.dataset["federal_indicators"]
    indicators = federal[federal["kind"] == "indicator"]
    for code in indicators["code"]:
        assert re.search(rf"(?<![\d.]){re.escape(str(code))}(?![\d.])", text), code
    assert "тысяча рублей" in text and "квадратный метр" in text
    assert "сверить с действующей редакцией" in text
    # the caption names the period of its columns, not one school year above three
    assert "Показатели мониторинга системы образования, 2023–2025 годы" in text
    assert "за 2024/25 учебный год Код" not in text
    assert "Приложение. Показатели муниципальной системы оценки качества образования" in text


def test_chart_text_is_searchable(report, lines):
    headline = next(block for part in report.parts for section in part.walk() for block in section.blocks
                    if getattr(block, "id", "") == "headline")
    assert "<text" in charts.svg(headline)
    text = " ".join(lines)
    for series in headline.series:
        assert series.label in text, series.label


def test_pdf_font_is_liberation_serif(pdf_bytes):
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    names = {name.replace("-", "") for name in fonts}
    assert any(name.startswith("LiberationSerif") for name in names), fonts
    assert not any(name.startswith("DejaVuSerif") for name in names), fonts
