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
from .cells import CellError, coerce, normalise_value, screen
from .diff import ROWS, Diff, compare, row_key, same
from .header import Layout, locate
from .mapping import Mapping, Rule, load_mapping, normalise_caption
from .match import ReferenceIndex, normalise_plain, reference_index
from .readers import Grid, column_letter, read_grid
from .territories import Companion
from .territories import companions as territory_companions
from .write import atomic_write_text, csv_text, write_excel_csv

#: the registry's former names of organisations, used when matching names
FORMER_NAMES = "former_names"

#: at most this many problems are listed; the rest are counted (a wrong file gives thousands) and all of them
#: go to the file of ``--errors``
SHOW_PROBLEMS = 25
_TOTAL_ROWS = ("итого", "всего")
#: what ``--unknown`` may say: stop at an unknown name, or set its row aside and import the rest
UNKNOWN_MODES = ("error", "skip")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None  # «C («Участники»)»
    message: str
    value: str = ""
    reference: bool = False  # a name or code the reference tables do not know (or know twice): may be set aside
    candidates: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = ", ".join(part for part in (f"строка {self.row}" if self.row else None, f"столбец {self.column}" if self.column else None) if part)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class SetAside:
    """A row of the file not imported because it names what the registry does not know (``--unknown skip``)."""

    row: int
    cells: list[str]
    problems: tuple[Problem, ...]


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
    matched: dict[str, int] = field(default_factory=dict)  # "name"/"inn"/"label"/"former" → how many values matched that way
    validated: bool = False
    project: Project | None = None
    set_aside: list[SetAside] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)  # a partial update: the only fields it changes
    errors_file: Path | None = None
    companions: list[Companion] = field(default_factory=list)  # the territory tables, when the mapping names them

    @property
    def target(self) -> Path:
        return self.resource.path

    @property
    def empty(self) -> bool:
        """Nothing to write: neither the data set nor a table written with it changes."""
        return self.diff.empty and not self.companions


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
    unknown: str = "error",
    errors_file: Path | None = None,
) -> Plan:
    """Compute the import of ``source`` into ``dataset`` (see the module docstring); raises DataError on any problem.

    ``unknown="skip"`` sets aside the rows whose organisation (subject, ОКТМО…) the reference tables do not know
    and imports the rest; ``errors_file`` receives every problem as CSV (row, column, value, message)."""
    if unknown not in UNKNOWN_MODES:
        raise DataError(f"--unknown {unknown}: допустимые значения — {', '.join(UNKNOWN_MODES)}.")
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
    old = _read_existing(resource)
    sources, missing = _field_sources(grid, resource, layout, mapping, year)
    partial: list[str] = []
    if missing:
        key = resource.primary_key
        partial = [name for name in names if name in sources and name not in (key or [])]
        if not (key and all(name in sources for name in key) and partial and old and not replace and year is None):
            raise _missing_error(grid, resource, missing, partial_possible=bool(key and old))
    _refuse_formulas(grid, layout)
    indexes = _reference_indexes(resources, resource, layout)
    plan_notes = list(grid.notes) + layout.notes
    territory_columns = [_caption_column(grid, layout, column.caption, "столбец территорий") for column in mapping.territories]
    used = {" ".join(layout.headers[index].split(" / ")) for index in territory_columns}
    ignored = [caption for caption in layout.ignored if caption not in used]
    if ignored:
        plan_notes.append("столбцы без соответствия в наборе пропущены: " + ", ".join(f"«{c}»" for c in ignored))
    if stage:
        stage("Разбор строк и сопоставление названий")
    read = _read_rows(grid, resource, layout, mapping, sources, indexes, year, progress)
    rows, problems = read.rows, read.problems
    plan_notes.extend(read.notes())
    if read.skipped:
        plan_notes.append(f"пропущено строк итогов: {read.skipped}")
    set_aside: list[SetAside] = []
    if unknown == "skip":
        rows, problems, set_aside = _set_aside(read)
    problems.extend(_duplicate_keys(rows, resource))
    if partial:
        problems.extend(_new_rows_in_partial(rows, old, resource, missing))
    if problems:
        _write_errors(errors_file, problems)
        raise _problems_error(source, problems, errors_file, unknown)
    imported = [row for row, _ in rows]
    if not imported:
        _write_errors(errors_file, [p for item in set_aside for p in item.problems])
        if set_aside:
            raise DataError(
                f"Файл {source}: ни одна строка не сопоставлена со справочниками ({count_noun(len(set_aside), ROWS)} отложено), ничего не записано.",
                "проверьте, что реестр организаций загружен в проект и выгрузка относится к нему.",
            )
        raise DataError(f"Файл {source}: под заголовком нет ни одной строки данных.", "проверьте, что выгрузка содержит данные, а не только заголовок.")
    table, origins = _merge(old, rows, resource, year, replace, supplied=set(sources))
    if partial:
        plan_notes.append("частичное обновление: у строк набора меняются только столбцы "
                          + ", ".join(f"«{_title(resource, name)}»" for name in partial) + ", остальные сохраняются")
    else:
        absent = [_title(resource, spec["name"]) for spec in resource.fields if spec["name"] not in sources]
        if absent and old:
            plan_notes.append("столбцов нет в файле, у строк, которые уже есть в наборе, они сохранены: "
                              + ", ".join(f"«{title}»" for title in absent))
    kinds = {spec["name"]: spec.get("type", "string") for spec in resource.fields}
    diff = compare(old, table, resource.primary_key, kinds)
    companions: list[Companion] = []
    if mapping.territories:
        companions, notes = _territories(grid, territory_columns, mapping, resources, resource, rows, table)
        plan_notes.extend(notes)
    plan = Plan(
        source=source, resource=resource, grid=grid, layout=layout, rows_read=len(imported), table=table, origins=origins, diff=diff,
        text=csv_text(names, table), year=year, replace=replace, notes=plan_notes, matched=read.matched, project=project,
        set_aside=set_aside, partial=partial, errors_file=errors_file, companions=companions,
    )
    if validate and not plan.empty:
        if stage:
            stage("Проверка проекта с новыми данными")
        plan.validated = check_project(project, plan, config)
    _write_errors(errors_file, [p for item in set_aside for p in item.problems])
    return plan


def commit(plan: Plan) -> bool:
    """Write the new table (atomically), keeping the table it replaces for ``msoko import --undo``; False when
    there is nothing to change."""
    if plan.empty:
        return False
    writes = [(companion.resource.name, companion.target, companion.text) for companion in plan.companions]
    if not plan.diff.empty:
        writes.append((plan.resource.name, plan.target, plan.text))
    if plan.project is not None:
        from .undo import keep

        keep(plan.project, plan.source, writes)
    # the territory tables first: the organisations' rows never name a territory not yet written
    for _name, target, text in writes:
        atomic_write_text(target, text)
    return True


def _title(resource: Resource, name: str) -> str:
    return next((spec.get("title", name) for spec in resource.fields if spec["name"] == name), name)


# --- columns -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a field's value comes from: a column of the file, one value for all rows, a copy of another field
    or a rule over another column (``derived`` in the mapping)."""

    column: int | None = None
    constant: str | None = None
    copy: str | None = None  # the field whose value this one repeats
    rule: Rule | None = None
    rule_column: int | None = None  # the column the rule reads


def _field_sources(
    grid: Grid, resource: Resource, layout: Layout, mapping: Mapping, year: int | None
) -> tuple[dict[str, Source], list[dict]]:
    """Where each field comes from, and the required fields nothing supplies (a partial update, or an error)."""
    sources: dict[str, Source] = {}
    missing = []
    for spec in resource.fields:
        name = spec["name"]
        derived = mapping.derived.get(name)
        if name in mapping.constants or derived is not None:
            if name in layout.columns:
                what = "постоянным значением" if name in mapping.constants else "правилом (раздел derived)"
                raise DataError(
                    f"Поле «{name}» задано и столбцом «{layout.captions[name]}» файла {grid.source}, и {what} в сопоставлении.",
                    "оставьте что-то одно.",
                )
            if name in mapping.constants:
                sources[name] = Source(constant=mapping.constants[name])
            elif derived.constant is not None:
                sources[name] = Source(constant=derived.constant)
            elif derived.copy is not None:
                sources[name] = Source(copy=derived.copy)
            else:
                sources[name] = Source(rule=derived, rule_column=_rule_column(grid, layout, derived, name))
        elif name in layout.columns:
            sources[name] = Source(column=layout.columns[name])
        elif name == "year" and year is not None:
            sources[name] = Source(constant=str(year))
        elif spec.get("constraints", {}).get("required"):
            missing.append(spec)
    for name, item in list(sources.items()):
        if item.copy is not None and item.copy not in sources:
            raise DataError(
                f"Сопоставление: поле «{name}» копирует поле «{item.copy}», но в файле {grid.source} для него нет столбца.",
                f"укажите столбец поля «{item.copy}» в разделе columns или уберите копию.",
            )
    return sources, missing


def _rule_column(grid: Grid, layout: Layout, rule: Rule, name: str) -> int:
    """The column a rule reads: a field's column, or a column of the file by its caption."""
    return _caption_column(grid, layout, rule.source, f"правило поля «{name}» читает столбец")


def _caption_column(grid: Grid, layout: Layout, wanted_caption: str, what: str) -> int:
    """A column by a field's name or a caption of the file (a technical name or the caption row's)."""
    if wanted_caption in layout.columns:
        return layout.columns[wanted_caption]
    wanted = normalise_caption(wanted_caption)
    for index, caption in enumerate(layout.headers):
        if any(normalise_caption(part) == wanted for part in [caption, *caption.split(" / ")]):
            return index
    shown = ", ".join(f"«{c}»" for c in layout.headers if c)
    raise DataError(
        f"Сопоставление: {what} «{wanted_caption}», но в файле {grid.source} его нет.",
        f"укажите поле набора или подпись столбца из файла: {shown}.",
    )


def _territories(grid: Grid, indexes: list[int], mapping: Mapping, resources: dict[str, Resource], resource: Resource,
                 rows: list[tuple[dict[str, str], int]], table: list[dict[str, str]]) -> tuple[list[Companion], list[str]]:
    """The territory tables the mapping's ``territories`` columns (``indexes`` in the file) fill
    (``importer.territories``)."""
    by_number = dict(zip(grid.row_numbers, grid.rows, strict=True))
    registry = table if resource.name == "organisations" else _reference_rows(resources["organisations"])
    oktmo = {row["org_id"]: row.get("oktmo", "") for row in registry}
    named = []
    for record, number in rows:
        cells = by_number.get(number, [])
        named.append((record["org_id"], oktmo.get(record["org_id"], ""),
                      [cells[index] if index < len(cells) else "" for index in indexes]))
    return territory_companions(resources, mapping.territories, named, _read_existing)


def _missing_error(grid: Grid, resource: Resource, missing: list[dict], partial_possible: bool) -> DataError:
    listed = ", ".join(f"«{spec.get('title', spec['name'])}» ({spec['name']})" for spec in missing)
    hint = "добавьте эти столбцы в файл или опишите их в файле сопоставления (--mapping)"
    if any(spec["name"] == "year" for spec in missing):
        hint += "; год всех строк можно задать параметром --year"
    key = resource.primary_key
    if key and partial_possible:
        hint += (f"; чтобы обновить отдельные столбцы строк, которые уже есть в наборе, оставьте в файле ключ ("
                 f"{', '.join(key)}) и эти столбцы (без --year и --replace)")
    return DataError(f"Файл {grid.source}: нет обязательных столбцов: {listed}.", hint + ".")


def _new_rows_in_partial(rows: list[tuple[dict[str, str], int]], old: list[dict[str, str]], resource: Resource,
                         missing: list[dict]) -> list[Problem]:
    """A partial file updates rows; a row it would add would lack the required columns it does not have."""
    kinds = {spec["name"]: spec.get("type", "string") for spec in resource.fields}
    key = resource.primary_key
    present = {row_key(row, key, kinds) for row in old}
    listed = ", ".join(f"«{spec.get('title', spec['name'])}»" for spec in missing)
    shown = lambda record: ", ".join(f"{name}={record[name]}" for name in key)  # noqa: E731
    return [
        Problem(number, None, f"строки {shown(record)} нет в наборе «{resource.name}», а добавить её нельзя: в файле нет столбцов {listed}")
        for record, number in rows if row_key(record, key, kinds) not in present
    ]


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
        rows = _reference_rows(resources[target])
        former = _reference_rows(resources[FORMER_NAMES]) if target == "organisations" and FORMER_NAMES in resources else []
        index = reference_index(target, rows, former)
        if index is not None:
            indexes[fields[0]] = index
    return indexes


def _reference_rows(target_resource: Resource) -> list[dict[str, str]]:
    if not target_resource.path.exists():
        return []
    try:
        frame = read_table(target_resource)
    except (ValueError, DataError) as error:
        raise DataError(
            f"Справочник {target_resource.path} не читается ({error}).", "проверьте проект командой «msoko validate»."
        ) from error
    return [{k: ("" if v is None or v != v else str(v)) for k, v in record.items()} for record in frame.astype(object).to_dict("records")]


# --- rows --------------------------------------------------------------------------------------------------


@dataclass
class ReadRows:
    """The rows of the file as records, the problems found in them, and what was matched or normalised."""

    rows: list[tuple[dict[str, str], int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cells: dict[int, list[str]] = field(default_factory=dict)  # file row → its cells (for the set-aside file)
    held: dict[int, dict[str, str]] = field(default_factory=dict)  # file row → its record, when it has problems
    matched: dict[str, int] = field(default_factory=dict)
    normalised: dict[str, int] = field(default_factory=dict)  # note → how many values
    skipped: int = 0

    def notes(self) -> list[str]:
        return [f"{note}: {count_noun(count, ('значение', 'значения', 'значений'))}" for note, count in sorted(self.normalised.items())]


def _read_rows(
    grid: Grid,
    resource: Resource,
    layout: Layout,
    mapping: Mapping,
    sources: dict[str, Source],
    indexes: dict[str, ReferenceIndex],
    year: int | None,
    progress: Progress | None,
) -> ReadRows:
    read = ReadRows()
    problems = read.problems
    specs = {spec["name"]: spec for spec in resource.fields}
    # columns and constants first, then the fields derived from them
    order = [name for name in specs if sources.get(name) is None or sources[name].copy is None and sources[name].rule is None]
    order += [name for name in specs if name not in order]
    values_maps = {name: {normalise_plain(k): v for k, v in table.items()} for name, table in mapping.values.items()}
    cache: dict[tuple[str, str], tuple[str, str | None, str | None]] = {}
    data = grid.rows[layout.first_data :]
    numbers = grid.row_numbers[layout.first_data :]
    total = len(data)
    for position, (cells, number) in enumerate(zip(data, numbers, strict=True)):
        if progress and position % 250 == 0:
            progress(position, total)
        if _is_total_row(cells, layout, mapping):
            read.skipped += 1
            continue
        record: dict[str, str] = {}
        found = len(problems)
        for name in order:
            spec = specs[name]
            source = sources.get(name)
            if source is None:
                record[name] = ""
                continue
            column = None
            if source.copy is not None:
                if source.copy not in record:
                    continue  # the copied field has a problem of its own, already reported
                record[name] = _coerce_copy(record[source.copy], spec, number, problems, read)
                continue
            if source.rule is not None:
                raw = cells[source.rule_column] if source.rule_column < len(cells) else ""
                column = f"{column_letter(source.rule_column + 1)} («{layout.headers[source.rule_column]}»)"
                value = source.rule.apply(raw)
                if value is None:
                    problems.append(Problem(number, column, f"«{raw}»: ни одно правило поля «{name}» не подошло; "
                                            "добавьте правило или значение по умолчанию (default) в сопоставление", raw))
                    continue
                raw = value
            elif source.constant is not None:
                raw = source.constant
            else:
                raw = cells[source.column] if source.column < len(cells) else ""
                column = f"{column_letter(source.column + 1)} («{layout.captions[name]}»)"
            value = raw
            try:
                screen(raw)
            except CellError as error:
                problems.append(Problem(number, column, str(error), raw))
                continue
            if name in values_maps and raw:
                value = values_maps[name].get(normalise_plain(raw), raw)
            if name in indexes and value and value not in indexes[name].labels:
                resolution = indexes[name].resolve(value)
                if resolution.key is None:
                    problems.append(Problem(number, column, _resolution_message(resolution, indexes[name], name), raw,
                                            reference=True, candidates=resolution.candidates))
                    continue
                read.matched[resolution.how] = read.matched.get(resolution.how, 0) + 1
                value = resolution.key
            # a region's export repeats the same years, codes and names thousands of times: each is checked once
            known = cache.get((name, value))
            if known is None:
                fixed, note = normalise_value(value, spec)
                try:
                    known = cache[(name, value)] = (coerce(fixed, spec), note, None)
                except CellError as error:
                    known = cache[(name, value)] = ("", note, f"{error}; поле «{spec.get('title', name)}» ({name}) — {_expectation(spec)}")
            result, note, failure = known
            if note:
                read.normalised[note] = read.normalised.get(note, 0) + 1
            if failure is not None:
                problems.append(Problem(number, column, failure, raw))
                continue
            record[name] = result
        if year is not None and "year" in record and record["year"] and not same(record["year"], str(year), "integer"):
            column = f"{column_letter(sources['year'].column + 1)} («{layout.captions['year']}»)" if sources["year"].column is not None else None
            problems.append(Problem(number, column, f"год {record['year']} не совпадает с --year {year}; в файле должны быть строки только этого года",
                                    record["year"]))
        if len(problems) == found:
            read.rows.append(({name: record.get(name, "") for name in specs}, number))
        else:
            read.cells[number] = cells
    if progress:
        progress(total, total)
    return read


def _coerce_copy(value: str, spec: dict, number: int, problems: list[Problem], read: ReadRows) -> str:
    try:
        return coerce(value, spec)
    except CellError as error:
        problems.append(Problem(number, None, f"{error}; поле «{spec.get('title', spec['name'])}» ({spec['name']}) — {_expectation(spec)}", value))
        return ""


def _set_aside(read: ReadRows) -> tuple[list[tuple[dict[str, str], int]], list[Problem], list[SetAside]]:
    """``--unknown skip``: a row naming what the reference tables do not know is set aside with its reasons (its
    other problems do not stop the import: the row is not imported); the other rows' problems remain."""
    by_row: dict[int | None, list[Problem]] = {}
    for problem in read.problems:
        by_row.setdefault(problem.row, []).append(problem)
    aside = []
    remaining = []
    for row, items in by_row.items():
        references = tuple(p for p in items if p.reference)
        if references and row is not None:
            aside.append(SetAside(row, read.cells.get(row, []), references))
        else:
            remaining.extend(items)
    return read.rows, remaining, sorted(aside, key=lambda item: item.row)


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


def _problems_error(source: Path, problems: list[Problem], errors_file: Path | None = None, unknown: str = "error") -> DataError:
    shown = "\n".join(f"  • {problem}" for problem in problems[:SHOW_PROBLEMS])
    more = len(problems) - SHOW_PROBLEMS
    if more > 0:
        shown += f"\n  … и ещё {count_noun(more, ERRORS)}"
    hint = "исправьте значения в файле (или опишите столбцы и значения в файле сопоставления --mapping) и загрузите его снова"
    if errors_file is not None:
        hint = f"все ошибки — в файле {errors_file}; " + hint
    elif more > 0:
        hint = "полный список ошибок запишет параметр --errors ФАЙЛ.csv; " + hint
    references = sum(1 for problem in problems if problem.reference)
    if references and unknown == "error":
        hint += "; строки с неизвестными организациями (названиями) можно отложить параметром --unknown skip и загрузить остальные"
    return DataError(
        f"Файл {source}: {count_noun(len(problems), ERRORS)} в данных, ничего не записано:\n{shown}", hint + ".",
    )


ERRORS = ("ошибка", "ошибки", "ошибок")
ERROR_COLUMNS = ("Строка", "Столбец", "Значение", "Сообщение")


def _write_errors(path: Path | None, problems: list[Problem]) -> None:
    """Every problem as a CSV for Excel (``;``, UTF-8 with BOM): row, column, value, message."""
    if path is None:
        return
    rows = [[str(p.row or ""), p.column or "", p.value, p.message] for p in problems]
    write_excel_csv(Path(path), list(ERROR_COLUMNS), rows)


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
        for companion in plan.companions:
            (copy / companion.target.relative_to(project.datapackages)).write_text(companion.text, encoding="utf-8")
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
        _write_errors(plan.errors_file, [Problem(None, None, line) for line in new])
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
