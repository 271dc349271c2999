"""Read access to the computed results for the pages: indexes by entity and indicator, and the one way a
value, a change and a verdict are shown.

Pages never format a number themselves: a suppressed value becomes «к», a missing one «—», a change
carries an arrow and a word beside its colour (never colour alone).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from .. import typography as ty
from ..compute.dynamics import change_label, row_change_label
from .templating import md_escape

if TYPE_CHECKING:
    from ..context import BuildContext

KIND_NAMES = {"school": "Школа", "kindergarten": "Детский сад", "additional": "Дополнительное образование"}
KIND_PLURAL = {
    "school": ("школа", "школы", "школ"),
    "kindergarten": ("детский сад", "детских сада", "детских садов"),
    "additional": ("организация", "организации", "организаций"),
}
TYPE_NAMES = {
    "secondary": "Средняя общеобразовательная школа",
    "basic": "Основная общеобразовательная школа",
    "primary": "Начальная общеобразовательная школа",
    "gymnasium": "Гимназия",
    "lyceum": "Лицей",
    "boarding": "Школа-интернат",
    "cadet": "Кадетская школа",
    "kindergarten": "Детский сад",
    "development_centre": "Центр развития ребёнка",
    "additional": "Организация дополнительного образования",
}
#: shorter names for the catalogue columns
TYPE_SHORT = {
    "secondary": "Средняя школа",
    "basic": "Основная школа",
    "primary": "Начальная школа",
    "gymnasium": "Гимназия",
    "lyceum": "Лицей",
    "boarding": "Школа-интернат",
    "cadet": "Кадетская школа",
    "kindergarten": "Детский сад",
    "development_centre": "Центр развития ребёнка",
    "additional": "Дополнительное образование",
}
LOCALITY_NAMES = {"urban": "Городская местность", "rural": "Сельская местность"}
POLARITY_NAMES = {
    "higher_better": "чем выше, тем лучше",
    "lower_better": "чем ниже, тем лучше",
    "neutral": "без оценки «лучше/хуже» (справочный показатель)",
}
VERDICT_WORDS = {"better": "лучше", "worse": "хуже", "same": "на уровне прошлого года"}
STATUS_NAMES = {
    "shnor": "Школа с низкими образовательными результатами (ШНОР)",
    "shfnsu": "Школа, функционирующая в неблагоприятных социальных условиях (ШФНСУ)",
}


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    if isinstance(value, str | int):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_float(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


@dataclass(frozen=True)
class Shown:
    """A value as a page shows it, with the number to sort by (``None`` for «к» and «—»)."""

    text: str
    sort: float | None
    suppressed: bool = False


def shown_value(row: Any, unit: str) -> Shown:
    """The value of a ``Results.values`` row in its unit: «к» when suppressed, «—» without data."""
    if row is None:
        return Shown(ty.NO_DATA, None)
    if bool(row.get("suppressed", False)) and not is_missing(row.get("suppressed")):
        return Shown(ty.SUPPRESSED, None, True)
    value = as_float(row.get("value"))
    if value is None:
        return Shown(ty.NO_DATA, None)
    return Shown(ty.fmt_value(value, unit), value)


#: no line break after the dash of a range («85,1–90,9 %» stays whole)
WORD_JOINER = "\u2060"


def interval_text(low: Any, high: Any, unit: str) -> str:
    """«85,1–90,9 %»: a range of two numbers with the unit once (the organisation page's «вероятный диапазон»)."""
    low, high = as_float(low), as_float(high)
    if low is None or high is None:
        return ty.NO_DATA
    first = ty.fmt_value(low, unit).removesuffix(f"{ty.NBSP}%")
    return f"{first}–{WORD_JOINER}{ty.fmt_value(high, unit)}"


def change_markup(row: Any, unit: str, *, with_year: bool = False) -> Markup:
    """Change from the previous year: arrow, sign, unit and word from one decision (``dynamics.change_label``);
    the colour only repeats them. A change that is not real reads «≈ …, на уровне прошлого года»."""
    if row is None:
        return Markup(ty.NO_DATA)
    if bool(row.get("suppressed", False)) and not is_missing(row.get("suppressed")):
        return Markup(ty.SUPPRESSED)
    change = as_float(row.get("change"))
    if change is None:
        return Markup(f'<span class="msoko-nodata">{ty.NO_DATA}</span>')
    label = row_change_label(row) or change_label("same", "neutral")
    shown = round(change, 1)
    text = ty.fmt_change(shown if shown != 0 else 0.0, unit)
    if label.word:
        text = f"{text}, {label.word}"
    if with_year and not is_missing(row.get("year")):
        text = f"{text} (к {ty.school_year(int(row['year']) - 1)})"
    return Markup(f'<span class="{label.css}"><span aria-hidden="true">{label.arrow}</span> {md_escape(text)}</span>')


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, built column by column: ``DataFrame.to_dict("records")`` is row-wise and about 50 times
    slower on nullable columns. Missing cells are ``pd.NA`` (or ``None``), as in the frame."""
    columns = list(frame.columns)
    arrays = [frame[column].tolist() for column in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*arrays, strict=True)]


class RowIndex:
    """The rows of a frame grouped by key columns, turned into dicts only when a page asks for them.

    Each column is kept compact: numbers as a float array (missing = NaN), text as category codes. A group is a
    list of row positions. Slicing pandas frames per organisation made a 3 000-organisation build quadratic,
    and boxing every cell as a Python object would cost a gigabyte.
    """

    def __init__(self, frame: pd.DataFrame, keys: list[str]) -> None:
        self.columns = list(frame.columns)
        self.arrays = [self._compact(frame[column]) for column in self.columns]
        groups = frame.groupby(keys, sort=False).indices if not frame.empty else {}
        self.positions = {tuple(str(part) for part in (key if isinstance(key, tuple) else (key,))): index
                          for key, index in groups.items()}

    @staticmethod
    def _compact(column: pd.Series) -> Any:
        if pd.api.types.is_bool_dtype(column.dtype):
            return column.fillna(False).to_numpy(dtype=bool)
        if pd.api.types.is_numeric_dtype(column.dtype):
            return column.to_numpy(dtype=float, na_value=np.nan)
        categorical = pd.Categorical(column)
        categories = [None, *(str(item) for item in categorical.categories)]
        return _Coded(categorical.codes + 1, categories)  # code -1 (missing) becomes None

    def rows(self, *key: str, latest: str | None = None, where: tuple[str, str] | None = None) -> list[dict[str, Any]]:
        """The rows of one group; with ``latest`` (a numeric column) only those with its greatest value; with
        ``where`` (a text column and its value) only those holding that value."""
        index = self.positions.get(key)
        if index is None:
            return []
        if latest is not None:
            values = self.arrays[self.columns.index(latest)][index]
            index = index[values == np.nanmax(values)]
        if where is not None:
            column = self.arrays[self.columns.index(where[0])]
            if not isinstance(column, _Coded):
                raise TypeError(f"column {where[0]!r} is not a text column")
            code = column.code(where[1])
            index = index[column.codes[index] == code] if code is not None else index[:0]
        # whole columns sliced at once and turned into Python values: indexing numpy cell by cell was the
        # largest single cost of rendering a region's pages
        columns = []
        for array in self.arrays:
            if isinstance(array, _Coded):
                texts = array.values
                columns.append([texts[code] for code in array.codes[index].tolist()])
            else:
                columns.append(array[index].tolist())
        return [dict(zip(self.columns, row, strict=True)) for row in zip(*columns, strict=True)]


class _Coded:
    """A text column as small integer codes and the list of its distinct values."""

    __slots__ = ("_numbers", "codes", "values")

    def __init__(self, codes: Any, values: list[str | None]) -> None:
        self.codes = codes
        self.values = values
        self._numbers: dict[str, int] | None = None

    def code(self, value: str) -> int | None:
        """The code of ``value`` (``None``: no row holds it)."""
        if self._numbers is None:
            self._numbers = {text: number for number, text in enumerate(self.values) if text is not None}
        return self._numbers.get(value)

    def __getitem__(self, position: int) -> str | None:
        return self.values[self.codes[position]]


class Lookups:
    """Indexes over the results and the registry, built once per build."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.results = ctx.results
        self.dataset = ctx.dataset
        values = ctx.results.values
        self.values = values
        self.years: list[int] = sorted(int(y) for y in ctx.results.years)
        self.latest_year = self.years[-1] if self.years else None
        self._entity_cache: dict[tuple[str, str], dict[str, dict[int, dict[str, Any]]]] = {}

    @cached_property
    def organisations(self) -> pd.DataFrame:
        frame = self.dataset["organisations"].copy()
        return frame.sort_values(["short_name", "org_id"], key=lambda s: s.str.lower()).reset_index(drop=True)

    @cached_property
    def org_by_id(self) -> dict[str, dict[str, Any]]:
        return {str(row["org_id"]): row for row in records(self.organisations)}

    @cached_property
    def municipalities(self) -> pd.DataFrame:
        return self.dataset["municipalities"].sort_values("name").reset_index(drop=True)

    @cached_property
    def municipality_by_id(self) -> dict[str, dict[str, Any]]:
        return {str(row["oktmo"]): row for row in records(self.municipalities)}

    @property
    def several_municipalities(self) -> bool:
        return len(self.municipalities) > 1

    @cached_property
    def territory(self) -> tuple[str, str, str]:
        """The entity the home page speaks about: (entity_type, entity_id, name)."""
        first = self.municipalities.iloc[0]
        if self.several_municipalities:
            return "region", str(first["region_code"]), str(first["region"])
        return "municipality", str(first["oktmo"]), str(first["name"])

    @cached_property
    def catalogue(self) -> pd.DataFrame:
        return self.results.catalogue.sort_values("code").reset_index(drop=True)

    @cached_property
    def indicator_by_code(self) -> dict[str, dict[str, Any]]:
        return {str(row["code"]): row for row in records(self.catalogue)}

    @cached_property
    def catalogue_rows(self) -> list[dict[str, Any]]:
        return records(self.catalogue)

    @cached_property
    def directions(self) -> list[dict[str, Any]]:
        return records(self.results.directions.sort_values("code"))

    @cached_property
    def by_entity(self) -> RowIndex:
        """Rows of one entity (in the order of ``values``: by indicator and year)."""
        return RowIndex(self.values, ["entity_type", "entity_id"])

    @cached_property
    def by_indicator(self) -> dict[tuple[str, str], pd.DataFrame]:
        """Rows of one indicator and entity type, sorted by entity and year."""
        return {(str(c), str(t)): frame for (c, t), frame in self.values.groupby(["indicator", "entity_type"], sort=True)}

    def rows(self, entity_type: str, entity_id: str) -> list[dict[str, Any]]:
        return self.by_entity.rows(entity_type, entity_id)

    def entity_index(self, entity_type: str, entity_id: str) -> dict[str, dict[int, dict[str, Any]]]:
        """All rows of one entity: indicator → year → row. Territories (few, asked for on every page) are
        kept; organisations only while their page is written, so memory stays flat with thousands of them."""
        key = (entity_type, entity_id)
        cached = self._entity_cache.get(key)
        if cached is None:
            cached = {}
            for row in self.rows(entity_type, entity_id):
                cached.setdefault(str(row["indicator"]), {})[int(row["year"])] = row
            if entity_type == "organisation":
                self._entity_cache = {k: v for k, v in self._entity_cache.items() if k[0] != "organisation"}
            self._entity_cache[key] = cached
        return cached

    def series(self, indicator: str, entity_type: str, entity_id: str) -> dict[int, dict[str, Any]]:
        """The rows of one indicator of one entity by year. An organisation not indexed at the moment has only
        that indicator's rows made: lists of thousands of organisations ask for a few indicators of each, and
        making all of an organisation's rows each time was most of their cost."""
        cached = self._entity_cache.get((entity_type, entity_id))
        if cached is not None or entity_type != "organisation":
            return (cached if cached is not None else self.entity_index(entity_type, entity_id)).get(indicator, {})
        found: dict[int, dict[str, Any]] = {}
        for row in self.by_entity.rows(entity_type, entity_id, where=("indicator", indicator)):
            found[int(row["year"])] = row
        return found

    @cached_property
    def procedure_groups(self) -> dict[str, RowIndex]:
        """Procedure tables (``Results.procedures``) indexed by entity once, not filtered per page."""
        return {name: RowIndex(frame, ["entity_type", "entity_id"])
                for name, frame in (self.results.procedures or {}).items() if frame is not None and not frame.empty}

    def procedure_rows(self, name: str, entity_type: str, entity_id: str) -> list[dict[str, Any]]:
        """The entity's rows of one procedure table for the latest year it has any."""
        index = self.procedure_groups.get(name)
        return index.rows(entity_type, entity_id, latest="year") if index is not None else []

    def indicator_rows(self, indicator: str, entity_type: str) -> pd.DataFrame:
        return self.by_indicator.get((indicator, entity_type), self.values.iloc[0:0])

    def latest(self, series: dict[int, dict[str, Any]]) -> dict[str, Any] | None:
        """The row of the latest year that has a row at all (published or «к»)."""
        return series[max(series)] if series else None

    def kind_organisations(self, kind: str) -> pd.DataFrame:
        return self.organisations[self.organisations["kind"] == kind]

    def org_name(self, org_id: str) -> str:
        """The name as shown: «№» keeps its number on the line (``typography.numero``)."""
        row = self.org_by_id.get(org_id)
        return ty.numero(str(row["short_name"])) if row else org_id

    @cached_property
    def shnor_years(self) -> dict[str, list[int]]:
        """Years in which each school met the ШНОР criteria (``Results.shnor``)."""
        frame = self.results.shnor
        if frame is None or frame.empty:
            return {}
        if "status" in frame.columns:
            frame = frame[frame["status"] == "identified"]
        years: dict[str, list[int]] = {}
        for row in records(frame.sort_values(["org_id", "year"])):
            years.setdefault(str(row["org_id"]), []).append(int(row["year"]))
        return years

    @cached_property
    def _statuses(self) -> RowIndex:
        return RowIndex(self.dataset["statuses"].sort_values(["org_id", "year", "status"]), ["org_id"])

    def statuses(self, org_id: str) -> list[dict[str, Any]]:
        return self._statuses.rows(org_id)


def fmt_raw(value: Any, digits: int = 1) -> str:
    """A plain count or score from a procedure table: «к» never reaches here (rows are checked first)."""
    number = as_float(value)
    if number is None:
        return ty.NO_DATA
    if float(number).is_integer() and digits == 0:
        return ty.fmt_int(number)
    return ty.fmt_number(number, digits)


def finite(values: list[float | None]) -> list[float]:
    return [v for v in values if v is not None and not math.isnan(v)]
