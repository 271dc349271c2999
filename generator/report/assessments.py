"""The tables of Part I by subject and grade: ЕГЭ and ОГЭ by subject (the report year beside the previous one),
ВПР by grade and subject (the report year).

Every number comes from the published procedure tables of ``Results.procedures``: the disclosure control has
already decided there which rows are hidden (a small group, or a row that would let a hidden one be recovered from
totals), and a hidden row is printed «к» in every column — never a raw value. The region's mean beside a subject
comes from the indicator whose formula is that subject's mean (``ege[subject=rus]:mean_score…``) and is compared
as the site compares a value with a reference: by the 95 % interval of the municipality's mean
(``compute.dynamics.compare_band``), not by the digits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from .. import typography as t
from ..compute import uncertainty
from ..compute.dynamics import compare_band
from .model import Figure, Row, Table

#: the words of ``compare_band``'s answer, as a table cell
BAND_WORDS = {"above": "выше", "below": "ниже", "same": "на уровне"}
SUPPRESSION_NOTE = (f"{t.SUPPRESSED_LEGEND} или значение позволило бы вычислить скрытое по другим опубликованным "
                    "итогам (вторичное скрытие).")
_SUBJECT_MEAN = re.compile(r"^ege\[subject=([^\]]+)\]:mean_score")


@dataclass(frozen=True)
class Scope:
    entity_type: str
    entity_id: str


def _rows(table: pd.DataFrame | None, scope: Scope, years: tuple[int, ...]) -> pd.DataFrame:
    if table is None or table.empty:
        return pd.DataFrame()
    return table[(table["entity_type"] == scope.entity_type) & (table["entity_id"] == scope.entity_id)
                 & table["year"].isin(years)]


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _cell(row, column: str, shown: Callable[[float], str]) -> tuple:
    if bool(row.suppressed):
        return (t.SUPPRESSED,)
    value = _number(getattr(row, column))
    return (t.NO_DATA,) if value is None else (Figure(shown(value)),)


def _percent(value: float) -> str:
    return t.fmt_number(value, 1)


def _count(value: float) -> str:
    return t.fmt_int(value)


def _mean(value: float) -> str:
    return t.fmt_number(value, 1)


def subject_indicators(catalogue: Mapping[str, Mapping]) -> dict[str, str]:
    """subject → the catalogue code of its ЕГЭ mean score (``1.07`` for ``rus`` in the demo catalogue)."""
    found: dict[str, str] = {}
    for code, entry in catalogue.items():
        formula = entry.get("formula")
        match = _SUBJECT_MEAN.match("" if formula is None or pd.isna(formula) else str(formula))
        if match and str(entry.get("aggregation")) == "mean":
            found.setdefault(match.group(1), code)
    return found


def _hidden_everywhere(rows: pd.DataFrame) -> set[str]:
    """Subjects whose every row is hidden: the table lists them in its note instead of lines of «к»."""
    flags = rows.groupby(rows["subject"].astype(str))["suppressed"].all()
    return {str(subject) for subject, hidden in flags.items() if bool(hidden)}


def _hidden_note(hidden: set[str], names: Mapping[str, str]) -> str:
    if not hidden:
        return ""
    listed = ", ".join(lower(names.get(code, code)) for code in sorted(hidden, key=lambda code: names.get(code, code)))
    return f" Результаты по предметам {listed} в оба года скрыты ({t.quote(t.SUPPRESSED)}) и в таблицу не включены."


def lower(name: str) -> str:
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _ordered_subjects(rows: pd.DataFrame, names: Mapping[str, str]) -> list[str]:
    """Russian and mathematics first (compulsory), then the others by name."""
    present = sorted(set(rows["subject"].astype(str)))
    first = [code for code in ("rus", "math", "math_base", "math_prof") if code in present]
    return first + sorted((code for code in present if code not in first), key=lambda code: names.get(code, code))


def ege_table(table: pd.DataFrame | None, scope: Scope, year: int, names: Mapping[str, str],
              regional: Callable[[str, int], tuple[float, str] | None], subject_codes: Mapping[str, str],
              spreads: Mapping[str, float], analytics) -> Table | None:
    """ЕГЭ by subject: participants, mean score, shares below the minimum and 70 and above, 100-point results,
    two school years; the region's mean and the comparison where a reference value exists."""
    years = (year - 1, year)
    rows = _rows(table, scope, years)
    if rows.empty:
        return None
    by_key = {(str(row.subject), int(row.year)): row for row in rows.itertuples(index=False)}
    region_rows: dict[tuple[str, int], tuple[str, str]] = {}
    for (subject, row_year), row in by_key.items():
        code = subject_codes.get(subject)
        if code is None:
            continue
        found = regional(str(code), row_year)
        if found is None:
            continue
        cell = t.fmt_number(found[0], 1)
        band = None
        mean, n = _number(row.mean_score), _number(row.participants)
        if not bool(row.suppressed) and mean is not None:
            spread = spreads.get(str(code))
            interval = uncertainty.mean_interval(mean, spread, n) if spread is not None and n else None
            band = compare_band(mean, *(interval or (None, None)), found[0], "mean", analytics)
        region_rows[(subject, row_year)] = (cell, BAND_WORDS.get(band or "", t.NO_DATA if bool(row.suppressed) else ""))
    with_region = bool(region_rows)
    hidden = _hidden_everywhere(rows)
    body: list[Row] = []
    for subject in _ordered_subjects(rows, names):
        if subject in hidden:
            continue
        for index, row_year in enumerate(years):
            row = by_key.get((subject, row_year))
            label = (names.get(subject, subject),) if index == 0 else ("",)
            if row is None:
                cells = [(t.NO_DATA,)] * 5
            else:
                cells = [_cell(row, "participants", _count), _cell(row, "mean_score", _mean),
                         _cell(row, "below_min_pct", _percent), _cell(row, "ge70_pct", _percent),
                         _cell(row, "score100", _count)]
            extra = []
            if with_region:
                region = region_rows.get((subject, row_year))
                extra = [(region[0],), (region[1] or t.NO_DATA,)] if region else [(t.NO_DATA,), (t.NO_DATA,)]
            body.append(Row((label, (t.school_year(row_year),), *cells, *extra)))
    header = ("Предмет", "Учебный год", "Участники, чел.", "Средний балл", "Ниже минимума, %",
              "70 и более баллов, %", "100 баллов, чел.")
    widths = (1.6, 1.1, 1.45, 1.1, 1.25, 1.1, 1.3)
    if with_region:
        header += ("Регион: средний балл", "Сравнение с регионом")
        widths += (1.25, 1.35)
    note = SUPPRESSION_NOTE + _hidden_note(hidden, names)
    if with_region:
        note += (" Сравнение с регионом — по 95-процентному интервалу среднего балла: «выше» или «ниже», только если "
                 "весь интервал лежит выше или ниже регионального значения.")
    return Table(f"Результаты ЕГЭ по предметам, {t.school_year(year - 1)} и {t.school_year(year)} учебные годы",
                 header, tuple(body), (False, False, *([True] * (len(header) - 2))), note=note, widths=widths)


def oge_table(table: pd.DataFrame | None, scope: Scope, year: int, names: Mapping[str, str]) -> Table | None:
    """ОГЭ by subject: participants, marks «2», success and quality, the mean mark, two school years."""
    years = (year - 1, year)
    rows = _rows(table, scope, years)
    if rows.empty:
        return None
    by_key = {(str(row.subject), int(row.year)): row for row in rows.itertuples(index=False)}
    hidden = _hidden_everywhere(rows)
    body: list[Row] = []
    for subject in _ordered_subjects(rows, names):
        if subject in hidden:
            continue
        for index, row_year in enumerate(years):
            row = by_key.get((subject, row_year))
            label = (names.get(subject, subject),) if index == 0 else ("",)
            cells = [(t.NO_DATA,)] * 5 if row is None else [
                _cell(row, "participants", _count), _cell(row, "mark2_pct", _percent),
                _cell(row, "success_pct", _percent), _cell(row, "quality_pct", _percent), _cell(row, "mean_mark", _mean)]
            body.append(Row((label, (t.school_year(row_year),), *cells)))
    header = ("Предмет", "Учебный год", "Участники, чел.", "Отметка «2», %", "Успеваемость (отметки «3»–«5»), %",
              "Качество знаний (отметки «4» и «5»), %", "Средняя отметка")
    return Table(f"Результаты ОГЭ по предметам, {t.school_year(year - 1)} и {t.school_year(year)} учебные годы",
                 header, tuple(body), (False, False, True, True, True, True, True),
                 note=SUPPRESSION_NOTE + _hidden_note(hidden, names), widths=(1.9, 1.1, 1.45, 1.2, 1.6, 1.6, 1.2))


def vpr_table(table: pd.DataFrame | None, scope: Scope, year: int, names: Mapping[str, str]) -> Table | None:
    """ВПР by grade and subject in the report year: participants, marks «2», success, quality, confirmed marks."""
    rows = _rows(table, scope, (year,))
    if rows.empty:
        return None
    body: list[Row] = []
    for grade in sorted(set(rows["grade"].astype(int))):
        body.append(Row(group=f"{grade} класс"))
        part = rows[rows["grade"].astype(int) == grade]
        by_subject = {str(row.subject): row for row in part.itertuples(index=False)}
        for subject in _ordered_subjects(part, names):
            row = by_subject[subject]
            body.append(Row(((names.get(subject, subject),), _cell(row, "participants", _count),
                             _cell(row, "mark2_pct", _percent), _cell(row, "success_pct", _percent),
                             _cell(row, "quality_pct", _percent), _cell(row, "confirmed_pct", _percent))))
    header = ("Предмет", "Участники, чел.", "Отметка «2», %", "Успеваемость (отметки «3»–«5»), %",
              "Качество знаний (отметки «4» и «5»), %", "Подтвердили отметку по журналу, %")
    return Table(f"Результаты ВПР по классам и предметам, {t.school_year(year)} учебный год", header, tuple(body),
                 (False, True, True, True, True, True), note=SUPPRESSION_NOTE, widths=(2.4, 1.45, 1.2, 1.5, 1.5, 1.5))
