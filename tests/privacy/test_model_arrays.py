"""The model's per-cell arrays, worked out for all cells at once, are what each cell's own data say, and the
check that every relation holds for the true counts finds the one that does not.

``Model.layout`` (every cell's atoms, sorted and each once) and ``Model.fixes_layout`` (its fixed atoms in their
order) feed the blocks, the pieces and the digests of the tasks: a cell given a wrong atom there would be decided
in the wrong task, or its task would keep a stale decision."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from projects import copy_tiny

from generator.compute import internal_values, procedures
from generator.config import load_config
from generator.errors import BuildError
from generator.load import load
from generator.privacy.model import Model, _check_truth, build_model
from generator.privacy.policy import Policy


def _model(tmp_path: Path) -> Model:
    root = copy_tiny(tmp_path / "tiny")
    dataset = load(root / "datapackages")
    policy = Policy.of(load_config(root / "msoko.yml"))
    internal, entities, _years = internal_values(dataset)
    return build_model(dataset, internal, procedures.cells(dataset, entities), entities, policy)


def test_each_cells_atoms_are_its_own_sorted_and_each_once(tmp_path: Path) -> None:
    model = _model(tmp_path)
    flat, starts = model.layout()
    fixed, fixed_starts = model.fixes_layout()
    assert len(starts) == len(fixed_starts) == len(model.cells) + 1
    varied = {len(cell.forms) > 0 for cell in model.cells} | {len(cell.sensitive) > 0 for cell in model.cells}
    assert varied == {True, False}, "the fixture must have cells with and without relations and counts"
    for position, cell in enumerate(model.cells):
        own = set(cell.fixes)
        for form in cell.forms:
            own |= set(np.asarray(form.atoms).tolist())
        for _label, items, _coefs in cell.sensitive:
            own |= set(np.asarray(items).tolist())
        assert flat[starts[position]:starts[position + 1]].tolist() == sorted(own), cell.key
        assert fixed[fixed_starts[position]:fixed_starts[position + 1]].tolist() == list(cell.fixes), cell.key


def test_a_relation_the_true_counts_break_is_reported_as_a_defect(tmp_path: Path) -> None:
    model = _model(tmp_path)
    _check_truth(model)  # the model as built holds
    positions = [p for p, cell in enumerate(model.cells) if cell.forms]
    position = positions[len(positions) // 2]
    cell = model.cells[position]
    form = cell.forms[0]
    value = float(np.dot(model.truth[form.atoms], form.coefs))
    # a bound off by less than the tolerance still holds; one off by a person does not
    cell.forms[0] = dataclasses.replace(form, low=value + 1e-9, high=value + 1e-9)
    _check_truth(model)
    cell.forms[0] = dataclasses.replace(form, low=value + 1, high=value + 2)
    with pytest.raises(BuildError) as raised:
        _check_truth(model)
    assert str(cell.key) in raised.value.message and "ошибка программы" in raised.value.hint
    # the first broken relation is the one named: an identity after every cell's relations
    cell.forms[0] = form
    identity = next(i for i, relation in enumerate(model.identities) if len(relation.atoms))
    total = float(np.dot(model.truth[model.identities[identity].atoms], model.identities[identity].coefs))
    model.identities[identity] = dataclasses.replace(model.identities[identity], low=total - 3, high=total - 2)
    with pytest.raises(BuildError) as raised:
        _check_truth(model)
    assert "тождество" in raised.value.message
