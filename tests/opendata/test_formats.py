"""Serialisation: formula neutralisation, types, and byte-identical output for the same data."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pandas as pd
import pyarrow.parquet as pq
from openpyxl import load_workbook

from generator.opendata import formats

SCHEMA = {"fields": [
    {"name": "name", "type": "string"},
    {"name": "delta", "type": "number"},
    {"name": "count", "type": "integer"},
    {"name": "flag", "type": "boolean"},
]}
STAMP = dt.date(2025, 9, 1)


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "name": pd.array(["=1+2", "+7 900 000-00-00", "-5", "@SUM(A1)", "\tx", "обычный, текст", None], dtype="string"),
        "delta": pd.array([-1.5, 2.0, -3.0, None, 0.1, 10.25, 1.0], dtype="Float64"),
        "count": pd.array([-4, 2, None, 1, 0, 5, 7], dtype="Int64"),
        "flag": pd.array([True, False, None, True, False, True, False], dtype="boolean"),
    })


def test_csv_neutralises_formula_like_text_but_not_negative_numbers():
    text = formats.to_csv(frame(), SCHEMA).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "name,delta,count,flag"
    assert lines[1] == "'=1+2,-1.5,-4,true"
    assert lines[2] == "'+7 900 000-00-00,2,2,false"
    assert lines[3] == "'-5,-3,,"  # text «-5» is neutralised, the number −3 is not
    assert lines[4] == "'@SUM(A1),,1,true"
    assert lines[5] == "'\tx,0.1,0,false"
    assert lines[6] == '"обычный, текст",10.25,5,true'
    assert lines[7] == ",1,7,false"


def test_xlsx_stores_formula_like_text_as_quote_prefixed_text():
    data = formats.to_xlsx(frame(), SCHEMA, title="Проверка", stamp=STAMP)
    sheet = load_workbook(io.BytesIO(data)).active
    first = sheet["A2"]
    assert first.value == "=1+2" and first.data_type == "s" and first.quotePrefix
    assert sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
    assert not sheet["A7"].quotePrefix  # ordinary text keeps the default style
    # numbers stay numbers, negative ones included
    assert sheet["B2"].value == -1.5 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == -4 and sheet["C2"].data_type == "n"
    assert sheet["C4"].value is None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "<f>" not in sheet_xml  # no formula anywhere
    assert "2025-09-01T00:00:00Z" in core


def test_outputs_are_byte_identical_for_the_same_data():
    for writer in (formats.to_csv, formats.to_json, formats.to_parquet):
        assert writer(frame(), SCHEMA) == writer(frame(), SCHEMA)
    first = formats.to_xlsx(frame(), SCHEMA, title="t", stamp=STAMP)
    assert first == formats.to_xlsx(frame(), SCHEMA, title="t", stamp=STAMP)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 9, 1, 0, 0, 0)}


def test_zip_has_fixed_timestamps_and_given_order():
    data = formats.make_zip([("b.csv", b"1"), ("a.csv", b"2")], STAMP)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["b.csv", "a.csv"]
        assert {info.date_time for info in archive.infolist()} == {(2025, 9, 1, 0, 0, 0)}
        assert archive.read("a.csv") == b"2"


def test_a_zip_of_members_packed_before_is_the_zip_packing_them_again_gives(tmp_path):
    """The collection's archive copies the deflate streams out of the datasets' archives: the same bytes as
    compressing every member again, and a member not packed before (or of another content) is compressed."""
    import hashlib

    big = b"".join(b"%d,school %d,\xd0\xb0\n" % (i, i % 97) for i in range(200_000))
    members = {"a/a.csv": big, "a/a.json": b'{"x": 1}' * 5000, "b/b.csv": b"id\n1\n", "empty.txt": b""}
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in members.items()}
    own = tmp_path / "a.zip"
    own.write_bytes(formats.make_zip([("a.csv", big), ("a.json", members["a/a.json"]), ("empty.txt", b"")], STAMP))
    packed = formats.PackedMembers()
    packed.learn(own, {"a.csv": digests["a/a.csv"], "a.json": digests["a/a.json"], "empty.txt": digests["empty.txt"]})
    assert len(packed.found) == 3
    order = [("datapackage.json", b"{}"), *members.items()]
    copied = formats.make_zip(order, STAMP, packed, digests)
    assert copied == formats.make_zip(order, STAMP)
    with zipfile.ZipFile(io.BytesIO(copied)) as archive:
        assert archive.testzip() is None and archive.read("a/a.csv") == big


def test_json_and_parquet_keep_text_and_types():
    records = json.loads(formats.to_json(frame(), SCHEMA))
    assert records[0] == {"name": "=1+2", "delta": -1.5, "count": -4, "flag": True}
    assert records[2]["count"] is None and records[6]["name"] is None
    table = pq.read_table(io.BytesIO(formats.to_parquet(frame(), SCHEMA)))
    assert [str(field.type) for field in table.schema] == ["string", "double", "int64", "bool"]
    assert table.column("name").to_pylist()[0] == "=1+2"
    assert table.column("count").to_pylist()[:3] == [-4, 2, None]


def test_number_text_is_short_and_exact():
    assert formats.number_text(71.4) == "71.4"
    assert formats.number_text(100.0) == "100"
    assert formats.number_text(1e-7) == "0.0000001"
    assert float(formats.number_text(2 / 3)) == 2 / 3


def test_csv_and_json_are_the_same_when_written_in_blocks(monkeypatch):
    whole_csv, whole_json = formats.to_csv(frame(), SCHEMA), formats.to_json(frame(), SCHEMA)
    monkeypatch.setattr(formats, "TEXT_BLOCK", 2)  # 7 rows: four blocks, the last one short
    assert formats.to_csv(frame(), SCHEMA) == whole_csv
    assert formats.to_json(frame(), SCHEMA) == whole_json
    assert json.loads(whole_json)[5]["name"] == "обычный, текст"
    assert whole_csv.decode("utf-8").count("\n") == 8


def mixed_frame() -> pd.DataFrame:
    """Missing values of every kind a frame can hold (NA, NaN, None), empty text, text that needs quoting."""
    return pd.DataFrame({
        "name": pd.array(["a", "", None, 'с "кавычками"', "две\nстроки", "a", " край", "a,b", "=A1"], dtype="string"),
        "delta": [1.5, float("nan"), 2.0, 0.1 + 0.2, 1e-7, -0.0, 1.5, 3e20, float("nan")],
        "count": pd.array([1, None, 3, 1, 5, None, 7, 8, 1], dtype="Int64"),
        "flag": pd.Series([True, None, False, True, None, False, True, None, True], dtype=object),
    })


def test_csv_and_json_are_what_writing_row_by_row_gives(monkeypatch):
    data = mixed_frame()
    kinds = formats.field_types(SCHEMA)
    lines = [",".join(kinds)]
    records = []
    for row in data.to_dict("records"):
        lines.append(",".join(formats._csv_quote(formats.cell_text(row[name], kind)) for name, kind in kinds.items()))
        records.append(json.dumps({name: formats.python_value(row[name], kind) for name, kind in kinds.items()},
                                  ensure_ascii=False, separators=(",", ":")))
    expected_csv = ("\n".join(lines) + "\n").encode("utf-8")
    expected_json = ("[\n" + ",\n".join(records) + "\n]\n").encode("utf-8")
    assert formats.to_csv(data, SCHEMA) == expected_csv
    assert formats.to_json(data, SCHEMA) == expected_json
    monkeypatch.setattr(formats, "TEXT_BLOCK", 4)  # 9 rows: three blocks, the last one of a single row
    assert formats.to_csv(data, SCHEMA) == expected_csv
    assert formats.to_json(data, SCHEMA) == expected_json
    assert json.loads(expected_json)[2] == {"name": None, "delta": 2, "count": 3, "flag": False}
    assert json.loads(expected_json)[1]["name"] == "" and json.loads(expected_json)[1]["delta"] is None


def test_xlsx_and_parquet_hold_each_cell_whatever_the_block(monkeypatch):
    data = mixed_frame()
    whole = formats.to_xlsx(data, SCHEMA, title="t", stamp=STAMP)
    monkeypatch.setattr(formats, "SHEET_BLOCK", 2)
    assert formats.to_xlsx(data, SCHEMA, title="t", stamp=STAMP) == whole
    rows = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(whole))["Данные"].iter_rows(min_row=2)]
    assert [row[1] for row in rows] == [1.5, None, 2, 0.1 + 0.2, 1e-7, 0, 1.5, 3e20, None]
    assert [row[2] for row in rows] == [1, None, 3, 1, 5, None, 7, 8, 1]
    assert [row[3] for row in rows] == [True, None, False, True, None, False, True, None, True]
    table = pq.read_table(io.BytesIO(formats.to_parquet(data, SCHEMA)))
    assert table.column("name").to_pylist() == ["a", "", None, 'с "кавычками"', "две\nстроки", "a", " край", "a,b", "=A1"]
    assert table.column("delta").to_pylist() == [1.5, None, 2.0, 0.1 + 0.2, 1e-7, 0.0, 1.5, 3e20, None]
    assert table.column("flag").to_pylist() == [True, None, False, True, None, False, True, None, True]
