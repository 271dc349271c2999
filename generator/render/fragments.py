"""Large HTML blocks (the data tables) kept out of Markdown: the page holds a placeholder comment, the block
waits in a side file, and the theme hook puts it back into the finished HTML.

Python-Markdown parses every raw HTML block tag by tag and the search plugin parses the page again; with
some thousand table cells on an organisation's page that was about a second per page, most of a
3 000-organisation build. A placeholder costs nothing to parse; the tables are excluded from the search
index anyway. The docs tree stays self-contained: ``index.md`` and ``index.md.fragments.json`` side by side
(MkDocs is told not to publish the side files).
"""

from __future__ import annotations

import json
import re

SUFFIX = ".fragments.json"
#: the glob MkDocs' ``exclude_docs`` gets, so the side files are read by the hook but never published
EXCLUDE = f"*{SUFFIX}"
_BLOCK = re.compile(r'<div class="msoko-table-wrap"[^>]*>.*?</table>\n</div>', re.S)
_PLACEHOLDER = re.compile(r"<!--msoko-fragment (\d+)-->")


def placeholder(number: int) -> str:
    return f"<!--msoko-fragment {number}-->"


def split(text: str) -> tuple[str, list[str]]:
    """Replace every table block of a generated page by a placeholder; return the page and the blocks."""
    blocks: list[str] = []

    def keep(match: re.Match[str]) -> str:
        blocks.append(match.group(0))
        return placeholder(len(blocks) - 1)

    return _BLOCK.sub(keep, text), blocks


def dump(blocks: list[str]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def fill(html: str, stored: str) -> str:
    """Put the blocks of a side file back in place of their placeholders in the finished HTML."""
    blocks = json.loads(stored)
    return _PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html)
