"""Data versions: how a published version is named, the archive of earlier versions and what changed.

A version is ``YYYY-MM-DD-<8 hex>``: the date is taken from the data (the latest ``created``/``modified`` of the
package descriptors or of an analyst's note in ``content/data/changes.yml``, never the clock) and the hash is the
SHA-256 of the published CSV files and their schemas, so the same data always get the same name and any change of
a published value or of a field's description gets a new one. Every build records its version in ``releases/`` of the project (the CSV files, the
``datapackage.json`` and ``index.json``): the site is rebuilt from scratch each time, the archive is not, and
earlier versions stay downloadable at their versioned addresses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import atomic, shared_files
from ..errors import DataError
from ..project import CHANGE_NOTES

RELEASES = "releases"
INDEX = "index.json"
#: a version's files that are kept in the archive but never served (the pattern of hidden cells)
UNPUBLISHED = "unpublished"
#: the pattern of hidden cells of a version (``privacy.Protection.pattern``)
PATTERN = "hidden-cells.json"
NOTES = Path("content") / CHANGE_NOTES
_VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$")


@dataclass(frozen=True)
class Note:
    """An analyst's explanation of a change; the optional keys narrow which changed values it explains."""

    date: dt.date
    text: str
    dataset: str | None = None
    indicator: str | None = None
    entity: str | None = None
    year: int | None = None

    def explains(self, change: Change) -> bool:
        return ((self.dataset is None or self.dataset == change.dataset)
                and (self.indicator is None or self.indicator == change.keys.get("indicator"))
                and (self.entity is None or self.entity in (change.keys.get("entity_id"), change.keys.get("org_id"), change.keys.get("oktmo")))
                and (self.year is None or str(self.year) == change.keys.get("year")))

    @property
    def specificity(self) -> int:
        return sum(item is not None for item in (self.dataset, self.indicator, self.entity, self.year))


@dataclass(frozen=True)
class Version:
    name: str
    date: dt.date
    digest: str

    @property
    def compact_date(self) -> str:
        return self.date.strftime("%Y%m%d")


@dataclass(frozen=True)
class Change:
    """One changed cell, or an added/removed row (``column`` empty, ``kind`` says which)."""

    dataset: str
    keys: dict[str, str]
    column: str
    old: str
    new: str
    kind: str = "changed"  # changed | added | removed


@dataclass
class Release:
    """One entry of ``releases/index.json``."""

    version: str
    date: str
    digest: str
    datasets: dict[str, dict] = field(default_factory=dict)
    #: why the version is no longer served (its files are deleted from the archive); empty for a served version
    withdrawn: str = ""

    def as_dict(self) -> dict:
        entry = {"version": self.version, "date": self.date, "digest": self.digest, "datasets": self.datasets}
        return {**entry, "withdrawn": self.withdrawn} if self.withdrawn else entry


def data_digest(csv_files: dict[str, bytes]) -> str:
    """SHA-256 over the published files (CSV and schemas), by name: the identity of a data version."""
    digest = hashlib.sha256()
    for name in sorted(csv_files):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(csv_files[name]).digest())
    return digest.hexdigest()


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value[:10])
    return None


def read_notes(root: Path) -> list[Note]:
    """The analyst's notes (``content/data/changes.yml``); a missing file means no notes."""
    path = root / NOTES
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise DataError(f"{path}: файл пояснений к изменениям не читается как YAML в UTF-8 ({error}).") from error
    if not isinstance(data, list):
        raise DataError(f"{path}: ожидается список пояснений (каждое — с ключами date и text).")
    notes = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict) or parse_date(item.get("date")) is None or not str(item.get("text") or "").strip():
            raise DataError(f"{path}, пояснение № {number}: нужны ключи date (ГГГГ-ММ-ДД) и text.")
        unknown = set(item) - {"date", "text", "dataset", "indicator", "entity", "year"}
        if unknown:
            raise DataError(f"{path}, пояснение № {number}: неизвестные ключи {', '.join(sorted(unknown))}; "
                            "допустимы date, text, dataset, indicator, entity, year.")
        notes.append(Note(date=parse_date(item["date"]), text=str(item["text"]).strip(),
                          dataset=None if item.get("dataset") is None else str(item["dataset"]),
                          indicator=None if item.get("indicator") is None else str(item["indicator"]),
                          entity=None if item.get("entity") is None else str(item["entity"]),
                          year=None if item.get("year") is None else int(item["year"])))
    return sorted(notes, key=lambda note: note.date)


def data_date(packages: dict[str, dict], notes: list[Note]) -> dt.date:
    """The date of the data: the latest descriptor ``modified``/``created`` or note date."""
    dates = [parse_date(descriptor.get(key)) for descriptor in packages.values() for key in ("modified", "created")]
    dates += [note.date for note in notes]
    found = [date for date in dates if date is not None]
    if not found:
        raise DataError("Ни в одном datapackage.json нет даты (created или modified): версия данных не может быть датирована.",
                        "укажите created в описании пакета, например \"created\": \"2025-09-01T00:00:00Z\".")
    return max(found)


def make_version(csv_files: dict[str, bytes], packages: dict[str, dict], notes: list[Note]) -> Version:
    digest = data_digest(csv_files)
    date = data_date(packages, notes)
    return Version(name=f"{date.isoformat()}-{digest[:8]}", date=date, digest=digest)


# --- the archive ---------------------------------------------------------------------------------------------

def releases_dir(root: Path) -> Path:
    return root / RELEASES


def read_index(root: Path) -> list[Release]:
    path = releases_dir(root) / INDEX
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Release(**item) for item in data["releases"]]
    except (ValueError, KeyError, TypeError) as error:
        raise DataError(f"{path}: архив версий данных повреждён ({error}).", "восстановите файл из системы контроля версий.") from error


def record(root: Path, version: Version, files: dict[str, bytes], datasets: dict[str, dict],
           unpublished: dict[str, bytes] | None = None) -> list[Release]:
    """Add ``version`` to the archive unless it is already the latest entry; return the whole list.

    ``files`` (CSV files and ``datapackage.json``) are written once into ``releases/<version>/``; a version that
    reappears (data reverted) is listed again but its files are not rewritten. ``unpublished`` files (the
    pattern of hidden cells) go to ``releases/<version>/unpublished/``, which is never served.
    """
    releases = read_index(root)
    folder = releases_dir(root) / version.name
    for name, data in sorted((unpublished or {}).items()):
        path = folder / UNPUBLISHED / name
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            _replace(path, data)
    if releases and releases[-1].version == version.name:
        return releases
    folder.mkdir(parents=True, exist_ok=True)
    # a file the previous version already holds is linked to it, not copied: a region's version differs from
    # the last in a dataset or two, and the archive grows by what changed (``shared_files``)
    earlier = releases_dir(root) / releases[-1].version if releases else None
    for name, data in sorted(files.items()):
        path = folder / name
        if path.is_file() and path.read_bytes() == data:
            continue
        same = earlier / name if earlier is not None else None
        if same is not None and same.is_file() and same.stat().st_size == len(data) and same.read_bytes() == data:
            if path.exists():
                shared_files.link_in_place(same, path)
            else:
                os.link(same, path)
        else:
            _replace(path, data)
    releases.append(Release(version.name, version.date.isoformat(), version.digest, datasets))
    index = {"releases": [item.as_dict() for item in releases]}
    _replace(releases_dir(root) / INDEX, (json.dumps(index, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return releases


def _replace(path: Path, data: bytes) -> None:
    """Write a file of the archive as a new file put in place, never into the old one: a staged archive shares
    its files with the project's ``releases/`` (hard links) until the build succeeds."""
    atomic.write_bytes(path, data)


def release_files(root: Path, version: str) -> dict[str, bytes]:
    if not _VERSION.match(version):
        raise DataError(f"Архив версий: недопустимое имя версии «{version}».")
    folder = releases_dir(root) / version
    if not folder.is_dir():
        raise DataError(f"Архив версий: нет папки {folder}.", "восстановите папку releases/ из системы контроля версий.")
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def latest_unpublished(root: Path, name: str) -> bytes | None:
    """An unpublished file of the latest version in the archive that is not withdrawn (``None`` if absent)."""
    served = [item for item in read_index(root) if not item.withdrawn]
    if not served:
        return None
    path = releases_dir(root) / served[-1].version / UNPUBLISHED / name
    return path.read_bytes() if path.is_file() else None


def previous_of(releases: list[Release], version: str) -> Release | None:
    """The release published before the last occurrence of ``version``."""
    positions = [index for index, item in enumerate(releases) if item.version == version]
    if not positions or positions[-1] == 0:
        return None
    return releases[positions[-1] - 1]


# --- differences ---------------------------------------------------------------------------------------------

def _read(data: bytes) -> pd.DataFrame:
    # plain Python strings: arrow-backed ones cost a conversion each way over a region's million rows
    return pd.read_csv(io.BytesIO(data), dtype=object, keep_default_na=False, encoding="utf-8")


def diff_table(dataset: str, old: bytes | None, new: bytes | None, key: list[str], columns: list[str] | None = None) -> list[Change]:
    """Cell-by-cell differences of two CSV versions of one dataset, rows matched by ``key``.

    ``columns`` limits which non-key columns count (derived columns would repeat one change many times).
    """
    if old is not None and old == new:
        return []  # the same file: nothing to read
    before = _read(old) if old is not None else None
    after = _read(new) if new is not None else None
    if before is None and after is None:
        return []
    if before is None or after is None:
        frame, kind = (after, "added") if before is None else (before, "removed")
        return [Change(dataset, dict(zip(key, row, strict=True)), "", "", "", kind)
                for row in frame[key].itertuples(index=False, name=None)]
    shared = [column for column in after.columns if column in before.columns and column not in key]
    if columns is not None:
        shared = [column for column in shared if column in columns]
    merged = before.merge(after, on=key, how="outer", suffixes=("_old", "_new"), indicator=True, sort=True)
    # compared column by column, then listed by row and column (a region's table has a million rows)
    state = merged["_merge"].astype(str).to_numpy()
    key_values = [merged[column].tolist() for column in key]

    def keys(row: int) -> dict[str, str]:
        return {column: str(values[row]) for column, values in zip(key, key_values, strict=True)}

    found: list[tuple[int, int, Change]] = []
    for row in np.flatnonzero(state == "left_only"):
        found.append((int(row), -1, Change(dataset, keys(row), "", "", "", "removed")))
    for row in np.flatnonzero(state == "right_only"):
        found.append((int(row), -1, Change(dataset, keys(row), "", "", "", "added")))
    both = state == "both"
    for order, column in enumerate(shared):
        old_values = merged[f"{column}_old"].to_numpy(dtype=object)
        new_values = merged[f"{column}_new"].to_numpy(dtype=object)
        for row in np.flatnonzero(both & (old_values != new_values)):
            found.append((int(row), order, Change(dataset, keys(row), column, old_values[row], new_values[row])))
    found.sort(key=lambda item: (item[0], item[1]))
    return [change for _, _, change in found]


def explain(change: Change, notes: list[Note]) -> Note | None:
    """The most specific note that explains ``change`` (latest first among equals)."""
    matching = [note for note in notes if note.specificity and note.explains(change)]
    return max(matching, key=lambda note: (note.specificity, note.date), default=None)


def notes_between(notes: list[Note], after: dt.date | None, until: dt.date) -> list[Note]:
    """Notes that belong to a version dated ``until`` whose predecessor is dated ``after``."""
    return [note for note in notes if (after is None or note.date > after) and note.date <= until]
