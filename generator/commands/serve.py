"""``msoko serve [ПУТЬ]``: build the site and show it at http://127.0.0.1:8000/ for the analyst to review.

It runs the whole pipeline once (data checks included), then serves the generated docs tree with MkDocs'
live preview; a change to ``content/``, ``datapackages/`` or ``msoko.yml`` rebuilds the site and reloads the
browser, and a data error is shown on the pages (``generator.preview``). The project lock is held only while
a rebuild runs, so ``msoko import`` works while the preview is open.
"""

from __future__ import annotations

import argparse

from rich.markup import escape

from ..build import build
from ..console import console
from ..errors import BuildError, MsokoError
from ..project import find_project
from ..publish import mkdocs_config
from .arguments import add_project, project_path

NAME = "serve"
HELP = "Собрать сайт и показать его в браузере на этом компьютере (предпросмотр для аналитика)."


def configure(parser: argparse.ArgumentParser) -> None:
    add_project(parser, help="папка проекта; по умолчанию — проект в текущей папке или демонстрационный")
    parser.add_argument("--port", type=int, default=8000, help="порт (по умолчанию 8000)")


def run(args: argparse.Namespace) -> int:
    import tempfile
    from pathlib import Path

    import yaml
    from mkdocs.commands.serve import serve

    from .. import incremental, preview
    from ..build import site_settings
    from ..config import load_config
    from ..render import NAV_FILE
    from ..render.nav import saved as saved_nav

    project = find_project(project_path(args))
    try:
        summary = build(project, progress=lambda title: console.print(f"• {title}…"))
        nav = summary.nav
        failed = None
    except MsokoError as error:
        if not (project.work / "docs").is_dir() or not (project.work / NAV_FILE).is_file():
            raise  # nothing built yet to show beside the message
        console.print(f"[bold red]Сборка не удалась[/]: {escape(str(error))}\nПоказываю сайт по последним верным данным.")
        nav, failed = [], str(error)
    preview.start(project, incremental.fingerprint(project), nav or saved_nav(project.work / NAV_FILE), failed)
    config = load_config(project.config_file)
    docs = project.work / "docs"
    # a build skipped as unchanged has no nav of its own: the last build's is beside the docs tree
    nav = preview.STATE.nav
    with tempfile.TemporaryDirectory(dir=project.work) as scratch:
        data = mkdocs_config(project, docs, Path(scratch) / "site", site_settings(config, nav))
        data["strict"] = False
        data["hooks"] = [*data.get("hooks", []), str(preview.HOOKS)]
        data["watch"] = [*data.get("watch", []), *preview.watched(project)]
        config_file = Path(scratch) / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        console.print(f"Сайт: http://127.0.0.1:{args.port}/ — обновляется сам, когда меняются данные, страницы "
                      "или настройки (остановить — Ctrl+C)")
        try:
            serve(config_file=str(config_file), dev_addr=f"127.0.0.1:{args.port}", livereload=True)
        except OSError as error:
            raise BuildError(f"Не удалось запустить просмотр на порту {args.port}: {error}", "укажите другой порт: --port 8001.") from error
    return 0
