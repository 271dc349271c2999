"""Identification of schools with low results (ШНОР) — a transparent rule over several procedures and years.

For each procedure p in ``shnor.procedures`` the schools that have a value of its metric ``shnor.metrics[p]`` in
year Y are ranked (within the municipality, or the whole build with ``shnor.scope: region``); the bottom
k = ⌈``bottom_share`` × n⌉ of them, ties at the boundary included, are «low in p in Y». A school is «low in Y» when it
is low in at least ``min_procedures`` procedures, and it is identified as ШНОР in Y when it was low in each of the
``consecutive_years`` years ending with Y (so the first year of the data has no list). The rule reads the
unsuppressed values: a small school is ranked like any other, and only the decision (not the value) is published.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import Config
from ..load import Dataset


def low_flags(dataset: Dataset, internal: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Per school and year: ``low_<procedure>`` (True/False, <NA> without a value), ``low_count`` and ``low``."""
    rule = config.shnor
    orgs = dataset["organisations"]
    schools = orgs.loc[orgs["kind"] == "school", ["org_id", "oktmo"]]
    polarity = dataset["indicators"].set_index("code")["polarity"]
    frames = []
    for procedure in rule.procedures:
        code = rule.metrics[procedure]
        rows = internal[(internal["indicator"] == code) & (internal["entity_type"] == "organisation")]
        rows = rows.merge(schools, left_on="entity_id", right_on="org_id")[["org_id", "oktmo", "year", "value"]]
        if rows.empty:
            continue
        rows["scope"] = rows["oktmo"] if rule.scope == "municipality" else "all"
        score = rows["value"].astype(float)
        if polarity.get(code) == "lower_better":
            score = -score
        rows["score"] = score
        group = rows.groupby(["scope", "year"])["score"]
        n = group.transform("size")
        k = np.ceil(np.round(rule.bottom_share * n.astype(float), 9)).astype(int).clip(lower=1)
        ordered = rows.sort_values(["scope", "year", "score"])
        ordered["position"] = ordered.groupby(["scope", "year"]).cumcount() + 1
        cut = ordered[ordered["position"] == k.loc[ordered.index]][["scope", "year", "score"]].rename(
            columns={"score": "cut"})
        rows = rows.merge(cut, on=["scope", "year"])
        rows[f"low_{procedure}"] = rows["score"] <= rows["cut"]
        frames.append(rows.set_index(["org_id", "year"])[[f"low_{procedure}"]])
    if not frames:
        return pd.DataFrame(columns=["org_id", "year", "low_count", "low"])
    table = pd.concat(frames, axis=1).astype("boolean")
    for procedure in rule.procedures:
        if f"low_{procedure}" not in table:
            table[f"low_{procedure}"] = pd.array([pd.NA] * len(table), dtype="boolean")
    table["low_count"] = table[[f"low_{p}" for p in rule.procedures]].fillna(False).astype(int).sum(axis=1)
    table["low"] = table["low_count"] >= rule.min_procedures
    table = table.reset_index()
    table["year"] = table["year"].astype("Int64")
    return table.sort_values(["year", "org_id"]).reset_index(drop=True)


def identify(flags: pd.DataFrame, years: list[int], config: Config) -> pd.DataFrame:
    """The ШНОР list: ``org_id, year, status`` (``identified`` | ``left``), ``entered`` (first year of a run)."""
    span = config.shnor.consecutive_years
    low = flags.loc[flags["low"], ["org_id", "year"]].assign(low=True)
    low_set = low.set_index(["org_id", "year"])["low"]
    candidates = low[low["year"].isin([y for y in years if y - span + 1 >= min(years, default=0)])]
    keep = pd.Series(True, index=candidates.index)
    for back in range(1, span):
        index = pd.MultiIndex.from_arrays([candidates["org_id"], candidates["year"] - back])
        keep &= pd.Series(low_set.reindex(index).fillna(False).to_numpy(), index=candidates.index).astype(bool)
    listed = candidates.loc[keep, ["org_id", "year"]].reset_index(drop=True)
    listed_set = set(zip(listed["org_id"], listed["year"], strict=True))
    listed["entered"] = [(org, year - 1) not in listed_set for org, year in zip(listed["org_id"], listed["year"], strict=True)]
    listed["status"] = "identified"
    left = listed.assign(year=listed["year"] + 1)
    left = left[left["year"].isin(years)]
    left = left[[(org, year) not in listed_set for org, year in zip(left["org_id"], left["year"], strict=True)]]
    left = left.assign(status="left", entered=False)
    table = pd.concat([listed, left], ignore_index=True)
    table["year"] = table["year"].astype("Int64")
    table["entered"] = table["entered"].astype(bool)
    return table[["org_id", "year", "status", "entered"]].sort_values(["year", "status", "org_id"]).reset_index(drop=True)


#: the procedures' names in the texts that say which data are missing
PROCEDURE_NAMES = {"ege": "ЕГЭ", "oge": "ОГЭ", "vpr": "ВПР"}


def coverage(flags: pd.DataFrame, years: list[int], config: Config) -> pd.DataFrame:
    """Per year: whether the list can be computed at all, and if not, which data it lacks.

    A year's list needs a value of the metric for some school in at least ``min_procedures`` procedures in each
    of the ``consecutive_years`` years ending with it. Without them the rule has nothing to rank: the list is
    «cannot be computed», never «0 schools». Columns: ``year``, ``procedures`` (those with data in that year,
    comma-separated codes), ``computable``, ``lacking`` (a Russian phrase: «нет данных ЕГЭ, ОГЭ за 2023/24»)."""
    rule = config.shnor
    with_data: dict[int, list[str]] = {}
    for year in years:
        rows = flags[flags["year"] == year] if "year" in flags else flags.iloc[0:0]
        with_data[year] = [p for p in rule.procedures if f"low_{p}" in rows and rows[f"low_{p}"].notna().any()]
    records = []
    first = min(years, default=0)
    for year in years:
        span = [y for y in range(year - rule.consecutive_years + 1, year + 1)]
        short = [y for y in span if y < first or len(with_data.get(y, [])) < rule.min_procedures]
        lacking = ""
        if short:
            parts = []
            for y in short:
                missing = [PROCEDURE_NAMES.get(p, p) for p in rule.procedures if p not in with_data.get(y, [])]
                label = f"{y - 1}/{str(y)[-2:]}"
                parts.append(f"нет данных {', '.join(missing)} за {label}" if y >= first else f"нет данных за {label}")
            lacking = "; ".join(parts)
        records.append({"year": year, "procedures": ",".join(with_data[year]), "computable": not short,
                        "lacking": lacking})
    frame = pd.DataFrame(records, columns=["year", "procedures", "computable", "lacking"])
    frame["year"] = frame["year"].astype("Int64")
    return frame


def movement(table: pd.DataFrame, years: list[int], config: Config, flags: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per year from the first year a list can exist: ``identified``, ``entered``, ``left``; with ``flags``,
    also ``computable`` and ``lacking`` (see ``coverage``), and the counts are <NA> in a year whose list
    cannot be computed — nothing was ranked, so «0 в перечне» would be false."""
    first = min(years, default=0) + config.shnor.consecutive_years - 1
    rows = pd.DataFrame({"year": pd.array([y for y in years if y >= first], dtype="Int64")})
    listed = table[table["status"] == "identified"]
    rows["identified"] = rows["year"].map(listed.groupby("year").size()).fillna(0).astype(int)
    rows["entered"] = rows["year"].map(listed[listed["entered"]].groupby("year").size()).fillna(0).astype(int)
    rows["left"] = rows["year"].map(table[table["status"] == "left"].groupby("year").size()).fillna(0).astype(int)
    if flags is not None:
        covered = coverage(flags, years, config).set_index("year")
        rows["computable"] = rows["year"].map(covered["computable"]).fillna(False).astype(bool)
        rows["lacking"] = rows["year"].map(covered["lacking"]).fillna("").astype("string")
        for column in ("identified", "entered", "left"):
            rows[column] = rows[column].astype("Int64").where(rows["computable"])
    return rows


def dynamics(table: pd.DataFrame, published: pd.DataFrame, config: Config) -> pd.DataFrame:
    """For each school ever identified, every year: its published ШНОР metrics beside the municipal ones."""
    ever = table.loc[table["status"] == "identified", "org_id"].unique()
    codes = list(dict.fromkeys(config.shnor.metrics[p] for p in config.shnor.procedures))
    rows = published[(published["entity_type"] == "organisation") & published["entity_id"].isin(ever)
                     & published["indicator"].isin(codes)]
    out = rows[["entity_id", "year", "indicator", "value", "municipal_value", "suppressed"]].rename(
        columns={"entity_id": "org_id"})
    listed = table[table["status"] == "identified"].set_index(["org_id", "year"]).index
    out["on_list"] = pd.MultiIndex.from_frame(out[["org_id", "year"]]).isin(listed)
    return out.sort_values(["org_id", "indicator", "year"]).reset_index(drop=True)
