"""Primary keys and unique columns: every duplicate names both rows, so the analyst can pick the right one."""

from __future__ import annotations

import pandas as pd

from .problems import Problem, make_problem
from .structure import Table


def key_columns(table: Table) -> list[list[str]]:
    """The primary key and every single column declared ``unique`` (each checked on its own)."""
    keys = [table.resource.primary_key] if table.resource.primary_key else []
    for spec in table.resource.fields:
        if spec.get("constraints", {}).get("unique") and [spec["name"]] not in keys:
            keys.append([spec["name"]])
    return keys


def check_keys(table: Table) -> list[Problem]:
    problems: list[Problem] = []
    for columns in key_columns(table):
        frame = table.typed[columns].dropna()
        if frame.empty:
            continue
        duplicated = frame.duplicated(keep=False)
        if not duplicated.any():
            continue
        first_row = frame[duplicated].groupby(columns, sort=False, dropna=True).ngroup()
        groups = pd.Series(frame[duplicated].index, index=frame[duplicated].index).groupby(first_row.values).min()
        for row, group in first_row.items():
            other = groups[group]
            if row == other:
                continue
            values = table.raw.loc[row, columns]
            described = ", ".join(f"{column} = «{values[column]}»" for column in columns)
            key = f"ключ ({described})" if len(columns) > 1 else f"значение «{values[columns[0]]}» столбца {columns[0]}"
            problems.append(make_problem(
                "duplicate-key", file=table.file, row=int(row), column=columns[0], column_title=table.title(columns[0]),
                value=described if len(columns) > 1 else values[columns[0]], key=key, other=int(other),
            ))
    return problems
