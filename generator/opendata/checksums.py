"""SHA-256 sums of published files, in the format ``sha256sum -c SHA256SUMS`` checks.

A journalist who downloads a file can prove it is the file the authority published; the same sums appear
on the dataset pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

SUMS_NAME = "SHA256SUMS"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sums_text(files: Mapping[str, bytes]) -> bytes:
    """``<hex>  <name>`` lines sorted by name (two spaces: text mode of ``sha256sum``)."""
    return sums_lines({name: sha256(data) for name, data in files.items()})


def sums_lines(digests: Mapping[str, str]) -> bytes:
    """The same lines from digests already computed (name → hex)."""
    return "".join(f"{digests[name]}  {name}\n" for name in sorted(digests)).encode("utf-8")


def parse_sums(text: str) -> dict[str, str]:
    """Name → hex digest from a ``SHA256SUMS`` file."""
    sums: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.lstrip("*").strip()] = digest
    return sums


def verify(directory: Path) -> list[str]:
    """Names listed in ``directory/SHA256SUMS`` whose file is missing or differs; empty when all match."""
    sums = parse_sums((directory / SUMS_NAME).read_text(encoding="utf-8"))
    bad = []
    for name, digest in sorted(sums.items()):
        path = directory / name
        if not path.is_file() or sha256(path.read_bytes()) != digest:
            bad.append(name)
    return bad
