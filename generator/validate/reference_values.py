"""Reference values (region, Russia, control sample) in the catalogue's unit: a share is a per cent, 0 to 100."""

from __future__ import annotations

from .problems import Problem, make_problem
from .structure import Table, pick


def check_reference_values(tables: dict[str, Table | None]) -> list[Problem]:
    references = pick(tables, "reference_values", "indicator", "value")
    catalogue = pick(tables, "indicators", "code", "aggregation")
    if references is None or catalogue is None:
        return []
    aggregation = catalogue.typed.drop_duplicates("code").set_index("code")["aggregation"]
    frame = references.typed
    shares = frame["indicator"].map(aggregation).eq("share").fillna(False).astype(bool)
    over = shares & (frame["value"].astype("Float64") > 100).fillna(False).astype(bool)
    return [make_problem("share-range", file=references.file, row=int(row), column="value",
                         column_title=references.title("value"), value=references.raw.loc[row, "value"])
            for row in frame.index[over.to_numpy()] if (row, "value") not in references.flagged]
