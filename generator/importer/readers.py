"""Read a spreadsheet export (CSV or XLSX) into a grid of text cells, whatever shape the export system gave it.

Real exports from ФИС ОКО, РЦОИ and hand-made Excel files come with ``;`` or ``,`` delimiters, in UTF-8 with or
without a BOM or in Windows-1251, with trailing delimiters, empty columns and merged header cells. This module only
turns the file into text cells with their source positions and records what it detected; it knows nothing about
the schema (finding the header and mapping columns is ``generator.importer.mapping``'s job).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError

#: a bigger "export" is almost certainly the wrong file (a whole-region ВПР export is a few megabytes)
MAX_BYTES = 50 * 1024 * 1024
#: books larger than this are streamed; any sheet with more cells than MAX_CELLS is refused (a zip bomb is tiny)
STREAM_BYTES = 5 * 1024 * 1024
MAX_CELLS = 5_000_000
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (";", ",", "\t", "|")
DELIMITER_NAMES = {";": "точка с запятой «;»", ",": "запятая «,»", "\t": "табуляция", "|": "вертикальная черта «|»"}


@dataclass
class Cell:
    """One cell's text and where it came from (for messages: «строка 5, столбец C»)."""

    text: str
    row: int  # 1-based row (line of a CSV, row of a sheet)
    column: int  # 1-based column


@dataclass
class Grid:
    """The cells of one sheet or CSV file, in source order, plus what was detected while reading."""

    source: Path
    rows: list[list[str]]
    row_numbers: list[int]  # the source row of each entry of ``rows`` (blank rows are dropped)
    encoding: str | None = None  # Russian name of the detected encoding (CSV only)
    delimiter: str | None = None
    sheet: str | None = None
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → formula text
    merged_header: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # cell → top-left cell of its merge
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """What was detected, for the command's summary."""
        parts = []
        if self.sheet:
            parts.append(f"лист «{self.sheet}»")
        if self.encoding:
            parts.append(f"кодировка {self.encoding}")
        if self.delimiter:
            parts.append(f"разделитель — {DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))}")
        return ", ".join(parts)


def column_letter(number: int) -> str:
    """Spreadsheet column letter of a 1-based column number (1 → A, 28 → AB); messages name columns like Excel."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_grid(path: Path, sheet: str | None = None, max_bytes: int = MAX_BYTES) -> Grid:
    """Read a CSV or XLSX file into a Grid; a DataError names the file and says what to do."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"Файл {path} не найден.", "проверьте путь к файлу выгрузки.")
    size = path.stat().st_size
    if size == 0:
        raise DataError(f"Файл {path} пуст (0 байт).", "выгрузите данные заново и проверьте, что файл сохранился полностью.")
    if size > max_bytes:
        raise DataError(
            f"Файл {path} слишком большой: {size / 2**20:.0f} МБ при пределе {max_bytes / 2**20:.0f} МБ.",
            "проверьте, что выбран нужный файл; разделите выгрузку по годам или процедурам (предел — validation.max_file_mb в msoko.yml).",
        )
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        grid = _read_xlsx(path, sheet)
    elif suffix in CSV_SUFFIXES:
        grid = _read_csv(path)
    elif suffix == ".xls":
        raise DataError(
            f"Файл {path} в старом формате Excel 97–2003 (.xls), он не поддерживается.",
            "откройте его в Excel или LibreOffice и сохраните как «Книга Excel (.xlsx)» или «CSV (разделители — точка с запятой)».",
        )
    else:
        raise DataError(f"Файл {path}: неизвестный формат «{suffix or 'без расширения'}».", "загрузите таблицу в формате .xlsx или .csv.")
    _drop_blank_rows(grid)
    if not grid.rows:
        raise DataError(f"Файл {path} не содержит ни одной заполненной строки.", "проверьте, что выгрузка не пустая.")
    _drop_empty_trailing_columns(grid)
    return grid


# --- CSV ---------------------------------------------------------------------------------------------------


def decode(data: bytes, source: Path) -> tuple[str, str]:
    """Decode the bytes of a text export; returns (text, Russian name of the encoding).

    UTF-8 (with or without BOM) is tried first: a cp1251 file almost never happens to be valid UTF-8, while
    any byte string decodes as cp1251, so the order matters. UTF-16 appears when Excel saves «Текст Юникод».
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 с BOM"
        except UnicodeDecodeError as error:
            raise _undecodable(source, data, error, "UTF-8") from error
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise _undecodable(source, data, error, "UTF-16") from error
    if b"\x00" in data[:4096]:
        raise DataError(
            f"Файл {source} не похож на текстовую таблицу CSV (в нём двоичные данные).",
            "проверьте, что выбран нужный файл; таблицу Excel сохраните как .xlsx или CSV.",
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise _undecodable(source, data, error, "Windows-1251") from error
    return text, "Windows-1251"


def _undecodable(source: Path, data: bytes, error: UnicodeDecodeError, encoding: str) -> DataError:
    line = data[: error.start].count(b"\n") + 1
    return DataError(
        f"Файл {source}, строка {line}: байты не читаются в кодировке {encoding} (файл повреждён или в другой кодировке).",
        "сохраните таблицу заново в UTF-8 («CSV UTF-8» в Excel).",
    )


def sniff_delimiter(lines: list[str]) -> str:
    """Pick the delimiter that splits the first lines into the same, largest number of columns.

    ``csv.Sniffer`` is confused by decimal commas inside ``;``-separated rows, so count fields per line
    with each candidate and prefer consistency; ties go to ``;``, the Russian Excel default.
    """
    sample = [line for line in lines[:50] if line.strip()]
    best, best_score = ";", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:  # e.g. a cell longer than the csv module's limit: the full read names the line
            continue
        if not counts or max(counts) < 2:
            continue
        header = counts[0]
        consistent = sum(1 for count in counts if count == header)
        score = (consistent, header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path) -> Grid:
    text, encoding = decode(path.read_bytes(), path)
    lines = text.splitlines()
    delimiter = sniff_delimiter(lines)
    rows: list[list[str]] = []
    numbers: list[int] = []
    # strict: a quote left open must not silently swallow the rest of the file into one cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            rows.append([cell.strip() for cell in row])  # str.strip also removes NBSP
            numbers.append(reader.line_num)
    except csv.Error as error:
        start = numbers[-1] + 1 if numbers else 1  # the line where the unreadable row begins
        raise DataError(
            f"Файл {path}, строка {start}: не разбирается как CSV ({_csv_problem(error)}).",
            "проверьте кавычки в этой строке: текст с разделителем внутри заключается в двойные кавычки.",
        ) from error
    # csv.reader reports the line where a row ends; messages should name where it starts
    starts = [1] + [n + 1 for n in numbers[:-1]]
    return Grid(source=path, rows=rows, row_numbers=starts, encoding=encoding, delimiter=delimiter)


def _csv_problem(error: csv.Error) -> str:
    """The csv module's English complaint, said in Russian."""
    text = str(error)
    if "unexpected end of data" in text:
        return "кавычка, открытая в этой строке, не закрыта до конца файла"
    if "expected after" in text:
        return "после закрывающей кавычки в ячейке идёт ещё текст"
    if "field larger than field limit" in text:
        return "в строке есть слишком длинная ячейка"
    return text


# --- XLSX --------------------------------------------------------------------------------------------------


def _read_xlsx(path: Path, sheet: str | None) -> Grid:
    import openpyxl  # deferred: loading openpyxl costs time every command would pay

    # a big book is streamed (read-only mode): much less memory, but merged cells are not reported there —
    # they occur in small hand-made headers, not in machine exports of many megabytes
    streamed = path.stat().st_size > STREAM_BYTES
    try:
        workbook = openpyxl.load_workbook(path, data_only=False, read_only=streamed)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise DataError(
            f"Файл {path} не открывается как книга Excel (.xlsx): {error}.",
            "откройте файл в Excel или LibreOffice и сохраните его заново как «Книга Excel (.xlsx)».",
        ) from error
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            raise DataError(f"Файл {path}: нет листа «{sheet}»; листы книги: {', '.join(workbook.sheetnames)}.", "укажите имя листа из этого списка.")
        worksheet = workbook[sheet]
    else:
        visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
        worksheet = visible[0] if visible else workbook.worksheets[0]
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for cell_range in () if streamed else worksheet.merged_cells.ranges:
        top = (cell_range.min_row, cell_range.min_col)
        for row in range(cell_range.min_row, cell_range.max_row + 1):
            for column in range(cell_range.min_col, cell_range.max_col + 1):
                merged[(row, column)] = top
    rows: list[list[str]] = []
    numbers: list[int] = []
    formulas: dict[tuple[int, int], str] = {}
    cells = 0
    for row in worksheet.iter_rows():
        cells += len(row)
        if cells > MAX_CELLS:
            raise DataError(
                f"Файл {path}, лист «{worksheet.title}»: больше {MAX_CELLS:,} ячеек".replace(",", " ") + " — это не выгрузка одного набора.",
                "проверьте, что выбран нужный файл и лист; удалите лишние листы и столбцы.",
            )
        texts = []
        for cell in row:
            if getattr(cell, "row", None) is None:  # an empty cell of a streamed sheet
                texts.append("")
                continue
            if cell.data_type == "f":
                formulas[(cell.row, cell.column)] = str(cell.value)
            texts.append(cell_text(cell.value))
        if row:
            rows.append(texts)
            numbers.append(next((cell.row for cell in row if getattr(cell, "row", None)), numbers[-1] + 1 if numbers else 1))
    # a merged cell keeps its value only in the top-left cell; give it to every cell it covers
    for (row, column), (top_row, top_column) in merged.items():
        if (row, column) == (top_row, top_column):
            continue
        index_row = row - 1
        index_top = top_row - 1
        if index_row < len(rows) and index_top < len(rows):
            source_row = rows[index_top]
            target = rows[index_row]
            value = source_row[top_column - 1] if top_column - 1 < len(source_row) else ""
            while len(target) < column:
                target.append("")
            target[column - 1] = value
    workbook.close()  # a streamed book keeps its file open until closed
    grid = Grid(source=path, rows=rows, row_numbers=numbers, sheet=worksheet.title, formulas=formulas, merged_header=merged)
    if len(workbook.sheetnames) > 1 and sheet is None:
        grid.notes.append(f"в книге несколько листов, прочитан «{worksheet.title}» (другой лист — параметром --sheet)")
    return grid


def cell_text(value: object) -> str:
    """Text of a cell value as the analyst sees it: 12.0 → «12», dates as ISO, None → empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# --- shape cleaning ----------------------------------------------------------------------------------------


def _drop_blank_rows(grid: Grid) -> None:
    kept = [(row, number) for row, number in zip(grid.rows, grid.row_numbers, strict=True) if any(cell for cell in row)]
    grid.rows = [row for row, _ in kept]
    grid.row_numbers = [number for _, number in kept]


def _drop_empty_trailing_columns(grid: Grid) -> None:
    """Trailing delimiters and empty columns at the right add empty cells; cut every row to the last used column."""
    width = 0
    for row in grid.rows:
        for index in range(len(row) - 1, -1, -1):
            if row[index]:
                width = max(width, index + 1)
                break
    longest = max(len(row) for row in grid.rows)
    if longest > width:
        grid.notes.append("пустые столбцы справа (лишние разделители в конце строк) пропущены")
    grid.rows = [(row + [""] * (width - len(row)))[:width] for row in grid.rows]
