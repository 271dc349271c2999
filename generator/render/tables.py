"""HTML tables of the generated pages: readable without JavaScript, sortable and filterable with it.

Tables are raw HTML blocks inside the Markdown (Markdown tables cannot carry the sort values, column
classes or the caption). Every text passes through ``md_escape``; numbers carry a plain ``data-sort`` value
so that ``1 234,5`` sorts as a number in the browser.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from .. import typography as ty
from .templating import ESCAPE_TABLE, md_escape

_NUM = ' class="num"'
_NOSORT = ' data-nosort=""'


@dataclass(frozen=True)
class Column:
    title: str
    numeric: bool = False
    sortable: bool = True


@dataclass(frozen=True)
class Cell:
    """A shown text (or ``Markup``) with an optional sort value and a header flag (row headers)."""

    text: Any
    sort: float | str | None = None
    header: bool = False


def cell(text: Any, sort: float | str | None = None) -> Cell:
    return Cell(text, sort)


def _text(value: Any) -> str:
    """``md_escape`` without wrapping every cell in ``Markup`` (a regional site has millions of cells)."""
    if isinstance(value, Markup):
        return str(value)
    return str(value).translate(ESCAPE_TABLE)


def _sort_attr(sort: float | str | None) -> str:
    if sort is None or sort is pd.NA:
        return ""
    if isinstance(sort, float) and math.isnan(sort):
        return ""
    if isinstance(sort, int | float | np.integer | np.floating):
        return f' data-sort="{round(float(sort), 6)!r}"'
    return f' data-sort="{md_escape(sort)}"'


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    *,
    caption: str,
    interactive: bool = False,
    filter_label: str = "",
    search: bool = True,
) -> Markup:
    """One table as a raw HTML block; ``interactive`` adds sorting and filtering, ``search=False`` keeps
    the rows out of the site's search index (long numeric tables would only bloat it)."""
    attrs = ' class="msoko-table"' + (' data-msoko-table=""' if interactive else "")
    if interactive and filter_label:
        attrs += f' data-msoko-filter-label="{md_escape(filter_label)}"'
    head = "".join(
        f'<th scope="col"{_NUM if col.numeric else ""}{"" if col.sortable else _NOSORT}>{md_escape(col.title)}</th>'
        for col in columns
    )
    # data-sort only where the browser sorts; numeric cells are right-aligned by their class
    classes = [_NUM if col.numeric else "" for col in columns]
    body = []
    for row in rows:
        cells = []
        for cls, value in zip(classes, row, strict=True):
            if isinstance(value, Cell):
                tag, scope = ("th", ' scope="row"') if value.header else ("td", "")
                sort = _sort_attr(value.sort) if interactive else ""
                cells.append(f"<{tag}{scope}{cls}{sort}>{_text(value.text)}</{tag}>")
            else:
                cells.append(f"<td{cls}>{_text(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    wrap_attrs = ' data-search-exclude="true"' if not search else ""
    # a focusable, named region: keyboard users can scroll a table wider than the screen (axe
    # «scrollable-region-focusable»), and the page itself never scrolls sideways
    html = (
        f'<div class="msoko-table-wrap" role="region" tabindex="0" aria-label="{md_escape(caption)}"{wrap_attrs}>\n'
        f"<table{attrs}>\n<caption>{md_escape(caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</div>"
    )
    return Markup(html + sign_legend(body))


#: the signs a cell may hold instead of a value, and what each means (the legend printed under the table)
SIGNS = (
    (ty.SUPPRESSED, "значение не публикуется: группа слишком мала, по нему можно было бы узнать о конкретном человеке"),
    (ty.NO_DATA, "значения нет (нет данных или его не из чего вычислить)"),
)


def sign_legend(body: Sequence[str]) -> str:
    """The legend of the signs used in a table's cells, right under the table, or nothing.

    A sign fills a cell (or its whole inner element) alone, so ``>к<`` and ``>—<`` find exactly those cells and
    never a dash inside a name; the check is two substring searches per row, cheap on a regional table.
    """
    used = [(sign, meaning) for sign, meaning in SIGNS if any(f">{sign}<" in row for row in body)]
    if not used:
        return ""
    parts = "; ".join(f"{ty.quote(sign)}{ty.NBSP}— {meaning}" for sign, meaning in used)
    return f'\n<p class="msoko-legend msoko-legend--table">{parts}.</p>'

