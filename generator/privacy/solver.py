"""The attacker's linear program: how narrowly the published numbers pin down a hidden count.

For a set of shown cells, an atom is **known** when some shown cell publishes it exactly; every other atom is an
unknown ≥ 0. Each relation of a shown cell and each identity that involves an unknown is a row of the LP (its
known atoms are moved to the bounds). The LP falls apart into independent components (the unknowns linked by
rows); the interval of a count is the minimum and the maximum of it over its component, solved with HiGHS
(one thread, fixed options: the same data give the same answer).

Two uses, two shapes. The audit (``intervals``: ``Attack`` over ``Program``s) builds each component's LP from
the cells exactly as published; of the choosing it takes only candidate points, each checked against its own rows
before it may show a count wide (``Program.offer``), so a wrong point can cost a solve but never pass a leak. The
choosing (``Relaxing``) keeps one LP per piece loaded while it hides cells one at a time; the rows a bound rests on
(non-zero duals) tell which shown cells hold it — the candidates for secondary suppression.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import csr_matrix

from ..errors import BuildError
from .model import CROSS, Model, Relation
from .policy import whole_numbers

INF = highspy.kHighsInf
#: how far a point offered to the audit may stray outside a row's bounds or below 0, relative to the bound:
#: the solver's own primal feasibility tolerance (1e-7) with a margin
TOLERANCE = 1e-6
#: HiGHS options: one thread, a fixed seed, no presolve (so that re-solving with another objective starts from
#: the last basis), primal simplex (an objective change keeps the basis primal feasible: 5× fewer seconds than
#: dual simplex on a municipality's ЕГЭ component)
OPTIONS = (("output_flag", False), ("threads", 1), ("random_seed", 0), ("presolve", "off"), ("simplex_strategy", 4))


_BANNER_SHOWN: list[bool] = []


def quiet_highs(options: tuple[tuple[str, object], ...] = OPTIONS) -> highspy.Highs:
    """A HiGHS instance with ``options`` that prints nothing.

    The library prints its banner to the process's stdout when its first instance is made; that would break a
    command's output, so the first construction runs with file descriptor 1 pointed at /dev/null."""
    if _BANNER_SHOWN:
        solver = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 1)
                solver = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _BANNER_SHOWN.append(True)
    for option, value in options:
        solver.setOptionValue(option, value)
    return solver


def _wanted(model: Model, scope: np.ndarray | None) -> tuple[np.ndarray | None, np.ndarray]:
    """Per atom, whether it lies in a piece of the scope's cells (``None``: every atom), and the cells whose
    relations may hold such atoms (those of the same pieces, and the ones above the municipalities of the same
    years), in order."""
    everything = np.arange(len(model.cells))
    if scope is None or scope.all():
        return None, everything
    positions = np.flatnonzero(scope)
    if not len(positions):
        return np.zeros(len(model.truth), dtype=bool), positions
    atoms = np.unique(np.concatenate([model.cell_atoms(int(p)) for p in positions]))
    years = np.unique(model.years[atoms])
    # a piece lies in one year and one block (``Model.atom_pieces``): its atoms and the cells on them, and the
    # cells above the municipalities of the same years
    members, cells = model.members(np.unique(model.atom_pieces()[atoms]))
    wanted = np.zeros(len(model.truth), dtype=bool)
    wanted[members] = True
    cross = model.members(np.array([CROSS]))[1]
    cross = cross[np.isin(model.cell_years()[cross], years)]
    return wanted, np.union1d(cells, cross)


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    #: shown cells the bounds rest on → how much hiding each would loosen them (∞ for the cell of a binding row;
    #: for a cell publishing known atoms of such a row, the size of those atoms)
    binding: dict[int, float] | None = None


class State:
    """Which cells are hidden, with what that makes known; ``hide`` only ever relaxes the attacker's LP."""

    def __init__(self, model: Model, hidden: np.ndarray, scope: np.ndarray | None = None) -> None:
        """``scope`` (a mask over the cells: one piece of a municipality's year, or all its cells) keeps only the
        relations of the pieces its cells' atoms lie in. No relation joins two pieces (``Model.atom_pieces``;
        nor, so, two years or two blocks: ``Model.parts``), so the LP of any count of the scope is the same, row
        for row and in the same order; but a region's State no longer holds every municipality's relations of
        every year, which made each task's cost grow with the size of the whole region."""
        self.model = model
        self.hidden = hidden.astype(bool).copy()
        n_atoms = len(model.truth)
        wanted, cells = _wanted(model, scope)

        relations: list[Relation] = []
        owners: list[int] = []
        for position in cells.tolist():
            if not model.cells[position].forms:
                continue
            parts, firsts = model.cell_parts(position)
            # a region cell has a part in every municipality: only those of the scope's pieces
            chosen = parts if wanted is None else [parts[i] for i in np.flatnonzero(wanted[firsts]).tolist()]
            relations.extend(chosen)
            owners.extend([position] * len(chosen))
        firsts = model.identity_atoms()
        chosen = np.flatnonzero(firsts >= 0) if wanted is None else np.flatnonzero((firsts >= 0) & wanted[np.maximum(firsts, 0)])
        relations.extend(model.identities[i] for i in chosen.tolist())
        owners.extend([-1] * len(chosen))
        self.relations = relations
        self.owner = np.asarray(owners, dtype=np.int64)
        lengths = np.fromiter((len(r.atoms) for r in relations), dtype=np.int64, count=len(relations))
        self.rel_start = np.concatenate([[0], np.cumsum(lengths)])
        flat = np.concatenate([r.atoms for r in relations]) if relations else np.zeros(0, dtype=np.int64)
        self.rel_atoms = flat.astype(np.int64)
        self.rel_coefs = np.concatenate([r.coefs for r in relations]) if relations else np.zeros(0)
        rel_of = np.repeat(np.arange(len(relations), dtype=np.int64), lengths)
        order = np.argsort(flat, kind="stable")
        self.atom_rels = rel_of[order]
        self.atom_start = np.concatenate([[0], np.cumsum(np.bincount(flat, minlength=n_atoms))])
        # atoms → cells that publish them exactly
        fix_atoms = [a for position in cells.tolist() for a in model.cells[position].fixes]
        fix_cells = [position for position in cells.tolist() for _a in model.cells[position].fixes]
        fa = np.asarray(fix_atoms, dtype=np.int64)
        fc = np.asarray(fix_cells, dtype=np.int64)
        order = np.argsort(fa, kind="stable")
        self.fixer_cells = fc[order]
        self.fixer_start = np.concatenate([[0], np.cumsum(np.bincount(fa, minlength=n_atoms))])
        self.known = np.zeros(n_atoms, dtype=np.int64)
        np.add.at(self.known, fa[~self.hidden[fc]], 1)

    def hide(self, cell: int) -> None:
        if self.hidden[cell]:
            return
        self.hidden[cell] = True
        for atom in self.model.cells[cell].fixes:
            self.known[atom] -= 1

    def active(self, relation: int) -> bool:
        owner = self.owner[relation]
        return owner < 0 or not self.hidden[owner]

    def relation_atoms(self, relation: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.rel_start[relation], self.rel_start[relation + 1]
        return self.rel_atoms[start:end], self.rel_coefs[start:end]

    def fixers(self, atom: int) -> np.ndarray:
        return self.fixer_cells[self.fixer_start[atom]:self.fixer_start[atom + 1]]

    def component(self, seeds: np.ndarray) -> tuple[np.ndarray, list[int]]:
        """The unknowns linked to ``seeds`` through active rows, and those rows (both sorted)."""
        unknown = self.known == 0
        atoms = {int(a) for a in seeds if unknown[a]}
        stack = sorted(atoms)
        rows: set[int] = set()
        while stack:
            atom = stack.pop()
            for relation in self.atom_rels[self.atom_start[atom]:self.atom_start[atom + 1]]:
                relation = int(relation)
                if relation in rows or not self.active(relation):
                    continue
                rows.add(relation)
                members, _coefs = self.relation_atoms(relation)
                for other in members[unknown[members]]:
                    other = int(other)
                    if other not in atoms:
                        atoms.add(other)
                        stack.append(other)
        return np.asarray(sorted(atoms), dtype=np.int64), sorted(rows)


#: the latest feasible points of a component that ``Program.interval`` looks at before solving a minimum
RECENT = 16


class Program:
    """One component as a HiGHS model, re-solved for many objectives (warm-started)."""

    def __init__(self, state: State, atoms: np.ndarray, rows: list[int]) -> None:
        self.state = state
        self.atoms = atoms
        self.rows = rows
        column = {int(a): i for i, a in enumerate(atoms)}
        truth = state.model.truth
        unknown = state.known == 0
        starts, indices, values, lows, highs = [0], [], [], [], []
        for relation in rows:
            members, coefs = state.relation_atoms(relation)
            free = unknown[members]
            constant = float(np.dot(truth[members[~free]], coefs[~free]))
            spec = state.relations[relation]
            indices.extend(column[int(a)] for a in members[free])
            values.extend(coefs[free].tolist())
            starts.append(len(indices))
            lows.append(spec.low - constant if spec.low > -np.inf else -INF)
            highs.append(spec.high - constant if spec.high < np.inf else INF)
        self.highs: highspy.Highs | None = None
        lp = highspy.HighsLp()
        lp.num_col_ = len(atoms)
        lp.num_row_ = len(rows)
        lp.col_cost_ = np.zeros(len(atoms))
        lp.col_lower_ = np.zeros(len(atoms))
        lp.col_upper_ = np.full(len(atoms), INF)
        lp.row_lower_ = np.asarray(lows, dtype=float)
        lp.row_upper_ = np.asarray(highs, dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.asarray(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.asarray(indices, dtype=np.int32)
        lp.a_matrix_.value_ = np.asarray(values, dtype=float)
        self.lp = lp
        #: feasible points met so far (one row per solve): a count already seen at 0 has minimum 0, and one seen
        #: spread over the width needs no more solving (the audit and the first pass need only that)
        self.points: list[np.ndarray] = []
        self.column = column

    def offer(self, witnesses: list[tuple[np.ndarray, np.ndarray]]) -> int:
        """Take as feasible points those of ``witnesses`` (the atoms where a point differs from the true values,
        and its values there) that satisfy every row of this LP, and the true values; returns how many it took.

        A point is checked, not trusted: its values on this component's unknowns must lie within every row's
        bounds and be at least 0, within the solver's own feasibility tolerance. A checked point is a feasible
        point of the attacker's LP whatever made it, so the interval between two of them lies inside the
        attacker's."""
        if not len(self.atoms):
            return 0
        truth = self.state.model.truth[self.atoms]
        chosen = [truth]
        for atoms, values in witnesses:
            columns = np.minimum(np.searchsorted(self.atoms, atoms), len(self.atoms) - 1)
            inside = self.atoms[columns] == atoms
            if inside.any():
                point = truth.copy()
                point[columns[inside]] = values[inside]
                chosen.append(point)
        points = np.stack(chosen, axis=1)
        matrix = self.lp.a_matrix_
        rows = csr_matrix((matrix.value_, matrix.index_, matrix.start_), shape=(len(self.rows), len(self.atoms))) @ points
        lows, highs = np.asarray(self.lp.row_lower_)[:, None], np.asarray(self.lp.row_upper_)[:, None]
        low_slack = TOLERANCE * (1.0 + np.abs(np.where(lows > -INF, lows, 0.0)))
        high_slack = TOLERANCE * (1.0 + np.abs(np.where(highs < INF, highs, 0.0)))
        feasible = (np.all((rows >= lows - low_slack) & (rows <= highs + high_slack), axis=0)
                    & np.all(points >= -TOLERANCE, axis=0))
        taken = [points[:, i].copy() for i in np.flatnonzero(feasible).tolist()]
        self.points.extend(taken)
        return len(taken)

    def _solve(self, objective: np.ndarray, sense: highspy.ObjSense) -> tuple[float, np.ndarray | None]:
        if self.highs is None:
            # an instance of its own for each component: its answers depend on its own solves only, never on
            # which components, or which municipalities' tasks, the process solved before (a shared instance
            # carried its last basis from one to the next, and the optimal vertex it returned — hence the
            # binding cells — could depend on that history); switching components costs no reload
            self.highs = quiet_highs()
            self.highs.passModel(self.lp)
        self.highs.changeObjectiveSense(sense)
        self.highs.changeColsCost(len(self.atoms), np.arange(len(self.atoms), dtype=np.int32), objective)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnbounded:
            return (INF if sense == highspy.ObjSense.kMaximize else -INF), None
        if status != highspy.HighsModelStatus.kOptimal:
            raise BuildError(f"Защита малых групп: задача атакующего не решена ({self.highs.modelStatusToString(status)}).",
                             "это ошибка программы: сообщите разработчикам.")
        solution = self.highs.getSolution()
        self.points.append(np.asarray(solution.col_value, dtype=float))
        return float(self.highs.getInfo().objective_function_value), np.asarray(solution.row_dual)

    def objective(self, atoms: np.ndarray, coefs: np.ndarray) -> tuple[np.ndarray, float]:
        """Σ coefs·atoms as a cost vector over this component's unknowns, and the constant of its known atoms."""
        truth = self.state.model.truth
        objective = np.zeros(len(self.atoms))
        constant = 0.0
        for atom, coef in zip(atoms.tolist(), coefs.tolist(), strict=True):
            column = self.column.get(atom)
            if column is None:
                constant += coef * truth[atom]
            else:
                objective[column] += coef
        return objective, constant

    def prove(self, objectives: list[tuple[np.ndarray, float]], width: int) -> dict[int, Interval]:
        """Counts proved to cover at least ``width`` whole numbers by feasible points alone, without solving
        each: the interval between two feasible points lies inside the attacker's interval.

        The points come from maximising a randomly weighted sum of the counts not yet proved (fixed seeds), as
        long as that proves more of them; what is left is solved count by count (``interval``). Returns index →
        an interval inside the attacker's (its ends are not the attacker's bounds: such a count needs no more)."""
        pending = [i for i, (objective, _c) in enumerate(objectives) if objective.any() and np.all(objective >= 0)]
        proved: dict[int, Interval] = {}
        if not pending or not len(self.atoms):
            return proved
        if not self.points:
            self._solve(np.ones(len(self.atoms)), highspy.ObjSense.kMaximize)
            self._solve(np.ones(len(self.atoms)), highspy.ObjSense.kMinimize)
        checked = 0
        seen_low = seen_high = np.zeros(0)  # per pending count, the least and greatest value over points checked
        for attempt in range(16):
            if len(self.points) == checked:
                # the last solves found the weighted sum unbounded and left no point: what is left is solved
                # count by count
                break
            matrix = np.stack([objectives[i][0] for i in pending], axis=1)
            values = np.stack(self.points[checked:]) @ matrix
            lows, highs = values.min(axis=0), values.max(axis=0)
            if checked:
                lows, highs = np.minimum(lows, seen_low), np.maximum(highs, seen_high)
            constants = np.array([objectives[i][1] for i in pending])
            wide = np.array([whole_numbers(low, high) >= width for low, high in zip(lows + constants, highs + constants,
                                                                                    strict=True)], dtype=bool)
            for column in np.flatnonzero(wide):
                proved[pending[column]] = Interval(float(lows[column] + constants[column]),
                                                   float(highs[column] + constants[column]))
            pending = [index for index, done in zip(pending, wide, strict=True) if not done]
            if not pending or (not wide.any() and attempt):
                break
            seen_low, seen_high = lows[~wide], highs[~wide]
            checked = len(self.points)
            # weights drawn afresh each time (from a fixed seed): counts that trade off against each other
            # (two schools under one shown total) take turns at their maximum
            weights = np.random.default_rng(attempt).uniform(0.2, 1.0, len(pending))
            total = np.sum([w * objectives[i][0] / objectives[i][0].sum() for w, i in zip(weights, pending, strict=True)],
                           axis=0)
            self._solve(total, highspy.ObjSense.kMaximize)
            if not attempt:
                self._solve(total, highspy.ObjSense.kMinimize)
        return proved

    def interval(self, atoms: np.ndarray, coefs: np.ndarray, width: int = 0) -> Interval:
        """Minimum and maximum of Σ coefs·atoms (known atoms count as constants).

        With ``width``, the minimum of a count with no negative coefficient is not solved when a feasible point
        met so far (the maximum's among them) reaches it — the unknowns are ≥ 0, so a point at 0 is the minimum
        — or already lies ``width`` whole numbers below the maximum; the interval is then one inside the
        attacker's, as ``prove`` gives (the audit of two 40-school municipalities over two years: 14,0 → 11,1 s)."""
        objective, constant = self.objective(atoms, coefs)
        if not objective.any():
            return Interval(constant, constant)
        high, _duals = self._solve(objective, highspy.ObjSense.kMaximize)
        if width > 0 and self.points and high < INF and np.all(objective >= 0):
            seen = float((np.stack(self.points[-RECENT:]) @ objective).min())
            if seen <= 1e-9 or whole_numbers(seen + constant, high + constant) >= width:
                return Interval(max(seen, 0.0) + constant, high + constant)
        low, _duals = self._solve(objective, highspy.ObjSense.kMinimize)
        return Interval(low + constant, high + constant)


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The positions ``starts[i]:ends[i]`` of every i, concatenated in order."""
    counts = ends - starts
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    return np.arange(int(counts.sum()), dtype=np.int64) + offsets


def known_weights(state: State, atoms: np.ndarray, coefs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The shown cells that publish known atoms of ``atoms``, each with the size its atom carries there
    (``|coef · value|``), one entry per (atom, cell) in the order of ``atoms`` and of each atom's cells."""
    atoms = np.asarray(atoms, dtype=np.int64)
    known = state.known[atoms] > 0
    atoms, weights = atoms[known], np.abs(np.asarray(coefs)[known] * state.model.truth[atoms[known]])
    fixers = state.fixer_cells[_ranges(state.fixer_start[atoms], state.fixer_start[atoms + 1])]
    weights = np.repeat(weights, state.fixer_start[atoms + 1] - state.fixer_start[atoms])
    shown = ~state.hidden[fixers]
    return fixers[shown], weights[shown]


class Gains:
    """The shown cells a bound rests on, gathered over a count's solves: ∞ for the cell of a binding row (hiding
    it drops the row), and for a cell publishing known atoms of such a row (or of the count itself) the size
    those atoms carry in it, summed in the order they are met."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.owners: list[np.ndarray] = []
        self.cells: list[np.ndarray] = []
        self.weights: list[np.ndarray] = []

    def rows(self, relations: np.ndarray) -> None:
        """The binding ``relations`` (of the state): their cells, and the cells of their known atoms."""
        state = self.state
        if not len(relations):
            return
        owners = state.owner[relations]
        self.owners.append(owners[owners >= 0])
        members = _ranges(state.rel_start[relations], state.rel_start[relations + 1])
        self.known(state.rel_atoms[members], state.rel_coefs[members])

    def known(self, atoms: np.ndarray, coefs: np.ndarray) -> None:
        cells, weights = known_weights(self.state, atoms, coefs)
        self.cells.append(cells)
        self.weights.append(weights)

    def result(self) -> dict[int, float]:
        """Cell → gain (``Interval.binding``)."""
        found: dict[int, float] = {}
        if self.cells:
            cells = np.concatenate(self.cells)
            unique, inverse = np.unique(cells, return_inverse=True)
            # bincount adds each cell's weights one after another, as they were met
            found = dict(zip(unique.tolist(), np.bincount(inverse, weights=np.concatenate(self.weights),
                                                          minlength=len(unique)).tolist(), strict=True))
        if self.owners:
            for cell in np.concatenate(self.owners).tolist():
                found[cell] = np.inf
        return found


class Attack:
    """The attacker's LP of one state over a queue of counts: each count placed into its component, each
    component's LP built once, and with ``width`` (whole numbers) the counts that feasible points already show to
    be that wide proved without exact solving (``Program.prove``: their interval is one inside the attacker's
    and names no binding cells).

    ``order`` lists the counts component by component (components in the order the queue first meets them, the
    counts of one in queue order): solving in that order keeps one component's LP loaded and warm-started."""

    def __init__(self, state: State, queue: list[tuple[np.ndarray, np.ndarray]], width: int = 0,
                 witnesses: list[tuple[np.ndarray, np.ndarray]] | None = None) -> None:
        self.state = state
        self.queue = queue
        component_of: dict[int, int] = {}
        programs: list[Program] = []
        members: list[list[int]] = []
        self.empty = Program(state, np.zeros(0, dtype=np.int64), [])
        self.program_of: list[Program] = []
        alone: list[int] = []
        for index, (atoms, _coefs) in enumerate(queue):
            seeds = [int(a) for a in atoms if state.known[a] == 0]
            known = {component_of[a] for a in seeds if a in component_of}
            if seeds and len(known) != 1:
                component, rows = state.component(np.asarray(seeds))
                programs.append(Program(state, component, rows))
                members.append([])
                for atom in component.tolist():
                    component_of[atom] = len(programs) - 1
                known = {len(programs) - 1}
            if seeds:
                owner = next(iter(known))
                members[owner].append(index)
                self.program_of.append(programs[owner])
            else:
                alone.append(index)
                self.program_of.append(self.empty)
        self.width = width
        self.members = {id(program): indices for program, indices in zip(programs, members, strict=True)}
        self.offers = self._split(programs, witnesses or [])
        self.proved: dict[int, Interval] = {}
        self.order = [index for indices in members for index in indices] + alone

    def _split(self, programs: list[Program], witnesses: list[tuple[np.ndarray, np.ndarray]]) -> dict[int, list]:
        """Each witness cut into its parts on the components' unknowns, by component (``id`` of its program):
        components share no row, so a point's part on one is checked and used there alone (``Program.offer``)."""
        owner = np.full(len(self.state.model.truth), -1, dtype=np.int64)
        for number, program in enumerate(programs):
            owner[program.atoms] = number
        offers: dict[int, list] = {}
        for atoms, values in witnesses:
            owners = owner[atoms]
            for number in np.unique(owners[owners >= 0]).tolist():
                mine = owners == number
                offers.setdefault(id(programs[number]), []).append((atoms[mine], values[mine]))
        return offers

    def interval(self, index: int) -> Interval:
        """The count's interval: the proved one when there is one, else solved exactly."""
        program = self.program_of[index]
        indices = self.members.pop(id(program), None)
        if indices is not None and self.width > 0:
            # the component is met for the first time: prove what its feasible points can (the checked
            # witnesses among them), warm for the rest
            offered = self.offers.get(id(program))
            if offered:
                program.offer(offered)
            objectives = [program.objective(*self.queue[i]) for i in indices]
            for position, interval in program.prove(objectives, self.width).items():
                self.proved[indices[position]] = interval
        proved = self.proved.get(index)
        if proved is not None:
            return proved
        return program.interval(*self.queue[index], self.width)


def intervals(state: State, queue: list[tuple[np.ndarray, np.ndarray]], width: int = 0,
              witnesses: list[tuple[np.ndarray, np.ndarray]] | None = None) -> list[Interval]:
    """The attacker's interval of each (atoms, coefficients), in queue order (see ``Attack``; ``witnesses``:
    points offered to each component's LP, ``Program.offer``)."""
    attack = Attack(state, queue, width, witnesses)
    found: list[Interval | None] = [None] * len(queue)
    for index in attack.order:
        found[index] = attack.interval(index)
    return found  # type: ignore[return-value]


#: feasible points a piece's LP keeps (the latest): a count they already spread over the width needs no solve
POINTS = 64


class _Piece:
    """One piece's LP (``Relaxing``): its unknowns are the columns, its shown cells' relations and the identities
    that hold an unknown are the rows (known atoms moved to the bounds). Hiding a cell frees its rows and turns
    the atoms it alone published into new columns, which may bring relations of known atoms only in as new rows:
    HiGHS keeps its basis through all of it. The known atoms stay out (in a municipality's ВПР 96 % of the atoms
    are known: as fixed columns they made each solve five times slower)."""

    def __init__(self, state: State, atoms: np.ndarray, relations: np.ndarray) -> None:
        self.state = state
        self.atoms = atoms
        self.truth = state.model.truth[atoms]
        #: the piece's relations, and per relation its row in the LP (-1: not in it; -2: its cell is hidden)
        self.relations = relations
        self.row = np.full(len(relations), -1, dtype=np.int64)
        #: per LP row, its relation and that relation's index in ``relations``; per LP column, its atom's
        #: position in ``atoms``
        self.row_relation = np.zeros(0, dtype=np.int64)
        self.row_index = np.zeros(0, dtype=np.int64)
        self.column_of = np.full(len(atoms), -1, dtype=np.int64)
        self.column_atom = np.zeros(0, dtype=np.int64)
        self.highs_ = quiet_highs()
        self.highs_.passModel(highspy.HighsLp())
        unknown = np.flatnonzero(state.known[atoms] == 0)
        self._add_columns(unknown, [])
        self._add_rows([i for i, relation in enumerate(relations.tolist()) if state.active(relation)
                        and np.any(state.known[state.relation_atoms(relation)[0]] == 0)])
        # the true values are a feasible point of every state
        self.points = np.tile(self.truth, (POINTS, 1))
        self.filled = 1
        self.next = 1 % POINTS
        #: per slot of ``points``, the number of the solve that made it (0: the true values)
        self.serial = np.zeros(POINTS, dtype=np.int64)
        self.solves = 0
        #: points a decision rested on, by serial: the atoms (global) where they differ from the truth, and
        #: their values there (``Relaxing.witnesses``)
        self.kept: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.cost = np.zeros(0, dtype=np.int32)
        #: whether HiGHS holds a solution of the last ``solve`` (not when it needed none)
        self.solved = False

    def position(self, atoms: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.atoms, atoms)

    def _entries(self, index: int) -> tuple[np.ndarray, np.ndarray, float, float]:
        """A relation's columns and coefficients over the unknowns, and its bounds less its known atoms' part."""
        state = self.state
        members, coefs = state.relation_atoms(int(self.relations[index]))
        spec = state.relations[int(self.relations[index])]
        unknown = state.known[members] == 0
        constant = float(np.dot(state.model.truth[members[~unknown]], coefs[~unknown]))
        columns = self.column_of[self.position(members[unknown])]
        low = spec.low - constant if spec.low > -np.inf else -INF
        high = spec.high - constant if spec.high < np.inf else INF
        return columns, coefs[unknown], low, high

    def _add_rows(self, indices: list[int]) -> None:
        if not indices:
            return
        entries = [self._entries(index) for index in indices]
        starts = np.concatenate([[0], np.cumsum([len(columns) for columns, _c, _l, _h in entries])])
        self.highs_.addRows(len(entries), np.array([e[2] for e in entries], dtype=float),
                            np.array([e[3] for e in entries], dtype=float), int(starts[-1]),
                            starts[:-1].astype(np.int32),
                            np.concatenate([e[0] for e in entries]).astype(np.int32),
                            np.concatenate([e[1] for e in entries]).astype(float))
        first = len(self.row_relation)
        chosen = np.asarray(indices, dtype=np.int64)
        self.row[chosen] = np.arange(first, first + len(chosen))
        self.row_relation = np.concatenate([self.row_relation, self.relations[chosen]])
        self.row_index = np.concatenate([self.row_index, chosen])

    def _add_columns(self, positions: np.ndarray, rows: list[int]) -> None:
        """New unknowns ≥ 0 (positions in ``atoms``), with their coefficients in the LP's ``rows`` (indices into
        ``relations``) that hold them, each column's rows in the order of ``rows``."""
        if not len(positions):
            return
        state = self.state
        indices = np.asarray(rows, dtype=np.int64)
        relations = self.relations[indices]
        members = _ranges(state.rel_start[relations], state.rel_start[relations + 1])
        atoms = self.position(state.rel_atoms[members])
        lp_rows = np.repeat(self.row[indices], np.diff(state.rel_start)[relations])
        coefs = state.rel_coefs[members]
        # a relation of the piece holds atoms of the piece only (``Model.atom_pieces``)
        new = np.zeros(len(self.atoms), dtype=bool)
        new[positions] = True
        chosen = new[atoms]
        atoms, lp_rows, coefs = atoms[chosen], lp_rows[chosen], coefs[chosen]
        # one entry per (column, row), the coefficients of an atom met twice in a row added up; per column its
        # rows in the order met
        rank = np.full(len(self.atoms), -1, dtype=np.int64)
        rank[positions] = np.arange(len(positions))
        order = np.argsort(rank[atoms], kind="stable")
        atoms, lp_rows, coefs = atoms[order], lp_rows[order], coefs[order]
        pairs = rank[atoms] * (len(self.row_relation) + 1) + lp_rows
        unique, first, inverse = np.unique(pairs, return_index=True, return_inverse=True)
        sums = np.bincount(inverse, weights=coefs, minlength=len(unique))
        met = np.argsort(first, kind="stable")  # the pairs in the order first met
        columns_of_pair = rank[atoms[first[met]]]
        counts = np.bincount(columns_of_pair, minlength=len(positions))
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        count = len(positions)
        self.highs_.addCols(count, np.zeros(count), np.zeros(count), np.full(count, INF), int(counts.sum()),
                            starts.astype(np.int32), lp_rows[first[met]].astype(np.int32), sums[met].astype(float))
        self.column_of[positions] = np.arange(len(self.column_atom), len(self.column_atom) + count)
        self.column_atom = np.concatenate([self.column_atom, np.asarray(positions, dtype=np.int64)])

    def hide(self, relations: list[int], freed: np.ndarray) -> None:
        """``relations`` (of the piece) lost their cell; the atoms ``freed`` are unknown now."""
        state = self.state
        for relation in relations:
            index = int(np.searchsorted(self.relations, relation))
            if self.row[index] >= 0:
                self.highs_.changeRowBounds(int(self.row[index]), -INF, INF)
            self.row[index] = -2
        if not len(freed):
            return
        positions = self.position(freed)
        touched = sorted({int(np.searchsorted(self.relations, r)) for atom in freed.tolist()
                          for r in state.atom_rels[state.atom_start[atom]:state.atom_start[atom + 1]].tolist()})
        touched = [index for index in touched if self.row[index] != -2 and state.active(int(self.relations[index]))]
        present = [index for index in touched if self.row[index] >= 0]
        self._add_columns(positions, present)
        for index in present:  # their known part shrank
            _columns, _coefs, low, high = self._entries(index)
            self.highs_.changeRowBounds(int(self.row[index]), low, high)
        self._add_rows([index for index in touched if self.row[index] == -1])

    def spread(self, positions: np.ndarray, coefs: np.ndarray) -> tuple[float, float, int, int]:
        """The least and greatest Σ coefs·atoms over the points met, and the slots of the points that give them."""
        values = self.points[:self.filled, positions] @ coefs
        low, high = int(values.argmin()), int(values.argmax())
        return float(values[low]), float(values[high]), low, high

    def latest(self) -> int:
        """The slot of the last solve's point."""
        return (self.next - 1) % POINTS

    def keep(self, slot: int) -> None:
        """Keep the point in ``slot`` as a witness (the true values need no keeping: the audit has them)."""
        serial = int(self.serial[slot])
        if serial and serial not in self.kept:
            point = self.points[slot]
            moved = np.flatnonzero(point != self.truth)
            self.kept[serial] = (self.atoms[moved], point[moved].copy())

    def solve(self, positions: np.ndarray, coefs: np.ndarray, sense: highspy.ObjSense) -> float:
        """The least or greatest Σ coefs·atoms (atoms given by position); ``binding`` then names the rows it
        rests on."""
        highs = self.highs_
        columns = self.column_of[positions]
        free = columns >= 0
        constant = float(np.dot(self.truth[positions[~free]], coefs[~free]))
        self.solved = bool(free.any())
        if not self.solved:
            return constant
        if len(self.cost):
            highs.changeColsCost(len(self.cost), self.cost, np.zeros(len(self.cost)))
        self.cost = columns[free].astype(np.int32)
        highs.changeColsCost(len(self.cost), self.cost, coefs[free].astype(float))
        highs.changeObjectiveSense(sense)
        highs.run()
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnbounded:
            self.solved = False
            return INF if sense == highspy.ObjSense.kMaximize else -INF
        if status != highspy.HighsModelStatus.kOptimal:
            raise BuildError(f"Защита малых групп: задача атакующего не решена ({highs.modelStatusToString(status)}).",
                             "это ошибка программы: сообщите разработчикам.")
        point = self.points[self.next]
        point[:] = self.truth
        point[self.column_atom] = highs.getSolution().col_value
        self.solves += 1
        self.serial[self.next] = self.solves
        self.filled = max(self.filled, self.next + 1)
        self.next = (self.next + 1) % POINTS
        return float(highs.getInfo().objective_function_value) + constant

    def binding(self) -> np.ndarray:
        """The relations the last solve's bound rests on (rows with a non-zero dual), but for the freed rows of
        hidden cells; none when it needed no solve or was unbounded."""
        if not self.solved:
            return np.zeros(0, dtype=np.int64)
        duals = np.asarray(self.highs_.getSolution().row_dual, dtype=float)
        positions = np.flatnonzero(np.abs(duals) > 1e-9)
        positions = positions[self.row[self.row_index[positions]] != -2]
        return self.row_relation[positions]


class Relaxing:
    """The attacker's LP of a state, kept loaded while cells are hidden one at a time (``secondary.choose``).

    One HiGHS model per piece (``Model.atom_pieces``: no relation joins two; ``_Piece``). Hiding a cell only
    relaxes it (rows freed, atoms made unknown), so each solve starts from the last basis and every point met so
    far stays feasible: a count those points already spread over the width needs no solve, and one whose maximum
    does needs one. Rebuilding each component's LP round after round, and solving every count still too narrow
    again in every round, took five times as many solves."""

    def __init__(self, state: State, width: int) -> None:
        self.state = state
        self.width = width
        model = state.model
        pieces = model.atom_pieces()
        sizes = np.diff(state.rel_start)
        rel_piece = np.full(len(sizes), -1, dtype=np.int64)
        rel_piece[sizes > 0] = pieces[state.rel_atoms[state.rel_start[:-1][sizes > 0]]]
        order = np.argsort(rel_piece, kind="stable")
        self._rel_order, self._rel_keys = order, rel_piece[order]
        owners = state.owner
        order = np.argsort(owners, kind="stable")
        self._own_order, self._own_keys = order, owners[order]
        self.pieces: dict[int, _Piece] = {}

    def piece(self, number: int) -> _Piece:
        found = self.pieces.get(number)
        if found is None:
            atoms, _cells = self.state.model.members(np.array([number]))
            low, high = np.searchsorted(self._rel_keys, [number, number + 1])
            found = self.pieces[number] = _Piece(self.state, atoms, np.sort(self._rel_order[low:high]))
        return found

    def hide(self, cell: int) -> None:
        """Hide a shown cell: its rows become free, and the atoms it alone made known become unknowns ≥ 0."""
        state = self.state
        if state.hidden[cell]:
            return
        state.hide(cell)
        pieces = state.model.atom_pieces()
        low, high = np.searchsorted(self._own_keys, [cell, cell + 1])
        owned: dict[int, list[int]] = {}
        for relation in self._own_order[low:high].tolist():
            atoms, _coefs = state.relation_atoms(relation)
            if len(atoms):
                owned.setdefault(int(pieces[atoms[0]]), []).append(relation)
        fixes = np.asarray(state.model.cells[cell].fixes, dtype=np.int64)
        freed = np.unique(fixes[state.known[fixes] == 0]) if len(fixes) else fixes
        for number in sorted(set(owned) | set(pieces[freed].tolist())):
            piece = self.pieces.get(number)
            if piece is not None:  # a piece not loaded yet is built from the state as it is then
                piece.hide(owned.get(number, []), freed[pieces[freed] == number])

    def check(self, atoms: np.ndarray, coefs: np.ndarray) -> Interval | None:
        """``None`` when the count's interval covers at least ``width`` whole numbers; else its exact interval
        with the shown cells its bounds rest on (``Interval.binding``). A count found wide keeps the points that
        show it (``witnesses``)."""
        state = self.state
        pieces = state.model.atom_pieces()
        atoms = np.asarray(atoms, dtype=np.int64)
        coefs = np.asarray(coefs, dtype=float)
        parts = []
        for number in np.unique(pieces[atoms]).tolist():
            chosen = pieces[atoms] == number
            piece = self.piece(number)
            parts.append((piece, piece.position(atoms[chosen]), coefs[chosen]))
        spreads = [piece.spread(positions, part) for piece, positions, part in parts]
        low = sum(s[0] for s in spreads)
        high = sum(s[1] for s in spreads)
        # per part, the slots of the points that give its least and greatest value so far
        lows = [s[2] for s in spreads]
        highs = [s[3] for s in spreads]
        if whole_numbers(low, high) >= self.width:
            self._keep(parts, lows)
            self._keep(parts, highs)
            return None
        # the points of the least values, before a solve may take their slots
        self._keep(parts, lows)
        gains = Gains(state)
        high = 0.0
        for piece, positions, part in parts:
            high += piece.solve(positions, part, highspy.ObjSense.kMaximize)
        self._keep(parts, [piece.latest() if piece.solved else -1 for piece, _positions, _part in parts])
        if whole_numbers(low, high) >= self.width:
            return None
        # each piece still holds its maximum: the rows those rest on
        for piece, _positions, _part in parts:
            gains.rows(piece.binding())
        # with no negative coefficient the least value is the known atoms' part (unknowns are ≥ 0): points that
        # reach it need no solve, and nothing a cell holds could lower it
        floor = float(np.dot(state.model.truth[atoms], coefs * (state.known[atoms] > 0)))
        if np.any(coefs < 0) or low > floor + 1e-9:
            low = 0.0
            for piece, positions, part in parts:
                low += piece.solve(positions, part, highspy.ObjSense.kMinimize)
            self._keep(parts, [piece.latest() if piece.solved else -1 for piece, _positions, _part in parts])
            if whole_numbers(low, high) >= self.width:
                return None
            for piece, _positions, _part in parts:
                gains.rows(piece.binding())
        gains.known(atoms, coefs)
        return Interval(low, high, gains.result())

    @staticmethod
    def _keep(parts: list[tuple[_Piece, np.ndarray, np.ndarray]], slots: list[int]) -> None:
        """Keep each part's point in its slot as a witness (-1: the part needed no solve; any point gives its
        value)."""
        for (piece, _positions, _part), slot in zip(parts, slots, strict=True):
            if slot >= 0:
                piece.keep(slot)

    def witnesses(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The feasible points the choosing's verdicts rested on, each as the atoms where it differs from the
        true values and its values there, in a fixed order. Every one is feasible in the final state (hiding
        only relaxes), so the audit may offer them to its own LP (``Program.offer``): it checks each against
        its rows before it counts."""
        return [self.pieces[number].kept[serial] for number in sorted(self.pieces) for serial in sorted(self.pieces[number].kept)]
