"""The attacker's LP kept loaded while cells are hidden answers what an LP built afresh for the same cells does.

``secondary.choose`` hides cells one at a time and, instead of building the attacker's LP again after each, frees
the hidden cell's rows and unfixes the atoms it alone published (``Relaxing.hide``). A count it calls protected
must be protected in a fresh LP of the same hidden cells, and a count it calls too narrow must have exactly the
fresh LP's interval, or the suppression would rest on an LP that no longer is the attacker's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from projects import copy_tiny

from generator.compute import internal_values, procedures
from generator.config import load_config
from generator.load import load
from generator.privacy.audit import audit
from generator.privacy.model import build_model
from generator.privacy.policy import Policy
from generator.privacy.secondary import choose, targets
from generator.privacy.solver import Attack, Program, Relaxing, State, intervals


def test_a_relaxed_lp_answers_like_one_built_afresh(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path / "tiny")
    dataset = load(root / "datapackages")
    policy = Policy.of(load_config(root / "msoko.yml"))
    internal, entities, _years = internal_values(dataset)
    model = build_model(dataset, internal, procedures.cells(dataset, entities), entities, policy)
    state = State(model, model.primary().copy())
    attacker = Relaxing(state, policy.width)
    queue = [(atoms, coefs) for _p, _l, atoms, coefs in targets(model, state.hidden)]
    assert queue
    # shown cells that some count's bounds rest on, hidden one after another in a fixed order
    narrow = protected = 0
    for step in range(6):
        fresh = intervals(State(model, state.hidden), queue)
        for (atoms, coefs), theirs in zip(queue, fresh, strict=True):
            mine = attacker.check(atoms, coefs)
            if mine is None:
                assert policy.protected(theirs.low, theirs.high)
                protected += 1
                continue
            narrow += 1
            assert not policy.protected(theirs.low, theirs.high)
            assert np.isclose(mine.low, theirs.low, atol=1e-6) and np.isclose(mine.high, theirs.high, atol=1e-6)
            assert mine.binding and not state.hidden[list(mine.binding)].any()
        candidates = sorted({cell for atoms, coefs in queue if (found := attacker.check(atoms, coefs)) is not None
                             for cell in (found.binding or {})})
        if not candidates:
            break
        chosen = candidates[step % 2::2]
        for cell in chosen:
            attacker.hide(cell)
        assert state.hidden[chosen].all()
    assert narrow and protected, "the walk must meet both narrow and protected counts"


def test_the_audits_shortcut_only_skips_minima_that_cannot_make_a_finding(tmp_path: Path, monkeypatch) -> None:
    """With the width, ``intervals`` may skip a minimum a feasible point already reaches: the interval it gives
    must lie inside the exact one, and every count the exact LP finds too narrow must keep its exact interval."""
    root = copy_tiny(tmp_path / "tiny")
    dataset = load(root / "datapackages")
    policy = Policy.of(load_config(root / "msoko.yml"))
    internal, entities, _years = internal_values(dataset)
    model = build_model(dataset, internal, procedures.cells(dataset, entities), entities, policy)
    # the primary cells alone: many counts are too narrow, others wide
    hidden = model.primary().copy()
    queue = [(atoms, coefs) for _p, _l, atoms, coefs in targets(model, hidden)]
    exact = intervals(State(model, hidden), queue)
    # count the calls of Program.interval that solved the maximum alone
    solves: list[int] = []
    skipped: list[int] = []
    solve, interval = Program._solve, Program.interval

    def counting_interval(self: Program, *args: object) -> object:
        before = len(solves)
        found = interval(self, *args)
        skipped.extend([1] if len(solves) - before == 1 else [])
        return found

    monkeypatch.setattr(Program, "_solve", lambda self, *args: solves.append(1) or solve(self, *args))
    monkeypatch.setattr(Program, "interval", counting_interval)
    quick = intervals(State(model, hidden), queue, policy.width)
    assert skipped, "the fixture must have counts whose minimum the shortcut skips"
    narrow = 0
    for theirs, mine in zip(exact, quick, strict=True):
        assert theirs.low - 1e-6 <= mine.low <= mine.high <= theirs.high + 1e-6
        if policy.protected(theirs.low, theirs.high):
            assert policy.protected(mine.low, mine.high)
        else:
            narrow += 1
            assert np.isclose(mine.low, theirs.low, atol=1e-6) and np.isclose(mine.high, theirs.high, atol=1e-6)
    assert narrow, "the fixture must have counts the primary cells alone leave too narrow"
    # a narrow count whose known points all sit at its maximum still gets its minimum solved
    attack = Attack(State(model, hidden), queue)
    spread = 0
    for index, theirs in enumerate(exact):
        if policy.protected(theirs.low, theirs.high) or theirs.high - theirs.low < 0.5:
            continue
        program = attack.program_of[index]
        objective, _constant = program.objective(*queue[index])
        program.interval(*queue[index])
        top = max(point @ objective for point in program.points)
        program.points = [point for point in program.points if np.isclose(point @ objective, top)]
        mine = interval(program, *queue[index], policy.width)
        assert np.isclose(mine.low, theirs.low, atol=1e-6) and np.isclose(mine.high, theirs.high, atol=1e-6)
        spread += 1
    assert spread, "the fixture must have a narrow count that is not fixed to one value"


def _tiny_model(tmp_path: Path) -> tuple[object, Policy]:
    root = copy_tiny(tmp_path / "tiny")
    dataset = load(root / "datapackages")
    policy = Policy.of(load_config(root / "msoko.yml"))
    internal, entities, _years = internal_values(dataset)
    return build_model(dataset, internal, procedures.cells(dataset, entities), entities, policy), policy


def test_the_choosings_witnesses_spare_the_audit_solves_and_change_no_verdict(tmp_path: Path, monkeypatch) -> None:
    """The feasible points ``choose`` met prove counts wide in the audit without solving; each interval they give
    lies inside the exact one, so no count the exact LP finds too narrow can pass."""
    model, policy = _tiny_model(tmp_path)
    witnesses: list[tuple[np.ndarray, np.ndarray]] = []
    hidden = choose(model, policy, model.primary().copy(), witnesses=witnesses)
    assert witnesses, "the choosing must have met points other than the true values"
    queue = [(atoms, coefs) for _p, _l, atoms, coefs in targets(model, hidden)]
    exact = intervals(State(model, hidden), queue)
    solves: list[int] = []
    solve = Program._solve
    monkeypatch.setattr(Program, "_solve", lambda self, *args: solves.append(1) or solve(self, *args))
    alone = intervals(State(model, hidden), queue, policy.width)
    without = len(solves)
    helped = intervals(State(model, hidden), queue, policy.width, witnesses)
    assert len(solves) - without < without, "the witnesses must spare some of the audit's solves"
    for theirs, mine, plain in zip(exact, helped, alone, strict=True):
        assert theirs.low - 1e-6 <= mine.low <= mine.high <= theirs.high + 1e-6
        assert policy.protected(mine.low, mine.high) == policy.protected(plain.low, plain.high)
    plain_report, helped_report = audit(model, policy, hidden), audit(model, policy, hidden, witnesses=witnesses)
    assert helped_report.findings == plain_report.findings == ()
    assert helped_report.audited == plain_report.audited
    assert helped_report.narrowest >= policy.width


def test_a_witness_that_breaks_a_row_is_not_taken(tmp_path: Path) -> None:
    """A point offered to the audit is checked against its own rows: one off by a pupil, one below 0 or one a
    count's bounds exclude is refused, and offering such points leaves every narrow count's exact interval."""
    model, policy = _tiny_model(tmp_path)
    hidden = model.primary().copy()
    queue = [(atoms, coefs) for _p, _l, atoms, coefs in targets(model, hidden)]
    exact = intervals(State(model, hidden), queue)
    attack = Attack(State(model, hidden), queue)
    wrong: list[tuple[np.ndarray, np.ndarray]] = []
    for index, theirs in enumerate(exact):
        if policy.protected(theirs.low, theirs.high) or not len(attack.program_of[index].atoms):
            continue
        program = attack.program_of[index]
        atom = program.atoms[:1]
        truth = model.truth[atom]
        offered = [(atom, truth + 1.0), (atom, truth - truth - 1.0), (program.atoms, model.truth[program.atoms] + 7.0)]
        assert program.offer(offered) == 1, "only the true values may be taken"
        wrong.extend(offered)
    assert wrong, "the fixture must have narrow counts"
    for theirs, mine in zip(exact, intervals(State(model, hidden), queue, policy.width, wrong), strict=True):
        if not policy.protected(theirs.low, theirs.high):
            assert np.isclose(mine.low, theirs.low, atol=1e-6) and np.isclose(mine.high, theirs.high, atol=1e-6)


def test_a_weighted_sum_found_unbounded_leaves_the_counts_to_be_solved_one_by_one(tmp_path: Path,
                                                                                  monkeypatch) -> None:
    """A solve that finds the weighted sum unbounded yields no point: ``prove`` must stop there (nothing new to
    check) and leave its counts to ``interval``, not fail on an empty set of points — a component that met the
    true values as a witness before its first solve reached exactly that."""
    model, policy = _tiny_model(tmp_path)
    hidden = model.primary().copy()
    queue = [(atoms, coefs) for _p, _l, atoms, coefs in targets(model, hidden)]
    attack = Attack(State(model, hidden), queue)
    program = next(attack.program_of[i] for i in range(len(queue)) if len(attack.program_of[i].atoms))
    assert program.offer([]) == 1, "the true values are always a feasible point"
    monkeypatch.setattr(Program, "_solve", lambda self, objective, sense: (np.inf, None))
    objectives = [program.objective(*queue[i]) for i in range(len(queue)) if attack.program_of[i] is program]
    assert program.prove(objectives, policy.width) == {}, "one point spreads no count over the width"
