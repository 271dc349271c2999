"""The analyst's own words: optional Markdown blocks that go at the start of a report section.

A block for one year (``content/report/2025/<section>.md``) takes precedence over a block for every year
(``content/report/<section>.md``); a missing block leaves the generated text alone.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from .model import AnalystText

FOLDER = "report"


def block_paths(content: Path, year: int, section_id: str) -> list[Path]:
    return [content / FOLDER / str(year) / f"{section_id}.md", content / FOLDER / f"{section_id}.md"]


def analyst_block(content: Path | None, year: int, section_id: str) -> AnalystText | None:
    if content is None:
        return None
    for path in block_paths(content, year, section_id):
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8").strip()
            except UnicodeDecodeError as error:
                raise DataError(f"Файл {path} не в кодировке UTF-8.", "сохраните его в UTF-8.") from error
            if text:
                return AnalystText(text, path.relative_to(content.parent).as_posix())
    return None
