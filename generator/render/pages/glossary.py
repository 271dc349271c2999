"""«Словарь терминов»: every abbreviation and sign the site uses, spelt out in plain words.

The terms are the generator's defaults plus the authority's ``content/glossary.yml`` (``generator.glossary``);
the same list gives the ``<abbr>`` titles the site hook puts at the first use of a term on every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from ... import glossary, urls
from ... import typography as ty
from ..templating import md_escape

if TYPE_CHECKING:
    from ..writer import PageWriter


def definitions(terms: list[glossary.Term]) -> Markup:
    """The terms as one definition list: the term, its full form, the explanation."""
    items = []
    for term in terms:
        full = md_escape(ty.dash(term.full[:1].upper() + term.full[1:]))
        text = f" {md_escape(ty.dash(term.text))}" if term.text else ""
        # <dfn>: this is where the term is defined (and the site hook leaves it unmarked)
        items.append(f"<dt><dfn>{md_escape(term.term)}</dfn></dt><dd><strong>{full}.</strong>{text}</dd>")
    return Markup('<dl class="msoko-glossary">' + "".join(items) + "</dl>")


def write(w: PageWriter) -> None:
    terms = glossary.load(w.ctx.project.content)
    w.page(urls.GLOSSARY, "glossary.md.j2", title="Словарь терминов", menu="Словарь терминов", terms=definitions(terms),
           count=len(terms))
