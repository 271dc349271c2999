"""Small-group suppression of the published tables, with the analytics' rules and leak check.

The pages and the downloads must hide the same things: a value hidden on a page may not be readable, or
computable by subtraction, from a file. So the downloads use ``generator.compute.suppression`` — the same
secondary suppression (``protect``) over «parent = Σ children» equations and the same ``check_no_leak``.

A row of a source assessment table holds one or two *groups* of pupils: the participants of a subject (their
count and every result count), and for ЕГЭ also the medalists among them. A group of 1–4 pupils (below
``privacy.min_group``) is hidden — its size and all its counts; an empty group (0) tells nothing about anyone and
stays. Each group meets two kinds of published totals, and both are protected:

- **territorial** — a municipality's (and region's) total of the same slice (``year`` and e.g. ``subject``),
  which the pages show in the procedure tables;
- **within an organisation** — an organisation's indicator summed over several rows (ЕГЭ ниже минимума over all
  subjects, ВПР over all grades…), which ``Results.values`` publishes unless it is suppressed.

Reported values (``monitoring``) copy the suppression of the same (indicator, entity, year) in
``Results.values``, which is where the analytics decided it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from ..compute.formula import Formula, FormulaError, mask, parse_formula
from ..compute.procedures import SPECS
from ..compute.suppression import (
    PUBLIC_DATASETS,
    check_no_leak,
    protect,
    protect_system,
    sensitive_indicators,
    territory_equations,
)

__all__ = ["check_no_leak", "suppress_assessment", "suppress_reported"]
from ..errors import PrivacyError

if TYPE_CHECKING:
    from ..compute.results import Results


@dataclass(frozen=True)
class Group:
    """One group of pupils in a row: the column with its size and the columns that describe it."""

    size: str
    columns: tuple[str, ...]
    #: whether the site publishes this group's territorial totals per slice; where it does not (ЕГЭ medalists by
    #: subject), a total that secondary suppression hides is simply one the attacker never sees
    totals_published: bool = True


@dataclass(frozen=True)
class Rule:
    """How a source assessment table is suppressed: its groups and the slice a total is published for."""

    slice: tuple[str, ...]
    groups: tuple[Group, ...]


#: source assessment tables with small groups (olympiad results are public by the olympiad's own rules)
ASSESSMENT_RULES = {
    "ege": Rule(("subject",), (
        Group("participants", ("participants", "mean_score", "below_min", "ge70", "ge80", "ge90", "score100")),
        Group("medalists", ("medalists", "medalists_not_confirmed"), totals_published=False),
    )),
    "oge": Rule(("subject",), (Group("participants", ("participants", "mark2", "mark3", "mark4", "mark5")),)),
    "vpr": Rule(("grade", "subject"), (Group("participants", (
        "participants", "mark2", "mark3", "mark4", "mark5", "lowered", "confirmed", "raised")),)),
    "graduation": Rule(("grade",), (Group("graduates", ("graduates", "admitted", "certified", "with_honours", "medalists")),)),
}
#: reported-value tables: resource → (entity type, id column)
REPORTED = {"organisation_values": ("organisation", "org_id"), "municipality_values": ("municipality", "oktmo")}
_KEY = "_cell"


def is_suppressible(resource: str) -> bool:
    return (resource in ASSESSMENT_RULES and resource not in PUBLIC_DATASETS) or resource in REPORTED


def with_flag(frame: pd.DataFrame, hidden: pd.Series) -> pd.DataFrame:
    frame = frame.copy()
    frame["suppressed"] = pd.array(hidden.to_numpy(dtype=bool), dtype="boolean")
    return frame


def blank_columns(frame: pd.DataFrame, hidden: pd.Series, columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    frame = frame.copy()
    rows = hidden.to_numpy(dtype=bool)
    for column in columns:
        if column in frame.columns:
            frame.loc[rows, column] = pd.NA
    return frame


# --- reported values -------------------------------------------------------------------------------------------

def suppress_reported(resource: str, frame: pd.DataFrame, results: Results, key_columns: list[str]) -> pd.DataFrame:
    """Blank the non-key columns of rows whose value ``Results.values`` suppressed; add ``suppressed``."""
    entity_type, id_column = REPORTED[resource]
    frame = frame.reset_index(drop=True)
    values = results.values[results.values["entity_type"] == entity_type]
    hidden_keys = {
        (str(indicator), str(entity), int(year))
        for indicator, entity, year in values.loc[values["suppressed"].astype(bool), ["indicator", "entity_id", "year"]]
        .itertuples(index=False, name=None)
    }
    hidden = pd.Series([
        (str(indicator), str(entity), int(year)) in hidden_keys
        for indicator, entity, year in frame[["indicator", id_column, "year"]].itertuples(index=False, name=None)
    ], index=frame.index, dtype=bool)
    others = [column for column in frame.columns if column not in key_columns]
    return with_flag(blank_columns(frame, hidden, others), hidden)


def check_reported(resource: str, published: pd.DataFrame, results: Results) -> None:
    """The published reported values together with the published totals may not reveal a hidden value."""
    entity_type, id_column = REPORTED[resource]
    table = published.rename(columns={id_column: "entity_id"}).assign(entity_type=entity_type)
    codes = set(table["indicator"].astype(str))
    others = results.values[(results.values["entity_type"] != entity_type) & results.values["indicator"].isin(codes)]
    table = pd.concat([table[["indicator", "entity_type", "entity_id", "year", "numerator", "denominator", "value", "suppressed"]],
                       others[["indicator", "entity_type", "entity_id", "year", "numerator", "denominator", "value", "suppressed"]]],
                      ignore_index=True)
    check_no_leak(table, results, name=resource)


# --- source assessment tables ----------------------------------------------------------------------------------

def _small(size: pd.Series, min_group: int) -> pd.Series:
    """A group of 1 … min_group − 1 pupils (an empty group reveals nothing about anyone)."""
    size = size.astype("Float64")
    return ((size > 0) & (size < min_group)).fillna(False).astype(bool)


def _territorial_cells(frame: pd.DataFrame, rule: Rule, group: Group, entities: pd.DataFrame) -> pd.DataFrame:
    """Source rows as organisation cells plus the published total of every ancestor (summed sizes)."""
    keys = ["year", *rule.slice]
    cells = frame[[*keys, "org_id", group.size]].rename(columns={"org_id": "entity_id", group.size: "size"})
    cells = cells.assign(entity_type="organisation", **{_KEY: range(len(cells))})
    cells["entity_id"] = cells["entity_id"].astype("string")
    parents = entities.dropna(subset=["parent_id"]).set_index(["entity_type", "entity_id"])[["parent_type", "parent_id"]]
    frames, level = [cells], cells
    while True:
        linked = level.join(parents, on=["entity_type", "entity_id"]).dropna(subset=["parent_id"])
        if linked.empty:
            break
        level = (linked.groupby([*keys, "parent_type", "parent_id"], sort=True, dropna=False)["size"].sum().reset_index()
                 .rename(columns={"parent_type": "entity_type", "parent_id": "entity_id"}))
        level[_KEY] = -1
        frames.append(level)
    return pd.concat(frames, ignore_index=True)


def _families(resource: str, group: Group, results: Results) -> list[tuple[str, Formula]]:
    """Sensitive indicators computed from ``resource`` whose group is ``group`` (the formula's denominator)."""
    codes = sensitive_indicators(results.catalogue)
    found = []
    for row in results.catalogue.itertuples(index=False):
        if str(row.code) not in codes or row.method != "computed" or pd.isna(row.formula):
            continue
        try:
            formula = parse_formula(str(row.formula))
        except FormulaError:
            continue
        denominator = {column for term in formula.denominator or () for column in term.columns}
        if formula.dataset == resource and denominator == {group.size}:
            found.append((str(row.code), formula))
    return found


def _within_cells(frame: pd.DataFrame, group: Group, code: str, formula: Formula, results: Results
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """One «organisation total = Σ its rows» family: rows as children, the organisation's value as parent."""
    selected = frame[mask(frame, formula.filters)]
    children = pd.DataFrame({"year": selected["year"].to_numpy(), "entity_type": "row",
                             "entity_id": [f"row-{index}" for index in selected.index],
                             "size": selected[group.size].to_numpy(), _KEY: selected.index.to_numpy()})
    totals = (pd.DataFrame({"org_id": selected["org_id"].astype(str).to_numpy(), "year": selected["year"].to_numpy(),
                            "size": selected[group.size].astype("Float64").to_numpy()})
              .groupby(["org_id", "year"], sort=True)["size"].sum().reset_index())
    values = results.values
    shown = values[(values["indicator"] == code) & (values["entity_type"] == "organisation")]
    state = {(str(org), int(year)): bool(flag) for org, year, flag in shown[["entity_id", "year", "suppressed"]].itertuples(index=False, name=None)}
    parents = pd.DataFrame({"year": totals["year"], "entity_type": "organisation", "entity_id": totals["org_id"],
                            "size": totals["size"], _KEY: -1})
    parent_hidden = [state.get((org, int(year)), True) for org, year in zip(totals["org_id"], totals["year"], strict=True)]
    entities = pd.DataFrame({"entity_type": "row", "entity_id": children["entity_id"], "parent_type": "organisation",
                             "parent_id": selected["org_id"].astype(str).to_numpy()}).astype("string")
    cells = pd.concat([children, parents], ignore_index=True)
    cells["entity_id"] = cells["entity_id"].astype("string")
    hidden_parents = pd.Series([False] * len(children) + parent_hidden, dtype=bool)
    return cells, entities, hidden_parents


def _procedure_hidden(resource: str, frame: pd.DataFrame, rule: Rule, results: Results) -> pd.Series:
    """Rows the pages' procedure table hides for the same organisation and slice (when it has that grain)."""
    table = results.procedures.get(resource)
    keys = ["year", *rule.slice]
    if table is None or table.empty or not {"entity_type", "entity_id", "suppressed", *keys} <= set(table.columns):
        return pd.Series(False, index=frame.index)
    rows = table[(table["entity_type"] == "organisation") & table["suppressed"].fillna(False).astype(bool)]
    marks = {tuple(str(item) for item in key) for key in rows[["entity_id", *keys]].itertuples(index=False, name=None)}
    return pd.Series([tuple(str(item) for item in key) in marks
                      for key in frame[["org_id", *keys]].itertuples(index=False, name=None)], index=frame.index, dtype=bool)


def _territory_hidden(cells: pd.DataFrame, resource: str, rule: Rule, group: Group, results: Results) -> pd.Series:
    """Territory totals the pages hide (the analytics' secondary suppression in ``Results.procedures``).

    With several municipalities, protecting one hidden municipal total can take hiding another one; the files
    publish the same totals as the pages, so those totals count as hidden here too.
    """
    hidden = pd.Series(False, index=cells.index, dtype=bool)
    table = results.procedures.get(resource)
    keys = ["year", *rule.slice]
    spec_size = getattr(SPECS.get(resource), "size", None)
    if (table is None or table.empty or group.size != spec_size
            or not {"entity_type", "entity_id", "suppressed", *keys} <= set(table.columns)):
        return hidden
    rows = table[(table["entity_type"] != "organisation") & table["suppressed"].fillna(False).astype(bool)]
    marks = {tuple(str(item) for item in key) for key in rows[["entity_type", "entity_id", *keys]].itertuples(index=False, name=None)}
    territory = cells[cells[_KEY] < 0]
    for index, *key in territory[["entity_type", "entity_id", *keys]].itertuples(index=True, name=None):
        if tuple(str(item) for item in key) in marks:
            hidden[index] = True
    return hidden


def _own(cells: pd.DataFrame, hidden: pd.Series) -> pd.Series:
    flags = hidden.to_numpy(dtype=bool)
    return pd.Series([bool(flags[key]) if key >= 0 else False for key in cells[_KEY]], dtype=bool)


def _newly_hidden(cells: pd.DataFrame, state: pd.Series, hidden: pd.Series) -> pd.Series:
    hidden = hidden.copy()
    keys = cells[_KEY].to_numpy()
    chosen = keys[state.notna().to_numpy() & (keys >= 0)].astype(int)
    if len(chosen):
        hidden.iloc[chosen] = True  # at once: one assignment per row took minutes over a region
    return hidden


def _copied(frame: pd.DataFrame, families: list[tuple[str, Formula]], results: Results) -> pd.Series:
    """Rows that *are* a suppressed indicator value: the indicator's filter picks this one row of the organisation
    and year (ГИА-9 graduates for 1.03), so the row's size is the hidden denominator itself."""
    hidden = pd.Series(False, index=frame.index)
    values = results.values
    for code, formula in families:
        selected = frame[mask(frame, formula.filters)]
        single = selected.groupby(["org_id", "year"])["org_id"].transform("size") == 1
        rows = values[(values["indicator"] == code) & (values["entity_type"] == "organisation") & values["suppressed"].astype(bool)]
        marks = {(str(org), int(year)) for org, year in rows[["entity_id", "year"]].itertuples(index=False, name=None)}
        for index, org, year in selected.loc[single, ["org_id", "year"]].itertuples(index=True, name=None):
            if (str(org), int(year)) in marks:
                hidden[index] = True
    return hidden


def group_state(resource: str, group: Group, frame: pd.DataFrame, results: Results, seed: pd.Series) -> pd.Series:
    """Rows whose ``group`` is hidden: small groups, ``seed`` and rows that are suppressed indicator values,
    then secondary suppression until safe.

    Secondary suppression runs over the territorial equations and every within-organisation family in turn
    (``protect`` for each) until none adds a row. When ``seed`` already holds the analytics' joint decision
    (ЕГЭ, ОГЭ, ВПР participants), this adds nothing; it protects the groups the pages do not show as cells
    (ЕГЭ medalists, ГИА graduates).
    """
    rule = ASSESSMENT_RULES[resource]
    min_group = results.min_group
    families = _families(resource, group, results)
    hidden = (_small(frame[group.size], min_group) | seed | _copied(frame, families, results)).reset_index(drop=True)
    # the cells and equations do not change from one round to the next, only which cells are hidden
    territorial = _Equations(_territorial_cells(frame, rule, group, results.entities), results.entities, ["year", *rule.slice])
    always = ((_small(territorial.cells["size"], min_group) & (territorial.cells[_KEY] < 0)).to_numpy()
              | _territory_hidden(territorial.cells, resource, rule, group, results).to_numpy())
    within = []
    for code, formula in families:
        cells, entities, parent_hidden = _within_cells(frame, group, code, formula, results)
        within.append((_Equations(cells, entities, ["year"]), parent_hidden))
    while True:
        before = hidden.copy()
        primary = _own(territorial.cells, hidden) | always
        hidden = _newly_hidden(territorial.cells, territorial.protect(primary, min_group), hidden)
        for equations, parent_hidden in within:
            primary = _own(equations.cells, hidden) | parent_hidden
            hidden = _newly_hidden(equations.cells, equations.protect(primary, min_group), hidden)
        if hidden.equals(before):
            return hidden


class _Equations:
    """``protect`` over fixed cells, with their «parent = Σ children» equations built once (not every round)."""

    def __init__(self, cells: pd.DataFrame, entities: pd.DataFrame, group: list[str]) -> None:
        self.cells = cells.reset_index(drop=True)
        self.entities = entities
        self.group = group
        self.frame = pd.DataFrame({"size": self.cells["size"], "order": self.cells["entity_id"].astype(str)})
        self.members: pd.DataFrame | None = None

    def protect(self, primary: pd.Series, min_group: int) -> pd.Series:
        """The same as ``compute.suppression.protect(cells, entities, group, primary, min_group, size="size")``."""
        if not primary.any():
            members = pd.DataFrame(columns=["eq", "cell", "is_parent"])
        else:
            if self.members is None:
                self.members = territory_equations(self.cells, self.entities, self.group)
            members = self.members
        return protect_system(self.frame, members, primary.reset_index(drop=True), min_group)


def suppress_assessment(resource: str, frame: pd.DataFrame, results: Results) -> pd.DataFrame:
    """The source table with each hidden group blanked and a ``suppressed`` flag (some value of the row hidden)."""
    rule = ASSESSMENT_RULES[resource]
    frame = frame.reset_index(drop=True)
    seed = _procedure_hidden(resource, frame, rule, results)
    published = frame
    any_hidden = pd.Series(False, index=frame.index)
    for position, group in enumerate(rule.groups):
        hidden = group_state(resource, group, frame, results, seed if position == 0 else pd.Series(False, index=frame.index))
        published = blank_columns(published, hidden, group.columns)
        any_hidden |= hidden
    return with_flag(published, any_hidden)


def _checked(cells: pd.DataFrame, hidden) -> object:
    """Cells the leak check looks at: all but published empty groups (0 pupils is not a small group)."""
    empty = (cells["size"].astype("Float64") == 0).fillna(False).to_numpy()
    return ~empty | hidden


def check_assessment(resource: str, published: pd.DataFrame, internal: pd.DataFrame, results: Results) -> None:
    """Refuse a published source table that shows a small group or lets a hidden group be computed.

    ``internal`` is the unsuppressed table (the ancestors' totals, which the pages publish, are summed from it);
    ``published`` is the table as it will be written. Raises ``PrivacyError``.
    """
    rule = ASSESSMENT_RULES[resource]
    internal = internal.reset_index(drop=True)
    published = published.reset_index(drop=True)
    for group in rule.groups:
        hidden = published[group.size].isna() & internal[group.size].notna()
        for column in group.columns:
            leaked = hidden & published[column].notna()
            if leaked.any():
                raise PrivacyError(f"Набор «{resource}»: у скрытой группы показан столбец «{column}».",
                                   "это ошибка программы: сообщите разработчикам, набор не опубликован.")
        cells = _territorial_cells(internal, rule, group, results.entities)
        own = _own(cells, hidden)
        flags = (own | (_small(cells["size"], results.min_group) & (cells[_KEY] < 0)).to_numpy()
                 | _territory_hidden(cells, resource, rule, group, results).to_numpy()).to_numpy()
        if not group.totals_published:
            # territorial totals of several municipalities that secondary suppression hides: never published
            state = protect(cells, results.entities, ["year", *rule.slice], pd.Series(flags), results.min_group, size="size")
            flags = flags | (state.notna().to_numpy() & (cells[_KEY] < 0).to_numpy())
        table = cells.assign(suppressed=flags, indicator=f"{resource}.{group.size}")
        table["size"] = table["size"].astype("Float64").mask(flags)
        check_no_leak(table, results, name=resource, group=["year", *rule.slice], size="size",
                      sensitive=_checked(cells, flags))
        for code, formula in _families(resource, group, results):
            cells, entities, parent_hidden = _within_cells(internal, group, code, formula, results)
            flags = (_own(cells, hidden) | parent_hidden).to_numpy()
            table = cells.assign(suppressed=flags, indicator=code)
            table["size"] = table["size"].astype("Float64").mask(flags)
            check_no_leak(table, dataclasses.replace(results, entities=entities), name=f"{resource} ({code})",
                          group=["year"], size="size", sensitive=_checked(cells, flags))
