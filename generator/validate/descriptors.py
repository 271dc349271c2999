"""Check the ``datapackage.json`` descriptors before any data is read.

The descriptors ship with msoko, but an analyst can edit them; a broken one must give a Russian message
about the descriptor, not a traceback from deep inside pandas or Frictionless.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from frictionless import FrictionlessException, Schema

from ..load import Resource
from ..project_format import descriptor_format, format_problem
from .problems import Problem, make_problem
from .structure import check_path

TYPES = {"string", "integer", "number", "boolean", "year", "date"}


def _names(value: object) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def schema_faults(resource: Resource) -> list[str]:
    """What makes a resource's schema unusable, in Russian; empty when it is fine."""
    schema = resource.descriptor.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
        return ["нет схемы данных (schema.fields)"]
    faults: list[str] = []
    names: list[str] = []
    for spec in schema["fields"]:
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            faults.append("у поля нет имени (name)")
            continue
        names.append(spec["name"])
        if spec.get("type", "string") not in TYPES:
            faults.append(f"у поля «{spec['name']}» неизвестный тип «{spec.get('type')}»")
        constraints = spec.get("constraints", {})
        if not isinstance(constraints, dict):
            faults.append(f"у поля «{spec['name']}» ограничения (constraints) записаны не словарём")
            continue
        for bound in ("minimum", "maximum", "minLength", "maxLength"):
            limit = constraints.get(bound)
            if bound in constraints and (isinstance(limit, bool) or not isinstance(limit, int | float)):
                faults.append(f"у поля «{spec['name']}» ограничение {bound} — не число")
        if "enum" in constraints and not isinstance(constraints["enum"], list):
            faults.append(f"у поля «{spec['name']}» список допустимых значений (enum) записан не списком")
        if "pattern" in constraints:
            try:
                re.compile(str(constraints["pattern"]))
            except re.error as error:
                faults.append(f"у поля «{spec['name']}» неверный шаблон pattern ({error})")
    if len(set(names)) != len(names):
        faults.append("имена полей повторяются")
    key = _names(schema.get("primaryKey", []))
    if key is None or any(name not in names for name in key):
        faults.append("первичный ключ (primaryKey) ссылается на несуществующие поля")
    foreign_keys = schema.get("foreignKeys", [])
    if not isinstance(foreign_keys, list):
        faults.append("внешние ключи (foreignKeys) записаны не списком")
    else:
        for foreign_key in foreign_keys:
            fields = _names(foreign_key.get("fields")) if isinstance(foreign_key, dict) else None
            reference = foreign_key.get("reference") if isinstance(foreign_key, dict) else None
            target = _names(reference.get("fields")) if isinstance(reference, dict) else None
            if fields is None or target is None or len(fields) != len(target) or any(name not in names for name in fields):
                faults.append(f"внешний ключ {foreign_key!r} описан неверно")
    if not faults:
        try:
            Schema.from_descriptor(schema)
        except FrictionlessException as error:
            faults.append(f"схема не принята Frictionless: {error.error.message}")
    return faults


def read_packages(root: Path) -> tuple[dict[str, Resource], list[Problem]]:
    """Every resource of every ``*/datapackage.json`` under ``root``, like ``load.read_descriptors`` but never raising."""
    if not root.is_dir():
        return {}, [make_problem("descriptor-error", file=str(root), detail=f"папка с пакетами данных {root} не найдена")]
    resources: dict[str, Resource] = {}
    problems: list[Problem] = []
    paths = sorted(root.glob("*/datapackage.json"))
    if not paths:
        problems.append(make_problem("descriptor-error", file=str(root), detail=f"в папке {root} нет ни одного пакета данных (*/datapackage.json)"))
    for path in paths:
        package = path.parent.name
        file = f"{package}/datapackage.json"
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(make_problem("descriptor-error", file=file, detail=f"описание пакета не читается как JSON в UTF-8 ({error})"))
            continue
        mismatch = format_problem(descriptor_format(descriptor), file) if isinstance(descriptor, dict) else None
        if mismatch is not None and not any(problem.type == "project-format" for problem in problems):
            # one message for the project: every package of an old project is old
            detail = mismatch.message.removeprefix(f"{file}: ").rstrip(".")
            problems.append(make_problem("project-format", file=file, detail=detail, hint=(mismatch.hint or "").rstrip(".")))
        items = descriptor.get("resources") if isinstance(descriptor, dict) else None
        if not isinstance(items, list):
            problems.append(make_problem("descriptor-error", file=file, detail="в описании пакета нет списка ресурсов (resources)"))
            continue
        for item in items:
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str) or not name:
                problems.append(make_problem("descriptor-error", file=file, detail="у ресурса нет имени (name)"))
            elif name in resources:
                problems.append(make_problem("descriptor-error", file=file, detail=f"ресурс «{name}» уже описан в пакете «{resources[name].package}»"))
            else:
                location = item.get("path")
                resources[name] = Resource(name, package, item, path.parent / (location if isinstance(location, str) else ""))
    return resources, problems


def check_descriptors(resources: dict[str, Resource], root: Path) -> tuple[dict[str, Resource], list[Problem]]:
    """The resources whose descriptors can be used, and a problem for each of the others."""
    usable: dict[str, Resource] = {}
    problems: list[Problem] = []
    for name, resource in resources.items():
        file = f"{resource.package}/datapackage.json"
        if not isinstance(resource.descriptor.get("path"), str):
            problems.append(make_problem("descriptor-error", file=file, detail=f"у ресурса «{name}» не указан путь к файлу (path)"))
            continue
        faults = schema_faults(resource)
        if faults:
            problems.append(make_problem("descriptor-error", file=file, detail=f"ресурс «{name}»: {'; '.join(faults)}"))
            continue
        problem = check_path(resource, root / resource.package)
        if problem:
            problems.append(problem)
            continue
        usable[name] = resource
    return usable, problems
