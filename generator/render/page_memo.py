"""Organisation pages whose inputs did not change are kept from the last build instead of being rendered again.

A region has thousands of organisation pages, and rendering them is most of the pages stage; a changed dataset
(one file of ВПР results) changes the pages of a few dozen. An organisation's page, its tables' side file and
its CSV are a function of:

- the generator's own files and library versions (``incremental.generator_version``) and the settings;
- the tables every page reads: the registry (names, addresses, statuses, former names, subjects), the
  indicator catalogue, the directions and the years of the results;
- the organisation's own rows of the results (``Results.values``: its values, the municipal and regional
  values beside them, changes and verdicts, intervals, pooled values — the compute stage puts everything the
  page compares with into the organisation's rows), its municipality's rows (the summary and the ВПР chart
  compare with them), its rows of every procedure table, and the years it met the ШНОР criteria.

The digest of these inputs is the page's key. Row digests come from ``pandas.util.hash_pandas_object`` over a
whole table at once, then per entity from the positions the page indexes already hold, so keying every page
costs about what rendering a few dozen of them does. A page is kept only when its key is the recorded one
and every file it wrote still holds the recorded bytes (its stamp — size, time, inode — is the recorded one,
or its SHA-256 is); otherwise it is rendered again. The charts it registered are registered again from the
record, so they are drawn (or taken from their cache) and claimed as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import incremental, shared_files
from .. import typography as ty
from ..cache import Cache

if TYPE_CHECKING:
    from .charts import Chart
    from .lookups import RowIndex
    from .writer import PageWriter

#: the cache folder of ``.msoko/`` (``cache.FOLDERS``) and the record's entry in it
FOLDER = "pages"
RECORD = "organisations.pickle"
#: registry tables an organisation's page reads (names of the parent and the municipality, statuses, …)
REGISTRY_TABLES = ("organisations", "municipalities", "former_names", "statuses", "subjects")


@dataclass(frozen=True)
class Written:
    """One file a page wrote: its docs path, its stamp when recorded and its SHA-256."""

    path: str
    stamp: tuple[int, ...]
    sha256: str


@dataclass(frozen=True)
class Entry:
    """What rendering one organisation's page produced, under the key of its inputs."""

    key: str
    files: tuple[Written, ...]
    charts: tuple[Chart, ...]


@dataclass
class MemoStats:
    """How many pages were kept and rendered, and this build's record (organisation → ``Entry``)."""

    kept: int = 0
    rendered: int = 0
    entries: dict[str, Entry] = field(default_factory=dict)


def _row_hashes(frame: pd.DataFrame | None) -> np.ndarray:
    """One 64-bit hash per row over all its columns (deterministic: pandas' fixed hash key)."""
    if frame is None or frame.empty:
        return np.zeros(0, dtype=np.uint64)
    return pd.util.hash_pandas_object(frame, index=False, categorize=False).to_numpy()


def _columns(frame: pd.DataFrame) -> bytes:
    """The frame's column names and types (part of every digest of its rows)."""
    return repr([(str(column), str(dtype)) for column, dtype in frame.dtypes.items()]).encode()


def _table_digest(frame: pd.DataFrame | None) -> bytes:
    if frame is None:
        return b"absent"
    return hashlib.sha256(_columns(frame) + _row_hashes(frame).tobytes()).digest()


def _shown_references(values: pd.DataFrame, catalogue: dict[str, dict[str, Any]], references: Iterable[str]) -> pd.DataFrame:
    """``values`` with the regional and national references as the pages show them (``fmt_value`` in the
    indicator's unit: the columns ``references``): a changed school moves the region's values in their last
    digits, and every organisation's rows carry them, but its page changes only where a shown figure does."""
    columns = [column for column in references if column in values.columns]
    if not columns or values.empty:
        return values
    units = values["indicator"].astype(str).map({code: str(row["unit"]) for code, row in catalogue.items()})
    shown = values.copy(deep=False)
    for column in columns:
        pairs = pd.DataFrame({"value": values[column].astype("float64"), "unit": units.to_numpy()})
        distinct = pairs.drop_duplicates(ignore_index=True)
        distinct["text"] = [ty.fmt_value(None if value != value else value, str(unit))
                            for value, unit in zip(distinct["value"].tolist(), distinct["unit"].tolist(), strict=True)]
        shown[column] = pairs.merge(distinct, on=["value", "unit"], how="left")["text"].to_numpy()
    return shown


class _Grouped:
    """Digests of one table's rows per entity, from the positions of a ``RowIndex`` over it."""

    def __init__(self, frame: pd.DataFrame, index: RowIndex) -> None:
        self.hashes = _row_hashes(frame)
        self.positions = index.positions
        self.head = _columns(frame)

    def digest(self, *key: str) -> bytes:
        positions = self.positions.get(key)
        rows = b"" if positions is None else self.hashes[positions].tobytes()
        return hashlib.sha256(self.head + len(rows).to_bytes(8, "little") + rows).digest()


class OrganisationInputs:
    """The key of each organisation's page: everything it is rendered from (see the module docstring)."""

    def __init__(self, w: PageWriter, references: Iterable[str] = ()) -> None:
        """``references`` — columns of ``Results.values`` the page shows only through ``fmt_value``."""
        data, ctx = w.data, w.ctx
        shared = hashlib.sha256()
        for part in (incremental.generator_version(), repr(ctx.config), repr(sorted(w.sections)),
                     repr(data.years)):
            shared.update(part.encode("utf-8") + b"\0")
        for name in REGISTRY_TABLES:
            shared.update(name.encode() + _table_digest(ctx.dataset.tables.get(name)))
        shared.update(_table_digest(ctx.results.catalogue) + _table_digest(ctx.results.directions))
        self.shared = shared.digest()
        self.values = _Grouped(_shown_references(data.values, data.indicator_by_code, references), data.by_entity)
        self.procedures = {name: _Grouped(ctx.results.procedures[name], index)
                           for name, index in sorted(data.procedure_groups.items())}
        self.shnor = data.shnor_years

    def key(self, org: dict[str, Any]) -> str:
        org_id, oktmo = str(org["org_id"]), str(org["oktmo"])
        digest = hashlib.sha256(self.shared)
        digest.update(f"\0{org_id}\0{oktmo}\0".encode())
        digest.update(self.values.digest("organisation", org_id))
        digest.update(self.values.digest("municipality", oktmo))
        for name, grouped in self.procedures.items():
            digest.update(name.encode() + grouped.digest("organisation", org_id))
        digest.update(repr(self.shnor.get(org_id, [])).encode())
        return digest.hexdigest()


class PageMemo:
    """The record of the last build's organisation pages, and the one this build makes."""

    def __init__(self, w: PageWriter) -> None:
        self.w = w
        self.cache = Cache(w.ctx.project.work / FOLDER)
        found = self.cache.load_object(RECORD)
        self.previous: dict[str, Entry] = found if isinstance(found, dict) else {}
        self.stats = MemoStats()

    def keep(self, org_id: str, key: str) -> bool:
        """Claim the recorded files of ``org_id``'s page and register its charts, when its key is the recorded
        one and its files still hold the recorded bytes; ``False``: render it."""
        entry = self.previous.get(org_id)
        if entry is None or entry.key != key:
            return False
        root = self.w.docs.tree.root
        files = []
        for written in entry.files:
            path = root / written.path
            current = shared_files.stamp(path)
            if current is None:
                return False
            if tuple(current) != written.stamp and shared_files.file_sha256(path) != written.sha256:
                return False
            files.append(Written(written.path, tuple(current), written.sha256))
        for written in files:
            self.w.docs.keep(written.path, f"страница организации {org_id}")
        self.w.charts.extend(entry.charts)
        self.stats.entries[org_id] = Entry(key, tuple(files), entry.charts)
        self.stats.kept += 1
        return True

    def render(self, org_id: str, key: str, write: Callable[[], None]) -> None:
        """Render the page with ``write`` and record what it wrote and registered."""
        claimed = len(self.w.docs.claims.paths)
        charts = len(self.w.charts)
        write()
        paths = list(self.w.docs.claims.paths)[claimed:]
        self.stats.entries[org_id] = Entry(key, tuple(_written(self.w.docs.tree.root, paths)),
                                           tuple(self.w.charts[charts:]))
        self.stats.rendered += 1

    def save(self) -> None:
        """Keep this build's record (only the pages of this build: a removed organisation leaves it)."""
        self.cache.store_object(RECORD, self.stats.entries)


def _written(root: Path, paths: Iterable[str]) -> list[Written]:
    found = []
    for path in paths:
        target = root / path
        found.append(Written(path, tuple(shared_files.stamp(target) or ()), shared_files.file_sha256(target)))
    return found
