"""The validation cache: a resource unchanged since the last run is not read again, and the report is the same.

A stale entry would let bad data through, so each test changes a file between two runs and checks that the second
report sees exactly what a run without the cache sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validate import structure, validate

from .helpers import TODAY, flat, set_cell

OGE = "assessments/oge.csv"


def _run(root: Path, cache: Path | None):
    return validate(root / "datapackages", today=TODAY, cache=cache)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The resources whose files the structural pass reads from now on (an optional resource without a file has
    nothing to read or keep)."""
    read: list[str] = []
    original = structure.read_table

    def counting(resource, max_bytes, problems):
        if resource.path.is_file():
            read.append(resource.name)
        return original(resource, max_bytes, problems)

    monkeypatch.setattr("generator.validate.read_table", counting)
    return read


def test_an_unchanged_project_is_not_read_again_and_reports_the_same(tiny_project: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    set_cell(tiny_project, OGE, 2, "participants", "много")  # a problem the cached result must keep
    first = _run(tiny_project, cache)
    assert any(problem.file.endswith("oge.csv") for problem in first.errors)
    read = _reads(monkeypatch)
    second = _run(tiny_project, cache)
    assert read == []
    assert flat(second.problems) == flat(first.problems)
    assert [problem.message for problem in second.problems] == [problem.message for problem in first.problems]
    assert (second.files, second.rows) == (first.files, first.rows)


def test_a_changed_file_is_read_again_and_only_it(tiny_project: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    assert _run(tiny_project, cache).errors == []
    read = _reads(monkeypatch)
    set_cell(tiny_project, OGE, 2, "participants", "много")
    cached = _run(tiny_project, cache)
    assert read == ["oge"]
    fresh = _run(tiny_project, None)
    assert flat(cached.problems) == flat(fresh.problems)
    assert any(problem.type == "type-error" or problem.column == "participants" for problem in cached.errors)


def test_cross_file_checks_see_cached_tables(tiny_project: Path, tmp_path: Path) -> None:
    """A reference broken in a changed file is found against a table that comes from the cache."""
    cache = tmp_path / "cache"
    assert _run(tiny_project, cache).errors == []
    set_cell(tiny_project, OGE, 2, "org_id", "no-such-school")
    cached = _run(tiny_project, cache)
    assert flat(cached.problems) == flat(_run(tiny_project, None).problems)
    assert any(problem.file.endswith("oge.csv") and problem.column == "org_id" for problem in cached.errors)
