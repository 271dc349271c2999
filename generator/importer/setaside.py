"""The rows ``--unknown skip`` did not import, written beside the export for the analyst to fix and load again.

The file is named after the export (``результаты.csv`` → ``результаты.не-загружено.csv``), opens in Excel as it
is (``;``, UTF-8 with BOM) and has the reason and the closest registry entries first, then the row's own cells
under the export's own captions: once the names are fixed (or the organisations added to the registry), it can
be imported with the same mapping as the export.
"""

from __future__ import annotations

from pathlib import Path

from .plan import Plan
from .write import write_excel_csv

SUFFIX = ".не-загружено.csv"
COLUMNS = ("Строка файла", "Причина", "Похожие записи справочника")


def set_aside_path(source: Path) -> Path:
    return source.with_name(source.stem + SUFFIX)


def write_set_aside(plan: Plan) -> Path | None:
    """Write the set-aside rows of ``plan`` (None when there are none; an earlier file of the export is removed,
    so the folder never shows a list that is not this import's)."""
    path = set_aside_path(plan.source)
    if not plan.set_aside:
        path.unlink(missing_ok=True)
        return None
    captions = plan.layout.headers
    rows = []
    for item in plan.set_aside:
        reasons = "; ".join(
            (f"{problem.column}: " if problem.column else "") + _reason(problem.message) for problem in item.problems
        )
        candidates = "; ".join(dict.fromkeys(c for problem in item.problems for c in problem.candidates))
        cells = list(item.cells) + [""] * (len(captions) - len(item.cells))
        rows.append([str(item.row), reasons, candidates, *cells[: len(captions)]])
    write_excel_csv(path, [*COLUMNS, *(caption or f"Столбец {i + 1}" for i, caption in enumerate(captions))], rows)
    return path


def _reason(message: str) -> str:
    """The message without its suggestions and advice (they have a column of their own and are the same for all)."""
    return message.split("; похожие:")[0].split("; исправьте")[0].split("; укажите код")[0]
