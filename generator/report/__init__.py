"""The annual report «О состоянии системы образования» (the final report on the state and prospects of the
education system): one ``Report`` model per year, rendered as site pages, PDF and DOCX.

``build_report`` decides every sentence and number once; ``html``, ``pdf`` and ``docx`` only lay it out, so
the three formats cannot disagree.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import urls
from ..cache import Cache
from .assemble import build_report
from .model import Report

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..render.docs import Claims, DocsTree

SECTION = "report"

FORMATS = ("html", "pdf", "docx")
#: the downloadable files of the site: for the latest year only (a PDF takes seconds to lay out)
DOWNLOAD_FORMATS = ("pdf", "docx")


def render_file(report: Report, extension: str) -> bytes:
    """The report in one downloadable format."""
    if extension == "pdf":
        from . import pdf

        return pdf.render(report)
    if extension == "docx":
        from . import docx

        return docx.render(report)
    raise ValueError(extension)


def _file_cache(ctx: BuildContext) -> Cache:
    """The downloadable files by the digest of the report they lay out (every sentence, number and chart of it)
    and of the code and libraries that lay it out: a rebuild whose data leave the latest year's report as it was
    does not lay out its PDF and DOCX again (the slowest part of the section)."""
    return Cache(ctx.project.work / "report", code=sorted(Path(__file__).parent.glob("*.py")),
                 libraries=("weasyprint", "python-docx", "matplotlib", "pillow"))


def write(ctx: BuildContext, docs: DocsTree) -> Claims:
    """Write the report section of the site into ``docs``: pages for every year of the data, the PDF and DOCX
    of the latest year for download; returns what the section claimed. The analyst's texts of
    ``content/report/`` are read here only (``build_report``), never published as they are."""
    from . import html

    out = docs.section(SECTION)
    years = sorted(ctx.results.years)
    if not years:
        return out.claims
    latest = years[-1]
    files: dict[int, Sequence[str]] = {latest: DOWNLOAD_FORMATS}
    cache = _file_cache(ctx)
    for year in years:
        report = build_report(ctx.dataset, ctx.config, ctx.results, year, ctx.project.content)
        html.write_year(out, report, files.get(year, ()))
        key = cache.key(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)) if files.get(year) else ""
        for extension in files.get(year, ()):
            data = cache.bytes(f"{key}.{extension}", lambda report=report, extension=extension: render_file(report, extension))
            out.write_bytes(html.file_path(year, extension), data, f"доклад за {year} год ({extension.upper()})")
    cache.prune()
    out.write_text(urls.REPORT, html.index_page(years, files), "страница «Отчёт о состоянии системы образования»")
    out.menu("Доклад", urls.REPORT)
    return out.claims


__all__ = ["FORMATS", "Report", "build_report", "render_file", "write"]
