"""Serialise one published table to CSV, XLSX, JSON and Parquet with byte-identical output for the same data.

Every writer takes the typed frame and its Table Schema, so the order of rows and columns and the type of each
cell come from the schema, never from pandas' guesses. Text that a spreadsheet would execute as a formula is
neutralised in the two formats a spreadsheet opens (CSV, XLSX); JSON and Parquet keep the text as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import struct
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: first characters that make Excel, LibreOffice or Google Sheets evaluate a text cell as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: characters openpyxl refuses to write (XML 1.0 forbids them)
_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037]")
NUMERIC_TYPES = {"integer", "number", "year"}
#: rows of a CSV or JSON file turned into bytes at once
TEXT_BLOCK = 50_000
#: deflate level of the download archives: zlib's default, twice as fast as 9 for 5 % more bytes
ZIP_LEVEL = 6
#: members from this size on (a region's indicator table) are packed at the fast level
LARGE_MEMBER = 32 * 2**20
#: deflate level of an XLSX data sheet: its XML is ten times the CSV, and level 1 packs it nine times faster than 9
SHEET_LEVEL = 1
#: the earliest moment a ZIP entry can carry (MS-DOS time starts in 1980)
_ZIP_EPOCH = dt.datetime(1980, 1, 1)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """Prefix formula-like text with an apostrophe, as spreadsheets themselves do for text typed that way."""
    return "'" + text if is_formula_like(text) else text


def field_types(schema: dict) -> dict[str, str]:
    return {item["name"]: item.get("type", "string") for item in schema["fields"]}


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def number_text(value: float) -> str:
    """The shortest text that reads back as the same float, without a trailing ``.0`` or an exponent."""
    value = float(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        text = f"{value:.15f}".rstrip("0").rstrip(".")
    return text


def cell_text(value: Any, kind: str) -> str:
    """The CSV text of one typed cell (empty for a missing or suppressed value)."""
    if _missing(value):
        return ""
    if kind == "boolean":
        return "true" if bool(value) else "false"
    if kind in ("integer", "year"):
        return str(int(value))
    if kind == "number":
        return number_text(value)
    return neutralise(str(value))


def python_value(value: Any, kind: str) -> Any:
    """A plain Python value for JSON and XLSX: int, float, bool, str or None."""
    if _missing(value):
        return None
    if kind == "boolean":
        return bool(value)
    if kind in ("integer", "year"):
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number == int(number) and abs(number) < 1e15 else number
    return str(value)


def _csv_quote(text: str) -> str:
    if any(char in text for char in ',"\r\n') or text != text.strip(" "):
        return '"' + text.replace('"', '""') + '"'
    return text


def _distinct(series: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """The column's distinct values in order of first appearance, ``None`` (missing) last, and for each row the
    position of its value among them."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = uniques.tolist()
    return np.where(codes < 0, len(values), codes).astype(np.int64), [*values, None]


class _Column:
    """A column as the text of each of its distinct values and, per row, which of them it holds.

    A region's columns repeat a few hundred codes, years and flags over a million rows: each distinct value is
    formatted once in Python, and the rows' texts are put together by Arrow's string kernels, not a Python loop
    over every cell (the row-by-row writers took 15.7 s over a region's table of indicator values, these 6.2 s)."""

    def __init__(self, series: pd.Series, format: Callable[[Any], str]) -> None:
        self.codes, values = _distinct(series)
        texts = [format(value) for value in values]
        self.texts = pa.array(texts, type=pa.large_string())
        self.empty = np.array([not text for text in texts])

    def rows(self, start: int, stop: int) -> pa.Array:
        return self.texts.take(pa.array(self.codes[start:stop]))

    def has_empty(self, start: int, stop: int) -> np.ndarray | None:
        """Which rows of the block have an empty text; ``None`` when none has."""
        found = self.empty[self.codes[start:stop]]
        return found if found.any() else None


def _literal(text: str) -> pa.Scalar:
    return pa.scalar(text, type=pa.large_string())


def _joined(*parts: pa.Array | pa.Scalar, separator: str = "") -> pa.Array:
    """The parts of each row one after another (``separator`` between them): Arrow's element-wise join."""
    return pc.binary_join_element_wise(*parts, _literal(separator))


def _content(texts: pa.Array) -> memoryview:
    """The UTF-8 of a string array's values one after another: its data buffer between its first and last
    offset, not one Python string per row."""
    if not len(texts):
        return memoryview(b"")
    _validity, offsets, data = texts.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int64, count=len(texts) + 1, offset=texts.offset * 8)
    return memoryview(data)[int(bounds[0]):int(bounds[-1])]


def _row_numbers(start: int, stop: int) -> pa.Array:
    return pc.cast(pa.array(np.arange(start, stop, dtype=np.int64)), pa.large_string())


def to_csv(frame: pd.DataFrame, schema: dict) -> bytes:
    """UTF-8 CSV without BOM, comma-separated, ``\\n`` line ends, a header row of field names."""
    kinds = field_types(schema)
    columns = [_Column(frame[name], lambda value, kind=kind: _csv_quote(cell_text(value, kind)))
               for name, kind in kinds.items()]
    # encoded block by block into one buffer: the text of a region's table at once would hold it twice over
    buffer = io.BytesIO()
    buffer.write((",".join(_csv_quote(name) for name in kinds) + "\n").encode("utf-8"))
    for start in range(0, len(frame), TEXT_BLOCK):
        stop = min(start + TEXT_BLOCK, len(frame))
        lines = _joined(*(column.rows(start, stop) for column in columns), separator=",")
        buffer.write(_content(_joined(lines, _literal("\n"))))
    return buffer.getvalue()


def to_json(frame: pd.DataFrame, schema: dict) -> bytes:
    """A JSON array of objects, one per row and line, keys in schema order; ``null`` for an empty cell."""
    if not len(frame):
        return b"[]\n"
    # ``"name":value`` of each distinct value, encoded as ``json.dumps`` of the row's object would encode it
    # (same encoder, same separators)
    columns = [_Column(frame[name], _json_field(name, kind)) for name, kind in field_types(schema).items()]
    buffer = io.BytesIO()
    buffer.write(b"[\n")
    for start in range(0, len(frame), TEXT_BLOCK):
        stop = min(start + TEXT_BLOCK, len(frame))
        fields = _joined(*(column.rows(start, stop) for column in columns), separator=",")
        buffer.write(_content(_joined(_literal("{"), fields, _literal("},\n"))))
    buffer.seek(-2, io.SEEK_END)  # the last object takes no comma
    buffer.truncate()
    buffer.write(b"\n]\n")
    return buffer.getvalue()


def _json_field(name: str, kind: str) -> Callable[[Any], str]:
    key = json.dumps(name, ensure_ascii=False) + ":"
    return lambda value: key + json.dumps(python_value(value, kind), ensure_ascii=False)


def to_parquet(frame: pd.DataFrame, schema: dict) -> bytes:
    """Parquet with column types from the schema (int64, float64, bool, string), no pandas index."""
    import pyarrow.parquet as pq

    arrow_types = {"integer": pa.int64(), "year": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
    kinds = field_types(schema)
    columns = []
    for name, kind in kinds.items():
        codes, distinct = _distinct(frame[name])
        values = [python_value(value, kind) for value in distinct]  # each distinct value converted once
        if kind == "number":
            values = [None if value is None else float(value) for value in values]
        columns.append(pa.array(values, type=arrow_types.get(kind, pa.string())).take(pa.array(codes)))
    table = pa.Table.from_arrays(columns, names=list(kinds))
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="snappy")
    return buffer.getvalue()


def to_xlsx(frame: pd.DataFrame, schema: dict, *, title: str, stamp: dt.date, dictionary: Iterable[tuple[str, ...]] = ()) -> bytes:
    """An XLSX workbook: sheet «Данные» (header + rows, typed cells) and sheet «Описание полей».

    Formula-like text is stored as text with Excel's quote prefix — what Excel itself records when a user
    types an apostrophe before the text — so it is shown as typed and never evaluated. The document
    properties carry ``stamp`` (the data version's date) instead of the moment of saving.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Данные")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_put(WriteOnlyCell(sheet), item["name"], "string", font=bold) for item in schema["fields"]])
    # a sample row: openpyxl registers the quote-prefix style; ``_splice_rows`` replaces it with the data rows
    sheet.append([_put(WriteOnlyCell(sheet), _SAMPLE, "string")])
    rows = list(dictionary)
    if rows:
        info = workbook.create_sheet("Описание полей")
        for number, row in enumerate(rows):
            info.append([_put(WriteOnlyCell(info), text, "string", font=bold if number == 0 else None) for text in row])
    moment = dt.datetime.combine(stamp, dt.time())
    workbook.properties.created = moment
    workbook.properties.modified = moment
    workbook.properties.title = title
    workbook.properties.creator = "msoko-site"
    workbook.properties.lastModifiedBy = None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    # as ``make_zip`` would pack it, but the data sheet is streamed in blocks of rows: a region's sheet is a
    # gigabyte of XML that need not be in memory at once
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for name, data in members:
            info = _zip_info(name, stamp)
            if name != _DATA_SHEET:
                archive.writestr(info, data, compresslevel=9)
                continue
            info._compresslevel = SHEET_LEVEL  # what ``writestr(..., compresslevel=SHEET_LEVEL)`` sets
            with archive.open(info, "w") as stream:
                for chunk in _sheet_chunks(data.decode("utf-8"), frame, schema):
                    stream.write(chunk)
    return packed.getvalue()


#: the data sheet in the package openpyxl writes (the first sheet created)
_DATA_SHEET = "xl/worksheets/sheet1.xml"
_SAMPLE = "=msoko"
_SAMPLE_ROW = re.compile(r'<row r="2"[^>]*>.*?</row>', re.DOTALL)
_STYLE = re.compile(r' s="(\d+)"')
_DIMENSION = re.compile(r'<dimension ref="[^"]*"\s*/>')


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: A … Z, AA …"""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: rows of the data sheet written as one block
SHEET_BLOCK = 20_000


def _sheet_chunks(sheet: str, frame: pd.DataFrame, schema: dict) -> Iterator[bytes]:
    """The data sheet with its rows written as XML text directly (openpyxl's per-cell objects took minutes over a
    region's million rows), in blocks: numbers and booleans typed, text inline, formula-like text quote-prefixed."""
    sample = _SAMPLE_ROW.search(sheet)
    if sample is None:
        raise ValueError("openpyxl wrote no sample row")
    style = _STYLE.search(sample.group(0))
    quoted = f' s="{style.group(1)}"' if style else ""
    kinds = field_types(schema)
    last = f"{column_letter(max(len(kinds) - 1, 0))}{len(frame) + 1}"
    yield _DIMENSION.sub(f'<dimension ref="A1:{last}"/>', sheet[:sample.start()], count=1).encode("utf-8")
    # each distinct value's cell XML after its reference is made once per column; only the reference differs
    # from row to row
    columns = [_Column(frame[name], lambda value, kind=kind: _cell_tail(value, kind, quoted)) for name, kind in kinds.items()]
    for start in range(0, len(frame), SHEET_BLOCK):
        stop = min(start + SHEET_BLOCK, len(frame))
        numbers = _row_numbers(start + 2, stop + 2)
        cells = []
        for position, column in enumerate(columns):
            cell = _joined(_literal(f'<c r="{column_letter(position)}'), numbers, column.rows(start, stop))
            empty = column.has_empty(start, stop)  # a missing value has no cell at all
            cells.append(cell if empty is None else pc.if_else(pa.array(empty), _literal(""), cell))
        yield bytes(_content(_joined(_literal('<row r="'), numbers, _literal('">'), *cells, _literal("</row>"))))
    yield sheet[sample.end():].encode("utf-8")


def _cell_tail(value: Any, kind: str, quoted: str) -> str:
    """A cell's XML after its reference (``<c r="A2`` + tail); empty for a missing value (no cell is written)."""
    plain = python_value(value, kind)
    if plain is None:
        return ""
    if isinstance(plain, bool):
        return f'" t="b"><v>{int(plain)}</v></c>'
    if isinstance(plain, int | float):
        return f'" t="n"><v>{plain!r}</v></c>'
    text = _clean(plain)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    prefix = quoted if is_formula_like(plain) else ""
    return f'"{prefix} t="inlineStr"><is><t{space}>{_xml_text(text)}</t></is></c>'


def _put(cell: Any, value: Any, kind: str, *, font: Any = None) -> Any:
    """Fill one typed cell; text is always stored as text (never a formula), formula-like text quote-prefixed."""
    from openpyxl.cell.cell import TYPE_STRING

    if font is not None:
        cell.font = font
    plain = python_value(value, kind)
    if isinstance(plain, str):
        cell.value = _clean(plain)
        cell.data_type = TYPE_STRING
        if is_formula_like(plain):
            cell.quotePrefix = True
    else:
        cell.value = plain
    return cell


def _clean(text: Any) -> str:
    return _ILLEGAL_XML.sub("", "" if text is None else str(text))


def zip_time(stamp: dt.date) -> tuple[int, int, int, int, int, int]:
    moment = max(dt.datetime.combine(stamp, dt.time()), _ZIP_EPOCH)
    return (moment.year, moment.month, moment.day, 0, 0, 0)


@dataclass(frozen=True)
class Deflated:
    """A member packed once: where its deflate stream lies in a ZIP on disk, with its CRC and sizes."""

    path: Path
    offset: int
    compressed: int
    size: int
    crc: int


class PackedMembers:
    """Members already deflated in archives of this build, by the SHA-256 of their content.

    Each dataset has a ZIP of its own and the whole collection is one more ZIP of the same files: packing the
    collection copies each member's deflate stream out of the dataset's archive instead of compressing the
    region's gigabyte again. The same content packed at the same level is the same stream (``make_zip`` picks
    the level by size), so the collection is byte for byte the ZIP ``zipfile`` would write."""

    def __init__(self) -> None:
        self.found: dict[str, Deflated] = {}

    def learn(self, path: Path, digests: dict[str, str]) -> None:
        """Note the deflated members of the ZIP at ``path`` whose names ``digests`` gives a SHA-256 for."""
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
        with path.open("rb") as handle:
            for info in infos:
                digest = digests.get(info.filename)
                if digest is None or info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x08:
                    continue
                handle.seek(info.header_offset)
                header = handle.read(30)
                name_length, extra_length = struct.unpack("<HH", header[26:30])
                self.found[digest] = Deflated(path, info.header_offset + 30 + name_length + extra_length,
                                              info.compress_size, info.file_size, info.CRC)


def make_zip(members: Iterable[tuple[str, bytes | Path]], stamp: dt.date, packed: PackedMembers | None = None,
             digests: dict[str, str] | None = None) -> bytes:
    """A ZIP whose bytes depend only on the members and ``stamp``: fixed times, modes and order as given.
    A member given as a path is read when its turn comes; one ``packed`` holds (by its SHA-256 in ``digests``)
    is copied deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            found = packed.found.get(digests.get(name, "")) if packed is not None and digests else None
            if found is not None and found.size * 1.05 <= zipfile.ZIP64_LIMIT:
                _write_deflated(archive, _zip_info(name, stamp), found)
                continue
            content = data if isinstance(data, bytes) else data.read_bytes()
            level = ZIP_LEVEL if len(content) < LARGE_MEMBER else SHEET_LEVEL
            archive.writestr(_zip_info(name, stamp), content, compresslevel=level)
    return buffer.getvalue()


def _write_deflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo, found: Deflated) -> None:
    """Add a member whose deflate stream is already made, with the headers ``writestr`` would write for it (a
    member below the ZIP64 limit: its local header without ZIP64 fields; the central directory is the library's,
    as for every member). ``test_opendata_formats`` compares the result with ``writestr``'s, byte for byte."""
    with found.path.open("rb") as handle:
        handle.seek(found.offset)
        stream = handle.read(found.compressed)
    info.file_size, info.compress_size, info.CRC, info.flag_bits = found.size, found.compressed, found.crc, 0
    archive.fp.seek(archive.start_dir)
    info.header_offset = archive.fp.tell()
    archive._writecheck(info)  # the checks writestr makes (a duplicate name, the ZIP64 limits)
    archive._didModify = True
    archive.fp.write(info.FileHeader(False))
    archive.fp.write(stream)
    archive.start_dir = archive.fp.tell()
    archive.filelist.append(info)
    archive.NameToInfo[info.filename] = info


def _zip_info(name: str, stamp: dt.date) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=zip_time(stamp))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def normalise_zip(data: bytes, stamp: dt.date) -> bytes:
    """Rewrite a ZIP (an XLSX) with fixed timestamps so that saving twice gives the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return make_zip(members, stamp)
