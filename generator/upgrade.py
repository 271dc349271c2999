"""Project format versions and ``msoko upgrade``: a project made by an earlier release keeps working.

A project copies its data package schemas from the release that created it (``msoko init``). When a later
release adds a resource or a field, an old project would fail with a message about a missing file or column that
the analyst never wrote. So each ``datapackage.json`` and ``msoko.yml`` carry the project format they follow
(``msoko_format`` / ``format``), every command refuses a project of another format with one clear message, and
``msoko upgrade`` brings an old project up to date from the schemas this release ships:

- resources the project lacks are added (header-only tables; the reference data — directions, indicators,
  subjects — with their rows);
- fields a schema lacks are added to it and to its table, as an empty column at the same place;
- rows of the reference data the project lacks are added (the analyst's own rows and edits stay as they are);
- steps of one format to the next (``STEPS``) do what a schema cannot say, e.g. remove the sample texts that
  earlier releases copied into a new project;
- the format is stamped.

Every file the upgrade replaces or removes is first copied to ``.msoko/upgrade/<format>/``, and new contents are
written atomically, so an interrupted upgrade can be run again and a finished one undone by hand.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ConfigError
from .importer.write import atomic_write_bytes, csv_text
from .project import CONFIG_NAME, DEMO_ROOT, Project
from .project_format import CONFIG_KEY, DESCRIPTOR_KEY, FORMAT, descriptor_format, format_problem
from .scaffold import REFERENCE_RESOURCES

# --- the plan ------------------------------------------------------------------------------------------------


@dataclass
class Change:
    """One change of the upgrade: what the analyst reads, and the new contents of the files it touches."""

    message: str
    writes: dict[Path, bytes] = field(default_factory=dict)
    removes: list[Path] = field(default_factory=list)


@dataclass
class Plan:
    project: Project
    found: int
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def needed(self) -> bool:
        return bool(self.changes)


def _json_bytes(descriptor: dict) -> bytes:
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{path}: описание пакета данных не читается как JSON в UTF-8 ({error}).",
                          "исправьте файл или возьмите его из резервной копии, затем повторите «msoko upgrade».") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: описание пакета данных должно быть объектом JSON.")
    return data


def _read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        return [], []
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = [dict(row) for row in reader]
        return list(reader.fieldnames or []), rows


def _field_names(resource: dict) -> list[str]:
    return [spec["name"] for spec in resource.get("schema", {}).get("fields", []) if isinstance(spec, dict) and "name" in spec]


def _primary_key(resource: dict) -> list[str]:
    key = resource.get("schema", {}).get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def _merged_fields(own: list[dict], shipped: list[dict]) -> tuple[list[dict], list[str]]:
    """The project's fields with the shipped ones it lacks inserted after their shipped predecessor."""
    names = {spec.get("name") for spec in own}
    merged = list(own)
    added = []
    for index, spec in enumerate(shipped):
        if spec["name"] in names:
            continue
        position = len(merged)
        for previous in reversed(shipped[:index]):
            found = next((i for i, item in enumerate(merged) if item.get("name") == previous["name"]), None)
            if found is not None:
                position = found + 1
                break
        else:
            position = 0
        merged.insert(position, json.loads(json.dumps(spec)))
        names.add(spec["name"])
        added.append(spec["name"])
    return merged, added


def _plan_package(project: Project, package: str, shipped_descriptor: dict, shipped_root: Path, plan: Plan) -> None:
    path = project.datapackages / package / "datapackage.json"
    if not path.is_file():
        plan.notes.append(f"Пакета данных «{package}» в проекте нет; он не добавляется (его таблицы заполняются загрузкой).")
        return
    descriptor = _read_json(path)
    original = _json_bytes(descriptor)
    own = {item.get("name"): item for item in descriptor.get("resources", []) if isinstance(item, dict)}
    for shipped in shipped_descriptor.get("resources", []):
        name = shipped["name"]
        table = project.datapackages / package / shipped["path"]
        if name not in own:
            _insert_resource(descriptor.setdefault("resources", []), shipped_descriptor["resources"], shipped)
            change = Change(f"{package}/datapackage.json: добавлен набор «{shipped.get('title', name)}» ({shipped['path']}).")
            if not table.exists():
                source = shipped_root / package / shipped["path"]
                if name in REFERENCE_RESOURCES and source.is_file():
                    change.writes[table] = source.read_bytes()
                else:
                    change.writes[table] = csv_text(_field_names(shipped), []).encode("utf-8")
            plan.changes.append(change)
            continue
        resource = own[name]
        schema = resource.setdefault("schema", {})
        fields, added = _merged_fields(schema.get("fields", []), shipped.get("schema", {}).get("fields", []))
        header, rows = _read_table(table)
        if added:
            schema["fields"] = fields
            names = ", ".join(f"«{a}»" for a in added)
            required = _required(shipped, added)
            if len(added) == 1:
                what = f"добавлен столбец {names} (пустой; {'заполните его' if required else 'заполнять не обязательно'})"
            else:
                what = f"добавлены столбцы {names} (пустые; {'заполните их' if required else 'заполнять не обязательно'})"
            message = f"{package}/{resource.get('path', name)}: {what}."
            change = Change(message)
            if table.is_file():
                order = [spec["name"] for spec in fields]
                columns = order + [column for column in header if column not in order]
                change.writes[table] = csv_text(columns, rows).encode("utf-8")
            plan.changes.append(change)
        if name in REFERENCE_RESOURCES:
            _plan_reference_rows(project, package, shipped, shipped_root, resource, table, plan)
    stamped = descriptor_format(descriptor) != FORMAT
    descriptor[DESCRIPTOR_KEY] = FORMAT
    updated = _json_bytes(descriptor)
    if updated != original:
        # the descriptor is written once, with every change of this package in it
        message = f"отмечен формат {FORMAT}" if stamped else "описание дополнено"
        plan.changes.append(Change(f"{package}/datapackage.json: {message}.", {path: updated}))


def _insert_resource(resources: list, shipped_resources: list, shipped: dict) -> None:
    """Add a shipped resource right after the nearest shipped predecessor the project has (so the tables
    keep the shipped order: the data pages list them in it)."""
    index = next(i for i, item in enumerate(shipped_resources) if item["name"] == shipped["name"])
    position = 0
    for previous in reversed(shipped_resources[:index]):
        found = next((i for i, item in enumerate(resources) if isinstance(item, dict) and item.get("name") == previous["name"]), None)
        if found is not None:
            position = found + 1
            break
    resources.insert(position, json.loads(json.dumps(shipped)))


def _required(shipped: dict, names: list[str]) -> bool:
    specs = {spec["name"]: spec for spec in shipped.get("schema", {}).get("fields", [])}
    return any(specs[name].get("constraints", {}).get("required") for name in names)


def _plan_reference_rows(project: Project, package: str, shipped: dict, shipped_root: Path, resource: dict,
                         table: Path, plan: Plan) -> None:
    """Rows of the shipped reference data that the project lacks (by primary key) are added at the end."""
    key = _primary_key(shipped)
    source = shipped_root / package / shipped["path"]
    if not key or not source.is_file() or not table.is_file():
        return
    header, rows = _read_table(table)
    _, reference = _read_table(source)
    have = {tuple(row.get(column, "") for column in key) for row in rows}
    missing = [row for row in reference if tuple(row.get(column, "") for column in key) not in have]
    if not missing:
        return
    ours = {tuple(row.get(column, "") for column in key): row for row in rows}
    changed = sum(1 for row in reference if (mine := ours.get(tuple(row.get(c, "") for c in key))) is not None
                  and any(mine.get(c, "") != v for c, v in row.items() if c in header))
    columns = header + [column for column in _field_names(resource) if column not in header]
    message = f"{package}/{shipped['path']}: добавлены строки справочника, которых не было в проекте: {len(missing)}."
    if changed:
        plan.notes.append(f"{package}/{shipped['path']}: {changed} строк справочника отличаются от поставляемых; они оставлены как есть.")
    plan.changes.append(Change(message, {table: csv_text(columns, rows + missing).encode("utf-8")}))


def _plan_config(project: Project, plan: Plan) -> None:
    path = project.config_file
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    if isinstance(data, dict) and data.get(CONFIG_KEY) == FORMAT:
        return
    pattern = re.compile(rf"^{CONFIG_KEY}:.*$", re.MULTILINE)
    line = f"{CONFIG_KEY}: {FORMAT}  # формат проекта msoko-site; меняет его только «msoko upgrade»"
    if pattern.search(text):
        text = pattern.sub(line, text, count=1)
    else:
        lines = text.splitlines(keepends=True)
        head = 0
        while head < len(lines) and lines[head].startswith("#"):
            head += 1
        lines.insert(head, line + "\n")
        text = "".join(lines)
    plan.changes.append(Change(f"{CONFIG_NAME}: отмечен формат {FORMAT}.", {path: text.encode("utf-8")}))


# --- steps from one format to the next ------------------------------------------------------------------------


def _normalised(text: str, names: list[str]) -> str:
    for name in names:
        if name:
            text = text.replace(name, "\x00")
    return re.sub(r"\[ЗАПОЛНИТЕ\]", "\x00", text).strip()


def _remove_copied_samples(project: Project, shipped: Project, plan: Plan) -> None:
    """Format 1 → 2: releases 0.1 and 0.2 copied the demo's report texts and change notes into a new project,
    and the report then printed the demo's «ГИА прошла в штатном режиме…» as a fact about the new municipality.
    A copy still as ``msoko init`` wrote it (the demo's names replaced by the project's) is removed; a text the
    analyst has edited stays."""
    samples = sorted(p for p in (shipped.content / "report").rglob("*") if p.is_file() and p.suffix != ".txt")
    notes = shipped.content / "data" / "changes.yml"
    if notes.is_file():
        samples.append(notes)
    demo_names, own_names = _site_names(shipped.config_file), _site_names(project.config_file)
    for sample in samples:
        relative = sample.relative_to(shipped.content)
        target = project.content / relative
        if not target.is_file():
            continue
        try:
            mine, theirs = target.read_text(encoding="utf-8"), sample.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if _normalised(mine, own_names) == _normalised(theirs, demo_names):
            plan.changes.append(Change(
                f"content/{relative.as_posix()}: удалён образец из демонстрационного проекта (он попадал в доклад как "
                "факт о вашем муниципалитете); напишите свой текст, если он нужен.", removes=[target]))
        else:
            plan.notes.append(f"content/{relative.as_posix()}: текст изменён вами — оставлен как есть.")


def _site_names(config_file: Path) -> list[str]:
    try:
        data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    site = data.get("site", {}) if isinstance(data, dict) else {}
    if not isinstance(site, dict):
        return []
    names = [str(site.get(key) or "") for key in ("authority", "municipality", "region")]
    return sorted((name for name in names if name), key=len, reverse=True)


#: what a schema cannot say, by the format it upgrades from
STEPS: dict[int, Callable[[Project, Project, Plan], None]] = {1: _remove_copied_samples}


def project_format(project: Project) -> int:
    """The lowest format among the project's package descriptors (the one an upgrade starts from)."""
    formats = [descriptor_format(_read_json(path)) for path in sorted(project.datapackages.glob("*/datapackage.json"))]
    if not formats:
        raise ConfigError(f"В папке {project.datapackages} нет ни одного пакета данных (datapackage.json).",
                          "укажите папку проекта msoko-site.")
    return min(formats)


def plan_upgrade(project: Project, shipped: Project | None = None) -> Plan:
    """Everything ``msoko upgrade`` would change, without changing anything."""
    shipped = shipped or Project(DEMO_ROOT)
    found = project_format(project)
    plan = Plan(project, found)
    if found > FORMAT:
        raise format_problem(found, str(project.datapackages))  # type: ignore[misc]
    for version in range(found, FORMAT):
        step = STEPS.get(version)
        if step is not None:
            step(project, shipped, plan)
    for descriptor_path in sorted(shipped.datapackages.glob("*/datapackage.json")):
        _plan_package(project, descriptor_path.parent.name, _read_json(descriptor_path), shipped.datapackages, plan)
    _plan_config(project, plan)
    return plan


def apply_upgrade(plan: Plan) -> Path | None:
    """Carry out the plan: back up every file it replaces or removes, then write each atomically.

    Returns the backup folder (``None`` when nothing had to be backed up)."""
    root = plan.project.root
    backup = plan.project.work / "upgrade" / f"format-{plan.found}"
    writes: dict[Path, bytes] = {}
    removes: list[Path] = []
    for change in plan.changes:
        writes.update(change.writes)
        removes.extend(change.removes)
    touched = sorted({*writes, *removes})
    saved = False
    for path in touched:
        if path.is_file():
            copy = backup / path.relative_to(root)
            if not copy.exists():  # a rerun after an interruption keeps the first, original copy
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)
            saved = True
    # descriptors last: a project is stamped only once all its tables are in place
    for path in sorted(writes, key=lambda p: (p.name == "datapackage.json" or p.name == CONFIG_NAME, str(p))):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, writes[path])
    for path in removes:
        path.unlink(missing_ok=True)
    return backup if saved else None


def describe(plan: Plan) -> str:
    """The plan as the analyst reads it."""
    buffer = io.StringIO()
    for change in plan.changes:
        buffer.write(f"  · {change.message}\n")
    for note in plan.notes:
        buffer.write(f"  · {note}\n")
    return buffer.getvalue()
