"""The annual report «О состоянии системы образования» (the final report on the state and prospects of the
education system): one ``Report`` model per year, rendered as site pages, PDF and DOCX.

``build_report`` decides every sentence and number once; ``html``, ``pdf`` and ``docx`` only lay it out, so
the three formats cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import urls
from .assemble import build_report
from .model import Report

if TYPE_CHECKING:
    from ..context import BuildContext

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


def write(ctx: BuildContext) -> None:
    """Write the report section of the site into ``ctx.docs``: pages for every year of the data, the PDF and
    DOCX of the latest year for download."""
    from . import html

    years = sorted(ctx.results.years)
    if not years:
        return
    latest = years[-1]
    files: dict[int, Sequence[str]] = {latest: DOWNLOAD_FORMATS}
    for year in years:
        report = build_report(ctx.dataset, ctx.config, ctx.results, year, ctx.project.content)
        html.write_year(ctx.docs, report, files.get(year, ()))
        for extension in files.get(year, ()):
            target = ctx.docs / html.file_path(year, extension)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(render_file(report, extension))
    index = ctx.docs / urls.REPORT
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(html.index_page(years, files), encoding="utf-8", newline="\n")


__all__ = ["FORMATS", "Report", "build_report", "render_file", "write"]
