"""Jinja2 for the generated Markdown pages, with every data value escaped for both Markdown and HTML.

A value from the data (an organisation's name, an address, a comment) may contain ``<script>``, ``*``, ``_``
or ``[`` — text that Markdown or a browser would interpret. ``md_escape`` turns each such character into an
HTML character reference, which Markdown passes through untouched and a browser shows as the character
itself, in prose and in raw HTML alike. The environment applies it to everything a template prints unless
the value is already ``Markup`` (built by this package, with its own parts escaped).
"""

from __future__ import annotations

import html
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import typography as ty

_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "\n": " ",
    "\r": " ",
    "\t": " ",
}
#: characters with a meaning in (Python-)Markdown or its extensions: emphasis, links, tables, headings, attr_list…
_ESCAPES.update({char: f"&#{ord(char)};" for char in "\\`*_[]{}()#|~^=!:+"})
ESCAPE_TABLE = str.maketrans(_ESCAPES)


def md_escape(value: Any) -> Markup:
    """Text safe to put anywhere in a generated page: it shows as itself and is never markup."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(ESCAPE_TABLE))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return md_escape(value)


def url_of(page_link: str) -> str:
    """A relative link between ``index.md`` pages as the browser needs it in raw HTML (``../x/`` not ``../x/index.md``).

    MkDocs rewrites ``.md`` links only in Markdown; links inside HTML blocks reach the browser unchanged.
    """
    if page_link == "index.md":
        return "./"
    if page_link.endswith("/index.md"):
        return page_link[: -len("index.md")]
    return page_link


def title_text(value: Any) -> str:
    """A page title for the front matter: MkDocs and the theme print titles into ``<title>``, the header and
    the navigation without escaping, so the title reaches them HTML-escaped already."""
    return html.escape(" ".join(str(value).split()), quote=False)


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        number=ty.fmt_number,
        percent=ty.fmt_percent,
        value=ty.fmt_value,
        change=ty.fmt_change,
        school_year=ty.school_year,
        school_year_long=ty.school_year_long,
        quote=ty.quote,
        md=md_escape,
        url=url_of,
        title_text=title_text,
    )
    env.globals.update(SUPPRESSED=ty.SUPPRESSED, SUPPRESSED_LEGEND=ty.SUPPRESSED_LEGEND, NBSP=ty.NBSP)
    return env
