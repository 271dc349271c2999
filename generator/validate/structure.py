"""Read one CSV resource and check its structure: size, encoding, delimiter, header, row shape and cells.

The file is read once as bytes, checked, decoded and split by the ``csv`` module; Frictionless then checks
types and constraints of the cells (Table Schema semantics), and its English errors are translated into
Russian problems. Key and reference checks, which Frictionless does per package and without cross-package
references, are done by ``keys`` and ``references`` on the typed frame this module returns.
Row numbers are those the analyst sees in Excel: the header is row 1.
"""

from __future__ import annotations

import copy
import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd
from frictionless import Dialect, Schema
from frictionless import Resource as FrictionlessResource
from frictionless.formats import CsvControl

from ..load import Resource
from ..typography import count_noun, fmt_number
from .encoding import describe_encoding
from .identifiers import formula_symbol, has_html, has_path_characters, has_script, is_web_address
from .problems import Problem, make_problem

BOM = b"\xef\xbb\xbf"
#: Frictionless stops after this many cell errors in one file; the report collapses them anyway
FRICTIONLESS_ERROR_LIMIT = 1000
#: the longest cell a data file may hold (the longest text field allows 2 000 characters); Frictionless lifts
#: Python's own CSV limit for the whole process, so the limit is set here for each parse
CELL_LIMIT = 10_000
DELIMITERS = {";": "«;» (точка с запятой)", "\t": "табуляции", "|": "«|»"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]")
NOT_FINITE = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)
DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
NUMERIC = {"integer", "number", "year"}
#: string columns that hold identifiers, which become parts of page addresses
ID_COLUMNS = {"org_id", "parent_org_id", "code", "slug", "indicator", "subject", "oktmo", "inn", "ogrn"}
PATTERN_TYPES = {"oktmo": "oktmo-format", "inn": "inn-format", "ogrn": "ogrn-format"}
FORMATS = {
    "uri": ("адрес сайта", "укажите адрес полностью, например https://school1.example.ru"),
    "email": ("адрес электронной почты", "укажите адрес вида school1@example.ru, без пробелов"),
}
TYPE_NAMES = {
    "integer": "целое число",
    "number": "число",
    "year": "год (четыре цифры)",
    "boolean": "логическое значение (true или false)",
    "date": "дата в формате ГГГГ-ММ-ДД",
}


@dataclass
class Table:
    """A resource that passed the structural checks: raw text and typed values, indexed by Excel row number."""

    resource: Resource
    file: str
    raw: pd.DataFrame
    typed: pd.DataFrame
    #: the raw cells by column name, as plain lists (fast to scan): for the structural checks only, and empty
    #: on a table taken from the validation cache, whose structural checks are done
    columns: dict[str, list[str]] = field(default_factory=dict, repr=False)
    #: (row, column) of cells that already have a problem, so later checks do not report them twice
    flagged: set[tuple[int, str]] = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.resource.name

    def title(self, column: str) -> str:
        return field_title(self.resource, column)


def pick(tables: dict[str, Table | None], name: str, *columns: str) -> Table | None:
    """The table ``name`` when it was read, has rows and has ``columns`` (an edited schema may lack them)."""
    table = tables.get(name)
    if table is None or table.typed.empty or not set(columns) <= set(table.typed.columns):
        return None
    return table


def field_title(resource: Resource, column: str) -> str:
    for spec in resource.fields:
        if spec["name"] == column:
            return spec.get("title", "")
    return ""


def _field(resource: Resource, column: str) -> dict:
    return next((spec for spec in resource.fields if spec["name"] == column), {})


def display_path(resource: Resource) -> str:
    """The file as the analyst finds it in the data folder: ``registry/organisations.csv``."""
    return f"{resource.package}/{resource.descriptor.get('path', '')}"


def check_path(resource: Resource, package_dir: Path) -> Problem | None:
    """A descriptor may only point at a file inside its own package folder."""
    raw = str(resource.descriptor.get("path", ""))
    pure = PurePosixPath(raw.replace("\\", "/"))
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", raw):
        return make_problem(
            "descriptor-error",
            file=f"{resource.package}/datapackage.json",
            value=raw,
            detail=f"у ресурса «{resource.name}» вместо имени файла указан адрес в интернете «{raw}»: "
                   "данные берутся только из папки пакета, по сети ничего не загружается",
        )
    inside = package_dir.resolve()
    if not raw or pure.is_absolute() or ".." in pure.parts or not (package_dir / pure).resolve().is_relative_to(inside):
        return make_problem(
            "descriptor-error",
            file=f"{resource.package}/datapackage.json",
            value=raw,
            detail=f"у ресурса «{resource.name}» путь «{raw}» ведёт за пределы папки пакета",
        )
    return None


def read_table(resource: Resource, max_bytes: int, problems: list[Problem]) -> tuple[Table | None, int]:
    """Check one resource file; return the table (None if it cannot be read as a table) and its row count."""
    file = display_path(resource)
    path = resource.path
    columns = ", ".join(spec["name"] for spec in resource.fields)
    if not path.is_file() and resource.descriptor.get("optional") is True:
        return None, 0  # an optional resource (territories): no file, no rows
    if not path.is_file():
        problems.append(make_problem("file-missing", file=file, name=path.name))
        return None, 0
    size = path.stat().st_size
    if size > max_bytes:
        problems.append(make_problem("file-too-large", file=file, size=_megabytes(size), limit=_megabytes(max_bytes)))
        return None, 0
    data = path.read_bytes()
    if data.startswith(BOM):
        problems.append(make_problem("bom", file=file, row=1))
        data = data[len(BOM):]
    if not data.strip():
        problems.append(make_problem("file-empty", file=file, columns=columns))
        return None, 0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        problems.append(make_problem("encoding", file=file, row=row, encoding=describe_encoding(data)))
        return None, 0
    rows, problem = parse_csv(text, file)
    if problem:
        problems.append(problem)
        return None, max(len(rows) - 1, 0)
    header, body = rows[0], rows[1:]
    header_problems = check_header(resource, file, header)
    if header_problems:
        problems.extend(header_problems)
        return None, len(body)
    if not body and resource.descriptor.get("optional") is not True:  # an optional table may well be empty
        problems.append(make_problem("table-empty", file=file, row=1))
    table = _frame(resource, file, header, body)
    problems.extend(check_shape(table, body))
    problems.extend(check_text(table))
    problems.extend(check_cells(table, rows))
    table.typed = typed_frame(table)
    return table, len(body)


def parse_csv(text: str, file: str) -> tuple[list[list[str]], Problem | None]:
    """Split the text into rows strictly, so that an unclosed quote is reported rather than swallowing the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    limit = csv.field_size_limit(CELL_LIMIT)
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as error:
        reason = str(error)
        if "unexpected end of data" in reason:
            detail = "кавычка, открытая в этой строке, не закрыта до конца файла"
        elif "expected after" in reason:
            detail = "после закрывающей кавычки в ячейке идёт текст, а не запятая"
        elif "field larger" in reason:
            detail = f"в строке есть ячейка длиннее {fmt_number(CELL_LIMIT, 0)} символов"
        else:
            detail = f"ошибка разбора CSV ({reason})"
        return rows, make_problem("csv-syntax", file=file, row=len(rows) + 1, detail=detail)
    finally:
        csv.field_size_limit(limit)
    return rows, None


def _megabytes(size: int) -> str:
    return f"{fmt_number(size / 1_000_000, 1)}\u00a0МБ"


def check_header(resource: Resource, file: str, header: list[str]) -> list[Problem]:
    """Compare the first row with the schema: delimiter, missing, extra, renamed, duplicated, reordered columns."""
    expected = [spec["name"] for spec in resource.fields]
    columns = ", ".join(expected)
    if len(header) == 1 and len(expected) > 1:
        for symbol, name in DELIMITERS.items():
            if symbol in header[0]:
                return [make_problem("delimiter", file=file, row=1, value=header[0], delimiter=name)]
    problems: list[Problem] = []
    seen: set[str] = set()
    for label in header:
        if label in seen:
            problems.append(make_problem("header-duplicate", file=file, row=1, column=label, value=label))
        seen.add(label)
    missing = [name for name in expected if name not in seen]
    extra = [label for label in dict.fromkeys(header) if label not in expected]
    renamed: set[str] = set()
    for position, (label, name) in enumerate(zip(header, expected, strict=False), start=1):
        if label != name and label in extra and name in missing:
            renamed |= {label, name}
            problems.append(make_problem(
                "header-renamed-column", file=file, row=1, column=name, column_title=field_title(resource, name),
                value=label, position=position,
            ))
    for name in missing:
        if name not in renamed:
            problems.append(make_problem(
                "header-missing-column", file=file, row=1, column=name, column_title=field_title(resource, name), columns=columns,
            ))
    for label in extra:
        if label not in renamed:
            problems.append(make_problem("header-extra-column", file=file, row=1, column=label, value=label, columns=columns))
    if not problems and header != expected:
        problems.append(make_problem("header-order", file=file, row=1, value=", ".join(header), columns=columns))
    return problems


def _frame(resource: Resource, file: str, header: list[str], body: list[list[str]]) -> Table:
    width = len(header)
    shaped = [row[:width] if len(row) >= width else row + [""] * (width - len(row)) for row in body]
    columns = {name: list(values) for name, values in zip(header, zip(*shaped, strict=True), strict=True)} if shaped else {name: [] for name in header}
    index = pd.RangeIndex(2, len(body) + 2)
    raw = pd.DataFrame({name: pd.array(values, dtype="string") for name, values in columns.items()}, index=index)
    return Table(resource=resource, file=file, raw=raw, typed=raw, columns=columns)


def check_shape(table: Table, body: list[list[str]]) -> list[Problem]:
    """Blank rows and rows with too few or too many cells; their cells are not checked one by one."""
    problems = []
    width = len(table.raw.columns)
    for number, row in enumerate(body, start=2):
        if len(row) == width:
            continue
        if not any(cell.strip() for cell in row):
            problems.append(make_problem("blank-row", file=table.file, row=number))
        elif len(row) > width:
            problems.append(make_problem("extra-cell", file=table.file, row=number, value=",".join(row), count=len(row), expected=width))
        else:
            problems.append(make_problem("missing-cell", file=table.file, row=number, count=len(row), expected=width))
        table.flagged.update((number, column) for column in table.raw.columns)
    return problems


def _cell(table: Table, type: str, row: int, column: str, value: str, **params: object) -> Problem:
    table.flagged.add((row, column))
    return make_problem(type, file=table.file, row=row, column=column, column_title=table.title(column), value=value, **params)


def check_text(table: Table) -> list[Problem]:
    """Dangerous cell content Frictionless cannot see: NaN/infinity, formulas, path characters, HTML."""
    problems: list[Problem] = []
    for spec in table.resource.fields:
        column, kind = spec["name"], spec.get("type", "string")
        suspects = {value for value in set(table.columns[column]) if value and _suspect(value, spec)}
        cells = [(row, value) for row, value in enumerate(table.columns[column], start=2)
                 if value in suspects and (row, column) not in table.flagged]
        if kind in NUMERIC:
            problems.extend(_cell(table, "not-finite", row, column, value) for row, value in cells if NOT_FINITE.fullmatch(value.strip()))
            continue
        if kind != "string":
            continue
        pattern = spec.get("constraints", {}).get("pattern")
        is_url = spec.get("format") == "uri"
        for row, value in cells:
            symbol = formula_symbol(value, pattern)
            control = CONTROL.search(value)
            if control:
                problems.append(_cell(table, "control-character", row, column, value, code=f"U+{ord(control.group()):04X}"))
            elif LINE_BREAK.search(value):
                problems.append(_cell(table, "line-break", row, column, value))
            elif is_url and not is_web_address(value):
                problems.append(_cell(table, "unsafe-url", row, column, value))
            elif has_script(value):
                problems.append(_cell(table, "script", row, column, value))
            elif symbol:
                problems.append(_cell(table, "formula", row, column, value, symbol=f"«{symbol}»"))
            elif column in ID_COLUMNS:
                if has_path_characters(value):
                    problems.append(_cell(table, "id-path", row, column, value))
            elif "<" in value and has_html(value):
                problems.append(make_problem("html", file=table.file, row=row, column=column, column_title=table.title(column), value=value))
    return problems


def _suspect(value: str, spec: dict) -> bool:
    """Whether ``check_text`` may report this value (checked once per distinct value; clean ones are skipped)."""
    kind = spec.get("type", "string")
    if kind in NUMERIC:
        return bool(NOT_FINITE.fullmatch(value.strip()))
    if kind != "string":
        return False
    column = spec["name"]
    return bool(
        CONTROL.search(value) or LINE_BREAK.search(value) or (spec.get("format") == "uri" and not is_web_address(value)) or has_script(value)
        or formula_symbol(value, spec.get("constraints", {}).get("pattern"))
        or (column in ID_COLUMNS and has_path_characters(value))
        or (column not in ID_COLUMNS and "<" in value and has_html(value))
    )


def frictionless_schema(resource: Resource) -> Schema:
    """The resource's schema without keys and uniqueness, which ``keys``/``references`` check with pandas."""
    descriptor = copy.deepcopy(resource.schema)
    descriptor.pop("primaryKey", None)
    descriptor.pop("foreignKeys", None)
    for spec in descriptor["fields"]:
        spec.get("constraints", {}).pop("unique", None)
    return Schema.from_descriptor(descriptor)


def cells_pass(table: Table) -> bool:
    """Whether every cell passes its field's type and constraints, judged once per distinct value.

    Frictionless's own cell readers decide (the same ones its row-by-row pass calls), so the answer is exact; a
    column of a million rows holds a few thousand distinct values at most. Rows of the wrong shape or cells
    flagged earlier send the file through the full pass, which reports them with their rows.
    """
    if table.flagged:
        return False
    for spec in frictionless_schema(table.resource).fields:
        reader = spec.create_cell_reader()
        for value in set(table.columns[spec.name]):
            _, notes = reader(value)
            if notes:
                return False
    return True


def check_cells(table: Table, rows: list[list[str]]) -> list[Problem]:
    """Types and constraints by Frictionless, translated; cells flagged by earlier checks are skipped."""
    if len(rows) < 2 or cells_pass(table):
        return []
    # Frictionless reads the file itself: handing it the parsed rows would make it deep-copy them
    path = table.resource.path
    resource = FrictionlessResource(
        path=path.name, basepath=str(path.parent), schema=frictionless_schema(table.resource),
        format="csv", encoding="utf-8-sig", dialect=Dialect(header=True, controls=[CsvControl(delimiter=",")]),
    )
    report = resource.validate(limit_errors=FRICTIONLESS_ERROR_LIMIT)
    problems: list[Problem] = []
    for task in report.tasks:
        if len(task.errors) >= FRICTIONLESS_ERROR_LIMIT:
            problems.append(make_problem("cells-not-checked", file=table.file, count=fmt_number(len(task.errors), 0)))
        for error in task.errors:
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None)
            if not row or not column or (row, column) in table.flagged:
                continue
            problem = translate(table, error.type, row, column, getattr(error, "cell", ""), getattr(error, "note", ""))
            if problem:
                problems.append(problem)
    return problems


def translate(table: Table, error_type: str, row: int, column: str, cell: object, note: str) -> Problem | None:
    """One Frictionless cell error as a Russian problem with a hint taken from the field's description."""
    spec = _field(table.resource, column)
    value = "" if cell is None else str(cell)
    description = spec.get("description", "")
    constraints = spec.get("constraints", {})
    if error_type == "type-error":
        kind = spec.get("type", "string")
        if kind in NUMERIC and DECIMAL_COMMA.fullmatch(value.strip()):
            fixed = value.strip().replace(",", ".")
            return _cell(table, "decimal-comma", row, column, value, fixed=f"«{fixed}»")
        if kind == "string" and spec.get("format") in FORMATS:
            expected, advice = FORMATS[spec["format"]]
            return _cell(table, "type-error", row, column, value, expected=expected, advice=advice)
        return _cell(table, "type-error", row, column, value, expected=TYPE_NAMES.get(kind, kind), advice=_type_advice(kind, value))
    if error_type != "constraint-error":
        return _cell(table, "type-error", row, column, value, expected="допустимое значение", advice=note or description)
    match = re.match(r'constraint "(\w+)"', note or "")
    constraint = match.group(1) if match else ""
    if constraint == "required":
        return _cell(table, "required", row, column, "", description=description)
    if constraint in ("minimum", "maximum"):
        return _cell(table, constraint, row, column, value, limit=_limit(constraints.get(constraint)), description=description)
    if constraint in ("minLength", "maxLength"):
        limit = count_noun(constraints.get(constraint, 0), ("символа", "символов", "символов"))
        return _cell(table, "min-length" if constraint == "minLength" else "max-length", row, column, value, limit=limit, description=description)
    if constraint == "pattern":
        if has_path_characters(value) and column in ID_COLUMNS:
            return _cell(table, "id-path", row, column, value)
        return _cell(table, PATTERN_TYPES.get(column, "pattern"), row, column, value, description=description)
    if constraint == "enum":
        return _cell(table, "enum", row, column, value, allowed=allowed_values(spec))
    return _cell(table, "type-error", row, column, value, expected="допустимое значение", advice=description)


def _limit(value: object) -> str:
    return fmt_number(value, 0, trim=True) if isinstance(value, int) else fmt_number(value, 2, trim=True)


def _type_advice(kind: str, value: str) -> str:
    stripped = value.strip()
    if kind in NUMERIC:
        if re.fullmatch(r"[+-]?\d{1,3}([ \u00a0]\d{3})+([.,]\d+)?", stripped):
            return "уберите пробелы между разрядами"
        if stripped.endswith("%"):
            return "уберите знак процента: доли указываются числом процентов, например 85.2"
        if kind != "number" and re.fullmatch(r"[+-]?\d+\.\d+", stripped):
            return "здесь нужно целое число без дробной части"
        return "укажите число цифрами; дробная часть отделяется точкой"
    if kind == "boolean":
        return "укажите true или false"
    return "исправьте значение"


def allowed_values(spec: dict) -> str:
    """The enum of a field with the meaning of each value, parsed from the field description («code — meaning»)."""
    meanings = {}
    for part in re.split(r",\s*(?=[\w-]+ — )", spec.get("description", "").rstrip(".")):
        code, sep, meaning = part.partition(" — ")
        if sep:
            meanings[code.strip().rsplit(":", 1)[-1].strip()] = meaning.strip()
    items = []
    for item in spec.get("constraints", {}).get("enum", []):
        meaning = meanings.get(str(item))
        items.append(f"{item} — {meaning}" if meaning else str(item))
    return "; ".join(items)


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def typed_frame(table: Table) -> pd.DataFrame:
    """Cast raw text to the schema's types; empty cells and cells with a problem become <NA>."""
    typed = {}
    flagged_rows: dict[str, set[int]] = {}
    for row, column in table.flagged:
        flagged_rows.setdefault(column, set()).add(row)
    for spec in table.resource.fields:
        name = spec["name"]
        kind = spec.get("type", "string")
        raw = table.columns[name]
        # each distinct text is converted once; cells with a problem become <NA>
        converted = {text: _typed_value(text, kind) for text in set(raw)}
        values = [converted[text] for text in raw]
        for row in flagged_rows.get(name, ()):
            if 2 <= row < len(values) + 2:
                values[row - 2] = None
        dtype = {"number": "Float64", "integer": "Int64", "year": "Int64", "boolean": "boolean"}.get(kind, "string")
        typed[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(typed, index=table.raw.index)


def _typed_value(text: str, kind: str) -> object:
    stripped = text.strip()
    if not stripped:
        return None
    if kind in NUMERIC:
        number = _number(stripped)
        if kind == "number" or number is None:
            return number
        return int(number) if number.is_integer() else None
    if kind == "boolean":
        return {"true": True, "false": False}.get(stripped.lower())
    return text
