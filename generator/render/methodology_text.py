"""The analytics engine's own description of its rules (``generator.compute.methodology``), as page markup.

The methodology, objectivity, ШНОР and ratings pages show these texts, so a threshold changed in
``msoko.yml`` changes the published description too. When the engine provides no description (an older
engine), the pages simply omit it.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .templating import md_escape

if TYPE_CHECKING:
    from ..config import Config

MODULE = "generator.compute.methodology"


def _module() -> Any:
    if importlib.util.find_spec(MODULE) is None:
        return None
    return importlib.import_module(MODULE)


def section(name: str, config: Config) -> Any:
    """One section (``objectivity``, ``shnor``, ``ratings``…) or ``None``."""
    module = _module()
    provider = getattr(module, name, None) if module is not None else None
    return provider(config) if provider is not None else None


def module_attribute(name: str) -> Any:
    """A constant of the engine's methodology module (e.g. ``SIGNAL_TITLES``) or ``None``."""
    module = _module()
    return getattr(module, name, None) if module is not None else None


def all_sections(config: Config) -> list[Any]:
    module = _module()
    provider = getattr(module, "sections", None) if module is not None else None
    return list(provider(config)) if provider is not None else []


def as_list(item: Any) -> Markup:
    """A section's rules as a definition list (title — text)."""
    if item is None:
        return Markup("")
    body = "".join(f"<dt>{md_escape(rule.title)}</dt><dd>{md_escape(rule.text)}</dd>" for rule in item.rules)
    return Markup(f'<dl class="msoko-profile">{body}</dl>')


def as_headings(item: Any, level: int = 3) -> Markup:
    """A section's rules as headings with stable anchors (``#privacy-secondary``) and paragraphs."""
    hashes = "#" * level
    parts = [f"{hashes} {md_escape(rule.title)} {{#{item.key}-{rule.key}}}\n\n{md_escape(rule.text)}" for rule in item.rules]
    return Markup("\n\n".join(parts))
