"""The MkDocs docs tree of one build: hand-written pages from ``content/`` and generated pages beside them.

Every file is written through ``DocsTree``, which refuses to write one path twice: two organisations whose
identifiers make the same address, or a generated page that would hide a hand-written one, stop the build
with a message naming both sources instead of one silently overwriting the other.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from ..errors import BuildError
from ..project import is_stage_input


class DocsTree:
    """A fresh docs directory and the record of who wrote each file in it."""

    def __init__(self, root: Path) -> None:
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        self.root = root
        self._origin: dict[str, str] = {}

    def _claim(self, path: str, origin: str) -> Path:
        clean = PurePosixPath(path)
        if clean.is_absolute() or ".." in clean.parts or not clean.parts:
            raise BuildError(f"Недопустимый путь страницы «{path}» ({origin}).")
        key = clean.as_posix()
        if key in self._origin:
            raise BuildError(
                f"Файл сайта «{key}» записывается дважды: {self._origin[key]} и {origin}.",
                "проверьте, что коды организаций и показателей не совпадают после приведения к адресу страницы.",
            )
        self._origin[key] = origin
        target = self.root / key
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_text(self, path: str, text: str, origin: str = "генератор") -> None:
        self._claim(path, origin).write_text(text, encoding="utf-8", newline="\n")

    def write_bytes(self, path: str, data: bytes, origin: str = "генератор") -> None:
        self._claim(path, origin).write_bytes(data)

    def copy_file(self, path: str, source: Path, origin: str | None = None) -> None:
        shutil.copyfile(source, self._claim(path, origin or str(source)))

    def exists(self, path: str) -> bool:
        return PurePosixPath(path).as_posix() in self._origin

    def paths(self) -> list[str]:
        return sorted(self._origin)

    def copy_content(self, content: Path, *, absorbed: set[str]) -> None:
        """Copy the hand-written ``content/`` tree, except pages that generated pages include in themselves and
        the files other stages read (the report's texts, the notes on changes: ``project.is_stage_input``)."""
        if not content.is_dir():
            return
        for source in sorted(content.rglob("*")):
            if not source.is_file() or any(part.startswith(".") for part in source.relative_to(content).parts):
                continue
            relative = source.relative_to(content).as_posix()
            if relative in absorbed or is_stage_input(relative):
                continue
            self.copy_file(relative, source, f"страница content/{relative}")
