"""The territory tree below the municipalities: no cycles, kinds in order, one municipality per branch.

An unknown parent or territory is a broken foreign key and is reported by ``references``; this module checks
what a foreign key cannot: that the chain of parents ends (no territory inside itself), that a territory lies
only inside one of a higher kind (a district inside an okrug, never the other way round), and that a
territory, its parent and the organisations in it all belong to the same municipality.
"""

from __future__ import annotations

import pandas as pd

from ..territories import KINDS, kind_title
from .problems import Problem, make_problem
from .structure import Table, pick

ORDER = "; ".join(f"{rank} — " + ", ".join(kind.title for kind in KINDS.values() if kind.rank == rank)
                  for rank in sorted({kind.rank for kind in KINDS.values()}))


def check_territories(tables: dict[str, Table | None]) -> list[Problem]:
    territories = pick(tables, "territories", "territory_id", "kind", "oktmo", "parent_id")
    links = pick(tables, "organisation_territories", "org_id", "territory_id")
    problems: list[Problem] = []
    if territories is None:
        # a links file beside no territories file at all (one that is there but unreadable has its own problem)
        if links is not None and not links.typed.empty and not (links.resource.path.parent / "territories.csv").is_file():
            problems.append(make_problem("territories-missing", file=links.file, row=1,
                                         name=f"{links.resource.package}/territories.csv"))
        return problems
    frame = territories.typed
    known = frame.dropna(subset=["territory_id"]).drop_duplicates("territory_id").set_index("territory_id")
    parents = {str(t): (None if pd.isna(p) else str(p)) for t, p in known["parent_id"].items()}
    reported: set[str] = set()
    for row in frame.index:
        territory = frame.at[row, "territory_id"]
        if pd.isna(territory):
            continue
        territory = str(territory)
        path = [territory]
        while (parent := parents.get(path[-1])) is not None and parent in parents:
            if parent in path:
                cycle = path[path.index(parent):] + [parent]
                if not reported.intersection(cycle):
                    problems.append(make_problem(
                        "territory-cycle", file=territories.file, row=int(row), column="parent_id",
                        column_title=territories.title("parent_id"), value=territory, path=" → ".join(cycle)))
                reported.update(cycle)
                break
            path.append(parent)
        parent = parents.get(territory)
        if parent is None or parent not in known.index:
            continue  # directly in the municipality, or an unknown parent (a broken reference)
        kind, parent_kind = KINDS.get(str(frame.at[row, "kind"])), KINDS.get(str(known.at[parent, "kind"]))
        if kind is not None and parent_kind is not None and kind.rank <= parent_kind.rank:
            problems.append(make_problem(
                "territory-kind-order", file=territories.file, row=int(row), column="kind",
                column_title=territories.title("kind"), value=territory, kind=kind_title(frame.at[row, "kind"]),
                parent=parent, parent_kind=kind_title(known.at[parent, "kind"]), order=ORDER))
        if str(frame.at[row, "oktmo"]) != str(known.at[parent, "oktmo"]):
            problems.append(make_problem(
                "territory-municipality", file=territories.file, row=int(row), column="oktmo",
                column_title=territories.title("oktmo"), value=territory, what="территория",
                oktmo=frame.at[row, "oktmo"], parent=parent, parent_oktmo=known.at[parent, "oktmo"]))
    organisations = pick(tables, "organisations", "org_id", "oktmo")
    if links is not None and organisations is not None:
        oktmo_of = organisations.typed.dropna(subset=["org_id"]).drop_duplicates("org_id").set_index("org_id")["oktmo"]
        for row in links.typed.index:
            org, territory = links.typed.at[row, "org_id"], links.typed.at[row, "territory_id"]
            if pd.isna(org) or pd.isna(territory) or org not in oktmo_of.index or territory not in known.index:
                continue
            if str(oktmo_of[org]) != str(known.at[territory, "oktmo"]):
                problems.append(make_problem(
                    "territory-municipality", file=links.file, row=int(row), column="territory_id",
                    column_title=links.title("territory_id"), value=org, what="организация",
                    oktmo=oktmo_of[org], parent=territory, parent_oktmo=known.at[territory, "oktmo"]))
    return problems
