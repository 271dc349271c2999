"""An import in two steps: ``prepare`` reads, maps, matches, checks and computes the diff without touching the
project; ``commit`` writes the one changed table atomically. Between the two the command shows the diff (and
``--dry-run`` stops there), so nothing is ever written that has not been checked and shown.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..config import Config, load_config
from ..errors import DataError
from ..load import Resource, read_descriptors, read_table
from ..project import Project
from ..typography import count_noun
from .cells import CellError, coerce, screen
from .diff import Diff, compare, row_key, same
from .header import Layout, locate
from .mapping import Mapping, load_mapping
from .match import ReferenceIndex, normalise_plain, reference_index
from .readers import Grid, column_letter, read_grid
from .write import atomic_write_text, csv_text

#: at most this many problems are listed; the rest are counted (a wrong file gives thousands)
SHOW_PROBLEMS = 25
_TOTAL_ROWS = ("итого", "всего")

Progress = Callable[[int, int], None]


@dataclass
class Plan:
    """Everything an import will do, computed before anything is written."""

    source: Path
    resource: Resource
    grid: Grid
    layout: Layout
    rows_read: int
    table: list[dict[str, str]]  # the whole new table
    origins: list[int | None]  # for each row of ``table``, its row in the imported file (None: kept as it was)
    diff: Diff
    text: str  # the new CSV
    year: int | None = None
    replace: bool = False
    notes: list[str] = field(default_factory=list)
    matched: dict[str, int] = field(default_factory=dict)  # "name"/"inn"/"label" → how many values matched that way
    validated: bool = False

    @property
    def target(self) -> Path:
        return self.resource.path


def find_resource(project: Project, dataset: str) -> tuple[dict[str, Resource], Resource]:
    _, resources = read_descriptors(project.datapackages)
    if dataset not in resources:
        raise DataError(
            f"В проекте {project.root} нет набора данных «{dataset}».",
            f"укажите один из наборов: {', '.join(sorted(resources))}.",
        )
    return resources, resources[dataset]


def prepare(
    project: Project,
    source: Path,
    dataset: str,
    *,
    year: int | None = None,
    mapping_file: Path | None = None,
    replace: bool = False,
    sheet: str | None = None,
    progress: Progress | None = None,
    stage: Callable[[str], None] | None = None,
    validate: bool = True,
) -> Plan:
    """Compute the import of ``source`` into ``dataset`` (see the module docstring); raises DataError on any problem."""
    resources, resource = find_resource(project, dataset)
    names = [spec["name"] for spec in resource.fields]
    if year is not None and "year" not in names:
        raise DataError(f"У набора «{dataset}» нет поля «year», параметр --year к нему неприменим.", "загрузите файл без --year.")
    if year is not None and replace:
        raise DataError("Параметры --year и --replace несовместимы.", "укажите один из них: --year заменяет строки одного года, --replace — всю таблицу.")
    config = project_config(project)
    mapping = load_mapping(mapping_file, resource)
    grid = read_grid(source, sheet or mapping.sheet, int(config.validation.max_file_mb * 2**20))
    layout = locate(grid, resource, mapping)
    sources = _field_sources(grid, resource, layout, mapping, year)
    _refuse_formulas(grid, layout)
    indexes = _reference_indexes(resources, resource, layout)
    plan_notes = list(grid.notes) + layout.notes
    if layout.ignored:
        plan_notes.append("столбцы без соответствия в наборе пропущены: " + ", ".join(f"«{c}»" for c in layout.ignored))
    if stage:
        stage("Разбор строк")
    rows, problems, matched, skipped = _read_rows(grid, resource, layout, mapping, sources, indexes, year, progress)
    if skipped:
        plan_notes.append(f"пропущено строк итогов: {skipped}")
    problems.extend(_duplicate_keys(rows, resource))
    if problems:
        raise _problems_error(source, problems)
    imported = [row for row, _ in rows]
    if not imported:
        raise DataError(f"Файл {source}: под заголовком нет ни одной строки данных.", "проверьте, что выгрузка содержит данные, а не только заголовок.")
    old = _read_existing(resource)
    table, origins = _merge(old, rows, resource, year, replace, supplied=set(sources))
    absent = [spec.get("title", spec["name"]) for spec in resource.fields if spec["name"] not in sources]
    if absent and old:
        plan_notes.append("столбцов нет в файле, у строк, которые уже есть в наборе, они сохранены: "
                          + ", ".join(f"«{title}»" for title in absent))
    kinds = {spec["name"]: spec.get("type", "string") for spec in resource.fields}
    diff = compare(old, table, resource.primary_key, kinds)
    plan = Plan(
        source=source, resource=resource, grid=grid, layout=layout, rows_read=len(imported), table=table, origins=origins, diff=diff,
        text=csv_text(names, table), year=year, replace=replace, notes=plan_notes, matched=matched,
    )
    if validate and not diff.empty:
        if stage:
            stage("Проверка проекта с новыми данными")
        plan.validated = check_project(project, plan, config)
    return plan


def commit(plan: Plan) -> bool:
    """Write the new table (atomically); False when there is nothing to change."""
    if plan.diff.empty:
        return False
    atomic_write_text(plan.target, plan.text)
    return True


# --- columns -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a field's value comes from: a column of the file or one value for all rows."""

    column: int | None = None
    constant: str | None = None


def _field_sources(grid: Grid, resource: Resource, layout: Layout, mapping: Mapping, year: int | None) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    missing = []
    for spec in resource.fields:
        name = spec["name"]
        if name in mapping.constants:
            if name in layout.columns:
                raise DataError(
                    f"Поле «{name}» задано и столбцом «{layout.captions[name]}» файла {grid.source}, и постоянным значением в сопоставлении.",
                    "оставьте что-то одно.",
                )
            sources[name] = Source(constant=mapping.constants[name])
        elif name in layout.columns:
            sources[name] = Source(column=layout.columns[name])
        elif name == "year" and year is not None:
            sources[name] = Source(constant=str(year))
        elif spec.get("constraints", {}).get("required"):
            missing.append(spec)
    if missing:
        listed = ", ".join(f"«{spec.get('title', spec['name'])}» ({spec['name']})" for spec in missing)
        hint = "добавьте эти столбцы в файл или опишите их в файле сопоставления (--mapping)"
        if any(spec["name"] == "year" for spec in missing):
            hint += "; год всех строк можно задать параметром --year"
        raise DataError(f"Файл {grid.source}: нет обязательных столбцов: {listed}.", hint + ".")
    return sources


def _refuse_formulas(grid: Grid, layout: Layout) -> None:
    used = set(layout.columns.values())
    first_row = grid.row_numbers[layout.first_data] if layout.first_data < len(grid.row_numbers) else None
    for (row, column), formula in sorted(grid.formulas.items()):
        if column - 1 in used and first_row is not None and row >= first_row:
            raise DataError(
                f"Файл {grid.source}, лист «{grid.sheet}», ячейка {column_letter(column)}{row}: формула «{formula[:60]}» вместо значения.",
                "замените формулы значениями (в Excel: Копировать → Специальная вставка → Значения) и загрузите файл снова.",
            )


def _reference_indexes(resources: dict[str, Resource], resource: Resource, layout: Layout) -> dict[str, ReferenceIndex]:
    """Indexes for the foreign keys whose values may come as names (organisations, subjects, ОКТМО…)."""
    indexes: dict[str, ReferenceIndex] = {}
    for key in resource.schema.get("foreignKeys", []):
        fields = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
        target = key["reference"].get("resource") or resource.name
        if len(fields) != 1 or fields[0] not in layout.columns or target == resource.name or target not in resources:
            continue
        target_resource = resources[target]
        if not target_resource.path.exists():
            rows: list[dict] = []
        else:
            try:
                frame = read_table(target_resource)
            except (ValueError, DataError) as error:
                raise DataError(
                    f"Справочник {target_resource.path} не читается ({error}).", "проверьте проект командой «msoko validate»."
                ) from error
            rows = [{k: ("" if v is None or v != v else str(v)) for k, v in record.items()} for record in frame.astype(object).to_dict("records")]
        index = reference_index(target, rows)
        if index is not None:
            indexes[fields[0]] = index
    return indexes


# --- rows --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None  # «C («Участники»)»
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (f"строка {self.row}" if self.row else None, f"столбец {self.column}" if self.column else None) if part)
        return f"{where}: {self.message}" if where else self.message


def _read_rows(
    grid: Grid,
    resource: Resource,
    layout: Layout,
    mapping: Mapping,
    sources: dict[str, Source],
    indexes: dict[str, ReferenceIndex],
    year: int | None,
    progress: Progress | None,
) -> tuple[list[tuple[dict[str, str], int]], list[Problem], dict[str, int], int]:
    rows: list[tuple[dict[str, str], int]] = []
    problems: list[Problem] = []
    matched: dict[str, int] = {}
    skipped = 0
    specs = {spec["name"]: spec for spec in resource.fields}
    values_maps = {name: {normalise_plain(k): v for k, v in table.items()} for name, table in mapping.values.items()}
    data = grid.rows[layout.first_data :]
    numbers = grid.row_numbers[layout.first_data :]
    total = len(data)
    for position, (cells, number) in enumerate(zip(data, numbers, strict=True)):
        if progress and position % 500 == 0:
            progress(position, total)
        if _is_total_row(cells, layout, mapping):
            skipped += 1
            continue
        record: dict[str, str] = {}
        found = len(problems)
        for name, spec in specs.items():
            source = sources.get(name)
            if source is None:
                record[name] = ""
                continue
            if source.constant is not None:
                raw, column = source.constant, None
            else:
                raw = cells[source.column] if source.column < len(cells) else ""
                column = f"{column_letter(source.column + 1)} («{layout.captions[name]}»)"
            value = raw
            try:
                screen(raw)
            except CellError as error:
                problems.append(Problem(number, column, str(error)))
                continue
            if name in values_maps and raw:
                value = values_maps[name].get(normalise_plain(raw), raw)
            if name in indexes and value and value not in indexes[name].labels:
                resolution = indexes[name].resolve(value)
                if resolution.key is None:
                    problems.append(Problem(number, column, _resolution_message(resolution, indexes[name], name)))
                    continue
                matched[resolution.how] = matched.get(resolution.how, 0) + 1
                value = resolution.key
            try:
                record[name] = coerce(value, spec)
            except CellError as error:
                problems.append(Problem(number, column, f"{error}; поле «{spec.get('title', name)}» ({name}) — {_expectation(spec)}"))
                continue
        if year is not None and "year" in record and record["year"] and not same(record["year"], str(year), "integer"):
            column = f"{column_letter(sources['year'].column + 1)} («{layout.captions['year']}»)" if sources["year"].column is not None else None
            problems.append(Problem(number, column, f"год {record['year']} не совпадает с --year {year}; в файле должны быть строки только этого года"))
        if len(problems) == found:
            rows.append((record, number))
    if progress:
        progress(total, total)
    return rows, problems, matched, skipped


def _is_total_row(cells: list[str], layout: Layout, mapping: Mapping) -> bool:
    """Totals at the bottom of exports («Итого по округу») are not data rows."""
    for name, values in mapping.skip.items():
        column = layout.columns.get(name)
        if column is not None and column < len(cells) and normalise_plain(cells[column]) in {normalise_plain(v) for v in values}:
            return True
    first = next((cell for cell in cells if cell), "")
    return normalise_plain(first).startswith(_TOTAL_ROWS)


def _resolution_message(resolution, index: ReferenceIndex, name: str) -> str:
    if resolution.problem == "ambiguous":
        return (
            f"«{resolution.value}» подходит нескольким записям ({index.what}): {'; '.join(resolution.candidates)}; "
            f"укажите код ({name}){' или ИНН' if index.inns and resolution.how != 'inn' else ''} вместо {'ИНН' if resolution.how == 'inn' else 'названия'}"
        )
    if resolution.how == "inn":
        return f"{index.what}: ИНН «{resolution.value}» нет в реестре; добавьте организацию в реестр или исправьте ИНН"
    similar = f"; похожие: {'; '.join(resolution.candidates)}" if resolution.candidates else ""
    return f"{index.what} «{resolution.value}» не найдена в справочнике{similar}; исправьте название, укажите код ({name}) или добавьте запись в справочник"


def _expectation(spec: dict) -> str:
    kind = spec.get("type", "string")
    constraints = spec.get("constraints", {})
    text = {"integer": "целое число", "number": "число", "boolean": "да или нет", "year": "год"}.get(kind, "текст")
    if "minimum" in constraints and "maximum" in constraints:
        text += f" от {constraints['minimum']} до {constraints['maximum']}"
    elif "minimum" in constraints:
        text += f" не меньше {constraints['minimum']}"
    if "enum" in constraints:
        text += ", одно из: " + ", ".join(str(v) for v in constraints["enum"])
    return text


def _duplicate_keys(rows: list[tuple[dict[str, str], int]], resource: Resource) -> list[Problem]:
    key = resource.primary_key
    if not key:
        return []
    kinds = {spec["name"]: spec.get("type", "string") for spec in resource.fields}
    seen: dict[tuple, int] = {}
    problems = []
    for record, number in rows:
        k = row_key(record, key, kinds)
        if k in seen:
            shown = ", ".join(f"{name}={record[name]}" for name in key)
            problems.append(Problem(number, None, f"повтор строки {seen[k]} ({shown}); в файле каждая комбинация {', '.join(key)} должна встречаться один раз"))
        else:
            seen[k] = number
    return problems


def _problems_error(source: Path, problems: list[Problem]) -> DataError:
    shown = "\n".join(f"  • {problem}" for problem in problems[:SHOW_PROBLEMS])
    more = len(problems) - SHOW_PROBLEMS
    if more > 0:
        shown += f"\n  … и ещё {count_noun(more, ('ошибка', 'ошибки', 'ошибок'))}"
    return DataError(
        f"Файл {source}: {count_noun(len(problems), ('ошибка', 'ошибки', 'ошибок'))} в данных, ничего не записано:\n{shown}",
        "исправьте значения в файле (или опишите столбцы и значения в файле сопоставления --mapping) и загрузите его снова.",
    )


# --- merge -------------------------------------------------------------------------------------------------


def _read_existing(resource: Resource) -> list[dict[str, str]]:
    if not resource.path.exists():
        return []
    names = [spec["name"] for spec in resource.fields]
    try:
        with resource.path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            header = reader.fieldnames or []
            rows = [dict(row) for row in reader]
    except (UnicodeDecodeError, csv.Error) as error:
        raise DataError(f"Таблица проекта {resource.path} не читается ({error}).", "проверьте проект командой «msoko validate».") from error
    if header and header != names:
        raise DataError(
            f"Таблица проекта {resource.path}: столбцы {', '.join(header)} не совпадают со схемой ({', '.join(names)}).",
            "проверьте проект командой «msoko validate».",
        )
    return [{name: row.get(name) or "" for name in names} for row in rows]


def _merge(
    old: list[dict[str, str]], new: list[tuple[dict[str, str], int]], resource: Resource, year: int | None, replace: bool,
    supplied: set[str] | None = None,
) -> tuple[list[dict[str, str]], list[int | None]]:
    """The new table and, per row, its row in the imported file. ``replace`` — the file is the table; ``year`` —
    that year's rows are the file's; otherwise rows are added or updated by primary key. Rows keep their place
    and, when the value is the same, their spelling; new rows go at the end in the file's order. Fields the file
    does not supply (an optional column the export lacks) keep their old values in updated rows: an export
    without comments must not erase the comments already entered."""
    kinds = {spec["name"]: spec.get("type", "string") for spec in resource.fields}
    key = resource.primary_key or list(kinds)
    incoming = {row_key(row, key, kinds): (row, number) for row, number in new}
    result: list[dict[str, str]] = []
    origins: list[int | None] = []
    used = set()
    for row in old:
        k = row_key(row, key, kinds)
        if k in incoming:
            fresh, number = incoming[k]
            result.append({name: row[name] if (supplied is not None and name not in supplied) or same(row[name], fresh[name], kinds[name])
                           else fresh[name] for name in kinds})
            origins.append(number)
            used.add(k)
        elif not replace and (year is None or not _is_year(row.get("year", ""), year)):
            result.append(row)
            origins.append(None)
    for k, (row, number) in incoming.items():
        if k not in used:
            result.append(row)
            origins.append(number)
    return result, origins


def _is_year(text: str, year: int) -> bool:
    try:
        return Decimal(text) == year
    except InvalidOperation:
        return False


# --- validation of the project with the new table ----------------------------------------------------------


def project_config(project: Project) -> Config:
    return load_config(project.config_file) if project.config_file.is_file() else Config()


def check_project(project: Project, plan: Plan, config: Config) -> bool:
    """Validate a copy of the project's data packages with the new table in place; raise on new errors.

    Problems that the project had before the import are not the import's fault: only errors that the new
    table introduces stop it. Returns False when the project validator is not available.
    """
    try:
        from ..validate import validate
    except ImportError:
        plan.notes.append("проверка проекта целиком недоступна (нет модуля проверки); значения проверены по схеме")
        return False
    with tempfile.TemporaryDirectory(prefix="msoko-import-") as scratch:
        copy = Path(scratch) / "datapackages"
        shutil.copytree(project.datapackages, copy)
        relative = plan.target.relative_to(project.datapackages)
        (copy / relative).write_text(plan.text, encoding="utf-8")
        report = validate(copy, config)
        _refuse_broken_descriptors(report, plan)
        after = _error_lines(report, copy, project.datapackages, plan)
    if not after:
        return True
    before = set(_error_lines(validate(project.datapackages, config), project.datapackages, project.datapackages))
    new = [line for line in after if line.split(" (в файле ")[0] not in before]
    if before:
        plan.notes.append(f"в проекте уже были ошибки ({len(before)}), не связанные с этой загрузкой; выполните «msoko validate»")
    if new:
        shown = "\n".join(f"  • {line}" for line in new[:SHOW_PROBLEMS])
        more = len(new) - SHOW_PROBLEMS
        if more > 0:
            shown += f"\n  … и ещё {count_noun(more, ('ошибка', 'ошибки', 'ошибок'))}"
        raise DataError(
            f"Файл {plan.source}: после загрузки в набор «{plan.resource.name}» проект не проходит проверку, ничего не записано:\n{shown}",
            "исправьте данные в файле (номера строк выше — строки таблицы проекта после загрузки) и загрузите его снова.",
        )
    return True


def _refuse_broken_descriptors(report, plan: Plan) -> None:
    """The import reads types, keys and paths from the descriptors: with a broken datapackage.json it must not
    write anything, even when the breakage was there before the import."""
    broken = [problem for problem in report.errors if problem.type == "descriptor-error"]
    if broken:
        shown = "\n".join(f"  • {problem.text()}" for problem in broken[:SHOW_PROBLEMS])
        raise DataError(
            f"Файл {plan.source} не загружен: описание пакетов данных проекта повреждено, ничего не записано:\n{shown}",
            "исправьте datapackage.json (или восстановите его из исходного проекта) и проверьте проект командой «msoko validate».",
        )


def _error_lines(report, root: Path, shown_root: Path, plan: Plan | None = None) -> list[str]:
    """Error messages of a validation report, the scratch copy's paths shown as the project's; a problem in a row
    that came from the imported file also names that row of the file."""
    lines = []
    target = plan.target.relative_to(shown_root).as_posix() if plan else None
    for problem in report.errors:
        text = problem.text() if hasattr(problem, "text") else str(problem)
        text = text.replace(str(root), str(shown_root))
        row = getattr(problem, "row", None)
        if plan and row and getattr(problem, "file", "") == target and 0 <= row - 2 < len(plan.origins):
            origin = plan.origins[row - 2]
            if origin is not None:
                text += f" (в файле {plan.source.name} — строка {origin})"
        lines.append(text)
    return lines
