"""HTML pieces of the open-data pages: escaping and plain tables.

Every data value (a name, a comment, a cell of the preview) may hold characters that Markdown or a browser would
interpret; ``escape`` (the site's one escaper, ``render.templating.md_escape``) turns each into an HTML character
reference that Markdown passes through and a browser shows as the character itself. The tables use the site's wrapper class so that the theme styles them like all others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..render.templating import md_escape

#: the site's one escaper (``render.templating.md_escape``)
escape = md_escape


def url_of(page_link: str) -> str:
    """A relative link as a browser needs it in raw HTML: ``../x/`` rather than ``../x/index.md``."""
    if page_link == "index.md":
        return "./"
    if page_link.endswith("/index.md"):
        return page_link[: -len("index.md")]
    return page_link


def a(href: str, text: Any, *, download: bool = False) -> Markup:
    return Markup(f'<a href="{escape(href)}"{" download" if download else ""}>{escape(text)}</a>')


@dataclass(frozen=True)
class Column:
    title: str
    numeric: bool = False


def table(columns: Sequence[Column], rows: Sequence[Sequence[Any]], *, caption: str) -> Markup:
    """One table as a raw HTML block in a focusable, named region (wide tables scroll inside it)."""
    numeric = ' class="num"'
    head = "".join(f'<th scope="col"{numeric if col.numeric else ""}>{escape(col.title)}</th>' for col in columns)
    body = []
    for row in rows:
        cells = "".join(f'<td{numeric if col.numeric else ""}>{escape(value)}</td>'
                        for col, value in zip(columns, row, strict=True))
        body.append(f"<tr>{cells}</tr>")
    return Markup(
        f'<div class="msoko-table-wrap" role="region" tabindex="0" aria-label="{escape(caption)}" data-search-exclude="true">\n'
        f"<table>\n<caption>{escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body) + "\n</tbody>\n</table>\n</div>"
    )
