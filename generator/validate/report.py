"""The validation report for people: grouped by kind, the first few of each kind, then one summary line.

Thousands of identical problems (a whole column with decimal commas) would bury the one that matters, so
after ``LIMIT`` problems of one type the rest become «… и ещё N» with the location of the first of them.
The same grouping serves the terminal (rich, coloured) and the plain text of ``DataError``.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console
from rich.markup import escape

from ..typography import count_noun, fmt_number
from .problems import TYPES, Problem, Report

#: problems of one type shown before the rest are collapsed into one line
LIMIT = 5
FORMS = {
    "error": ("ошибка", "ошибки", "ошибок"),
    "warning": ("предупреждение", "предупреждения", "предупреждений"),
}
HEADINGS = {"error": "Ошибки", "warning": "Предупреждения"}


def groups(report: Report, severity: str) -> Iterator[tuple[str, list[Problem]]]:
    """Problems of one severity by type, types in the order of their first problem (file, row)."""
    by_type: dict[str, list[Problem]] = {}
    for problem in report.sorted():
        if problem.severity == severity:
            by_type.setdefault(problem.type, []).append(problem)
    yield from by_type.items()


def lines(report: Report, severity: str, limit: int | None = LIMIT) -> Iterator[Problem | str]:
    """What to show of one severity: the first problems of each type, then a collapsed «… и ещё N» line."""
    for type, problems in groups(report, severity):
        shown = problems if limit is None else problems[:limit]
        yield from shown
        rest = len(problems) - len(shown)
        if rest:
            first = problems[len(shown)]
            yield (f"… и ещё {count_noun(rest, FORMS[severity])} вида «{TYPES[type].title}» "
                   f"(следующая — {first.location or 'в данных'})")


def summary(report: Report) -> str:
    """«Прочитано: 12 файлов, 20 345 строк за 1,2 с. Найдено: 3 ошибки, 2 предупреждения.»"""
    read = (f"Прочитано: {count_noun(report.files, ('файл', 'файла', 'файлов'))}, "
            f"{count_noun(report.rows, ('строка', 'строки', 'строк'))} за {fmt_number(report.seconds, 1)}\u00a0с.")
    errors, warnings = len(report.errors), len(report.warnings)
    if not errors and not warnings:
        return f"{read} Ошибок и предупреждений нет."
    found = [count_noun(errors, FORMS["error"]) if errors else "ошибок нет"]
    if warnings:
        found.append(count_noun(warnings, FORMS["warning"]))
    return f"{read} Найдено: {', '.join(found)}."


def render_text(report: Report, severity: str | None = None, limit: int | None = LIMIT) -> str:
    """The report as plain text (for ``DataError`` and logs)."""
    out: list[str] = []
    for level in ("error", "warning"):
        if severity and level != severity:
            continue
        level_lines = list(lines(report, level, limit))
        if level_lines:
            count = len(report.errors if level == "error" else report.warnings)
            out.append(f"{HEADINGS[level]} ({fmt_number(count, 0)}):")
            out.extend(f"  {item}" if isinstance(item, str) else f"  • {item.text()}" for item in level_lines)
    return "\n".join(out)


def print_report(report: Report, console: Console, limit: int | None = LIMIT) -> None:
    """The report on the terminal: errors in red, warnings in yellow, the summary last."""
    for level, colour in (("error", "red"), ("warning", "yellow")):
        level_lines = list(lines(report, level, limit))
        if not level_lines:
            continue
        count = len(report.errors if level == "error" else report.warnings)
        console.print(f"[bold {colour}]{HEADINGS[level]} ({fmt_number(count, 0)}):[/]")
        for item in level_lines:
            if isinstance(item, str):
                console.print(f"  [dim]{escape(item)}[/]")
                continue
            where = f"[bold]{escape(item.location)}[/]: " if item.location else ""
            hint = f" [dim]Что сделать: {escape(item.hint)}.[/]" if item.hint else ""
            console.print(f"  [{colour}]•[/] {where}{escape(item.message)}.{hint}")
    style = "bold red" if report.errors else ("yellow" if report.warnings else "green")
    console.print(f"[{style}]{escape(summary(report))}[/]")
