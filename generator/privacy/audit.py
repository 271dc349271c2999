"""The audit: the proof, in every build, that no hidden count of persons can be narrowed below the width.

For every sensitive count of a hidden primary cell it solves the attacker's LP over exactly the cells that the
published files show (``observe`` reads them off the tables as written), with the identities and non-negativity.
The LP falls apart into components, each solved once for all its counts; the feasible points the choosing met,
checked against the audit's rows, prove most counts wide without solving. A count narrowed below the protection
width, or a primary cell shown, fails the build with a Russian message naming the dataset, the row and the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import PrivacyError
from .model import Model
from .policy import Policy, whole_numbers
from .secondary import targets
from .solver import State, intervals


@dataclass(frozen=True)
class Finding:
    label: str
    low: float
    high: float
    true: float


@dataclass(frozen=True)
class AuditReport:
    #: hidden counts of persons audited
    audited: int
    #: the narrowest attacker's interval found, in whole numbers covered; a lower bound, since a count whose
    #: interval already covers the width may be measured by an inner interval (``Program.interval``)
    narrowest: int | None
    narrowest_label: str
    #: hidden cells in all, of which primary
    hidden: int
    primary: int
    width: int
    findings: tuple[Finding, ...] = ()

    def raise_for_findings(self) -> None:
        if not self.findings:
            return
        first = self.findings[0]
        more = f" Всего таких значений: {len(self.findings)}." if len(self.findings) > 1 else ""
        raise PrivacyError(
            f"Опубликованные данные раскрыли бы скрытое значение малой группы: {describe(first.label)} — по ним "
            f"атакующий выводит интервал [{first.low:.6g}; {first.high:.6g}], в нём меньше {self.width} целых "
            "значений." + more,
            "это ошибка программы: сообщите разработчикам; сайт не опубликован.")


def describe(label: str) -> str:
    """«vpr:sch-14/2025/4/math:mark2» → «набор vpr, строка sch-14/2025/4/math, ячейка mark2»."""
    parts = label.split(":")
    if len(parts) >= 3 and "/" in parts[1]:
        return f"набор «{parts[0]}», строка {parts[1]}, ячейка «{parts[-1]}»"
    return f"показатель {parts[0]}, {' '.join(parts[1:-1])}, ячейка «{parts[-1]}»"


def audit(model: Model, policy: Policy, hidden: np.ndarray, years: set[int] | None = None,
          scope: np.ndarray | None = None, witnesses: list[tuple[np.ndarray, np.ndarray]] | None = None) -> AuditReport:
    """Solve the attacker's LP for every hidden sensitive count (of ``years`` and the cells of ``scope``; all by
    default). ``witnesses`` are candidate feasible points (the choosing's: ``secondary.choose``); each is checked
    against the audit's own rows before it may show a count wide (``Program.offer``), and a count they do not
    show wide is solved."""
    primary = model.primary()
    within = np.ones(len(model.cells), dtype=bool) if years is None else np.array(
        [cell.year in years for cell in model.cells], dtype=bool)
    scope = within if scope is None else within & scope
    findings: list[Finding] = []
    shown = primary & ~hidden & scope
    for position in np.flatnonzero(shown)[:20]:
        cell = model.cells[position]
        label = cell.sensitive[0][0] if cell.sensitive else str(cell.key)
        findings.append(Finding(label, cell.size, cell.size, cell.size))
    state = State(model, hidden, scope)
    queue = targets(model, hidden, years, scope)
    narrowest: tuple[int, str] | None = None
    found = intervals(state, [(atoms, coefs) for _p, _l, atoms, coefs in queue], policy.width, witnesses)
    for (_position, label, atoms, coefs), interval in zip(queue, found, strict=True):
        covered = whole_numbers(interval.low, interval.high)
        if narrowest is None or covered < narrowest[0]:
            narrowest = (covered, label)
        if covered < policy.width:
            findings.append(Finding(label, interval.low, interval.high, float(np.dot(model.truth[atoms], coefs))))
    return AuditReport(len(queue), narrowest[0] if narrowest else None, narrowest[1] if narrowest else "",
                       int((hidden & scope).sum()), int((hidden & primary & scope).sum()), policy.width, tuple(findings))
