"""MkDocs hook of the site: puts the data tables into the finished pages (``generator.render.fragments``) and
corrects mkdocs-material's markup where it fails the HTML validator or axe-core.

The theme marks its drawer and search checkboxes with ``autocomplete`` and its search input with
``autocorrect`` (invalid attributes there for the Nu validator), and its search dialog has no accessible
name (axe ``aria-dialog-name``). The fixes are plain string edits of each page's HTML; the quality tests
check that none of these attributes survives, so a changed theme cannot make them silently stale.
"""

from __future__ import annotations

import bisect
import functools
import html as _html
import re
from pathlib import Path
from typing import Any

from generator import page_reuse, site_search, typography
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
#: code, an existing abbreviation, a term being defined (the glossary's <dfn>), scripts, drawings, form controls
_SKIPPED = re.compile(r"<(h[1-6]|abbr|dfn|code|pre|script|style|svg|button|textarea|select|option|title)\b[^>]*>.*?</\1\s*>",
                      re.S | re.I)


@functools.lru_cache(maxsize=4)
def _term_patterns(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern a term, longest first («МБУ ДО» is marked before a shorter term could take its part); a space
    in a term matches an ordinary or a non-breaking space, and a term is a whole word not glued to a hyphen
    («ОО» is not in «ОО-1»)."""
    patterns = []
    for term, full in sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])):
        words = _html.escape(term, quote=False).split()
        body = r"(?:[ \u00a0]|&nbsp;)+".join(re.escape(word) for word in words)
        # the literal first: the engine then skips ahead to each occurrence (a leading look-behind made it try
        # every position of the page); the word boundary before the term is checked by ``_glued``
        patterns.append((full, re.compile(body + r"(?![\w\-])")))
    return tuple(patterns)


def _glued(text: str, position: int) -> bool:
    """Whether the text at ``position`` continues a word (``ШНОРА`` holds no «ШНОР» at its end, nor «1-ДО» a «ДО»)."""
    if position == 0:
        return False
    before = text[position - 1]
    return before.isalnum() or before in "_-"


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def mark_abbreviations(html: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """Wrap the first use of each term in the page's article in ``<abbr title="…">``.

    Only text between tags is touched (never an attribute), and not inside headings, code or an existing
    ``<abbr>``; a link's text may hold one (``<a><abbr>…</abbr></a>`` is valid and read out as the link).
    Each term is looked for on its own from the start of the article and the search stops at its first
    use, so a long page of tables costs little more than a short one.
    """
    start = html.find(_ARTICLE_START)
    end = html.find(_ARTICLE_END, start)
    if not pairs or start < 0 or end < 0:
        return html
    body = html[start:end]
    skipped = [match.span() for match in _SKIPPED.finditer(body)]
    starts = [span[0] for span in skipped]
    taken: list[tuple[int, int, str]] = []
    for full, pattern in _term_patterns(pairs):
        position = 0
        while (found := pattern.search(body, position)) is not None:
            position = found.end()
            at = found.start()
            if _glued(body, at) or body.rfind("<", 0, at) > body.rfind(">", 0, at) or _inside(skipped, starts, at):
                continue  # inside a tag (an attribute's value) or in a heading, code…
            if any(a < found.end() and at < b for a, b, _ in taken):
                continue  # part of a longer term already marked
            taken.append((at, found.end(), full))
            break
    if not taken:
        return html
    parts, last = [], 0
    for at, stop, full in sorted(taken):
        parts += [body[last:at], f'<abbr title="{_html.escape(full)}">{body[at:stop]}</abbr>']
        last = stop
    parts.append(body[last:])
    return html[:start] + "".join(parts) + html[end:]


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
    """Fill the table placeholders of a generated page from its side file, fix the theme's markup and mark
    the page for the search index (``generator.site_search``). A page taken from the published site is left as
    it is: its published HTML replaces it (``reuse_hooks``, after this hook)."""
    if page_reuse.reused(page):
        return output
    source = getattr(getattr(page, "file", None), "abs_src_path", None)
    if source:
        side = Path(source + fragments.SUFFIX)
        if side.is_file():
            output = fragments.fill(output, side.read_text(encoding="utf-8"))
    output = typeset(fix_markup(output), config)
    if page is not None:
        docs_dir = config.get("docs_dir") if config is not None else None
        output = site_search.annotate(output, str(getattr(page, "url", "")), site_search.page_meta(docs_dir))
    return output


def on_post_template(output_content: str, **_: object) -> str:
    """The same fixes for pages built from theme templates alone (``404.html``)."""
    return typography.numero(fix_markup(output_content))
