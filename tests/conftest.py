"""Shared fixtures: the tiny valid project (tests/data/tiny) assembled with the repository's descriptors, and the
demo project built once per session (used by the site tests and the quality gates)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.project import Project

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


#: what the demo project consists of (the rest of the repository is the generator itself)
DEMO_PARTS = ("msoko.yml", "mkdocs.yml", "datapackages", "content", "releases")


def copy_demo(dest: Path) -> Path:
    """Copy the embedded demo project (configuration, data, hand-written pages, open-data releases) to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in DEMO_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, symlinks=True)
        elif source.is_file():
            shutil.copy2(source, dest / part)
    return dest


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The demo project, copied into a temporary folder and built once per test session (read-only for the tests).

    Built here rather than reused from ``site/``: a test must not depend on an earlier manual build.
    """
    from generator.build import build

    project = Project(copy_demo(tmp_path_factory.mktemp("demo") / "project"))
    build(project)
    return project
