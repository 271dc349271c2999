"""Secondary suppression chosen over the whole model at once, by attack and repair.

Start with the primary cells hidden. For each sensitive count, in a fixed order, solve the attacker's LP; while
its interval is narrower than the protection width, hide one more shown cell among those the bound rests on —
the cheapest: an organisation's cell before a territory's, a small group before a large one, then by name. Hiding
a cell only removes rows from the LP and turns known atoms into unknowns, so an interval never narrows as more
is hidden: a count that passed stays protected, and one pass over the counts is enough.

Deterministic: the order of the counts and of the candidates is fixed, HiGHS runs with one thread and fixed
options, and nothing depends on time.
"""

from __future__ import annotations

import numpy as np

from ..errors import BuildError
from .model import Model
from .policy import Policy
from .solver import Relaxing, State


def targets(model: Model, hidden: np.ndarray, years: set[int] | None = None,
            scope: np.ndarray | None = None) -> list[tuple[int, str, np.ndarray, np.ndarray]]:
    """The sensitive counts of hidden primary cells: (cell, label, atoms, coefficients), in a fixed order, each
    count once (a school's ЕГЭ participants in Russian are also the denominator of its indicator 1.09).
    ``years`` and ``scope`` (a mask over the cells: one municipality's cells of one year) narrow which cells."""
    found = []
    candidates = model.primary() & hidden if scope is None else model.primary() & hidden & scope
    for position in np.flatnonzero(candidates).tolist():
        cell = model.cells[position]
        if years is None or cell.year in years:
            for label, atoms, coefs in cell.sensitive:
                found.append((position, label, atoms, coefs))
    found.sort(key=lambda item: (model.cells[item[0]].year, str(model.cells[item[0]].key), item[1]))
    seen: set[tuple] = set()
    unique = []
    for item in found:
        order = np.argsort(item[2], kind="stable")
        signature = (tuple(item[2][order].tolist()), tuple(item[3][order].tolist()))
        if signature not in seen:
            seen.add(signature)
            unique.append(item)
    return unique


#: cells hidden for a count after which one still too narrow is helped by hiding the cells of the rows that hold it
ESCALATE = 3


def _cost(model: Model, position: int) -> tuple:
    """Which candidate to hide first: a territory below the municipality (an okrug's, a settlement's sum), then
    the smallest level and group. The territories' sums are the newest and least read numbers; a school's own
    value and the municipality's matter more to their readers, so adding territories to a project hides as few
    of those as it can. Cells above the municipalities come last, in the order of their keys: their size is the
    whole region's, which must not steer one municipality's decision (each is decided and cached on its own)."""
    cell = model.cells[position]
    below = len(cell.key) > 2 and cell.key[0] in ("value", "proc") and cell.key[2] == "territory"
    return (0 if below else 1, cell.level, cell.size if cell.level < 2 else 0.0, str(cell.key))


def choose(model: Model, policy: Policy, hidden: np.ndarray, years: set[int] | None = None,
           scope: np.ndarray | None = None, witnesses: list[tuple[np.ndarray, np.ndarray]] | None = None) -> np.ndarray:
    """The hidden cells (``hidden`` — the primary and any kept from earlier versions — plus the secondary).

    The counts one by one, in ``targets`` order: while a count's interval is too narrow, hide the cheapest of the
    shown cells its bounds rest on, preferring one that would loosen the bound by at least what is missing (the
    other schools' zero «2»s cannot widen a municipal share of 0,0 %: only hiding that share can). The LP stays
    loaded and is only relaxed by each hiding (``Relaxing``), so a count protected by what an earlier one hid
    costs at most one solve, and none when the points met so far show it. ``witnesses``, when given, receives the
    feasible points the verdicts rested on (``Relaxing.witnesses``), for the audit to check and use."""
    state = State(model, hidden, scope)
    attacker = Relaxing(state, policy.width)
    for _position, label, atoms, coefs in targets(model, state.hidden, years, scope):
        tried = 0
        while (interval := attacker.check(atoms, coefs)) is not None:
            gains = interval.binding or {}
            candidates = [c for c in gains if not state.hidden[c]]
            if not candidates:
                raise BuildError(
                    f"Защита малых групп: значение {label} нельзя защитить скрытием других ячеек "
                    f"(интервал атакующего [{interval.low:g}; {interval.high:g}]).",
                    "это ошибка программы: сообщите разработчикам.")
            tried += 1
            if tried > ESCALATE and any(gains[c] == np.inf for c in candidates):
                # hiding the cells that make a row's atoms known has not loosened it: hide the row's own cell
                candidates = [c for c in candidates if gains[c] == np.inf]
            missing = (policy.width - 1) - (interval.high - interval.low)
            attacker.hide(min(candidates, key=lambda c: (gains[c] < missing, *_cost(model, c))))
    if witnesses is not None:
        witnesses.extend(attacker.witnesses())
    return state.hidden
