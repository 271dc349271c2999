"""The ``msoko`` command: one sub-command per module of ``generator.commands``.

Each command module defines ``NAME``, ``HELP``, ``configure(parser)`` and ``run(args) -> int``. Errors of the
user's own making (``MsokoError``) become a Russian message and an exit code here, and nowhere else.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from rich.markup import escape

from . import __version__
from .console import console
from .errors import MsokoError

#: command modules, in the order of the analyst's cycle
COMMANDS = (
    "init",
    "template",
    "importer",
    "validate",
    "build",
    "serve",
    "report",
)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="msoko",
        description="Сайт муниципальной системы оценки качества образования: проверка данных, сборка сайта, отчёт.",
    )
    parser.add_argument("--version", action="version", version=f"msoko-site {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="КОМАНДА", title="команды")
    commands.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"generator.commands.{name}")
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


if __name__ == "__main__":
    sys.exit(main())
