"""A project for import tests: the tiny project plus organisations that make name matching hard."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.project import Project

from .helpers import IMPORTS


@pytest.fixture
def project(tiny_project: Path) -> Project:
    """Tiny project + sch-3 (МБОУ «СОШ № 3»), sch-4 (МКОУ «СОШ № 3») and sch-1-k2 (a branch sharing sch-1's ИНН)."""
    organisations = tiny_project / "datapackages" / "registry" / "organisations.csv"
    extra = (IMPORTS / "extra_organisations.csv").read_text(encoding="utf-8")
    organisations.write_text(organisations.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return Project(tiny_project)
