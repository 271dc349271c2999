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

import shutil
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
    """A fresh docs directory and the record of which section and writer claimed each file in it."""

    def __init__(self, root: Path) -> None:
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        self.root = root
        #: docs path → (section, writer)
        self._owner: dict[str, tuple[str, str]] = {}

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
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

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
        self._target(path, origin).write_text(text, encoding="utf-8", newline="\n")

    def write_bytes(self, path: str, data: bytes, origin: str = "генератор") -> None:
        self._target(path, origin).write_bytes(data)

    def copy_file(self, path: str, source: Path, origin: str | None = None) -> None:
        shutil.copyfile(source, self._target(path, origin or str(source)))

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
