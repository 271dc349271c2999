"""Organisation pages whose inputs did not change are kept from the last build: a rebuild creates only the pages
of the organisations a change reaches, and its docs tree and site are byte for byte those of a full build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from projects import copy_tiny_site, two_municipalities
from site_helpers import file_hashes

from generator.build import build
from generator.project import Project
from generator.render import page_memo

REGISTRY = Path("datapackages") / "registry"
ASSESSMENTS = Path("datapackages") / "assessments"


def _edit_row(path: Path, org_id: str, change: dict[str, int]) -> None:
    """Add ``change`` to the columns of the last row of ``org_id`` in a CSV file (the latest year, which the
    pages show; the totals still add up)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    for number, line in reversed(list(enumerate(lines[1:], start=1))):
        cells = line.rstrip("\n").split(",")
        if cells[header.index("org_id")] == org_id:
            for column, step in change.items():
                cells[header.index(column)] = str(int(cells[header.index(column)]) + step)
            lines[number] = ",".join(cells) + "\n"
            path.write_text("".join(lines), encoding="utf-8")
            return
    raise AssertionError(f"{org_id} has no row in {path}")


def _append(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n", encoding="utf-8")


def _fresh_build(project: Project, where: Path) -> Project:
    """The same inputs built from nothing (no docs tree, no cache)."""
    fresh = Project(where)
    shutil.copytree(project.root, fresh.root, ignore=shutil.ignore_patterns("site", ".msoko"))
    build(fresh, no_cache=True)
    return fresh


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The tiny project with its schools in two municipalities: a change to one school reaches only its own
    municipality."""
    return Project(two_municipalities(copy_tiny_site(tmp_path / "project")))


def test_a_changed_school_has_its_page_created_again_and_the_other_is_kept(project: Project, tmp_path: Path) -> None:
    first = build(project)
    assert (first.organisation_pages_rendered, first.organisation_pages_kept) == (2, 0)
    assert (project.work / page_memo.FOLDER / page_memo.RECORD).is_file()
    other = project.work / "docs" / "organisations" / "sch-1" / "index.md"
    stamp = other.stat().st_mtime_ns

    _edit_row(project.root / ASSESSMENTS / "oge.csv", "sch-2", {"mark4": 1, "mark5": -1})
    second = build(project)
    assert (second.organisation_pages_rendered, second.organisation_pages_kept) == (1, 1)
    assert other.stat().st_mtime_ns == stamp  # the kept page's file was not written again
    fresh = _fresh_build(project, tmp_path / "fresh")
    assert file_hashes(project.work / "docs") == file_hashes(fresh.work / "docs")
    assert file_hashes(project.site) == file_hashes(fresh.site)


def test_a_kept_page_whose_file_changed_is_created_again(project: Project) -> None:
    build(project)
    page = project.work / "docs" / "organisations" / "sch-1" / "index.md"
    original = page.read_bytes()
    page.write_bytes(original + b"\n")
    again = build(project, force=True)
    assert (again.organisation_pages_rendered, again.organisation_pages_kept) == (1, 1)
    assert page.read_bytes() == original

    # a file with the recorded bytes but a new stamp (copied back, say) is read and kept
    page.unlink()
    page.write_bytes(original)
    kept = build(project, force=True)
    assert (kept.organisation_pages_rendered, kept.organisation_pages_kept) == (0, 2)


@pytest.mark.parametrize("change", ["registry", "status", "former_name", "olympiad", "settings"])
def test_every_input_of_a_page_makes_it_be_created_again(project: Project, tmp_path: Path, change: str) -> None:
    """Each kind of input an organisation's page shows, changed for ``sch-1``: the rebuild equals a full build."""
    build(project)
    root = project.root
    if change == "registry":
        organisations = root / REGISTRY / "organisations.csv"
        text = organisations.read_text(encoding="utf-8")
        organisations.write_text(text.replace("ул. Школьная, д. 1", "ул. Школьная, д. 3"), encoding="utf-8")
    elif change == "status":
        _append(root / REGISTRY / "statuses.csv", "sch-1,2025,shnor,Приказ управления образования от 01.09.2025 № 7")
    elif change == "former_name":
        former = root / REGISTRY / "former_names.csv"
        header = former.read_text(encoding="utf-8").splitlines()[0].split(",")
        values = {"org_id": "sch-1", "name": "МБОУ «СОШ № 101»", "until": "2022"}
        _append(former, ",".join(values.get(column, "") for column in header))
    elif change == "olympiad":
        olympiad = root / ASSESSMENTS / "olympiad.csv"  # one more participant of the school stage
        text = olympiad.read_text(encoding="utf-8")
        assert "sch-1,2025,school,math,35," in text
        olympiad.write_text(text.replace("sch-1,2025,school,math,35,", "sch-1,2025,school,math,36,"), encoding="utf-8")
    else:
        # every value of a group under 1 000 persons is marked «read with caution»
        _append(root / "msoko.yml", "analytics:\n  small_group: 1000")
    page = project.work / "docs" / "organisations" / "sch-1"
    before = file_hashes(page)
    second = build(project)
    assert second.organisation_pages_rendered >= 1
    fresh = _fresh_build(project, tmp_path / "fresh")
    assert file_hashes(project.work / "docs") == file_hashes(fresh.work / "docs")
    assert file_hashes(page) != before  # the page, its tables or its CSV show the change
