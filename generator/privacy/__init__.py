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

The work falls apart by year (no published number joins two years); each year's decision and audit are kept
in the cache under the hash of everything they are made from, so an unchanged year is neither re-chosen nor
re-audited.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..cache import Cache
from ..config import Config
from ..load import Dataset
from .audit import AuditReport, audit
from .model import SOURCES, Model, build_model, row_keys
from .policy import Policy
from .secondary import choose

__all__ = ["AuditReport", "Policy", "Protection", "cell_digest", "protect", "read_pattern"]

_CODE = sorted(Path(__file__).parent.glob("*.py"))


@dataclass
class Protection:
    """The decision: which cells are hidden, and the audit that proved it."""

    model: Model
    policy: Policy
    hidden: np.ndarray
    report: AuditReport
    #: seconds spent choosing and auditing (0 for years taken from the cache)
    seconds: float = 0.0
    cached_years: tuple[int, ...] = field(default_factory=tuple)
    #: cells kept hidden because the previous version hid them and their data have not changed
    kept: int = 0

    def pattern(self) -> bytes:
        """The hidden cells with a digest of their data, for the next build to keep (``protect(kept=…)``).

        Stored with the version in the project's archive, never published: it names what is hidden."""
        cells = sorted(([*self.model.cells[p].key], cell_digest(self.model, p)) for p in np.flatnonzero(self.hidden))
        return (json.dumps({"cells": cells}, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    def state(self, key: tuple) -> str | None:
        """``primary`` | ``secondary`` | ``None`` (shown, or not a cell of the model)."""
        position = self.model.index.get(key)
        if position is None or not self.hidden[position]:
            return None
        return "primary" if self.model.cells[position].primary else "secondary"

    def value_states(self, values: pd.DataFrame) -> pd.Series:
        keys = zip(values["indicator"].astype(str), values["entity_type"].astype(str), values["entity_id"].astype(str),
                   values["year"].astype(int), strict=True)
        return pd.Series([self.state(("value", *key)) for key in keys], index=values.index, dtype="string")

    def source_hidden(self, table: str, frame: pd.DataFrame) -> dict[str, np.ndarray]:
        """Per group of a source table (``SOURCES``): which rows hide it."""
        slice_columns, groups = SOURCES[table]
        keys = row_keys(frame, ["org_id", "year", *slice_columns])
        return {group.name: np.array([self.state(("src", table, key, group.name)) is not None for key in keys], dtype=bool)
                for group in groups}

    def procedure_states(self, table: str, frame: pd.DataFrame) -> pd.Series:
        """A procedure table's rows: an organisation's row is its source row, a territory's row its own cell."""
        slice_columns, groups = SOURCES[table]
        states = []
        for record in frame[["entity_type", "entity_id", "year", *slice_columns]].astype(str).itertuples(index=False, name=None):
            kind, entity, year, *rest = record
            if kind == "organisation":
                states.append(self.state(("src", table, "/".join([entity, year, *rest]), groups[0].name)))
            else:
                states.append(self.state(("proc", table, kind, entity, int(year), *rest)))
        return pd.Series(states, index=frame.index, dtype="string")

    def verify(self, published: dict[str, pd.DataFrame], values: pd.DataFrame | None,
               procedures: dict[str, pd.DataFrame]) -> AuditReport:
        """Audit what the tables about to be written show (``published``: source and reported tables by resource
        name, blanked; ``values``: the indicator values as published). Raises ``PrivacyError`` on a leak."""
        shown = self.hidden.copy()
        index = self.model.index
        for table, frame in published.items():
            if table in SOURCES:
                slice_columns, groups = SOURCES[table]
                keys = row_keys(frame, ["org_id", "year", *slice_columns])
                for group in groups:
                    visible = frame[group.size].notna().to_numpy()
                    for key, seen in zip(keys, visible, strict=True):
                        position = index.get(("src", table, key, group.name))
                        if seen and position is not None:
                            shown[position] = False
            elif table in ("organisation_values", "municipality_values"):
                kind, column = ("organisation", "org_id") if table == "organisation_values" else ("municipality", "oktmo")
                for indicator, entity, year, numerator in frame[["indicator", column, "year", "numerator"]].itertuples(
                        index=False, name=None):
                    position = index.get(("value", str(indicator), kind, str(entity), int(year)))
                    if position is not None and not pd.isna(numerator):
                        shown[position] = False
        if values is not None:
            visible = values["value"].notna().to_numpy()
            keys = zip(values["indicator"].astype(str), values["entity_type"].astype(str),
                       values["entity_id"].astype(str), values["year"].astype(int), strict=True)
            for key, seen in zip(keys, visible, strict=True):
                position = index.get(("value", *key))
                if seen and position is not None:
                    shown[position] = False
        for table, frame in procedures.items():
            if table not in SOURCES or frame.empty:
                continue
            slice_columns, groups = SOURCES[table]
            for record in frame[["entity_type", "entity_id", "year", *slice_columns, "participants"]].itertuples(
                    index=False, name=None):
                kind, entity, year, *rest, participants = record
                rest = [str(item) for item in rest]
                if kind == "organisation":  # an organisation's row is its source row
                    key = ("src", table, "/".join([str(entity), str(year), *rest]), groups[0].name)
                else:
                    key = ("proc", table, str(kind), str(entity), int(year), *rest)
                position = index.get(key)
                if position is not None and not pd.isna(participants):
                    shown[position] = False
        report = self.report if np.array_equal(shown, self.hidden) else audit(self.model, self.policy, shown)
        report.raise_for_findings()
        return report


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


def _year_key(dataset: Dataset, internal: pd.DataFrame, entities: pd.DataFrame, policy: Policy, year: int) -> str:
    """Everything one year's decision is made from: that year's rows of every table, the entities, the
    catalogue, the policy and this package's code. (The cells kept from the previous version are not in the
    key: a stored decision serves when it hides all of them — see ``protect``.)"""
    digest = hashlib.sha256(json.dumps([policy.threshold, policy.width, [e.dataset for e in policy.exemptions], year]).encode())
    parts = [frame[frame["year"].astype("Int64") == year] for name, frame in sorted(dataset.tables.items())
             if "year" in frame.columns]
    parts += [internal[internal["year"] == year], entities[["entity_type", "entity_id", "parent_type", "parent_id"]],
              dataset["indicators"][["code", "unit", "aggregation", "population", "method", "level", "formula"]]]
    for frame in parts:
        digest.update(json.dumps([str(c) for c in frame.columns]).encode())
        digest.update(pd.util.hash_pandas_object(frame.astype("string"), index=False).to_numpy().tobytes())
    return digest.hexdigest()


#: what forked workers read (set just before the fork, so nothing is pickled to them)
_WORK: list = []


def _decide_year(year: int) -> tuple[list[tuple], AuditReport]:
    """One year's secondary cells and audit (in a worker: years share no published number)."""
    model, policy, hidden = _WORK
    chosen = choose(model, policy, hidden, {year})
    in_year = np.array([cell.year == year for cell in model.cells], dtype=bool)
    mixed = np.where(in_year, chosen, hidden)
    return [model.cells[p].key for p in np.flatnonzero(mixed & in_year)], audit(model, policy, mixed, {year})


def protect(dataset: Dataset, internal: pd.DataFrame, procedure_cells: dict[str, pd.DataFrame], entities: pd.DataFrame,
            config: Config, cache: Path | None = None, kept: dict[tuple, str] | None = None) -> Protection:
    """Decide the hidden cells and audit them (see the module docstring); years not in the cache are decided in
    parallel, one process per core.

    ``kept`` is the previous version's pattern (``Protection.pattern``): a cell it hid stays hidden while its
    data are unchanged, so that the two versions side by side tell no more than each alone."""
    import multiprocessing
    import os
    import time

    started = time.perf_counter()
    policy = Policy.of(config)
    model = build_model(dataset, internal, procedure_cells, entities, policy)
    primary = np.array([cell.primary for cell in model.cells], dtype=bool)
    start = primary.copy()
    for key, digest in sorted((kept or {}).items(), key=lambda item: str(item[0])):
        position = model.index.get(key)
        if position is not None and cell_digest(model, position) == digest:
            start[position] = True
    held = start & ~primary
    hidden = start.copy()
    years = sorted({cell.year for cell in model.cells})
    stored: dict[int, tuple[list[tuple], AuditReport]] = {}
    store = Cache(cache, code=_CODE) if cache is not None else None
    names = {}
    for year in years:
        if store is None:
            continue
        names[year] = name = f"{year}-{store.key(_year_key(dataset, internal, entities, policy, year))[:32]}.pickle"
        found = store.load_object(name)
        if found is not None:
            # a decision that already hides every kept cell of the year is the one choosing would give
            # (it is audited, so choosing from it adds nothing); one that shows a kept cell is chosen again
            held_keys = {model.cells[p].key for p in np.flatnonzero(held) if model.cells[p].year == year}
            if held_keys <= set(found[0]):
                stored[year] = found
    cached_years = tuple(sorted(stored))
    missing = [year for year in years if year not in stored]
    _WORK[:] = [model, policy, start]
    try:
        workers = min(len(missing), os.cpu_count() or 1)
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                decided = pool.map(_decide_year, missing, chunksize=1)
        else:
            decided = [_decide_year(year) for year in missing]
    finally:
        _WORK.clear()
    for year, result in zip(missing, decided, strict=True):
        stored[year] = result
        if store is not None:
            store.discard(f"{year}-*.pickle", keep=names[year])  # the decision of the year's earlier data
            store.store_object(names[year], result)
    reports = []
    for year in years:
        keys, report = stored[year]
        for key in keys:
            hidden[model.index[key]] = True
        reports.append(report)
    return Protection(model, policy, hidden, _merge(reports, policy), time.perf_counter() - started, cached_years,
                      int(held.sum()))


def _merge(reports: list[AuditReport], policy: Policy) -> AuditReport:
    narrow = [r for r in reports if r.narrowest is not None]
    best = min(narrow, key=lambda r: r.narrowest) if narrow else None
    return AuditReport(sum(r.audited for r in reports), best.narrowest if best else None, best.narrowest_label if best else "",
                       sum(r.hidden for r in reports), sum(r.primary for r in reports), policy.width,
                       tuple(f for r in reports for f in r.findings))
