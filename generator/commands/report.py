"""``msoko report [ПУТЬ] --year 2025 --format pdf,docx,html --out ПАПКА``: the annual report as files.

The data are checked first (a report must not be built from data with errors), then computed exactly as for
the site, so the files agree with the published pages.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .. import typography as t
from ..config import Config, load_config
from ..console import console
from ..errors import ConfigError
from ..project import find_project
from .arguments import add_project, project_path

NAME = "report"
HELP = "Составить итоговый отчёт о состоянии и перспективах развития системы образования (PDF, DOCX, HTML) за год."

FORMATS = ("pdf", "docx", "html")


def configure(parser: argparse.ArgumentParser) -> None:
    add_project(parser, help="папка проекта; по умолчанию — проект в текущей папке или демонстрационный")
    parser.add_argument("--year", type=int, metavar="ГОД",
                        help="отчётный год (2025 — с ГИА и ВПР 2024/25 учебного года); по умолчанию — последний год данных")
    parser.add_argument("--format", default="pdf,docx,html", metavar="ФОРМАТЫ",
                        help="форматы через запятую: pdf, docx, html (по умолчанию все три)")
    parser.add_argument("--out", default=".", metavar="ПАПКА", help="куда записать файлы (по умолчанию — текущая папка)")


def parse_formats(text: str) -> list[str]:
    chosen = [item.strip().lower() for item in text.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in FORMATS]
    if unknown or not chosen:
        raise ConfigError(f"Неизвестный формат отчёта: {', '.join(unknown) or '(пусто)'}.",
                          f"укажите через запятую один или несколько из: {', '.join(FORMATS)}.")
    return list(dict.fromkeys(chosen))


def _size(data: bytes) -> str:
    return f"{t.fmt_number(len(data) / 1024, 0)}{t.NBSP}КБ"


def run(args: argparse.Namespace) -> int:
    from ..build import prepare
    from ..report import build_report, render_file
    from ..report.pdf import document

    formats = parse_formats(args.format)
    project = find_project(project_path(args))
    config = load_config(project.config_file) if project.config_file.is_file() else Config()
    out = Path(args.out).resolve()
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out} — файл, а не папка.", "укажите в --out папку для файлов отчёта.")

    started = time.perf_counter()
    # the same numbers as the site: the build's preparation, with its disclosure decisions and their pattern
    dataset, results = prepare(project, config)
    report = build_report(dataset, config, results, args.year, project.content)
    console.print(f"Отчёт за {report.year}{t.NBSP}год (ГИА и ВПР {t.school_year(report.year)} учебного года): данные проверены и рассчитаны за "
                  f"{t.fmt_number(time.perf_counter() - started, 1)}{t.NBSP}с.")

    out.mkdir(parents=True, exist_ok=True)
    for extension in formats:
        begun = time.perf_counter()
        data = document(report).encode("utf-8") if extension == "html" else render_file(report, extension)
        target = out / f"{report.file_stem}.{extension}"
        target.write_bytes(data)
        console.print(f"  {target} — {_size(data)}, {t.fmt_number(time.perf_counter() - begun, 1)}{t.NBSP}с", markup=False)
    return 0
