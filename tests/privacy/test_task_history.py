"""A municipality's year is decided the same whatever the process solved before it.

The build hands the (year, municipality) tasks to a pool of worker processes, and which worker gets which task,
in which order, depends on timing. A decision that depended on what its process had solved before (a solver
instance shared between tasks keeps its last basis, and the optimal vertex it returns decides which cells a
bound rests on) would make the published pattern change from one build of the same data to the next."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from projects import copy_tiny, two_municipalities

from generator.compute import internal_values, procedures
from generator.config import load_config
from generator.load import load
from generator.privacy.model import CROSS, build_model
from generator.privacy.policy import Policy
from generator.privacy.secondary import choose, targets


def test_a_tasks_decision_does_not_depend_on_the_tasks_solved_before_it(tmp_path: Path) -> None:
    root = two_municipalities(copy_tiny(tmp_path / "tiny"))
    dataset = load(root / "datapackages")
    policy = Policy.of(load_config(root / "msoko.yml"))
    internal, entities, _years = internal_values(dataset)
    model = build_model(dataset, internal, procedures.cells(dataset, entities), entities, policy)
    primary = np.array([cell.primary for cell in model.cells], dtype=bool)
    cell_year = np.array([cell.year for cell in model.cells])
    cell_block = model.cell_blocks()
    scopes = {(int(y), int(b)): (cell_year == y) & (cell_block == b)
              for y, b in sorted(set(zip(cell_year.tolist(), cell_block.tolist(), strict=True))) if b != CROSS}
    busy = [task for task, scope in scopes.items() if targets(model, primary, scope=scope)]
    assert len(busy) >= 2, "the fixture must have several tasks with small groups"

    def decide(task: tuple[int, int]) -> np.ndarray:
        return choose(model, policy, primary.copy(), scope=scopes[task])

    forward = {task: decide(task) for task in busy}
    backward = {task: decide(task) for task in reversed(busy)}
    for task in busy:
        assert np.array_equal(forward[task], backward[task]), task
    assert np.array_equal(decide(busy[0]), forward[busy[0]])  # and again, after every other task
    assert any((forward[task] & ~primary).any() for task in busy), "some task must need secondary cells"


def test_a_tasks_lp_holds_only_its_own_year_and_municipality_and_answers_the_same(tmp_path: Path) -> None:
    """The State of one task keeps only the relations of its year and municipality (a region's tasks would
    otherwise each carry every relation of the region), and every count's interval is the one the whole
    model's LP gives."""
    from generator.privacy.solver import State, intervals

    root = two_municipalities(copy_tiny(tmp_path / "tiny"))
    dataset = load(root / "datapackages")
    policy = Policy.of(load_config(root / "msoko.yml"))
    internal, entities, _years = internal_values(dataset)
    model = build_model(dataset, internal, procedures.cells(dataset, entities), entities, policy)
    hidden = choose(model, policy, model.primary().copy())
    whole = State(model, hidden)
    cell_year = np.array([cell.year for cell in model.cells])
    cell_block = model.cell_blocks()
    checked = 0
    for year, block in sorted(set(zip(cell_year.tolist(), cell_block.tolist(), strict=True))):
        scope = (cell_year == year) & (cell_block == block)
        queue = [(atoms, coefs) for _p, _l, atoms, coefs in targets(model, hidden, scope=scope)]
        own = State(model, hidden, scope)
        assert len(own.relations) < len(whole.relations)
        if block != CROSS:  # no relation of another municipality or year
            assert all(set(model.blocks[r.atoms].tolist()) == {block} for r in own.relations)
        assert all(set(model.years[r.atoms].tolist()) == {year} for r in own.relations)
        for mine, theirs in zip(intervals(own, queue), intervals(whole, queue), strict=True):
            assert (mine.low, mine.high) == (theirs.low, theirs.high)
            checked += 1
    assert checked


def test_a_municipalitys_year_decided_piece_by_piece_hides_what_it_hides_decided_whole(tmp_path: Path) -> None:
    """The build decides each piece of a municipality's year (its ЕГЭ, its ОГЭ, …: atoms no LP joins) as a task
    of its own; the union of the pieces' decisions is exactly the decision over the whole year at once."""
    from generator.privacy import _mask, _scopes

    root = two_municipalities(copy_tiny(tmp_path / "tiny"))
    dataset = load(root / "datapackages")
    policy = Policy.of(load_config(root / "msoko.yml"))
    internal, entities, _years = internal_values(dataset)
    model = build_model(dataset, internal, procedures.cells(dataset, entities), entities, policy)
    primary = model.primary()
    cell_year, cell_block = model.cell_years(), model.cell_blocks()
    tasks = _scopes(model, cell_block, model.cell_pieces())  # every piece on its own, the finest split
    compared = 0
    for year, block in sorted({task[:2] for task in tasks if task[1] != CROSS}):
        pieces = [task for task in tasks if task[:2] == (year, block)]
        whole = choose(model, policy, primary.copy(), scope=(cell_year == year) & (cell_block == block))
        union = primary.copy()
        for task in pieces:
            union |= choose(model, policy, primary.copy(), scope=_mask(model, tasks[task]))
        assert np.array_equal(union, whole), (year, block)
        compared += len(pieces) > 1 and bool((whole & ~primary).any())
    assert compared, "some municipality's year must have several pieces and need secondary cells"
