"""MkDocs hook that corrects mkdocs-material's markup where it fails the HTML validator or axe-core.

The theme marks its drawer and search checkboxes with ``autocomplete`` and its search input with
``autocorrect`` (invalid attributes there for the Nu validator), and its search dialog has no accessible
name (axe ``aria-dialog-name``). The fixes are plain string edits of each page's HTML; the quality tests
check that none of these attributes survives, so a changed theme cannot make them silently stale.
"""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')
_AUTOCORRECT = re.compile(r'(<input[^>]*?class="md-search__input"[^>]*?) autocorrect="off"')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_DIALOG_NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Поиск по сайту">'


def fix_markup(html: str) -> str:
    """Remove the attributes the validator rejects and name the search dialog."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _AUTOCORRECT.sub(r"\1", html)
    return html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG_NAMED)


def on_post_page(output: str, **_: object) -> str:
    return fix_markup(output)
