"""An independent attacker on a built site's open data: what can a reader *prove* about each hidden count?

Small-group suppression blanks cells. What matters is not whether a cell is empty but what anyone can compute
about it from everything else that is published. This module answers that the way a determined reader would:
it reads only the published files of a built site (``data/<name>/<name>.csv``, the archived versions
``data/versions/<v>/*.csv`` and the per-organisation tables ``organisations/<id>/<id>.csv``) and sets up a linear
program:

- every count of every source row (ЕГЭ, ОГЭ, ВПР, graduation, olympiad), the ЕГЭ score sum of a row (mean ×
  participants), every reported numerator and denominator and every indicator's numerator and denominator is a
  non-negative variable; a published number fixes it;
- every published number gives a constraint: a computed indicator's numerator and denominator are sums over the
  matching source rows (the catalogue's formula), a territory's are sums over its organisations; a share or mean
  printed with d decimals bounds ``k·num / den`` to its rounding interval; ``previous``, ``change`` and
  ``municipal_value`` are copies of other values and bound them too;
- identities inside a row (marks sum to participants, ge90 ≤ ge80 ≤ ge70 ≤ participants, …) and equalities
  between datasets found empirically (a subject's ЕГЭ medalists = the graduation medalists) are used only if
  they hold in every instance whose numbers are all published — exactly what a real attacker can check;
- an archived row with the same key whose published values agree with a row already read is the same row, so
  a value hidden now but published in another version is known;
- a pooled value of an organisation's file (``pooled_numerator`` / ``pooled_denominator`` over the years from
  ``pooled_from`` to the row's year) is the sum of those years' numerators and denominators — hidden years
  included, which is exactly how a pooled value minus the published years would reveal a hidden one.

For every hidden count the attacker minimises and maximises it with HiGHS. An interval covering fewer than
``threshold`` whole numbers means suppression failed for that cell. The program splits into independent
components of connected hidden variables (a component never spans two years), which keeps it fast.

Nothing here imports ``generator``: the proof must not share the protection's assumptions or its bugs.
"""

from __future__ import annotations

import csv
import math
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import highspy
import numpy as np

#: tag of the variables of the current publication (archived versions use their folder name)
CURRENT = "current"
INF = math.inf
#: slack added to every rounding interval: the printed numbers went through binary floating point
SLACK = 1e-9


# --- what is published --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A published source table: its key, its count columns and which counts are the size of a group."""

    keys: tuple[str, ...]
    counts: tuple[str, ...]
    groups: tuple[str, ...] = ()

    @property
    def slice(self) -> tuple[str, ...]:
        """Key columns besides the organisation and the year (subject, grade, stage …)."""
        return tuple(column for column in self.keys if column not in ("org_id", "year"))


SOURCES: dict[str, Source] = {
    "ege": Source(("org_id", "year", "subject"),
                  ("participants", "below_min", "ge70", "ge80", "ge90", "score100", "medalists",
                   "medalists_not_confirmed"), ("participants", "medalists")),
    "oge": Source(("org_id", "year", "subject"), ("participants", "mark2", "mark3", "mark4", "mark5"),
                  ("participants",)),
    "vpr": Source(("org_id", "year", "grade", "subject"),
                  ("participants", "mark2", "mark3", "mark4", "mark5", "lowered", "confirmed", "raised"),
                  ("participants",)),
    "graduation": Source(("org_id", "year", "grade"),
                         ("graduates", "admitted", "certified", "with_honours", "medalists"), ("graduates",)),
    "olympiad": Source(("org_id", "year", "stage", "subject"), ("participants", "winners", "prize_winners")),
    "statuses": Source(("org_id", "year", "status"), ()),
}
VALUE_TABLES: dict[str, tuple[str, ...]] = {
    "indicator-values": ("indicator", "entity_type", "entity_id", "year"),
    "organisation-values": ("indicator", "org_id", "year"),
    "municipality-values": ("indicator", "oktmo", "year"),
}
REFERENCE_TABLES = ("indicators", "organisations", "municipalities", "subjects", "territories", "organisation-territories")
TABLES = (*SOURCES, *VALUE_TABLES, *REFERENCE_TABLES)
KEYS: dict[str, tuple[str, ...]] = {**{name: spec.keys for name, spec in SOURCES.items()}, **VALUE_TABLES}
#: columns that do not decide whether two versions of a row are the same row
COSMETIC = {"suppressed", "suppression", "comment", "entity_name", "indicator_short_name"}

#: identities inside one source row: (name, {column: coefficient}, lower, upper); kept only if they hold in every
#: fully published row
ROW_IDENTITIES: dict[str, list[tuple[str, dict[str, float], float, float]]] = {
    "ege": [
        ("ge80≤ge70", {"ge80": 1, "ge70": -1}, -INF, 0),
        ("ge90≤ge80", {"ge90": 1, "ge80": -1}, -INF, 0),
        ("score100≤ge90", {"score100": 1, "ge90": -1}, -INF, 0),
        ("ge70≤participants", {"ge70": 1, "participants": -1}, -INF, 0),
        ("below_min+ge70≤participants", {"below_min": 1, "ge70": 1, "participants": -1}, -INF, 0),
        ("medalists_not_confirmed≤medalists", {"medalists_not_confirmed": 1, "medalists": -1}, -INF, 0),
        ("medalists≤participants", {"medalists": 1, "participants": -1}, -INF, 0),
        ("medalists−not_confirmed≤ge70", {"medalists": 1, "medalists_not_confirmed": -1, "ge70": -1}, -INF, 0),
    ],
    "oge": [("marks=participants", {"mark2": 1, "mark3": 1, "mark4": 1, "mark5": 1, "participants": -1}, 0, 0)],
    "vpr": [
        ("marks=participants", {"mark2": 1, "mark3": 1, "mark4": 1, "mark5": 1, "participants": -1}, 0, 0),
        ("lowered+confirmed+raised=participants",
         {"lowered": 1, "confirmed": 1, "raised": 1, "participants": -1}, 0, 0),
    ],
    "graduation": [
        ("admitted≤graduates", {"admitted": 1, "graduates": -1}, -INF, 0),
        ("certified≤admitted", {"certified": 1, "admitted": -1}, -INF, 0),
        ("with_honours≤certified", {"with_honours": 1, "certified": -1}, -INF, 0),
        ("medalists≤certified", {"medalists": 1, "certified": -1}, -INF, 0),
    ],
    "olympiad": [("winners+prize_winners≤participants",
                  {"winners": 1, "prize_winners": 1, "participants": -1}, -INF, 0)],
}

#: mechanisms in order of priority (the first that a proof uses names it), with their Russian names
MECHANISMS: dict[str, str] = {
    "version": "архивная версия набора",
    "copy": "значение показано в другом файле",
    "identity": "тождество между наборами данных",
    "territory": "итог территории минус опубликованные организации",
    "grade_total": "итог по всем классам минус показанные строки и часть отдельного класса",
    "overlap": "пересекающиеся показатели одной организации",
    "pooled": "значение за три года минус опубликованные годы",
    "mean": "уравнение среднего вместе с суммой отметок",
    "subtraction": "итог организации минус показанные строки",
    "rounding": "округлённое значение доли или среднего",
    "row": "тождества внутри строки",
    "small_count": "опубликовано малое число",
}


# --- the catalogue's formulas (the grammar of generator/compute/formula.py, re-implemented) --------------------

@dataclass(frozen=True)
class Term:
    """``coefficient × Π columns``; ``rows`` counts the matching rows."""

    coefficient: float
    columns: tuple[str, ...]
    rows: bool = False


@dataclass(frozen=True)
class Formula:
    """``dataset[filters]:numerator[/denominator]``, evaluated per organisation and year over matching rows."""

    dataset: str
    filters: tuple[tuple[str, frozenset[str], bool], ...]
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...] | None
    text: str

    def matches(self, row: dict[str, str]) -> bool:
        """Filters compare text, so ``grade=4`` matches the published ``4``."""
        return all((row.get(column, "") in values) != negate for column, values, negate in self.filters)

    @property
    def filter_key(self) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
        return tuple(sorted((column, tuple(sorted(values)), negate) for column, values, negate in self.filters))


_HEAD = re.compile(r"^([a-z_]+)(?:\[(.*)\])?$")
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _parse_sum(part: str) -> tuple[Term, ...] | None:
    terms = []
    for raw in part.split("+"):
        coefficient, columns, rows = 1.0, [], False
        for factor in (item.strip() for item in raw.split("*")):
            if _NUMBER.match(factor):
                coefficient *= float(factor)
            elif factor == "rows":
                rows = True
            elif _NAME.match(factor):
                columns.append(factor)
            else:
                return None
        terms.append(Term(coefficient, tuple(columns), rows))
    return tuple(terms)


def parse_formula(text: str) -> Formula | None:
    """The formula, or None when it does not read (the attacker then simply does not use it)."""
    head, colon, body = text.strip().partition(":")
    match = _HEAD.match(head.strip())
    if not colon or not match:
        return None
    filters = []
    for raw in (match.group(2) or "").split(","):
        if not raw.strip():
            continue
        negate = "!=" in raw
        column, _, values = raw.partition("!=" if negate else "=")
        filters.append((column.strip(), frozenset(item.strip() for item in values.split("|")), negate))
    parts = body.split("/")
    if len(parts) > 2:
        return None
    numerator = _parse_sum(parts[0])
    denominator = _parse_sum(parts[1]) if len(parts) == 2 else None
    if numerator is None or (len(parts) == 2 and denominator is None):
        return None
    return Formula(match.group(1), tuple(filters), numerator, denominator, text.strip())


@dataclass(frozen=True)
class Indicator:
    """A catalogue row as far as the attacker needs it."""

    code: str
    unit: str
    aggregation: str
    level: str
    formula: Formula | None
    has_denominator: bool

    @property
    def counts_numerator(self) -> bool:
        """Whether the numerator counts people (a score sum or a weighted mark sum does not)."""
        if self.aggregation == "mean":
            return False
        if self.formula is None:
            return True
        return all(term.coefficient == 1 and len(term.columns) == 1 for term in self.formula.numerator)


def _catalogue(rows: list[dict[str, str]]) -> dict[str, Indicator]:
    found = {}
    for row in rows:
        formula = parse_formula(row["formula"]) if row.get("formula", "").strip() else None
        if row.get("method", "computed") == "computed" and formula is None:
            continue
        has_denominator = formula.denominator is not None if formula else bool(row.get("denominator", "").strip())
        found[row["code"]] = Indicator(row["code"], row.get("unit", ""), row.get("aggregation", ""),
                                       row.get("level", "organisation"), formula, has_denominator)
    return found


# --- the report -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HiddenCell:
    """One hidden count and the interval an attacker can prove for it."""

    dataset: str
    key: tuple[tuple[str, str], ...]
    column: str
    lo: float
    hi: float
    threshold: int
    mechanisms: tuple[str, ...] = ()
    proof: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()

    @property
    def whole_numbers(self) -> float:
        """How many integers the interval holds (``inf`` when unbounded)."""
        if math.isinf(self.hi):
            return INF
        return max(0, math.floor(self.hi + 1e-6) - math.ceil(self.lo - 1e-6) + 1)

    @property
    def narrowed(self) -> bool:
        """Fewer than ``threshold`` whole numbers: the attacker has pinned a small group down."""
        return self.whole_numbers < self.threshold

    @property
    def exact(self) -> bool:
        return self.hi - self.lo < 1e-6

    @property
    def mechanism(self) -> str:
        return self.mechanisms[0] if self.mechanisms else ""

    @property
    def row(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        return self.dataset, self.key

    def describe(self) -> str:
        """``ege sch-01 2023 math: participants ∈ [3, 3]`` — for messages."""
        key = " ".join(value for _name, value in self.key)
        interval = f"= {_number(self.lo)}" if self.exact else f"∈ [{_number(self.lo)}; {_number(self.hi)}]"
        return f"{self.dataset} {key}: {self.column} {interval}"

    def to_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "key": dict(self.key), "column": self.column,
                "lo": _json_number(self.lo), "hi": _json_number(self.hi), "whole_numbers": _json_number(self.whole_numbers),
                "narrowed": self.narrowed, "exact": self.exact, "mechanism": self.mechanism,
                "mechanisms": list(self.mechanisms), "proof": list(self.proof), "copies": list(self.copies)}


@dataclass(frozen=True)
class SmallCount:
    """A published count of people below the threshold: no attack needed, it is a finding by itself."""

    dataset: str
    key: tuple[tuple[str, str], ...]
    column: str
    value: float

    def describe(self) -> str:
        return f"{self.dataset} {' '.join(value for _name, value in self.key)}: {self.column} = {_number(self.value)}"

    def to_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "key": dict(self.key), "column": self.column, "value": self.value}


@dataclass
class AttackReport:
    """Everything the attacker found, plus the evidence that its model is sound (dropped families, conflicts)."""

    site: str
    threshold: int
    cells: list[HiddenCell] = field(default_factory=list)
    small_counts: list[SmallCount] = field(default_factory=list)
    identities: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    infeasible: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def narrowed(self) -> list[HiddenCell]:
        return [cell for cell in self.cells if cell.narrowed]

    @property
    def exact(self) -> list[HiddenCell]:
        return [cell for cell in self.cells if cell.narrowed and cell.exact]

    @property
    def narrowed_rows(self) -> int:
        return len({cell.row for cell in self.narrowed})

    @property
    def exact_rows(self) -> int:
        return len({cell.row for cell in self.exact})

    @property
    def ok(self) -> bool:
        """No hidden count is pinned below the protection width."""
        return not self.narrowed

    def by_mechanism(self) -> dict[str, list[HiddenCell]]:
        """Narrowed cells grouped by the main mechanism of their proof, in the order of ``MECHANISMS``."""
        groups: dict[str, list[HiddenCell]] = {name: [] for name in MECHANISMS}
        for cell in self.narrowed:
            groups.setdefault(cell.mechanism or "row", []).append(cell)
        return {name: cells for name, cells in groups.items() if cells}

    def find(self, dataset: str, column: str, **key: str) -> HiddenCell | None:
        """The audited cell of ``dataset`` with ``column`` whose key contains ``key`` (for tests)."""
        for cell in self.cells:
            names = dict(cell.key)
            if cell.dataset == dataset and cell.column == column and all(names.get(k) == str(v) for k, v in key.items()):
                return cell
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site, "threshold": self.threshold, "audited": len(self.cells),
                "narrowed": len(self.narrowed), "exact": len(self.exact), "narrowed_rows": self.narrowed_rows,
                "exact_rows": self.exact_rows,
                "by_mechanism": {name: len(cells) for name, cells in self.by_mechanism().items()},
                "identities": self.identities, "dropped_families": self.dropped, "conflicts": self.conflicts,
                "infeasible": self.infeasible, "notes": self.notes, "stats": self.stats,
                "small_counts": [item.to_dict() for item in self.small_counts],
                "cells": [cell.to_dict() for cell in self.cells]}


def _number(value: float) -> str:
    if math.isinf(value):
        return "∞"
    rounded = round(value)
    return str(rounded) if abs(value - rounded) < 1e-6 else f"{value:.3f}"


def _json_number(value: float) -> float | None:
    return None if math.isinf(value) or math.isnan(value) else value


# --- reading --------------------------------------------------------------------------------------------------

def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _decimals(text: str) -> int:
    try:
        exponent = Decimal(text.strip()).as_tuple().exponent
    except InvalidOperation:
        return 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _precision(rows: Iterable[dict[str, str]], column: str) -> int:
    """The column's printed precision: the most decimals any of its values shows (trailing zeros are dropped)."""
    return max((_decimals(row[column]) for row in rows if row.get(column, "").strip()), default=0)


def _half(decimals: int) -> float:
    return 0.5 * 10.0 ** (-decimals) * (1 + 1e-9) + SLACK


def _same(left: str, right: str) -> bool:
    a, b = _float(left), _float(right)
    if a is not None and b is not None:
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return left.strip() == right.strip()


def _agree(row: dict[str, str], other: dict[str, str], keys: Sequence[str]) -> bool:
    """Two versions of a row are the same row when every value both publish is equal."""
    for column, value in row.items():
        if column in keys or column in COSMETIC or not value.strip():
            continue
        theirs = other.get(column, "")
        if theirs.strip() and not _same(value, theirs):
            return False
    return True


@dataclass
class _Snapshot:
    """One publication: the current one or an archived version."""

    tag: str
    prefix: str
    tables: dict[str, list[dict[str, str]]]


def _load(site: Path, versions: bool) -> tuple[list[_Snapshot], dict[str, list[dict[str, str]]], int]:
    """The snapshots (current first), the per-organisation tables and how many identical versions were skipped."""
    data = site / "data"
    current = _Snapshot(CURRENT, "", {name: _read(data / name / f"{name}.csv") for name in TABLES})
    snapshots, skipped = [current], 0
    if versions and (data / "versions").is_dir():
        for folder in sorted(path for path in (data / "versions").iterdir() if path.is_dir()):
            tables = {name: _read(folder / f"{name}.csv") for name in TABLES}
            if not any(tables.values()):
                continue
            if all(tables[name] == current.tables[name] for name in TABLES if tables[name]):
                skipped += 1  # the same numbers as now: nothing new for the attacker
                continue
            for name in REFERENCE_TABLES:
                tables[name] = tables[name] or current.tables[name]
            snapshots.append(_Snapshot(folder.name, f"versions/{folder.name}/", tables))
    org_files: dict[str, list[dict[str, str]]] = {}
    folder = site / "organisations"
    if folder.is_dir():
        for path in sorted(folder.glob("*/*.csv")):
            if path.stem == path.parent.name:
                org_files[path.stem] = _read(path)
    return snapshots, org_files, skipped


# --- the linear model -----------------------------------------------------------------------------------------

class _Model:
    """Variables (by hashable key), published values and deduplicated linear constraints with their family."""

    def __init__(self) -> None:
        self.index: dict[tuple, int] = {}
        self.keys: list[tuple] = []
        self.known: dict[int, float] = {}
        self.known_from: dict[int, str] = {}
        self.rows: dict[tuple, tuple[str, str]] = {}
        self.conflicts: list[str] = []

    def var(self, key: tuple) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.keys)
            self.keys.append(key)
        return found

    def fix(self, key: tuple, value: float, where: str) -> int:
        var = self.var(key)
        old = self.known.get(var)
        if old is None:
            self.known[var] = value
            self.known_from[var] = where
        elif abs(old - value) > 1e-6 * max(1.0, abs(old)):
            self.conflicts.append(f"{where}: {value} ≠ {old} ({self.known_from[var]})")
        return var

    def add(self, terms: Iterable[tuple[int, float]], lo: float, hi: float, family: str, origin: str) -> None:
        merged: dict[int, float] = defaultdict(float)
        for var, coefficient in terms:
            merged[var] += coefficient
        items = sorted((var, coefficient) for var, coefficient in merged.items() if coefficient != 0.0)
        if not items or (lo == -INF and hi == INF):
            return
        key = (tuple(var for var, _ in items), tuple(coefficient for _, coefficient in items), lo, hi)
        self.rows.setdefault(key, (family, origin))


def _cell(tag: str, table: str, key: tuple[str, ...], column: str) -> tuple:
    return ("c", tag, table, key, column)


def _quantity(tag: str, code: str, entity_type: str, entity_id: str, year: str, part: str) -> tuple:
    return ("i", tag, code, entity_type, entity_id, year, part)


@dataclass
class _Context:
    """What one snapshot says about organisations, territories and the catalogue."""

    catalogue: dict[str, Indicator]
    municipality_of: dict[str, str]
    region_of: dict[str, str]
    region_alias: dict[str, str]
    min_scores: dict[str, float]
    #: organisation → every territory below the municipality it lies in (its lowest one and those above)
    territories_of: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, snapshot: _Snapshot) -> _Context:
        region_of, alias = {}, {}
        for row in snapshot.tables["municipalities"]:
            region = row.get("region_code", "").strip() or row.get("region", "").strip()
            if region:
                region_of[row["oktmo"]] = region
                alias[region] = region
                if row.get("region", "").strip():
                    alias[row["region"].strip()] = region
        minimum = {row["code"]: float(row["ege_min_score"]) for row in snapshot.tables["subjects"]
                   if _float(row.get("ege_min_score")) is not None}
        parent = {row["territory_id"]: row.get("parent_id", "") for row in snapshot.tables.get("territories", [])}
        chains = {}
        for row in snapshot.tables.get("organisation-territories", []):
            chain = [row["territory_id"]]
            while parent.get(chain[-1]) and parent[chain[-1]] not in chain:
                chain.append(parent[chain[-1]])
            chains[row["org_id"]] = tuple(chain)
        return cls(_catalogue(snapshot.tables["indicators"]),
                   {row["org_id"]: row.get("oktmo", "") for row in snapshot.tables["organisations"]},
                   region_of, alias, minimum, chains)


class _Attack:
    """Builds the model from every snapshot, checks it against the published numbers and solves it."""

    def __init__(self, site: Path, threshold: int, versions: bool) -> None:
        self.site = site
        self.threshold = threshold
        self.model = _Model()
        self.snapshots, self.org_files, self.skipped = _load(site, versions)
        #: the count indicators' like-for-like sums (``territories/counts.csv``): sums over named organisations
        self.count_rows = _read(site / "territories" / "counts.csv")
        self.tags = self._assign_tags()
        #: hidden variables → where they are shown empty (dataset label, key, column)
        self.targets: dict[int, list[tuple[str, tuple[tuple[str, str], ...], str]]] = {}
        self.small: dict[int, SmallCount] = {}
        self.identities: list[tuple[tuple, tuple]] = []
        self.notes: list[str] = []
        self.scales: dict[str, float | None] = {}
        self.catalogue = _Context.of(self.snapshots[0]).catalogue

    # -- versions ----------------------------------------------------------------------------------------------

    def _assign_tags(self) -> dict[tuple[str, str], dict[tuple[str, ...], str]]:
        """(snapshot, table) → row key → the tag of the variables that row uses."""
        seen: dict[str, dict[tuple[str, ...], list[tuple[str, dict[str, str]]]]] = defaultdict(dict)
        mapping: dict[tuple[str, str], dict[tuple[str, ...], str]] = {}
        for snapshot in self.snapshots:
            for table, keys in KEYS.items():
                tags = mapping[(snapshot.tag, table)] = {}
                for row in snapshot.tables[table]:
                    key = tuple(row.get(column, "") for column in keys)
                    earlier = seen[table].setdefault(key, [])
                    tag = next((other_tag for other_tag, other in earlier if _agree(row, other, keys)), None)
                    if tag is None:
                        tag = snapshot.tag
                        earlier.append((tag, row))
                    tags[key] = tag
        return mapping

    # -- building ----------------------------------------------------------------------------------------------

    def build(self) -> None:
        current = self.snapshots[0]
        context = _Context.of(current)
        exact_products = self._products_exact(current, context)
        self.identities = self._discover_identities(current, context)
        for snapshot in self.snapshots:
            _SnapshotBuilder(self, snapshot, snapshot is current, exact_products).build()

    def _products_exact(self, snapshot: _Snapshot, context: _Context) -> bool:
        """Whether ``mean_score × participants`` of the published rows adds up exactly to the published numerators.

        Then the printed mean is the exact mean (not a rounded one) and a published row's score sum is known
        exactly; otherwise the attacker only uses the mean's rounding interval.
        """
        by_org: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
        for row in snapshot.tables["ege"]:
            by_org[(row["org_id"], row["year"])].append(row)
        checked = False
        for line in snapshot.tables["indicator-values"]:
            indicator = context.catalogue.get(line["indicator"])
            if (indicator is None or indicator.formula is None or indicator.formula.dataset != "ege"
                    or line["entity_type"] != "organisation"):
                continue
            terms = indicator.formula.numerator
            if not any(sorted(term.columns) == ["mean_score", "participants"] for term in terms):
                continue
            numerator = _float(line.get("numerator"))
            chosen = [row for row in by_org.get((line["entity_id"], line["year"]), []) if indicator.formula.matches(row)]
            total = _row_total(chosen, terms)
            if numerator is None or not chosen or total is None:
                continue
            if abs(total - numerator) > 1e-6 * max(1.0, abs(numerator)):
                return False
            checked = True
        return checked

    def _discover_identities(self, snapshot: _Snapshot, context: _Context) -> list[tuple[tuple, tuple]]:
        """Pairs of per-organisation-and-year quantities equal wherever both are published.

        Quantities are the count cells of every source row by slice (``ege[rus].medalists``) and the numerators and
        denominators of indicators. A pair is kept when one side is hidden somewhere (otherwise it cannot help),
        it is checked on at least five organisation-years, and a coincidence is implausible: counting a match of
        the value v as a 1-in-(v + 1) event, the matches together must be rarer than one in a million (small
        counts of a few pupils coincide by chance all the time). Pairs that a catalogue formula states already
        are left out.
        """
        columns: dict[tuple, dict[tuple[str, str], float | None]] = defaultdict(dict)
        for table, spec in SOURCES.items():
            for row in snapshot.tables[table]:
                place = (row["org_id"], row["year"])
                for column in spec.counts:
                    columns[("src", table, tuple(row[c] for c in spec.slice), column)][place] = _float(row.get(column))
        for row in snapshot.tables["indicator-values"]:
            indicator = context.catalogue.get(row["indicator"])
            if row["entity_type"] != "organisation" or indicator is None:
                continue
            place = (row["entity_id"], row["year"])
            for part, column in (("n", "numerator"), ("d", "denominator")):
                if part == "d" and not indicator.has_denominator:
                    continue
                columns[("ind", row["indicator"], part)][place] = _float(row.get(column))
        names = list(columns)
        if not names:
            return []
        places = sorted({place for values in columns.values() for place in values})
        position = {place: index for index, place in enumerate(places)}
        matrix = np.full((len(places), len(names)), np.nan)
        present = np.zeros((len(places), len(names)), dtype=bool)
        for j, name in enumerate(names):
            for place, value in columns[name].items():
                present[position[place], j] = True
                if value is not None:
                    matrix[position[place], j] = value
        known = ~np.isnan(matrix)
        hidden = (present & ~known).any(axis=0)
        surprise = np.where(known, np.log10(1.0 + np.abs(np.nan_to_num(matrix))), 0.0)
        found = []
        for i in np.flatnonzero(hidden):
            both = known[:, [i]] & known
            equal = np.where(both, matrix[:, [i]] == matrix, True).all(axis=0)
            support = both.sum(axis=0)
            evidence = (surprise[:, [i]] * both).sum(axis=0)
            for j in np.flatnonzero(equal & (support >= 5) & (evidence >= 6.0)):
                if j == i or (hidden[j] and j < i) or _implied(names[i], names[j], context.catalogue):
                    continue
                found.append((names[i], names[j]))
        return found

    # -- checking and solving ----------------------------------------------------------------------------------

    def solve(self) -> AttackReport:
        model = self.model
        report = AttackReport(str(self.site), self.threshold, conflicts=list(model.conflicts))
        report.identities = [f"{_feature_name(a)} = {_feature_name(b)}" for a, b in self.identities]
        report.notes = sorted(set(self.notes))
        # 1. every family must hold wherever all its numbers are published; otherwise the attacker drops it
        bad: dict[str, int] = defaultdict(int)
        open_rows = []
        for (variables, coefficients, lo, hi), (family, origin) in model.rows.items():
            constant, free = 0.0, []
            for var, coefficient in zip(variables, coefficients, strict=True):
                value = model.known.get(var)
                if value is None:
                    free.append((var, coefficient))
                else:
                    constant += coefficient * value
            if not free:
                scale = 1e-7 * max(1.0, abs(constant), *(abs(c) for c in coefficients))
                if constant < lo - scale or constant > hi + scale:
                    bad[family] += 1
                continue
            open_rows.append((free, lo - constant, hi - constant, family, origin))
        report.dropped = dict(sorted(bad.items()))
        rows = [row for row in open_rows if row[3] not in bad]
        # 2. connected components of the hidden variables
        parent: dict[int, int] = {}

        def root(var: int) -> int:
            parent.setdefault(var, var)
            while parent[var] != var:
                parent[var] = parent[parent[var]]
                var = parent[var]
            return var

        for free, *_ in rows:
            first = root(free[0][0])
            for var, _ in free[1:]:
                other = root(var)
                if other != first:
                    parent[other] = first
        components: dict[int, list[int]] = defaultdict(list)
        for index, (free, *_rest) in enumerate(rows):
            components[root(free[0][0])].append(index)
        # 3. min and max of every hidden variable
        bounds: dict[int, tuple[float, float, frozenset[str]]] = {}
        solves, largest = 0, 0
        targets_of: dict[int, list[int]] = defaultdict(list)
        for var in self.targets:
            if var in model.known:
                value = model.known[var]
                bounds[var] = (value, value, frozenset({f"known|{model.known_from[var]}"}))
            elif var in parent:
                targets_of[root(var)].append(var)
            else:
                bounds[var] = (0.0, INF, frozenset())
        for component, wanted in targets_of.items():
            members = [rows[index] for index in components[component]]
            largest = max(largest, len(members))
            found, count = self._solve_component(members, wanted)
            solves += count
            if found is None:
                found, count, note = self._fallback(members, wanted)
                solves += count
                report.infeasible.append(f"компонента из {len(members)} ограничений противоречива; {note}")
            for var in wanted:
                bounds[var] = found.get(var, (0.0, INF, frozenset()))
        # 4. the report
        for var, places in self.targets.items():
            lo, hi, proof = bounds[var]
            dataset, key, column = places[0]
            cell = HiddenCell(dataset, key, column, lo, hi, self.threshold, (), tuple(sorted(proof)),
                              tuple(f"{d}:{c}" for d, _k, c in places[1:]))
            if cell.narrowed:
                cell = HiddenCell(dataset, key, column, lo, hi, self.threshold,
                                  _mechanisms(proof, self.catalogue), cell.proof, cell.copies)
            report.cells.append(cell)
        report.cells.sort(key=lambda cell: (cell.dataset, cell.key, cell.column))
        report.small_counts = sorted(self.small.values(), key=lambda item: (item.dataset, item.key, item.column))
        report.stats.update({"variables": len(model.keys), "constraints": len(model.rows),
                             "open_constraints": len(rows), "components": len(targets_of),
                             "largest_component": largest, "lp_solves": solves,
                             "snapshots": len(self.snapshots), "identical_versions_skipped": self.skipped})
        return report

    def _fallback(self, rows: list[tuple[list[tuple[int, float]], float, float, str, str]], wanted: list[int]
                  ) -> tuple[dict[int, tuple[float, float, frozenset[str]]], int, str]:
        """Solve a contradictory component again without the least certain knowledge.

        Archived versions are merged row by row although their data may have changed, and the identities between
        datasets are only empirical; the current publication's own formulas and values must be consistent.
        """
        solves = 0
        attempts = (("без архивных версий", lambda row: row[4] == CURRENT),
                    ("без найденных тождеств", lambda row: not row[3].startswith("identity|")),
                    ("без архивных версий и найденных тождеств",
                     lambda row: row[4] == CURRENT and not row[3].startswith("identity|")))
        for note, keep in attempts:
            kept = [row for row in rows if keep(row)]
            present = {var for free, *_ in kept for var, _ in free}
            found, count = self._solve_component(kept, [var for var in wanted if var in present])
            solves += count
            if found is not None:
                return found, solves, f"решена {note}"
        return {}, solves, "противоречива и без архивных версий и найденных тождеств"

    def _solve_component(self, rows: list[tuple[list[tuple[int, float]], float, float, str, str]],
                         wanted: list[int]) -> tuple[dict[int, tuple[float, float, frozenset[str]]] | None, int]:
        """Min and max of each wanted variable over one component, keeping one HiGHS model (warm start).

        Returns None (with the number of solves) when the constraints contradict each other.
        """
        if not wanted or not rows:
            return {}, 0
        columns = sorted({var for free, *_ in rows for var, _ in free})
        where = {var: index for index, var in enumerate(columns)}
        starts, indices, values, lower, upper = [0], [], [], [], []
        for free, lo, hi, _family, _origin in rows:
            for var, coefficient in free:
                indices.append(where[var])
                values.append(coefficient)
            starts.append(len(indices))
            lower.append(-highspy.kHighsInf if lo == -INF else lo)
            upper.append(highspy.kHighsInf if hi == INF else hi)
        highs = _highs()
        n = len(columns)
        highs.addVars(n, np.zeros(n), np.full(n, highspy.kHighsInf))
        highs.addRows(len(rows), np.array(lower), np.array(upper), len(indices), np.array(starts[:-1], dtype=np.int32),
                      np.array(indices, dtype=np.int32), np.array(values, dtype=np.float64))
        families = [f"{family}@{origin}" if origin != CURRENT else family for _f, _l, _h, family, origin in rows]
        found: dict[int, tuple[float, float, frozenset[str]]] = {}
        solves = 0
        previous: int | None = None
        #: columns seen at 0 in some feasible solution: their minimum is 0 (all variables are non-negative)
        at_zero = np.zeros(n, dtype=bool)
        for var in wanted:
            column = where[var]
            if previous is not None:
                highs.changeColCost(previous, 0.0)
            highs.changeColCost(column, 1.0)
            previous = column
            ends, proof = [], set()
            for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
                if sense == highspy.ObjSense.kMinimize and at_zero[column]:
                    ends.append(0.0)
                    continue
                highs.changeObjectiveSense(sense)
                highs.run()
                solves += 1
                status = highs.getModelStatus()
                if status == highspy.HighsModelStatus.kOptimal:
                    ends.append(highs.getInfo().objective_function_value)
                    solution = highs.getSolution()
                    at_zero |= np.asarray(solution.col_value) <= 1e-9
                    if solution.dual_valid:
                        duals = np.abs(np.asarray(solution.row_dual))
                        proof.update(families[index] for index in np.flatnonzero(duals > 1e-9))
                elif status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible) \
                        and sense == highspy.ObjSense.kMaximize:
                    ends.append(INF)
                else:
                    return None, solves
            found[var] = (max(0.0, ends[0]), ends[1], frozenset(proof))
        return found, solves


_BANNER_SHOWN: list[bool] = []


def _highs() -> highspy.Highs:
    """A silent single-threaded HiGHS with presolve.

    The library prints its banner to the process's stdout when the first instance is made; that would break
    the command's output, so the first construction runs with file descriptor 1 pointed at /dev/null.
    """
    if _BANNER_SHOWN:
        highs = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _BANNER_SHOWN.append(True)
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("presolve", "on")
    return highs


def _row_total(rows: list[dict[str, str]], terms: tuple[Term, ...]) -> float | None:
    """Σ terms over fully published rows; None when some value is hidden."""
    total = 0.0
    for row in rows:
        for term in terms:
            product = term.coefficient
            for column in term.columns:
                value = _float(row.get(column))
                if value is None:
                    return None
                product *= value
            total += product
    return total


def _implied(left: tuple, right: tuple, catalogue: dict[str, Indicator]) -> bool:
    """Whether a formula already says ``left = right`` (``1.08`` denominator = ``ege[math].participants``)."""
    pair = sorted((left, right), key=lambda item: item[0])
    if [item[0] for item in pair] != ["ind", "src"]:
        return False
    (_, code, part), (_, table, slice_, column) = pair
    indicator = catalogue.get(code)
    formula = indicator.formula if indicator else None
    if formula is None or formula.dataset != table or table not in SOURCES:
        return False
    terms = formula.numerator if part == "n" else formula.denominator
    if not terms or len(terms) != 1 or terms[0].columns != (column,) or terms[0].coefficient != 1:
        return False
    pinned = {name: values for name, values, negate in formula.filters if not negate and len(values) == 1}
    return all(pinned.get(name) == frozenset({value}) for name, value in zip(SOURCES[table].slice, slice_, strict=True))


def _feature_name(feature: tuple) -> str:
    if feature[0] == "src":
        _, table, slice_, column = feature
        return f"{table}[{','.join(slice_)}].{column}" if slice_ else f"{table}.{column}"
    _, code, part = feature
    return f"{code}.{'числитель' if part == 'n' else 'знаменатель'}"


def _mechanisms(proof: frozenset[str], catalogue: dict[str, Indicator]) -> tuple[str, ...]:
    """Name the mechanisms a proof (the constraints with non-zero duals) uses, most specific first."""
    found: set[str] = set()
    formulas: dict[str, set[tuple]] = defaultdict(set)
    for item in proof:
        family, _, origin = item.partition("@")
        parts = family.split("|")
        if origin or (parts[0] == "known" and parts[1].startswith("versions/")):
            found.add("version")
        if parts[0] == "known":
            found.add("copy")
        elif parts[0] == "identity":
            found.add("identity")
        elif parts[0] == "territory":
            found.add("territory")
        elif parts[0] == "formula":
            indicator = catalogue.get(parts[1])
            if indicator is not None and indicator.formula is not None:
                formulas[indicator.formula.dataset].add(indicator.formula.filter_key)
                if indicator.aggregation == "mean" and parts[2] == "n":
                    found.add("mean")
            found.add("subtraction")
        elif parts[0] == "value":
            indicator = catalogue.get(parts[2]) if len(parts) > 2 else None
            found.add("mean" if indicator is not None and indicator.aggregation == "mean" else "rounding")
        elif parts[0] == "row":
            found.add("row")
        elif parts[0] == "pooled":
            found.add("pooled")
    for table, filters in formulas.items():
        if len(filters) >= 2:
            uses_grade = any(column == "grade" for key in filters for column, _v, _n in key)
            found.add("grade_total" if table == "vpr" and uses_grade else "overlap")
    if not found:
        found.add("row")
    return tuple(name for name in MECHANISMS if name in found)


class _SnapshotBuilder:
    """Turns one snapshot's tables into variables and constraints of the shared model."""

    def __init__(self, attack: _Attack, snapshot: _Snapshot, is_current: bool, exact_products: bool) -> None:
        self.attack = attack
        self.model = attack.model
        self.snapshot = snapshot
        self.is_current = is_current
        self.exact_products = exact_products
        self.context = _Context.of(snapshot)
        self.tags = {table: attack.tags[(snapshot.tag, table)] for table in KEYS}
        self.origin = snapshot.tag
        self.rows_at: dict[str, dict[tuple[str, str], list[tuple[tuple[str, ...], dict[str, str]]]]] = {}
        #: indicator quantities referenced anywhere: (code, entity type, entity id, year)
        self.referenced: set[tuple[str, str, str, str]] = set()
        self.intervals: list[tuple[tuple[str, str, str, str], float, float, str]] = []
        self.changes: list[tuple[tuple[str, str, str, str], tuple[str, str, str, str], float, float, str]] = []

    # helpers

    def label(self, table: str) -> str:
        return f"{self.snapshot.prefix}{table}"

    def cell(self, table: str, key: tuple[str, ...], column: str) -> int:
        return self.model.var(_cell(self.tags[table].get(key, self.origin), table, key, column))

    def quantity(self, code: str, entity_type: str, entity_id: str, year: str, part: str) -> int:
        self.referenced.add((code, entity_type, entity_id, year))
        return self.model.var(self._quantity_key(code, entity_type, entity_id, year, part))

    def _quantity_key(self, code: str, entity_type: str, entity_id: str, year: str, part: str) -> tuple:
        tag = self.tags["indicator-values"].get((code, entity_type, entity_id, year), self.origin)
        return _quantity(tag, code, entity_type, entity_id, year, part)

    def fix_quantity(self, code: str, entity_type: str, entity_id: str, year: str, part: str, value: float,
                     where: str) -> int:
        self.referenced.add((code, entity_type, entity_id, year))
        return self.model.fix(self._quantity_key(code, entity_type, entity_id, year, part), value, where)

    def hide(self, var: int, dataset: str, key: tuple[tuple[str, str], ...], column: str) -> None:
        places = self.attack.targets.setdefault(var, [])
        if all(place[0] != dataset or place[1] != key or place[2] != column for place in places):
            places.append((dataset, key, column))

    def add(self, terms: Iterable[tuple[int, float]], lo: float, hi: float, family: str) -> None:
        self.model.add(terms, lo, hi, family, self.origin)

    # the build

    def build(self) -> None:
        self.sources()
        self.values()
        if self.is_current:
            self.organisation_files()
            self.count_sums()
        self.formulas()
        self.territories()
        self.rounding()
        self.shares()
        self.cross_identities()

    def sources(self) -> None:
        """Source rows: published counts, hidden counts, the ЕГЭ score sum and the row identities."""
        for table, spec in SOURCES.items():
            index: dict[tuple[str, str], list[tuple[tuple[str, ...], dict[str, str]]]] = defaultdict(list)
            self.rows_at[table] = index
            for row in self.snapshot.tables[table]:
                key = tuple(row.get(column, "") for column in spec.keys)
                index[(row["org_id"], row["year"])].append((key, row))
                hidden_row = row.get("suppressed", "").strip().lower() == "true"
                where = f"{self.label(table)} {' '.join(key)}"
                variables = {}
                tag = self.tags[table].get(key, self.origin)
                for column in spec.counts:
                    value = _float(row.get(column))
                    var = variables[column] = self.model.var(_cell(tag, table, key, column))
                    if value is not None:
                        self.model.fix(_cell(tag, table, key, column), value, where)
                        if column in spec.groups and 0 < value < self.attack.threshold:
                            self.attack.small.setdefault(var, SmallCount(
                                self.label(table), tuple(zip(spec.keys, key, strict=True)), column, value))
                    elif hidden_row:
                        self.hide(var, self.label(table), tuple(zip(spec.keys, key, strict=True)), column)
                for name, coefficients, lo, hi in ROW_IDENTITIES.get(table, []):
                    self.add(((variables[column], c) for column, c in coefficients.items()), lo, hi, f"row|{table}|{name}")
                if table == "ege":
                    self.score_sum(key, row, variables)

    def score_sum(self, key: tuple[str, ...], row: dict[str, str], variables: dict[str, int]) -> None:
        """``S = mean × participants`` and the bounds ЕГЭ score bands put on it (whole scores 0 … 100)."""
        total = self.cell("ege", key, "score_sum")
        mean = _float(row.get("mean_score"))
        participants = variables["participants"]
        if mean is not None:
            if self.exact_products:
                self.add([(total, 1.0), (participants, -mean)], 0.0, 0.0, "value|ege.mean_score")
            else:
                half = _half(_precision(self.snapshot.tables["ege"], "mean_score"))
                self.add([(total, 1.0), (participants, -(mean - half))], 0.0, INF, "value|ege.mean_score")
                self.add([(total, 1.0), (participants, -(mean + half))], -INF, 0.0, "value|ege.mean_score")
        minimum = self.context.min_scores.get(row.get("subject", ""))
        p, b, g70, g80, g90, s100 = (variables[c] for c in ("participants", "below_min", "ge70", "ge80", "ge90",
                                                             "score100"))
        # bands: (count as {var: coefficient}, lowest score, highest score)
        bands: list[tuple[dict[int, float], float, float]] = [
            ({g70: 1, g80: -1}, 70, 79), ({g80: 1, g90: -1}, 80, 89), ({g90: 1, s100: -1}, 90, 99), ({s100: 1}, 100, 100)]
        if minimum is not None and minimum >= 1:
            bands += [({b: 1}, 0, minimum - 1), ({p: 1, b: -1, g70: -1}, minimum, 69)]
        else:
            bands += [({p: 1, g70: -1}, 0, 69)]
        for bound, sign in (("low", 1), ("high", 2)):
            terms: dict[int, float] = defaultdict(float)
            for counts, low, high in bands:
                for var, coefficient in counts.items():
                    terms[var] -= coefficient * (low if sign == 1 else high)
            terms[total] += 1.0
            if sign == 1:
                self.add(terms.items(), 0.0, INF, f"row|ege|score_sum_{bound}")
            else:
                self.add(terms.items(), -INF, 0.0, f"row|ege|score_sum_{bound}")

    def values(self) -> None:
        """Indicator values, reported values and their copies (previous, change, municipal, regional)."""
        catalogue = self.context.catalogue
        table = "indicator-values"
        rows = self.snapshot.tables[table]
        precision = {column: _precision(rows, column)
                     for column in ("value", "previous", "change", "municipal_value", "regional_value")}
        latest: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for row in rows:
            latest[(row["indicator"], row["entity_type"], row["entity_id"])].append(row["year"])
        for row in rows:
            code, entity_type, entity_id, year = (row[c] for c in VALUE_TABLES[table])
            indicator = catalogue.get(code)
            if indicator is None:
                continue
            if entity_type == "region":
                entity_id = self.context.region_alias.get(entity_id, entity_id)
            where = f"{self.label(table)} {code} {entity_id} {year}"
            place = (code, entity_type, entity_id, year)
            key = tuple(zip(VALUE_TABLES[table], (code, entity_type, entity_id, year), strict=True))
            self.quantity_cells(row, place, indicator, self.label(table), key, where)
            self.interval(place, row.get("value"), precision["value"], f"value|{table}.value|{code}")
            self.small_count(indicator, place, row.get("value"), self.label(table), key)
            earlier = sorted((y for y in latest[(code, entity_type, entity_id)] if int(y) < int(year)), key=int)
            if earlier:
                before = (code, entity_type, entity_id, earlier[-1])
                self.interval(before, row.get("previous"), precision["previous"], f"value|{table}.previous|{code}")
                change = _float(row.get("change"))
                if change is not None:
                    half = _half(precision["change"])
                    self.changes.append((place, before, change - half, change + half, f"value|{table}.change|{code}"))
            if entity_type == "organisation" and self.context.municipality_of.get(entity_id):
                municipality = self.context.municipality_of[entity_id]
                self.interval((code, "municipality", municipality, year), row.get("municipal_value"),
                              precision["municipal_value"], f"value|{table}.municipal_value|{code}")
            region = self.region_of(entity_type, entity_id)
            if region:
                self.interval((code, "region", region, year), row.get("regional_value"), precision["regional_value"],
                              f"value|{table}.regional_value|{code}")
        for table, entity_type in (("organisation-values", "organisation"), ("municipality-values", "municipality")):
            rows = self.snapshot.tables[table]
            decimals = _precision(rows, "value")
            keys = VALUE_TABLES[table]
            for row in rows:
                code, entity_id, year = (row[c] for c in keys)
                indicator = catalogue.get(code)
                if indicator is None:
                    continue
                place = (code, entity_type, entity_id, year)
                key = tuple(zip(keys, (code, entity_id, year), strict=True))
                self.quantity_cells(row, place, indicator, self.label(table), key,
                                    f"{self.label(table)} {code} {entity_id} {year}")
                self.interval(place, row.get("value"), decimals, f"value|{table}.value|{code}")
                self.small_count(indicator, place, row.get("value"), self.label(table), key)

    def region_of(self, entity_type: str, entity_id: str) -> str:
        if entity_type == "organisation":
            return self.context.region_of.get(self.context.municipality_of.get(entity_id, ""), "")
        if entity_type == "municipality":
            return self.context.region_of.get(entity_id, "")
        return ""

    def quantity_cells(self, row: dict[str, str], place: tuple[str, str, str, str], indicator: Indicator,
                       dataset: str, key: tuple[tuple[str, str], ...], where: str) -> None:
        hidden_row = row.get("suppressed", "").strip().lower() == "true"
        for part, column in (("n", "numerator"), ("d", "denominator")):
            if part == "d" and not indicator.has_denominator:
                continue
            value = _float(row.get(column))
            if value is not None:
                self.fix_quantity(*place, part, value, where)
            else:
                var = self.quantity(*place, part)
                if hidden_row and (part == "d" or indicator.counts_numerator):
                    self.hide(var, dataset, key, column)

    def small_count(self, indicator: Indicator, place: tuple[str, str, str, str], text: str | None, dataset: str,
                    key: tuple[tuple[str, str], ...]) -> None:
        """A published count of people (unit «человек») below the threshold is a finding by itself."""
        value = _float(text)
        if indicator.unit != "человек" or indicator.has_denominator or value is None:
            return
        if 0 <= value < self.attack.threshold:
            var = self.quantity(*place, "n")
            self.attack.small.setdefault(var, SmallCount(dataset, key, "value", value))

    def interval(self, place: tuple[str, str, str, str], text: str | None, decimals: int, family: str) -> None:
        value = _float(text)
        if value is not None:
            half = _half(decimals)
            self.referenced.add(place)
            self.intervals.append((place, value - half, value + half, family))

    def organisation_files(self) -> None:
        """The per-organisation tables: the same quantities, values with more decimals."""
        everything = [row for rows in self.attack.org_files.values() for row in rows]
        # one writer made them all: a file that happens to show only round values is just as precise
        precision = {column: _precision(everything, column) for column in ("value", "municipal_value", "change")}
        for org, rows in self.attack.org_files.items():
            dataset = f"organisations/{org}/{org}.csv"
            years: dict[str, list[str]] = defaultdict(list)
            for row in rows:
                years[row["indicator"]].append(row["year"])
            for row in rows:
                code, year = row["indicator"], row["year"]
                indicator = self.context.catalogue.get(code)
                if indicator is None:
                    continue
                place = (code, "organisation", org, year)
                key = (("indicator", code), ("org_id", org), ("year", year))
                self.quantity_cells(row, place, indicator, dataset, key, f"{dataset} {code} {year}")
                self.interval(place, row.get("value"), precision["value"], f"value|organisation-file.value|{code}")
                self.small_count(indicator, place, row.get("value"), dataset, key)
                municipality = self.context.municipality_of.get(org)
                if municipality:
                    self.interval((code, "municipality", municipality, year), row.get("municipal_value"),
                                  precision["municipal_value"], f"value|organisation-file.municipal_value|{code}")
                self.pooled(row, code, org, years[code], indicator)
                earlier = sorted((y for y in years[code] if int(y) < int(year)), key=int)
                change = _float(row.get("change"))
                if earlier and change is not None:
                    half = _half(precision["change"])
                    self.changes.append((place, (code, "organisation", org, earlier[-1]), change - half, change + half,
                                         f"value|organisation-file.change|{code}"))

    def count_sums(self) -> None:
        """Like-for-like sums of count indicators: Σ over the listed organisations of their numerators, this
        year and the previous one (a sum that took in a hidden organisation would give it away by difference).
        The medians beside them are order statistics, not linear: they are left out here."""
        for row in self.attack.count_rows:
            members = [m for m in (row.get("like_for_like_members") or "").split(";") if m]
            code, year = row["indicator"], row["year"]
            if not members or self.context.catalogue.get(code) is None:
                continue
            for column, at in (("like_for_like", year), ("like_for_like_previous", str(int(year) - 1))):
                total = _float(row.get(column))
                if total is None:
                    continue
                half = _half(_decimals(row[column]))
                terms = [(self.quantity(code, "organisation", member, at, "n"), 1.0) for member in members]
                self.add(terms, total - half, total + half, f"territory|{code}|n|like_for_like")

    def pooled(self, row: dict[str, str], code: str, org: str, years: list[str], indicator: Indicator) -> None:
        """A pooled value: Σ numerators (and denominators) of the years ``pooled_from`` … ``year``."""
        first = _float(row.get("pooled_from"))
        if first is None:
            return
        window = [y for y in years if first <= int(y) <= int(row["year"])]
        for part, column in (("n", "pooled_numerator"), ("d", "pooled_denominator")):
            total = _float(row.get(column))
            if total is None or (part == "d" and not indicator.has_denominator):
                continue
            terms = [(self.quantity(code, "organisation", org, y, part), 1.0) for y in window]
            self.add(terms, total, total, f"pooled|{code}|{part}")

    def orgs_in(self, entity_type: str, entity_id: str) -> list[str]:
        if entity_type == "organisation":
            return [entity_id]
        if entity_type == "municipality":
            return [org for org, oktmo in self.context.municipality_of.items() if oktmo == entity_id]
        if entity_type == "region":
            return [org for org, oktmo in self.context.municipality_of.items()
                    if self.context.region_of.get(oktmo) == entity_id]
        if entity_type == "territory":
            return [org for org, chain in self.context.territories_of.items() if entity_id in chain]
        return []

    def formulas(self) -> None:
        """Computed indicators: numerator and denominator = sums over the matching source rows of the entity."""
        for code, entity_type, entity_id, year in sorted(self.referenced):
            indicator = self.context.catalogue.get(code)
            if indicator is None or indicator.formula is None:
                continue
            formula = indicator.formula
            if formula.dataset not in self.rows_at:
                continue
            rows = [item for org in self.orgs_in(entity_type, entity_id)
                    for item in self.rows_at[formula.dataset].get((org, year), []) if formula.matches(item[1])]
            level = "organisation" if entity_type == "organisation" else entity_type
            family = "formula" if entity_type == "organisation" else "territory"
            for part, terms in (("n", formula.numerator), ("d", formula.denominator)):
                if terms is None:
                    continue
                built = self.row_terms(formula.dataset, rows, terms)
                if built is None:
                    self.attack.notes.append(f"формула {code} не линейна")
                    continue
                linear, constant = built
                target = self.quantity(code, entity_type, entity_id, year, part)
                self.add([*linear, (target, -1.0)], -constant, -constant, f"{family}|{code}|{part}|{level}")

    def row_terms(self, table: str, rows: list[tuple[tuple[str, ...], dict[str, str]]], terms: tuple[Term, ...]
                  ) -> tuple[list[tuple[int, float]], float] | None:
        linear: list[tuple[int, float]] = []
        constant = 0.0
        for key, _row in rows:
            for term in terms:
                if term.rows:
                    constant += term.coefficient
                elif len(term.columns) == 1:
                    linear.append((self.cell(table, key, term.columns[0]), term.coefficient))
                elif table == "ege" and sorted(term.columns) == ["mean_score", "participants"]:
                    linear.append((self.cell(table, key, "score_sum"), term.coefficient))
                else:
                    return None
        return linear, constant

    def territories(self) -> None:
        """Reported indicators: a territory's numerator and denominator = the sums over its members."""
        members: dict[tuple[str, str, str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
        for code, entity_type, entity_id, year in self.referenced:
            indicator = self.context.catalogue.get(code)
            if indicator is None or indicator.formula is not None:
                continue
            if entity_type == "organisation":
                municipality = self.context.municipality_of.get(entity_id)
                if municipality and indicator.level == "organisation":
                    members[(code, "municipality", municipality, year)].append((code, entity_type, entity_id, year))
                if indicator.level == "organisation":
                    for territory in self.context.territories_of.get(entity_id, ()):
                        members[(code, "territory", territory, year)].append((code, entity_type, entity_id, year))
            elif entity_type == "municipality":
                region = self.context.region_of.get(entity_id)
                if region:
                    members[(code, "region", region, year)].append((code, entity_type, entity_id, year))
        for parent, children in sorted(members.items()):
            if parent not in self.referenced:
                continue
            indicator = self.context.catalogue[parent[0]]
            for part in ("n", "d") if indicator.has_denominator else ("n",):
                terms = [(self.quantity(*child, part), 1.0) for child in sorted(children)]
                self.add([*terms, (self.quantity(*parent, part), -1.0)], 0.0, 0.0,
                         f"territory|{parent[0]}|{part}|{parent[1]}")

    def rounding(self) -> None:
        """Every printed value bounds its numerator and denominator; changes chain years together."""
        best: dict[tuple[str, str, str, str], list[float]] = {}
        for place, lo, hi, family in self.intervals:
            self.value_rows(place, lo, hi, family)
            bounds = best.setdefault(place, [-INF, INF])
            bounds[0], bounds[1] = max(bounds[0], lo), min(bounds[1], hi)
        derived: dict[tuple[str, str, str, str], tuple[list[float], str]] = {}
        for _ in range(10):
            changed = False
            for later, earlier, low, high, family in self.changes:
                for target, source, dlo, dhi in ((later, earlier, low, high), (earlier, later, -high, -low)):
                    if source not in best:
                        continue
                    lo, hi = best[source][0] + dlo, best[source][1] + dhi
                    bounds = best.setdefault(target, [-INF, INF])
                    if lo > bounds[0] + 1e-12 or hi < bounds[1] - 1e-12:
                        bounds[0], bounds[1] = max(bounds[0], lo), min(bounds[1], hi)
                        derived[target] = (bounds, family)
                        changed = True
            if not changed:
                break
        for place, (bounds, family) in derived.items():
            self.value_rows(place, bounds[0], bounds[1], family)

    def value_rows(self, place: tuple[str, str, str, str], lo: float, hi: float, family: str) -> None:
        indicator = self.context.catalogue.get(place[0])
        if indicator is None or lo > hi:
            return
        scale = self.attack_scale(indicator)
        if scale is None:
            return
        numerator = self.quantity(*place, "n")
        if indicator.has_denominator:
            denominator = self.quantity(*place, "d")
            if lo > -INF:
                self.add([(numerator, scale), (denominator, -lo)], 0.0, INF, family)
            if hi < INF:
                self.add([(numerator, scale), (denominator, -hi)], -INF, 0.0, family)
        else:
            self.add([(numerator, 1.0)], lo, hi, family)

    def attack_scale(self, indicator: Indicator) -> float | None:
        """``value = scale × num / den``: per cent (100) or plain (1), as the published rows show."""
        if indicator.code not in self.attack.scales:
            self.attack.scales[indicator.code] = self._scale(indicator)
        return self.attack.scales[indicator.code]

    def _scale(self, indicator: Indicator) -> float | None:
        if not indicator.has_denominator:
            return 1.0
        rows = [row for row in self.attack.snapshots[0].tables["indicator-values"] if row["indicator"] == indicator.code]
        half = _half(_precision(rows, "value")) + 1e-9
        checked = []
        for row in rows:
            numerator, denominator, value = (_float(row.get(c)) for c in ("numerator", "denominator", "value"))
            if numerator is not None and denominator and value is not None:
                checked.append((numerator, denominator, value))
        for scale in (100.0, 1.0):
            if checked and all(abs(scale * n / d - v) <= half * max(1.0, abs(v)) for n, d, v in checked):
                return scale
        if checked:
            return None
        return 100.0 if indicator.unit == "процент" else 1.0

    def shares(self) -> None:
        """A share's numerator never exceeds its denominator (kept only if that holds wherever published)."""
        for code, entity_type, entity_id, year in sorted(self.referenced):
            indicator = self.context.catalogue.get(code)
            if indicator is None or not indicator.has_denominator or indicator.aggregation != "share":
                continue
            self.add([(self.quantity(code, entity_type, entity_id, year, "n"), 1.0),
                      (self.quantity(code, entity_type, entity_id, year, "d"), -1.0)], -INF, 0.0, f"share|{code}")

    def cross_identities(self) -> None:
        """The empirically found equalities, at every organisation and year where both quantities exist."""
        if not self.attack.identities:
            return
        places = {place for table in self.rows_at.values() for place in table}
        places |= {(entity_id, year) for _code, entity_type, entity_id, year in self.referenced
                   if entity_type == "organisation"}
        for left, right in self.attack.identities:
            for org, year in sorted(places):
                a, b = self.feature(left, org, year), self.feature(right, org, year)
                if a is not None and b is not None:
                    self.add([(a, 1.0), (b, -1.0)], 0.0, 0.0, f"identity|{_feature_name(left)}={_feature_name(right)}")

    def feature(self, feature: tuple, org: str, year: str) -> int | None:
        if feature[0] == "src":
            _, table, slice_, column = feature
            key = (org, year, *slice_)
            if not any(item[0] == key for item in self.rows_at.get(table, {}).get((org, year), [])):
                return None
            return self.cell(table, key, column)
        _, code, part = feature
        if (code, "organisation", org, year) not in self.referenced:
            return None
        return self.quantity(code, "organisation", org, year, part)


#: the size column of each source table's group (medalists form a group of their own)
GROUP_SIZE = {"ege": "participants", "oge": "participants", "vpr": "participants", "graduation": "graduates",
              "olympiad": "participants"}
MEDALIST_COLUMNS = {"medalists", "medalists_not_confirmed"}


def small_groups(datapackages: Path, cells: Iterable[HiddenCell], threshold: int) -> list[HiddenCell]:
    """The cells whose true group has 1 … threshold − 1 persons, read from a project's own source tables.

    Only the publisher can do this: the true sizes are exactly what the site hides. The attack itself never reads
    them; this sorts its findings into those that matter (a small group pinned down) and secondary cells, which
    were hidden to protect the small groups and may themselves be narrow."""
    tables: dict[str, list[dict[str, str]]] = {}
    for name in GROUP_SIZE:
        found = sorted(datapackages.glob(f"*/{name}.csv"))
        tables[name] = _read(found[0]) if found else []
    indexes: dict[tuple[str, tuple[str, ...]], dict[tuple[str, ...], list[dict[str, str]]]] = {}
    chosen = []
    for cell in cells:
        name = cell.dataset.rsplit("/", 1)[-1]
        if name not in tables:
            continue
        columns = tuple(column for column, _value in cell.key if not tables[name] or column in tables[name][0])
        if (name, columns) not in indexes:
            index: dict[tuple[str, ...], list[dict[str, str]]] = defaultdict(list)
            for row in tables[name]:
                index[tuple(row[column] for column in columns)].append(row)
            indexes[(name, columns)] = index
        wanted = dict(cell.key)
        rows = indexes[(name, columns)].get(tuple(str(wanted[column]) for column in columns), [])
        if len(rows) != 1:
            continue
        size = _float(rows[0].get("medalists" if cell.column in MEDALIST_COLUMNS else GROUP_SIZE[name]))
        if size is not None and 0 < size < threshold:
            chosen.append(cell)
    return chosen


def attack(site: Path, *, threshold: int = 5, versions: bool = True) -> AttackReport:
    """Audit every hidden count of the built site at ``site``: the interval an attacker can prove for it.

    ``threshold`` is the protection width (the smallest group that may be shown); ``versions`` also reads the
    archived versions under ``data/versions/``.
    """
    started = time.perf_counter()
    runner = _Attack(Path(site), threshold, versions)
    runner.build()
    built = time.perf_counter()
    report = runner.solve()
    report.stats["build_seconds"] = round(built - started, 3)
    report.stats["seconds"] = round(time.perf_counter() - started, 3)
    return report
