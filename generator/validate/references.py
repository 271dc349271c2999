"""Foreign keys within and across data packages.

A reference to another package carries ``"package": "../registry/datapackage.json"``; frictionless-py
ignores that property, so every reference is checked here, with pandas, on the typed tables.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pandas as pd

from ..load import Resource
from .problems import Problem, make_problem
from .structure import Table, display_path

#: the problem type for a reference to each well-known resource
UNKNOWN = {
    "organisations": "unknown-organisation",
    "indicators": "unknown-indicator",
    "municipalities": "unknown-municipality",
    "subjects": "unknown-subject",
}


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def resolve(resource: Resource, reference: dict, resources: dict[str, Resource]) -> tuple[Resource | None, str]:
    """The resource a foreign key points to, or None with the reason (a fault of the descriptor)."""
    name = reference.get("resource", "") or resource.name
    target = resources.get(name)
    package = reference.get("package")
    expected_package = resource.package
    if package:
        parts = PurePosixPath(package).parts
        expected_package = parts[-2] if len(parts) >= 2 and parts[-2] not in ("..", ".") else resource.package
    if target is None or target.package != expected_package:
        return None, f"ресурс «{resource.name}» ссылается на «{name}» в пакете «{expected_package}», которого нет"
    return target, ""


def check_references(tables: dict[str, Table | None], resources: dict[str, Resource]) -> list[Problem]:
    problems: list[Problem] = []
    for table in tables.values():
        if table is None:
            continue
        resource = table.resource
        for foreign_key in resource.schema.get("foreignKeys", []):
            reference = foreign_key.get("reference", {})
            target, reason = resolve(resource, reference, resources)
            if target is None:
                problems.append(make_problem("descriptor-error", file=f"{resource.package}/datapackage.json", detail=reason))
                continue
            target_table = tables.get(target.name)
            if target_table is None:
                continue  # a file that cannot be read has its own problem already
            target_columns = _as_list(reference.get("fields", []))
            if not set(target_columns) <= set(target_table.typed.columns):
                problems.append(make_problem(
                    "descriptor-error", file=f"{resource.package}/datapackage.json",
                    detail=f"ресурс «{resource.name}» ссылается на поля {', '.join(target_columns)} ресурса «{target.name}», которых в нём нет",
                ))
                continue
            problems.extend(_check(table, _as_list(foreign_key["fields"]), target_table, target_columns))
    return problems


def _check(table: Table, columns: list[str], target: Table, target_columns: list[str]) -> list[Problem]:
    source = table.typed[columns].dropna()
    if source.empty:
        return []
    known = target.typed[target_columns].dropna()
    if len(columns) == 1:
        unknown = ~source[columns[0]].isin(set(known[target_columns[0]]))
    else:
        keys = pd.MultiIndex.from_frame(known)
        unknown = ~pd.MultiIndex.from_frame(source).isin(keys)
        unknown = pd.Series(unknown, index=source.index)
    problem_type = UNKNOWN.get(target.name, "unknown-reference")
    where = display_path(target.resource)
    if target.name not in UNKNOWN:
        where = f"столбце {', '.join(target_columns)} файла {where}"
    problems = []
    for row in source.index[unknown.to_numpy()]:
        if any((row, column) in table.flagged for column in columns):
            continue
        value = " / ".join(str(table.raw.loc[row, column]) for column in columns)
        problems.append(make_problem(
            problem_type, file=table.file, row=int(row), column=columns[0], column_title=table.title(columns[0]),
            value=value, target=where,
        ))
    return problems
