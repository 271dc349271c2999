"""Load the Frictionless data packages of a project into typed pandas tables.

Loading trusts the files to have passed ``generator.validate``; it only converts each column to the type
its Table Schema declares, so that every later stage works with the same typed frames.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import DataError
from .project_format import check_descriptors

#: pandas dtype for each Table Schema type (nullable dtypes keep empty cells as <NA>, not 0 or "")
#: what to do about a broken datapackage.json
RESTORE = "исправьте файл datapackage.json или восстановите его из исходного проекта."
DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string", "year": "Int64"}


@dataclass(frozen=True)
class Resource:
    """One tabular resource: its package, descriptor and CSV path."""

    name: str
    package: str
    descriptor: dict
    path: Path

    @property
    def schema(self) -> dict:
        return self.descriptor["schema"]

    @property
    def fields(self) -> list[dict]:
        return self.schema["fields"]

    @property
    def optional(self) -> bool:
        """The descriptor marks the resource ``"optional": true``: a project without its file has no such rows
        (the territories below the municipality), rather than a missing file."""
        return self.descriptor.get("optional") is True

    @property
    def primary_key(self) -> list[str]:
        key = self.schema.get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)


@dataclass(frozen=True)
class Dataset:
    """All tables of a project, by resource name (resource names are unique across packages)."""

    root: Path
    packages: dict[str, dict]
    resources: dict[str, Resource]
    tables: dict[str, pd.DataFrame] = field(repr=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def field(self, resource: str, name: str) -> dict:
        """The Table Schema descriptor of one field (title, description, constraints)."""
        for item in self.resources[resource].fields:
            if item["name"] == name:
                return item
        raise KeyError(f"{resource}.{name}")


def read_descriptors(root: Path) -> tuple[dict[str, dict], dict[str, Resource]]:
    """Read every ``*/datapackage.json`` under ``root`` (sorted, so the order never depends on the disk)."""
    if not root.is_dir():
        raise DataError(f"Папка с пакетами данных {root} не найдена.")
    packages: dict[str, dict] = {}
    resources: dict[str, Resource] = {}
    for descriptor_path in sorted(root.glob("*/datapackage.json")):
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise DataError(f"{descriptor_path}: описание пакета данных не читается как JSON в UTF-8 ({error}).") from error
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources", []), list):
            raise DataError(f"{descriptor_path}: описание пакета данных должно быть объектом JSON со списком ресурсов (resources).", RESTORE)
        name = descriptor_path.parent.name
        packages[name] = descriptor
        for item in descriptor.get("resources", []):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not isinstance(item.get("schema"), dict):
                raise DataError(f"{descriptor_path}: у каждого ресурса должны быть имя (name), путь (path) и схема (schema).", RESTORE)
            if item["name"] in resources:
                raise DataError(f"{descriptor_path}: ресурс «{item['name']}» уже описан в пакете «{resources[item['name']].package}».")
            resources[item["name"]] = Resource(item["name"], name, item, resource_path(descriptor_path, item))
    if not packages:
        raise DataError(f"В папке {root} нет ни одного пакета данных (datapackage.json).")
    check_descriptors(packages, root)
    return packages, resources


def resource_path(descriptor_path: Path, item: dict) -> Path:
    """The CSV file of a resource: a plain file name inside the package folder, never a path that leads out of
    it (``../``, an absolute path) or an address on the internet — importing into such a resource would write
    wherever the descriptor points."""
    path = item.get("path")
    package = descriptor_path.parent
    if not isinstance(path, str) or not path or "://" in path or "\\" in path:
        raise DataError(f"{descriptor_path}: у ресурса «{item['name']}» путь «{path}» — не имя файла в папке пакета.", RESTORE)
    target = package / path
    if Path(path).is_absolute() or ".." in Path(path).parts or package.resolve() not in target.resolve().parents:
        raise DataError(f"{descriptor_path}: у ресурса «{item['name']}» путь «{path}» ведёт за пределы папки пакета.", RESTORE)
    return target


def read_table(resource: Resource) -> pd.DataFrame:
    """Read one CSV as text and cast each column to the dtype its schema declares."""
    frame = pd.read_csv(resource.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")  # a BOM (Excel) is only a validation warning
    for spec in resource.fields:
        name = spec["name"]
        if name not in frame.columns:
            raise DataError(f"{resource.path}: нет столбца «{name}».")
        column = frame[name].replace("", pd.NA)
        kind = spec.get("type", "string")
        if kind == "boolean":
            frame[name] = column.map({"true": True, "false": False, "True": True, "False": False}, na_action="ignore").astype("boolean")
        elif kind in ("integer", "number", "year"):
            frame[name] = pd.to_numeric(column).astype(DTYPES[kind])
        else:
            frame[name] = column.astype("string")
    return frame[[spec["name"] for spec in resource.fields]]


def load(root: Path) -> Dataset:
    """Load every resource of every package under ``root`` (the project's ``datapackages/``); an optional
    resource without its file has no table (``dataset.tables.get(name)`` is ``None``), so it is neither
    computed nor published."""
    packages, resources = read_descriptors(root)
    tables = {name: read_table(resource) for name, resource in resources.items()
              if not (resource.optional and not resource.path.is_file())}
    return Dataset(root=root, packages=packages, resources=resources, tables=tables)
