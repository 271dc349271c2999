"""The disclosure control's inputs, one year at a time, and the digest of each year's.

No published number joins two years (``generator.privacy``), so the model of a build is the models of its
years side by side. Building one year's model at a time keeps only that year's cells in memory (a region's model
of five years took gigabytes), and a year whose inputs did not change is not modelled at all: its decision is
taken from the cache under the digest of exactly the rows it is made from (``YearInputs.digest``), which costs a
hash of those rows instead of the model, its task digests and the cache look-ups of every task.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..load import Dataset
from .model import REPORTED, SOURCES

#: the dataset's tables that hold rows of one year each (the others — catalogue, registry — serve every year)
YEARLY = (*SOURCES, *REPORTED)


def _by_year(frame: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """A frame's rows per year, each in the frame's own order (the model's atoms and cells follow it)."""
    if frame.empty or "year" not in frame.columns:
        return {}
    years = pd.to_numeric(frame["year"], errors="coerce").to_numpy()
    found = {}
    for year in np.unique(years[~np.isnan(years)]).astype(int).tolist():
        found[year] = frame[years == year]
    return found


def _frame_digest(frame: pd.DataFrame) -> bytes:
    """The rows of a frame, their order, its columns and their types, hashed."""
    digest = hashlib.sha256(repr([(str(name), str(dtype)) for name, dtype in frame.dtypes.items()]).encode())
    digest.update(len(frame).to_bytes(8, "little"))
    if len(frame) and len(frame.columns):
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.digest()


@dataclass
class YearInputs:
    """The arguments of ``build_model`` restricted to one year's rows."""

    year: int
    dataset: Dataset
    internal: pd.DataFrame
    procedure_cells: dict[str, pd.DataFrame]
    entities: pd.DataFrame

    def digest(self, head: bytes) -> bytes:
        """Everything the year's decision is made from (with ``head``: the policy and the cells kept from the
        previous version): its source and reported rows, the catalogue, its indicator values and procedure
        rows, and the territory tree."""
        digest = hashlib.sha256(head)
        digest.update(str(self.year).encode())
        for name in sorted(self.dataset.tables):
            if name in YEARLY or name == "indicators":
                digest.update(name.encode() + b"\0" + _frame_digest(self.dataset.tables[name]))
        digest.update(_frame_digest(self.internal))
        for name in sorted(self.procedure_cells):
            digest.update(name.encode() + b"\0" + _frame_digest(self.procedure_cells[name]))
        digest.update(_frame_digest(self.entities))
        return digest.digest()


def split_years(dataset: Dataset, internal: pd.DataFrame, procedure_cells: dict[str, pd.DataFrame],
                entities: pd.DataFrame) -> list[YearInputs]:
    """The inputs of every year that has source or reported rows (a year without them has no cell to hide)."""
    tables = {name: _by_year(frame) for name, frame in dataset.tables.items() if name in YEARLY}
    years = sorted({year for parts in tables.values() for year in parts})
    values = _by_year(internal)
    cells = {name: _by_year(frame) for name, frame in procedure_cells.items()}
    found = []
    for year in years:
        own = {name: frame for name, frame in dataset.tables.items() if name not in YEARLY}
        own.update({name: parts[year] for name, parts in tables.items() if year in parts})
        found.append(YearInputs(
            year, dataclasses.replace(dataset, tables=own), values.get(year, internal.iloc[0:0]),
            {name: parts.get(year, procedure_cells[name].iloc[0:0]) for name, parts in cells.items()}, entities))
    return found


def key_year(key: tuple) -> int | None:
    """The year of a cell's key (``Cell.key``): ``("src", table, "org/year/…", group)``, ``("value", code, kind,
    entity, year)``, ``("proc", table, kind, entity, year, …)``; ``None`` for a key of another shape."""
    try:
        if key[0] == "src":
            return int(str(key[2]).split("/")[1])
        if key[0] in ("value", "proc"):
            return int(key[4])
    except (IndexError, ValueError, TypeError):
        return None
    return None
