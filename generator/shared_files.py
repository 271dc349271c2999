"""Identical downloads stored once: a file that several addresses serve is one file on disk with several names.

Every data version stays downloadable at its own address (``data/versions/<version>/…``), and the current
version is also served at the stable addresses (``data/<name>/…``). Most files of a new version are the same
bytes as the previous version's, so a region's site would grow by a full copy of its data with every version.
Hard links give each address its file while the disk holds the bytes once: a web server serves them as any
other file, and a copy of the site made with ``cp -a`` or ``rsync -H`` keeps them shared.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

#: files smaller than this are not worth a link (a page of sums, a schema)
SMALLEST = 16 * 1024


def stamp(path: Path | str) -> list[int] | None:
    """What changes whenever a file's bytes do: size, modification time (ns) and inode; ``None``: no file (a
    folder where a file was is none). A file whose stamp is one recorded earlier holds the bytes it held then."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns, status.st_ino] if stat.S_ISREG(status.st_mode) else None


def file_sha256(path: Path) -> str:
    """SHA-256 (hex) of a file, read in blocks (a region's downloads are hundreds of megabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def share_identical(folder: Path, smallest: int = SMALLEST) -> int:
    """Make the files under ``folder`` with the same bytes one file (the first by path keeps its inode); returns
    the bytes saved. Files are compared by size first, then by SHA-256, so only candidates are read."""
    if not folder.is_dir():
        return 0
    by_size: dict[int, list[tuple[Path, tuple[int, int]]]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            status = path.stat()
            if status.st_size >= smallest:
                by_size.setdefault(status.st_size, []).append((path, (status.st_dev, status.st_ino)))
    saved = 0
    freed: set[tuple[int, int]] = set()
    for size, paths in sorted(by_size.items()):
        if len({identity for _path, identity in paths}) < 2:  # one file already, under every name
            continue
        first: dict[str, tuple[Path, tuple[int, int]]] = {}
        # names of one file are read once: a rebuild links most files from the published site, where every
        # version's unchanged files already are one file
        digests: dict[tuple[int, int], str] = {}
        for path, identity in paths:
            if identity not in digests:
                digests[identity] = file_sha256(path)
            original, original_identity = first.setdefault(digests[identity], (path, identity))
            if original_identity == identity:
                continue
            link_in_place(original, path)
            if identity not in freed:  # the other names of the same copy free nothing more
                freed.add(identity)
                saved += size
    return saved


def link_in_place(original: Path, path: Path) -> None:
    """Replace ``path`` by a hard link to ``original`` in one step (a reader sees the old or the new name, never
    none)."""
    temporary = path.with_name(f".{path.name}.link")
    temporary.unlink(missing_ok=True)
    os.link(original, temporary)
    os.replace(temporary, path)


def disk_bytes(folder: Path) -> int:
    """The bytes the files under ``folder`` hold on disk, each shared file counted once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            status = path.stat()
            if (status.st_dev, status.st_ino) not in seen:
                seen.add((status.st_dev, status.st_ino))
                total += status.st_size
    return total
