"""Checks of single values that do not depend on a table: ИНН/ОГРН check digits and dangerous text.

Kept apart from the table checks so the importer can reuse them on a spreadsheet before it writes CSV.
"""

from __future__ import annotations

import re

INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)

#: characters that make a spreadsheet treat a cell as a formula (CSV injection)
FORMULA_START = ("=", "+", "@")
PATH_PATTERN = re.compile(r"[/\\]|\.\.")
SCRIPT_PATTERN = re.compile(r"<\s*script|javascript\s*:|vbscript\s*:|<[^>]*\son\w+\s*=", re.IGNORECASE)
HTML_PATTERN = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|<\s*script", re.IGNORECASE)


def inn_check_digit(inn: str) -> int | None:
    """The expected last digit of a 10-digit ИНН of a legal entity, or None when ``inn`` is not 10 digits."""
    if len(inn) != 10 or not inn.isascii() or not inn.isdigit():
        return None
    return sum(int(d) * w for d, w in zip(inn, INN10_WEIGHTS, strict=False)) % 11 % 10


def is_valid_inn(inn: str) -> bool:
    expected = inn_check_digit(inn)
    return expected is not None and expected == int(inn[-1])


def ogrn_check_digit(ogrn: str) -> int | None:
    """The expected last digit of a 13-digit ОГРН: the first 12 digits modulo 11, then modulo 10."""
    if len(ogrn) != 13 or not ogrn.isascii() or not ogrn.isdigit():
        return None
    return int(ogrn[:12]) % 11 % 10


def is_valid_ogrn(ogrn: str) -> bool:
    expected = ogrn_check_digit(ogrn)
    return expected is not None and expected == int(ogrn[-1])


def formula_symbol(text: str, pattern: str | None = None) -> str | None:
    """The formula-starting symbol of a text cell, or None when the cell is safe.

    A value that the column's own pattern allows (a telephone ``+7 …``) is not a formula.
    """
    if not text or text[0] not in FORMULA_START:
        return None
    if pattern and re.fullmatch(pattern, text):
        return None
    return text[0]


def has_path_characters(text: str) -> bool:
    """True when an identifier could escape its folder once it becomes part of a page address."""
    return bool(PATH_PATTERN.search(text))


def has_script(text: str) -> bool:
    """Script tags, ``javascript:`` links and ``on…=`` event handlers: an attack, not a typo."""
    return bool(SCRIPT_PATTERN.search(text))


def is_web_address(text: str) -> bool:
    """Only http(s) addresses become links on the site (``javascript:`` or ``data:`` would run code)."""
    return bool(re.match(r"https?://[^\s/?#]+", text.strip(), re.IGNORECASE))


def has_html(text: str) -> bool:
    return bool(HTML_PATTERN.search(text))
