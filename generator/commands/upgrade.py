"""``msoko upgrade``: bring a project made by an earlier release to this release's format (see ``upgrade.py``)."""

from __future__ import annotations

import argparse

from ..console import console
from ..lock import project_lock
from ..project import find_project
from ..project_format import FORMAT
from ..typography import count_noun
from ..upgrade import apply_upgrade, describe, plan_upgrade
from .arguments import add_project, project_path

NAME = "upgrade"
HELP = "Обновить проект, подготовленный прежней версией программы: схемы наборов данных, настройки, образцы текстов."


def configure(parser: argparse.ArgumentParser) -> None:
    add_project(parser)
    parser.add_argument("--dry-run", action="store_true", help="только показать, что изменится, ничего не меняя")


def run(args: argparse.Namespace) -> int:
    project = find_project(project_path(args))
    with project_lock(project, "обновление проекта"):
        plan = plan_upgrade(project)
        if not plan.needed:
            console.print(f"Проект {project.root} уже в формате {FORMAT}: обновлять нечего.", markup=False)
            if plan.notes:
                console.print(describe(plan), markup=False, end="")
            return 0
        what = count_noun(len(plan.changes), ("изменение", "изменения", "изменений"))
        if args.dry_run:
            console.print(f"Проект {project.root} в формате {plan.found}; обновление до формата {FORMAT} внесёт {what}:",
                          markup=False)
            console.print(describe(plan), markup=False, end="")
            console.print("Ничего не изменено (--dry-run). Чтобы обновить, выполните «msoko upgrade» без --dry-run.", markup=False)
            return 0
        backup = apply_upgrade(plan)
        console.print(f"Проект {project.root} обновлён с формата {plan.found} до формата {FORMAT}: {what}.", markup=False)
        console.print(describe(plan), markup=False, end="")
        if backup is not None:
            console.print(f"Прежние версии изменённых и удалённых файлов — в {backup}.", markup=False)
        console.print("Дальше: msoko validate, затем msoko build.", markup=False)
    return 0
