"""The report section of the site: Markdown pages that MkDocs turns into HTML.

One page per year (title, contents, downloads) and one page per part; every figure links to its indicator
page, Part II values link to the open dataset of indicator values. Headings carry stable anchors (the section
ids), so a link to «2.2.6» survives a new year's edition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .. import typography as t
from .. import urls
from . import charts
from .model import AnalystText, Block, Chart, Figure, Paragraph, Part, Report, Row, Section, Span, Table

if TYPE_CHECKING:
    from ..render.docs import Section as DocsSection

#: the open dataset every value of the report comes from (named by the open-data section)
DATASET = "indicator-values"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape(text: str) -> str:
    """Escape what Markdown would read as markup; ``|`` too, since text also goes into table cells."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def part_path(year: int, part: Part) -> str:
    return urls.report(year, part.id)


def file_path(year: int, extension: str) -> str:
    return f"report/{year}/report-{year}.{extension}"


def chart_path(year: int, chart: Chart) -> str:
    return f"report/{year}/{chart.id}.svg"


def spans(items: Sequence[Span], page: str) -> str:
    out = []
    for item in items:
        if isinstance(item, Figure):
            text = escape(item.text)
            out.append(f"[{text}]({urls.link(page, urls.indicator(item.indicator))})" if item.indicator else text)
        else:
            out.append(escape(item))
    return "".join(out)


def table(block: Table, page: str, value_link: str | None = None) -> str:
    """A pipe table; group rows become a bold row; with ``value_link`` numeric cells link to the dataset."""
    lines = [f"**{escape(block.label)}**", ""]
    lines.append("| " + " | ".join(escape(cell) for cell in block.header) + " |")
    lines.append("| " + " | ".join("---:" if numeric else "---" for numeric in block.numeric) + " |")
    for row in block.rows:
        if row.group:
            lines.append("| " + " | ".join([f"**{escape(row.group)}**", *[""] * (len(block.header) - 1)]) + " |")
            continue
        cells = []
        for index, cell in enumerate(row.cells):
            if value_link and block.numeric[index] and all(isinstance(span, Figure) for span in cell):
                text = escape("".join(span.text for span in cell))
                cells.append(f"[{text}]({value_link})" if text not in (t.SUPPRESSED, escape(t.NO_DATA)) else text)
            else:
                cells.append(spans(cell, page))
        lines.append("| " + " | ".join(cells) + " |")
    if block.note:
        lines += ["", escape(block.note)]
    return "\n".join(lines)


def block_markdown(block: Block, page: str, year: int, value_link: str | None) -> str:
    if isinstance(block, AnalystText):
        return f'<div class="report-analyst" markdown>\n\n{block.markdown}\n\n</div>'
    if isinstance(block, Paragraph):
        text = spans(block.spans, page)
        return f"- {text}" if block.item else text
    if isinstance(block, Table):
        return table(block, page, value_link)
    if isinstance(block, Chart):
        wide, narrow = urls.link(page, chart_path(year, block)), urls.link(page, charts.narrow_chart_path(chart_path(year, block)))
        sources = ", ".join(f"[{code}]({urls.link(page, urls.indicator(code))})" for code in block.indicators)
        caption = f"*{escape(block.label)}.*" + (f" Показатели: {sources}." if sources else "")
        return (f"{charts.figure_html(block, wide, narrow)}\n\n{caption}\n\n"
                f'<details class="msoko-chart-data" markdown>\n<summary>Данные рисунка</summary>\n\n'
                f"{table(charts.data_table(block), page)}\n\n</details>")
    raise TypeError(block)


def join_blocks(parts: Iterable[str], blocks: Sequence[Block]) -> str:
    """Blank lines between blocks, none between consecutive list items (one list, not many)."""
    out: list[str] = []
    previous: Block | None = None
    for text, block in zip(parts, blocks, strict=True):
        if out:
            together = isinstance(block, Paragraph) and block.item and isinstance(previous, Paragraph) and previous.item
            out.append("\n" if together else "\n\n")
        out.append(text)
        previous = block
    return "".join(out)


def section_markdown(section: Section, page: str, year: int, value_link: str | None) -> str:
    level = min(section.level + 1, 6)
    heading = f"{'#' * level} {escape(section.heading)} {{#{section.id}}}"
    body = join_blocks((block_markdown(block, page, year, value_link) for block in section.blocks), section.blocks)
    children = "\n\n".join(section_markdown(child, page, year, value_link) for child in section.children)
    return "\n\n".join(item for item in (heading, body, children) if item)


def downloads(report: Report, page: str, files: Sequence[str]) -> str:
    names = {"pdf": "PDF", "docx": "Word (DOCX)"}
    links = [f"[{names[extension]}]({urls.link(page, file_path(report.year, extension))})" for extension in files]
    return f"Скачать отчёт целиком: {', '.join(links)}." if links else ""


def part_page(report: Report, part: Part, files: Sequence[str]) -> str:
    page = part_path(report.year, part)
    dataset = urls.link(page, urls.dataset(DATASET))
    value_link = dataset if part.id == "part-2" else None
    other = report.parts[1] if part is report.parts[0] else report.parts[0]
    lines = [
        "---",
        f"title: {_yaml(f'{part.heading} — отчёт за {report.year} год')}",
        "---",
        "",
        f"# {escape(part.heading)}",
        "",
        f"{escape(report.title)} {escape(report.subtitle)}. "
        f"[Содержание отчёта]({urls.link(page, urls.report(report.year))}); "
        f"[{escape(other.heading)}]({urls.link(page, part_path(report.year, other))}).",
        "",
        f"Все значения взяты из набора открытых данных [«Значения показателей»]({dataset}); "
        "число в тексте ведёт на страницу своего показателя."
        if part.id != "part-2" else
        "Показатели мониторинга системы образования — из форм статистического наблюдения (набор открытых данных "
        "«Значения федеральных показателей из форм статистического наблюдения») и из опубликованных показателей "
        f"МСОКО; значения показателей МСОКО в приложении — из набора [«Значения показателей»]({dataset}).",
    ]
    if files:
        lines += ["", downloads(report, page, files)]
    for section in part.sections:
        if part.untitled(section):  # the table under the part's own heading: no second heading of the same words
            body = (block_markdown(block, page, report.year, value_link) for block in section.blocks)
            lines += ["", join_blocks(body, section.blocks)]
        else:
            lines += ["", section_markdown(section, page, report.year, value_link)]
    return "\n".join(lines) + "\n"


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toc(sections: Sequence[Section], page: str, target: str, depth: int = 0) -> list[str]:
    lines = []
    for section in sections:
        lines.append(f"{'    ' * depth}- [{escape(section.heading)}]({urls.link(page, target)}#{section.id})")
        lines.extend(_toc(section.children, page, target, depth + 1))
    return lines


def year_page(report: Report, files: Sequence[str]) -> str:
    page = urls.report(report.year)
    lines = ["---", f"title: {_yaml(f'Отчёт о состоянии системы образования за {report.year} год')}", "---", "",
             f"# {escape(report.title)} {escape(report.subtitle)}", ""]
    lines.append(escape(f"{report.territory}. {report.authority}.") if report.authority else escape(report.territory + "."))
    for note in report.notes:
        lines += ["", f"!!! note \"Внимание\"\n    {escape(note)}"]
    if files:
        lines += ["", downloads(report, page, files)]
    lines += ["", "## Содержание", ""]
    for part in report.parts:
        target = part_path(report.year, part)
        lines.append(f"- [{escape(part.heading)}]({urls.link(page, target)})")
        lines.extend(_toc([section for section in part.sections if not part.untitled(section)], page, target, 1))
    return "\n".join(lines) + "\n"


def index_page(years: Sequence[int], files: dict[int, Sequence[str]]) -> str:
    page = urls.REPORT
    lines = ["---", 'title: "Отчёт о состоянии системы образования"', "---", "",
             "# Отчёт о состоянии системы образования", "",
             "Итоговый отчёт о результатах анализа состояния и перспектив развития системы образования составляется "
             "ежегодно по данным мониторинга: часть I — анализ и выводы, часть II — значения показателей.", ""]
    for year in sorted(years, reverse=True):
        line = f"- [{t.school_year_long(year)}]({urls.link(page, urls.report(year))})"
        names = {"pdf": "PDF", "docx": "DOCX"}
        extras = [f"[{names[extension]}]({urls.link(page, file_path(year, extension))})" for extension in files.get(year, ())]
        if extras:
            line += f" — {', '.join(extras)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def chart_files(report: Report) -> dict[str, str]:
    """SVG text of every chart of the report, by docs path."""
    found: dict[str, str] = {}
    for part in report.parts:
        for section in part.walk():
            for block in section.blocks:
                if isinstance(block, Chart):
                    found[chart_path(report.year, block)] = charts.svg(block)
                    found[charts.narrow_chart_path(chart_path(report.year, block))] = charts.svg(block, narrow=True)
    return found


def write_year(out: DocsSection, report: Report, files: Sequence[str]) -> list[str]:
    """Write the pages and charts of one year's report through the report's section of the docs tree; return
    the paths written."""
    written = {urls.report(report.year): year_page(report, files)}
    for part in report.parts:
        written[part_path(report.year, part)] = part_page(report, part, files)
    written.update(chart_files(report))
    for path, text in written.items():
        out.write_text(path, text, f"доклад за {report.year} год ({path})")
    return sorted(written)


__all__ = ["Row", "index_page", "write_year"]
