"""The catalogue's formula mini-language: ``dataset[filters]:numerator[/denominator]``.

``ege[subject!=rus|math]:ge70/participants`` reads «over the ЕГЭ rows whose subject is neither rus nor math,
Σ ge70 / Σ participants». Filters are ``col=a|b`` or ``col!=a|b``, comma-separated; the numerator and the
denominator are sums of terms joined by ``+``; a term is a product (``*``) of columns and numbers, or ``rows``
(the number of matching rows). Evaluation is per organisation and year: the per-row terms are summed over the
matching rows, so a municipality's value later comes from the same sums, never from averaged percentages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..errors import DataError

#: the tables a formula may read
DATASETS = ("ege", "oge", "vpr", "olympiad", "graduation", "statuses")
ROWS = "rows"

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_HEAD = re.compile(r"^([a-z_]+)(?:\[(.*)\])?$")


class FormulaError(DataError):
    """A formula of the catalogue cannot be read."""


@dataclass(frozen=True)
class Filter:
    column: str
    values: tuple[str, ...]
    negate: bool

    def __str__(self) -> str:
        return f"{self.column}{'!=' if self.negate else '='}{'|'.join(self.values)}"


@dataclass(frozen=True)
class Term:
    """``coefficient × Π columns``; no columns and ``rows=True`` counts rows."""

    coefficient: float
    columns: tuple[str, ...]
    rows: bool = False


@dataclass(frozen=True)
class Formula:
    text: str
    dataset: str
    filters: tuple[Filter, ...]
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...] | None

    @property
    def columns(self) -> set[str]:
        """Every column the formula reads (filters and terms)."""
        used = {item.column for item in self.filters}
        for term in self.numerator + (self.denominator or ()):
            used.update(term.columns)
        return used


def _fail(text: str, reason: str) -> FormulaError:
    return FormulaError(f"Формула «{text}» не читается: {reason}.")


def _parse_sum(part: str, text: str) -> tuple[Term, ...]:
    if not part.strip():
        raise _fail(text, "пустое выражение")
    terms = []
    for raw in part.split("+"):
        factors = [item.strip() for item in raw.split("*")]
        coefficient, columns, rows = 1.0, [], False
        for factor in factors:
            if _NUMBER.match(factor):
                coefficient *= float(factor)
            elif factor == ROWS:
                rows = True
            elif _NAME.match(factor):
                columns.append(factor)
            else:
                raise _fail(text, f"непонятный множитель «{factor or '(пусто)'}»")
        if rows and columns:
            raise _fail(text, "«rows» нельзя умножать на столбец")
        terms.append(Term(coefficient, tuple(columns), rows))
    return tuple(terms)


def parse_formula(text: str) -> Formula:
    """Parse a formula; raise ``FormulaError`` with a Russian reason when it is malformed."""
    source = text.strip()
    head, colon, body = source.partition(":")
    if not colon:
        raise _fail(text, "нет двоеточия между набором данных и выражением")
    match = _HEAD.match(head.strip())
    if not match:
        raise _fail(text, f"непонятное начало «{head}» (ожидается набор[фильтры])")
    dataset, filter_text = match.group(1), match.group(2)
    if dataset not in DATASETS:
        raise _fail(text, f"неизвестный набор данных «{dataset}»; допустимы: {', '.join(DATASETS)}")
    filters = []
    for raw in (filter_text or "").split(","):
        if not raw.strip():
            if filter_text is not None and filter_text.strip():
                raise _fail(text, "пустой фильтр")
            continue
        negate = "!=" in raw
        column, _separator, values = raw.partition("!=" if negate else "=")
        column = column.strip()
        items = tuple(item.strip() for item in values.split("|"))
        if not _NAME.match(column) or not all(items) or not values.strip():
            raise _fail(text, f"фильтр «{raw.strip()}» должен иметь вид столбец=значение|значение или столбец!=значение")
        filters.append(Filter(column, items, negate))
    parts = body.split("/")
    if len(parts) > 2:
        raise _fail(text, "больше одного знака «/»")
    numerator = _parse_sum(parts[0], text)
    denominator = _parse_sum(parts[1], text) if len(parts) == 2 else None
    return Formula(source, dataset, tuple(filters), numerator, denominator)


def check_columns(formula: Formula, columns: set[str] | list[str]) -> None:
    """Raise ``FormulaError`` when the formula reads a column its dataset does not have."""
    missing = sorted(formula.columns - set(columns))
    if missing:
        raise _fail(formula.text, f"в наборе «{formula.dataset}» нет столбцов {', '.join(missing)}")


def _row_sum(frame: pd.DataFrame, terms: tuple[Term, ...]) -> pd.Series:
    total = pd.Series(0.0, index=frame.index, dtype="Float64")
    for term in terms:
        product = pd.Series(term.coefficient, index=frame.index, dtype="Float64")
        for column in term.columns:
            product = product * frame[column].astype("Float64")
        total = total + product
    return total


def mask(frame: pd.DataFrame, filters: tuple[Filter, ...]) -> pd.Series:
    """Rows that pass every filter (values compared as text, so ``grade=4`` matches the integer 4)."""
    keep = pd.Series(True, index=frame.index)
    for item in filters:
        hit = frame[item.column].astype("string").isin(item.values).fillna(False).astype(bool)
        keep &= ~hit if item.negate else hit
    return keep


def evaluate(formula: Formula, frame: pd.DataFrame, keys: tuple[str, ...] = ("org_id", "year")) -> pd.DataFrame:
    """Σ numerator and Σ denominator per ``keys`` over the matching rows of ``frame``.

    Returns columns ``keys + (numerator, denominator)``; ``denominator`` is ``<NA>`` when the formula has none.
    """
    check_columns(formula, frame.columns)
    rows = frame.loc[mask(frame, formula.filters), list(keys)].copy()
    selected = frame.loc[rows.index]
    rows["numerator"] = _row_sum(selected, formula.numerator)
    if formula.denominator is not None:
        rows["denominator"] = _row_sum(selected, formula.denominator)
    else:
        rows["denominator"] = pd.Series(pd.NA, index=rows.index, dtype="Float64")
    grouped = rows.groupby(list(keys), sort=True, dropna=False)[["numerator", "denominator"]].sum(min_count=1)
    return grouped.reset_index()
