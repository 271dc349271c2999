"""Shared fixtures: the tiny valid project (tests/data/tiny) assembled with the repository's descriptors, and the
demo project built once per session (used by the site tests and the quality gates)."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import copy_demo, copy_tiny

from generator.project import Project


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A fresh copy of the tiny valid project (msoko.yml + datapackages/) that a test may break."""
    return copy_tiny(tmp_path / "tiny")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The demo project, copied into a temporary folder and built once per test session (read-only for the tests).

    Built here rather than reused from ``site/``: a test must not depend on an earlier manual build.
    """
    from generator.build import build

    project = Project(copy_demo(tmp_path_factory.mktemp("demo") / "project"))
    build(project)
    return project
