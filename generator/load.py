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

#: pandas dtype for each Table Schema type (nullable dtypes keep empty cells as <NA>, not 0 or "")
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
        name = descriptor_path.parent.name
        packages[name] = descriptor
        for item in descriptor.get("resources", []):
            if item["name"] in resources:
                raise DataError(f"{descriptor_path}: ресурс «{item['name']}» уже описан в пакете «{resources[item['name']].package}».")
            resources[item["name"]] = Resource(item["name"], name, item, descriptor_path.parent / item["path"])
    if not packages:
        raise DataError(f"В папке {root} нет ни одного пакета данных (datapackage.json).")
    return packages, resources


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
    """Load every resource of every package under ``root`` (the project's ``datapackages/``)."""
    packages, resources = read_descriptors(root)
    tables = {name: read_table(resource) for name, resource in resources.items()}
    return Dataset(root=root, packages=packages, resources=resources, tables=tables)
