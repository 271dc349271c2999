"""``msoko import --undo``: every import keeps the table it replaced, and the last import can be taken back.

Before an import writes a table, the table as it was is copied to ``.msoko/imports/`` and the history
(``.msoko/imports/history.json``: which table, the kept copy, the checksum of what the import wrote) records it;
each of these files is written atomically, the copy before the history, the history before the table. Undo puts
the kept copy back (atomically, under the project lock) only when the table is still what the import wrote: a
table changed since (by hand or by a later import of another kind) is not overwritten blindly. The history keeps
the last ``KEEP`` imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..project import Project
from .write import atomic_write_bytes, atomic_write_text

FOLDER = "imports"
HISTORY = "history.json"
KEEP = 20


@dataclass(frozen=True)
class Undone:
    """What ``undo`` put back: the table, the file its import came from and when it was imported."""

    dataset: str
    target: Path
    source: str
    at: str
    already: bool = False  # the table was already as before the import (an undo interrupted after the restore)
    also: tuple[Path, ...] = ()  # the other tables of the same import (territories) put back with it


def folder(project: Project) -> Path:
    return project.work / FOLDER


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _history(project: Project) -> list[dict]:
    path = folder(project) / HISTORY
    if not path.is_file():
        return []
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError(f"История загрузок {path} повреждена ({error}).", "удалите папку .msoko/imports/: отменить прежние загрузки будет нельзя.") from error
    return entries if isinstance(entries, list) else []


def _save(project: Project, entries: list[dict]) -> None:
    atomic_write_text(folder(project) / HISTORY, json.dumps(entries, ensure_ascii=False, indent=1) + "\n")


def keep(project: Project, source: Path, writes: list[tuple[str, Path, str]]) -> None:
    """Keep the tables an import is about to replace (call before writing them): ``writes`` holds each table's
    data set, path and new text. The tables of one import share a ``batch``: undo takes them back together."""
    root = folder(project)
    root.mkdir(parents=True, exist_ok=True)
    entries = _history(project)
    batch = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    for number, (dataset, target, text) in enumerate(writes):
        existed = target.is_file()
        before = target.read_bytes() if existed else b""
        backup = root / f"{batch}-{number}-{dataset}.csv"
        atomic_write_bytes(backup, before)
        entries.append({
            "dataset": dataset,
            "target": target.relative_to(project.root).as_posix(),
            "backup": backup.name,
            "existed": existed,
            "before": _digest(before),
            "written": _digest(text.encode("utf-8")),
            "source": str(source),
            "at": dt.datetime.now().isoformat(timespec="seconds"),
            "batch": batch,
        })
    for old in entries[:-KEEP]:
        (root / str(old.get("backup", ""))).unlink(missing_ok=True)
    _save(project, entries[-KEEP:])


def last(project: Project) -> dict | None:
    entries = _history(project)
    return entries[-1] if entries else None


def undo(project: Project) -> Undone:
    """Put back the tables the last import replaced (all of them: a registry import may write the territory
    tables too); the caller holds the project lock. Every table is checked before any is put back."""
    entries = _history(project)
    if not entries:
        raise DataError(f"В проекте {project.root} нет загрузок, которые можно отменить.",
                        "отменить можно только загрузку, сделанную командой «msoko import» в этом проекте.")
    batch = entries[-1].get("batch")
    count = 1
    while batch is not None and count < len(entries) and entries[-count - 1].get("batch") == batch:
        count += 1
    group = entries[-count:]
    states = []
    for entry in group:
        target = project.root / str(entry["target"])
        backup = folder(project) / str(entry["backup"])
        if not backup.is_file():
            raise DataError(f"Копия таблицы до загрузки {entry['source']} не найдена ({backup}).", "отменить эту загрузку нельзя.")
        current = _digest(target.read_bytes() if target.is_file() else b"")
        if current != entry["before"] and current != entry["written"]:
            raise DataError(
                f"Таблица {target} изменена после загрузки {entry['source']} ({_when(entry['at'])}): отмена стёрла бы эти изменения, ничего не изменено.",
                "верните таблицу в прежний вид вручную (копия до загрузки — " + str(backup) + ").",
            )
        states.append((entry, target, backup, current == entry["before"]))
    for entry, target, backup, already in states:
        if not already:
            if entry.get("existed", True):
                atomic_write_bytes(target, backup.read_bytes())
            else:
                target.unlink(missing_ok=True)
    del entries[-count:]
    _save(project, entries)
    for _entry, _target, backup, _already in states:
        backup.unlink(missing_ok=True)
    main = group[-1]
    return Undone(str(main["dataset"]), project.root / str(main["target"]), str(main["source"]), str(main["at"]),
                  already=all(already for *_, already in states),
                  also=tuple(project.root / str(entry["target"]) for entry in group[:-1]))


def _when(at: str) -> str:
    try:
        return dt.datetime.fromisoformat(at).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return at
