"""Turn one cell of an export into the canonical text of a Table Schema field, or say in Russian what is wrong.

Numbers arrive as «1 234», «1 234» (NBSP), «67,4», «12.0» or Excel floats; the data packages store «1234», «67.4»,
«12». Checks of single values (type, required, enum, pattern, range, length) happen here, where the source row
and column are still known; checks across rows and tables are ``generator.validate``'s.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

#: cells meaning «no value» in exports
MISSING = {"", "-", "—", "–", "нет данных", "н/д"}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BOOLEAN = {"true": "true", "false": "false", "да": "true", "нет": "false", "1": "true", "0": "false", "истина": "true", "ложь": "false"}


class CellError(ValueError):
    """A value that does not fit its field; the message is Russian and says what is expected."""


def parse_decimal(text: str) -> Decimal:
    """«1 234,5» → Decimal('1234.5'); thousands separated by spaces or NBSP, decimal comma or point."""
    compact = _SPACES.sub("", text).replace("\u2212", "-")
    if compact.count(",") == 1 and "." not in compact:
        compact = compact.replace(",", ".")
    try:
        number = Decimal(compact)
    except InvalidOperation as error:
        raise CellError(f"«{text}» — не число") from error
    if not number.is_finite():
        raise CellError(f"«{text}» — не число (бесконечность или NaN недопустимы)")
    return number


def canonical_decimal(number: Decimal) -> str:
    """Decimal → the shortest plain text: 67.40 → «67.4», 12.0 → «12», 1E+3 → «1000»."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def coerce(text: str, spec: dict) -> str:
    """Canonical text of ``text`` for the field ``spec``; raises CellError with the reason."""
    kind = spec.get("type", "string")
    constraints = spec.get("constraints", {})
    value = text.strip()
    if kind != "string" and value.lower() in MISSING:
        value = ""
    if value == "":
        if constraints.get("required"):
            raise CellError("пустое значение в обязательном поле")
        return ""
    if kind in ("integer", "year"):
        number = parse_decimal(value)
        if number != number.to_integral_value():
            raise CellError(f"«{text}» — не целое число")
        result = canonical_decimal(number)
        _check_range(number, constraints, text)
    elif kind == "number":
        number = parse_decimal(value)
        result = canonical_decimal(number)
        _check_range(number, constraints, text)
    elif kind == "boolean":
        result = BOOLEAN.get(value.lower())
        if result is None:
            raise CellError(f"«{text}» — ожидается «да» или «нет»")
    else:
        result = _check_text(value, text)
    enum = constraints.get("enum")
    if enum is not None and result not in {str(item).lower() if isinstance(item, bool) else str(item) for item in enum}:
        raise CellError(f"«{text}» — допустимые значения: {', '.join(str(item) for item in enum)}")
    pattern = constraints.get("pattern")
    if pattern and kind == "string":
        result = _repair_code(result, pattern)
    if pattern and kind == "string" and not re.fullmatch(pattern, result):
        raise CellError(f"«{text}» не соответствует формату поля ({_pattern_hint(pattern)})")
    if kind == "string":
        if "maxLength" in constraints and len(result) > constraints["maxLength"]:
            raise CellError(f"текст длиннее {constraints['maxLength']} знаков ({len(result)})")
        if "minLength" in constraints and len(result) < constraints["minLength"]:
            raise CellError(f"текст короче {constraints['minLength']} знаков")
    return result


_SCHOOL_YEAR = re.compile(
    r"(\d{4})\s*[-–—/]\s*(\d{4}|\d{2})(?:\s*(?:уч(?:ебный|\.)?\s*(?:год|г\.?)?|гг?\.?|годы?))?\.?"
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?::\d+)?(?:[/?#]\S*)?$")


def school_year(text: str) -> str | None:
    """«2016-2017», «2016/17», «2016/2017 уч. г.», «2016–2017 учебный год» → «2017» (the data sets store the
    year a school year ends); None when the text is not a school year of two consecutive years."""
    found = _SCHOOL_YEAR.fullmatch(text.strip().lower())
    if not found:
        return None
    first, second = int(found.group(1)), found.group(2)
    end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if len(second) == 2 and end < first:
        end += 100  # «1999/00»
    return str(end) if end == first + 1 else None


def normalise_value(text: str, spec: dict) -> tuple[str, str | None]:
    """The built-in repairs of what exports write their own way, before ``coerce``: returns the value and a note
    for the plan when something was repaired (counted there)."""
    value = text.strip()
    if not value:
        return text, None
    if spec["name"] == "year" and not value.isdigit():
        year = school_year(value)
        if year is not None:
            return year, "учебные годы вида «2016-2017» записаны годом окончания (2017)"
    if spec.get("format") == "uri" and not _SCHEME.match(value) and _DOMAIN.match(value):
        return "https://" + value, "к адресам сайтов без «https://» добавлено «https://»"
    return text, None


def screen(value: str) -> None:
    """Refuse what no cell of a data set may hold, before anything else reads it: spreadsheet formulas (they
    would run in the Excel of whoever opens the open data), markup and control characters."""
    if value.startswith(("=", "@")) or (value[:1] in "+-" and len(value) > 1 and not (value[1].isdigit() or value[1] in " .,")):
        raise CellError(f"«{_short(value)}» похоже на формулу электронной таблицы; введите значение, а не формулу")
    if "<" in value or ">" in value:
        raise CellError(f"«{_short(value)}» содержит знаки «<» или «>» (разметку); уберите их")
    if _CONTROL.search(value):
        raise CellError(f"«{_short(_CONTROL.sub('?', value))}» содержит управляющие символы (показаны как «?»); удалите их")


def _check_text(value: str, original: str) -> str:
    """Text cells: screened (see ``screen``); inner runs of spaces collapse."""
    screen(value)
    return re.sub(r"[ \u00a0]+", " ", value.replace("\r\n", "\n"))


def _repair_code(value: str, pattern: str) -> str:
    """Undo what Excel does to codes stored as numbers: «5701000» for ОКТМО «05701000», «1.1» for indicator «1.10»."""
    fixed = re.fullmatch(r"\^\[0-9\]\{(\d+)\}\$", pattern)
    if fixed and value.isdigit() and len(value) < int(fixed.group(1)):
        return value.zfill(int(fixed.group(1)))
    if pattern == "^[1-8]\\.[0-9]{2}$" and re.fullmatch(r"[1-8]\.[0-9]", value):
        return value + "0"
    return value


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_range(number: Decimal, constraints: dict, text: str) -> None:
    if "minimum" in constraints and number < Decimal(str(constraints["minimum"])):
        raise CellError(f"«{text}» меньше допустимого минимума {constraints['minimum']}")
    if "maximum" in constraints and number > Decimal(str(constraints["maximum"])):
        raise CellError(f"«{text}» больше допустимого максимума {constraints['maximum']}")


_PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "латинские строчные буквы, цифры и дефис",
    "^[a-z_]+$": "латинские строчные буквы и «_»",
    "^[0-9]{8}$": "8 цифр",
    "^[0-9]{10}$": "10 цифр",
    "^[0-9]{13}$": "13 цифр",
    "^[0-9]{9}$": "9 цифр",
    "^[1-8]\\.[0-9]{2}$": "код вида 1.07",
}


def _pattern_hint(pattern: str) -> str:
    return _PATTERN_HINTS.get(pattern, f"шаблон {pattern}")
