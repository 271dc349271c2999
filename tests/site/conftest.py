"""Fixtures of the site tests. The built demo project (``demo_site``) is a session fixture of ``tests/conftest.py``,
shared with the quality gates of ``tests/gates`` so that a test session builds the demo only once.

(``tests/site`` is not a package: a package named ``site`` would shadow Python's own ``site`` module, so the
helpers live in ``site_helpers`` and the test modules have unique names.)
"""

from __future__ import annotations

import pytest
from projects import copy_tiny_site, two_municipalities

from generator.project import Project


@pytest.fixture(scope="session")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The tiny project with its two schools in two municipalities, built once per session (read-only for the
    tests): the smallest site whose table builder splits its files by municipality."""
    from generator.build import build

    project = Project(two_municipalities(copy_tiny_site(tmp_path_factory.mktemp("split") / "project")))
    build(project)
    return project
