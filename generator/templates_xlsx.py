"""An Excel book for entering one data set by hand, built from its Table Schema.

The analyst sees Russian captions with units, a description of every column (cell comments and an «Описание»
sheet), drop-down lists of organisations, subjects and indicators (kept on a hidden sheet), and Excel's own cell
validation from the schema (whole numbers ≥ 0, allowed values, ranges), so most mistakes are refused while typing.
The second header row holds the technical field names: ``msoko import`` recognises it and skips it. The book is
byte-identical for the same project (fixed timestamps), like every other output.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from .errors import DataError
from .importer.match import REFERENCES
from .load import Resource, read_descriptors, read_table

FIRST_DATA_ROW = 3
LAST_DATA_ROW = 100_000
DATA_SHEET = "Данные"
LISTS_SHEET = "Справочники"
HELP_SHEET = "Описание"
_FIXED_TIME = "2000-01-01T00:00:00Z"
_UNITS = {"человек": "чел.", "балл": "балл", "градусы": "°"}
_TYPE_NAMES = {"integer": "целое число", "number": "число", "string": "текст", "boolean": "да/нет", "year": "год"}


def unit_of(spec: dict) -> str:
    """The unit a field's description names («Единица — человек.», «…, балл (0–100).»), abbreviated."""
    description = spec.get("description", "")
    found = re.search(r"Единица — ([^.;]+)", description) or re.search(r",\s*(балл|градусы)\b", description)
    if not found:
        return ""
    unit = found.group(1).strip()
    return _UNITS.get(unit, unit)


def caption(spec: dict) -> str:
    """«Участники, чел.» — the field's title and unit (the importer reads the title back without the unit)."""
    title = spec.get("title") or spec["name"]
    unit = unit_of(spec)
    return f"{title}, {unit}" if unit else title


def rule_text(spec: dict) -> str:
    """What a cell accepts, in words, for the comment and the «Описание» sheet."""
    constraints = spec.get("constraints", {})
    parts = [_TYPE_NAMES.get(spec.get("type", "string"), "текст")]
    if "minimum" in constraints and "maximum" in constraints:
        parts.append(f"от {constraints['minimum']} до {constraints['maximum']}")
    elif "minimum" in constraints:
        parts.append(f"не меньше {constraints['minimum']}")
    if "enum" in constraints:
        parts.append("одно из: " + ", ".join(str(v) for v in constraints["enum"]))
    if "maxLength" in constraints:
        parts.append(f"не длиннее {constraints['maxLength']} знаков")
    parts.append("обязательное" if constraints.get("required") else "можно оставить пустым")
    return "; ".join(parts)


def _reference_lists(resources: dict[str, Resource], resource: Resource) -> dict[str, tuple[str, list[str]]]:
    """Field → (list title, labels) for foreign keys whose targets have names the importer can match back."""
    lists: dict[str, tuple[str, list[str]]] = {}
    for key in resource.schema.get("foreignKeys", []):
        fields = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
        target = key["reference"].get("resource") or resource.name
        if len(fields) != 1 or target == resource.name or target not in resources or not resources[target].path.exists():
            continue
        frame = read_table(resources[target])
        if target == "organisations":
            shorts = frame["short_name"].fillna(frame["full_name"]).astype(str).tolist()
            ids = frame["org_id"].astype(str).tolist()
            duplicated = {name for name in shorts if shorts.count(name) > 1}
            labels = [f"{name} ({org})" if name in duplicated else name for name, org in zip(shorts, ids, strict=True)]
            lists[fields[0]] = ("Организации", labels)
        elif target == "indicators":
            labels = [f"{code} — {name}" for code, name in zip(frame["code"].astype(str), frame["short_name"].astype(str), strict=True)]
            lists[fields[0]] = ("Показатели", labels)
        elif target == "federal_indicators":
            # the codes of the federal list (1.1.1, 1.8.1…): sections and groups carry no values
            rows = frame[frame["kind"] == "indicator"] if "kind" in frame.columns else frame
            lists[fields[0]] = ("Показатели мониторинга", rows["code"].astype(str).tolist())
        elif target in REFERENCES:
            code, names, what = REFERENCES[target]
            lists[fields[0]] = (what.capitalize(), frame[names[0]].astype(str).tolist())
    return {name: item for name, item in lists.items() if item[1]}  # an empty list would refuse every value


def build_template(datapackages: Path, dataset: str) -> bytes:
    """The XLSX book for ``dataset`` of the project whose data packages are in ``datapackages``."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    _, resources = read_descriptors(datapackages)
    if dataset not in resources:
        raise DataError(f"В проекте нет набора данных «{dataset}».", f"укажите один из наборов: {', '.join(sorted(resources))}.")
    resource = resources[dataset]
    lists = _reference_lists(resources, resource)

    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    hidden = book.create_sheet(LISTS_SHEET)
    hidden.sheet_state = "hidden"
    helper = book.create_sheet(HELP_SHEET)

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    name_font = Font(italic=True, color="595959", size=9)
    list_column = 0
    for index, spec in enumerate(resource.fields, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=caption(spec))
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        comment = Comment(f"{spec.get('description', '')}\n\n{rule_text(spec)}", "msoko", width=320, height=160)
        cell.comment = comment
        sheet.cell(row=2, column=index, value=spec["name"]).font = name_font
        width = max(12, min(45, len(caption(spec)) + 2))
        kind = spec.get("type", "string")
        constraints = spec.get("constraints", {})
        target = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_DATA_ROW}"
        validation = None
        if spec["name"] in lists:
            title, labels = lists[spec["name"]]
            list_column += 1
            list_letter = get_column_letter(list_column)
            hidden.cell(row=1, column=list_column, value=title)
            for row, label in enumerate(labels, start=2):
                hidden.cell(row=row, column=list_column, value=label)
            last = max(2, len(labels) + 1)
            validation = DataValidation(type="list", formula1=f"='{LISTS_SHEET}'!${list_letter}$2:${list_letter}${last}", allow_blank=True)
            validation.error = "Выберите значение из списка."
            width = 45
        elif "enum" in constraints:
            values = ",".join(str(v).lower() if isinstance(v, bool) else str(v) for v in constraints["enum"])
            validation = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
            validation.error = "Допустимые значения: " + values.replace(",", ", ") + "."
        elif kind in ("integer", "number", "year"):
            excel_type = "decimal" if kind == "number" else "whole"
            low, high = constraints.get("minimum"), constraints.get("maximum")
            if low is not None and high is not None:
                validation = DataValidation(type=excel_type, operator="between", formula1=str(low), formula2=str(high), allow_blank=True)
            elif low is not None:
                validation = DataValidation(type=excel_type, operator="greaterThanOrEqual", formula1=str(low), allow_blank=True)
            elif high is not None:
                validation = DataValidation(type=excel_type, operator="lessThanOrEqual", formula1=str(high), allow_blank=True)
            else:
                validation = DataValidation(type=excel_type, operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True)
            validation.error = f"Ожидается {rule_text(spec)}."
        elif kind == "string" and "maxLength" in constraints:
            validation = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(constraints["maxLength"]), allow_blank=True)
            validation.error = f"Не длиннее {constraints['maxLength']} знаков."
        if validation is not None:
            validation.showErrorMessage = True
            validation.errorTitle = spec.get("title", spec["name"])
            validation.prompt = rule_text(spec)
            validation.showInputMessage = True
            validation.add(target)
            sheet.add_data_validation(validation)
        if kind == "string":
            sheet.column_dimensions[letter].number_format = "@"  # keep leading zeros of ОКТМО and ИНН, «1.10» as text
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    sheet.row_dimensions[1].height = 45

    helper.append(["Столбец", "Поле", "Что вводить", "Описание"])
    for cell in helper[1]:
        cell.font = header_font
    for spec in resource.fields:
        helper.append([caption(spec), spec["name"], rule_text(spec), spec.get("description", "")])
    for letter, width in zip("ABCD", (30, 24, 40, 90), strict=True):
        helper.column_dimensions[letter].width = width
    helper.append([])
    helper.append([f"Набор «{resource.name}»: {resource.descriptor.get('title', '')}. Заполняйте лист «{DATA_SHEET}» с третьей строки; "
                   f"загрузка: msoko import ФАЙЛ --dataset {resource.name}"])

    book.properties.creator = "msoko"
    book.properties.title = resource.descriptor.get("title", resource.name)
    buffer = io.BytesIO()
    book.save(buffer)
    return _deterministic(buffer.getvalue())


def _deterministic(data: bytes) -> bytes:
    """Re-pack the book with fixed entry times and document dates, so the same project gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + _FIXED_TIME.encode() + rb"\g<2>", content)
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return output.getvalue()


def write_template(datapackages: Path, dataset: str, out: Path) -> Path:
    """Write the book for ``dataset`` to ``out`` (atomically: an open copy in Excel is never half-written)."""
    from .importer.write import atomic_write_bytes

    data = build_template(datapackages, dataset)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, data)
    return out
