"""The MkDocs docs tree of one build, shared by every section: hand-written pages from ``content/``, the
generated pages, the open-data section and the report.

Every file is written through ``DocsTree`` by a ``Section`` (``docs.section(name)``), which claims its path
first: the tree refuses a path claimed twice — two organisations whose identifiers make the same address, a
generated page that would hide a hand-written one, two sections writing one file — and stops the build with a
message naming both writers instead of one silently overwriting the other. A section returns what it claimed
(``Claims``: its paths and its menu entries); the site's navigation is built from those claims only
(``render.nav``), never from the files found on disk. A section run in a forked process writes through its own
copy of the tree and sends its claims back; ``adopt`` registers them here, with the same refusal.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import BuildError
from ..project import is_stage_input

#: the section of the hand-written pages (``copy_content``): it never adds menu entries
CONTENT = "content"


@dataclass(frozen=True)
class NavEntry:
    """A menu item a section asks for: its title and page; a group lists the pages under its own page."""

    title: str
    path: str
    children: tuple[NavEntry, ...] = ()


@dataclass
class Claims:
    """What one section wrote into the docs tree: every path, with the writer that the messages name, and the
    section's menu entries."""

    section: str
    paths: dict[str, str] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)


class DocsTree:
    """A docs directory and the record of which section and writer claimed each file in it.

    A fresh tree empties the folder. A ``kept`` tree (the build's) leaves the previous build's files where they
    are: a file written with the bytes it already holds is not written again, and ``prune`` removes what no
    section claimed before MkDocs reads the tree. Creating a file costs far more than reading one (a region's
    tree holds tens of thousands), and most of them are the same from one build to the next. A changed file is
    a new file (unlinked, then written), never rewritten in place, so nothing that shares its inode changes."""

    def __init__(self, root: Path, *, kept: bool = False) -> None:
        if root.exists() and not (kept and root.is_dir()):
            shutil.rmtree(root) if root.is_dir() else root.unlink()
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.kept = kept
        #: docs path → (section, writer)
        self._owner: dict[str, tuple[str, str]] = {}
        #: folders known to exist (a claim need not ask the file system again)
        self._folders: set[Path] = {root}

    def section(self, name: str) -> Section:
        """The writer of one section: writes through this tree and keeps the section's ``Claims``."""
        return Section(self, name)

    def claim(self, path: str, section: str, origin: str) -> Path:
        """Record that ``section`` (``origin`` in messages) writes ``path``; the file to write."""
        key = _clean(path, origin)
        if key in self._owner:
            raise _twice(key, self._owner[key], (section, origin))
        self._owner[key] = (section, origin)
        target = self.root / key
        if target.parent not in self._folders:
            _make_folder(target.parent, self.root)
            self._folders.update(target.parents)
        return target

    def write(self, target: Path, data: bytes) -> None:
        """Put ``data`` at ``target`` (a claimed file); in a kept tree, only when the file holds other bytes."""
        if self.kept:
            try:
                status = target.stat()
            except FileNotFoundError:
                status = None
            if status is not None and stat.S_ISDIR(status.st_mode):
                # an earlier build's folder where this build writes a file: gone, unless this build wrote into it
                key = target.relative_to(self.root).as_posix() + "/"
                inside = next((path for path in self._owner if path.startswith(key)), None)
                if inside is not None:
                    raise BuildError(f"Файл сайта «{key[:-1]}» совпадает с папкой файла «{inside}».",
                                     "переименуйте один из них (в content/ или в кодах организаций и показателей).")
                shutil.rmtree(target)
            elif status is not None:
                if status.st_size == len(data) and target.read_bytes() == data:
                    return
                target.unlink()
        target.write_bytes(data)

    def prune(self) -> int:
        """Remove the files and folders of earlier builds that no section claimed in this one (call it once
        every section has written or been adopted); returns how many files went."""
        removed = 0
        for folder, folders, files in os.walk(self.root, topdown=False):
            base = Path(folder)
            for name in files:
                path = base / name
                if path.relative_to(self.root).as_posix() not in self._owner:
                    path.unlink()
                    removed += 1
            for name in folders:
                with contextlib.suppress(OSError):  # a folder that still holds files stays
                    (base / name).rmdir()
        return removed

    def adopt(self, claims: Claims) -> Claims:
        """Register the claims of a section that wrote its files in another process (``generator.sidejob``):
        a path some other section claimed meanwhile fails here, as a second write would."""
        for path, origin in claims.paths.items():
            key = _clean(path, origin)
            if key in self._owner and self._owner[key] != (claims.section, origin):
                raise _twice(key, self._owner[key], (claims.section, origin))
            self._owner[key] = (claims.section, origin)
        return claims

    def exists(self, path: str) -> bool:
        """Whether a section claimed ``path`` (the files on disk are not consulted)."""
        return PurePosixPath(path).as_posix() in self._owner

    def paths(self) -> list[str]:
        return sorted(self._owner)

    def copy_content(self, content: Path, *, absorbed: set[str]) -> Claims:
        """Copy the hand-written ``content/`` tree, except pages that generated pages include in themselves and
        the files other stages read (the report's texts, the notes on changes: ``project.is_stage_input``).
        Hand-written pages have no menu entries: the menu lists the generated sections."""
        out = self.section(CONTENT)
        if not content.is_dir():
            return out.claims
        for source in sorted(content.rglob("*")):
            if not source.is_file() or any(part.startswith(".") for part in source.relative_to(content).parts):
                continue
            relative = source.relative_to(content).as_posix()
            if relative in absorbed or is_stage_input(relative):
                continue
            out.copy_file(relative, source, f"страница content/{relative}")
        return out.claims


class Section:
    """One section's writes into the shared tree, and the record of them (``claims``)."""

    def __init__(self, tree: DocsTree, name: str) -> None:
        self.tree = tree
        self.claims = Claims(name)

    def _target(self, path: str, origin: str) -> Path:
        target = self.tree.claim(path, self.claims.section, origin)
        self.claims.paths[PurePosixPath(path).as_posix()] = origin
        return target

    def write_text(self, path: str, text: str, origin: str = "генератор") -> None:
        self.write_bytes(path, text.encode("utf-8"), origin)

    def write_bytes(self, path: str, data: bytes, origin: str = "генератор") -> None:
        self.tree.write(self._target(path, origin), data)

    def keep(self, path: str, origin: str = "генератор") -> Path:
        """Claim ``path`` as written without writing it: the caller knows the file already holds its bytes
        (``render.charts``: a chart whose file is still the one it wrote last build)."""
        return self._target(path, origin)

    def copy_file(self, path: str, source: Path, origin: str | None = None) -> None:
        self.write_bytes(path, source.read_bytes(), origin or str(source))

    def menu(self, title: str, path: str, children: tuple[NavEntry, ...] = ()) -> None:
        """Ask for a menu item pointing at a page of this section (``render.nav`` places it)."""
        self.claims.nav.append(NavEntry(title, PurePosixPath(path).as_posix(), children))

    def exists(self, path: str) -> bool:
        return self.tree.exists(path)

    def file(self, path: str) -> Path:
        """The file of a path this section wrote (to read it back, e.g. into an archive)."""
        key = PurePosixPath(path).as_posix()
        if key not in self.claims.paths:
            raise KeyError(path)
        return self.tree.root / key


def _make_folder(folder: Path, root: Path) -> None:
    """Make ``folder`` and its parents; a file of an earlier build where a folder must now be goes first."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for parent in [*reversed(folder.relative_to(root).parents), folder.relative_to(root)]:
            if (root / parent).is_file():
                (root / parent).unlink()
        folder.mkdir(parents=True, exist_ok=True)


def _clean(path: str, origin: str) -> str:
    clean = PurePosixPath(path)
    if clean.is_absolute() or ".." in clean.parts or not clean.parts:
        raise BuildError(f"Недопустимый путь страницы «{path}» ({origin}).")
    return clean.as_posix()


def _twice(path: str, first: tuple[str, str], second: tuple[str, str]) -> BuildError:
    """The refusal of a second claim: which hint depends on who claimed the path."""
    message = f"Файл сайта «{path}» записывается дважды: {first[1]} и {second[1]}."
    sections = {first[0], second[0]}
    if CONTENT in sections and len(sections) == 2:
        return BuildError(message, "уберите или переименуйте этот файл в content/: страницу по этому адресу "
                                   "программа создаёт сама.")
    if len(sections) == 2:
        return BuildError(message + " Это ошибка программы msoko, а не ваших данных: два раздела сайта "
                                    f"(«{first[0]}» и «{second[0]}») пишут один файл.",
                          "сообщите разработчикам; опубликованный сайт не изменён.")
    return BuildError(message, "проверьте, что коды организаций и показателей не совпадают после приведения к "
                               "адресу страницы.")
