"""Fixtures of the site tests: the demonstration project copied into a temporary folder and built once.

(``tests/site`` is not a package: a package named ``site`` would shadow Python's own ``site`` module, so the
helpers live in ``site_helpers`` and the test modules have unique names.)
"""

from __future__ import annotations

import pytest
from site_helpers import copy_project

from generator.build import build
from generator.project import Project


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The demo project, copied and built once per test session (read-only for the tests)."""
    project = copy_project(tmp_path_factory.mktemp("demo") / "project")
    build(project)
    return project
