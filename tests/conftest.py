"""Shared fixtures: the tiny valid project (tests/data/tiny) assembled with the repository's descriptors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).resolve().parent / "data" / "tiny"


def copy_tiny(dest: Path) -> Path:
    """Copy the tiny project to ``dest`` and return its root.

    The fixture holds only CSV files; every package's ``datapackage.json`` and the whole indicator catalogue
    come from the repository's ``datapackages/``, so the schemas never drift apart.
    """
    shutil.copytree(TINY, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    for descriptor in sorted((ROOT / "datapackages").glob("*/datapackage.json")):
        package = dest / "datapackages" / descriptor.parent.name
        if not package.is_dir():
            shutil.copytree(descriptor.parent, package)  # e.g. the indicator catalogue, with its CSV files
        else:
            shutil.copy2(descriptor, package / "datapackage.json")
    return dest


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A fresh copy of the tiny valid project (msoko.yml + datapackages/) that a test may break."""
    return copy_tiny(tmp_path / "tiny")
