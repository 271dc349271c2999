"""``msoko import FILE --dataset NAME``: load an export (XLSX or CSV) into a data set of the project.

The file is read, mapped, matched to the registry and checked together with the rest of the project; the
command shows what will be added, changed and removed and only then writes the table, atomically, keeping the
table it replaced: ``msoko import --undo`` puts the last one back.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..console import console
from ..errors import DataError
from ..importer import commit, prepare
from ..importer.diff import render
from ..importer.setaside import write_set_aside
from ..importer.undo import undo
from ..lock import project_lock
from ..project import Project, find_project
from ..typography import count_noun, fmt_number
from .arguments import add_project, project_path

NAME = "import"
HELP = "Загрузить выгрузку (XLSX или CSV) в набор данных проекта: проверка, показ изменений, запись."

MATCHED = {"name": "по названию", "inn": "по ИНН", "label": "по подписи из шаблона", "former": "по прежнему названию"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="ФАЙЛ", type=Path, nargs="?", help="файл выгрузки: .xlsx или .csv")
    parser.add_argument("--dataset", metavar="НАБОР", help="набор данных (ресурс): ege, oge, vpr, organisations…")
    parser.add_argument("--year", type=int, metavar="ГОД", help="заменить строки этого года (год окончания учебного года: 2025 = 2024/25)")
    parser.add_argument("--replace", action="store_true", help="файл заменяет всю таблицу набора (без --year)")
    parser.add_argument("--mapping", type=Path, metavar="ФАЙЛ.yml", help="файл сопоставления столбцов и значений выгрузки")
    parser.add_argument("--sheet", metavar="ЛИСТ", help="лист книги Excel (по умолчанию — первый видимый)")
    parser.add_argument("--unknown", choices=("error", "skip"), default="error",
                        help="строки с неизвестными справочникам организациями (названиями): error — ошибка, ничего не записано; "
                             "skip — отложить их в файл ФАЙЛ.не-загружено.csv рядом с выгрузкой и загрузить остальные")
    parser.add_argument("--errors", type=Path, metavar="ФАЙЛ.csv", help="записать все найденные ошибки в таблицу CSV (строка, столбец, значение, сообщение)")
    parser.add_argument("--undo", action="store_true", help="отменить последнюю загрузку: вернуть таблицу, которую она заменила")
    add_project(parser, positional=False)
    parser.add_argument("--dry-run", action="store_true", help="только проверить и показать изменения, ничего не записывать")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project = find_project(project_path(args))
    if args.undo:
        if args.file is not None or args.dataset:
            raise DataError("С --undo не указываются ни файл, ни --dataset: отменяется последняя загрузка.", "запустите «msoko import --undo».")
        with project_lock(project, "отмена загрузки"):
            return _undo(project, started)
    if args.file is None or not args.dataset:
        raise DataError("Укажите файл выгрузки и набор данных: msoko import ФАЙЛ --dataset НАБОР.",
                        "например, msoko import ege-2025.xlsx --dataset ege; отменить последнюю загрузку — msoko import --undo.")
    with project_lock(project, "загрузка данных"):
        return _run(args, project, started)


def _undo(project: Project, started: float) -> int:
    done = undo(project)
    elapsed = fmt_number(time.perf_counter() - started, 1)
    where = done.target.relative_to(project.root)
    if done.already:
        console.print(f"Загрузка {done.source} уже была отменена: таблица {where} такая, как до неё; запись о ней удалена ({elapsed} с).", markup=False)
    else:
        others = "".join(f", {path.relative_to(project.root)}" for path in done.also)
        tables = f"таблицы {where}{others} возвращены" if others else f"таблица {where} возвращена"
        console.print(f"Итог: загрузка {done.source} в набор «{done.dataset}» отменена, {tables} к виду до неё; {elapsed} с.", markup=False)
    return 0


def _run(args: argparse.Namespace, project: Project, started: float) -> int:
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("осталось"), TimeRemainingColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task(f"Чтение {args.file.name}", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        def stage(title: str) -> None:
            progress.update(task, description=title, completed=0, total=None)

        plan = prepare(
            project, args.file, args.dataset, year=args.year, mapping_file=args.mapping, replace=args.replace,
            sheet=args.sheet, progress=advance, stage=stage, unknown=args.unknown, errors_file=args.errors,
        )
    detected = plan.grid.describe()
    # file names, captions and values come from the user's file: printed as plain text, never parsed as markup
    console.print(f"Прочитан файл {plan.source}" + (f" ({detected})" if detected else "") + f": {count_noun(plan.rows_read, ('строка', 'строки', 'строк'))} данных.", markup=False)
    for note in plan.notes:
        console.print(f"  · {note}", markup=False)
    if plan.matched:
        parts = ", ".join(f"{MATCHED.get(how, how)} — {n}" for how, n in sorted(plan.matched.items()))
        console.print(f"  · коды подставлены по справочникам: {parts}", markup=False)
    if plan.diff.empty:
        console.print(f"Набор «{plan.resource.name}» уже содержит эти данные, файл {plan.target} не изменён.", markup=False)
    else:
        console.print(render(plan.diff, f"Изменения в {plan.target.relative_to(project.root)}"))
    for companion in plan.companions:
        console.print(render(companion.diff, f"Изменения в {companion.target.relative_to(project.root)}"))
    if plan.validated:
        console.print("  · проект с новыми данными проверен целиком: ошибок нет")
    aside = write_set_aside(plan)
    if aside is not None:
        console.print(f"  · не загружено {count_noun(len(plan.set_aside), ('строка', 'строки', 'строк'))} с неизвестными справочникам "
                      f"названиями — список с причинами: {aside}", markup=False)
    if args.errors is not None:
        console.print(f"  · ошибки и отложенные строки записаны в {args.errors}", markup=False)
    elapsed = fmt_number(time.perf_counter() - started, 1)
    if args.dry_run:
        console.print(f"Пробный запуск: {plan.diff.summary()}; ничего не записано ({elapsed} с).", markup=False)
        return 0
    written = commit(plan)
    for companion in plan.companions:
        console.print(f"  · записана таблица {companion.target.relative_to(project.root)}: {companion.diff.summary()}", markup=False)
    scope = f"год {plan.year}" if plan.year is not None else ("вся таблица" if plan.replace else "добавление и обновление по ключу")
    verb = "записан" if written else "не изменён"
    console.print(f"Итог: набор «{plan.resource.name}» ({scope}) — {plan.diff.summary()}; файл {verb}; {elapsed} с.", markup=False)
    return 0
