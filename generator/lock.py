"""One build or import of a project at a time.

A scheduled build that starts while the analyst is building by hand must not race it over ``.msoko/`` and
``site/``: the second one stops at once and says who holds the project. The lock is an advisory ``flock`` on
``.msoko/project.lock``: the operating system drops it when its process ends, however it ends, so a lock
left by a killed build is simply taken by the next one. The file also records which process holds the lock and
since when, for the message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import BuildError
from .project import Project

LOCK_NAME = "project.lock"


def lock_path(project: Project) -> Path:
    return project.work / LOCK_NAME


def _holder(handle: int) -> tuple[str, str, str]:
    """What the holder wrote: since «ЧЧ:ММ», its process number and its operation (blank when unreadable)."""
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        data = json.loads(os.read(handle, 4096).decode("utf-8") or "{}")
    except (ValueError, OSError):
        return "", "", "сборка"
    try:
        since = dt.datetime.fromisoformat(str(data.get("since"))).strftime("%H:%M")
    except ValueError:
        since = ""
    pid = str(data.get("pid")) if isinstance(data.get("pid"), int) else ""
    return since, pid, str(data.get("what") or "сборка")


@contextlib.contextmanager
def project_lock(project: Project, what: str = "сборка") -> Iterator[None]:
    """Hold the project for one build or import; refuse at once (``BuildError``) when another process has it.

    ``what`` names this operation in the message of a second one («сборка», «загрузка данных»). Re-entering in
    the same process (``serve`` rebuilding, a build inside an import) is allowed."""
    path = lock_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = str(path.resolve())
    if key in _HELD:
        yield
        return
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            since, pid, held = _holder(handle)
            detail = ", ".join(part for part in (f"с {since}" if since else "", f"процесс {pid}" if pid else "") if part)
            raise BuildError(f"{held.capitalize()} этого проекта уже идёт" + (f" ({detail})" if detail else "") + ".",
                             "дождитесь её окончания или остановите тот процесс; данные и сайт не изменены.") from None
        record = {"pid": os.getpid(), "since": dt.datetime.now().isoformat(timespec="seconds"), "what": what}
        os.ftruncate(handle, 0)
        os.lseek(handle, 0, os.SEEK_SET)
        os.write(handle, json.dumps(record, ensure_ascii=False).encode("utf-8"))
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


#: locks this process holds (by lock file), so that a nested call does not wait for itself
_HELD: set[str] = set()
