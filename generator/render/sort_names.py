"""The order of organisations in lists: by the name a reader looks for, not by the legal form.

Short names begin with the legal form («МБОУ «СОШ № 3»», «МАДОУ «Детский сад № 7 „Ромашка“»»): sorted as they
are, every school stands under «М» and the form, not the name, decides the order. The key drops the form and the
quotation marks, folds case and ё into е, and compares the numbers inside as numbers, so that «СОШ № 3» stands
under «С» and before «СОШ № 12».
"""

from __future__ import annotations

import re

#: a leading legal form: an abbreviation ending in «У» (МБОУ, МАДОУ, МКУ, ГБОУ, ЧОУ…), optionally with «ДО»
_LEGAL_FORM = re.compile(r"^[А-ЯЁ]{1,6}У(?:\s+ДО)?\s+(?=\S)")
_QUOTES = str.maketrans("", "", "«»„“”\"'")
_PARTS = re.compile(r"(\d+)")


def plain_name(name: str) -> str:
    """The name without its legal form and quotation marks: «МБОУ «СОШ № 3»» → «СОШ № 3»."""
    return _LEGAL_FORM.sub("", name.strip()).translate(_QUOTES).strip()


def name_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key of a short name: without the legal form, case- and ё-insensitive, numbers as numbers."""
    text = plain_name(name).casefold().replace("ё", "е")
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _PARTS.split(text) if part)
