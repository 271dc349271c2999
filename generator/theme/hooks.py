"""MkDocs hook of the site: puts the data tables into the finished pages (``generator.render.fragments``) and
corrects mkdocs-material's markup where it fails the HTML validator or axe-core.

The theme marks its drawer and search checkboxes with ``autocomplete`` and its search input with
``autocorrect`` (invalid attributes there for the Nu validator), and its search dialog has no accessible
name (axe ``aria-dialog-name``). The fixes are plain string edits of each page's HTML; the quality tests
check that none of these attributes survives, so a changed theme cannot make them silently stale.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator import site_search
from generator.render import fragments

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')
_AUTOCORRECT = re.compile(r'(<input[^>]*?class="md-search__input"[^>]*?) autocorrect="off"')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_DIALOG_NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Поиск по сайту">'


_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def fix_markup(html: str) -> str:
    """Remove the attributes the validator rejects and name the search dialog.

    A page outside the navigation (an organisation, an indicator) has no ``__toc`` toggle, yet the table of
    contents still points its title label at it; the label loses its ``for`` there.
    """
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _AUTOCORRECT.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG_NAMED)


def on_post_page(output: str, page: Any = None, config: Any = None, **_: object) -> str:
    """Fill the table placeholders of a generated page from its side file, fix the theme's markup and mark
    the page for the search index (``generator.site_search``)."""
    source = getattr(getattr(page, "file", None), "abs_src_path", None)
    if source:
        side = Path(source + fragments.SUFFIX)
        if side.is_file():
            output = fragments.fill(output, side.read_text(encoding="utf-8"))
    output = fix_markup(output)
    if page is not None:
        docs_dir = config.get("docs_dir") if config is not None else None
        output = site_search.annotate(output, str(getattr(page, "url", "")), site_search.page_meta(docs_dir))
    return output


def on_post_template(output_content: str, **_: object) -> str:
    """The same fixes for pages built from theme templates alone (``404.html``)."""
    return fix_markup(output_content)
