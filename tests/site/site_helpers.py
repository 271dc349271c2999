"""Helpers of the site tests: copying the demonstration project and fingerprinting a published tree."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from generator.project import Project

ROOT = Path(__file__).resolve().parents[2]
#: what a project consists of (the rest of the repository is the generator itself)
PROJECT_PARTS = ("msoko.yml", "mkdocs.yml", "datapackages", "content", "releases")


def copy_project(dest: Path, source: Path = ROOT, *, with_output: bool = False) -> Project:
    dest.mkdir(parents=True, exist_ok=True)
    parts = PROJECT_PARTS + (("site", ".msoko") if with_output else ())
    for name in parts:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, dest / name, symlinks=True)
        elif path.is_file():
            shutil.copy2(path, dest / name)
    return Project(dest)


def file_hashes(root: Path) -> dict[str, str]:
    """Every file under ``root`` by relative path → SHA-256 of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }
