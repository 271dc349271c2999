"""The analyst's live preview (``msoko serve``): a change to the data, the pages or the settings rebuilds the site
and reloads the browser; a data error is shown in the browser, on every page, in Russian.

MkDocs' live server watches the project's ``content/``, ``datapackages/`` and ``msoko.yml`` (its ``watch`` list)
and calls its builder on a change. Before MkDocs reads the docs tree, the hook ``on_pre_build`` runs the
project's own build when the inputs' fingerprint changed (``generator.incremental``: the same caches as
``msoko build``, so a changed dataset redraws only what depends on it). When that build fails, the previous docs
tree stays, and ``on_page_markdown`` puts the message at the top of every page until the next change fixes it.
The hook file the server loads (``theme/preview_hooks.py``) only forwards here, so that the state below is the
one ``commands/serve.py`` set up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import MsokoError
from .project import Project
from .render.templating import md_escape

HOOKS = Path(__file__).resolve().parent / "theme" / "preview_hooks.py"


@dataclass
class PreviewState:
    """What the preview knows between two rebuilds."""

    project: Project | None = None
    fingerprint: str = ""
    nav: list = field(default_factory=list)
    #: the Russian message of the last failed build (``None``: the last build succeeded)
    error: str | None = None
    rebuilds: int = 0


STATE = PreviewState()


def start(project: Project, fingerprint: str, nav: list, error: str | None = None) -> None:
    """Called by ``msoko serve`` after its first build (``error``: its message, when it failed); later builds
    run only when the inputs change."""
    STATE.project, STATE.fingerprint, STATE.nav, STATE.error, STATE.rebuilds = project, fingerprint, nav, error, 0


def watched(project: Project) -> list[str]:
    """The paths whose change rebuilds the preview."""
    return [str(path) for path in (project.content, project.datapackages, project.config_file) if path.exists()]


def refresh() -> None:
    """Rebuild the project when its inputs changed since the last rebuild; remember the error if it fails."""
    from . import incremental
    from .build import build
    from .render.nav import saved as saved_nav

    project = STATE.project
    if project is None:
        return
    current = incremental.fingerprint(project)
    if current == STATE.fingerprint:
        return
    STATE.fingerprint = current
    STATE.rebuilds += 1
    try:
        summary = build(project)
    except MsokoError as error:
        STATE.error = str(error)
        return
    STATE.error = None
    from .render import NAV_FILE

    STATE.nav = summary.nav or saved_nav(project.work / NAV_FILE) or STATE.nav


def error_banner(message: str) -> str:
    """The message of a failed build as an admonition at the top of a page (Markdown, escaped)."""
    lines = [md_escape(line) for line in message.splitlines() if line.strip()]
    body = "\n".join(f"    {line}  " for line in lines)
    return (f'!!! failure "Сборка не удалась: сайт показан по последним верным данным"\n\n{body}\n\n'
            "    Исправьте ошибку и сохраните файл: предпросмотр обновится сам.\n\n")


def on_pre_build(config: Any) -> None:
    refresh()
    if STATE.nav:
        config["nav"] = STATE.nav


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if STATE.error is None:
        return markdown
    return error_banner(STATE.error) + markdown
