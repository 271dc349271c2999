"""Write a data file: the data packages' CSV dialect, replaced durably and atomically (``generator.atomic``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

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
