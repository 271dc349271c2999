"""The one way files are replaced: a crash, a full disk or a power cut mid-write leaves the old file intact.

The new content goes to a temporary file in the same folder (same file system, so the rename is atomic) and
only then replaces the target with ``os.replace``; on any error the temporary file is removed and the target is
untouched. ``durable`` writes (the project's data, the archive of versions, the build journal) are also fsynced,
file and folder, so the rename survives a power cut; caches skip that cost — their entries are verified when
read (``generator.cache``), so a torn entry is made again rather than trusted.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically (see the module docstring)."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        fsync_folder(path.parent)


def write_text(path: Path, text: str, *, durable: bool = True) -> None:
    write_bytes(path, text.encode("utf-8"), durable=durable)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (some platforms cannot open folders; the rename is atomic anyway)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
