"""``msoko build [ПУТЬ]``: check the data, compute, render and publish the site into ``site/``.

The previous ``site/`` is replaced only when the new one is complete; on any error it stays as it was.
"""

from __future__ import annotations

import argparse
from contextlib import nullcontext

from .. import typography as ty
from ..build import STAGE_TITLES, BuildSummary, build
from ..console import console
from ..progress import shown as bars
from ..project import find_project
from .arguments import add_project, project_path

NAME = "build"
HELP = "Собрать сайт: проверить данные, рассчитать показатели, построить страницы и опубликовать их в папку site/."


def configure(parser: argparse.ArgumentParser) -> None:
    add_project(parser, help="папка проекта; по умолчанию — проект в текущей папке или демонстрационный")
    parser.add_argument("--quiet", action="store_true", help="не выводить ход сборки, только итог")
    parser.add_argument("--force", action="store_true",
                        help="собрать заново, даже если ни данные, ни страницы, ни настройки не изменились с прошлой сборки")
    parser.add_argument("--no-cache", action="store_true",
                        help="собрать заново без кэша: решения защиты малых групп, файлы открытых данных и диаграммы "
                             "будут получены заново (дольше; нужно, только если кэш в .msoko/ вызывает сомнения)")
    parser.add_argument("--scheduler", metavar="АДРЕС",
                        help="рисовать диаграммы на кластере dask.distributed: адрес его планировщика, например "
                             "tcp://10.0.0.5:8786 (нужен пакет из «pip install 'msoko-site[cluster]'»; файлы пишет "
                             "эта машина, общая папка с узлами кластера не нужна)")


def describe(summary: BuildSummary) -> list[str]:
    """The Russian summary lines of a build."""
    lines = []
    if summary.skipped:
        lines.append("Данные, страницы, настройки и генератор не изменились с прошлой сборки: сайт оставлен как есть "
                     "(собрать заново — «msoko build --force»).")
    site = summary.site
    if site is not None:
        lines.append(
            f"Страниц: {ty.fmt_int(site.pages)}, файлов: {ty.fmt_int(site.files)}, "
            f"объём: {ty.fmt_number(site.bytes / 1_048_576, 1)}{ty.NBSP}МБ; "
            f"самая большая страница — {site.largest_page} ({ty.fmt_number(site.largest_page_bytes / 1024, 1)}{ty.NBSP}КБ)."
        )
    if summary.pages_unchanged:
        lines.append(f"Страниц отрисовано заново — {ty.fmt_int(summary.pages_written)}, взято из опубликованного сайта "
                     f"без изменений — {ty.fmt_int(summary.pages_unchanged)}.")
    if summary.organisation_pages_kept:
        lines.append(f"Страниц организаций создано заново — {ty.fmt_int(summary.organisation_pages_rendered)}, "
                     f"оставлено без изменений (их данные те же) — {ty.fmt_int(summary.organisation_pages_kept)}.")
    lines.append(
        f"Диаграмм: {ty.fmt_int(summary.charts_drawn + summary.charts_cached)} "
        f"(нарисовано заново — {ty.fmt_int(summary.charts_drawn)}, из кэша — {ty.fmt_int(summary.charts_cached)})."
    )
    audit = summary.privacy
    if audit is not None:
        cached = summary.privacy_cached_years
        lines.append(
            f"Защита малых групп: скрыто ячеек — {ty.fmt_int(audit.hidden)} (из них малых групп — {ty.fmt_int(audit.primary)}); "
            f"атака проверила {ty.fmt_int(audit.audited)} скрытых чисел человек, самый узкий интервал — не меньше "
            f"{ty.count_noun_genitive(audit.narrowest or 0, ('целого значения', 'целых значений'))} "
            f"(нужно не меньше {audit.width})"
            + (f"; годы из кэша: {', '.join(str(year) for year in cached)}" if cached else "")
            + (f"; решений по частям (процедура, муниципалитет, год) из кэша — {ty.fmt_int(summary.privacy_cached_tasks)} "
               f"из {ty.fmt_int(summary.privacy_tasks)}." if summary.privacy_tasks > 1 else "."))
    stages = ", ".join(f"{STAGE_TITLES.get(name, name)} {ty.fmt_number(seconds, 1)}{ty.NBSP}с"
                       for name, seconds in summary.timings.items())
    lines.append(f"Время: {ty.fmt_number(summary.seconds, 1)}{ty.NBSP}с ({stages}).")
    beside = [title for name, title in (("opendata_wait", "открытые данные"), ("report_wait", "доклад"))
              if name in summary.timings]
    if beside:
        verb = "готовился" if beside == ["доклад"] else "готовились"
        lines.append(f"{' и '.join(beside).capitalize()} {verb} параллельно со страницами, поэтому сумма этапов "
                     "больше общего времени.")
    return lines


def run(args: argparse.Namespace) -> int:
    project = find_project(project_path(args))
    progress = None if args.quiet else (lambda title: console.print(f"• {title}…"))
    with bars(console) if progress else nullcontext():
        summary = build(project, progress=progress, force=args.force, no_cache=args.no_cache,
                        scheduler=args.scheduler)
    console.print(f"[bold green]Сайт собран:[/] {project.site}", markup=True)
    for line in describe(summary):
        console.print(line)
    return 0
