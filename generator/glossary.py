"""The words of the site: abbreviations and signs a parent does not know (ШНОР, МКДО, «к», «—», п. п.).

The terms are data, not code: the generator's defaults (``generator/glossary.yml``) plus the project's own
``content/glossary.yml`` of the same form, so an authority adds its local abbreviations without a programmer.
The glossary page lists them all; the site hook marks the first use of each abbreviation on every page with
``<abbr title>`` (``abbreviations``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError

DEFAULTS = Path(__file__).resolve().parent / "glossary.yml"
#: the project's additions, relative to ``content/`` (read by the glossary page, not published as a file)
PROJECT_FILE = "glossary.yml"
_KEYS = {"term", "full", "text", "abbr"}


@dataclass(frozen=True)
class Term:
    term: str
    full: str
    text: str = ""
    #: whether the first use on a page is marked with ``<abbr>`` (not for «к», «—» or ordinary words)
    abbr: bool = True


def _parse(path: Path, label: str) -> list[Term]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise DataError(f"Файл словаря {label} не в кодировке UTF-8.") from error
    except yaml.YAMLError as error:
        raise DataError(f"Файл словаря {label} не читается как YAML: {error}") from error
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataError(f"Файл словаря {label}: ожидается список записей «- term: …, full: …».")
    terms = []
    for number, item in enumerate(data, start=1):
        where = f"{label}, запись № {number}"
        if not isinstance(item, dict):
            raise DataError(f"{where}: ожидаются ключи term, full и (необязательно) text, abbr.")
        unknown = set(item) - _KEYS
        if unknown:
            raise DataError(f"{where}: неизвестные ключи {', '.join(sorted(map(str, unknown)))}; допустимы term, full, text, abbr.")
        term, full = str(item.get("term") or "").strip(), str(item.get("full") or "").strip()
        if not term or not full:
            raise DataError(f"{where}: нужны непустые term (термин) и full (расшифровка).")
        abbr = item.get("abbr", True)
        if not isinstance(abbr, bool):
            raise DataError(f"{where}: abbr — да/нет (true/false), получено «{abbr}».")
        terms.append(Term(term, full, str(item.get("text") or "").strip(), abbr))
    return terms


def load(content: Path | None) -> list[Term]:
    """The defaults with the project's entries applied (same ``term`` replaces, a new one is added), sorted
    as a dictionary is (letters before signs)."""
    terms = {term.term: term for term in _parse(DEFAULTS, "generator/glossary.yml")}
    own = content / PROJECT_FILE if content is not None else None
    if own is not None and own.is_file():
        terms.update({term.term: term for term in _parse(own, f"content/{PROJECT_FILE}")})
    return sorted(terms.values(), key=sort_key)


def sort_key(term: Term) -> tuple[int, str]:
    """Words first in alphabetical order (ё with е), then the signs («—», «к» is a letter)."""
    text = term.term.lower().replace("ё", "е")
    return (0 if text[:1].isalpha() else 1, text)


def abbreviations(terms: list[Term]) -> list[list[str]]:
    """``[term, full]`` pairs of the terms marked on pages (the form the MkDocs configuration carries)."""
    return [[term.term, term.full] for term in terms if term.abbr]
