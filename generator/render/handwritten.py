"""Hand-written pages of ``content/`` that a generated page includes in itself (home intro, methodology,
«О проекте», the ШНОР programme). They are the analyst's own Markdown and are included as they are;
a YAML front matter block, if any, is dropped (the generated page writes its own)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup


def read(path: Path) -> Markup:
    """The page's Markdown without front matter, or an empty text when the file does not exist."""
    if not path.is_file():
        return Markup("")
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            text = text[end + 5:]
    return Markup(text.strip())
