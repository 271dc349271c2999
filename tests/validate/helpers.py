"""Break one thing in a copy of the tiny valid project and validate it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from generator.config import Config
from generator.validate import Report, validate

#: a fixed «today» so that the future-year rule does not depend on the clock (the tiny data ends in 2025)
TODAY = dt.date(2025, 9, 1)
CYRILLIC = re.compile(r"[а-яё]{3,}", re.IGNORECASE)


def path(root: Path, file: str) -> Path:
    return root / "datapackages" / file


def read_rows(root: Path, file: str) -> list[list[str]]:
    with path(root, file).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(root: Path, file: str, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path(root, file).write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(root: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` as in Excel (the header is row 1)."""
    rows = read_rows(root, file)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(root, file, rows)


def append_row(root: Path, file: str, values: dict[str, str]) -> int:
    """Append a row (missing columns empty); return its row number."""
    rows = read_rows(root, file)
    rows.append([values.get(column, "") for column in rows[0]])
    write_rows(root, file, rows)
    return len(rows)


def run(root: Path, config: Config | None = None) -> Report:
    return validate(root / "datapackages", config, today=TODAY)


def flat(problems) -> list[tuple]:
    """(type, file, row, column) of each problem, like frictionless ``report.flatten``."""
    return sorted(((p.type, p.file, p.row, p.column) for p in problems), key=lambda item: tuple(str(x) for x in item))


def assert_russian(problem) -> None:
    assert CYRILLIC.search(problem.message), problem.message
    assert CYRILLIC.search(problem.hint), problem.hint
