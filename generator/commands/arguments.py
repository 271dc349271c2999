"""The project argument every command shares: ``--project ПАПКА`` everywhere, and where a command has no other
positional argument, the folder may also be given on its own (``msoko build ПАПКА``)."""

from __future__ import annotations

import argparse

from ..errors import ConfigError

PROJECT_HELP = "папка проекта; по умолчанию — проект в текущей папке или демонстрационный"


def add_project(parser: argparse.ArgumentParser, *, positional: bool = True, help: str = PROJECT_HELP) -> None:
    """``--project ПАПКА`` and, with ``positional``, an optional ``ПУТЬ`` meaning the same."""
    if positional:
        parser.add_argument("path", nargs="?", metavar="ПУТЬ", help=help)
    parser.add_argument("--project", metavar="ПАПКА", help=help if not positional else "то же, что ПУТЬ")


def project_path(args: argparse.Namespace) -> str | None:
    """The folder the user named (``None``: look for it from the current folder)."""
    positional = getattr(args, "path", None)
    option = getattr(args, "project", None)
    if positional is not None and option is not None and str(positional) != str(option):
        raise ConfigError(f"Указаны две разные папки проекта: «{positional}» и «{option}».", "укажите одну.")
    return str(option) if option is not None else positional
