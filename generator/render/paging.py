"""Long tables split over several pages, each page linked to all others: a page must stay small (< 150 KB)
however large the registry. The site search still finds any organisation on any page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .templating import md_escape

if TYPE_CHECKING:
    from .writer import PageWriter

#: rows on one page: a catalogue row is about 500 bytes, so 200 rows stay near 100 KB with the theme
PAGE_ROWS = 200


def chunks(items: Sequence[Any], size: int = PAGE_ROWS) -> list[Sequence[Any]]:
    return [items[start:start + size] for start in range(0, len(items), size)] or [items[0:0]]


def pager(w: PageWriter, current: str, pages: list[str], labels: list[str], *, name: str) -> Markup:
    """Links to every page of a split table; the current page is marked, not linked."""
    items = []
    for number, (page, label) in enumerate(zip(pages, labels, strict=True), start=1):
        text = f"{number}: {label}"
        if page == current:
            items.append(f'<li aria-current="page">{md_escape(text)}</li>')
        else:
            items.append(f"<li>{w.a(current, page, text)}</li>")
    return Markup(f'<nav aria-label="{md_escape(name)}"><ul>{"".join(items)}</ul></nav>')
