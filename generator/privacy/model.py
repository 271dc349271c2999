"""Every number the site publishes, written as linear relations over the underlying counts.

The **atoms** are the counts of the source rows (participants, each mark, graduates…, ЕГЭ ``score_sum`` = mean
score × participants as a real number) and the reported numerators and denominators. A **cell** is what is
hidden or shown as one piece — one group of a source row, one indicator value of one entity and year, one row
of a territory's procedure table — and it publishes:

- ``fixes``: atoms it shows exactly (a source row's counts, a school's reported numerator);
- ``forms``: other relations, ``low ≤ Σ coefficient × atom ≤ high`` (a municipality's sum over its schools; a
  share printed to one decimal is the pair ``count − (p − ½·10⁻¹)/100 · participants ≥ 0`` and ``≤ 0`` for
  ``p + ½·10⁻¹``).

``identities`` are what an attacker knows without any published number: marks add up to participants, 90+ ≤
80+ ≤ 70+ ≤ participants, the medalists of the ЕГЭ in Russian and in mathematics are the grade-11 medalists, and
so on. Every relation is checked against the true counts when the model is built: a relation the data do not
satisfy is a defect of the model, reported as such.

A cell of a **sensitive** group is primary; its ``sensitive`` forms are the counts of persons that must stay
uncertain. The territory tree is generic: an organisation's cell rolls up through any number of levels.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..compute.formula import Formula, mask, parse_formula
from ..errors import BuildError
from ..load import Dataset
from .policy import PERSON_UNIT, PERSONS, Policy


#: one group of persons in a source row: its size column and the counts about its members
@dataclass(frozen=True)
class Group:
    name: str
    size: str
    counts: tuple[str, ...]


#: source tables with groups of persons: their slice (the key within an organisation and year) and groups
SOURCES: dict[str, tuple[tuple[str, ...], tuple[Group, ...]]] = {
    "ege": (("subject",), (
        Group("participants", "participants", ("participants", "below_min", "ge70", "ge80", "ge90", "score100")),
        Group("medalists", "medalists", ("medalists", "medalists_not_confirmed")))),
    "oge": (("subject",), (Group("participants", "participants", ("participants", "mark2", "mark3", "mark4", "mark5")),)),
    "vpr": (("grade", "subject"), (Group("participants", "participants", (
        "participants", "mark2", "mark3", "mark4", "mark5", "lowered", "confirmed", "raised")),)),
    "graduation": (("grade",), (
        Group("graduates", "graduates", ("graduates", "admitted", "certified", "with_honours")),
        Group("medalists", "medalists", ("medalists",)))),
    "olympiad": (("stage", "subject"), (Group("participants", "participants", ("participants", "winners", "prize_winners")),)),
}
#: real (not count) atoms derived from a row: name → (the group that publishes it, how it is computed)
SCORE_SUM = "score_sum"
#: the procedure tables the pages show per territory, and the precision of each published column
#: (column → (numerator columns, denominator is participants, decimals, factor))
PROCEDURE_COLUMNS: dict[str, list[tuple[str, tuple[tuple[float, str], ...], int, float]]] = {
    "ege": [("mean_score", ((1.0, SCORE_SUM),), 1, 1.0),
            *[(f"{c}_pct", ((1.0, c),), 1, 100.0) for c in ("below_min", "ge70", "ge80", "ge90")]],
    "oge": [*[(f"mark{m}_pct", ((1.0, f"mark{m}"),), 1, 100.0) for m in (2, 3, 4, 5)],
            ("success_pct", ((1.0, "mark3"), (1.0, "mark4"), (1.0, "mark5")), 1, 100.0),
            ("quality_pct", ((1.0, "mark4"), (1.0, "mark5")), 1, 100.0),
            ("mean_mark", ((2.0, "mark2"), (3.0, "mark3"), (4.0, "mark4"), (5.0, "mark5")), 2, 1.0)],
    "olympiad": [("success_pct", ((1.0, "winners"), (1.0, "prize_winners")), 1, 100.0)],
}
PROCEDURE_COLUMNS["vpr"] = [*PROCEDURE_COLUMNS["oge"],
                            *[(f"{c}_pct", ((1.0, c),), 1, 100.0) for c in ("lowered", "confirmed", "raised")]]
#: counts the territory procedure tables publish exactly (besides participants)
PROCEDURE_SUMS = {"ege": ("score100",), "olympiad": ("winners", "prize_winners")}
#: row identities: (table, [(coefficient, column)], low, high)
ROW_IDENTITIES: list[tuple[str, tuple[tuple[float, str], ...], float, float]] = [
    ("oge", ((1, "participants"), (-1, "mark2"), (-1, "mark3"), (-1, "mark4"), (-1, "mark5")), 0, 0),
    ("vpr", ((1, "participants"), (-1, "mark2"), (-1, "mark3"), (-1, "mark4"), (-1, "mark5")), 0, 0),
    ("vpr", ((1, "participants"), (-1, "lowered"), (-1, "confirmed"), (-1, "raised")), 0, 0),
    # below the minimum and 70 or more are disjoint groups of the participants
    ("ege", ((1, "participants"), (-1, "below_min"), (-1, "ge70")), 0, np.inf),
    ("ege", ((1, "ge70"), (-1, "ge80")), 0, np.inf),
    ("ege", ((1, "ge80"), (-1, "ge90")), 0, np.inf),
    ("ege", ((1, "ge90"), (-1, "score100")), 0, np.inf),
    ("ege", ((1, "medalists"), (-1, "medalists_not_confirmed")), 0, np.inf),
    ("ege", ((1, "participants"), (-1, "medalists")), 0, np.inf),
    # a medal is confirmed by 70 points or more
    ("ege", ((1, "ge70"), (-1, "medalists"), (1, "medalists_not_confirmed")), 0, np.inf),
    ("ege", ((100, "participants"), (-1, SCORE_SUM)), 0, np.inf),
    # every score is a whole number: the bands 70–79, 80–89, 90–99 and 100 bound the sum of scores from both sides
    ("ege", ((1, SCORE_SUM), (-70, "ge70"), (-10, "ge80"), (-10, "ge90"), (-10, "score100")), 0, np.inf),
    ("ege", ((1, SCORE_SUM), (-69, "participants"), (-10, "ge70"), (-10, "ge80"), (-10, "ge90"), (-1, "score100")), -np.inf, 0),
    ("graduation", ((1, "graduates"), (-1, "admitted")), 0, np.inf),
    ("graduation", ((1, "admitted"), (-1, "certified")), 0, np.inf),
    ("graduation", ((1, "certified"), (-1, "with_honours")), 0, np.inf),
    # a medalist has the certificate
    ("graduation", ((1, "certified"), (-1, "medalists")), 0, np.inf),
    ("olympiad", ((1, "participants"), (-1, "winners"), (-1, "prize_winners")), 0, np.inf),
]
#: identities across tables of one organisation and year: the medalists sit both ЕГЭ in Russian and in
#: mathematics, and are the grade-11 medalists of the graduation table; Russian and mathematics are the
#: compulsory ОГЭ subjects, sat by the same pupils. Each is used where the organisation's data satisfy it (a
#: pupil who missed one exam breaks it there, and an attacker checking the published rows would see that)
CROSS_IDENTITIES = [
    (("ege", {"subject": "rus"}, "medalists"), ("graduation", {"grade": "11"}, "medalists")),
    (("ege", {"subject": "math"}, "medalists"), ("graduation", {"grade": "11"}, "medalists")),
    (("oge", {"subject": "rus"}, "participants"), ("oge", {"subject": "math"}, "participants")),
]
#: reported-value tables: resource → (entity type, id column)
REPORTED = {"organisation_values": ("organisation", "org_id"), "municipality_values": ("municipality", "oktmo")}


@dataclass(slots=True)
class Relation:
    """``low ≤ Σ coefs·atoms ≤ high``."""

    atoms: np.ndarray
    coefs: np.ndarray
    low: float
    high: float


@dataclass(slots=True)
class Cell:
    key: tuple
    year: int
    #: 0 for an organisation's cell, 1 for its territory, 2 for the territory above…
    level: int
    size: float
    primary: bool
    fixes: list[int] = field(default_factory=list)
    forms: list[Relation] = field(default_factory=list)
    #: counts of persons that must stay uncertain when the cell is hidden (label, atoms, coefficients)
    sensitive: list[tuple[str, np.ndarray, np.ndarray]] = field(default_factory=list)


@dataclass
class Model:
    truth: np.ndarray
    #: per atom: (table, row key «org/year/slice…», column) of the source data
    labels: list[tuple[str, str, str]]
    years: np.ndarray
    cells: list[Cell]
    index: dict[tuple, int]
    identities: list[Relation]
    #: per atom, its block: the municipality of its organisation (numbered in order of appearance)
    blocks: np.ndarray | None = None
    #: the name of each block (the municipality's ОКТМО; empty for the region's own rows)
    block_names: tuple[str, ...] = ()
    #: ``parts`` already worked out, per (cell, form): every block's LP and every digest asks for them again
    _parts: dict[tuple[int, int], list[Relation]] = field(default_factory=dict, repr=False, compare=False)
    #: ``cell_parts`` worked out, per cell
    _cell_parts: dict[int, tuple[list[Relation], np.ndarray]] = field(default_factory=dict, repr=False, compare=False)
    #: per-cell and per-identity arrays worked out once (a region has millions of cells; every task asks)
    _memo: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def primary(self) -> np.ndarray:
        """Per cell, whether it is a small group's (primary) cell."""
        if "primary" not in self._memo:
            self._memo["primary"] = np.fromiter((cell.primary for cell in self.cells), dtype=bool, count=len(self.cells))
        return self._memo["primary"]

    def cell_years(self) -> np.ndarray:
        if "years" not in self._memo:
            self._memo["years"] = np.fromiter((cell.year for cell in self.cells), dtype=np.int64, count=len(self.cells))
        return self._memo["years"]

    def identity_atoms(self) -> np.ndarray:
        """Per identity, its first atom (−1 for one without atoms): its year and block are the identity's."""
        if "identity_atoms" not in self._memo:
            self._memo["identity_atoms"] = np.fromiter(
                (int(identity.atoms[0]) if len(identity.atoms) else -1 for identity in self.identities),
                dtype=np.int64, count=len(self.identities))
        return self._memo["identity_atoms"]

    def form_parts(self, position: int) -> list[list[Relation]]:
        """``parts`` of each form of a cell, worked out once per model."""
        found = []
        for number, form in enumerate(self.cells[position].forms):
            key = (position, number)
            if key not in self._parts:
                self._parts[key] = self.parts(position, form)
            found.append(self._parts[key])
        return found

    def cell_parts(self, position: int) -> tuple[list[Relation], np.ndarray]:
        """All of a cell's ``form_parts`` that hold atoms, in one list, with each part's first atom (its year,
        block and piece), worked out once per model. A part without atoms constrains nothing and is left out."""
        if position not in self._cell_parts:
            parts = [part for parts in self.form_parts(position) for part in parts if len(part.atoms)]
            firsts = np.fromiter((int(part.atoms[0]) for part in parts), dtype=np.int64, count=len(parts))
            self._cell_parts[position] = (parts, firsts)
        return self._cell_parts[position]

    def parts(self, position: int, relation: Relation) -> list[Relation]:
        """The relations the attacker's LP uses for one relation of a cell.

        A cell above the municipalities (a region's total) is replaced by its parts: per municipality, the sum of
        each column of its atoms (participants, «2», …; split further where coefficients differ), each fixed at
        its true value. The model's attacker is thus told every municipality's hidden sums, which a real one
        does not know (the okrugs, districts and settlements inside a municipality are not split: their sums stay
        unknowns of the municipality's LP). Its intervals are therefore no wider than a real attacker's, so what
        it cannot narrow is protected; the LP falls apart by municipality however large the region (each
        municipality's own published values pin those sums down to well under one person anyway); and a part
        does not depend on the region's printed share (which sets the coefficients of its rounding bounds), so
        a change in one municipality leaves the others' LPs — and their cached decisions — as they were."""
        if self.blocks is None or self.cells[position].level < 2:
            return [relation]
        atoms, coefs = relation.atoms, relation.coefs
        blocks, columns = self.blocks[atoms], self.atom_columns()[atoms]
        # groups of equal (block, table and column, coefficient), each keeping its atoms in the relation's order
        order = np.lexsort((np.arange(len(atoms)), coefs, columns, blocks))
        blocks, columns, coefs = blocks[order], columns[order], coefs[order]
        starts = np.flatnonzero(np.r_[True, (blocks[1:] != blocks[:-1]) | (columns[1:] != columns[:-1])
                                      | (coefs[1:] != coefs[:-1])])
        ends = np.r_[starts[1:], len(order)]
        grouped = atoms[order]
        # in order of block, table, column and the group's first atom
        found = []
        for group in np.lexsort((grouped[starts], columns[starts], blocks[starts])).tolist():
            members = grouped[starts[group]:ends[group]]
            total = float(self.truth[members].sum())
            found.append(Relation(members, np.ones(len(members)), total, total))
        return found

    def atom_columns(self) -> np.ndarray:
        """Per atom, the rank of its (table, column) among all of them in text order."""
        if "atom_columns" not in self._memo:
            names = sorted({(table, column) for table, _row, column in self.labels})
            rank = {name: number for number, name in enumerate(names)}
            self._memo["atom_columns"] = np.fromiter((rank[(table, column)] for table, _row, column in self.labels),
                                                     dtype=np.int64, count=len(self.labels))
        return self._memo["atom_columns"]

    def cell(self, key: tuple) -> Cell | None:
        position = self.index.get(key)
        return None if position is None else self.cells[position]

    def cell_atoms(self, position: int) -> np.ndarray:
        """Every atom a cell's numbers involve (what it fixes, its relations, its sensitive counts)."""
        if "layout" in self._memo:
            starts = self._memo["layout_starts"]
            return self._memo["layout"][starts[position]:starts[position + 1]]
        cell = self.cells[position]
        parts = [np.asarray(cell.fixes, dtype=np.int64), *(form.atoms for form in cell.forms),
                 *(atoms for _label, atoms, _coefs in cell.sensitive)]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    def layout(self) -> tuple[np.ndarray, np.ndarray]:
        """Every cell's atoms (``cell_atoms``) as one flat array and the start of each cell's run in it (one more
        start at the end): worked out in one pass, so that the blocks and pieces below are array operations
        rather than a loop per cell for each (a region has millions of cells)."""
        if "layout" not in self._memo:
            cells = np.arange(len(self.cells), dtype=np.int64)
            fixed, fixed_starts = self.fixes_layout()
            forms = [form.atoms for cell in self.cells for form in cell.forms]
            form_cells = np.repeat(cells, [len(cell.forms) for cell in self.cells])
            counts = [items for cell in self.cells for _label, items, _coefs in cell.sensitive]
            count_cells = np.repeat(cells, [len(cell.sensitive) for cell in self.cells])
            owners = np.concatenate([np.repeat(cells, np.diff(fixed_starts)),
                                     np.repeat(form_cells, [len(atoms) for atoms in forms]),
                                     np.repeat(count_cells, [len(atoms) for atoms in counts])]).astype(np.int64)
            atoms = np.concatenate([fixed, *(np.asarray(atoms, dtype=np.int64) for atoms in (*forms, *counts))])
            # each cell's atoms sorted and each once: one sort of the (cell, atom) pairs as single numbers
            span = len(self.truth) + 1
            # a merge sort: the pairs come in runs already sorted by cell (``np.unique`` took a hundred times longer)
            pairs = np.sort(owners * span + atoms, kind="stable")
            pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
            sizes = np.bincount(pairs // span, minlength=len(self.cells))
            self._memo["layout_starts"] = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
            self._memo["layout"] = (pairs % span).astype(np.int64)
        return self._memo["layout"], self._memo["layout_starts"]

    def fixes_layout(self) -> tuple[np.ndarray, np.ndarray]:
        """Every cell's fixed atoms (``Cell.fixes``, in their order) as one flat array and the start of each
        cell's run in it (one more start at the end)."""
        if "fixes" not in self._memo:
            sizes = np.fromiter((len(cell.fixes) for cell in self.cells), dtype=np.int64, count=len(self.cells))
            self._memo["fixes_starts"] = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
            self._memo["fixes"] = np.fromiter(itertools.chain.from_iterable(cell.fixes for cell in self.cells),
                                              dtype=np.int64, count=int(sizes.sum()))
        return self._memo["fixes"], self._memo["fixes_starts"]

    def cell_blocks(self) -> np.ndarray:
        """Per cell, the one block all its atoms belong to, or ``CROSS`` for a cell above the municipalities
        (a region's total spans them; without blocks every cell is in block 0). A cell without atoms is in
        block 0 too (it constrains nothing)."""
        if "blocks" not in self._memo:
            self._memo["blocks"] = self._cell_blocks()
        return self._memo["blocks"]

    def _cell_blocks(self) -> np.ndarray:
        found = np.zeros(len(self.cells), dtype=np.int64)
        if self.blocks is None:
            return found
        flat, starts = self.layout()
        filled = np.diff(starts) > 0
        if not filled.any():
            return found
        blocks = self.blocks[flat]
        low, high = np.minimum.reduceat(blocks, starts[:-1][filled]), np.maximum.reduceat(blocks, starts[:-1][filled])
        found[filled] = np.where(low == high, low, CROSS)
        return found

    def atom_pieces(self) -> np.ndarray:
        """Per atom, its piece: the atoms that one cell, one identity or a region cell's part in one block ties
        together, closed under that (connected components, numbered in order of their first atom).

        A piece lies in one year and one block, and no attacker's LP of it ever holds an atom of another piece:
        the ЕГЭ of a municipality's year shares no unknown, no relation and no cell with its ВПР. So the pieces
        of each procedure are decided apart from the others (``protect``): a changed ВПР file re-decides the ВПР
        only, and a municipality's procedures spread over the cores instead of waiting for its slowest one."""
        if "pieces" not in self._memo:
            self._memo["pieces"] = self._atom_pieces()
        return self._memo["pieces"]

    def _atom_pieces(self) -> np.ndarray:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        count = len(self.truth)
        blocks = self.blocks if self.blocks is not None else np.zeros(count, dtype=np.int64)
        flat, starts = self.layout()
        cell_of = np.repeat(np.arange(len(self.cells), dtype=np.int64), np.diff(starts))
        # a region cell ties its atoms block by block (its parts there), never one block to another
        part = np.where(self.cell_blocks()[cell_of] == CROSS, blocks[flat], 0)
        identity_sizes = np.fromiter((len(identity.atoms) for identity in self.identities), dtype=np.int64,
                                     count=len(self.identities))
        identity_atoms = (np.concatenate([identity.atoms for identity in self.identities]).astype(np.int64)
                          if len(self.identities) else np.zeros(0, dtype=np.int64))
        group = np.concatenate([cell_of, len(self.cells) + np.repeat(np.arange(len(self.identities)), identity_sizes)])
        part = np.concatenate([part, np.zeros(len(identity_atoms), dtype=np.int64)])
        atoms = np.concatenate([flat, identity_atoms])
        order = np.lexsort((part, group))
        group, part, atoms = group[order], part[order], atoms[order]
        begins = np.flatnonzero(np.r_[True, (np.diff(group) != 0) | (np.diff(part) != 0)]) if len(atoms) else atoms
        heads = atoms[np.repeat(begins, np.diff(np.r_[begins, len(atoms)]))] if len(atoms) else atoms
        graph = coo_matrix((np.ones(len(atoms), dtype=np.int8), (heads, atoms)), shape=(count, count))
        _count, labels = connected_components(graph, directed=False)
        # renumbered by first atom, whatever order the library visits them in
        firsts = np.full(labels.max() + 1 if count else 0, count, dtype=np.int64)
        np.minimum.at(firsts, labels, np.arange(count))
        rank = np.empty(len(firsts), dtype=np.int64)
        rank[np.argsort(firsts, kind="stable")] = np.arange(len(firsts))
        return rank[labels]

    def cell_pieces(self) -> np.ndarray:
        """Per cell, the piece of its atoms; ``CROSS`` for a cell above the municipalities (it has a piece in each
        of its blocks); ``NO_PIECE`` for a cell without atoms (it constrains nothing)."""
        if "cell_pieces" not in self._memo:
            flat, starts = self.layout()
            found = np.full(len(self.cells), NO_PIECE, dtype=np.int64)
            filled = np.diff(starts) > 0
            found[filled] = self.atom_pieces()[flat[starts[:-1][filled]]]
            found[self.cell_blocks() == CROSS] = CROSS
            self._memo["cell_pieces"] = found
        return self._memo["cell_pieces"]

    def members(self, pieces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The atoms and the cells (positions, sorted) of the given pieces, found through an index sorted by piece
        (a region's thousands of tasks each ask: a scan of every atom and cell per task would add up)."""
        if "by_piece_atoms" not in self._memo:
            for name, values in (("atoms", self.atom_pieces()), ("cells", self.cell_pieces())):
                order = np.argsort(values, kind="stable")
                self._memo[f"by_piece_{name}"] = order
                self._memo[f"by_piece_{name}_keys"] = values[order]
        found = []
        for name in ("atoms", "cells"):
            order, keys = self._memo[f"by_piece_{name}"], self._memo[f"by_piece_{name}_keys"]
            low, high = np.searchsorted(keys, pieces, "left"), np.searchsorted(keys, pieces, "right")
            runs = [order[begin:end] for begin, end in zip(low.tolist(), high.tolist(), strict=True)]
            found.append(np.sort(np.concatenate(runs)) if runs else np.zeros(0, dtype=np.int64))
        return found[0], found[1]

    def cross_pieces(self) -> tuple[np.ndarray, np.ndarray]:
        """The pieces each cell above the municipalities has atoms in, as pairs (cell position, piece), sorted."""
        flat, starts = self.layout()
        cell_of = np.repeat(np.arange(len(self.cells), dtype=np.int64), np.diff(starts))
        chosen = self.cell_blocks()[cell_of] == CROSS
        # the pairs as one number each (cell · pieces + piece), sorted and each once: a region's cells above the
        # municipalities hold millions of atoms, and ``np.unique`` of rows sorts far slower than of numbers
        pieces = self.atom_pieces()
        count = int(pieces.max()) + 1 if len(pieces) else 1
        pairs = np.unique(cell_of[chosen] * count + pieces[flat[chosen]])
        return pairs // count, pairs % count


#: the block of a cell whose atoms lie in more than one municipality
CROSS = -1
#: the piece of a cell without atoms
NO_PIECE = -2


class _Builder:
    def __init__(self, dataset: Dataset, internal: pd.DataFrame, entities: pd.DataFrame, policy: Policy) -> None:
        self.dataset = dataset
        self.internal = internal
        self.entities = entities
        self.policy = policy
        self.catalogue = dataset["indicators"].set_index("code")
        self.truth: list[float] = []
        self.labels: list[tuple[str, str, str]] = []
        self.reported_columns: dict[str, tuple[np.ndarray, list[str], list[int]]] = {}
        self.years: list[int] = []
        self.blocks: list[int] = []
        self.block_ids: dict[str, int] = {}
        self.atom_of: dict[tuple[str, str], np.ndarray] = {}  # (table, column) → atom per row
        self.rows: dict[str, pd.DataFrame] = {}
        self.row_keys: dict[str, list[str]] = {}
        #: per table: the frame its rows were read from, and per row its year and block (``_row_places``)
        self._places: dict[str, tuple[pd.DataFrame, list[int], list[int]]] = {}
        self.cells: list[Cell] = []
        self.index: dict[tuple, int] = {}
        self.identities: list[Relation] = []
        parents = entities.dropna(subset=["parent_id"])
        self.parent = {(t, i): (pt, pi) for t, i, pt, pi in parents[["entity_type", "entity_id", "parent_type", "parent_id"]]
                       .itertuples(index=False, name=None)}
        # the territories below a municipality share its level: they are solved exactly inside its block
        self.level = {"organisation": 0, "territory": 1, "municipality": 1, "region": 2}
        self.municipality = {str(i): str(o) for i, o in entities.loc[entities["entity_type"] == "organisation",
                                                                      ["entity_id", "oktmo"]].itertuples(index=False, name=None)}

    # --- atoms ---------------------------------------------------------------------------------------------

    def _row_places(self, table: str, frame: pd.DataFrame) -> tuple[list[int], list[int]]:
        """Per row of a table, its year and its block: the municipality of its organisation (a municipality's own
        row: itself); the territories inside a municipality are relations within its block, which the attacker's
        LP solves exactly. Worked out once per table (every column of it is atoms of the same rows)."""
        found = self._places.get(table)
        if found is None or found[0] is not frame:
            if "org_id" in frame.columns:
                places = [self.municipality.get(org, "") for org in frame["org_id"].astype(str).tolist()]
            else:
                places = frame["oktmo"].astype(str).tolist() if "oktmo" in frame.columns else [""] * len(frame)
            blocks = [self.block_ids.setdefault(place, len(self.block_ids)) for place in places]
            found = self._places[table] = (frame, frame["year"].astype(int).tolist(), blocks)
        return found[1], found[2]

    def _atoms(self, table: str, frame: pd.DataFrame, column: str, values: np.ndarray) -> np.ndarray:
        start = len(self.truth)
        self.truth.extend(values.tolist())
        self.labels.extend((table, key, column) for key in self.row_keys[table])
        years, blocks = self._row_places(table, frame)
        self.years.extend(years)
        self.blocks.extend(blocks)
        ids = np.arange(start, start + len(frame), dtype=np.int64)
        self.atom_of[(table, column)] = ids
        return ids

    def sources(self) -> None:
        for table, (_slice, groups) in SOURCES.items():
            frame = self.dataset.tables.get(table)
            if frame is None or frame.empty:
                continue
            frame = frame.reset_index(drop=True)
            self.rows[table] = frame
            self.row_keys[table] = row_keys(frame, ["org_id", "year", *_slice])
            for group in groups:
                for column in group.counts:
                    self._atoms(table, frame, column, frame[column].astype("Float64").fillna(0).to_numpy(dtype=float))
            if table == "ege":
                score = (frame["mean_score"].astype("Float64") * frame["participants"].astype("Float64")).fillna(0)
                self._atoms(table, frame, SCORE_SUM, score.to_numpy(dtype=float))
        for resource in REPORTED:
            frame = self.dataset.tables.get(resource)
            if frame is None or frame.empty:
                continue
            frame = frame.reset_index(drop=True)
            self.rows[resource] = frame
            self.row_keys[resource] = row_keys(frame, ["indicator", REPORTED[resource][1], "year"])
            for column in ("numerator", "denominator"):
                self._atoms(resource, frame, column, frame[column].astype("Float64").fillna(0).to_numpy(dtype=float))
        self.truth_array = np.asarray(self.truth, dtype=float)

    def add(self, cell: Cell) -> None:
        if cell.key in self.index:
            raise BuildError(f"Защита малых групп: ячейка {cell.key} описана дважды.",
                             "это ошибка программы: сообщите разработчикам.")
        self.index[cell.key] = len(self.cells)
        self.cells.append(cell)

    # --- source rows ---------------------------------------------------------------------------------------

    def source_cells(self) -> None:
        for table, (_slice_columns, groups) in SOURCES.items():
            frame = self.rows.get(table)
            if frame is None:
                continue
            exempt = self.policy.exempt(table)
            keys = self.row_keys[table]
            years = frame["year"].astype(int).to_numpy()
            for group in groups:
                size = frame[group.size].astype("Float64").fillna(0).to_numpy(dtype=float)
                atoms = {column: self.atom_of[(table, column)] for column in group.counts}
                extra = [self.atom_of[(table, SCORE_SUM)]] if table == "ege" and group.name == "participants" else []
                for row, key in enumerate(keys):
                    primary = not exempt and self.policy.small(size[row])
                    cell = Cell(("src", table, key, group.name), int(years[row]), 0, float(size[row]), primary,
                                fixes=[int(atoms[c][row]) for c in group.counts] + [int(e[row]) for e in extra])
                    if primary:
                        cell.sensitive = [(f"{table}:{key}:{c}", np.array([atoms[c][row]]), np.ones(1))
                                          for c in group.counts]
                    self.add(cell)

    def row_identities(self) -> None:
        for table, terms, low, high in ROW_IDENTITIES:
            if table not in self.rows:
                continue
            columns = [self.atom_of[(table, column)] for _c, column in terms]
            coefs = np.array([c for c, _column in terms], dtype=float)
            totals = sum(c * self.truth_array[ids] for c, ids in zip(coefs, columns, strict=True))
            tolerance = 1e-6 * np.maximum(1.0, np.abs(totals))
            # an identity the row's data do not satisfy (a mean score inconsistent with its score bands) is one
            # an attacker would find false too and drop: it is not used for that row
            holds = (totals >= low - tolerance) & (totals <= high + tolerance)
            # one row of atoms per identity, cut from one array (built one by one they cost seconds in a region)
            atoms = np.stack(columns, axis=1).astype(np.int64)[holds]
            self.identities.extend(Relation(row, coefs, low, high) for row in atoms)
        for resource in REPORTED:
            frame = self.rows.get(resource)
            if frame is None:
                continue
            shares = frame["indicator"].astype(str).map(self.catalogue["aggregation"]).eq("share").to_numpy()
            numerators, denominators = self.atom_of[(resource, "numerator")], self.atom_of[(resource, "denominator")]
            pairs = np.stack([denominators, numerators], axis=1).astype(np.int64)[shares & frame["denominator"].notna().to_numpy()]
            signs = np.array([1.0, -1.0])
            self.identities.extend(Relation(row, signs, 0, np.inf) for row in pairs)
        for (left_table, left_filter, left_column), (right_table, right_filter, right_column) in CROSS_IDENTITIES:
            if left_table not in self.rows or right_table not in self.rows:
                continue
            left = self._by_org_year(left_table, left_filter, left_column)
            right = self._by_org_year(right_table, right_filter, right_column)
            for key in sorted(set(left) & set(right)):
                if self.truth_array[left[key]] == self.truth_array[right[key]]:
                    self.identities.append(Relation(np.array([left[key], right[key]]), np.array([1.0, -1.0]), 0, 0))

    def _by_org_year(self, table: str, where: dict[str, str], column: str) -> dict[tuple[str, int], int]:
        frame = self.rows[table]
        hit = np.ones(len(frame), dtype=bool)
        for name, value in where.items():
            hit &= frame[name].astype(str).eq(value).to_numpy()
        atoms = self.atom_of[(table, column)]
        return {(str(org), int(year)): int(atoms[row]) for row, org, year in
                zip(np.flatnonzero(hit), frame["org_id"].to_numpy()[hit], frame["year"].to_numpy()[hit], strict=True)}

    # --- indicator values ----------------------------------------------------------------------------------

    def _terms(self, table: str, formula: Formula, part: str) -> list[tuple[float, np.ndarray]] | None:
        """Per-row atoms of a sum of terms; ``None`` when a term is not a count (``rows``)."""
        terms = formula.numerator if part == "numerator" else formula.denominator
        found = []
        for term in terms or ():
            if term.rows:
                return None
            columns = tuple(sorted(term.columns))
            if columns == ("mean_score", "participants"):
                found.append((term.coefficient, self.atom_of[(table, SCORE_SUM)]))
            elif len(columns) == 1 and (table, columns[0]) in self.atom_of:
                found.append((term.coefficient, self.atom_of[(table, columns[0])]))
            else:
                raise BuildError(f"Защита малых групп: член «{'*'.join(term.columns)}» формулы «{formula.text}» не "
                                 "описан в модели публикуемых чисел.", "это ошибка программы: сообщите разработчикам.")
        return found

    def value_cells(self) -> None:
        truth = self.truth_array
        catalogue = self.catalogue
        internal = self.internal
        group_sizes = {group.size for _slice, groups in SOURCES.values() for group in groups}
        for code, rows in internal.groupby("indicator", sort=True):
            entry = catalogue.loc[str(code)]
            if entry["population"] not in PERSONS:
                continue
            aggregation = str(entry["aggregation"])
            forms: dict[tuple[str, str, int], dict[str, tuple[np.ndarray, np.ndarray]]] = {}
            counting = aggregation == "sum" and str(entry["unit"]) == PERSON_UNIT
            exempt = False
            if entry["method"] == "computed":
                formula = parse_formula(str(entry["formula"]))
                exempt = self.policy.exempt(formula.dataset)
                frame = self.rows.get(formula.dataset)
                if frame is None:
                    continue
                parts = {part: self._terms(formula.dataset, formula, part)
                         for part in ("numerator", "denominator") if part == "numerator" or formula.denominator}
                if any(value is None for value in parts.values()):
                    continue
                counting = counting and all(len(term.columns) == 1 and term.columns[0] in group_sizes
                                            for term in formula.numerator)
                selected = np.flatnonzero(mask(frame, formula.filters).to_numpy())
                orgs = frame["org_id"].astype(str).to_numpy()[selected]
                years = frame["year"].astype(int).to_numpy()[selected]
                order = np.lexsort((years, orgs))
                for (org, year), positions in _groups(orgs[order], years[order], selected[order]):
                    forms[("organisation", org, year)] = {
                        part: (np.concatenate([ids[positions] for _c, ids in terms]),
                               np.concatenate([np.full(len(positions), c) for c, _ids in terms]))
                        for part, terms in parts.items()}
            else:
                resource = "organisation_values" if entry["level"] == "organisation" else "municipality_values"
                frame = self.rows.get(resource)
                if frame is None:
                    continue
                kind, id_column = REPORTED[resource]
                indicators, ids, years = self._reported_columns(resource)
                for row in np.flatnonzero(indicators == str(code)).tolist():
                    key = (kind, ids[row], years[row])
                    forms[key] = {"numerator": (self.atom_of[(resource, "numerator")][[row]], np.ones(1))}
                    if aggregation != "sum":
                        forms[key]["denominator"] = (self.atom_of[(resource, "denominator")][[row]], np.ones(1))
            self._roll_up(forms)
            for (kind, entity, year), row in zip(
                    rows[["entity_type", "entity_id", "year"]].astype({"year": int}).astype({"entity_id": str})
                    .itertuples(index=False, name=None), rows.itertuples(index=False), strict=True):
                parts = forms.get((kind, entity, int(year)))
                if parts is None:
                    continue
                size = float(row.numerator if aggregation == "sum" else row.denominator) if not pd.isna(
                    row.numerator if aggregation == "sum" else row.denominator) else 0.0
                sized = aggregation in ("share", "mean") or counting
                primary = sized and not exempt and self.policy.small(size)
                cell = Cell(("value", str(code), kind, entity, int(year)), int(year), self.level.get(kind, 0), size, primary)
                for part, (atoms, coefs) in parts.items():
                    total = float(np.dot(truth[atoms], coefs)) if len(atoms) else 0.0
                    if len(atoms) == 1 and coefs[0] == 1.0:
                        cell.fixes.append(int(atoms[0]))
                    else:
                        cell.forms.append(Relation(atoms, coefs, total, total))
                    if primary and self._counts(atoms, coefs) and (part == "denominator" or aggregation != "mean"):
                        cell.sensitive.append((f"{code}:{kind}:{entity}:{year}:{part}", atoms, coefs))
                self.add(cell)

    def _reported_columns(self, resource: str) -> tuple[np.ndarray, list[str], list[int]]:
        """A reported-value table's indicator codes, entity ids and years, taken out of the frame once (per row
        through pandas, they were a third of the model's time)."""
        if resource not in self.reported_columns:
            frame = self.rows[resource]
            id_column = REPORTED[resource][1]
            self.reported_columns[resource] = (frame["indicator"].astype(str).to_numpy(),
                                               frame[id_column].astype(str).tolist(),
                                               frame["year"].astype(int).tolist())
        return self.reported_columns[resource]

    def _counts(self, atoms: np.ndarray, coefs: np.ndarray) -> bool:
        return bool(np.all(coefs == 1.0)) and all(self.labels[a][2] != SCORE_SUM for a in atoms)

    def _roll_up(self, forms: dict[tuple[str, str, int], dict[str, tuple[np.ndarray, np.ndarray]]]) -> None:
        """Add every ancestor's forms: the sum of the forms below it (any depth of the territory tree; each
        entity's forms are added to every ancestor directly, so branches of different depth meet correctly)."""
        base = dict(forms)
        above: dict[tuple[str, str, int], dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for (kind, entity, year), parts in sorted(base.items()):
            node, seen = (kind, entity), set()
            while (node := self.parent.get(node)) is not None and node not in seen:
                seen.add(node)
                for part, form in parts.items():
                    above[(node[0], node[1], year)][part].append(form)
        for key, parts in sorted(above.items()):
            if key in base:
                continue  # reported at that level: its own atoms
            forms[key] = {part: (np.concatenate([a for a, _c in items]), np.concatenate([c for _a, c in items]))
                          for part, items in parts.items()}

    # --- procedure tables of the territories ---------------------------------------------------------------

    def procedure_cells(self, cells: dict[str, pd.DataFrame]) -> None:
        """A territory's row of a procedure table: its participants, the shares printed to their decimals."""
        truth = self.truth_array
        for table, internal in cells.items():
            if table not in SOURCES or table not in self.rows:
                continue
            slice_columns = SOURCES[table][0]
            frame = self.rows[table]
            orgs = frame["org_id"].astype(str).to_numpy()
            years = frame["year"].astype(int).to_numpy()
            slices = [frame[c].astype(str).to_numpy() for c in slice_columns]
            members: dict[tuple, list[int]] = defaultdict(list)
            for row in range(len(frame)):
                node = ("organisation", orgs[row])
                while (node := self.parent.get(node)) is not None:
                    members[(node[0], node[1], int(years[row]), *(s[row] for s in slices))].append(row)
            territory = internal[internal["entity_type"] != "organisation"]
            for record in territory.itertuples(index=False):
                key = (str(record.entity_type), str(record.entity_id), int(record.year),
                       *(str(getattr(record, c)) for c in slice_columns))
                rows = np.array(members.get(key, []), dtype=np.int64)
                if not len(rows):
                    continue
                participants = self.atom_of[(table, "participants")][rows]
                ones = np.ones(len(rows))
                size = float(truth[participants].sum())
                primary = not self.policy.exempt(table) and self.policy.small(size)
                cell = Cell(("proc", table, *key), key[2], self.level.get(key[0], 1), size, primary)
                cell.forms.append(Relation(participants, ones, size, size))
                for column in PROCEDURE_SUMS.get(table, ()):
                    atoms = self.atom_of[(table, column)][rows]
                    total = float(truth[atoms].sum())
                    cell.forms.append(Relation(atoms, ones, total, total))
                for _name, terms, decimals, factor in PROCEDURE_COLUMNS.get(table, []):
                    if size <= 0:
                        continue
                    atoms = np.concatenate([self.atom_of[(table, column)][rows] for _c, column in terms])
                    coefs = np.concatenate([np.full(len(rows), c) for c, _column in terms])
                    shown = round(factor * float(np.dot(truth[atoms], coefs)) / size, decimals)
                    half = 0.5 * 10 ** -decimals
                    for bound, sense in ((shown - half, "low"), (shown + half, "high")):
                        # factor·Σ coefs·atoms − bound·participants ≥ 0 (low) or ≤ 0 (high)
                        both = np.concatenate([atoms, participants])
                        weights = np.concatenate([factor * coefs, -bound * ones])
                        cell.forms.append(Relation(both, weights, 0.0, np.inf) if sense == "low"
                                          else Relation(both, weights, -np.inf, 0.0))
                if primary:
                    cell.sensitive.append((f"{table}:{':'.join(map(str, key))}:participants", participants, ones))
                    for column in SOURCES[table][1][0].counts[1:]:
                        cell.sensitive.append((f"{table}:{':'.join(map(str, key))}:{column}",
                                               self.atom_of[(table, column)][rows], ones))
                self.add(cell)

    def model(self) -> Model:
        result = Model(self.truth_array, self.labels, np.asarray(self.years, dtype=np.int64), self.cells, self.index,
                       self.identities, np.asarray(self.blocks, dtype=np.int64),
                       tuple(sorted(self.block_ids, key=self.block_ids.__getitem__)))
        _check_truth(result)
        return result


def row_keys(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """A stable name of each row: its key columns joined by «/» (``sch-01/2025/math``)."""
    text = frame[columns[0]].astype(str)
    for column in columns[1:]:
        text = text + "/" + frame[column].astype(str)
    return text.tolist()


def _groups(orgs: np.ndarray, years: np.ndarray, rows: np.ndarray):
    """Consecutive runs of equal (org, year) in sorted arrays → ((org, year), rows)."""
    if not len(rows):
        return
    change = np.flatnonzero((orgs[1:] != orgs[:-1]) | (years[1:] != years[:-1])) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [len(rows)]])
    for start, end in zip(starts, ends, strict=True):
        yield (str(orgs[start]), int(years[start])), rows[start:end]


def _check_truth(model: Model) -> None:
    """Every relation must hold for the true counts; one that does not is a defect of the model."""
    relations = [form for cell in model.cells for form in cell.forms] + model.identities
    owners = [cell.key for cell in model.cells for _form in cell.forms] + ["тождество"] * len(model.identities)
    if not relations:
        return
    sizes = np.fromiter((len(relation.atoms) for relation in relations), dtype=np.int64, count=len(relations))
    atoms = np.concatenate([np.asarray(relation.atoms, dtype=np.int64) for relation in relations])
    coefs = np.concatenate([np.asarray(relation.coefs, dtype=float) for relation in relations])
    values = np.bincount(np.repeat(np.arange(len(relations)), sizes), weights=model.truth[atoms] * coefs,
                         minlength=len(relations))
    low = np.fromiter((relation.low for relation in relations), dtype=float, count=len(relations))
    high = np.fromiter((relation.high for relation in relations), dtype=float, count=len(relations))
    tolerance = 1e-6 * np.maximum(1.0, np.abs(values))
    failed = np.flatnonzero((values < low - tolerance) | (values > high + tolerance))
    if len(failed):
        first = int(failed[0])
        relation, value = relations[first], float(values[first])
        labels = ", ".join(f"{t}[{r}].{c}" for t, r, c in (model.labels[a] for a in relation.atoms[:4]))
        raise BuildError(f"Защита малых групп: соотношение {owners[first]} не выполняется для данных ({labels}…: {value} вне "
                         f"[{relation.low}, {relation.high}]).", "это ошибка программы: сообщите разработчикам.")


def build_model(dataset: Dataset, internal: pd.DataFrame, procedure_cells: dict[str, pd.DataFrame],
                entities: pd.DataFrame, policy: Policy) -> Model:
    """The model of every published number of the build (see the module docstring)."""
    builder = _Builder(dataset, internal, entities, policy)
    builder.sources()
    builder.source_cells()
    builder.row_identities()
    builder.value_cells()
    builder.procedure_cells(procedure_cells)
    return builder.model()
