"""Helpers of the site tests: copying the demonstration project and fingerprinting a published tree."""

from __future__ import annotations

import hashlib
from pathlib import Path

from projects import PROJECT_PARTS, ROOT, copy_parts

from generator.project import Project


def copy_project(dest: Path, source: Path = ROOT, *, with_output: bool = False) -> Project:
    return Project(copy_parts(dest, source, PROJECT_PARTS + (("site", ".msoko") if with_output else ())))


def file_hashes(root: Path) -> dict[str, str]:
    """Every file under ``root`` by relative path → SHA-256 of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }
