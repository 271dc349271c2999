"""The render stage: the docs tree (hand-written ``content/`` and generated pages), the charts and the nav.

``prepare(ctx)`` makes the docs tree every section writes into, with the hand-written pages; ``render(ctx)``
writes every page of the site engine (the ``pages`` section); the open-data and report sections write theirs
into the same tree meanwhile; ``finish()`` then writes the page that links to all sections (the home page),
draws the charts and returns the ``pages`` section's claims; ``navigation()`` makes the menu from every
section's claims.
"""

from __future__ import annotations

from concurrent.futures import as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..progress import track
from .charts import ChartDrawing, ChartStats, render_charts
from .docs import Claims, DocsTree
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
    """The ``pages`` section once finished: what it claimed and the charts it drew."""

    writer: PageWriter
    charts: ChartStats
    claims: Claims


def prepare(ctx: BuildContext) -> DocsTree:
    """The build's docs tree holding the hand-written pages (sections written beside the pages start from it).
    The previous build's files stay until ``DocsTree.prune``: a file written again with the same bytes is not
    touched."""
    docs = DocsTree(ctx.docs, kept=True)
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
    """The home page (it links to the sections claimed so far: call it after they are written) and the charts."""
    home.write(writer)
    if drawing is not None:
        _await_drawing(drawing)
    charts = render_charts(writer.charts, writer.docs, writer.ctx.project.work / "charts", drawing=drawing)
    return Rendered(writer, charts, writer.docs.claims)


def _await_drawing(drawing: ChartDrawing) -> None:
    """Wait for the worker processes' charts, counting them on a progress bar as their batches come back
    (``render_charts`` then collects the finished batches in their order, as before)."""
    jobs = {job: len(keys) for keys, job in drawing.jobs}
    with track("диаграммы", sum(jobs.values())) as advance:
        for job in as_completed(jobs):
            advance(jobs[job])


def navigation(ctx: BuildContext, claims: list[Claims]) -> list:
    """The site's menu from the sections' claims, kept beside the docs tree for ``msoko serve``."""
    nav = build_nav(claims)
    save_nav(nav, ctx.project.work / NAV_FILE)
    return nav


__all__ = ["Rendered", "finish", "navigation", "prepare", "render", "start_charts"]
