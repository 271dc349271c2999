"""Incremental builds: a project whose inputs did not change is not rebuilt, and a rebuild draws no chart whose
data did not change."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_helpers import copy_project, file_hashes

from generator import incremental
from generator.build import build
from generator.errors import DataError
from generator.project import Project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fingerprint_follows_every_input_and_nothing_else(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = incremental.fingerprint(project)
    assert incremental.fingerprint(project) == first
    # the output and the scratch space are not inputs
    project.site.mkdir()
    (project.site / "index.html").write_text("старый сайт", encoding="utf-8")
    (project.work / "charts").mkdir(parents=True)
    (project.work / "charts" / "x.svg").write_text("<svg/>", encoding="utf-8")
    assert incremental.fingerprint(project) == first
    # the same project elsewhere has the same fingerprint (paths inside the project only)
    assert incremental.fingerprint(copy_project(tmp_path / "elsewhere")) == first
    ege = project.datapackages / "assessments" / "ege.csv"
    row = ege.read_text(encoding="utf-8").splitlines(keepends=True)[1]
    changes = [
        (ege, row, row.replace(",", ", ", 1)),
        (project.config_file, "min_group: 5", "min_group: 6"),
        (project.content / "about" / "index.md", "#", "# "),
    ]
    for path, old, new in changes:
        original = path.read_text(encoding="utf-8")
        _edit(path, old, new)
        assert incremental.fingerprint(project) != first, path.name
        path.write_text(original, encoding="utf-8")
        assert incremental.fingerprint(project) == first
    # a new file counts as well
    (project.content / "new.md").write_text("# Новая страница\n", encoding="utf-8")
    assert incremental.fingerprint(project) != first


def test_generator_version_follows_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = tmp_path / "generator"
    (code / "render").mkdir(parents=True)
    (code / "render" / "charts.py").write_text("A = 1\n", encoding="utf-8")
    (code / "render" / "__pycache__").mkdir()
    monkeypatch.setattr(incremental, "GENERATOR_ROOT", code)
    first = incremental.generator_version()
    (code / "render" / "__pycache__" / "charts.cpython-311.pyc").write_bytes(b"\0")
    assert incremental.generator_version() == first
    (code / "render" / "charts.py").write_text("A = 2\n", encoding="utf-8")
    assert incremental.generator_version() != first


def test_no_record_without_a_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    current = incremental.fingerprint(project)
    incremental.record(project, current, None, charts=0, organisations=0)
    assert incremental.last_build(project) is not None
    assert incremental.unchanged(project, current) is None  # site/ is missing: build again


@pytest.mark.slow
def _search_index(project: Project) -> list[tuple[str, int]]:
    """The search index's cache entries, with the time each was written."""
    return sorted((path.name, path.stat().st_mtime_ns) for path in (project.work / "search-index").iterdir())


def test_rebuilds_draw_no_unchanged_chart_and_an_unchanged_project_is_kept(
        demo_site: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One sequence over a copy of the built demo (each step needs the state the previous one left).

    The generator's own files are fixed here (``test_generator_version_follows_its_files`` covers them), so that
    the test is about the project's inputs alone.
    """
    monkeypatch.setattr(incremental, "generator_version", lambda: "fixed")
    project = copy_project(tmp_path / "again", demo_site.root, with_output=True)
    charts = len([p for p in (project.work / "charts").glob("*.svg") if not p.stem.endswith("-narrow")])  # a chart: 2 layouts
    assert charts > 0

    # the recorded build had another generator: build again, every chart from the cache
    index = _search_index(project)
    assert len(index) == 1
    first = build(project)
    assert not first.skipped
    assert (first.charts_drawn, first.charts_cached) == (0, charts)
    assert _search_index(project) == index  # no page changed: the search index is the cached one, not redone

    # nothing changed: the site is kept byte for byte, nothing is drawn
    before = file_hashes(project.site)
    again = build(project)
    assert again.skipped
    assert again.charts_drawn == 0
    assert again.site == first.site
    assert file_hashes(project.site) == before

    # a failed build changes neither the site nor the record of what it was built from
    ege = project.datapackages / "assessments" / "ege.csv"
    original = ege.read_text(encoding="utf-8")
    cells = original.splitlines(keepends=True)[1].split(",")
    _edit(ege, ",".join(cells), ",".join([*cells[:3], "много", *cells[4:]]))
    with pytest.raises(DataError):
        build(project)
    ege.write_text(original, encoding="utf-8")
    assert build(project).skipped
    assert file_hashes(project.site) == before

    # an edited page: built again, still without drawing a chart
    _edit(project.content / "about" / "index.md", "\n", "\n\nПроверочная фраза о сайте.\n")
    edited = build(project)
    assert not edited.skipped
    assert (edited.charts_drawn, edited.charts_cached) == (0, charts)
    assert "Проверочная фраза о сайте." in (project.site / "about" / "index.html").read_text(encoding="utf-8")
    assert len(_search_index(project)) == 1 and _search_index(project) != index  # a page changed: indexed again
    assert build(project).skipped
