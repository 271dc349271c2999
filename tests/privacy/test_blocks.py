"""A region's totals do not tie its municipalities into one LP: the model's attacker is told each
municipality's part of them (more than a real attacker knows), so its intervals are never wider than the real
attacker's, and the LP falls apart by municipality."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from projects import copy_tiny, two_municipalities

from generator.compute import compute
from generator.config import load_config
from generator.load import load
from generator.privacy import _decide as _ORIGINAL_DECIDE
from generator.privacy.secondary import targets
from generator.privacy.solver import State, intervals


def test_region_totals_are_split_by_municipality_and_only_ever_narrow_the_attack(tmp_path: Path) -> None:
    root = two_municipalities(copy_tiny(tmp_path / "tiny"))
    protection = compute(load(root / "datapackages"), load_config(root / "msoko.yml")).protection
    model = protection.model
    region = [p for p, cell in enumerate(model.cells) if cell.level >= 2 and cell.forms]
    assert region, "with two municipalities there are region totals"
    position = region[0]
    form = model.cells[position].forms[0]
    parts = model.parts(position, form)
    assert len({int(b) for b in model.blocks[form.atoms]}) == 2
    assert {int(b) for part in parts for b in model.blocks[part.atoms]} == {0, 1}
    assert all(len({int(b) for b in model.blocks[part.atoms]}) == 1 for part in parts)  # each part in one municipality
    for part in parts:  # each part fixed at its true value, together covering the region's form
        assert part.low == part.high == float(np.dot(model.truth[part.atoms], part.coefs))
    assert sorted(np.concatenate([p.atoms for p in parts]).tolist()) == sorted(form.atoms.tolist())
    assert protection.report.findings == ()

    # the split attacker's interval of every hidden count lies inside the real (unsplit) attacker's
    queue = [(atoms, coefs) for _p, _l, atoms, coefs in targets(model, protection.hidden)]
    split = intervals(State(model, protection.hidden), queue)
    blocks, model.blocks = model.blocks, None
    try:
        whole = intervals(State(model, protection.hidden), queue)
    finally:
        model.blocks = blocks
    assert queue
    for narrow, wide in zip(split, whole, strict=True):
        assert wide.low - 1e-6 <= narrow.low and narrow.high <= wide.high + 1e-6


def test_each_municipality_is_decided_on_its_own_and_the_union_passes_the_whole_audit(tmp_path: Path, monkeypatch) -> None:
    """Decided block by block (and cached so), the hidden cells still survive the attacker's LP over the whole
    year at once; a change in one municipality's school's ОГЭ makes only the ОГЭ piece of that municipality's
    year be decided again."""
    from generator import privacy
    from generator.privacy.audit import audit

    root = two_municipalities(copy_tiny(tmp_path / "tiny"))
    config = load_config(root / "msoko.yml")
    dataset = load(root / "datapackages")
    cache = tmp_path / "cache"
    first = compute(dataset, config, cache).protection
    model = first.model
    assert first.tasks >= 2 * len({cell.year for cell in model.cells}) and first.cached_tasks == 0
    whole = audit(model, first.policy, first.hidden)
    assert whole.findings == () and whole.audited == first.report.audited

    calls = []
    original = privacy._run  # in this process: what the workers are given to decide
    monkeypatch.setattr(privacy, "_run", lambda tasks, work: calls.extend(tasks) or original(tasks, work))
    again = compute(dataset, config, cache).protection
    assert calls == [] and np.array_equal(again.hidden, first.hidden)

    oge = dataset["oge"]  # one more pupil with «3» at the second municipality's school (marks still add up)
    row = oge.index[oge["org_id"] == "sch-2"][0]
    year = int(oge.loc[row, "year"])
    for column in ("participants", "mark3"):
        oge.loc[row, column] = oge.loc[row, column] + 1
    third = compute(dataset, config, cache).protection
    model, _hidden = third.year_model(year)  # tasks are numbered within their year's model
    second_block = model.block_names.index("99702000")
    redone = [task for task in calls if task[1] >= 0]
    assert [task[:2] for task in redone] == [(year, second_block)]  # only that municipality's year,
    pieces = model.atom_pieces()
    oge_piece = {int(pieces[atom]) for atom, label in enumerate(model.labels)
                 if label[0] == "oge" and label[1].startswith(f"sch-2/{year}/")}
    assert {redone[0][2]} == oge_piece  # and of it only the ОГЭ piece, not its ЕГЭ, ВПР, olympiads…
    others = {int(pieces[atom]) for atom in range(len(pieces)) if model.blocks[atom] == second_block} - oge_piece
    assert others, "the municipality's year has other pieces, decided before and taken from the cache"
    assert audit(third.model, third.policy, third.hidden).findings == ()


#: where forked workers note their process (set by the test before the fork, so the workers inherit it)
_WORKER_LOG: list[Path] = []


def _decide_noting_the_worker(task):  # a module-level function: forked workers look it up by name
    with open(_WORKER_LOG[0], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\n")
    return _ORIGINAL_DECIDE(task)


def test_fresh_workers_replace_used_ones_and_decide_the_same_cells(tmp_path: Path, monkeypatch) -> None:
    """A worker's memory only grows, so the pool replaces each after ``TASKS_PER_WORKER`` tasks; the fresh
    fork must decide exactly what one process deciding every task in turn decides."""
    from generator import privacy

    root = two_municipalities(copy_tiny(tmp_path / "tiny"))
    config = load_config(root / "msoko.yml")
    dataset = load(root / "datapackages")
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    alone = compute(dataset, config).protection

    log = tmp_path / "workers.log"
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(privacy, "TASKS_PER_WORKER", 1)
    monkeypatch.setattr(privacy, "_decide", _decide_noting_the_worker)
    _WORKER_LOG[:] = [log]
    try:
        pooled = compute(dataset, config).protection
    finally:
        _WORKER_LOG.clear()
    workers = log.read_text(encoding="utf-8").split()
    assert len(workers) == pooled.tasks > 2 and len(set(workers)) == len(workers)  # a fresh process per task
    assert os.getpid() not in {int(pid) for pid in workers}
    assert np.array_equal(pooled.hidden, alone.hidden) and pooled.report == alone.report
