"""Helpers of the import tests: fixture paths, tree hashes, reading the project's tables back."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from projects import tree_hashes

IMPORTS = Path(__file__).resolve().parent.parent / "data" / "imports"

#: the three ЕГЭ rows of 2025 that every ЕГЭ fixture of tests/data/imports holds, each spelt its own way
EXPECTED_EGE = [
    {"org_id": "sch-1", "year": "2025", "subject": "rus", "participants": "22", "mean_score": "71.5", "below_min": "0", "ge70": "12",
     "ge80": "6", "ge90": "2", "score100": "1", "medalists": "3", "medalists_not_confirmed": "0"},
    {"org_id": "sch-1", "year": "2025", "subject": "math", "participants": "14", "mean_score": "60.25", "below_min": "1", "ge70": "5",
     "ge80": "2", "ge90": "1", "score100": "0", "medalists": "3", "medalists_not_confirmed": "1"},
    {"org_id": "sch-3", "year": "2025", "subject": "rus", "participants": "9", "mean_score": "58", "below_min": "1", "ge70": "2",
     "ge80": "1", "ge90": "0", "score100": "0", "medalists": "0", "medalists_not_confirmed": "0"},
]


def project_hashes(root: Path) -> dict[str, str]:
    """The project's files except its scratch folder ``.msoko/`` (where the project lock lives): equal dicts mean
    a byte-identical project."""
    return tree_hashes(root, skip=(".msoko",))


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def as_numbers(row: dict[str, str]) -> dict[str, object]:
    """A row with numeric text as Decimal, so «58» and «58.0» compare equal."""
    result: dict[str, object] = {}
    for key, value in row.items():
        try:
            result[key] = Decimal(value)
        except ArithmeticError:
            result[key] = value
    return result


def rows_by_key(rows: list[dict[str, str]], *key: str) -> dict[tuple, dict[str, object]]:
    return {tuple(row[name] for name in key): as_numbers(row) for row in rows}
