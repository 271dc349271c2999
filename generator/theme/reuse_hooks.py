"""MkDocs hook: pages and files whose published output is still right are taken from the published site
(``generator.page_reuse``). Listed after the site's own hooks, so the HTML it returns is the final page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.structure.files import InclusionLevel

from generator import page_reuse

#: what a reused page gives Markdown to convert: nothing (its HTML is replaced after the theme renders it)
_EMPTY = ""


def _plan() -> page_reuse.Plan | None:
    return page_reuse.CURRENT[0] if page_reuse.CURRENT else None


def on_files(files: Any, config: Any, **_: object) -> Any:
    """Files the published site already has with the same bytes are not copied (they are linked after the build)."""
    plan = _plan()
    if plan is not None:
        for file in files:
            if not file.is_documentation_page() and file.src_uri in plan.files:
                file.inclusion = InclusionLevel.EXCLUDED
    return files


def on_page_markdown(markdown: str, page: Any = None, **_: object) -> str:
    """A reused page converts no Markdown and fills a one-line template instead of the theme's."""
    if page_reuse.reused(page):
        page.meta["template"] = page_reuse.REUSED_TEMPLATE
        return _EMPTY
    return markdown


def on_post_page(output: str, page: Any = None, **_: object) -> str:
    plan = _plan()
    if plan is None or page is None:
        return output
    published = plan.pages.get(page.file.src_uri)
    if published is None:
        plan.rendered += 1
        return output
    plan.reused += 1
    with (plan.site / published).open(encoding="utf-8", newline="") as handle:  # the bytes as published
        return handle.read()


def on_post_build(config: Any, **_: object) -> None:
    """Link the unchanged files from the published site into the new one."""
    plan = _plan()
    if plan is None:
        return
    site_dir = Path(config["site_dir"])
    for name, published in sorted(plan.files.items()):
        target = site_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.link(plan.site / published, target)
