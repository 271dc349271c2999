"""The XLSX data rows, written as XML text directly, read back as the typed values of the table."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from generator.opendata import formats

SCHEMA = {"fields": [{"name": "text", "type": "string"}, {"name": "number", "type": "number"},
                     {"name": "flag", "type": "boolean"}, {"name": "count", "type": "integer"}]}


def test_rows_read_back_typed_with_formula_text_quoted() -> None:
    frame = pd.DataFrame({
        "text": pd.array(["=1+2", " отступ ", "a<b & «c»", None, "\x01скрытый"], dtype="string"),
        "number": pd.array([0.1 + 0.2, None, 2.0, 1e-7, -3.25], dtype="Float64"),
        "flag": pd.array([True, False, None, True, None], dtype="boolean"),
        "count": pd.array([1, None, 3, 40000, -6], dtype="Int64"),
    })
    sheet = load_workbook(io.BytesIO(formats.to_xlsx(frame, SCHEMA, title="t", stamp=dt.date(2025, 1, 1))))["Данные"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["text", "number", "flag", "count"]
    assert rows[1:] == [
        ["=1+2", 0.30000000000000004, True, 1],
        [" отступ ", None, False, None],
        ["a<b & «c»", 2, None, 3],
        [None, 1e-7, True, 40000],
        ["скрытый", -3.25, None, -6],  # a control character is not allowed in XML: dropped
    ]
    assert sheet["A2"].quotePrefix and sheet["A2"].data_type == "s"
    assert not sheet["A3"].quotePrefix
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"


def test_empty_table_has_the_header_only() -> None:
    frame = pd.DataFrame({name: pd.array([], dtype="string") for name in ("text", "number", "flag", "count")})
    sheet = load_workbook(io.BytesIO(formats.to_xlsx(frame, SCHEMA, title="t", stamp=dt.date(2025, 1, 1))))["Данные"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["text", "number", "flag", "count"]]


def test_column_letters() -> None:
    assert [formats.column_letter(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == \
        ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
