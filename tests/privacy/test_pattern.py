"""The pattern of hidden cells is stable across versions: a cell hidden in the published version stays hidden
while its data are unchanged (two versions side by side would otherwise undo each other), and the pattern is
kept in the project's archive, never on the site."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from generator.compute import compute
from generator.config import load_config
from generator.load import load
from generator.opendata import versions
from generator.privacy import cell_digest, read_pattern
from generator.project import Project


def _shown_source_cell(protection) -> int:
    """A shown group of a source row (a large one, which the policy alone would publish)."""
    model = protection.model
    for position, cell in enumerate(model.cells):
        if cell.key[0] == "src" and not protection.hidden[position] and cell.size >= 20:
            return position
    raise AssertionError("the tiny project has a shown source row of 20 or more")


def test_a_cell_hidden_before_stays_hidden_while_its_data_are_unchanged(tiny_project: Path) -> None:
    config = load_config(tiny_project / "msoko.yml")
    dataset = load(tiny_project / "datapackages")
    first = compute(dataset, config).protection
    position = _shown_source_cell(first)
    key = first.model.cells[position].key

    # a previous version hid it, and its data are the same: it stays hidden
    pattern = read_pattern(first.pattern())
    pattern[key] = cell_digest(first.model, position)
    kept = compute(dataset, config, kept=pattern).protection
    secondary = int(first.hidden.sum()) - first.report.primary
    assert secondary > 0  # the tiny project needs secondary cells: they are kept too
    assert kept.state(key) is not None and kept.kept == secondary + 1
    assert np.all(kept.hidden[first.hidden])  # and nothing hidden before is shown now
    assert kept.report.findings == ()

    # its data changed since (another digest): the previous pattern no longer binds it
    pattern[key] = "0" * 16
    changed = compute(dataset, config, kept=pattern).protection
    assert changed.state(key) is None and changed.kept == secondary


def test_the_pattern_round_trips_and_a_damaged_one_keeps_nothing(tiny_project: Path) -> None:
    config = load_config(tiny_project / "msoko.yml")
    protection = compute(load(tiny_project / "datapackages"), config).protection
    pattern = read_pattern(protection.pattern())
    assert len(pattern) == int(protection.hidden.sum()) > 0
    assert all(protection.state(key) is not None for key in pattern)
    assert read_pattern(b"{not json") == {}


@pytest.mark.slow
def test_each_build_keeps_its_pattern_in_the_archive_and_not_on_the_site(demo_site: Project) -> None:
    pattern = versions.latest_unpublished(demo_site.root, versions.PATTERN)
    assert pattern is not None
    cells = read_pattern(pattern)
    assert len(cells) > 1000 and all(key[0] in ("src", "value", "proc") for key in cells)
    published = [path for path in demo_site.site.rglob("*") if path.is_file()]
    assert published and not [path for path in published if path.name == versions.PATTERN]
    assert not any(b'"cells":[[' in path.read_bytes() for path in published if path.suffix == ".json")


def test_a_stored_decision_serves_the_next_build_only_if_it_hides_every_kept_cell(tiny_project: Path, tmp_path: Path) -> None:
    config = load_config(tiny_project / "msoko.yml")
    dataset = load(tiny_project / "datapackages")
    cache = tmp_path / "privacy"
    first = compute(dataset, config, cache).protection
    years = tuple(sorted({cell.year for cell in first.model.cells}))

    # the next build keeps the first one's pattern: the stored decisions hide all of it and are reused
    again = compute(dataset, config, cache, kept=read_pattern(first.pattern())).protection
    assert again.cached_years == years and np.array_equal(again.hidden, first.hidden)

    # a kept cell the stored decision shows: its year is chosen again, the others still come from the cache
    position = _shown_source_cell(first)
    cell = first.model.cells[position]
    pattern = {cell.key: cell_digest(first.model, position)}
    third = compute(dataset, config, cache, kept=pattern).protection
    assert cell.year not in third.cached_years and set(third.cached_years) == set(years) - {cell.year}
    assert third.state(cell.key) is not None


def test_a_task_returns_only_its_own_cells_whatever_the_other_blocks_keep(tmp_path: Path, monkeypatch) -> None:
    """A task decided with the previous version's pattern starts from every kept cell of its year; what it
    returns (and what the cache stores) is its own scope's hidden cells, not the other blocks' kept ones — the
    union over the tasks is the same, and each stored decision stays the size of its task."""
    from projects import copy_tiny, two_municipalities

    from generator import privacy

    root = two_municipalities(copy_tiny(tmp_path / "tiny"))
    config = load_config(root / "msoko.yml")
    dataset = load(root / "datapackages")
    first = compute(dataset, config).protection
    returned: dict[tuple, list[tuple]] = {}
    original = privacy._run

    def noting(tasks, work):
        results = original(tasks, work)
        returned.update((task, keys) for task, (keys, _report) in zip(tasks, results, strict=True))
        return results

    monkeypatch.setattr(privacy, "_run", noting)
    again = compute(dataset, config, kept=read_pattern(first.pattern())).protection
    assert np.array_equal(again.hidden, first.hidden)  # the same decision, kept cells and all
    blocks = [task for task in returned if task[1] != privacy.CROSS]
    years = {task[0] for task in blocks}
    assert blocks and len({task[1] for task in blocks}) == 2, "the fixture must decide both municipalities"
    for year in years:
        model, hidden = again.year_model(year)
        cell_block, piece_task = model.cell_blocks(), privacy._piece_tasks(model)
        scopes = privacy._scopes(model, cell_block, privacy._cell_tasks(model, piece_task))
        held_elsewhere = 0
        for task, keys in returned.items():
            if task[0] != year:
                continue
            own = {model.cells[p].key for p in scopes[task]}
            assert set(keys) <= own, f"task {task} returned cells of other tasks"
            held_elsewhere += sum(1 for p in np.flatnonzero(hidden & ~model.primary()) if model.cells[p].key not in own)
        assert held_elsewhere, "the other blocks must keep hidden cells of their own for the test to mean anything"
