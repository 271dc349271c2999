"""``msoko template НАБОР``: an Excel book for entering a data set by hand, with lists and cell checks."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..console import console
from ..project import find_project
from ..templates_xlsx import write_template
from ..typography import fmt_number
from .arguments import add_project, project_path

NAME = "template"
HELP = "Создать шаблон Excel для ввода набора данных: подписи, единицы, списки организаций и показателей, проверки ячеек."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dataset", metavar="НАБОР", help="набор данных (ресурс): ege, oge, vpr, organisations, organisation_values…")
    parser.add_argument("--out", type=Path, metavar="ФАЙЛ.xlsx", help="куда записать (по умолчанию — НАБОР.xlsx в текущей папке)")
    add_project(parser, positional=False)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project = find_project(project_path(args))
    out = args.out or Path(f"{args.dataset}.xlsx")
    path = write_template(project.datapackages, args.dataset, out)
    console.print(f"Шаблон набора «{args.dataset}» записан: {path}", markup=False)
    console.print(f"Итог: заполните лист «Данные» с третьей строки и загрузите: msoko import {path} --dataset {args.dataset}; {fmt_number(time.perf_counter() - started, 1)} с.", markup=False)
    return 0
