"""The analytics engine's own description of its rules (``generator.compute.methodology``), as page markup.

The methodology, objectivity, ШНОР and ratings pages show these texts, so a threshold changed in
``msoko.yml`` changes the published description too.
"""

from __future__ import annotations

from markupsafe import Markup

from ..compute.methodology import Section
from .templating import md_escape


def as_list(item: Section | None) -> Markup:
    """A section's rules as a definition list (title — text)."""
    if item is None:
        return Markup("")
    body = "".join(f"<dt>{md_escape(rule.title)}</dt><dd>{md_escape(rule.text)}</dd>" for rule in item.rules)
    return Markup(f'<dl class="msoko-profile">{body}</dl>')


def as_headings(item: Section, level: int = 3) -> Markup:
    """A section's rules as headings with stable anchors (``#privacy-secondary``) and paragraphs."""
    hashes = "#" * level
    parts = [f"{hashes} {md_escape(rule.title)} {{#{item.key}-{rule.key}}}\n\n{md_escape(rule.text)}" for rule in item.rules]
    return Markup("\n\n".join(parts))
