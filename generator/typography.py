"""Russian typography for every user-facing number and phrase: site, report, CLI and open-data pages.

Babel supplies the locale rules (decimal comma, non-breaking group separator, plural categories, month
names); this module adds what Babel does not know: percentage points, «ёлочки», school years and the
typographic minus.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Sequence

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal

LOCALE = Locale.parse("ru_RU")
NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space
MINUS = "\u2212"
DASH = "\u2014"
EN_DASH = "\u2013"

#: the symbol of a suppressed (small-group) value and the legend that explains it
SUPPRESSED = "к"
SUPPRESSED_LEGEND = "к — данные не публикуются в целях обеспечения конфиденциальности (малая группа)"
NO_DATA = DASH


def _is_missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | int | None, digits: int = 1, *, trim: bool = False) -> str:
    """Format a number the Russian way: ``1234.5`` → ``1 234,5`` (non-breaking space, decimal comma).

    ``trim`` drops a zero fractional part (``12,0`` → ``12``), for counts stored as floats.
    """
    if _is_missing(value):
        return NO_DATA
    value = float(value)
    if trim and value == int(value):
        digits = 0
    # Babel's ru_RU pattern «#,##0.0…» is applied here directly: parsing the pattern on every call made number
    # formatting the slowest step of a 3 000-organisation build. The value is rounded first, so the digits are
    # those Babel gives (``tests/test_typography.py`` compares the two).
    text = f"{round(value, digits) + 0.0:,.{max(digits, 0)}f}"
    return text.replace(",", NBSP).replace(".", ",").replace("-", MINUS)


def _fmt_number_babel(value: float, digits: int) -> str:
    """The reference: Babel's formatting of the same pattern (kept for the comparison test)."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(round(value, digits) + 0.0, format=pattern, locale=LOCALE)
    return text.replace("-", MINUS).replace(NNBSP, NBSP)


def fmt_int(value: float | int | None) -> str:
    """A count: ``12345`` → ``12 345``."""
    return fmt_number(value, 0)


def fmt_percent(value: float | None, digits: int = 1) -> str:
    """A share in per cent: ``85.24`` → ``85,2 %`` (non-breaking space before the sign, as ГОСТ 8.417 asks)."""
    if _is_missing(value):
        return NO_DATA
    return f"{fmt_number(value, digits)}{NBSP}%"


def signed(text_number: str, value: float) -> str:
    """Prefix a formatted number with ``+`` or the typographic minus (zero gets no sign)."""
    if text_number.startswith(MINUS):
        return text_number
    return f"+{text_number}" if round(value, 6) > 0 else text_number


def fmt_change(value: float | None, unit: str, digits: int = 1) -> str:
    """A year-on-year change with its sign: п. п. for shares, the unit otherwise (``+1,9 п. п.``, ``−3 чел.``)."""
    if _is_missing(value):
        return NO_DATA
    number = signed(fmt_number(value, digits, trim=unit in {"человек", "единица"}), value)
    suffix = {
        "процент": f"п.{NBSP}п.",
        "балл": "балла" if digits else "",
        "человек": "чел.",
        "единица": "ед.",
    }.get(unit, "")
    return f"{number}{NBSP}{suffix}" if suffix else number


def fmt_pp(value: float | None, digits: int = 1) -> str:
    """A difference of shares in percentage points: ``1.94`` → ``+1,9 п. п.``."""
    return fmt_change(value, "процент", digits)


def fmt_value(value: float | None, unit: str, digits: int | None = None) -> str:
    """An indicator value in its unit, as shown in tables: ``85,2 %``, ``71,4``, ``1 234``."""
    if _is_missing(value):
        return NO_DATA
    if unit == "процент":
        return fmt_percent(value, 1 if digits is None else digits)
    if unit in {"человек", "единица"}:
        return fmt_number(value, 0 if digits is None else digits, trim=True)
    return fmt_number(value, 1 if digits is None else digits)


def plural_form(number: float | int) -> str:
    """CLDR plural category of a number in Russian: ``one``, ``few``, ``many`` or ``other`` (fractions)."""
    return LOCALE.plural_form(abs(number))


def plural(number: float | int, forms: Sequence[str]) -> str:
    """Choose the noun form agreeing with a number; ``forms`` = (one, few, many[, other]).

    ``plural(21, ("школа", "школы", "школ"))`` → ``школа``; a fraction takes the genitive singular
    (``1,5 балла``), which is ``forms[3]`` when given and ``forms[1]`` otherwise.
    """
    category = plural_form(number)
    if category == "one":
        return forms[0]
    if category == "few":
        return forms[1]
    if category == "many":
        return forms[2]
    return forms[3] if len(forms) > 3 else forms[1]


def count_noun(number: float | int, forms: Sequence[str], digits: int = 0) -> str:
    """A number with its agreeing noun: ``count_noun(5, ("школа", "школы", "школ"))`` → ``5 школ``."""
    shown = round(float(number), digits) if digits else int(round(number))
    return f"{fmt_number(shown, digits)}{NBSP}{plural(shown, forms)}"


def quote(text: str) -> str:
    """Put text in «ёлочки»; quotes inside become „лапки“ as Russian typography requires."""
    inner = text.replace("«", "„").replace("»", "“")
    return f"«{inner}»"


def school_year(year: int) -> str:
    """The school year that ends in ``year``: ``2025`` → ``2024/25``."""
    return f"{year - 1}/{year % 100:02d}"


def school_year_long(year: int) -> str:
    """``2025`` → ``2024/25 учебный год`` (non-breaking space keeps the words with the number)."""
    return f"{school_year(year)}{NBSP}учебный год"


def fmt_date(day: _dt.date) -> str:
    """A date in words: ``25 ноября 2026 г.``"""
    text = _babel_format_date(day, format="long", locale=LOCALE).replace(NNBSP, NBSP)
    return text.replace(" ", NBSP, 1).replace(" г.", f"{NBSP}г.")


# Agreement beyond the nominative (used by generated sentences; general Russian rules, no domain words).

#: grammatical gender or number of a subject, for past-tense verbs and short adjectives
MASCULINE, FEMININE, NEUTER, PLURAL = "m", "f", "n", "pl"
_GENDER_INDEX = {MASCULINE: 0, FEMININE: 1, NEUTER: 2, PLURAL: 3}


def agree(gender: str, forms: Sequence[str]) -> str:
    """The past-tense verb (or short adjective) agreeing with a subject: ``forms`` = (m, f, n, pl).

    ``agree(FEMININE, ("вырос", "выросла", "выросло", "выросли"))`` → ``выросла`` (доля выросла).
    """
    return forms[_GENDER_INDEX[gender]]


def agree_with_count(number: float | int, gender: str, forms: Sequence[str]) -> str:
    """A verb whose subject is a counted noun: singular after 1, 21, 101… (``21 школа вышла``), plural otherwise
    (``2 школы вышли``, ``5 школ вышли``); ``gender`` is that of the counted noun, ``forms`` = (m, f, n, pl)."""
    return agree(gender if plural_form(number) == "one" else PLURAL, forms)


def plural_genitive(number: float | int, forms: Sequence[str]) -> str:
    """The noun after a number in the genitive (``с 5 до 21 человека``, ``до 22 школ``, ``до 1,5 балла``):
    ``forms`` = (genitive singular, genitive plural); 1, 21… and fractions take the singular."""
    return forms[1] if plural_form(number) in ("few", "many") else forms[0]


def count_noun_genitive(number: float | int, forms: Sequence[str], digits: int = 0) -> str:
    """A number with its noun in the genitive: ``count_noun_genitive(21, ("школы", "школ"))`` → ``21 школы``."""
    shown = round(float(number), digits) if digits else int(round(number))
    return f"{fmt_number(shown, digits)}{NBSP}{plural_genitive(shown, forms)}"


# Line breaking: where a line must not break (ГОСТ Р 7.0.97 and the usual rules of Russian typesetting).

#: a one- or two-letter word (a preposition, conjunction or particle: «в», «с», «и», «на», «по», «до») followed by
#: a space: the word stays on the line of the next one
_SHORT_WORD = re.compile(r"(?<![\w\-.\u00ad])([A-Za-zА-Яа-яЁё]{1,2}) (?=[\w«(\"\u2212+\-№])")
#: a number followed by its unit or counted noun («85,2 %», «12 школ», «3,7 балла», «2025 год»)
_NUMBER_UNIT = re.compile(r"(\d) (?=[%‰°]|[A-Za-zА-Яа-яЁё]{3}|[A-Za-zА-Яа-яЁё]{1,2}\.)")
#: «№ 5», «§ 3»
_SIGN_NUMBER = re.compile(r"([№§]) (?=\d)")
#: the dash never starts a line
_DASH_BEFORE = re.compile(r" (?=[\u2014\u2013] )")


def bind_short_words(text: str) -> str:
    """Non-breaking spaces where Russian typesetting forbids a line break: after one- and two-letter words,
    between a number and its unit, after «№», before a dash («выросла с 1 851» never leaves «с» at a line's end).

    Idempotent; the text is otherwise unchanged, so it can be applied to any sentence before layout.
    """
    if not text:
        return text
    text = _SHORT_WORD.sub(lambda match: match.group(1) + NBSP, text)
    text = _NUMBER_UNIT.sub(lambda match: match.group(1) + NBSP, text)
    text = _SIGN_NUMBER.sub(lambda match: match.group(1) + NBSP, text)
    return _DASH_BEFORE.sub(NBSP, text)


# «№» keeps its number on the same line (names from the data spell «№ 1», «№1» or «№  1»).

_NUMERO = re.compile(r"№[ \t\r\n\u2009\u202f]*(?!\s|<|№|&nbsp;|&#160;|&#xa0;|$)")


def numero(text: str) -> str:
    """A non-breaking space between «№» and what follows it: ``МБОУ «СОШ № 3»`` → ``МБОУ «СОШ №\u00a03»``.

    Applied where text is shown (names from the registry, titles, whole finished pages), never to the data
    files themselves: the published data keep the names as the registry spells them.
    """
    if "№" not in text:
        return text
    return _NUMERO.sub("№" + NBSP, text)


def dash(text: str) -> str:
    """A dash never starts a line: the space before «—» becomes non-breaking (``А — Б`` → ``А\u00a0— Б``)."""
    return text.replace(" — ", f"{NBSP}— ")
