"""The render stage: the docs tree (hand-written ``content/`` and generated pages), the charts and the nav.

``render(ctx)`` writes every page of the site engine; the open-data and report sections write theirs into
the same tree afterwards; ``finish()`` then writes the pages that link to all sections (the home page),
draws the charts and returns the navigation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import urls
from .charts import ChartDrawing, ChartStats, render_charts
from .docs import DocsTree
from .nav import build_nav
from .nav import save as save_nav
from .pages import (
    about,
    accessibility,
    catalogues,
    compare,
    directions,
    glossary,
    home,
    indicators,
    map_page,
    methodology,
    objectivity,
    organisations,
    ratings,
    shnor,
    territories,
)
from .writer import PageWriter

if TYPE_CHECKING:
    from ..context import BuildContext

#: the nav of the last build, beside the docs tree in the project's scratch folder
NAV_FILE = "nav.json"
#: hand-written pages that generated pages include in themselves (not copied as they are)
ABSORBED = {home.INTRO, methodology.INTRO, about.INTRO, shnor.INTRO, accessibility.INTRO}


@dataclass(frozen=True)
class Rendered:
    writer: PageWriter
    charts: ChartStats
    nav: list


def prepare(ctx: BuildContext) -> DocsTree:
    """A fresh docs tree holding the hand-written pages (sections written beside the pages start from it)."""
    docs = DocsTree(ctx.docs)
    docs.copy_content(ctx.project.content, absorbed=ABSORBED)
    return docs


def render(ctx: BuildContext, docs: DocsTree | None = None) -> PageWriter:
    """Write the generated pages into ``docs`` (a fresh tree from ``prepare`` when not given)."""
    writer = PageWriter(ctx, docs if docs is not None else prepare(ctx))
    if writer.publishes("directions"):
        directions.write(writer)
    if writer.publishes("indicators"):
        indicators.write(writer)
    if writer.publishes("organisations"):
        catalogues.write(writer)
        territories.write(writer)
        organisations.write(writer)
        compare.write(writer)
        map_page.write(writer)
    if writer.publishes("shnor"):
        shnor.write(writer)
    objectivity.write(writer)
    if writer.publishes("ratings"):
        ratings.write(writer)
    methodology.write(writer)
    about.write(writer)
    glossary.write(writer)
    accessibility.write(writer)
    return writer


def start_charts(writer: PageWriter) -> ChartDrawing:
    """Start drawing the charts registered so far in worker processes (``finish`` collects them)."""
    drawing = ChartDrawing(writer.ctx.project.work / "charts")
    drawing.start(writer.charts)
    return drawing


def finish(writer: PageWriter, drawing: ChartDrawing | None = None) -> Rendered:
    home.write(writer)
    charts = render_charts(writer.charts, writer.docs, writer.ctx.project.work / "charts", drawing=drawing)
    direction_pages = [(f"{d['code']}. {d['name']}", urls.direction(str(d["slug"]))) for d in writer.data.directions]
    nav = build_nav(writer.ctx.docs, direction_pages)
    save_nav(nav, writer.ctx.project.work / NAV_FILE)
    return Rendered(writer, charts, nav)


__all__ = ["Rendered", "finish", "prepare", "render", "start_charts"]
