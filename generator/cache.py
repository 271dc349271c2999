"""One cache for every stage of the build: the disclosure control's decisions, the serialised open-data files,
the comparisons of archived versions, the charts and the search index.

Each stage's cache is a folder of ``.msoko/`` (``FOLDERS``) whose entries are named by a key: the digest of
everything the entry is made from — the inputs the stage passes, plus the source of the code that shapes the
output and the versions of the libraries it uses (``Cache(code=…, libraries=…)``), so a changed formatter or
an upgraded library never serves a stale file. Entries are written atomically (``generator.atomic``) and carry
the digest of their own bytes: one torn by a power cut is found when read and made again, which costs less than
an fsync per entry on a region's thousands of charts. ``clear`` empties every cache at once
(``msoko build --no-cache``); deleting ``.msoko/`` by hand is just as safe.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from . import atomic, page_reuse
from .project import Project

T = TypeVar("T")

#: the cache folders of ``.msoko/``, by stage
FOLDERS = {
    "validation": "результаты проверки неизменённых файлов данных",
    "privacy": "решения защиты малых групп по годам",
    "opendata": "файлы открытых данных в форматах CSV, XLSX, Parquet, JSON",
    "changes": "сравнения архивных версий данных",
    "charts": "диаграммы",
    "pages": "страницы организаций, чьи данные не изменились",
    "report": "файлы доклада (PDF и DOCX)",
    # one entry: the index's files, keyed by exactly the pages' HTML, Pagefind's version and options (``site_search``)
    "search-index": "поисковый индекс",
}
_MAGIC = b"msoko-cache 1\n"
_DIGEST = hashlib.sha256().digest_size


def _source(item: Path | ModuleType | str) -> bytes:
    if isinstance(item, ModuleType):
        item = str(item.__file__)
    return Path(item).read_bytes()


class Cache:
    """The entries of one stage (see the module docstring). ``used`` collects the names this build read or
    wrote, so that ``prune`` leaves exactly the current build's entries."""

    def __init__(self, folder: Path, *, code: Iterable[Path | ModuleType | str] = (), libraries: Iterable[str] = ()) -> None:
        self.folder = Path(folder)
        salt = hashlib.sha256()
        for item in code:
            salt.update(hashlib.sha256(_source(item)).digest())
        for library in libraries:
            salt.update(f"{library}={metadata.version(library)}\0".encode())
        self._salt = salt.digest()
        self.used: set[str] = set()

    def key(self, *parts: bytes | str) -> str:
        """The digest of the parts (in order) and of this cache's code and libraries."""
        digest = hashlib.sha256(self._salt)
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def load(self, name: str) -> bytes | None:
        """The entry's bytes, or ``None`` when it is missing or damaged (a damaged one is removed)."""
        self.used.add(name)
        path = self.folder / name
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        head = len(_MAGIC)
        body = raw[head + _DIGEST:]
        if raw[:head] != _MAGIC or hashlib.sha256(body).digest() != raw[head:head + _DIGEST]:
            path.unlink(missing_ok=True)
            return None
        return body

    def store(self, name: str, data: bytes) -> None:
        self.used.add(name)
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(self.folder / name, _MAGIC + hashlib.sha256(data).digest() + data, durable=False)

    def bytes(self, name: str, make: Callable[[], bytes]) -> bytes:
        """The stored entry, or ``make()``'s result, stored."""
        found = self.load(name)
        if found is None:
            found = make()
            self.store(name, found)
        return found

    def load_object(self, name: str) -> Any | None:
        data = self.load(name)
        if data is None:
            return None
        try:
            return pickle.loads(data)  # written by this generator, and verified, for these exact inputs
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            (self.folder / name).unlink(missing_ok=True)
            return None

    def store_object(self, name: str, value: Any) -> None:
        self.store(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def object(self, name: str, make: Callable[[], T]) -> T:
        """The stored object, or ``make()``'s result, stored."""
        found = self.load_object(name)
        if found is None:
            found = make()
            self.store_object(name, found)
        return found

    def discard(self, pattern: str, keep: str = "") -> None:
        """Remove the entries matching ``pattern`` except ``keep`` (an older decision for the same year)."""
        if self.folder.is_dir():
            for path in self.folder.glob(pattern):
                if path.name != keep:
                    path.unlink(missing_ok=True)

    def prune(self, pattern: str = "*") -> None:
        """Keep only the entries this build used (and files that are not entries, e.g. temporary ones of a
        concurrent writer, are left alone unless they match)."""
        if self.folder.is_dir():
            for path in self.folder.glob(pattern):
                if path.is_file() and path.name not in self.used and not path.name.startswith("."):
                    path.unlink(missing_ok=True)


def clear(project: Project) -> list[str]:
    """Empty every cache of the project; returns the folders removed."""
    page_reuse.forget(project.work)  # the published pages are rendered again too
    removed = []
    for name in FOLDERS:
        folder = project.work / name
        if folder.exists():
            shutil.rmtree(folder)
            removed.append(name)
    return removed
