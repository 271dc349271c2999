"""The ``msoko`` command: one sub-command per module of ``generator.commands``.

Each command module defines ``NAME``, ``HELP``, ``configure(parser)`` and ``run(args) -> int``. Errors of the
user's own making (``MsokoError``) become a Russian message and an exit code here, and nowhere else; any other
exception is a defect of the program and is reported as one, with its traceback written to a file.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from rich.markup import escape

from . import __version__
from .commands import build, importer, init, report, serve, template, upgrade, validate
from .commands.arguments import project_path
from .console import console
from .errors import MsokoError
from .project import find_project

#: command modules, in the order of the analyst's cycle
COMMANDS = (init, upgrade, template, importer, validate, build, serve, report)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="msoko",
        description="Сайт муниципальной системы оценки качества образования: проверка данных, сборка сайта, отчёт.",
    )
    parser.add_argument("--version", action="version", version=f"msoko-site {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="КОМАНДА", title="команды")
    commands.required = True
    for module in COMMANDS:
        sub = commands.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except MsokoError as error:
        # the message may quote data («[/]» in a school name), so it is escaped, never parsed as markup
        console.print(f"[bold red]Ошибка:[/] {escape(str(error))}", highlight=False, markup=True)
        return error.exit_code
    except KeyboardInterrupt:
        console.print("Прервано пользователем; опубликованный сайт и данные не изменены.")
        return 130
    except Exception as error:  # a defect of msoko itself: said so, with the full traceback in a file
        report = write_crash_report(args, error)
        console.print(
            f"[bold red]Внутренняя ошибка программы msoko[/] (это не ошибка в ваших данных): "
            f"{escape(type(error).__name__)}: {escape(str(error))}.\nПолный отчёт записан в файл {escape(str(report))} — "
            "отправьте его разработчикам. Опубликованный сайт и данные проекта не изменены.",
            highlight=False, markup=True)
        return EXIT_DEFECT


#: the exit code of a defect of the program (``EX_SOFTWARE`` of sysexits.h)
EXIT_DEFECT = 70


def write_crash_report(args: argparse.Namespace, error: BaseException) -> Path:
    """The traceback of a defect, in ``.msoko/crash/`` of the project (or the temporary folder)."""
    text = (f"msoko-site {__version__}, команда: {' '.join(sys.argv[1:]) or getattr(args, 'command', '')}\n"
            f"{dt.datetime.now().isoformat(timespec='seconds')}\n\n"
            + "".join(traceback.format_exception(type(error), error, error.__traceback__)))
    name = f"{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    folders = []
    with contextlib.suppress(MsokoError, OSError):
        folders.append(find_project(project_path(args)).work / "crash")
    folders.append(Path(tempfile.gettempdir()) / "msoko-crash")
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
            return folder / name
        except OSError:
            continue
    return Path(name)


if __name__ == "__main__":
    sys.exit(main())
