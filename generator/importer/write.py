"""Write a data file so that a crash, a full disk or a power cut mid-write leaves the old file intact.

The new content goes to a temporary file in the same directory (same file system, so the rename is atomic),
is flushed and fsynced, and only then replaces the target with ``os.replace``; the directory is fsynced so the
rename itself survives a power cut. On any error the temporary file is removed and the target is untouched.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see module docstring)."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _fsync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # some platforms cannot open directories; the rename is still atomic
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


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
