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
from .solver import State, intervals


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


#: rounds after which a count still too narrow is helped by hiding the cells of the rows that hold it
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
           scope: np.ndarray | None = None) -> np.ndarray:
    """The hidden cells (``hidden`` — the primary and any kept from earlier versions — plus the secondary).

    Rounds: every count still too narrow gets one more hidden cell per round, each component's LP built once per
    round; a count whose bound rests on a cell already picked in this round waits for the next one (the same
    municipal total often holds several hidden schools). A candidate that would loosen the bound by at least what
    is missing is preferred to one that would not (the other schools' zero «2»s cannot widen a municipal share of
    0,0 %: only hiding that share can)."""
    state = State(model, hidden, scope)
    queue = targets(model, state.hidden, years, scope)
    pending = [item for item, interval in zip(queue, intervals(state, [(a, c) for _p, _l, a, c in queue], policy.width),
                                              strict=True) if not policy.protected(interval.low, interval.high)]
    rounds: dict[str, int] = {}
    while pending:
        found = intervals(state, [(atoms, coefs) for _p, _l, atoms, coefs in pending], policy.width, binding=True)
        picked: set[int] = set()
        still = []
        for item, interval in zip(pending, found, strict=True):
            if policy.protected(interval.low, interval.high):
                continue
            still.append(item)
            gains = interval.binding or {}
            candidates = [c for c in gains if not state.hidden[c]]
            if not candidates:
                raise BuildError(
                    f"Защита малых групп: значение {item[1]} нельзя защитить скрытием других ячеек "
                    f"(интервал атакующего [{interval.low:g}; {interval.high:g}]).",
                    "это ошибка программы: сообщите разработчикам.")
            if picked.intersection(candidates):
                continue
            rounds[item[1]] = tried = rounds.get(item[1], 0) + 1
            if tried > ESCALATE and any(gains[c] == np.inf for c in candidates):
                # hiding the cells that make a row's atoms known has not loosened it: hide the row's own cell
                candidates = [c for c in candidates if gains[c] == np.inf]
            missing = (policy.width - 1) - (interval.high - interval.low)
            picked.add(min(candidates, key=lambda c: (gains[c] < missing, *_cost(model, c))))
        for cell in sorted(picked):
            state.hide(cell)
        pending = still
    return state.hidden
