"""The territories below a municipality: their kinds, their order, and the chain from an organisation upwards.

A federal city has administrative okrugs and their districts, a municipal district its settlements, a
municipal okrug its territorial divisions. All of them are optional rows of ``registry/territories``; an
organisation names its lowest territory in ``registry/organisation_territories``. The region above the
municipality is not a territory row: it comes from the municipalities table (``region``, ``region_code``).

One module for the validator, the analytics and the pages, so that the order of kinds is the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Kind:
    """A kind of territory: its rank (a territory lies only inside one of a smaller rank; the municipality is 0)
    and its Russian names."""

    rank: int
    title: str
    plural: str


KINDS: dict[str, Kind] = {
    "administrative_okrug": Kind(1, "административный округ", "административные округа"),
    "territorial_division": Kind(1, "территориальный отдел", "территориальные отделы"),
    "city_district": Kind(2, "район", "районы"),
    "intracity_municipality": Kind(2, "внутригородское муниципальное образование", "внутригородские муниципальные образования"),
    "urban_settlement": Kind(2, "городское поселение", "городские поселения"),
    "rural_settlement": Kind(2, "сельское поселение", "сельские поселения"),
}
#: the municipality's own kinds, for the pages (``municipalities.kind``)
MUNICIPALITY_KINDS = {
    "municipal_district": "муниципальный район",
    "municipal_okrug": "муниципальный округ",
    "urban_okrug": "городской округ",
    "federal_city": "город федерального значения",
}


def kind_title(kind: object) -> str:
    """The Russian name of a territory's kind (the code itself when unknown — the validator reports that)."""
    found = KINDS.get(str(kind))
    return found.title if found else str(kind)


def territory_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The territories (``territory_id``, ``name``, ``kind``, ``oktmo``, ``parent_id``, ``territory_oktmo``), empty
    when the project has none."""
    frame = tables.get("territories")
    if frame is None:
        return pd.DataFrame(columns=["territory_id", "name", "kind", "oktmo", "parent_id", "territory_oktmo"], dtype="string")
    return frame


def organisation_territory(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """org_id → its lowest territory (only the organisations that name one)."""
    frame = tables.get("organisation_territories")
    if frame is None or frame.empty:
        return pd.Series(dtype="string")
    return frame.set_index("org_id")["territory_id"].astype("string")


def chain(territory: str, parents: dict[str, str | None]) -> list[str]:
    """``territory`` and every territory above it, lowest first (stops at a cycle; the validator reports it)."""
    found = [territory]
    while (parent := parents.get(found[-1])) and parent not in found:
        found.append(parent)
    return found


def territory_members(entity_table: pd.DataFrame) -> pd.DataFrame:
    """(``org_id``, ``territory_id``) for every territory an organisation lies in, at any depth."""
    rows = entity_table[entity_table["entity_type"] == "territory"]
    parents = {str(t): (str(p) if k == "territory" else None)
               for t, k, p in rows[["entity_id", "parent_type", "parent_id"]].itertuples(index=False, name=None)}
    orgs = entity_table[(entity_table["entity_type"] == "organisation") & (entity_table["parent_type"] == "territory")]
    pairs = [(str(org), territory) for org, lowest in orgs[["entity_id", "parent_id"]].itertuples(index=False, name=None)
             for territory in chain(str(lowest), parents)]
    return pd.DataFrame(pairs, columns=["org_id", "territory_id"], dtype="string")


def ancestors(entity_table: pd.DataFrame) -> pd.DataFrame:
    """(``entity_type``, ``entity_id``, ``parent_type``, ``parent_id``) for every organisation and every entity
    above it at any depth — its lowest territory, the territories above, the municipality, the region — so
    that a sum over an organisation's ancestors counts it once at every level, however deep its branch."""
    links = entity_table.dropna(subset=["parent_id"])
    parent = {(str(k), str(i)): (str(pk), str(pi)) for k, i, pk, pi in
              links[["entity_type", "entity_id", "parent_type", "parent_id"]].itertuples(index=False, name=None)}
    rows = []
    for org in entity_table.loc[entity_table["entity_type"] == "organisation", "entity_id"].astype(str):
        node, seen = ("organisation", org), set()
        while (node := parent.get(node)) is not None and node not in seen:
            seen.add(node)
            rows.append(("organisation", org, *node))
    return pd.DataFrame(rows, columns=["entity_type", "entity_id", "parent_type", "parent_id"], dtype="string")
