"""``msoko validate [ПУТЬ]``: check the data packages and print the Russian report; exit 1 on errors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..config import Config, load_config
from ..console import console
from ..errors import ConfigError
from ..project import CONFIG_NAME, find_project
from .arguments import add_project, project_path

NAME = "validate"
HELP = "Проверить пакеты данных: структуру, типы, ссылки и правила предметной области."


def configure(parser: argparse.ArgumentParser) -> None:
    add_project(parser, help="папка проекта или её папка datapackages; по умолчанию — проект в текущей папке или демонстрационный")
    parser.add_argument("--all", action="store_true", help="показать все сообщения (по умолчанию — первые пять каждого вида)")
    parser.add_argument("--strict", action="store_true", help="считать предупреждения ошибками (для автоматических проверок)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="вид отчёта: text — для человека, json — данные (тип, важность, файл, строка, столбец, значение, "
                             "параметры, сообщение, подсказка) в стандартный вывод")


def resolve(path: str | None) -> tuple[Path, Config]:
    """The datapackages folder and the configuration for a project folder or a datapackages folder."""
    if path is None:
        project = find_project()
        return project.datapackages, _config(project.root)
    folder = Path(path).resolve()
    if not folder.is_dir():
        raise ConfigError(f"Папка {folder} не найдена.", "укажите папку проекта или папку datapackages.")
    if (folder / CONFIG_NAME).is_file() or (folder / "datapackages").is_dir():
        return folder / "datapackages", _config(folder)
    if any(folder.glob("*/datapackage.json")):
        return folder, _config(folder.parent)
    if (folder / "datapackage.json").is_file():
        raise ConfigError(
            f"{folder} — один пакет данных, а пакеты ссылаются друг на друга.",
            "укажите папку datapackages, в которой лежат все пакеты проекта.",
        )
    raise ConfigError(f"В папке {folder} нет ни проекта ({CONFIG_NAME}), ни пакетов данных.", "укажите папку проекта или папку datapackages.")


def _config(root: Path) -> Config:
    config_file = root / CONFIG_NAME
    return load_config(config_file) if config_file.is_file() else Config()


def run(args: argparse.Namespace) -> int:
    # imported here: pandas and Frictionless take a second to import, which «msoko --help» should not pay
    from ..validate import validate
    from ..validate.report import LIMIT, print_report

    datapackages, config = resolve(project_path(args))
    if args.format == "json":
        report = validate(datapackages, config)
        sys.stdout.write(json.dumps(report.as_data(), ensure_ascii=False, indent=1) + "\n")
    else:
        console.print(f"Проверка данных: {datapackages}", markup=False)
        report = validate(datapackages, config)
        print_report(report, console, limit=None if args.all else LIMIT)
    if report.errors or (args.strict and report.warnings):
        return 1
    return 0
