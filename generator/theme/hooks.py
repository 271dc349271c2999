"""MkDocs hook of the site: puts the data tables into the finished pages (``generator.render.fragments``) and
corrects mkdocs-material's markup where it fails the HTML validator or axe-core.

The theme marks its drawer and search checkboxes with ``autocomplete`` and its search input with
``autocorrect`` (invalid attributes there for the Nu validator), and its search dialog has no accessible
name (axe ``aria-dialog-name``). The fixes are plain string edits of each page's HTML; the quality tests
check that none of these attributes survives, so a changed theme cannot make them silently stale.
"""

from __future__ import annotations

import functools
import html as _html
import re
from pathlib import Path
from typing import Any

from generator import typography
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


# --- words: «№» with its number, abbreviations explained at their first use ---------------------------------

_ARTICLE_START = '<article class="md-content__inner md-typeset">'
_ARTICLE_END = "</article>"
#: elements whose text is never marked: headings (their text is also the table of contents and the title),
#: code, an existing abbreviation, scripts and the chart images' neighbours that are not prose
_SKIPPED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "abbr", "code", "pre", "script", "style", "svg",
                      "button", "textarea", "select", "option", "title"})
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>|<!--.*?-->|[^<]+", re.S)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@functools.lru_cache(maxsize=4)
def _abbreviation_pattern(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """One alternation of every term, longest first («МБУ ДО» before «ДО»); a space in a term matches an
    ordinary or a non-breaking space, and a term is a whole word not glued to a hyphen («ОО» is not in «ОО-1»)."""
    if not pairs:
        return None
    alternatives = []
    for term, _ in sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])):
        escaped = _html.escape(term, quote=False)
        alternatives.append(r"[ \u00a0]+".join(re.escape(part) for part in escaped.split()))
    return re.compile(r"(?<![\w\-])(" + "|".join(alternatives) + r")(?![\w\-])")


def mark_abbreviations(html: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """Wrap the first use of each term in the page's article in ``<abbr title="…">``.

    Only text between tags is touched (never an attribute), and not inside headings, code or an existing
    ``<abbr>``; a link's text may hold one (``<a><abbr>…</abbr></a>`` is valid and read out as the link).
    """
    pattern = _abbreviation_pattern(pairs)
    start = html.find(_ARTICLE_START)
    end = html.find(_ARTICLE_END, start)
    if pattern is None or start < 0 or end < 0:
        return html
    titles = {" ".join(term.split()): full for term, full in pairs}
    seen: set[str] = set()
    skipped = 0
    parts = []
    body = html[start:end]
    for token in _TOKEN.finditer(body):
        text = token.group(0)
        name = token.group(2)
        if name is not None:
            name = name.lower()
            if name in _SKIPPED and name not in _VOID and not token.group(3):
                skipped += -1 if token.group(1) else 1
            parts.append(text)
            continue
        if skipped or text.startswith("<!--") or len(seen) == len(titles):
            parts.append(text)
            continue
        parts.append(pattern.sub(lambda found: _abbr(found, titles, seen), text))
    return html[:start] + "".join(parts) + html[end:]


def _abbr(found: re.Match[str], titles: dict[str, str], seen: set[str]) -> str:
    shown = found.group(1)
    key = " ".join(_html.unescape(shown).replace("\u00a0", " ").split())
    if key in seen or key not in titles:
        return shown
    seen.add(key)
    return f'<abbr title="{_html.escape(titles[key])}">{shown}</abbr>'


_PAGE_LEGEND = re.compile(r'\n?<p class="msoko-legend">[^<]*</p>')


def typeset(html: str, config: Any = None) -> str:
    """The finished page's words: «№» never parted from its number (names come from the data spelt «№ 3»),
    the abbreviations of the glossary explained at their first use, and the page's closing note on «к»
    dropped where every table already explains its signs right under itself."""
    html = typography.numero(html)
    if "msoko-legend--table" in html:
        html = _PAGE_LEGEND.sub("", html)
    extra = (getattr(config, "extra", None) or {}) if config is not None else {}
    msoko = extra.get("msoko") or {}
    pairs = tuple((str(term), str(full)) for term, full in msoko.get("abbreviations") or ())
    return mark_abbreviations(html, pairs) if pairs else html


def on_post_page(output: str, page: Any = None, config: Any = None, **_: object) -> str:
    """Fill the table placeholders of a generated page from its side file, then fix the theme's markup."""
    source = getattr(getattr(page, "file", None), "abs_src_path", None)
    if source:
        side = Path(source + fragments.SUFFIX)
        if side.is_file():
            output = fragments.fill(output, side.read_text(encoding="utf-8"))
    return typeset(fix_markup(output), config)


def on_post_template(output_content: str, **_: object) -> str:
    """The same fixes for pages built from theme templates alone (``404.html``)."""
    return typography.numero(fix_markup(output_content))
