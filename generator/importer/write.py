"""Write a data file: the data packages' CSV dialect, replaced durably and atomically (``generator.atomic``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..atomic import write_bytes as atomic_write_bytes
from ..atomic import write_text as atomic_write_text

__all__ = ["atomic_write_bytes", "atomic_write_text", "csv_text"]


def csv_text(fields: Sequence[str], rows: Iterable[dict[str, str]]) -> str:
    """The data packages' CSV dialect: UTF-8, comma, header of field names, ``\\n`` line ends, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([row.get(name, "") for name in fields])
    return buffer.getvalue()


def write_excel_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A table for the analyst to open in Excel: ``;``-separated, UTF-8 with a BOM (so Excel reads Cyrillic),
    cells that look like formulas neutralised with an apostrophe; written atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_inert(str(cell)) for cell in row])
    atomic_write_bytes(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def _inert(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not text[1:2].isdigit() else text
