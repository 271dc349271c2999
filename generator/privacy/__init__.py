"""Disclosure control: which published numbers are hidden («к»), and the proof that nothing hidden comes back.

The flow, called by the analytics (``protect``) and by the open data (``verify``):

1. ``model`` writes every number the site publishes — the source tables of every dataset, the indicator values
   of organisations and of every territory level, the territories' procedure tables — as linear relations over
   the underlying counts, with the identities an attacker knows;
2. ``policy`` marks the cells of small groups (primary);
3. ``secondary`` hides more cells, chosen over the whole model at once, until the attacker's linear program
   (``solver``) leaves every hidden count of persons at least the protection width;
4. ``audit`` proves it: the attacker's LP over exactly the cells the published tables show. ``verify`` reads
   which cells the tables about to be written really show; a table that shows more than was decided is audited
   as it is, so a writer that forgets to blank a cell fails the build instead of leaking.

The work falls apart by year (no published number joins two years): each year's model is built, decided and
dropped in turn, so only one year's cells are ever in memory, and a year whose rows did not change is taken
from the cache without being modelled at all (``inputs``). Within a year it falls apart by municipality (the
model's attacker is told each municipality's part of a region's totals: ``Model.parts``), and within a
municipality's year into pieces that share no atom of any relation (its ЕГЭ with the graduation table, its ОГЭ,
its ВПР, each olympiad stage…: ``Model.atom_pieces``). The pieces of one source table in a municipality's year
are decided and audited together, apart from the others, in parallel, and kept in the cache under the digest of
exactly their part of the model; the cells above the
municipalities (a region's own small groups) are then decided from the union, per set of pieces they tie
together. So a region's unchanged municipalities and procedures are neither re-chosen nor re-audited when one
school's data change, and a large region spreads over every core.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import collector
from ..cache import Cache
from ..config import Config
from ..load import Dataset
from ..progress import track
from .audit import AuditReport, audit
from .inputs import YEARLY, YearInputs, key_year, split_years
from .model import CROSS, NO_PIECE, SOURCES, Model, Relation, build_model, row_keys
from .policy import Policy
from .secondary import choose, targets

__all__ = ["AuditReport", "Policy", "Protection", "YearDecision", "cell_digest", "protect", "read_pattern"]

#: the code a decision depends on: a year's decision is stored under the digest of its inputs, so the code that
#: turns them into the model (the formulas' parser besides this package) and the solver's library are in its key
_CODE = [*sorted(Path(__file__).parent.glob("*.py")), Path(__file__).parent.parent / "compute" / "formula.py"]
_LIBRARIES = ("highspy", "numpy", "scipy")


@dataclass(frozen=True)
class YearDecision:
    """One year's decision, kept without its model (a region's model of one year alone is a gigabyte)."""

    year: int
    #: hidden cell key → ``primary`` | ``secondary``
    states: dict[tuple, str]
    #: the hidden cells with the digest of their data (``Protection.pattern``)
    pattern: list[tuple[list, str]]
    report: AuditReport
    tasks: int
    cached_tasks: int
    kept: int
    #: the task entries of the cache it was made from, kept while the year is (``Cache.prune``)
    entries: tuple[str, ...]


@dataclass
class Protection:
    """The decision: which cells are hidden, and the audit that proved it."""

    policy: Policy
    decisions: dict[int, YearDecision]
    report: AuditReport
    #: the inputs the decision was made from: ``verify`` and the tests rebuild a model from them when needed
    inputs: list[YearInputs] = field(repr=False)
    #: seconds spent choosing and auditing, and on the years' models
    seconds: float = 0.0
    cached_years: tuple[int, ...] = field(default_factory=tuple)
    #: cells kept hidden because the previous version hid them and their data have not changed
    kept: int = 0
    #: decision tasks (a piece of a municipality's year, or cells above the municipalities) from the cache, of all
    cached_tasks: int = 0
    tasks: int = 0
    states: dict[tuple, str] = field(init=False, repr=False)
    _whole: tuple[Model, np.ndarray] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.states = {key: state for decision in self.decisions.values() for key, state in decision.states.items()}

    def year_model(self, year: int) -> tuple[Model, np.ndarray]:
        """The model of one year and which of its cells are hidden (built again: the decision keeps none)."""
        inputs = next(item for item in self.inputs if item.year == year)
        model = build_model(inputs.dataset, inputs.internal, inputs.procedure_cells, inputs.entities, self.policy)
        return model, self._hidden(model)

    @property
    def model(self) -> Model:
        """The model of every year at once, built on first use (``verify`` of a table that shows more than was
        decided, and the tests; a build that publishes what was decided never builds it)."""
        return self._whole_model()[0]

    @property
    def hidden(self) -> np.ndarray:
        """Per cell of ``model``, whether it is hidden."""
        return self._whole_model()[1]

    def _whole_model(self) -> tuple[Model, np.ndarray]:
        if self._whole is None:
            first = self.inputs[0] if self.inputs else None
            if first is None:
                raise ValueError("no year to model")
            tables = dict(first.dataset.tables)
            for name in {name for item in self.inputs for name in item.dataset.tables if name in YEARLY}:
                tables[name] = pd.concat([item.dataset.tables[name] for item in self.inputs if name in item.dataset.tables])
            internal = pd.concat([item.internal for item in self.inputs])
            cells = {name: pd.concat([item.procedure_cells[name] for item in self.inputs]) for name in first.procedure_cells}
            model = build_model(dataclasses.replace(first.dataset, tables=tables), internal, cells, first.entities,
                                self.policy)
            self._whole = (model, self._hidden(model))
        return self._whole

    def _hidden(self, model: Model) -> np.ndarray:
        return np.fromiter((cell.key in self.states for cell in model.cells), dtype=bool, count=len(model.cells))

    def pattern(self) -> bytes:
        """The hidden cells with a digest of their data, for the next build to keep (``protect(kept=…)``).

        Stored with the version in the project's archive, never published: it names what is hidden."""
        cells = sorted(entry for decision in self.decisions.values() for entry in decision.pattern)
        return (json.dumps({"cells": cells}, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    def state(self, key: tuple) -> str | None:
        """``primary`` | ``secondary`` | ``None`` (shown, or not a cell of the model)."""
        return self.states.get(key)

    def value_states(self, values: pd.DataFrame) -> pd.Series:
        # columns as lists: iterating a pandas column value by value costs twenty times as much
        keys = zip(values["indicator"].astype(str).tolist(), values["entity_type"].astype(str).tolist(),
                   values["entity_id"].astype(str).tolist(), values["year"].astype(int).tolist(), strict=True)
        return pd.Series([self.state(("value", *key)) for key in keys], index=values.index, dtype="string")

    def source_hidden(self, table: str, frame: pd.DataFrame) -> dict[str, np.ndarray]:
        """Per group of a source table (``SOURCES``): which rows hide it."""
        slice_columns, groups = SOURCES[table]
        keys = row_keys(frame, ["org_id", "year", *slice_columns])
        return {group.name: np.array([("src", table, key, group.name) in self.states for key in keys], dtype=bool)
                for group in groups}

    def procedure_states(self, table: str, frame: pd.DataFrame) -> pd.Series:
        """A procedure table's rows: an organisation's row is its source row, a territory's row its own cell."""
        slice_columns, groups = SOURCES[table]
        states = []
        columns = [frame[column].astype(str).tolist() for column in ["entity_type", "entity_id", "year", *slice_columns]]
        for record in zip(*columns, strict=True):
            kind, entity, year, *rest = record
            if kind == "organisation":
                states.append(self.state(("src", table, "/".join([entity, year, *rest]), groups[0].name)))
            else:
                states.append(self.state(("proc", table, kind, entity, int(year), *rest)))
        return pd.Series(states, index=frame.index, dtype="string")

    def verify(self, published: dict[str, pd.DataFrame], values: pd.DataFrame | None,
               procedures: dict[str, pd.DataFrame]) -> AuditReport:
        """Audit what the tables about to be written show (``published``: source and reported tables by resource
        name, blanked; ``values``: the indicator values as published). Raises ``PrivacyError`` on a leak.

        Tables that show exactly what was decided are proved by the decision's own audit; one that shows a
        hidden cell is audited as it is, over the model of every year."""
        revealed = self.revealed(published, values, procedures)
        if revealed:
            model, shown = self.model, self.hidden.copy()
            shown[[model.index[key] for key in sorted(revealed, key=str)]] = False
            report = audit(model, self.policy, shown)
        else:
            report = self.report
        report.raise_for_findings()
        return report

    def revealed(self, published: dict[str, pd.DataFrame], values: pd.DataFrame | None,
                 procedures: dict[str, pd.DataFrame]) -> set[tuple]:
        """The hidden cells the tables show (``verify``'s arguments)."""
        hidden = self.states
        # the hidden keys by their table (a region hides tens of thousands of cells and publishes millions: each
        # table's shown rows are matched against its hidden keys in one vectorised test, not row by row)
        by_table: dict[tuple, list[tuple]] = {}
        for key in hidden:
            by_table.setdefault(key[:2] if key[0] in ("src", "proc") else key[:1] + key[2:3], []).append(key)
        revealed: set[tuple] = set()
        for table, frame in published.items():
            if table in SOURCES:
                slice_columns, groups = SOURCES[table]
                candidates = by_table.get(("src", table), [])
                if not candidates or frame.empty:
                    continue
                names = pa.array(row_keys(frame, ["org_id", "year", *slice_columns]), type=pa.string())
                for group in groups:
                    own = {key[2]: key for key in candidates if key[3] == group.name}
                    shown = _among(names, own) & frame[group.size].notna().to_numpy()
                    revealed.update(own[name] for name in names.filter(pa.array(shown)).to_pylist())
            elif table in ("organisation_values", "municipality_values"):
                kind, column = ("organisation", "org_id") if table == "organisation_values" else ("municipality", "oktmo")
                revealed.update(_shown(by_table.get(("value", kind), []), frame[frame["numerator"].notna()],
                                       ["indicator", column, "year"], lambda key: (key[1], key[3], key[4])))
        if values is not None:
            revealed.update(_shown([key for key in hidden if key[0] == "value"], values[values["value"].notna()],
                                   ["indicator", "entity_type", "entity_id", "year"], lambda key: key[1:]))
        for table, frame in procedures.items():
            if table not in SOURCES or frame.empty:
                continue
            slice_columns, groups = SOURCES[table]
            frame = frame[frame["participants"].notna()]
            organisations = frame["entity_type"] == "organisation"
            # an organisation's row is its source row
            own = {key[2]: key for key in by_table.get(("src", table), []) if key[3] == groups[0].name}
            if own:
                names = pa.array(row_keys(frame[organisations], ["entity_id", "year", *slice_columns]), type=pa.string())
                revealed.update(own[name] for name in names.filter(pa.array(_among(names, own))).to_pylist())
            revealed.update(_shown(by_table.get(("proc", table), []), frame[~organisations],
                                   ["entity_type", "entity_id", "year", *slice_columns], lambda key: key[2:]))
        return revealed


def _among(names: pa.Array, keys: dict[str, tuple]) -> np.ndarray:
    """Which of ``names`` are keys of ``keys`` (a boolean mask; Arrow's hash lookup, not a loop over rows)."""
    if not keys:
        return np.zeros(len(names), dtype=bool)
    return pc.is_in(names, value_set=pa.array(list(keys), type=pa.string())).to_numpy(zero_copy_only=False)


def _shown(candidates: list[tuple], frame: pd.DataFrame, columns: list[str],
           parts: Callable[[tuple], tuple]) -> list[tuple]:
    """The ``candidates`` (hidden keys) that are rows of ``frame``: ``parts`` gives a key's values of ``columns``
    (text, the year a whole number, as the keys hold them)."""
    if not candidates or frame.empty:
        return []
    wanted = {parts(key): key for key in candidates}
    arrays = [frame[column].astype(int) if column == "year" else frame[column].astype(str) for column in columns]
    rows = pd.MultiIndex.from_arrays(arrays)
    found = rows[rows.isin(list(wanted))]
    return [wanted[row] for row in found.unique()]


def cell_digest(model: Model, position: int) -> str:
    """What a cell publishes when shown (its atoms' true values and the totals of its relations), hashed."""
    cell = model.cells[position]
    values = [model.truth[cell.fixes].round(6).tolist(), [[float(f.low), float(f.high)] for f in cell.forms]]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:16]


def read_pattern(data: bytes) -> dict[tuple, str]:
    """``Protection.pattern`` read back: cell key → digest (an unreadable pattern keeps nothing)."""
    try:
        return {tuple(key): str(digest) for key, digest in json.loads(data.decode("utf-8"))["cells"]}
    except (ValueError, KeyError, TypeError):
        return {}


def _atom_keys(model: Model) -> np.ndarray:
    """Per atom, 16 bytes naming it by its source (table, row, column) and its true value — never by its
    position, which shifts when another block's rows change. Hashed once per build: the descriptions below are
    then byte strings cut from this array, which a region's million atoms need (text per atom per cell took
    hours)."""
    keys = np.empty(len(model.truth), dtype="S16")
    for atom, (label, value) in enumerate(zip(model.labels, model.truth.round(6).tolist(), strict=True)):
        keys[atom] = hashlib.blake2b(f"{chr(31).join(label)}\x1e{value!r}".encode(), digest_size=16).digest()
    return keys


#: JSON's own string encoder (the C one), as ``json.dumps(…, ensure_ascii=False)`` uses it
_json_string = json.encoder.encode_basestring


def _field(data: bytes) -> bytes:
    """One field of a description, its length first (so that no two descriptions run into each other)."""
    return len(data).to_bytes(8, "little") + data


def _atoms(model: Model, keys: np.ndarray, items: np.ndarray, coefs: np.ndarray | None = None,
           block: int | None = None) -> bytes:
    """Atoms by their keys (with ``block``, only that block's), and their coefficients."""
    chosen = np.asarray(items, dtype=np.int64)
    if block is not None:
        mask = model.blocks[chosen] == block
        chosen = chosen[mask]
        coefs = None if coefs is None else np.asarray(coefs)[mask]
    data = _field(keys[chosen].tobytes())
    return data if coefs is None else data + _field(np.asarray(coefs, dtype=float).round(9).tobytes())


def _head(model: Model, position: int, *, size: bool = True) -> bytes:
    """The cell's key, year, level, size and state: the JSON of that list (written out by hand, byte for byte
    what ``json.dumps`` gives, at a third of its cost: a region's year has hundreds of thousands of cells)."""
    cell = model.cells[position]
    shown = round(float(cell.size), 6) if size else None
    if shown is not None and not math.isfinite(shown):
        text = json.dumps([str(cell.key), cell.year, cell.level, shown, bool(cell.primary)], ensure_ascii=False)
    else:
        text = (f"[{_json_string(str(cell.key))}, {int(cell.year)}, {int(cell.level)}, "
                f"{'null' if shown is None else repr(shown)}, {'true' if cell.primary else 'false'}]")
    return _field(text.encode("utf-8"))


def _bounds(relation: Relation) -> bytes:
    return np.array([relation.low, relation.high], dtype=float).tobytes()


def _describe(model: Model, keys: np.ndarray, position: int, forms: list[bytes] | None = None,
              fixed: bytes | None = None) -> bytes:
    """What one cell brings to the attacker's LP of its block: its key, state, size and relations (``forms``:
    its relations' descriptions, when ``_relation_fields`` made them already for many cells at once; ``fixed``:
    the keys of its fixed atoms, cut from those of every cell)."""
    cell = model.cells[position]
    fixes = _atoms(model, keys, np.asarray(cell.fixes, dtype=np.int64)) if fixed is None else _field(fixed)
    pieces = [_head(model, position), fixes]
    pieces += _relation_fields(keys, cell.forms) if forms is None else forms
    pieces += [_field(label.encode("utf-8") + _atoms(model, keys, items, coefs)) for label, items, coefs in cell.sensitive]
    return _field(b"".join(pieces))


def _relation_fields(keys: np.ndarray, relations: list[Relation]) -> list[bytes]:
    """Each relation's description, ``_field(_atoms(atoms, coefs) + _bounds(relation))``, made for all of them
    at once: one packed record array per number of atoms (a region's year has hundreds of thousands of
    relations; described one by one they cost seconds)."""
    lengths = np.fromiter((len(r.atoms) for r in relations), dtype=np.int64, count=len(relations))
    found: list[bytes] = [b""] * len(relations)
    for length in np.unique(lengths).tolist():
        chosen = np.flatnonzero(lengths == length)
        record = np.dtype([("size", "<u8"), ("keys_size", "<u8"), ("keys", "S16", (length,)), ("coefs_size", "<u8"),
                           ("coefs", "<f8", (length,)), ("bounds", "<f8", (2,))])
        records = np.zeros(len(chosen), dtype=record)
        records["size"] = 32 + 24 * length
        records["keys_size"] = 16 * length
        records["coefs_size"] = 8 * length
        group = [relations[i] for i in chosen.tolist()]
        if length:
            atoms = np.concatenate([r.atoms for r in group]).astype(np.int64).reshape(len(group), length)
            records["keys"] = keys[atoms]
            records["coefs"] = np.concatenate([np.asarray(r.coefs, dtype=float) for r in group]).round(9).reshape(
                len(group), length)
        records["bounds"] = np.array([[r.low, r.high] for r in group], dtype=float)
        raw, size = records.tobytes(), record.itemsize
        for number, index in enumerate(chosen.tolist()):
            found[index] = raw[number * size:(number + 1) * size]
    return found


def _describe_blocks(model: Model, keys: np.ndarray, position: int) -> dict[int, bytes]:
    """What a cell above the municipalities brings to each block's LP: only its parts there (``Model.parts``:
    sums of the block's atoms fixed at their true values) and its state; its size does not order the candidates
    (``secondary._cost``). One pass over the cell's parts for all its blocks (a region's cell has a part in
    every municipality)."""
    cell = model.cells[position]
    blocks = np.unique(model.blocks[model.cell_atoms(position)]).tolist()
    per_block: dict[int, list[bytes]] = {block: [] for block in blocks}
    for number, parts in enumerate(model.form_parts(position)):
        for part in parts:
            per_block[int(model.blocks[part.atoms[0]])].append(
                _field(number.to_bytes(4, "little") + _atoms(model, keys, part.atoms) + _bounds(part)))
    found = {}
    for block in blocks:
        pieces = [_head(model, position, size=False),
                  _atoms(model, keys, np.asarray(cell.fixes, dtype=np.int64), block=block), *per_block[block]]
        pieces += [_field(label.encode("utf-8") + _atoms(model, keys, items, coefs, block))
                   for label, items, coefs in cell.sensitive]
        found[int(block)] = _field(b"".join(pieces))
    return found


#: a decision task: (year, block, piece) — one piece of a municipality's year; for the cells above the
#: municipalities (block ``CROSS``), the first of the pieces they tie together
Task = tuple[int, int, int]


def _piece_tasks(model: Model) -> np.ndarray:
    """Per piece, the first piece of its task: the pieces of one source table in one municipality's year are
    decided together (a year's reported indicators are dozens of small pieces, its olympiad one per stage: a
    region would have tens of thousands of tasks, each paying for its LP state). Deciding them together hides
    exactly what deciding them one by one does (no LP joins two pieces), and a changed ВПР file still
    re-decides only the ВПР."""
    _pieces, firsts = np.unique(model.atom_pieces(), return_index=True)  # pieces are numbered 0… by first atom
    blocks = model.blocks if model.blocks is not None else np.zeros(len(model.truth), dtype=np.int64)
    found = np.empty(len(firsts), dtype=np.int64)
    seen: dict[tuple[int, int, str], int] = {}
    for piece, atom in enumerate(firsts.tolist()):
        found[piece] = seen.setdefault((int(model.years[atom]), int(blocks[atom]), model.labels[atom][0]), piece)
    return found


def _cell_tasks(model: Model, piece_task: np.ndarray) -> np.ndarray:
    """Per cell, the piece that names its task: its piece's task (``_piece_tasks``), or for a cell above the
    municipalities the first of the pieces that such cells tie together (a region's ЕГЭ totals tie every
    municipality's ЕГЭ piece of the year into one task); ``NO_PIECE`` for a cell without atoms, which needs no
    task."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    found = model.cell_pieces().copy()
    own = found >= 0
    found[own] = piece_task[found[own]]
    cells, pieces = model.cross_pieces()
    if not len(cells):
        return found
    count = int(model.atom_pieces().max()) + 1
    firsts = np.flatnonzero(np.r_[True, np.diff(cells) != 0])  # each cross cell's smallest piece
    head = pieces[np.repeat(firsts, np.diff(np.r_[firsts, len(cells)]))]
    _count, labels = connected_components(coo_matrix((np.ones(len(head), dtype=np.int8), (head, pieces)),
                                                     shape=(count, count)), directed=False)
    first = np.full(labels.max() + 1, count, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(count))
    found[cells[firsts]] = first[labels[pieces[firsts]]]
    return found


def _task_digests(model: Model, policy: Policy, cell_block: np.ndarray, cell_task: np.ndarray,
                  piece_task: np.ndarray) -> dict[Task, str]:
    """The digest of each task's decision problem: its cells, the identities among its atoms and the policy. A
    piece's decision depends on nothing else (no LP joins two pieces: ``Model.atom_pieces``), so a changed ВПР
    row of a school makes only the ВПР piece of its municipality's year be decided again. The cells above the
    municipalities are decided after the blocks, from their decisions: their task's digest is that of every
    piece they tie together. The cells kept hidden from the previous version are not in the digest: a stored
    decision serves when it hides all of them (see ``protect``)."""
    keys = _atom_keys(model)
    pieces = model.atom_pieces()
    head = policy.digest_head()
    digests: dict[Task, hashlib._Hash] = {}

    def digest(year: int, block: int, piece: int) -> hashlib._Hash:
        task = (year, block, piece)
        if task not in digests:
            digests[task] = hashlib.sha256(head + f"|{year}|{block}|{piece}|".encode())
        return digests[task]

    atom_block = model.blocks if model.blocks is not None else np.zeros(len(model.truth), dtype=np.int64)
    ties: dict[Task, set[Task]] = {}
    own_cells = np.flatnonzero((cell_task != NO_PIECE) & (cell_block != CROSS)).tolist()
    fields = _relation_fields(keys, [form for position in own_cells for form in model.cells[position].forms])
    fixed, fixed_starts = model.fixes_layout()
    fixed_keys, key_size = keys[fixed].tobytes(), keys.dtype.itemsize
    form_start = 0
    for position, cell in enumerate(model.cells):
        block, piece = int(cell_block[position]), int(cell_task[position])
        if piece == NO_PIECE:
            continue
        if block != CROSS:
            count = len(cell.forms)
            forms = fields[form_start:form_start + count]
            form_start += count
            begin, end = int(fixed_starts[position]) * key_size, int(fixed_starts[position + 1]) * key_size
            digest(cell.year, block, piece).update(_describe(model, keys, position, forms, fixed_keys[begin:end]))
            continue
        atoms = model.cell_atoms(position)
        for part, description in _describe_blocks(model, keys, position).items():
            own = (cell.year, part, int(piece_task[pieces[atoms[atom_block[atoms] == part][0]]]))
            digest(*own).update(description)
            ties.setdefault((cell.year, CROSS, piece), set()).add(own)
        digest(cell.year, CROSS, piece).update(_describe(model, keys, position))
    # the identities, after the cells, each task's in their order: one buffer, sorted by task
    identities = [identity for identity in model.identities if len(identity.atoms)]
    if identities:
        firsts = np.fromiter((int(identity.atoms[0]) for identity in identities), dtype=np.int64, count=len(identities))
        years, blocks, tasks = model.years[firsts], atom_block[firsts], piece_task[pieces[firsts]]
        order = np.lexsort((tasks, blocks, years))
        fields = _relation_fields(keys, [identities[i] for i in order.tolist()])
        keys_sorted = np.stack([years[order], blocks[order], tasks[order]], axis=1)
        bounds = np.flatnonzero(np.r_[True, np.any(np.diff(keys_sorted, axis=0) != 0, axis=1), True])
        for begin, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            digest(*(int(x) for x in keys_sorted[begin])).update(b"".join(fields[begin:end]))
    found = {task: item.hexdigest() for task, item in digests.items()}
    # a cross task depends on every piece it ties together (its LP spans them)
    for task, tied in ties.items():
        found[task] = hashlib.sha256("".join([found[task], *(found[own] for own in sorted(tied))]).encode()).hexdigest()
    return found


def _scopes(model: Model, cell_block: np.ndarray, cell_task: np.ndarray) -> dict[Task, np.ndarray]:
    """Each task's cells, as positions (a region has thousands of tasks and millions of cells: a mask per task
    would not fit in memory)."""
    years = model.cell_years()
    chosen = np.flatnonzero(cell_task != NO_PIECE)
    order = chosen[np.lexsort((cell_task[chosen], cell_block[chosen], years[chosen]))]
    keys = np.stack([years[order], cell_block[order], cell_task[order]], axis=1)
    starts = np.flatnonzero(np.r_[True, np.any(np.diff(keys, axis=0) != 0, axis=1)])
    ends = np.r_[starts[1:], len(order)]
    return {tuple(int(x) for x in keys[begin]): np.sort(order[begin:end]) for begin, end in zip(starts, ends, strict=True)}


def _mask(model: Model, positions: np.ndarray) -> np.ndarray:
    mask = np.zeros(len(model.cells), dtype=bool)
    mask[positions] = True
    return mask


#: what forked workers read (set just before the fork, so nothing is pickled to them)
_WORK: list = []
#: tasks a worker decides before a fresh one takes its place. A worker's memory only grows: every page of the
#: inherited model it reads is copied (reading an object writes its reference count), and its heap keeps its
#: high-water mark; a fresh fork shares the parent's pages again. One year of the default bench region (350
#: tasks): peak of all processes 2 786 → 2 349 MiB with 10, 2 295 with 4; the same decisions, no slower
TASKS_PER_WORKER = 8


def _decide(task: Task) -> tuple[list[tuple], AuditReport]:
    """One task's secondary cells and audit, in a worker: pieces share no unknown of the attacker's LP, and years
    share no published number. Returns the keys of the cells it hides besides the primary ones: those of its
    scope (the ones kept from the previous version included) and any it hid beyond it — never the rest of
    ``start`` (the cells kept in every other block, and for a cross task the blocks' decisions), which the year
    holds already: returned by every task, they made each stored decision the size of the whole year's."""
    model, policy, start, scopes, primary = _WORK
    scope = _mask(model, scopes[task])
    witnesses: list[tuple[np.ndarray, np.ndarray]] = []
    chosen = choose(model, policy, start, scope=scope, witnesses=witnesses)
    report = audit(model, policy, chosen, scope=scope, witnesses=witnesses)
    return [model.cells[p].key for p in np.flatnonzero(chosen & ~primary & (scope | ~start))], report


def _advanced(result: tuple[list[tuple], AuditReport], advance: Callable[[int], None]) -> tuple[list[tuple], AuditReport]:
    """``result``, after counting it on the progress bar (``imap`` yields in the order of the tasks)."""
    advance(1)
    return result


def _run(tasks: list[Task], work: list) -> list[tuple[list[tuple], AuditReport]]:
    """``_decide`` for each task, one process per core when there are several."""
    import gc
    import multiprocessing
    import os

    _WORK[:] = work
    try:
        workers = min(len(tasks), os.cpu_count() or 1)
        with track("защита малых групп: части (процедура, муниципалитет, год)", len(tasks)) as advance:
            if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
                # gc.freeze: the workers' collections never walk (and so copy) the model's pages they inherit
                with multiprocessing.get_context("fork").Pool(workers, initializer=gc.freeze,
                                                              maxtasksperchild=TASKS_PER_WORKER) as pool:
                    return [_advanced(result, advance) for result in pool.imap(_decide, tasks, chunksize=1)]
            return [_advanced(_decide(task), advance) for task in tasks]
    finally:
        _WORK.clear()


def protect(dataset: Dataset, internal: pd.DataFrame, procedure_cells: dict[str, pd.DataFrame], entities: pd.DataFrame,
            config: Config, cache: Path | None = None, kept: dict[tuple, str] | None = None) -> Protection:
    """Decide the hidden cells and audit them (see the module docstring), year by year: a year whose inputs are
    unchanged is taken whole from the cache without building its model (``inputs``); within a changed year, piece
    by piece of each municipality, what is not in the cache is decided in parallel, one process per core.

    ``kept`` is the previous version's pattern (``Protection.pattern``): a cell it hid stays hidden while its
    data are unchanged, so that the two versions side by side tell no more than each alone."""
    import time

    started = time.perf_counter()
    policy = Policy.of(config)
    store = Cache(cache, code=_CODE, libraries=_LIBRARIES) if cache is not None else None
    head = policy.digest_head()
    by_year: dict[int | None, dict[tuple, str]] = {}
    for key, digest in (kept or {}).items():
        by_year.setdefault(key_year(key), {})[key] = digest
    inputs = split_years(dataset, internal, procedure_cells, entities)
    decisions: dict[int, YearDecision] = {}
    cached_years = []
    for item in inputs:
        own_kept = by_year.get(item.year, {})
        year_kept = {**by_year.get(None, {}), **own_kept}
        name = ""
        if store is not None:
            name = f"{item.year}-year-{store.key(item.digest(head))[:32]}.pickle"
            stored = store.load_object(name)
            # as for a task: a stored decision of the same rows serves when it hides every cell kept from the
            # previous version (the usual case: that version's decision of an unchanged year is this one)
            if isinstance(stored, YearDecision) and all(key in stored.states for key in own_kept):
                store.used.update(stored.entries)
                digests = {tuple(key): digest for key, digest in stored.pattern}
                held = sum(1 for key, digest in own_kept.items()
                           if stored.states[key] == "secondary" and digests.get(key) == digest)
                decisions[item.year] = dataclasses.replace(stored, cached_tasks=stored.tasks, kept=held)
                cached_years.append(item.year)
                continue
        decision = _protect_year(item, policy, store, year_kept)
        decisions[item.year] = decision
        if decision.cached_tasks == decision.tasks:
            cached_years.append(item.year)
        if store is not None:
            store.store_object(name, decision)
    if store is not None:
        store.prune("*.pickle")  # the decisions of earlier data
    report = _merge([decisions[year].report for year in sorted(decisions)], policy)
    return Protection(policy, decisions, report, inputs, time.perf_counter() - started, tuple(cached_years),
                      sum(d.kept for d in decisions.values()), sum(d.cached_tasks for d in decisions.values()),
                      sum(d.tasks for d in decisions.values()))


def _protect_year(inputs: YearInputs, policy: Policy, store: Cache | None, kept: dict[tuple, str]) -> YearDecision:
    """One year's decision, piece by piece of its municipalities, then the cells above them; its model is
    dropped when it returns."""
    # the model and its tasks' digests: hundreds of thousands of cells, none of them garbage, and no worker
    # started meanwhile (``generator.collector``)
    with collector.paused():
        model = build_model(inputs.dataset, inputs.internal, inputs.procedure_cells, inputs.entities, policy)
        primary = model.primary()
        start = primary.copy()
        for key, digest in sorted(kept.items(), key=lambda item: str(item[0])):
            position = model.index.get(key)
            if position is not None and cell_digest(model, position) == digest:
                start[position] = True
        held = start & ~primary
        cell_block = model.cell_blocks()
        piece_task = _piece_tasks(model)
        cell_task = _cell_tasks(model, piece_task)
        digests = _task_digests(model, policy, cell_block, cell_task, piece_task)
        scopes = _scopes(model, cell_block, cell_task)
    _pieces, piece_atoms = np.unique(model.atom_pieces(), return_index=True)  # each piece's first atom
    entries: list[str] = []

    def name(task: Task) -> str:
        assert store is not None
        year, block, piece = task
        place = "region" if block == CROSS else (model.block_names[block] if block < len(model.block_names) else "") or "top"
        table = model.labels[int(piece_atoms[piece])][0]
        # the store's key adds the disclosure control's own code: a decision another version chose (or audited)
        # is not taken for this one's
        return f"{year}-{place}-{table}-{store.key(digests[task])[:32]}.pickle"

    def decide(tasks: list[Task], begin: np.ndarray) -> dict[Task, tuple[list[tuple], AuditReport]]:
        found = {}
        for task in tasks:
            stored = None
            if store is not None:
                entries.append(name(task))
                stored = store.load_object(entries[-1])
            # a decision that already hides every kept cell of its scope is the one choosing from them would
            # give (choosing adds nothing to a decision that protects every count); one that shows a kept cell
            # is chosen again
            own = scopes[task]
            if stored is not None and {model.cells[p].key for p in own[held[own]]} <= set(stored[0]):
                found[task] = stored
        # the ones with most small groups first, so that the last to finish is a short one (the order decides
        # nothing: test_task_history)
        missing = sorted((task for task in tasks if task not in found),
                         key=lambda task: (-int(primary[scopes[task]].sum()), task))
        for task, result in zip(missing, _run(missing, [model, policy, begin, scopes, primary]), strict=True):
            found[task] = result
            if store is not None:
                store.store_object(name(task), result)
        cached.update(task for task in tasks if task not in missing)
        return found

    cached: set[Task] = set()
    blocks = sorted(task for task in scopes if task[1] != CROSS)
    decided = decide(blocks, start)
    hidden = start.copy()
    for keys, _report in decided.values():
        for key in keys:
            hidden[model.index[key]] = True
    # the cells above the municipalities, from the blocks' decisions (only those with small groups)
    crosses = sorted(task for task in scopes if task[1] == CROSS and targets(model, hidden, scope=_mask(model, scopes[task])))
    if crosses:
        for task, result in decide(crosses, hidden.copy()).items():
            decided[task] = result
            for key in result[0]:
                hidden[model.index[key]] = True
    reports = [decided[task][1] for task in sorted(decided)]
    positions = np.flatnonzero(hidden).tolist()
    states = {model.cells[p].key: "primary" if model.cells[p].primary else "secondary" for p in positions}
    pattern = [([*model.cells[p].key], cell_digest(model, p)) for p in positions]
    return YearDecision(inputs.year, states, pattern, _merge(reports, policy, hidden, primary), len(decided),
                        len(cached), int(held.sum()), tuple(entries))


def _merge(reports: list[AuditReport], policy: Policy, hidden: np.ndarray | None = None,
           primary: np.ndarray | None = None) -> AuditReport:
    """One report of the tasks' audits; the hidden cells counted over the final decision (a cell one block
    hid may lie in another block's scope). Without ``hidden``: the reports of years, whose cells are apart."""
    narrow = [r for r in reports if r.narrowest is not None]
    best = min(narrow, key=lambda r: r.narrowest) if narrow else None
    if hidden is None or primary is None:
        counts = (sum(r.hidden for r in reports), sum(r.primary for r in reports))
    else:
        counts = (int(hidden.sum()), int((hidden & primary).sum()))
    return AuditReport(sum(r.audited for r in reports), best.narrowest if best else None, best.narrowest_label if best else "",
                       *counts, policy.width, tuple(f for r in reports for f in r.findings))
