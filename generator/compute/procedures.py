"""Detail tables of the assessment procedures per entity and year, and their joint protection with the values.

Published tables (``Results.procedures``), one row per entity, year and cell; shares in per cent:

- ``ege`` — per ``subject``: ``participants``, ``mean_score`` (weighted by participants), ``below_min_pct`` (below
  the subject's minimum), ``ge70_pct``, ``ge80_pct``, ``ge90_pct``, ``score100`` (number of 100-point results);
- ``oge`` — per ``subject``: ``participants``, ``mark2_pct`` … ``mark5_pct`` (distribution of marks),
  ``success_pct`` («успеваемость», marks 3–5), ``quality_pct`` («качество знаний», marks 4–5), ``mean_mark``;
- ``vpr`` — per ``grade`` and ``subject``: the same as ``oge`` plus ``lowered_pct``, ``confirmed_pct``,
  ``raised_pct`` (ВПР mark below / equal to / above the term mark: понизили / подтвердили / повысили);
- ``olympiad`` — per ``stage`` and ``subject``: ``participants``, ``winners``, ``prize_winners``,
  ``success_pct`` (winners and prize-winners per 100 participations).

Which rows are hidden («к» in every number of the row) is decided by ``generator.privacy`` together with every
other published number: an organisation's row is hidden with its source row, a territory's row as a cell of its
own.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..load import Dataset
from ..territories import ancestors


@dataclass(frozen=True)
class Spec:
    """A procedure table: its cells (``group`` within an entity), the group size, the published numbers."""

    group: tuple[str, ...]
    size: str
    measures: tuple[str, ...]
    sensitive: bool = True


MARKS = ("mark2_pct", "mark3_pct", "mark4_pct", "mark5_pct", "success_pct", "quality_pct", "mean_mark")
SPECS: dict[str, Spec] = {
    "ege": Spec(("year", "subject"), "participants",
                ("participants", "mean_score", "below_min_pct", "ge70_pct", "ge80_pct", "ge90_pct", "score100")),
    "oge": Spec(("year", "subject"), "participants", ("participants", *MARKS)),
    "vpr": Spec(("year", "grade", "subject"), "participants",
                ("participants", *MARKS, "lowered_pct", "confirmed_pct", "raised_pct")),
    "olympiad": Spec(("year", "stage", "subject"), "participants",
                     ("participants", "winners", "prize_winners", "success_pct"), sensitive=False),
}
#: columns summed up the territory for each table (``score_sum`` = Σ mean_score × participants)
COUNTS = {
    "ege": ("participants", "score_sum", "below_min", "ge70", "ge80", "ge90", "score100"),
    "oge": ("participants", "mark2", "mark3", "mark4", "mark5"),
    "vpr": ("participants", "mark2", "mark3", "mark4", "mark5", "lowered", "confirmed", "raised"),
    "olympiad": ("participants", "winners", "prize_winners"),
}
KEYS = ["entity_type", "entity_id"]


def cells(dataset: Dataset, entities: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Internal (unsuppressed) count cells of every procedure for organisations, municipalities and regions."""
    tables = {}
    for name, spec in SPECS.items():
        raw = dataset.tables.get(name)
        if raw is None:
            continue
        raw = raw.copy()
        if name == "ege":
            raw["score_sum"] = raw["mean_score"].astype("Float64") * raw["participants"].astype("Float64")
        group = [column for column in spec.group]
        counts = list(COUNTS[name])
        frames = [raw.rename(columns={"org_id": "entity_id"}).assign(entity_type="organisation")[[*KEYS, *group, *counts]]]
        # every ancestor directly (not level by level: a municipality holds organisations of any depth)
        above = ancestors(entities)
        link = frames[0].astype({"entity_id": "string"}).merge(above, on=KEYS)
        if not link.empty:
            frames.append(link.groupby(["parent_type", "parent_id", *group], sort=True)[counts].sum().reset_index()
                          .rename(columns={"parent_type": "entity_type", "parent_id": "entity_id"}))
        table = pd.concat(frames, ignore_index=True)
        for column in counts:
            table[column] = table[column].astype("Float64")
        table = table[table["participants"] > 0]
        tables[name] = table.sort_values([*KEYS, *group]).reset_index(drop=True)
    return tables


def _pct(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (100 * part / whole.where(whole > 0)).astype("Float64")


def publish(tables: dict[str, pd.DataFrame], states: dict[str, pd.Series]) -> dict[str, pd.DataFrame]:
    """The published tables: shares and means formed from the counts, hidden rows blanked."""
    published = {}
    for name, table in tables.items():
        spec = SPECS[name]
        n = table["participants"]
        out = table[[*KEYS, *spec.group]].copy()
        out["participants"] = n
        if name == "ege":
            out["mean_score"] = (table["score_sum"] / n).astype("Float64")
            for column in ("below_min", "ge70", "ge80", "ge90"):
                out[f"{column}_pct"] = _pct(table[column], n)
            out["score100"] = table["score100"]
        elif name in ("oge", "vpr"):
            for mark in (2, 3, 4, 5):
                out[f"mark{mark}_pct"] = _pct(table[f"mark{mark}"], n)
            out["success_pct"] = _pct(table["mark3"] + table["mark4"] + table["mark5"], n)
            out["quality_pct"] = _pct(table["mark4"] + table["mark5"], n)
            marks = 2 * table["mark2"] + 3 * table["mark3"] + 4 * table["mark4"] + 5 * table["mark5"]
            out["mean_mark"] = (marks / n).astype("Float64")
            if name == "vpr":
                for column in ("lowered", "confirmed", "raised"):
                    out[f"{column}_pct"] = _pct(table[column], n)
        else:
            out["winners"] = table["winners"]
            out["prize_winners"] = table["prize_winners"]
            out["success_pct"] = _pct(table["winners"] + table["prize_winners"], n)
        state = states[name]
        out["suppression"] = state.to_numpy()
        out["suppressed"] = out["suppression"].notna()
        for column in spec.measures:
            out.loc[out["suppressed"], column] = pd.NA
        out["year"] = out["year"].astype("Int64")
        published[name] = out.reset_index(drop=True)
    return published
