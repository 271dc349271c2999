"""Sum numerators and denominators up the territory and form every value the same way.

A municipality's share is Σ numerators / Σ denominators over its organisations — never the mean of their
percentages (a school of 10 pupils must not weigh as much as one of 1 000). The same holds at every level of
the optional territories below the municipality (``generator.territories``: an okrug is the sum of its
organisations, whichever district they are in). Region rows are produced only when the registry has several
municipalities; with one, the «region» would only repeat the municipality.
"""

from __future__ import annotations

import pandas as pd

from ..load import Dataset
from ..territories import organisation_territory, territory_members, territory_table

VALUE_KEYS = ["indicator", "entity_type", "entity_id", "year"]


def entities(dataset: Dataset) -> pd.DataFrame:
    """Every entity with its parent: organisation → its lowest territory, if it names one → … → municipality →
    region when there are several municipalities. ``kind`` is the territory's or municipality's kind."""
    orgs = dataset["organisations"]
    munis = dataset["municipalities"]
    several = len(munis) > 1
    region_of = munis.set_index("oktmo")["region_code"]
    territories = territory_table(dataset.tables)
    known = set(territories["territory_id"].astype(str))
    lowest = organisation_territory(dataset.tables)
    lowest = lowest[lowest.isin(known)]
    in_territory = orgs["org_id"].isin(lowest.index)
    org_rows = pd.DataFrame({
        "entity_type": "organisation",
        "entity_id": orgs["org_id"],
        "name": orgs["short_name"],
        "parent_type": pd.Series("municipality", index=orgs.index).where(~in_territory, "territory"),
        "parent_id": orgs["oktmo"].astype("string").where(~in_territory, orgs["org_id"].map(lowest).astype("string")),
        "oktmo": orgs["oktmo"],
        "region_code": orgs["oktmo"].map(region_of),
        "kind": orgs["kind"],
    })
    has_parent = territories["parent_id"].notna() & territories["parent_id"].isin(known)
    territory_rows = pd.DataFrame({
        "entity_type": "territory",
        "entity_id": territories["territory_id"],
        "name": territories["name"],
        "parent_type": pd.Series("municipality", index=territories.index).where(~has_parent, "territory"),
        "parent_id": territories["oktmo"].astype("string").where(~has_parent, territories["parent_id"].astype("string")),
        "oktmo": territories["oktmo"],
        "region_code": territories["oktmo"].map(region_of),
        "kind": territories["kind"],
    })
    muni_rows = pd.DataFrame({
        "entity_type": "municipality",
        "entity_id": munis["oktmo"],
        "name": munis["name"],
        "parent_type": "region" if several else pd.NA,
        "parent_id": munis["region_code"] if several else pd.NA,
        "oktmo": munis["oktmo"],
        "region_code": munis["region_code"],
        "kind": munis["kind"],
    })
    frames = [org_rows, territory_rows, muni_rows]
    if several:
        regions = munis.drop_duplicates("region_code")
        frames.append(pd.DataFrame({
            "entity_type": "region",
            "entity_id": regions["region_code"],
            "name": regions["region"],
            "parent_type": pd.NA,
            "parent_id": pd.NA,
            "oktmo": pd.NA,
            "region_code": regions["region_code"],
            "kind": "region",
        }))
    table = pd.concat([frame for frame in frames if not frame.empty], ignore_index=True)
    return table.astype("string")


def form_value(frame: pd.DataFrame, aggregation: pd.Series) -> pd.Series:
    """The value from the sums: ×100 for shares, the ratio for means and ratios, the numerator for sums."""
    numerator = frame["numerator"].astype("Float64")
    denominator = frame["denominator"].astype("Float64")
    safe = denominator.where(denominator > 0)
    value = numerator / safe
    value = value.where(aggregation != "share", value * 100)
    value = value.where(aggregation != "sum", numerator)
    return value.astype("Float64")


def _roll_up(frame: pd.DataFrame, parent_of: pd.Series | None, entity_type: str) -> pd.DataFrame:
    """Σ numerator and Σ denominator per parent (``parent_of``: entity → parent; ``None``: the rows already
    carry the parent's id)."""
    rows = frame if parent_of is None else frame.assign(entity_id=frame["entity_id"].map(parent_of))
    rows = rows.dropna(subset=["entity_id"])
    sums = rows.groupby(["indicator", "entity_id", "year"], sort=True)[["numerator", "denominator"]].sum(min_count=1)
    sums = sums.reset_index()
    sums.insert(1, "entity_type", entity_type)
    return sums


def aggregate(org_sums: pd.DataFrame, muni_reported: pd.DataFrame, catalogue: pd.DataFrame,
              entity_table: pd.DataFrame) -> pd.DataFrame:
    """Internal (unsuppressed) values of every entity: ``VALUE_KEYS + numerator, denominator, value``."""
    orgs = entity_table.loc[entity_table["entity_type"] == "organisation"]
    known_orgs = orgs.set_index("entity_id")["oktmo"]
    known_munis = entity_table.loc[entity_table["entity_type"] == "municipality"].set_index("entity_id")["parent_id"]
    org = org_sums.rename(columns={"org_id": "entity_id"})
    org = org[org["entity_id"].isin(known_orgs.index)]
    org.insert(1, "entity_type", "organisation")
    muni_from_orgs = _roll_up(org, known_orgs, "municipality")
    muni = muni_reported.rename(columns={"oktmo": "entity_id"})
    muni = muni[muni["entity_id"].isin(known_munis.index)]
    muni.insert(1, "entity_type", "municipality")
    munis = pd.concat([muni_from_orgs, muni], ignore_index=True)
    members = territory_members(entity_table)
    territories = org.merge(members.rename(columns={"org_id": "entity_id"}), on="entity_id")
    territories = _roll_up(territories.drop(columns="entity_id").rename(columns={"territory_id": "entity_id"}),
                           None, "territory")
    frames = [org, territories, munis]
    if known_munis.notna().any():
        frames.append(_roll_up(munis, known_munis.dropna(), "region"))
    table = pd.concat(frames, ignore_index=True)
    aggregation = table["indicator"].map(catalogue.set_index("code")["aggregation"])
    table["value"] = form_value(table, aggregation)
    if "reported_value" in table:
        table["value"] = table["value"].fillna(table["reported_value"].astype("Float64"))
    table = table.dropna(subset=["value"])
    table["year"] = table["year"].astype("Int64")
    for column in ("indicator", "entity_type", "entity_id"):
        table[column] = table[column].astype("string")
    return table[VALUE_KEYS + ["numerator", "denominator", "value"]].sort_values(VALUE_KEYS).reset_index(drop=True)
